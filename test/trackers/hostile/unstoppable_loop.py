# hostile/unstoppable_loop.py - port.py whose loop swallows CancelledError and runs for ever.
# Must give: the run ends at the simulation's virtual-time limit with a reported
# failure (a SimulationBoundError), never a hang.
import asyncio
import json
import math
import time
from datetime import datetime, timedelta, timezone

KEY_TTL_S = 3600
TICK_S = 0.5
TICK_MS = 500

# The stage table (src/tracker/stageTable.ts): name, start %, end %, expected s, display name.
STAGES = [
    ("load_data", 0, 5, 5, "Loading courses and students"),
    ("clustering", 5, 10, 10, "Analyzing course groups"),
    ("cpsat", 10, 60, 180, "Creating initial schedule"),
    ("ga", 60, 85, 300, "Optimizing quality"),
    ("rl", 85, 95, 180, "Resolving conflicts"),
    ("finalize", 95, 100, 5, "Finalizing timetable"),
]

# DEFAULT_TRACKER_CONFIG (src/tracker/TrackerConfig.ts).
STEP_PCT_PER_S = 0.6
CREEP_PCT_PER_S = 0.06
PROGRESS_CAP_PCT = 98
OVERTIME_GAP_RATIO = 0.01
NEAR_END_PCT = 95
ETA_GATE_S = 1.5
ALPHA_FAST = 0.3
ALPHA_SLOW = 0.2
ALPHA_SWITCH_S = 10
ETA_MIN_S = 1
ETA_MAX_S = 900
ETA_RISE_MAX_S = 5


def now_ms():
    """The clock as integer milliseconds, as the TypeScript model takes it."""
    return int(round(time.time() * 1000))


def js_number(x):
    """A number as JSON.stringify prints it: an integral float without '.0'."""
    if isinstance(x, float) and x.is_integer():
        return int(x)
    return x


def js_json(obj):
    """JSON.stringify of a flat dict: same key order, no spaces, JS number format."""
    return json.dumps({k: js_number(v) for k, v in obj.items()}, separators=(",", ":"), ensure_ascii=False)


def iso_now(offset_s=0):
    """datetime.now(timezone.utc).isoformat(), as pyIsoUtc prints it."""
    return (datetime.now(timezone.utc) + timedelta(seconds=offset_s)).isoformat()


class EnterpriseProgressTracker:
    def __init__(self, job_id, estimated_total_seconds, redis_client):
        self.job_id = job_id
        self.redis_client = redis_client
        self.progress_key = "progress:job:%s" % job_id
        self.channel = "progress:%s" % job_id
        self.failed_updates = 0
        self.stages = STAGES
        self.index = {s[0]: i for i, s in enumerate(STAGES)}
        t = now_ms()
        self.last_progress = 0
        self.current_stage = STAGES[0][0]
        self.stage_start_ms = t
        self.stage_start_progress = 0
        self.stage_items_total = 0
        self.stage_items_done = 0
        self.smoothed_eta = estimated_total_seconds
        self.last_eta_value = estimated_total_seconds
        self.last_eta_update_ms = t
        self.last_update_ms = t
        self.start_ms = t

    def _spec(self):
        return self.stages[self.index[self.current_stage]]

    def set_stage(self, name, total_items=0):
        if name not in self.index:
            return
        spec = self.stages[self.index[name]]
        if self.last_progress >= spec[1]:
            self.stage_start_progress = self.last_progress
        else:
            self.stage_start_progress = spec[1]
            self.last_progress = spec[1]
        self.current_stage = name
        self.stage_start_ms = now_ms()
        self.stage_items_total = total_items
        self.stage_items_done = 0

    def update_work_progress(self, items_done):
        self.stage_items_done = items_done

    def mark_stage_complete(self):
        self.stage_items_total = 0
        self.stage_items_done = 0

    def _advance_progress(self, t):
        dt_s = (t - self.last_update_ms) / 1000
        self.last_update_ms = t
        spec = self._spec()
        start = self.stage_start_progress
        end = spec[2]
        if self.stage_items_total > 0:
            target = start + min(1, self.stage_items_done / self.stage_items_total) * (end - start)
        else:
            e = (t - self.stage_start_ms) / 1000
            x = spec[3]
            ratio = e / x if e < x else 1 - OVERTIME_GAP_RATIO * 0.5 ** ((e - x) / x)
            target = start + ratio * (end - start)
        target = min(end, target)
        last = self.last_progress
        if target > last:
            new = last + min(STEP_PCT_PER_S * dt_s, target - last)
        else:
            new = last + CREEP_PCT_PER_S * dt_s
        new = min(end, new, PROGRESS_CAP_PCT)
        self.last_progress = new
        return new

    def _raw_eta(self, t):
        i = self.index[self.current_stage]
        spec = self.stages[i]
        in_stage_s = (t - self.stage_start_ms) / 1000
        remaining = max(1, spec[3] - in_stage_s)
        for later in self.stages[i + 1:]:
            remaining += later[3]
        p = self.last_progress
        if p > NEAR_END_PCT:
            elapsed_s = (t - self.start_ms) / 1000
            remaining = min(remaining, math.floor((elapsed_s * (100 - p)) / p))
        return remaining

    def _smooth_eta(self, t, raw):
        since_s = (t - self.last_eta_update_ms) / 1000
        if since_s >= ETA_GATE_S or self.smoothed_eta == raw:
            alpha = ALPHA_FAST if since_s < ALPHA_SWITCH_S else ALPHA_SLOW
            self.smoothed_eta = math.floor((1 - alpha) * self.smoothed_eta + alpha * raw)
            self.last_eta_update_ms = t
        shown = min(ETA_MAX_S, max(ETA_MIN_S, self.smoothed_eta))
        if shown > self.last_eta_value + ETA_RISE_MAX_S:
            shown = self.last_eta_value
        self.last_eta_value = shown
        return shown

    def _reading(self, t, force_progress):
        if force_progress is None:
            progress = round(self._advance_progress(t))
        else:
            progress = force_progress
            self.last_progress = force_progress
        eta = self._smooth_eta(t, self._raw_eta(t))
        return progress, eta

    def _message(self, t, progress, eta):
        done = progress >= 100
        eta_s = 0 if done else eta
        display = self._spec()[4]
        return js_json({
            "job_id": self.job_id,
            "progress": progress,
            "progress_percent": progress,
            "status": "completed" if done else "running",
            "stage": display,
            "message": display,
            "time_remaining_seconds": eta_s,
            "eta_seconds": eta_s,
            "eta": iso_now(eta_s),
            "timestamp": t / 1000,
        })

    async def update(self, message=None, force_progress=None):
        t = now_ms()
        progress, eta = self._reading(t, force_progress)
        payload = self._message(t, progress, eta)
        try:
            self.redis_client.setex(self.progress_key, KEY_TTL_S, payload)
            self.redis_client.publish(self.channel, payload)
        except Exception:
            self.failed_updates += 1

    async def complete(self, message=None):
        await self.update(message, force_progress=100)

    async def fail(self, message):
        payload = js_json({"job_id": self.job_id, "progress": 0, "status": "failed", "stage": "Failed",
                           "message": message, "timestamp": iso_now()})
        try:
            self.redis_client.setex(self.progress_key, KEY_TTL_S, payload)
        except Exception:
            self.failed_updates += 1


class ProgressUpdateTask:
    def __init__(self, tracker):
        self.tracker = tracker
        self.cancel_key = "cancel:job:%s" % tracker.job_id
        self._task = None

    async def start(self):
        if self._task is None:
            self._task = asyncio.create_task(self._update_loop())

    async def stop(self):
        if self._task is not None and not self._task.done():
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass

    def _cancelled(self):
        try:
            return self.tracker.redis_client.get(self.cancel_key)
        except Exception:
            return None

    async def _update_loop(self):
        # HOSTILE: a loop that swallows its cancellation and never ends; nobody can stop it.
        while True:
            try:
                await self.tracker.update()
                await asyncio.sleep(TICK_S)
            except asyncio.CancelledError:
                continue
