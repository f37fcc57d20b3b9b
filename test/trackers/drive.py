"""drive.py - speaks the tracker protocol from etasim's side, to prove the adapter without TypeScript.

Usage: python3 test/trackers/drive.py [--python /path/to/python3] [--only NAME]

Spawns python/etasim_adapter.py with fds 3/4 as the channel, plays etasim's
part (answers reads from a tiny in-memory store: nothing set means `get` -> null),
and checks what docs/tracker-protocol.md promises. Prints one line per check
and exits 1 if any failed.
"""

import json
import os
import select
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ADAPTER_PATH = os.path.join(ROOT, "python", "etasim_adapter.py")
T0 = 1733066000000  # VIRTUAL_EPOCH_MS
WATCHDOG_S = 10.0


class Watchdog(Exception):
    pass


def high_fd(fd):
    """Moves a descriptor to 10 or above, so the shell's 3<&N 4>&M cannot clobber one with the other."""
    import fcntl
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved


class Driver:
    """One adapter process and etasim's half of the protocol."""

    def __init__(self, python=sys.executable):
        to_r, to_w = (high_fd(fd) for fd in os.pipe())
        from_r, from_w = (high_fd(fd) for fd in os.pipe())
        self.stdout = tempfile.TemporaryFile()
        self.stderr = tempfile.TemporaryFile()
        script = 'exec "$0" -u -X utf8 "$1" 3<&%d 4>&%d' % (to_r, from_w)
        self.proc = subprocess.Popen(["/bin/bash", "-c", script, python, ADAPTER_PATH], pass_fds=(to_r, from_w),
                                     stdout=self.stdout, stderr=self.stderr, stdin=subprocess.DEVNULL)
        os.close(to_r)
        os.close(from_w)
        self.w = to_w
        self.r = from_r
        self.buf = b""
        self.now = T0
        self.store = {}
        self.writes = []  # (cmd, args) of every redis command, in order
        self.next_id = 0
        self.sync = False
        self.hello = self.recv()

    # -- the wire ----------------------------------------------------------------
    def send(self, message):
        os.write(self.w, (json.dumps(message) + "\n").encode())

    def recv(self, timeout=WATCHDOG_S):
        while b"\n" not in self.buf:
            ready, _, _ = select.select([self.r], [], [], timeout)
            if not ready:
                raise Watchdog("no message for %.0f s" % timeout)
            chunk = os.read(self.r, 65536)
            if not chunk:
                raise EOFError("adapter exited (rc %s)" % self.proc.poll())
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def pump(self):
        """Serves redis/sleep requests until a message that ends the exchange (idle, fatal, ...)."""
        while True:
            m = self.recv()
            op = m["op"]
            if op == "redis":
                self.writes.append((m["cmd"], m["args"]))
                value = self.apply(m["cmd"], m["args"])
                if m["wait"]:
                    self.send({"op": "reply", "now_ms": self.now, "value": value})
            elif op == "sleep":
                self.now += m["ms"]
                self.sleeps = getattr(self, "sleeps", []) + [m["ms"]]
                self.send({"op": "reply", "now_ms": self.now, "value": None})
            else:
                return m

    def apply(self, cmd, args):
        if cmd == "get":
            return self.store.get(args[0])
        if cmd == "exists":
            return sum(1 for a in args if a in self.store)
        if cmd == "setex":
            self.store[args[0]] = args[2]
            return "OK"
        if cmd == "set":
            self.store[args[0]] = args[1]
            return "OK"
        if cmd == "delete":
            n = sum(1 for a in args if a in self.store)
            for a in args:
                self.store.pop(a, None)
            return n
        if cmd == "publish":
            return 1
        raise AssertionError("unexpected redis cmd %s" % cmd)

    # -- commands ----------------------------------------------------------------
    def load_file(self, path, **extra):
        with open(path, encoding="utf-8") as f:
            source = f.read()
        return self.load(source, path, os.path.dirname(path), **extra)

    def load(self, source, filename="inline.py", directory=None, **extra):
        msg = {"op": "load", "source": source, "filename": filename, "dir": directory,
               "tracker_class": "EnterpriseProgressTracker", "loop_class": "ProgressUpdateTask"}
        msg.update(extra)
        self.send(msg)
        return self.recv()

    def begin(self, sync=False):
        self.now = T0
        self.store = {}
        self.writes = []
        self.send({"op": "begin", "now_ms": self.now, "sync": sync})
        return self.pump()

    def call(self, target, method, *args, **kwargs):
        self.next_id += 1
        self.send({"op": "call", "id": self.next_id, "now_ms": self.now, "target": target, "method": method,
                   "args": list(args), "kwargs": kwargs})
        return self.pump()

    def setattr(self, target, name, value):
        self.next_id += 1
        self.send({"op": "setattr", "id": self.next_id, "now_ms": self.now, "target": target, "name": name,
                   "value": value})
        return self.pump()

    def getattr(self, target, name):
        self.next_id += 1
        self.send({"op": "getattr", "id": self.next_id, "target": target, "name": name})
        return self.pump()

    def advance(self, now_ms):
        self.now = now_ms
        self.send({"op": "advance", "now_ms": now_ms})
        return self.pump()

    def end(self):
        self.send({"op": "end"})
        return self.pump()

    def quit(self):
        try:
            self.send({"op": "quit"})
        except OSError:
            pass
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def kill(self):
        self.proc.kill()
        self.proc.wait()

    def printed(self):
        self.stdout.seek(0)
        return self.stdout.read().decode("utf-8", "replace")

    def start_port_run(self, estimate=720):
        """What the saga does: construct, update(force 0), construct the loop, start it."""
        steps = [lambda: self.begin(), lambda: self.call("tracker", "__init__", "J", estimate),
                 lambda: self.call("tracker", "update", force_progress=0), lambda: self.call("loop", "__init__"),
                 lambda: self.call("loop", "start")]
        for step in steps:
            m = step()
            if m["op"] != "idle":
                return m  # a fatal on the way
        return m

    def published(self):
        return [args[1] for cmd, args in self.writes if cmd == "publish"]


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------

RESULTS = []


def check(name, ok, detail=""):
    RESULTS.append(ok)
    print("%s %s%s" % ("ok  " if ok else "FAIL", name, (" -- " + detail) if detail and not ok else ""))
    sys.stdout.flush()


def hand_message(progress, eta, t, stage="Loading courses and students"):
    """trackerMessage() worked by hand: the same key order and number formats as JSON.stringify."""
    from datetime import datetime, timezone, timedelta

    def iso(ms):
        d = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(milliseconds=ms)
        return d.isoformat()

    ts = t / 1000
    ts_text = str(int(ts)) if ts.is_integer() else repr(ts)
    return ('{"job_id":"J","progress":%d,"progress_percent":%d,"status":"running","stage":"%s","message":"%s",'
            '"time_remaining_seconds":%d,"eta_seconds":%d,"eta":"%s","timestamp":%s}'
            % (progress, progress, stage, stage, eta, eta, iso(t + eta * 1000), ts_text))


def test_port_first_messages(py):
    d = Driver(py)
    check("hello names the interpreter", d.hello["op"] == "hello" and bool(d.hello.get("executable")), str(d.hello))
    r = d.load_file(os.path.join(HERE, "port.py"))
    check("port.py loads", r["op"] == "loaded", str(r))
    idle = d.start_port_run()
    check("loop start: first tick at once, deadline +500 ms", idle["deadline_ms"] == T0 + 500, str(idle))
    check("loop tick reads the cancel key first", d.writes[2] == ("get", ["cancel:job:J"]), str(d.writes[:4]))
    check("SETEX carries key, TTL 3600 as a number, message",
          d.writes[0][0] == "setex" and d.writes[0][1][:2] == ["progress:job:J", 3600], str(d.writes[0]))
    for t in (T0 + 500, T0 + 1000, T0 + 1500):
        idle = d.advance(t)
        check("deadline after the tick at +%d is +%d" % (t - T0, t - T0 + 500), idle["deadline_ms"] == t + 500,
              str(idle))
    # By hand from TrackerModel.ts: force 0 -> p 0, eta 720; t0 tick: creep 0; +500: target 0.5, p 0.3 -> 0;
    # +1000: p 0.6 -> 1; +1500: p 0.9 -> 1, smoothing opens (1.5 s): floor(0.7*720 + 0.3*678.5) = 707.
    expected = [hand_message(0, 720, T0), hand_message(0, 720, T0), hand_message(0, 720, T0 + 500),
                hand_message(1, 720, T0 + 1000), hand_message(1, 707, T0 + 1500)]
    got = d.published()
    same = got == expected
    check("port.py's first five messages equal trackerMessage() by hand", same,
          "\n  got      %s\n  expected %s" % (got, expected))
    d.store["cancel:job:J"] = "1"
    idle = d.advance(T0 + 2000)
    check("cancel flag: the loop stops silently (no timer left, no write)",
          idle["deadline_ms"] is None and len(d.published()) == 5, str(idle))
    check("end answers ended", d.end()["op"] == "ended")
    d.quit()


def test_sync_mode_and_fail(py):
    d = Driver(py)
    d.load_file(os.path.join(HERE, "port.py"))
    assert d.begin(sync=True)["op"] == "idle"
    d.call("tracker", "__init__", "J", 35)
    d.now += 250
    idle = d.call("tracker", "fail", "boom")
    fail_expected = ('{"job_id":"J","progress":0,"status":"failed","stage":"Failed","message":"boom",'
                     '"timestamp":"2024-12-01T15:13:20.250000+00:00"}')
    check("fail(): SETEX only, failMessage() format", d.writes == [("setex", ["progress:job:J", 3600, fail_expected])],
          str(d.writes))
    check("a coroutine call reports done once finished", idle["done"] == [{"id": 2, "ok": True, "value": None}],
          str(idle))
    d.end()
    d.quit()


CLOCK_SOURCE = r'''
import asyncio, time, datetime as dtmod
from datetime import datetime, timezone, date
from time import time as bare_time, monotonic
SEEN = []
class EnterpriseProgressTracker:
    def __init__(self, job_id, est, client):
        SEEN.append(job_id)
        self.client = client
        self.runs_seen = len(SEEN)
    def clocks(self):
        return [time.time(), bare_time(), monotonic(), time.time_ns(), datetime.now(timezone.utc).isoformat(),
                dtmod.datetime.utcnow().isoformat(), str(date.today()), time.strftime("%Y", time.gmtime())]
    def nap(self, s):
        before = time.time()
        time.sleep(s)
        return [before, time.time()]
    async def wait(self, s):
        await asyncio.sleep(s)
        return time.time()
    def calls(self):
        c = self.client
        return [c.set("k", 1.5, ex=10), c.get("k"), c.exists("k", "z"), c.delete("k"), c.ping()]
    def shout(self):
        import os
        os.write(4, b'{"op":"idle","deadline_ms":null,"done":[]}\n')
        print('{"op":"idle","deadline_ms":null,"done":[]}')
        return "said"
class ProgressUpdateTask:
    def __init__(self, tracker):
        self.tracker = tracker
'''


def test_clock_and_calls(py):
    d = Driver(py)
    d.load(CLOCK_SOURCE)
    d.begin()
    d.call("tracker", "__init__", "J", 1)
    d.now = T0 + 1500
    idle = d.call("tracker", "clocks")
    v = idle["done"][0]["value"]
    check("time/monotonic/time_ns/datetime/date read the virtual clock",
          v[:3] == [1733066001.5] * 3 and v[3] == 1733066001500000000 and
          v[4] == "2024-12-01T15:13:21.500000+00:00" and v[5] == "2024-12-01T15:13:21.500000"
          and v[7] == "2024", str(v))
    idle = d.call("tracker", "nap", 2.25)
    check("time.sleep: a sleep request of 2250 ms, the clock moves with the reply",
          d.sleeps == [2250] and idle["done"][0]["value"] == [1733066001.5, 1733066003.75], str(idle))
    idle = d.call("tracker", "wait", 0.1)
    check("asyncio.sleep(0.1) is a loop timer: deadline now + 100", idle["deadline_ms"] == d.now + 100 and
          idle["done"] == [], str(idle))
    idle = d.advance(d.now + 100)
    check("the coroutine's result arrives in done after the advance",
          idle["done"][0]["ok"] and idle["done"][0]["value"] == (d.now) / 1000, str(idle))
    d.writes = []
    idle = d.call("tracker", "calls")
    check("client: set/get/exists/delete/ping as redis-py returns them",
          idle["done"][0]["value"] == [True, "1.5", 1, 1, True]
          and d.writes == [("set", ["k", "1.5", "EX", 10]), ("get", ["k"]), ("exists", ["k", "z"]),
                           ("delete", ["k"])], str(idle) + str(d.writes))
    idle = d.call("tracker", "shout")
    check("writes to fd 4 and JSON on stdout do not reach the protocol",
          idle["op"] == "idle" and idle["done"][0]["value"] == "said" and '"op":"idle"' in d.printed(), str(idle))
    idle = d.getattr("tracker", "runs_seen")
    check("getattr answers idle with the value", idle["done"] == [{"id": d.next_id, "ok": True, "value": 1}], str(idle))
    d.end()
    # Many runs in one process: a fresh module each time, no leaked fds or threads.
    fds_before = len(os.listdir("/proc/%d/fd" % d.proc.pid))
    fresh = True
    for i in range(300):
        d.begin()
        d.call("tracker", "__init__", "J%d" % i, 1)
        idle = d.getattr("tracker", "runs_seen")
        fresh = fresh and idle["done"][0]["value"] == 1
        d.call("tracker", "wait", 5)
        assert d.end()["op"] == "ended"
    fds_after = len(os.listdir("/proc/%d/fd" % d.proc.pid))
    check("300 begin/end cycles: module state fresh every run", fresh)
    check("300 begin/end cycles: no leaked descriptors", fds_after == fds_before, "%d -> %d" % (fds_before, fds_after))
    d.quit()


def expect_fatal(py, fixture, setup, type_name, line_hint=None, name=None):
    d = Driver(py)
    path = os.path.join(HERE, "hostile", fixture)
    r = d.load_file(path)
    if r["op"] != "loaded":
        check(name or fixture, False, "load: %s" % r)
        d.kill()
        return None
    t = time.time()
    try:
        m = setup(d)
    except Watchdog as w:
        check(name or fixture, False, str(w))
        d.kill()
        return None
    took = time.time() - t
    err = m.get("error") or {}
    ok = m["op"] == "fatal" and err.get("type") == type_name and err.get("file") == path
    if line_hint is not None:
        ok = ok and err.get("line") == line_of(path, line_hint)
    check((name or fixture) + " -> fatal " + type_name, ok, str(m))
    again = d.advance(d.now + 500)
    check(fixture + ": a broken run re-reports its fatal", again["op"] == "fatal" and again["error"] == err, str(again))
    check(fixture + ": end after fatal", d.end()["op"] == "ended")
    # The process still serves a fresh run afterwards.
    d.load_file(os.path.join(HERE, "port.py"))
    idle = d.start_port_run()
    check(fixture + ": the same process runs port.py afterwards", idle["op"] == "idle" and idle["deadline_ms"] == T0 + 500,
          str(idle))
    d.end()
    d.quit()
    return took


def line_of(path, marker):
    with open(path, encoding="utf-8") as f:
        for n, text in enumerate(f, 1):
            if marker in text:
                return n
    raise AssertionError("marker %r not in %s" % (marker, path))


def run_ticks(d, seconds):
    """Advances tick by tick for `seconds` of virtual time; returns the last message."""
    m = None
    end = d.now + seconds * 1000
    while d.now < end:
        m = d.advance(d.now + 500)
        if m["op"] != "idle":
            return m
    return m


def test_hostile(py):
    d = Driver(py)
    r = d.load_file(os.path.join(HERE, "hostile", "syntax_error.py"))
    check("syntax_error.py -> load_error syntax with line and col",
          r["op"] == "load_error" and r["kind"] == "syntax" and r["line"] == line_of(
              os.path.join(HERE, "hostile", "syntax_error.py"), "SYNTAX ERROR HERE") and r["col"] >= 1, str(r))
    r = d.load_file(os.path.join(HERE, "hostile", "no_tracker_class.py"))
    check("no_tracker_class.py -> load_error class", r["op"] == "load_error" and r["kind"] == "class", str(r))
    r = d.load("import no_such_module_etasim\n", "imp.py")
    check("a failing import -> load_error import line 1", r["op"] == "load_error" and r["kind"] == "import"
          and r["line"] == 1, str(r))
    d.quit()

    expect_fatal(py, "threads.py", lambda d: d.start_port_run(), "TrackerThreadError", "THREAD STARTED HERE")
    expect_fatal(py, "sys_exit.py", lambda d: (d.start_port_run(), run_ticks(d, 5))[1], "SystemExit", "SYS EXIT HERE")
    expect_fatal(py, "unsupported_command.py", lambda d: d.start_port_run(), "UnsupportedRedisCommand", "HSET HERE")
    expect_fatal(py, "raises.py", lambda d: (d.start_port_run(), run_ticks(d, 10))[1], "ValueError", "RAISE HERE")
    took = expect_fatal(py, "busy_loop.py", lambda d: d.start_port_run(), "TrackerBusyLoop", "BUSY HERE")
    if took is not None:
        print("     busy_loop: 1,000,000 iterations took %.1f s of wall-clock time" % took)

    # raises.py called directly: the call's done entry carries the error.
    d = Driver(py)
    path = os.path.join(HERE, "hostile", "raises.py")
    d.load_file(path)
    d.begin()
    d.call("tracker", "__init__", "J", 720)
    d.setattr("tracker", "updates", 99)
    idle = d.call("tracker", "update")
    e = idle["done"][0]
    check("raises.py via call -> done ok:false ValueError at its line",
          e["ok"] is False and e["error"]["type"] == "ValueError" and e["error"]["line"] == line_of(path, "RAISE HERE"),
          str(idle))
    d.end()
    d.quit()

    # prints.py: a run full of prints, protocol intact.
    d = Driver(py)
    d.load_file(os.path.join(HERE, "hostile", "prints.py"))
    idle = d.start_port_run()
    m = run_ticks(d, 30)
    check("prints.py: 30 s of ticks, protocol intact, stdout holds the prints",
          m["op"] == "idle" and len(d.published()) >= 60 and d.printed().count("\n") > 1000, str(m))
    d.end()
    d.quit()

    # never_yields.py: only etasim's watchdog can catch it.
    d = Driver(py)
    d.load_file(os.path.join(HERE, "hostile", "never_yields.py"))
    d.start_port_run()
    t = time.time()
    try:
        d.send({"op": "advance", "now_ms": T0 + 500})
        d.now = T0 + 500
        while True:
            m = d.recv(timeout=2.0)
            if m["op"] == "redis" and m["wait"]:
                d.send({"op": "reply", "now_ms": d.now, "value": None})
            elif m["op"] != "redis":
                break
        check("never_yields.py is caught by a wall-clock watchdog", False, "got %s" % m)
    except Watchdog:
        check("never_yields.py: silent adapter, caught by the driver's watchdog (2 s here, 10 s in etasim)", True)
    d.kill()


def saga_events():
    """A run with the public logs' durations: load 30 s, clustering 25 s, 294 clusters 0.9 s apart, 18 GA
    generations 6.5 s apart, RL skipped, then stop + complete. (ms offset, target, method, args, kwargs)."""
    ev, t = [], 0
    ev.append((t, "tracker", "set_stage", ["load_data"], {}))
    t += 30000
    ev.append((t, "tracker", "set_stage", ["clustering", 10], {}))
    t += 25000
    ev.append((t, "tracker", "set_stage", ["cpsat", 294], {}))
    for i in range(1, 295):
        t += 900
        ev.append((t, "tracker", "update_work_progress", [i], {}))
    ev.append((t, "tracker", "mark_stage_complete", [], {}))
    ev.append((t, "tracker", "set_stage", ["ga"], {}))
    ev.append((t, "setattr", "stage_items_total", 18, None))
    for g in range(1, 19):
        t += 6500
        ev.append((t, "tracker", "update_work_progress", [g], {}))
    ev.append((t, "loop", "stop", [], {}))
    ev.append((t, "tracker", "set_stage", ["finalize"], {}))
    t += 800
    ev.append((t, "tracker", "complete", [], {}))
    return ev


def simulate(py, fixture):
    """Runs saga_events() against a fixture; returns its published running messages as (t_ms, eta)."""
    d = Driver(py)
    r = d.load_file(os.path.join(HERE, fixture))
    assert r["op"] == "loaded", r
    idle = d.start_port_run()
    for at, target, method, args, kwargs in saga_events():
        at += T0
        while idle["deadline_ms"] is not None and idle["deadline_ms"] <= at:
            idle = d.advance(idle["deadline_ms"])
        d.now = at
        if target == "setattr":
            idle = d.setattr("tracker", method, args)
        else:
            idle = d.call(target, method, *args, **kwargs)
        assert idle["op"] == "idle", idle
    end_ms = d.now
    d.end()
    d.quit()
    out = []
    for text in d.published():
        m = json.loads(text)
        if m.get("status") == "running":
            out.append((round(m["timestamp"] * 1000), m["time_remaining_seconds"]))
    return out, end_ms


def eta_stats(messages, end_ms):
    rises = [b[1] - a[1] for a, b in zip(messages, messages[1:]) if b[1] > a[1]]
    mae = sum(abs(eta - (end_ms - t) / 1000) for t, eta in messages) / len(messages)
    return {"rises_over_5": sum(1 for r in rises if r > 5), "max_rise": max(rises or [0]),
            "zero": sum(1 for _, eta in messages if eta <= 0), "mae": mae, "n": len(messages)}


def test_fixture_behaviour(py):
    """What each fixture's header promises, on one realistic run (writes seen directly, not through a poller)."""
    stats = {}
    for fixture in sorted(os.listdir(HERE)):
        if fixture.endswith(".py") and (fixture.startswith(("v_", "cmp_")) or fixture == "port.py"):
            messages, end_ms = simulate(py, fixture)
            stats[fixture] = eta_stats(messages, end_ms)
            st = stats[fixture]
            print("     %-24s %4d msgs  rises>5: %3d  max rise %6.1f  eta<=0: %3d  MAE %6.1f s"
                  % (fixture, st["n"], st["rises_over_5"], st["max_rise"], st["zero"], st["mae"]))
    port = stats["port.py"]
    check("port.py: no rise above 5 s, no ETA 0 mid-run", port["rises_over_5"] == 0 and port["zero"] == 0, str(port))
    rises = stats["v_eta_rises.py"]
    check("v_eta_rises.py: the ETA rises by more than 5 s many times", rises["rises_over_5"] >= 10, str(rises))
    check("cmp_adds_violation.py: publishes ETA 0 mid-run", stats["cmp_adds_violation.py"]["zero"] > 0)
    better = stats["cmp_better_eta.py"]
    check("cmp_better_eta.py: clearly lower MAE than port.py, no rise, no zero",
          better["mae"] < 0.7 * port["mae"] and better["rises_over_5"] == 0 and better["zero"] == 0, str(better))
    worse = stats["cmp_worse_eta.py"]
    check("cmp_worse_eta.py: higher MAE than port.py, no rise above 5 s, no zero",
          worse["mae"] > port["mae"] and worse["rises_over_5"] == 0 and worse["zero"] == 0, str(worse))


def test_rate(py):
    d = Driver(py)
    d.load_file(os.path.join(HERE, "port.py"))
    d.start_port_run()
    n = 4000
    t = time.time()
    for _ in range(n):
        d.advance(d.now + 500)
    took = time.time() - t
    print("     rate: %d ticks in %.2f s = %.0f ticks/s (each: advance, get+reply, 2 streamed writes, idle)"
          % (n, took, n / took))
    t = time.time()
    for _ in range(n):
        d.getattr("tracker", "last_progress")
    took2 = time.time() - t
    print("     rate: %.0f bare round trips/s (getattr -> idle)" % (n / took2))
    check("rate measured", True)
    d.end()
    d.quit()


def main():
    py = sys.executable
    only = None
    argv = sys.argv[1:]
    while argv:
        a = argv.pop(0)
        if a == "--python":
            py = argv.pop(0)
        elif a == "--only":
            only = argv.pop(0)
    tests = [test_port_first_messages, test_sync_mode_and_fail, test_clock_and_calls, test_hostile,
             test_fixture_behaviour, test_rate]
    for test in tests:
        if only and only not in test.__name__:
            continue
        try:
            test(py)
        except Exception as exc:  # a broken check must not hide the others
            import traceback
            traceback.print_exc()
            check(test.__name__, False, repr(exc))
    print("%d checks, %d failed" % (len(RESULTS), RESULTS.count(False)))
    sys.exit(0 if all(RESULTS) else 1)


if __name__ == "__main__":
    main()
