# readback.py - each tick reads back its own progress key (a key it writes: never sent along
# with advance, so every tick's read is a blocking round trip).
from ahead_base import EnterpriseProgressTracker, ProgressUpdateTask as BaseTask  # noqa: F401


class ProgressUpdateTask(BaseTask):
    async def tick(self):
        t = self.tracker
        t.extra = (t.r.get(t.key) or "")[-30:]
        await t.update()
