# declared_blocked_tick.py - every tick blocks in time.sleep(0.3) before its update, and each
# report records its count and the instant it was made: reports fall due while a tick blocks.
import time

from ahead_base import EnterpriseProgressTracker as Base, ProgressUpdateTask as BaseTask


class EnterpriseProgressTracker(Base):
    def update_work_progress(self, done):
        self.extra += "u%d@%d;" % (done, int(time.time() * 1000) % 100000)


class ProgressUpdateTask(BaseTask):
    async def tick(self):
        time.sleep(0.3)
        await self.tracker.update()
