# make_variants.py - regenerates the v_*.py and cmp_*.py fixtures from port.py (run from anywhere;
# it writes next to port.py). Each variant is port.py plus the few edits listed here, so `diff port.py v_X.py`
# shows exactly one version difference.
import os
import sys
base = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'port.py')).read()
# strip the header (leading comment block) of port.py
body = base[base.index('import asyncio'):]

def make(name, header, edits):
    text = body
    for old, new in edits:
        if old not in text:
            sys.exit('%s: missing %r' % (name, old))
        text = text.replace(old, new, 1)
    lines = ['# %s' % l if l else '#' for l in header.strip('\n').split('\n')]
    out = '\n'.join(lines) + '\n' + text
    open(os.path.join(os.path.dirname(os.path.abspath(__file__)), name), 'w').write(out)

LOOP = '''        for _ in range(ticks_max):
            if self._cancelled():
                return
            await self.tracker.update()
            await asyncio.sleep(TICK_S)'''
RISE = '''        if shown > self.last_eta_value + ETA_RISE_MAX_S:
            shown = self.last_eta_value
'''
RAW_HEAD = '''    def _raw_eta(self, t):'''

make('v_loop_100ms.py', '''
v_loop_100ms.py - port.py with the early versions' 0.1 s loop period
(TICK_S/TICK_MS are the only change). The step and creep are per second of
dt, so progress follows the same curve; five times as many writes.
Verdicts: port.py's verdicts on every scenario where its ETA does not creep
(the ETA may rise <= 5 s per call: five calls per 0.5 s can show the page a
rise above 5 s between two polls, i.e. eta-jump, where port.py shows none).
''', [('TICK_S = 0.5\nTICK_MS = 500', 'TICK_S = 0.1  # VERSION DIFFERENCE: early versions tick every 0.1 s\nTICK_MS = 100')])

make('v_no_cancel_check.py', '''
v_no_cancel_check.py - port.py whose loop never reads cancel:job:J (only the
saga's stop() ends it).
Verdicts: port.py's on runs without a cancel. On a cancelled run the loop
keeps publishing "running" after the cancel handler's terminal message until
the saga notices the flag and stops it: write-after-terminal (and
single-writer's view of it) where port.py stops silently; no GET of the
cancel key ever appears in the trace.
''', [(LOOP, '''        for _ in range(ticks_max):
            # VERSION DIFFERENCE: no cancel check, the loop only ends by stop()
            await self.tracker.update()
            await asyncio.sleep(TICK_S)''')])

make('v_ctor_publishes.py', '''
v_ctor_publishes.py - port.py whose constructor writes its own first message
(SETEX + PUBLISH, progress 0, ETA = estimated_total_seconds) before the
saga's update(force_progress=0).
Verdicts: port.py's verdicts; the trace has one more tracker write (two
progress-0 messages at the start), which no invariant forbids.
''', [('''        self.start_ms = t
''', '''        self.start_ms = t
        # VERSION DIFFERENCE: the constructor publishes progress 0 itself
        payload = self._message(t, 0, estimated_total_seconds)
        self.redis_client.setex(self.progress_key, KEY_TTL_S, payload)
        self.redis_client.publish(self.channel, payload)
''')])

make('v_loop_message_stage.py', '''
v_loop_message_stage.py - port.py whose loop passes a message to update() and
whose published `stage` and `message` are that message ("Processing: Cpsat",
or "Cpsat: 3/294" when the stage counts items) instead of the display name.
Verdicts: port.py's verdicts (stage text is not an invariant); the page shows
the technical stage name with item counts.
''', [('''    def _message(self, t, progress, eta):''', '''    def _message(self, t, progress, eta, text=None):'''),
      ('''        display = self._spec()[4]''', '''        display = text if text is not None else self._spec()[4]  # VERSION DIFFERENCE'''),
      ('''        payload = self._message(t, progress, eta)''', '''        payload = self._message(t, progress, eta, message)'''),
      ('''            await self.tracker.update()
''', '''            await self.tracker.update(self._loop_message())
'''),
      ('''    async def _update_loop(self):''', '''    def _loop_message(self):
        # VERSION DIFFERENCE: the loop's own message becomes the published stage
        tracker = self.tracker
        name = tracker.current_stage.replace("_", " ").title()
        if tracker.stage_items_total > 0:
            return "%s: %d/%d" % (name, tracker.stage_items_done, tracker.stage_items_total)
        return "Processing: %s" % name

    async def _update_loop(self):''')])

make('v_other_names.py', '''
v_other_names.py - port.py with another version's display names
("Scheduling Classes" for CP-SAT, ...). Nothing else differs.
Verdicts: exactly port.py's verdicts; only `stage`/`message` texts differ.
''', [('''STAGES = [
    ("load_data", 0, 5, 5, "Loading courses and students"),
    ("clustering", 5, 10, 10, "Analyzing course groups"),
    ("cpsat", 10, 60, 180, "Creating initial schedule"),
    ("ga", 60, 85, 300, "Optimizing quality"),
    ("rl", 85, 95, 180, "Resolving conflicts"),
    ("finalize", 95, 100, 5, "Finalizing timetable"),
]''', '''# VERSION DIFFERENCE: other display names
STAGES = [
    ("load_data", 0, 5, 5, "Loading Data"),
    ("clustering", 5, 10, 10, "Grouping Courses"),
    ("cpsat", 10, 60, 180, "Scheduling Classes"),
    ("ga", 60, 85, 300, "Optimizing Schedule"),
    ("rl", 85, 95, 180, "Fixing Conflicts"),
    ("finalize", 95, 100, 5, "Finishing Up"),
]''')])

make('v_weight_table.py', '''
v_weight_table.py - port.py whose stage table is weight/expected_time (the
ranges are cumulative weights: the same 0-5-10-60-85-95-100) and whose GA
expects 750 s instead of 300 s.
Verdicts: port.py's verdicts on the suite is the expectation (unverified:
pin with the suite). Its stage-based ETA is ~450 s higher from CP-SAT on;
the no-jump rule refuses the rise at the CP-SAT -> GA switch, so the shown
ETA stays pinned low and decays slowly instead of jumping.
''', [('''STAGES = [
    ("load_data", 0, 5, 5, "Loading courses and students"),
    ("clustering", 5, 10, 10, "Analyzing course groups"),
    ("cpsat", 10, 60, 180, "Creating initial schedule"),
    ("ga", 60, 85, 300, "Optimizing quality"),
    ("rl", 85, 95, 180, "Resolving conflicts"),
    ("finalize", 95, 100, 5, "Finalizing timetable"),
]''', '''# VERSION DIFFERENCE: weight/expected_time table, ranges are cumulative weights; GA 750 s
STAGE_WEIGHTS = [
    ("load_data", 5, 5, "Loading courses and students"),
    ("clustering", 5, 10, "Analyzing course groups"),
    ("cpsat", 50, 180, "Creating initial schedule"),
    ("ga", 25, 750, "Optimizing quality"),
    ("rl", 10, 180, "Resolving conflicts"),
    ("finalize", 5, 5, "Finalizing timetable"),
]


def cumulative(weights):
    table, start = [], 0
    for name, weight, expected, display in weights:
        table.append((name, start, start + weight, expected, display))
        start += weight
    return table


STAGES = cumulative(STAGE_WEIGHTS)''')])

make('v_table_sum_start.py', '''
v_table_sum_start.py - port.py that ignores estimated_total_seconds and starts
its ETA from the stage table's sum (680 s), as a float: the first messages
publish "time_remaining_seconds":680.0 (Python's json prints the float).
After the first smoothing the ETA is an int again.
Verdicts: port.py's verdicts when the profile estimate is 720 s (680 vs 720
changes little); with the 35 s no-profile estimate it is NOT pinned near
35 s as port.py is, so the ETA is far closer to reality there.
''', [('''        self.smoothed_eta = estimated_total_seconds
        self.last_eta_value = estimated_total_seconds''', '''        # VERSION DIFFERENCE: estimated_total_seconds ignored; start from the table's sum, a float
        self.smoothed_eta = float(sum(s[3] for s in STAGES))
        self.last_eta_value = self.smoothed_eta'''),
      ('''    return json.dumps({k: js_number(v) for k, v in obj.items()}, separators=(",", ":"), ensure_ascii=False)''',
       '''    # VERSION DIFFERENCE: the ETA fields go out as Python prints them (680.0)
    keep = ("time_remaining_seconds", "eta_seconds")
    return json.dumps({k: (v if k in keep else js_number(v)) for k, v in obj.items()}, separators=(",", ":"),
                      ensure_ascii=False)''')])

make('v_rate_eta.py', '''
v_rate_eta.py - port.py whose raw ETA is progress-rate based:
elapsed * (100 - p) / p since the tracker started (estimated_total_seconds
until p reaches 1 %), then the same smoothing, clamp and no-jump rule.
Verdicts: no eta-zero-mid-run (clamped to >= 1). Expected verdicts otherwise
to be pinned with the suite (unverified); its ETA error is large while
progress creeps in an overrunning stage, so it is mainly a compare subject.
''', [(RAW_HEAD + '''
        i = self.index[self.current_stage]''', RAW_HEAD + '''
        # VERSION DIFFERENCE: progress-rate ETA
        p = self.last_progress
        if p < 1:
            return self.estimated_total_seconds
        elapsed_s = (t - self.start_ms) / 1000
        return math.floor(elapsed_s * (100 - p) / p)

    def _stage_eta(self, t):
        i = self.index[self.current_stage]'''),
      ('''        self.redis_client = redis_client
''', '''        self.redis_client = redis_client
        self.estimated_total_seconds = estimated_total_seconds
''')])

make('v_blend_eta.py', '''
v_blend_eta.py - port.py whose raw ETA blends the stage-based estimate with a
progress-rate estimate, the rate's weight growing with progress
(alpha = stage weight: 0.8 below 30 %, 0.5 below 70 %, 0.2 above).
Verdicts: no eta-zero-mid-run; others to be pinned with the suite
(unverified). A compare subject.
''', [(RAW_HEAD, '''    def _raw_eta(self, t):
        # VERSION DIFFERENCE: blend of stage-based and rate-based, alpha by progress
        stage_based = self._stage_eta(t)
        p = self.last_progress
        if p < 1:
            return stage_based
        rate_based = (t - self.start_ms) / 1000 * (100 - p) / p
        alpha = 0.8 if p < 30 else (0.5 if p < 70 else 0.2)
        return math.floor(alpha * stage_based + (1 - alpha) * rate_based)

    def _stage_eta(self, t):''')])

make('v_accelerating.py', '''
v_accelerating.py - port.py whose progress step accelerates with the
distance to its target: step = 0.6 %/s * dt * (1 + distance / 10).
Verdicts: port.py's verdicts except that progress catches up with a burst of
work faster: where port.py's capped 0.6 %/s step hides a jump, this one may
show a progress-leap (unverified: pin with the suite).
''', [('''            new = last + min(STEP_PCT_PER_S * dt_s, target - last)''',
       '''            # VERSION DIFFERENCE: the step grows with the distance to the target
            new = last + min(STEP_PCT_PER_S * dt_s * (1 + (target - last) / 10), target - last)''')])

make('v_eta_rises.py', '''
v_eta_rises.py - the post-fix regression (the version committed the day
after the fix): the raw ETA is scaled by how far the current stage has
overrun its expected time, and the no-jump rule is loosened from "refuse a
rise above last + 5" to "clip a rise at +10". Real load_data and clustering
always overrun (11-74 s vs 5, 21-30 s vs 10), so the shown ETA climbs by up
to 10 s at every smoothing step (every 1.5 s) many times per run.
Verdicts: MUST be caught by eta-jump on every scenario whose stages overrun
(all real-duration scenarios); port.py is not.
''', [('''        return remaining

    def _smooth_eta''', '''        # VERSION DIFFERENCE: an overrunning stage scales the whole remaining time
        overrun = min(1.3, in_stage_s / spec[3])
        if overrun > 1:
            remaining = remaining * overrun
        return remaining

    def _smooth_eta'''),
      (RISE, '''        if shown > self.last_eta_value + 10:  # VERSION DIFFERENCE: rises clipped at +10, not refused
            shown = self.last_eta_value + 10
''')])

# --- compare fixtures
make('cmp_worse_eta.py', '''
cmp_worse_eta.py - for `etasim compare`: port.py with a sluggish, noisy ETA:
the EMA weights are 0.05/0.03 instead of 0.3/0.2 (it lags the stage-based
estimate, so it stays near the initial estimate far too long) and an
alternating +0/+3 s jitter is added. Every rise is <= 3 s and never two in a
row, so the page never sees a rise above 5 s.
Verdicts: port.py's verdicts (no new invariant violation intended); compare
must rank its ETA error (and swing) worse than the built-in's.
''', [('''ALPHA_FAST = 0.3
ALPHA_SLOW = 0.2''', '''ALPHA_FAST = 0.05  # COMPARE DIFFERENCE: sluggish smoothing
ALPHA_SLOW = 0.03'''),
      ('''        shown = min(ETA_MAX_S, max(ETA_MIN_S, self.smoothed_eta))''', '''        # COMPARE DIFFERENCE: alternating +0/+3 s jitter
        self.calls = getattr(self, "calls", 0) + 1
        shown = min(ETA_MAX_S, max(ETA_MIN_S, self.smoothed_eta)) + (self.calls % 2) * 3'''),
      (RISE, '''        if shown > self.last_eta_value + ETA_RISE_MAX_S:
            shown = self.last_eta_value + (self.calls % 2) * 3
''')])

make('cmp_adds_violation.py', '''
cmp_adds_violation.py - for `etasim compare`: port.py that publishes ETA 0
(status running) once CP-SAT has at most 2 clusters left, until the next
stage starts (the old cpsat_direct writer's "0 at the last cluster",
reintroduced inside the tracker).
Verdicts: port.py's verdicts plus eta-zero-mid-run on every scenario whose
CP-SAT finishes, and eta-jump where the next tick recovers from 0 to the
stage-based ETA (~8 min): compare must report both as added violations.
''', [('''        eta = self._smooth_eta(t, self._raw_eta(t))
        return progress, eta''', '''        eta = self._smooth_eta(t, self._raw_eta(t))
        # COMPARE DIFFERENCE: "CP-SAT is done, nothing left" - ETA 0 mid-run
        if self.current_stage == "cpsat" and self.stage_items_total > 0 and \\
                self.stage_items_done >= self.stage_items_total - 2:
            eta = 0
        return progress, eta''')])

make('cmp_better_eta.py', '''
cmp_better_eta.py - for `etasim compare`: port.py with an ETA that learns.
In a stage that counts items (CP-SAT's clusters, GA's generations) it
measures the real time per item since the stage started and projects it over
the items left; other stages use durations fitted to the public logs
(load_data 30 s, clustering 25 s, CP-SAT 1 s per cluster until the first one
finishes, GA 120 s, RL 10 s, finalize 1 s). The shown ETA never rises (a
rise is refused outright), and stays >= 1 s.
Verdicts: port.py's verdicts (it adds no eta-jump, no eta-zero-mid-run);
compare must show a clearly lower mean absolute error against the true
remaining time than the built-in's.
''', [(RAW_HEAD + '''
        i = self.index[self.current_stage]''', RAW_HEAD + '''
        # COMPARE DIFFERENCE: learned per-item rate, log-fitted durations
        i = self.index[self.current_stage]
        name = self.current_stage
        in_stage_s = (t - self.stage_start_ms) / 1000
        if self.stage_items_total > 0 and self.stage_items_done > 0:
            per_item_s = in_stage_s / self.stage_items_done
            current = per_item_s * max(0, self.stage_items_total - self.stage_items_done)
        elif name == "cpsat" and self.stage_items_total > 0:
            current = max(1, 1.0 * self.stage_items_total - in_stage_s)
        else:
            current = max(1, FITTED_S[name] - in_stage_s)
        return current + sum(FITTED_S[s[0]] for s in self.stages[i + 1:])

    def _table_eta(self, t):
        i = self.index[self.current_stage]'''),
      ('''def now_ms():''', '''FITTED_S = {"load_data": 30, "clustering": 25, "cpsat": 300, "ga": 120, "rl": 10, "finalize": 1}


def now_ms():'''),
      (RISE, '''        if shown > self.last_eta_value:  # COMPARE DIFFERENCE: never rises
            shown = self.last_eta_value
''')])

make('hostile/unstoppable_loop.py', '''
hostile/unstoppable_loop.py - port.py whose loop swallows CancelledError and runs for ever.
Must give: the run ends at the simulation's virtual-time limit with a reported
failure (a SimulationBoundError), never a hang.
''', [('''        ticks_max = math.ceil(24 * 3600 * 1000 / TICK_MS)
''' + LOOP, '''        # HOSTILE: a loop that swallows its cancellation and never ends; nobody can stop it.
        while True:
            try:
                await self.tracker.update()
                await asyncio.sleep(TICK_S)
            except asyncio.CancelledError:
                continue''')])
