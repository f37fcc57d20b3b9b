# spins_after_end.py - after stop(), a 0.1 s heartbeat spins for ever 2.5 s later: past the run's
# end. The run must complete, and its end must not wait on the spinning process for ever.
from ahead_base import EnterpriseProgressTracker, HeartbeatTask  # noqa: F401


class ProgressUpdateTask(HeartbeatTask):
    PERIOD = 0.1
    LATE = 2.5

    def late(self):
        while True:
            pass
