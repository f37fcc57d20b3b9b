# declared_reads_progress.py - reads the shared progress key (which legacy writers overwrite) to
# show what the page shows, and writes its own state to a key of its own: it never writes the
# progress key, so that key looks read-only to etasim.
import json

from ahead_base import EnterpriseProgressTracker as Base, ProgressUpdateTask  # noqa: F401


class EnterpriseProgressTracker(Base):
    def __init__(self, job_id, estimated_total_seconds, redis_client):
        Base.__init__(self, job_id, estimated_total_seconds, redis_client)
        self.shared_key = self.key
        self.key = "mine:job:%s" % job_id

    async def update(self, force_progress=None):
        seen = self.r.get(self.shared_key)
        self.extra = "seen %s" % (None if seen is None else json.loads(seen).get("progress"))
        await Base.update(self, force_progress)
