# hostile/busy_loop.py - port.py whose loop start() also spawns a task that
# reschedules itself with asyncio.sleep(0) for ever, so the loop never idles.
# Verdict: fatal TrackerBusyLoop after 1,000,000 loop iterations, pointing at
# the line marked below.
import asyncio

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from port import EnterpriseProgressTracker as PortTracker, ProgressUpdateTask  # noqa: E402,F401

EnterpriseProgressTracker = PortTracker


async def spin():
    while True:
        await asyncio.sleep(0)  # BUSY HERE


class ProgressUpdateTask(ProgressUpdateTask):
    async def start(self):
        self.spinner = asyncio.create_task(spin())
        await super().start()
