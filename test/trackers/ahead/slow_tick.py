# slow_tick.py - each tick takes 0.3 s of wall-clock time (a slow computation; here a real
# select() wait, no CPU). Ticks run ahead must still reach etasim often enough for its watchdog.
import select

from ahead_base import EnterpriseProgressTracker, ProgressUpdateTask as BaseTask  # noqa: F401


class ProgressUpdateTask(BaseTask):
    async def tick(self):
        select.select([], [], [], 0.3)
        await self.tracker.update()
