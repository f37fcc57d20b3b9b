# stale_snapshot.py - the loop reads a key it has only read so far, then writes it once (tick 4):
# every later tick must see the write, also while the loop runs ahead.
from ahead_base import EnterpriseProgressTracker, ProgressUpdateTask as BaseTask  # noqa: F401


class ProgressUpdateTask(BaseTask):
    async def tick(self):
        t = self.tracker
        t.extra = str(t.r.get("x:" + t.job_id))
        if t.n == 4:
            t.r.set("x:" + t.job_id, "written")
        await t.update()
