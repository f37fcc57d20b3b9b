# hostile/raises.py - port.py whose update() raises ValueError from its 7th call.
# Verdict: called by the loop, the loop task dies with an exception nobody
# retrieved: fatal ValueError at the line marked below. Called directly by
# etasim (call update), the call's done entry is ok:false with that error.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from port import EnterpriseProgressTracker as PortTracker, ProgressUpdateTask  # noqa: E402,F401


class EnterpriseProgressTracker(PortTracker):
    updates = 0

    async def update(self, message=None, force_progress=None):
        self.updates += 1
        if self.updates >= 7:
            raise ValueError("progress went sideways at update %d" % self.updates)  # RAISE HERE
        await PortTracker.update(self, message, force_progress)
