# hostile/never_yields.py - port.py whose 3rd update() spins for ever
# without awaiting (while True: pass).
# Verdict: the adapter cannot interrupt it; etasim's wall-clock watchdog
# (10 s without a message) kills the process and fails the run with
# "tracker did not yield for 10 s of wall-clock time".
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from port import EnterpriseProgressTracker as PortTracker, ProgressUpdateTask  # noqa: E402,F401


class EnterpriseProgressTracker(PortTracker):
    updates = 0

    async def update(self, message=None, force_progress=None):
        self.updates += 1
        if self.updates >= 3:
            while True:  # NEVER YIELDS HERE
                pass
        await PortTracker.update(self, message, force_progress)
