# sleep_tick.py - every tick blocks in time.sleep(0.2) before its update (a "let Redis breathe"
# pause): the loop's wake and the saga's calls meet a tracker that is blocked.
import time

from ahead_base import EnterpriseProgressTracker, ProgressUpdateTask as BaseTask  # noqa: F401


class ProgressUpdateTask(BaseTask):
    async def tick(self):
        time.sleep(0.2)
        await self.tracker.update()
