# hostile/threads.py - port.py whose loop start() also starts a heartbeat
# thread (real trackers must not: etasim runs the tracker on one thread).
# Verdict: fatal TrackerThreadError at the line marked below; the thread is
# refused, never started.
import threading
import time

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from port import EnterpriseProgressTracker as PortTracker, ProgressUpdateTask  # noqa: E402,F401

EnterpriseProgressTracker = PortTracker


def heartbeat():
    while True:
        time.sleep(1)


class ProgressUpdateTask(ProgressUpdateTask):
    async def start(self):
        threading.Thread(target=heartbeat, daemon=True).start()  # THREAD STARTED HERE
        await super().start()
