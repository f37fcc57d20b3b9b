# hostile/no_tracker_class.py - compiles and imports, but defines no
# EnterpriseProgressTracker (it was renamed).
# Verdict: `load` answers load_error kind "class"; etasim exits 2.
import asyncio


class ProgressTracker:
    def __init__(self, job_id, estimated_total_seconds, redis_client):
        self.job_id = job_id


class ProgressUpdateTask:
    def __init__(self, tracker):
        self.tracker = tracker

    async def start(self):
        await asyncio.sleep(0)
