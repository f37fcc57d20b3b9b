# spin_once.py - spins for ever in its 12th tick while the file named by $ETASIM_TEST_SPIN_ONCE
# exists (it removes it first): the watchdog kills the adapter, and the next run needs a new one.
import os

from ahead_base import EnterpriseProgressTracker, ProgressUpdateTask as BaseTask  # noqa: F401

FLAG = os.environ.get("ETASIM_TEST_SPIN_ONCE", "")


class ProgressUpdateTask(BaseTask):
    async def tick(self):
        await self.tracker.update()
        if self.tracker.n == 12 and FLAG and os.path.exists(FLAG):
            os.remove(FLAG)
            while True:
                pass
