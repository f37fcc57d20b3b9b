# sleep_reread.py - every fourth tick reads the cancel key, blocks in time.sleep(1) (the run moves:
# the cancel flag may be written meanwhile), then reads the key again: the second read must see now.
import time

from ahead_base import EnterpriseProgressTracker, ProgressUpdateTask as BaseTask  # noqa: F401


class ProgressUpdateTask(BaseTask):
    async def tick(self):
        t = self.tracker
        key = "cancel:job:%s" % t.job_id
        before = t.r.get(key)
        if t.n % 4 == 3:
            time.sleep(1.0)
        t.extra = "%s/%s" % (before, t.r.get(key))
        await t.update()
