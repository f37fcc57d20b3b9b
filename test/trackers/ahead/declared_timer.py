# declared_timer.py - update_work_progress debounces: a loop timer 50 ms later records when it ran.
# A timer one declared report sets must wait for the tick's advance, as in lockstep.
import asyncio
import time

from ahead_base import EnterpriseProgressTracker as Base, ProgressUpdateTask  # noqa: F401


class EnterpriseProgressTracker(Base):
    def update_work_progress(self, done):
        asyncio.get_event_loop().call_later(0.05, self._flush, done)

    def _flush(self, done):
        self.extra += "f%d@%d;" % (done, int(time.time() * 1000) % 100000)
