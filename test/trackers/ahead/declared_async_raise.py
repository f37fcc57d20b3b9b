# declared_async_raise.py - an async update_work_progress that raises at the fourth report.
from ahead_base import EnterpriseProgressTracker as Base, ProgressUpdateTask  # noqa: F401


class EnterpriseProgressTracker(Base):
    async def update_work_progress(self, done):
        if done == 4:
            raise ValueError("bad report %d" % done)
