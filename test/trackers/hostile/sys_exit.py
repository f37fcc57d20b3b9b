# hostile/sys_exit.py - port.py whose update() calls sys.exit() on its 5th call.
# Verdict: fatal SystemExit at the line marked below; the adapter keeps
# serving (the next run works).
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from port import EnterpriseProgressTracker as PortTracker, ProgressUpdateTask  # noqa: E402,F401


class EnterpriseProgressTracker(PortTracker):
    updates = 0

    async def update(self, message=None, force_progress=None):
        self.updates += 1
        if self.updates >= 5:
            sys.exit(3)  # SYS EXIT HERE
        await PortTracker.update(self, message, force_progress)
