# slow_pair.py - tick 10 takes 0.2 s of wall-clock time and tick 11 takes 0.85 s: each under a
# 1 s watchdog, together over it.
import select

from ahead_base import EnterpriseProgressTracker, ProgressUpdateTask as BaseTask  # noqa: F401


class ProgressUpdateTask(BaseTask):
    async def tick(self):
        n = self.tracker.n
        if n == 10:
            select.select([], [], [], 0.2)
        if n == 11:
            select.select([], [], [], 0.85)
        await self.tracker.update()
