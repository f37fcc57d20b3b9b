# ahead_base.py - a minimal tracker for the running-ahead fixtures beside it: each tick
# writes the progress key and publishes; messages carry the tick count, the virtual time and
# `extra` (what a fixture read).
import asyncio
import json
import time


class EnterpriseProgressTracker:
    def __init__(self, job_id, estimated_total_seconds, redis_client):
        self.job_id = job_id
        self.r = redis_client
        self.key = "progress:job:%s" % job_id
        self.channel = "progress:%s" % job_id
        self.stage = "load_data"
        self.stage_items_total = 0
        self.last_progress = 0
        self.n = 0
        self.extra = ""

    def set_stage(self, name, total=0):
        self.stage = name

    def update_work_progress(self, done):
        pass

    def mark_stage_complete(self):
        pass

    def msg(self, status="running"):
        return json.dumps({"job_id": self.job_id, "status": status, "stage": self.stage, "progress": self.last_progress,
                           "n": self.n, "t": int(time.time() * 1000), "extra": self.extra})

    async def update(self, force_progress=None):
        self.n += 1
        m = self.msg()
        self.r.setex(self.key, 3600, m)
        self.r.publish(self.channel, m)

    async def complete(self):
        m = self.msg("completed")
        self.r.setex(self.key, 3600, m)
        self.r.publish(self.channel, m)

    async def fail(self, message):
        self.r.setex(self.key, 3600, self.msg("failed"))


class ProgressUpdateTask:
    TICK = 0.5

    def __init__(self, tracker):
        self.tracker = tracker
        self._task = None

    async def start(self):
        if self._task is None:
            self._task = asyncio.create_task(self._loop())

    async def stop(self):
        if self._task is not None and not self._task.done():
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass

    async def tick(self):
        await self.tracker.update()

    async def _loop(self):
        while True:
            await self.tick()
            await asyncio.sleep(self.TICK)


class HeartbeatTask(ProgressUpdateTask):
    """The loop plus a heartbeat task that outlives stop(): every PERIOD s, and once LATE s have passed
    since stop() it calls late() (which a fixture makes misbehave)."""

    PERIOD = 0.5
    LATE = 3.0

    async def start(self):
        self.stopped_at = None
        self.heartbeat = asyncio.create_task(self._heartbeat())
        await ProgressUpdateTask.start(self)

    async def _heartbeat(self):
        while True:
            await asyncio.sleep(self.PERIOD)
            if self.stopped_at is not None and time.time() - self.stopped_at >= self.LATE:
                self.late()

    def late(self):
        pass

    async def stop(self):
        if self.stopped_at is None:
            self.stopped_at = time.time()
        await ProgressUpdateTask.stop(self)
