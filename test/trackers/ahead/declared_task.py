# declared_task.py - update_work_progress starts a task that sleeps 50 ms and records when it woke.
import asyncio
import time

from ahead_base import EnterpriseProgressTracker as Base, ProgressUpdateTask  # noqa: F401


class EnterpriseProgressTracker(Base):
    def update_work_progress(self, done):
        asyncio.ensure_future(self._later(done))

    async def _later(self, done):
        await asyncio.sleep(0.05)
        self.extra += "t%d@%d;" % (done, int(time.time() * 1000) % 100000)
