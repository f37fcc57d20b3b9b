# sleepy_stop.py - stop() blocks the loop with time.sleep(0.7) before cancelling (a "let the
# last update land" pause): the loop's wake fires while the tracker is blocked.
import time

from ahead_base import EnterpriseProgressTracker, ProgressUpdateTask as BaseTask  # noqa: F401


class ProgressUpdateTask(BaseTask):
    async def stop(self):
        time.sleep(0.7)
        await BaseTask.stop(self)
