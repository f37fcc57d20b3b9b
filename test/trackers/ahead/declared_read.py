# declared_read.py - update_work_progress reads its own progress key back (a key it writes, so
# never one etasim reads for it ahead of time): the reply comes at etasim's instant.
import time

from ahead_base import EnterpriseProgressTracker as Base, ProgressUpdateTask  # noqa: F401


class EnterpriseProgressTracker(Base):
    def update_work_progress(self, done):
        value = self.r.get(self.key)
        self.extra += "u%d@%d:%s;" % (done, int(time.time() * 1000) % 100000, None if value is None else len(value))
