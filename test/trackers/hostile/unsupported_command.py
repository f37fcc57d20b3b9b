# hostile/unsupported_command.py - port.py whose update() also HSETs a hash,
# a command the protocol does not carry; it catches the exception as real
# trackers catch Redis errors.
# Verdict: fatal UnsupportedRedisCommand naming 'hset', at the line marked
# below, even though the tracker swallows the exception; the run fails with
# that tracker_error.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from port import EnterpriseProgressTracker as PortTracker, ProgressUpdateTask  # noqa: E402,F401


class EnterpriseProgressTracker(PortTracker):
    async def update(self, message=None, force_progress=None):
        await PortTracker.update(self, message, force_progress)
        try:
            self.redis_client.hset("progress:hash:%s" % self.job_id, "progress", self.last_progress)  # HSET HERE
        except Exception:
            pass
