# late_fatal.py - a heartbeat task outlives stop() and dies 3 s after it: after the run's end,
# which the run never reaches. In lockstep the run completes; so must it when the loop runs ahead.
from ahead_base import EnterpriseProgressTracker, HeartbeatTask  # noqa: F401


class ProgressUpdateTask(HeartbeatTask):
    def late(self):
        raise RuntimeError("heartbeat gave up")
