# declared_sleep.py - update_work_progress blocks in time.sleep(0.05) and records when it returned.
import time

from ahead_base import EnterpriseProgressTracker as Base, ProgressUpdateTask  # noqa: F401


class EnterpriseProgressTracker(Base):
    def update_work_progress(self, done):
        time.sleep(0.05)
        self.extra += "u%d@%d;" % (done, int(time.time() * 1000) % 100000)
