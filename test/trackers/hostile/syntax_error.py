# hostile/syntax_error.py - a tracker file that does not compile.
# Verdict: `load` answers load_error kind "syntax" with the line and column
# below; etasim prints FILE:LINE:COL: message and exits 2 (bad input).
import asyncio


class EnterpriseProgressTracker:
    def __init__(self, job_id, estimated_total_seconds, redis_client):
        self.job_id = job_id

    def set_stage(self, name total_items=0):  # SYNTAX ERROR HERE
        pass


class ProgressUpdateTask:
    pass
