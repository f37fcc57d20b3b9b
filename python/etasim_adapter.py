"""etasim's adapter: runs a service's own Python tracker under etasim's virtual clock.

The full protocol is docs/tracker-protocol.md; in short:

* etasim -> adapter on fd 3, adapter -> etasim on fd 4, one JSON object per
  line. The tracker's print() goes to fd 1 and can never corrupt the protocol:
  the adapter moves the channels to private descriptors at start and points
  fds 3 and 4 at /dev/null.
* On start the adapter writes ``hello``. ``load`` compiles the tracker file
  once; every ``begin`` executes that code object into a fresh module and
  makes a fresh event loop, so runs share no state; ``end`` tears the run
  down; ``quit`` exits.
* Time is an integer count of virtual epoch milliseconds (``now_ms``) that
  etasim carries on every message that lets tracker code run. ``time.time``,
  ``time.monotonic``, ``time.perf_counter`` (and ``*_ns``), ``loop.time()``,
  ``datetime.now``/``utcnow``/``date.today`` all read it.
* The event loop's selector is the idle point: when asyncio asks it to wait
  (nothing is ready), the adapter writes ``idle`` with the loop's earliest
  timer (``deadline_ms``) and the calls that finished (``done``), then blocks
  on fd 3 for the next command. ``advance`` sets the clock and lets the loop
  run what became due; ``call``/``setattr``/``getattr`` act on the tracker's
  objects.
* The tracker's Redis client streams writes (``wait: false``) and blocks on a
  ``reply`` for reads (and for writes in ``sync`` mode); ``time.sleep`` is a
  ``sleep`` request answered by a ``reply``.
* Anything that breaks the run (a thread, sys.exit, an unsupported Redis
  command, an exception nobody retrieved from a task the tracker created,
  1,000,000 loop iterations without going idle) is a ``fatal`` carrying a
  TrackerError ``{type, message, file, line}``.

Standard library only; Python 3.9+.
"""

import asyncio
import datetime as _datetime_module
import heapq
import inspect
import json
import os
import platform
import selectors
import signal
import sys
import threading
import time as _time_module
import traceback
import types

ITERATION_LIMIT = 1000000
"""Loop iterations allowed inside one advance before the adapter calls it a busy loop."""

ENDING_ITERATION_LIMIT = 10000
"""Iterations allowed while cancelled tasks wind down at ``end``."""

CLOCK_RESOLUTION_S = 0.0005
"""Half a millisecond: a timer is due once ``when < now + this`` (asyncio's own test)."""

AHEAD_TICKS_MAX = 1024
"""Ticks the loop may run ahead of etasim after one ``advance`` (what etasim holds for it stays bounded)."""

AHEAD_FLUSH_TICKS = 8
"""Ahead ticks whose messages go out in one write: etasim takes them in while the loop goes on."""

AHEAD_FLUSH_S = 0.25
"""Wall-clock seconds after which ahead ticks go out anyway: slow ticks must not look like silence to the watchdog."""

DEFAULT_TRACKER_CLASS = "EnterpriseProgressTracker"
DEFAULT_LOOP_CLASS = "ProgressUpdateTask"


# ---------------------------------------------------------------------------
# Control flow
# ---------------------------------------------------------------------------


class LeaveLoop(BaseException):
    """Raised from the selector to leave ``run_forever``.

    A BaseException so that no ``except Exception`` in tracker code or asyncio
    swallows it. ``command`` is the command that made the adapter leave (to be
    dispatched outside the loop), or None when the run broke (``fatal``).
    """

    def __init__(self, command=None):
        BaseException.__init__(self, command)
        self.command = command


class ProtocolError(Exception):
    """etasim sent something the protocol does not allow at this point."""


# ---------------------------------------------------------------------------
# The channel
# ---------------------------------------------------------------------------


def _not_serialisable(value):
    raise TypeError("Object of type %s is not JSON serializable" % type(value).__name__)


def _make_encode():
    """One encoder for every message, built once.

    json.dumps with options builds a new JSONEncoder per call, and even a kept
    JSONEncoder's encode() builds a new C encoder per call: a tick's messages
    paid that several times. The C encoder is made once here (the messages are
    the adapter's own plain dicts, so no circular check), and checked against
    the standard encoder; where the interpreter lacks it, the standard one.
    """
    standard = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return standard
    try:
        chunks = make(None, _not_serialisable, json.encoder.encode_basestring, None, ":", ",", False, False, False)

        def encode(message):
            return "".join(chunks(message, 0))

        sample = {"op": "idle", "deadline_ms": 1, "v": [1.5, -0.0, "\u00e9\n\"", None, True, {"k": 10 ** 20}]}
        return encode if encode(sample) == standard(sample) else standard
    except Exception:  # noqa: B902 - an interpreter whose private encoder differs keeps the standard one
        return standard


_ENCODE = _make_encode()


class Channel:
    """The two protocol descriptors, moved out of the tracker's reach.

    fds 3 and 4 are duplicated to private non-inheritable descriptors and then
    replaced by /dev/null, so a tracker that writes to fd 4 (or reads fd 3)
    cannot corrupt or steal protocol traffic.
    """

    def __init__(self, read_fd=3, write_fd=4):
        private_read = os.dup(read_fd)
        private_write = os.dup(write_fd)
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, read_fd)
        os.dup2(devnull, write_fd)
        os.close(devnull)
        self._reader = os.fdopen(private_read, "rb", buffering=65536)
        self._write_fd = private_write
        self._pending = []
        self.messages_in = 0
        self.messages_out = 0

    def read(self):
        """The next command as a dict; exits the process quietly when etasim has gone (EOF)."""
        line = self._reader.readline()
        if not line:
            os._exit(0)
        self.messages_in += 1
        try:
            command = json.loads(line.decode("utf-8"))
        except ValueError as error:
            raise ProtocolError("not a JSON line: %s" % error)
        if not isinstance(command, dict) or not isinstance(command.get("op"), str):
            raise ProtocolError("a command must be an object with a string 'op'")
        return command

    def write(self, message, flush=True):
        """Writes one message as a single line (json escapes every newline inside it).

        With ``flush=False`` (a streamed write nobody waits for) the line is
        held and goes out with the next flushed message, in order: one
        system call per exchange instead of one per command.
        """
        line = _ENCODE(message) + "\n"
        self.messages_out += 1
        if not flush:
            self._pending.append(line)
            return
        if self._pending:
            self._pending.append(line)
            line = "".join(self._pending)
            self._pending = []
        data = line.encode("utf-8")
        view = memoryview(data)
        while view:
            written = os.write(self._write_fd, view)
            view = view[written:]


# ---------------------------------------------------------------------------
# The virtual clock and the patches that make every clock read it
# ---------------------------------------------------------------------------


class VirtualClock:
    """Virtual epoch milliseconds, an integer, owned by etasim."""

    def __init__(self):
        self.now_ms = 0

    def set(self, now_ms, allow_backwards=False):
        """Moves the clock; time never runs backwards inside a run (that is an etasim bug)."""
        if isinstance(now_ms, bool) or not isinstance(now_ms, int):
            if isinstance(now_ms, float) and now_ms.is_integer():
                now_ms = int(now_ms)
            else:
                raise ProtocolError("now_ms must be an integer, got %r" % (now_ms,))
        if now_ms < self.now_ms and not allow_backwards:
            raise ProtocolError("now_ms went backwards: %d after %d" % (now_ms, self.now_ms))
        self.now_ms = now_ms

    def seconds(self):
        """now_ms / 1000: the same double JavaScript computes."""
        return self.now_ms / 1000

    def nanoseconds(self):
        return self.now_ms * 1000000


CLOCK = VirtualClock()

REAL_TIME = {name: getattr(_time_module, name) for name in (
    "time", "monotonic", "perf_counter", "time_ns", "monotonic_ns", "perf_counter_ns",
    "sleep", "gmtime", "localtime", "ctime", "strftime", "asctime")}
RealDatetime = _datetime_module.datetime
RealDate = _datetime_module.date
_EPOCH_UTC = RealDatetime(1970, 1, 1, tzinfo=_datetime_module.timezone.utc)


def _virtual_utc():
    """The virtual instant as an aware UTC datetime, built from integer ms (no float rounding)."""
    return _EPOCH_UTC + _datetime_module.timedelta(milliseconds=CLOCK.now_ms)


def _virtual_seconds():
    return CLOCK.seconds()


def _virtual_nanoseconds():
    return CLOCK.nanoseconds()


def _virtual_gmtime(secs=None):
    return REAL_TIME["gmtime"](CLOCK.seconds() if secs is None else secs)


def _virtual_localtime(secs=None):
    return REAL_TIME["localtime"](CLOCK.seconds() if secs is None else secs)


def _virtual_ctime(secs=None):
    return REAL_TIME["ctime"](CLOCK.seconds() if secs is None else secs)


def _virtual_asctime(t=None):
    return REAL_TIME["asctime"](_virtual_localtime() if t is None else t)


def _virtual_strftime(fmt, t=None):
    return REAL_TIME["strftime"](fmt, _virtual_localtime() if t is None else t)


def _virtual_sleep(seconds):
    """time.sleep blocks the loop as it really would: a ``sleep`` request etasim answers."""
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    ADAPTER.blocking_sleep(int(round(seconds * 1000)))


class VirtualDatetime(RealDatetime):
    """datetime.datetime whose now/utcnow/today read the virtual clock.

    The C type cannot be patched, so the datetime module's name is rebound to
    this subclass (and the tracker module's own imported names after exec).
    """

    @classmethod
    def now(cls, tz=None):
        utc = _virtual_utc()
        if tz is None:
            moment = utc.astimezone().replace(tzinfo=None)
        else:
            moment = tz.fromutc(utc.replace(tzinfo=tz))
        return cls._from(moment)

    @classmethod
    def utcnow(cls):
        return cls._from(_virtual_utc().replace(tzinfo=None))

    @classmethod
    def today(cls):
        return cls.now()

    @classmethod
    def _from(cls, moment):
        return cls(moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second,
                   moment.microsecond, tzinfo=moment.tzinfo, fold=moment.fold)


class VirtualDate(RealDate):
    """datetime.date whose today() reads the virtual clock (local time, like the real one)."""

    @classmethod
    def today(cls):
        moment = _virtual_utc().astimezone()
        return cls(moment.year, moment.month, moment.day)


VIRTUAL_TIME = {
    "time": _virtual_seconds, "monotonic": _virtual_seconds, "perf_counter": _virtual_seconds,
    "time_ns": _virtual_nanoseconds, "monotonic_ns": _virtual_nanoseconds, "perf_counter_ns": _virtual_nanoseconds,
    "sleep": _virtual_sleep, "gmtime": _virtual_gmtime, "localtime": _virtual_localtime,
    "ctime": _virtual_ctime, "strftime": _virtual_strftime, "asctime": _virtual_asctime,
}


def install_clock_patches():
    """Points the time and datetime modules at the virtual clock, before any tracker code runs."""
    for name, function in VIRTUAL_TIME.items():
        setattr(_time_module, name, function)
    _datetime_module.datetime = VirtualDatetime
    _datetime_module.date = VirtualDate


def rebind_clock_names(namespace):
    """Replaces real clock functions a module bound before the patches (``from time import time``)."""
    for name, value in list(namespace.items()):
        if value is RealDatetime:
            namespace[name] = VirtualDatetime
        elif value is RealDate:
            namespace[name] = VirtualDate
        elif callable(value):
            for real_name, real_function in REAL_TIME.items():
                if value is real_function:
                    namespace[name] = VIRTUAL_TIME[real_name]


# ---------------------------------------------------------------------------
# Threads: refused, because a second thread would talk to the channel concurrently
# ---------------------------------------------------------------------------

_real_thread_start = threading.Thread.start


def _guarded_thread_start(thread):
    """Thread.start while tracker code is active: refused and recorded as a fatal."""
    if ADAPTER.tracker_active:
        error = error_at_caller("TrackerThreadError", "the tracker started a thread (%s); etasim runs trackers on "
                                "one thread under virtual time" % (thread.name,))
        ADAPTER.record_fatal(error)
        raise RuntimeError(error["message"])
    return _real_thread_start(thread)


def install_thread_guard():
    threading.Thread.start = _guarded_thread_start


# ---------------------------------------------------------------------------
# Errors as etasim reports them
# ---------------------------------------------------------------------------


def describe_exception(exc):
    """TrackerError of an exception: its innermost frame in the tracker's file, else its innermost frame."""
    frames = traceback.extract_tb(exc.__traceback__) if exc.__traceback__ is not None else []
    return _error_from_frames(type(exc).__name__, _exception_message(exc), [(f.filename, f.lineno) for f in frames])


def error_at_caller(type_name, message):
    """TrackerError for something detected now (a thread, an unsupported command): the current stack."""
    frames = []
    frame = sys._getframe(1)
    while frame is not None:
        frames.append((frame.f_code.co_filename, frame.f_lineno))
        frame = frame.f_back
    frames.reverse()
    return _error_from_frames(type_name, message, frames)


def _error_from_frames(type_name, message, frames):
    tracker_file = ADAPTER.filename
    chosen = None
    for filename, line in frames:
        if filename == tracker_file:
            chosen = (filename, line)
    if chosen is None and frames:
        chosen = frames[-1]
    return {"type": type_name, "message": message,
            "file": chosen[0] if chosen else None, "line": chosen[1] if chosen else None}


def _exception_message(exc):
    if isinstance(exc, SystemExit):
        return "sys.exit(%r) called by the tracker" % (exc.code,)
    if isinstance(exc, KeyboardInterrupt):
        return "KeyboardInterrupt raised by the tracker"
    text = str(exc)
    return text if text else type(exc).__name__


def adapter_error(message):
    """TrackerError for a fault with no tracker frame (a protocol misuse)."""
    return {"type": "EtasimProtocolError", "message": message, "file": None, "line": None}


def json_value(value):
    """The value as JSON would carry it, or None when it is not JSON-serialisable."""
    if value is None or value is True or value is False or type(value) in (str, int):
        return value  # most calls return None: no encoder needed
    try:
        json.dumps(value, allow_nan=False)
        return value
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------------------
# Redis: the stub module and the client the tracker gets
# ---------------------------------------------------------------------------


class UnsupportedRedisCommand(Exception):
    """A Redis command the protocol does not carry; also a fatal, even if the tracker catches it."""


def ensure_redis_module():
    """Provides a stub ``redis`` module when redis-py is not installed, so ``import redis`` works."""
    try:
        import redis  # noqa: F401
        import redis.exceptions  # noqa: F401
        return
    except ImportError:
        pass
    exceptions = types.ModuleType("redis.exceptions")
    exceptions.__doc__ = "etasim's stub of redis.exceptions"

    class RedisError(Exception):
        pass

    class ConnectionError(RedisError):  # noqa: A001 - redis-py's own name
        pass

    class TimeoutError(RedisError):  # noqa: A001
        pass

    class DataError(RedisError):
        pass

    class ResponseError(RedisError):
        pass

    for cls in (RedisError, ConnectionError, TimeoutError, DataError, ResponseError):
        cls.__module__ = "redis.exceptions"
        setattr(exceptions, cls.__name__, cls)

    module = types.ModuleType("redis")
    module.__doc__ = "etasim's stub of redis-py: Redis() talks to the run's simulated server"
    module.exceptions = exceptions
    for cls in (RedisError, ConnectionError, TimeoutError, DataError, ResponseError):
        setattr(module, cls.__name__, cls)

    class Redis(TrackerRedisClient):
        """redis.Redis(...) in the stub: a client of whichever run is active when it is used."""

        def __init__(self, *args, **kwargs):
            TrackerRedisClient.__init__(self, None)

        @classmethod
        def from_url(cls, *args, **kwargs):
            return cls()

    module.Redis = Redis
    module.StrictRedis = Redis
    module.from_url = Redis.from_url
    sys.modules["redis"] = module
    sys.modules["redis.exceptions"] = exceptions


def redis_exceptions():
    return sys.modules["redis"].exceptions


def encode_value(value):
    """A value as redis-py sends it: bytes decoded, int as str(n), float as repr(x), bool/None refused."""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        raise redis_exceptions().DataError(
            "Invalid input of type: '%s'. Convert to a bytes, string, int or float first." % type(value).__name__)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    raise redis_exceptions().DataError(
        "Invalid input of type: '%s'. Convert to a bytes, string, int or float first." % type(value).__name__)


def encode_seconds(value):
    """An expiry as redis-py sends it: timedelta as whole seconds, numbers as integers."""
    if isinstance(value, _datetime_module.timedelta):
        return int(value.total_seconds())
    if isinstance(value, bool):
        raise redis_exceptions().DataError("expiry must be an integer")
    return int(value)


def encode_milliseconds(value):
    if isinstance(value, _datetime_module.timedelta):
        return int(value.total_seconds() * 1000)
    return int(value)


class TrackerRedisClient:
    """A synchronous, redis-py-shaped client whose commands travel over the protocol.

    Writes are streamed (``wait: false``) unless the run is in sync mode;
    reads always block on etasim's ``reply`` while virtual time stands still,
    like a sync redis-py call inside async code blocks the loop.
    """

    def __init__(self, run):
        self._run = run

    # -- the commands ---------------------------------------------------------------
    def setex(self, name, time, value):
        return self._command("setex", [encode_value(name), encode_seconds(time), encode_value(value)], True)

    def set(self, name, value, ex=None, px=None, nx=False, xx=False, keepttl=False, get=False, exat=None, pxat=None):
        if nx or xx or keepttl or get or exat is not None or pxat is not None:
            return self._unsupported("set with nx/xx/keepttl/get/exat/pxat")
        args = [encode_value(name), encode_value(value)]
        if ex is not None:
            args += ["EX", encode_seconds(ex)]
        if px is not None:
            args += ["PX", encode_milliseconds(px)]
        return self._command("set", args, True)

    def get(self, name):
        key = encode_value(name)
        run = self._run if self._run is not None else ADAPTER.run
        # A key etasim read for this tick already (the cancel flag, in streaming mode): no round trip.
        if run is not None and not run.ending and key in run.snapshot:
            return run.snapshot[key]
        return self._command("get", [key], False)

    def publish(self, channel, message):
        return self._command("publish", [encode_value(channel), encode_value(message)], True)

    def delete(self, *names):
        return self._command("delete", [encode_value(n) for n in names], True)

    def exists(self, *names):
        return self._command("exists", [encode_value(n) for n in names], False)

    def ping(self, **kwargs):
        """Answered locally: the simulated server is always there."""
        return True

    def close(self):
        pass

    # -- everything else ------------------------------------------------------------
    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)

        def unsupported(*args, **kwargs):
            return self._unsupported(name)

        unsupported.__name__ = name
        return unsupported

    def _unsupported(self, name):
        message = "Redis command '%s' is not supported by etasim's tracker client" % name
        ADAPTER.record_fatal(error_at_caller("UnsupportedRedisCommand", message))
        raise UnsupportedRedisCommand(message)

    # -- the wire -------------------------------------------------------------------
    def _command(self, cmd, args, is_write):
        run = self._run if self._run is not None else ADAPTER.run
        if run is None or run.ending:
            if is_write:
                return _streamed_result(cmd, args)
            raise redis_exceptions().ConnectionError("etasim: the run has ended")
        if is_write and run.snapshot:
            # A key the tracker writes is no longer read-only: later ticks read it from Redis, not the snapshot.
            for key in (args if cmd == "delete" else args[:1]):
                run.snapshot.pop(key, None)
        wait = (not is_write) or run.sync_now()
        ADAPTER.channel.write({"op": "redis", "cmd": cmd, "args": args, "wait": wait}, flush=wait)
        if not wait:
            return _streamed_result(cmd, args)
        reply = ADAPTER.wait_reply()
        if "error" in reply and reply["error"] is not None:
            raise redis_exceptions().ConnectionError(str(reply["error"]))
        return _reply_result(cmd, reply.get("value"))


def _streamed_result(cmd, args):
    """What redis-py would return for a write etasim has not answered yet."""
    if cmd in ("setex", "set"):
        return True
    if cmd == "publish":
        return 1
    if cmd == "delete":
        return len(args)
    return None


def _reply_result(cmd, value):
    """etasim's reply as redis-py (decode_responses=True) returns it."""
    if cmd in ("setex", "set"):
        return True if value == "OK" else value
    if cmd in ("publish", "delete", "exists") and isinstance(value, str) and value.isdigit():
        return int(value)
    return value


# ---------------------------------------------------------------------------
# The event loop: virtual time, and the selector as the idle point
# ---------------------------------------------------------------------------


class IdleSelector(selectors.SelectSelector):
    """A selector that never waits: asyncio calls select(timeout != 0) exactly when nothing is ready.

    That call is where the adapter tells etasim it is idle and takes the next
    command. Registrations work as usual (asyncio's self-pipe); no descriptor
    is ever polled, since the tracker only talks to Redis through the protocol.
    """

    def __init__(self, run):
        selectors.SelectSelector.__init__(self)
        self._run = run

    def select(self, timeout=None):
        run = self._run
        run.iterations += 1
        if run.iterations > run.iteration_limit:
            if run.ending:
                raise LeaveLoop(None)
            ADAPTER.record_fatal(busy_loop_error(run))
            raise LeaveLoop(None)
        if ADAPTER.pending_fatal is not None:
            raise LeaveLoop(None)
        if run.leave_command is not None:
            raise LeaveLoop(run.leave_command)
        if timeout == 0 or run.timer_due_now():
            return []
        if run.ending:
            raise LeaveLoop(None)
        ADAPTER.idle_point(run)
        return []


class VirtualEventLoop(asyncio.SelectorEventLoop):
    """A SelectorEventLoop whose clock is etasim's and whose tasks the adapter watches."""

    def __init__(self, run):
        asyncio.SelectorEventLoop.__init__(self, IdleSelector(run))
        self._clock_resolution = CLOCK_RESOLUTION_S
        self._etasim_run = run

    def time(self):
        return CLOCK.seconds()

    def create_task(self, coro, **kwargs):
        task = asyncio.SelectorEventLoop.create_task(self, coro, **kwargs)
        self._etasim_run.watch_task(task)
        return task

    def earliest_deadline_ms(self):
        """The earliest live timer as integer ms (``round(when * 1000)``), or None."""
        live = [h._when for h in self._scheduled if not h._cancelled]
        live += [h._when for h in self._etasim_run.parked if not h._cancelled]
        return int(round(min(live) * 1000)) if live else None


def busy_loop_error(run):
    """The fatal of a task that keeps the loop busy: points at the ready task's line in the tracker."""
    message = ("the tracker's event loop ran %d iterations without going idle at virtual time %d ms "
               "(a task that reschedules itself with sleep(0) for ever?)" % (ITERATION_LIMIT, CLOCK.now_ms))
    frames = []
    for handle in list(run.loop._ready):
        task = getattr(getattr(handle, "_callback", None), "__self__", None)
        if isinstance(task, asyncio.Task):
            frames = [(f.f_code.co_filename, f.f_lineno) for f in task.get_stack(limit=None)]
            if frames:
                break
    return _error_from_frames("TrackerBusyLoop", message, frames)


# ---------------------------------------------------------------------------
# One run
# ---------------------------------------------------------------------------


class Run:
    """Everything one ``begin`` … ``end`` owns: its module, loop, objects and pending results."""

    def __init__(self, adapter, sync, sync_windows=()):
        self.adapter = adapter
        self.sync = bool(sync)
        # [from_ms, to_ms) of virtual epoch time in which the tracker's Redis commands meet injected faults.
        self.sync_windows = [(int(a), int(b)) for a, b in sync_windows or ()]
        self.module = None
        self.tracker = None
        self.task_object = None
        self.client = TrackerRedisClient(self)
        self.done = []
        self.call_tasks = {}
        self.watched_tasks = []
        self.parked = []
        # Values of keys etasim read at this advance's instant, for the tracker's gets (see TrackerRedisClient.get).
        self.snapshot = {}
        # The instant before which the loop may run ahead on its own ("Running ahead" in docs/tracker-protocol.md).
        self.until_ms = None
        # update_work_progress calls etasim declared for the way to until_ms, each made at its instant
        # ("Declared reports" in docs/tracker-protocol.md); those due before the next tick, and that tick's deadline.
        self.declared = []
        self.declared_due = []
        self.resume_ms = None
        self.ahead_ticks = 0
        self.flushed_at = 0.0
        self.more = False
        self.iterations = 0
        self.iteration_limit = ITERATION_LIMIT
        self.ending = False
        self.broken = False
        self.leave_command = None
        self.threads_at_begin = threading.active_count()
        self.loop = VirtualEventLoop(self)

    def sync_now(self):
        """Whether a write must wait for etasim's reply now: always in sync mode, else inside a fault window."""
        if self.sync:
            return True
        now = CLOCK.now_ms
        for start, end in self.sync_windows:
            if start <= now < end:
                return True
        return False

    def park_timers(self):
        """Holds the loop's timers back while a call runs: only etasim's ``advance`` fires them.

        etasim stands for the loop's timers with one timer of its own; until
        that one fires, a tick due at the same instant as the call has not
        happened yet (the tie rule in docs/tracker-protocol.md).
        """
        scheduled = self.loop._scheduled
        if scheduled:
            self.parked.extend(scheduled)
            del scheduled[:]

    def unpark_timers(self):
        """Gives the held-back timers back to the loop (at ``advance``)."""
        if self.parked:
            scheduled = self.loop._scheduled
            for handle in self.parked:
                heapq.heappush(scheduled, handle)
            self.parked = []

    def timer_due_now(self):
        """A timer asyncio would still wait for but that is due within the clock resolution."""
        scheduled = self.loop._scheduled
        return bool(scheduled) and scheduled[0]._when < CLOCK.seconds() + CLOCK_RESOLUTION_S

    def as_call_task(self, awaitable, on_done):
        """A call's coroutine as a task whose end the adapter reports (on_done), not as one the tracker created."""
        task = asyncio.ensure_future(awaitable, loop=self.loop)
        if task in self.watched_tasks:
            self.watched_tasks.remove(task)
        task.add_done_callback(on_done)
        return task

    def watch_task(self, task):
        """Remembers a task the tracker created, so an exception it dies with is not lost."""
        if task not in self.call_tasks:
            self.watched_tasks.append(task)

    def unretrieved_task_error(self):
        """A tracker-created task that died with an exception nobody has retrieved, as a TrackerError."""
        still_running = []
        found = None
        for task in self.watched_tasks:
            if not task.done():
                still_running.append(task)
                continue
            if found is None and not task.cancelled() and getattr(task, "_log_traceback", False):
                exc = task.exception()
                found = describe_exception(exc)
                found["message"] = "a task the tracker created died: %s" % found["message"]
        self.watched_tasks = still_running
        return found


# ---------------------------------------------------------------------------
# The adapter
# ---------------------------------------------------------------------------


class Adapter:
    """Serves etasim's commands: one process, many runs."""

    def __init__(self):
        self.deferred_commands = []
        self.channel = None
        self.code = None
        self.filename = None
        self.module_name = "etasim_tracker"
        self.tracker_dir = None
        self.tracker_class = DEFAULT_TRACKER_CLASS
        self.loop_class = DEFAULT_LOOP_CLASS
        self.run = None
        self.pending_fatal = None
        self.tracker_active = False

    # -- the top level ----------------------------------------------------------------
    def serve(self):
        """Reads commands outside any run; ``begin`` drives a run until it ends or breaks."""
        self.channel = Channel()
        self.channel.write({"op": "hello", "python": platform.python_version(), "executable": sys.executable})
        command = None
        while True:
            if command is None:
                command = self.channel.read()
            try:
                command = self.dispatch_outside(command)
            except ProtocolError as error:
                self.channel.write({"op": "fatal", "error": adapter_error(str(error))})
                command = None

    def dispatch_outside(self, command):
        """Handles one command outside the loop; returns a command to handle next, or None."""
        op = command["op"]
        if op == "load":
            self.finish_run()
            self.load(command)
            return None
        if op == "begin":
            self.deferred_commands = []
            self.finish_run()
            return self.begin(command)
        if op == "end":
            self.finish_run()
            self.channel.write({"op": "ended"})
            return None
        if op == "quit":
            self.quit()
        if op in ("call", "setattr", "getattr", "advance", "reply"):
            if self.run is not None and self.run.broken:
                self.channel.write({"op": "fatal", "error": self.run.fatal})
                return None
            raise ProtocolError("'%s' outside a run (send begin first)" % op)
        raise ProtocolError("unknown op %r" % op)

    def quit(self):
        """Exits at once: a stray non-daemon thread must not keep the process alive."""
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)

    # -- load -----------------------------------------------------------------------
    def load(self, command):
        """Compiles the tracker once, executes it once to catch import and class errors."""
        source = command.get("source")
        filename = command.get("filename") or "<tracker>"
        if not isinstance(source, str):
            raise ProtocolError("load needs a string 'source'")
        self.code = None
        self.filename = filename
        self.tracker_class = command.get("tracker_class") or DEFAULT_TRACKER_CLASS
        self.loop_class = command.get("loop_class") or DEFAULT_LOOP_CLASS
        directory = command.get("dir")
        if directory and directory not in sys.path:
            sys.path.insert(0, directory)
        self.tracker_dir = os.path.abspath(directory) if directory else None
        self.module_name = self.choose_module_name(filename)
        if "now_ms" in command:
            CLOCK.set(command["now_ms"], allow_backwards=True)
        try:
            code = compile(source, filename, "exec", dont_inherit=True)
        except SyntaxError as error:
            self.channel.write({"op": "load_error", "kind": "syntax", "message": error.msg or "invalid syntax",
                                "line": error.lineno or 1, "col": error.offset or 1})
            return
        except ValueError as error:  # null bytes in the source
            self.channel.write({"op": "load_error", "kind": "syntax", "message": str(error), "line": 1, "col": 1})
            return
        failure = self.trial_import(code)
        if failure is not None:
            self.channel.write(failure)
            return
        self.code = code
        self.channel.write({"op": "loaded", "tracker_class": self.tracker_class, "loop_class": self.loop_class})

    def choose_module_name(self, filename):
        """The file's stem, unless another module already has that name (then ``etasim_tracker``)."""
        stem = os.path.splitext(os.path.basename(filename))[0]
        if stem.isidentifier() and stem not in sys.modules and stem != "__main__":
            try:
                import importlib.util
                spec = importlib.util.find_spec(stem)
            except (ImportError, ValueError):
                spec = None
            origin = getattr(spec, "origin", None) if spec is not None else None
            if spec is None or (self.tracker_dir and origin and os.path.abspath(origin).startswith(self.tracker_dir)):
                return stem
        return "etasim_tracker"

    def trial_import(self, code):
        """Executes the module once; an exception is an ``import`` error, a missing class a ``class`` error."""
        self.tracker_active = True
        try:
            module = self.fresh_module(code)
        except BaseException as exc:  # noqa: B902 - SystemExit at import time is bad input too
            error = describe_exception(exc)
            line = error["line"] if error["file"] == self.filename else 1
            return {"op": "load_error", "kind": "import", "message": "%s: %s" % (error["type"], error["message"]),
                    "line": line or 1, "col": 1}
        finally:
            self.tracker_active = False
            self.pending_fatal = None
            self.forget_module()
        missing = [name for name in (self.tracker_class, self.loop_class) if not inspect.isclass(getattr(module, name, None))]
        if missing:
            return {"op": "load_error", "kind": "class", "line": 1, "col": 1,
                    "message": "%s defines no class %s" % (self.filename, " and no class ".join(missing))}
        return None

    def fresh_module(self, code):
        """A new module object with the cached code executed in it; clock names rebound afterwards."""
        self.forget_module()
        module = types.ModuleType(self.module_name)
        module.__file__ = self.filename
        sys.modules[self.module_name] = module
        exec(code, module.__dict__)
        rebind_clock_names(module.__dict__)
        for other in self.sibling_modules():
            rebind_clock_names(other.__dict__)
        return module

    def sibling_modules(self):
        """Modules imported from the tracker's own folder (fresh per run too)."""
        if not self.tracker_dir:
            return []
        found = []
        for name, module in list(sys.modules.items()):
            path = getattr(module, "__file__", None)
            if name != self.module_name and path and os.path.abspath(path).startswith(self.tracker_dir + os.sep):
                found.append(module)
        return found

    def forget_module(self):
        """Drops the tracker module and its siblings from sys.modules, so nothing carries to the next run."""
        sys.modules.pop(self.module_name, None)
        for module in self.sibling_modules():
            sys.modules.pop(module.__name__, None)

    # -- begin, and driving the loop ------------------------------------------------------
    def begin(self, command):
        """A fresh module and loop, then the loop runs (going idle at once) until the run ends."""
        if self.code is None:
            raise ProtocolError("begin without a successful load")
        self.pending_fatal = None
        CLOCK.set(command.get("now_ms", 0), allow_backwards=True)
        run = Run(self, command.get("sync", False), command.get("sync_windows"))
        self.run = run
        asyncio.set_event_loop(run.loop)
        self.tracker_active = True
        try:
            run.module = self.fresh_module(self.code)
        except BaseException as exc:  # noqa: B902
            self.record_fatal(describe_exception(exc))
        return self.drive(run)

    def drive(self, run):
        """Runs the loop; returns the command that made it leave (begin/load/quit), or None."""
        while True:
            try:
                if self.pending_fatal is not None:
                    raise LeaveLoop(None)
                run.loop.run_forever()
                continue  # the tracker called loop.stop(): the loop simply carries on
            except LeaveLoop as leave:
                if leave.command is None:
                    self.break_run(run)
                    return None
                if leave.command["op"] == "end":
                    self.finish_run()
                    self.channel.write({"op": "ended"})
                    return None
                return leave.command
            except ProtocolError as error:
                self.record_fatal(adapter_error(str(error)))
                self.break_run(run)
                return None
            except BaseException as exc:  # noqa: B902 - SystemExit, KeyboardInterrupt from tracker code
                self.record_fatal(describe_exception(exc))
                self.break_run(run)
                return None

    def break_run(self, run):
        """Reports the run's fatal; it stays broken (every later command re-reports it) until ``end``."""
        run.broken = True
        run.fatal = self.pending_fatal or adapter_error("the run broke")
        self.tracker_active = False
        self.channel.write({"op": "fatal", "error": run.fatal})

    def finish_run(self):
        """Cancels every task, lets them wind down briefly with Redis cut off, closes the loop."""
        run = self.run
        if run is None:
            return
        run.ending = True
        run.leave_command = None
        loop = run.loop
        tasks = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in tasks:
            task._log_destroy_pending = False
            task.cancel()
        if tasks and not run.broken:
            run.iterations = 0
            run.iteration_limit = ENDING_ITERATION_LIMIT
            self.pending_fatal = None
            try:
                loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
            except BaseException:  # noqa: B902 - whatever the tracker does while cancelled, the run is over
                pass
        for task in asyncio.all_tasks(loop):
            task._log_destroy_pending = False
        try:
            loop.close()
        except BaseException:  # noqa: B902
            pass
        asyncio.set_event_loop(None)
        self.forget_module()
        self.run = None
        self.pending_fatal = None
        self.tracker_active = False

    # -- the idle point -----------------------------------------------------------------
    def idle_point(self, run):
        """Nothing is ready: report idle, then take commands until one lets the loop run again."""
        fatal = self.idle_fatal(run)
        if fatal is not None:
            self.record_fatal(fatal)
            raise LeaveLoop(None)
        if run.resume_ms is not None:
            self.make_declared(run)
            return
        done, run.done = run.done, []
        more, run.more = run.more, False
        deadline = run.loop.earliest_deadline_ms()
        run.iterations = 0
        due = None
        if self.may_run_ahead(run, done, more, deadline):
            due = self.declared_before(run, deadline)
        if due is not None:
            run.ahead_ticks += 1
            wall = REAL_TIME["monotonic"]()
            flush = run.ahead_ticks % AHEAD_FLUSH_TICKS == 0 or wall - run.flushed_at >= AHEAD_FLUSH_S
            if flush:
                run.flushed_at = wall
            self.channel.write({"op": "idle", "deadline_ms": deadline, "done": [], "ahead": True}, flush=flush)
            if due:
                # Reports due before this tick: made first, each at its instant, as if etasim had sent them (a
                # legacy writer's last_progress after its report: a step of its own, as etasim's setattr is).
                for report in due:
                    run.declared_due.append(("call", report))
                    if "last_progress" in report:
                        run.declared_due.append(("last_progress", report))
                del run.declared[:len(due)]
                run.resume_ms = deadline
                run.park_timers()
                self.make_declared(run)
                return
            CLOCK.set(deadline)
            return
        left = len(run.declared)
        run.snapshot = {}
        run.until_ms = None
        run.declared = []
        idle = {"op": "idle", "deadline_ms": deadline, "done": done}
        if left:
            idle["declared_left"] = left
        self.channel.write(idle, flush=not more)
        while True:
            command = self.deferred_commands.pop(0) if self.deferred_commands else self.channel.read()
            if self.dispatch_in_run(run, command):
                return

    def make_declared(self, run):
        """The next declared report due before the tick, as a loop callback at its instant; then on to the tick.

        As each call etasim sends: the loop's timers are held back before it
        (one a call made is not due until the tick's advance), and the clock
        never goes back (a tick or a call that slept, or waited for a read,
        took time: a report due meanwhile is made once the loop is idle).
        """
        run.iterations = 0
        if run.declared_due:
            step, report = run.declared_due.pop(0)
            CLOCK.set(max(report["at_ms"], CLOCK.now_ms))
            run.park_timers()
            run.loop.call_soon(self.perform_declared, run, step, report)
            return
        CLOCK.set(max(run.resume_ms, CLOCK.now_ms))
        run.resume_ms = None
        run.unpark_timers()

    def perform_declared(self, run, step, report):
        """A declared report (or the last_progress after it): what etasim would have sent; an exception fails the run."""
        try:
            tracker = self.target_object(run, "tracker")
            if step == "last_progress":
                setattr(tracker, "last_progress", report["last_progress"])
                return
            result = getattr(tracker, report["method"])(*report.get("args", []))
        except ProtocolError as error:
            self.record_fatal(adapter_error(str(error)))
            return
        except Exception as exc:  # noqa: B902 - the tracker's own exception ends the run
            self.record_fatal(describe_exception(exc))
            return
        if inspect.isawaitable(result):
            # As a call's task: its exception is the run's failure, as the call's done error would be in lockstep.
            run.as_call_task(result, lambda finished: self.declared_task_done(run, finished))

    def declared_task_done(self, run, task):
        if run.ending or task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            self.record_fatal(describe_exception(exc))

    def declared_before(self, run, deadline):
        """The declared reports to make before the tick at ``deadline`` (a list), or None for a tie etasim decides.

        A report due before the tick comes first. One due at the tick's own
        instant comes first if its timer was set before the wake standing for
        the tick (set now, as etasim takes this idle in: timers due at one
        instant fire in the order they were set), after it if set later; set
        at this same instant, the order is etasim's alone: no running ahead.
        """
        now = CLOCK.now_ms
        count = 0
        for report in run.declared:
            at = report["at_ms"]
            if at > deadline:
                break
            if at == deadline:
                setting = report.get("set_ms", now)
                if setting == now:
                    return None
                if setting > now:
                    break
            count += 1
        return run.declared[:count]

    def may_run_ahead(self, run, done, more, deadline):
        """Whether the loop may go on to its next deadline without waiting for etasim.

        Only after an ``advance`` that set a horizon, while the next deadline is
        before it, nothing finished that etasim's side waits for (``done``), and
        etasim has nothing else queued: until the horizon the run's own code does
        not move, so the tick would run the same at etasim's word.
        """
        return (run.until_ms is not None and deadline is not None and deadline < run.until_ms
                and not done and not more and not self.deferred_commands
                and run.ahead_ticks < AHEAD_TICKS_MAX and not run.sync_now())

    def idle_fatal(self, run):
        """Faults found at the idle point: a thread still running, a task that died unobserved."""
        if threading.active_count() > run.threads_at_begin:
            return {"type": "TrackerThreadError", "file": self.filename, "line": None,
                    "message": "the tracker started a thread (%d threads running, %d at begin)"
                               % (threading.active_count(), run.threads_at_begin)}
        return run.unretrieved_task_error()

    def dispatch_in_run(self, run, command):
        """One command at the idle point; True when the loop should run again."""
        op = command["op"]
        # etasim sent more commands right behind this one: its idle can wait for theirs (one write for all).
        run.more = bool(command.get("more"))
        if op == "advance":
            CLOCK.set(max(command["now_ms"], CLOCK.now_ms))
            run.snapshot = command.get("reads") or {}
            run.until_ms = command.get("until_ms")
            run.declared = list(command.get("declared") or [])
            run.ahead_ticks = 0
            run.flushed_at = REAL_TIME["monotonic"]()
            run.unpark_timers()
            return True
        run.until_ms = None
        if op == "call":
            self.set_clock_if_given(command)
            run.park_timers()
            run.loop.call_soon(self.perform_call, run, command)
            return True
        if op == "setattr":
            self.set_clock_if_given(command)
            run.park_timers()
            run.loop.call_soon(self.perform_setattr, run, command)
            return True
        if op == "getattr":
            self.perform_getattr(run, command)
            return True
        if op in ("end", "begin", "load", "quit"):
            raise LeaveLoop(command)
        raise ProtocolError("'%s' is not allowed while the run is idle" % op)

    def set_clock_if_given(self, command):
        """A command's time; one that waited while the tracker blocked runs at the time it is taken."""
        if "now_ms" in command and command["now_ms"] is not None:
            CLOCK.set(max(command["now_ms"], CLOCK.now_ms))

    # -- calls ------------------------------------------------------------------------
    def target_object(self, run, target):
        if target == "tracker":
            obj = run.tracker
        elif target == "loop":
            obj = run.task_object
        else:
            raise ProtocolError("unknown target %r (tracker or loop)" % (target,))
        if obj is None:
            raise ProtocolError("the %s object does not exist yet (call __init__ first)" % target)
        return obj

    def perform_call(self, run, command):
        """A call as a loop callback; a coroutine result runs as a task reported when it finishes."""
        call_id = command.get("id")
        try:
            result = self.invoke(run, command)
        except ProtocolError as error:
            run.done.append({"id": call_id, "ok": False, "error": adapter_error(str(error))})
            return
        except Exception as exc:  # noqa: B902 - the tracker's own exception is the call's result
            run.done.append({"id": call_id, "ok": False, "error": describe_exception(exc)})
            return
        if inspect.isawaitable(result):
            task = run.as_call_task(result, lambda finished: self.call_task_done(run, finished))
            run.call_tasks[task] = call_id
        else:
            run.done.append({"id": call_id, "ok": True, "value": json_value(result)})

    def invoke(self, run, command):
        target = command.get("target")
        method = command.get("method")
        args = list(command.get("args") or [])
        kwargs = dict(command.get("kwargs") or {})
        if method == "__init__":
            module = run.module
            if target == "tracker":
                run.tracker = getattr(module, self.tracker_class)(*(args + [run.client]), **kwargs)
            elif target == "loop":
                if run.tracker is None:
                    raise ProtocolError("construct the tracker before the loop")
                run.task_object = getattr(module, self.loop_class)(run.tracker, *args, **kwargs)
            else:
                raise ProtocolError("unknown target %r (tracker or loop)" % (target,))
            return None
        if not isinstance(method, str):
            raise ProtocolError("call needs a string 'method'")
        return getattr(self.target_object(run, target), method)(*args, **kwargs)

    def call_task_done(self, run, task):
        call_id = run.call_tasks.pop(task, None)
        if run.ending:
            return
        if task.cancelled():
            run.done.append({"id": call_id, "ok": False, "error": {
                "type": "CancelledError", "message": "the call's task was cancelled", "file": None, "line": None}})
            return
        exc = task.exception()
        if exc is None:
            run.done.append({"id": call_id, "ok": True, "value": json_value(task.result())})
        elif isinstance(exc, (SystemExit, KeyboardInterrupt)):
            self.record_fatal(describe_exception(exc))
        else:
            run.done.append({"id": call_id, "ok": False, "error": describe_exception(exc)})

    def perform_setattr(self, run, command):
        try:
            setattr(self.target_object(run, command.get("target")), command["name"], command.get("value"))
            run.done.append({"id": command.get("id"), "ok": True, "value": None})
        except ProtocolError as error:
            run.done.append({"id": command.get("id"), "ok": False, "error": adapter_error(str(error))})
        except Exception as exc:  # noqa: B902
            run.done.append({"id": command.get("id"), "ok": False, "error": describe_exception(exc)})

    def perform_getattr(self, run, command):
        try:
            value = getattr(self.target_object(run, command.get("target")), command["name"])
            run.done.append({"id": command.get("id"), "ok": True, "value": json_value(value)})
        except ProtocolError as error:
            run.done.append({"id": command.get("id"), "ok": False, "error": adapter_error(str(error))})
        except Exception as exc:  # noqa: B902
            run.done.append({"id": command.get("id"), "ok": False, "error": describe_exception(exc)})

    # -- blocking requests from tracker code ----------------------------------------------
    def wait_reply(self):
        """Blocks for the ``reply`` to the one outstanding request; ``end``/``quit`` are honoured."""
        run = self.run
        while True:
            command = self.channel.read()
            if command["op"] not in ("call", "setattr", "getattr", "advance"):
                break
            # etasim sent it before it knew the tracker blocks; the loop takes it once unblocked.
            self.deferred_commands.append(command)
        op = command["op"]
        if op == "reply":
            if command.get("now_ms") is not None:
                CLOCK.set(command["now_ms"])
            return command
        if op == "quit":
            self.quit()
        if op in ("end", "begin", "load") and run is not None:
            run.leave_command = command
            run.ending = True
            raise redis_exceptions().ConnectionError("etasim: the run has ended")
        self.record_fatal(adapter_error("expected a reply, got '%s'" % op))
        raise redis_exceptions().ConnectionError("etasim: protocol error")

    def blocking_sleep(self, ms):
        """time.sleep(ms) inside a run: a ``sleep`` request; outside one (or while ending) it returns."""
        run = self.run
        if run is None or run.ending:
            return
        self.channel.write({"op": "sleep", "ms": ms})
        self.wait_reply()
        # Time moved: what etasim read for this tick is not what a read would see now.
        run.snapshot = {}

    def record_fatal(self, error):
        """Remembers the first fatal of the run; it is reported at the next point the loop can be left."""
        if self.pending_fatal is None:
            self.pending_fatal = error


ADAPTER = Adapter()


def die_with_parent():
    """On Linux, the kernel kills us when etasim goes: EOF on fd 3 cannot end tracker code that never yields."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG (had etasim gone already, fd 3's EOF ends us)
    except (OSError, AttributeError):
        pass


def main():
    """Installs the clock, thread guard and redis stub before any tracker code, then serves."""
    sys.dont_write_bytecode = True  # no __pycache__ left in the tracker's repository
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # etasim's Ctrl-C ends us through EOF on fd 3
    die_with_parent()
    install_clock_patches()
    install_thread_guard()
    ensure_redis_module()
    ADAPTER.serve()


if __name__ == "__main__":
    main()
