import { createHash } from 'node:crypto';
import { SimulationHalted } from '../../../1-kernel/errors.js';
import type { Simulation } from '../../../1-kernel/Simulation.js';
import type { StageName } from '../../../2-wire/stages.js';
import type { Connection } from '../../redis/Connection.js';
import type { TrackerReading } from '../TrackerModel.js';
import type { ExternalTrackerData, TrackerContext, TrackerError, TrackerFactory, TrackerPort, WorkReport } from '../TrackerPort.js';
import { AdapterProcess, AdapterUnusable, resolvePython, type AdapterMessage } from './AdapterProcess.js';

/** The tracker file to run: its text, the name errors show, and its classes. */
export interface PythonTrackerSource {
  readonly source: string;
  /** As errors and reports show it (`tracker.py`, `tracker.py@origin/main`). */
  readonly filename: string;
  /** Added to the module search path, for the file's sibling imports; null for none. */
  readonly dir: string | null;
  readonly trackerClass: string;
  readonly loopClass: string;
}

/** The tracker file cannot be used: not valid Python, a class missing, an import failing. Bad input. */
export class TrackerLoadError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly col: number,
    message: string,
  ) {
    super(message);
    this.name = 'TrackerLoadError';
  }
}

/** An external tracker as plain data: `--tracker SPEC`, its source and interpreter. */
export type ExternalTracker = ExternalTrackerData;

/** The factory of an external tracker's runs, loading it in this thread's adapter process on first use. */
export function externalTrackerFactory(tracker: ExternalTracker): Promise<TrackerFactory> {
  return pythonTracker(tracker.source, { python: tracker.python, watchdogMs: tracker.watchdogMs });
}

/** Wall-clock time tracker code may run without a message to etasim before the watchdog stops it. */
export const WATCHDOG_MS = 10_000;

/**
 * Ticks run ahead go out at least every 0.25 s of wall-clock time (the
 * adapter's AHEAD_FLUSH_S), so a tick's messages may wait that long behind
 * the next tick: the watchdog allows it on top of its bound, so that it
 * stops only a tick that itself runs longer than the bound.
 */
const AHEAD_FLUSH_SLACK_MS = 250;

/**
 * Loads `source` in a long-lived adapter process (one per interpreter and
 * file, serving every run of this thread in turn) and returns the factory
 * of its trackers. Throws TrackerLoadError or AdapterUnusable up front.
 */
export async function pythonTracker(
  source: PythonTrackerSource,
  options: { readonly python: string; readonly watchdogMs?: number | undefined },
): Promise<TrackerFactory> {
  const watchdogMs = options.watchdogMs ?? WATCHDOG_MS;
  const executable = resolvePython(options.python);
  const key = `${executable}\0${source.filename}\0${source.trackerClass}\0${source.loopClass}\0${createHash('sha256').update(source.source).digest('hex')}`;
  await adapterFor(key, executable, source);
  return async (context) => {
    // A new process (the last one was killed) starts inside the run: virtual time waits for it.
    const adapter = await context.sim.track(adapterFor(key, executable, source));
    const tracker = new PythonTracker(adapter, context, source.filename, watchdogMs);
    await tracker.open();
    return tracker;
  };
}

const adapters = new Map<string, Promise<AdapterProcess>>();

/** The adapter process for `key`, started and loaded once; a new one after it died. */
function adapterFor(key: string, executable: string, source: PythonTrackerSource): Promise<AdapterProcess> {
  const known = adapters.get(key);
  if (known !== undefined) {
    return known.then((adapter) => {
      if (adapter.exited === null) return adapter;
      adapters.delete(key);
      return adapterFor(key, executable, source);
    });
  }
  const started = startAdapter(executable, source);
  adapters.set(key, started);
  started.catch(() => adapters.delete(key));
  return started;
}

async function startAdapter(executable: string, source: PythonTrackerSource): Promise<AdapterProcess> {
  const adapter = new AdapterProcess(executable);
  await adapter.request(null, ['hello']).catch((error: unknown) => {
    throw new AdapterUnusable(`the tracker adapter did not start: ${error instanceof Error ? error.message : String(error)}`);
  });
  const loaded = await adapter.request(
    { op: 'load', source: source.source, filename: source.filename, dir: source.dir, tracker_class: source.trackerClass, loop_class: source.loopClass },
    ['loaded', 'load_error', 'fatal'],
  );
  if (loaded.op !== 'loaded') {
    adapter.send({ op: 'quit' });
    const error = (loaded['error'] ?? {}) as Partial<TrackerError>;
    const message = String(loaded['message'] ?? error.message ?? 'the tracker file could not be loaded');
    throw new TrackerLoadError(source.filename, Number(loaded['line'] ?? error.line ?? 1) || 1, Number(loaded['col'] ?? 1) || 1, message);
  }
  return adapter;
}

/**
 * A work report a stage declared. `sent`: given to the adapter with an
 * advance, which makes it while running ahead; `fired`: the saga's timer for
 * it fired meanwhile, and its call was left to the adapter.
 */
type DeclaredReport = WorkReport & { sent: boolean; fired: boolean };

/** A reply to the adapter: a value or an error string raised in the tracker as redis.ConnectionError. */
type Reply = { readonly value: string | number | null } | { readonly error: string };

/**
 * The service's own tracker, run by the adapter under the simulation's
 * clock (docs/tracker-protocol.md). While tracker code runs, the exchange
 * counts as work in flight, so virtual time stands still; the adapter's
 * loop timers are stood for by one simulation timer at its earliest
 * deadline. Redis commands go through the run's `tracker` connection, in
 * the order the tracker sent them.
 */
export class PythonTracker implements TrackerPort {
  readonly readings: ReadonlyArray<TrackerReading & { atMs: number }> = [];
  failedUpdates = 0;
  private readonly sim: Simulation;
  private readonly conn: Connection;
  /** Commands sent whose `idle` has not been handled yet (the adapter answers each with one). */
  private unanswered = 0;
  /** The adapter waits for a reply: the command it asked for is what is in flight. */
  private blocked = false;
  private holding = false;
  private chain: Promise<void> = Promise.resolve();
  private wake: { readonly deadlineMs: number; readonly id: number } | null = null;
  private nextId = 1;
  private readonly calls = new Map<number, () => void>();
  private atIdle: Array<() => void> = [];
  private deferred: Array<Record<string, unknown>> = [];
  private held: Array<Record<string, unknown>> = [];
  private readonly readOnlyKeys = new Set<string>();
  private readonly writtenKeys = new Set<string>();
  private watchdog: ReturnType<typeof setTimeout> | null = null;
  /** Wall-clock ms (performance.now) of the last sign of life while tracker code runs; null while it does not. */
  private watchedSinceMs: number | null = null;
  private closed = false;
  /**
   * The adapter runs ahead of the simulation (docs/tracker-protocol.md, "Running
   * ahead"): its loop went on to its next deadline on its own. Its messages are
   * taken in at the virtual instants they belong to, each tick's once the wake
   * standing for it fires.
   */
  private ahead: { readonly untilMs: number } | null = null;
  /**
   * The work reports stages declared (expectWorkProgress), in order, not yet
   * made by the saga. `sent`: given to the adapter with an advance, which
   * makes it at its instant while running ahead.
   */
  private declared: DeclaredReport[] = [];
  /** The instant a stage that declared reports runs its own code again: no advance may reach past it. */
  private declaredEndMs = -Infinity;
  /** Keys the declared reports' callbacks write: never read for the tracker ahead of time while they run. */
  private readonly declaredWrites = new Set<string>();
  /** A declared report's last_progress overwrite the adapter made, which the legacy writer's call at this instant must match. */
  private madeLastProgress: { readonly atMs: number; readonly value: number } | null = null;
  /** The reports sent with the last advance, in order: the adapter says how many of them it did not make. */
  private sentDeclared: DeclaredReport[] = [];
  /** Opens the way for the next ahead tick's messages (set while they wait for their instant). */
  private gate: (() => void) | null = null;
  /** The saga stopped the loop: from then on the adapter runs in lockstep. */
  private loopStopped = false;

  constructor(
    private readonly adapter: AdapterProcess,
    private readonly context: TrackerContext,
    private readonly filename: string,
    private readonly watchdogMs: number = WATCHDOG_MS,
  ) {
    this.sim = context.sim;
    this.conn = context.conn;
  }

  /** `begin` a fresh module and loop, then `EnterpriseProgressTracker(job_id, estimated_total_seconds, redis)` and its task object. */
  async open(): Promise<void> {
    this.adapter.onMessage = (m) => this.receive(m);
    this.adapter.onExit = (reason) => this.halt({ type: 'AdapterExited', message: reason, file: this.filename, line: null });
    this.adapter.busy();
    const start = this.sim.startMs;
    await this.exchange({ op: 'begin', sync: false, sync_windows: this.context.faultWindows.map(([from, to]) => [start + from, start + to]) });
    await this.call('tracker', '__init__', [this.context.jobId, this.context.estimatedTotalS]);
    await this.call('loop', '__init__', []);
  }

  setStage(name: StageName, totalItems = 0): void {
    this.later({ op: 'call', target: 'tracker', method: 'set_stage', args: [name, totalItems], kwargs: {} });
  }

  /** Taken: the adapter makes them while it runs ahead (never inside a fault window on its connection, as any run ahead). */
  expectWorkProgress(reports: readonly WorkReport[], endMs: number, writes: readonly string[]): boolean {
    if (this.closed) return false;
    for (const key of writes) this.declaredWrites.add(key);
    for (const report of reports) this.declared.push({ ...report, sent: false, fired: false });
    this.declaredEndMs = Math.max(this.declaredEndMs, endMs);
    return true;
  }

  updateWorkProgress(itemsDone: number): void {
    if (this.madeLastProgress !== null) this.undeclared(this.madeLastProgress.value, `update_work_progress(${itemsDone})`);
    if (this.declared.length > 0 && this.madeByAdapter(itemsDone)) return;
    this.later({ op: 'call', target: 'tracker', method: 'update_work_progress', args: [itemsDone], kwargs: {} });
  }

  /**
   * Whether the saga's report now is one the adapter made itself (declared,
   * and sent with an advance). Declared reports that never came (their stage
   * ended early) are dropped; one the adapter made that the saga does not
   * make, or makes otherwise, is a fault in etasim, stopped loudly.
   */
  private madeByAdapter(itemsDone: number): boolean {
    const nowMs = this.sim.clock.nowMs;
    const isThis = (d: WorkReport): boolean => d.atMs === nowMs && d.itemsDone === itemsDone;
    // Reports the adapter was not given that did not come as declared: the usual call makes this one.
    while (this.declared[0] !== undefined && !this.declared[0].sent && this.declared[0].atMs <= nowMs && !isThis(this.declared[0])) {
      this.declared.shift();
    }
    const next = this.declared[0];
    if (next === undefined || next.atMs > nowMs) return false;
    if (isThis(next)) {
      this.declared.shift();
      if (!next.sent) return false;
      next.fired = true;
      if (next.lastProgress !== undefined) this.madeLastProgress = { atMs: nowMs, value: next.lastProgress };
      return true;
    }
    this.halt({
      type: 'EtasimError',
      message: `a stage declared update_work_progress(${next.itemsDone}) at ${next.atMs - this.sim.startMs} ms and made update_work_progress(${itemsDone}) at ${nowMs - this.sim.startMs} ms (a fault in etasim, please report it)`,
      file: null,
      line: null,
    });
    return true;
  }

  /** The saga did otherwise than a stage declared, after the adapter made the declared call: a fault in etasim. */
  private undeclared(declared: number, what: string): void {
    this.madeLastProgress = null;
    this.halt({
      type: 'EtasimError',
      message: `a stage declared last_progress = ${declared} after its report and made ${what} at ${this.sim.clock.nowMs - this.sim.startMs} ms (a fault in etasim, please report it)`,
      file: null,
      line: null,
    });
  }

  markStageComplete(): void {
    this.later({ op: 'call', target: 'tracker', method: 'mark_stage_complete', args: [], kwargs: {} });
  }

  setItemsTotal(total: number): void {
    this.later({ op: 'setattr', target: 'tracker', name: 'stage_items_total', value: total });
  }

  setLastProgress(pct: number): void {
    const made = this.madeLastProgress;
    if (made !== null) {
      if (made.atMs !== this.sim.clock.nowMs || made.value !== pct) this.undeclared(made.value, `last_progress = ${pct}`);
      this.madeLastProgress = null;
      return;
    }
    this.later({ op: 'setattr', target: 'tracker', name: 'last_progress', value: pct });
  }

  update(forceProgress?: number): Promise<void> {
    return this.call('tracker', 'update', [], forceProgress === undefined ? {} : { force_progress: forceProgress });
  }

  complete(): Promise<void> {
    return this.call('tracker', 'complete', []);
  }

  fail(message: string): Promise<void> {
    return this.call('tracker', 'fail', [message]);
  }

  startLoop(): Promise<void> {
    return this.call('loop', 'start', []);
  }

  stopLoop(): Promise<void> {
    if (this.closed) return Promise.resolve();
    // The run ends at the next passive instant, with no horizon to bound the loop's tasks that outlive stop().
    this.loopStopped = true;
    return this.call('loop', 'stop', []);
  }

  /** Ends the run in the adapter (outside virtual time), so the process can serve the next one. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.gate = null;
    this.ahead = null;
    this.clearWake();
    this.stopWatchdog();
    if (this.watchdog !== null) clearTimeout(this.watchdog);
    this.watchdog = null;
    this.calls.clear();
    this.declared = [];
    this.sentDeclared = [];
    this.madeLastProgress = null;
    if (this.adapter.exited !== null) return;
    // Tracker code may still be running (ticks run ahead past the run's end): it gets the watchdog's time to answer.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unanswered = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.watchdogMs);
    });
    try {
      const answer = await Promise.race([this.adapter.request({ op: 'end' }, ['ended']), unanswered]);
      // It never answered: the process goes, and the next run starts a new one.
      if (answer === 'timeout') this.adapter.kill();
    } catch {
      // It died meanwhile: the next run starts a new one.
    } finally {
      clearTimeout(timer);
      this.adapter.idle();
    }
  }

  private call(target: 'tracker' | 'loop', method: string, args: unknown[], kwargs: object = {}): Promise<void> {
    return this.exchange({ op: 'call', target, method, args, kwargs });
  }

  /**
   * A synchronous method or attribute write, which every known version
   * keeps to the object's state: it is sent, stamped with its own virtual
   * time, right before the next command that lets tracker code run (a tick,
   * an awaited method), so its round trip costs nothing extra.
   */
  private later(message: { readonly op: string } & Record<string, unknown>): void {
    if (this.closed) return;
    this.checkNotAhead();
    this.held.push({ ...message, id: this.nextId++, now_ms: this.sim.clock.nowMs });
  }

  /** The held calls, each answered by an idle of its own, marked as followed by more. */
  private takeHeld(): Array<Record<string, unknown>> {
    const held = this.held.map((m) => ({ ...m, more: true }));
    this.unanswered += held.length;
    this.held = [];
    return held;
  }

  /** Sends one command that runs tracker code; resolves once the adapter reports it done (after its writes). */
  private exchange(message: { readonly op: string } & Record<string, unknown>): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (message.op !== 'advance') this.checkNotAhead();
    const id = this.nextId++;
    const done = new Promise<void>((resolve) => {
      // `begin` and `advance` report no call: they are done at the next idle.
      if (message.op === 'call' || message.op === 'setattr') this.calls.set(id, resolve);
      else this.atIdle.push(resolve);
    });
    const held = this.takeHeld();
    this.unanswered++;
    this.hold();
    // While the tracker blocks on a Redis reply (sync mode, a latency fault), its event loop runs nothing else: the call waits.
    if (this.blocked) this.deferred = [...this.deferred, ...held, { ...message, id }];
    else this.adapter.send(...held, { ...message, id, now_ms: this.sim.clock.nowMs });
    return done;
  }

  /**
   * Tracker code is running (a command is unanswered and the adapter is not
   * waiting on etasim): virtual time waits for it, and so does the watchdog.
   */
  private hold(): void {
    const running = this.unanswered > 0 && !this.blocked;
    if (running && !this.holding) this.sim.begin();
    if (!running && this.holding) this.sim.end();
    this.holding = running;
    if (running) this.startWatchdog();
    else this.stopWatchdog();
  }

  private receive(m: AdapterMessage): void {
    if (this.closed) return;
    if (this.holding) this.startWatchdog();
    switch (m.op) {
      case 'redis': {
        const cmd = String(m['cmd']);
        const args = (m['args'] as unknown[]).map((a) => (typeof a === 'number' ? a : String(a)));
        this.learn(cmd, args);
        if (m['wait'] === true) {
          this.queue(async () => {
            // The adapter blocks from here on (in the order of its messages: an ahead tick's turn comes at its
            // instant); what it waits for is the command's to hold in flight.
            this.blocked = true;
            const pending = this.perform(cmd, args);
            this.hold();
            const reply = await pending.then(
              (value): Reply => ({ value }),
              (error: unknown): Reply => ({ error: error instanceof Error ? error.message : String(error) }),
            );
            this.reply(reply);
          });
        } else {
          // A streamed write: the tracker goes on; the command runs in order, and its failure is what a logged, skipped update is.
          this.queue(() =>
            this.perform(cmd, args).then(
              () => undefined,
              () => {
                this.failedUpdates++;
              },
            ),
          );
        }
        return;
      }
      case 'sleep': {
        const ms = Math.max(0, Math.round(Number(m['ms']) || 0));
        this.queue(async () => {
          this.blocked = true;
          // Passive: it only serves the tracker, which is blocked on it.
          const slept = this.sim.sleep(ms, 'passive');
          this.hold();
          await slept;
          this.reply({ value: null });
        });
        return;
      }
      case 'idle': {
        const deadline = m['deadline_ms'];
        const done = (m['done'] ?? []) as Array<{ id: number; ok: boolean; error?: TrackerError }>;
        this.queue(() => {
          const ahead = m['ahead'] === true;
          if (ahead && this.ahead === null) {
            this.halt({ type: 'EtasimError', message: 'the adapter ran ahead unasked (a fault in etasim, please report it)', file: null, line: null });
            return undefined;
          }
          // Only the idle that answers the last command outstanding sets the wake: an earlier one's deadline (a held
          // call's, with the due tick parked) would stand for a tick the exchange is about to run.
          if (ahead || this.unanswered <= 1) this.setWake(typeof deadline === 'number' ? deadline : null);
          for (const d of done) {
            if (!d.ok) {
              this.halt(d.error ?? { type: 'Error', message: 'the tracker raised', file: this.filename, line: null });
              return;
            }
            this.calls.get(d.id)?.();
            this.calls.delete(d.id);
          }
          const waiting = this.atIdle;
          this.atIdle = [];
          for (const resolve of waiting) resolve();
          this.unanswered = Math.max(0, this.unanswered - 1);
          this.hold();
          if (!ahead || typeof deadline !== 'number') {
            // The idle that answers the advance (or the last ahead tick) ends the running ahead; a held call's does not.
            if (this.unanswered === 0) {
              this.ahead = null;
              this.takeBackDeclared(Number(m['declared_left'] ?? 0));
            }
            return undefined;
          }
          // The loop went on to its next tick by itself: what it sent for that tick waits for the tick's instant.
          return new Promise<void>((resolve) => {
            this.gate = resolve;
          });
        });
        return;
      }
      case 'fatal': {
        const error = (m['error'] as TrackerError | undefined) ?? { type: 'Error', message: 'the adapter stopped the run', file: this.filename, line: null };
        // In its turn: from a tick run ahead, it belongs to that tick's instant, which the run may never reach.
        this.queue(() => this.halt(error));
        return;
      }
      default:
        this.halt({ type: 'ProtocolError', message: `unexpected message '${m.op}' from the adapter`, file: null, line: null });
    }
  }

  /**
   * The adapter stopped running ahead before it made the last `left` of the
   * reports sent with the advance: the saga's calls make those, as usual.
   * This idle is taken in at the last tick run ahead, before any of them is
   * due, unless a tick blocked (a time.sleep) while the saga's timers of
   * some fired: those go with the next command, stamped with their instants,
   * as the saga's held calls would have (and before any call held since,
   * which came from a later instant).
   */
  private takeBackDeclared(left: number): void {
    const sent = this.sentDeclared;
    this.sentDeclared = [];
    const fired: Array<Record<string, unknown>> = [];
    for (let i = Math.max(0, sent.length - left); i < sent.length; i++) {
      const d = sent[i]!;
      d.sent = false;
      if (!d.fired) continue;
      fired.push({ op: 'call', target: 'tracker', method: 'update_work_progress', args: [d.itemsDone], kwargs: {}, id: this.nextId++, now_ms: d.atMs });
      if (d.lastProgress !== undefined) {
        fired.push({ op: 'setattr', target: 'tracker', name: 'last_progress', value: d.lastProgress, id: this.nextId++, now_ms: d.atMs });
      }
    }
    if (fired.length > 0) this.held = [...fired, ...this.held];
  }

  /** Which keys the tracker only reads: those can be read for it at each tick. */
  private learn(cmd: string, args: ReadonlyArray<string | number>): void {
    const key = String(args[0] ?? '');
    if (cmd === 'get') {
      if (!this.writtenKeys.has(key)) this.readOnlyKeys.add(key);
    } else if (cmd !== 'publish' && cmd !== 'exists') {
      for (const k of cmd === 'delete' ? args.map(String) : [key]) {
        this.writtenKeys.add(k);
        this.readOnlyKeys.delete(k);
      }
    }
  }

  private queue(step: () => Promise<void> | void): void {
    this.chain = this.chain.then(step);
  }

  private reply(reply: Reply): void {
    if (this.closed) return;
    this.blocked = false;
    this.hold();
    const nowMs = this.sim.clock.nowMs;
    this.adapter.send({ op: 'reply', now_ms: nowMs, ...reply }, ...this.deferred.map((message) => ({ ...message, now_ms: nowMs })));
    this.deferred = [];
  }

  /** One Redis command of the tracker on its connection; the reply as the adapter wants it. */
  private async perform(cmd: string, args: ReadonlyArray<string | number>): Promise<string | number | null> {
    const s = (i: number): string => String(args[i] ?? '');
    switch (cmd) {
      case 'setex':
        await this.conn.setex(s(0), Number(args[1]), s(2));
        return 'OK';
      case 'set': {
        const ex = args.indexOf('EX');
        const px = args.indexOf('PX');
        const ttlS = ex >= 0 ? Number(args[ex + 1]) : px >= 0 ? Number(args[px + 1]) / 1000 : null;
        await this.conn.set(s(0), s(1), ttlS);
        return 'OK';
      }
      case 'get':
        return this.conn.get(s(0));
      case 'publish':
        return this.conn.publish(s(0), s(1));
      case 'delete': {
        let n = 0;
        for (let i = 0; i < args.length; i++) n += await this.conn.del(s(i));
        return n;
      }
      case 'exists': {
        let n = 0;
        for (let i = 0; i < args.length; i++) if ((await this.conn.get(s(i))) !== null) n++;
        return n;
      }
      default:
        throw new Error(`Redis command '${cmd}' is not supported by etasim's tracker client`);
    }
  }

  /** The one simulation timer standing for the adapter's loop timers: kept while the earliest deadline stays the same. */
  private setWake(deadlineMs: number | null): void {
    if (this.wake !== null && this.wake.deadlineMs === deadlineMs) return;
    this.clearWake();
    if (deadlineMs === null) return;
    const id = this.sim.clock.setTimeout(
      () => {
        this.wake = null;
        if (this.gate === null) this.advance();
        else this.openGate(this.gate);
      },
      Math.max(0, deadlineMs - this.sim.clock.nowMs),
      'passive',
    );
    this.wake = { deadlineMs, id };
  }

  /**
   * Lets the adapter's due timers run. Keys the tracker reads and never
   * writes (the cancel flag) are read here first, at the tick's instant,
   * through its connection, and sent along: its gets then need no round
   * trip. Not with faults, where each command must meet them in order.
   */
  private advance(): void {
    // Inside a fault window every command must meet the faults at its own instant: nothing read early, no running ahead.
    const untilMs = this.faultFreeUntilMs();
    this.ahead = untilMs === null ? null : { untilMs };
    this.sim.clock.markActiveSets();
    const declared = untilMs === null ? {} : this.declaredUntil(untilMs);
    // Keys the declared reports' callbacks write (a legacy writer's progress key) change on the way: read at each tick.
    const changing = declared.declared ? this.declaredWrites : new Set<string>();
    const keys = untilMs === null ? [] : [...this.readOnlyKeys].filter((key) => !changing.has(key));
    const ahead = untilMs === null ? {} : { until_ms: untilMs, ...declared };
    if (keys.length === 0) {
      void this.exchange({ op: 'advance', ...ahead });
      return;
    }
    // Reserve the exchange now, so that time waits for the reads too.
    this.unanswered++;
    this.hold();
    void Promise.all(keys.map((key) => this.conn.get(key))).then(
      (values) => {
        this.unanswered--;
        void this.exchange({ op: 'advance', ...ahead, reads: Object.fromEntries(keys.map((key, i) => [key, values[i] ?? null])) });
      },
      () => {
        this.unanswered--;
        this.ahead = null;
        this.takeBackDeclared(Infinity);
        void this.exchange({ op: 'advance' });
      },
    );
  }

  /** The declared reports the adapter makes itself on its way to `untilMs` (after now, before it), as the advance carries them. */
  private declaredUntil(
    untilMs: number,
  ): { declared?: Array<{ at_ms: number; set_ms: number; method: string; args: number[]; last_progress?: number }> } {
    const nowMs = this.sim.clock.nowMs;
    this.sentDeclared = this.declared.filter((d) => !d.sent && d.atMs > nowMs && d.atMs < untilMs);
    if (this.sentDeclared.length === 0) return {};
    for (const d of this.sentDeclared) d.sent = true;
    return {
      declared: this.sentDeclared.map((d) => ({
        at_ms: d.atMs,
        set_ms: d.setAtMs,
        method: 'update_work_progress',
        args: [d.itemsDone],
        ...(d.lastProgress === undefined ? {} : { last_progress: d.lastProgress }),
      })),
    };
  }

  /**
   * How far the tracker may run on its own from now: the horizon, or the
   * start of the next window of faults on its connection; null inside one.
   * A stage that declared its reports bounds it at the instant its own code
   * runs again (the timers that get there may not be set yet), and a
   * declared report due now (it fires after the wake) at now.
   */
  private faultFreeUntilMs(): number | null {
    // Blocked (a time.sleep, a read): this advance waits, and by the time it is taken the horizon may have moved.
    if (this.blocked || this.loopStopped) return null;
    const nowMs = this.sim.elapsedMs;
    let untilMs = this.sim.horizonMs();
    const epochNowMs = this.sim.clock.nowMs;
    if (this.declaredEndMs > epochNowMs) untilMs = Math.min(untilMs, this.declaredEndMs);
    const due = this.declared.find((d) => !d.sent && d.atMs >= epochNowMs);
    if (due !== undefined && due.atMs === epochNowMs) untilMs = epochNowMs;
    for (const [fromMs, toMs] of this.context.faultWindows) {
      if (fromMs <= nowMs && nowMs < toMs) return null;
      if (fromMs > nowMs) untilMs = Math.min(untilMs, this.sim.startMs + fromMs);
    }
    return untilMs;
  }

  /**
   * The wake of an ahead tick fired: its messages may now be taken in. Time
   * waits for them as for any tick (the tick's idle releases it).
   */
  private openGate(open: () => void): void {
    this.gate = null;
    this.checkNotAhead(true);
    this.unanswered++;
    this.hold();
    open();
  }

  /**
   * Running ahead is sound only while the run's own code stays still until
   * the horizon: no active timer set that is due before it, no call into the
   * tracker but the declared reports. Either one while the adapter is ahead
   * is a fault in etasim, stopped loudly rather than a trace quietly wrong.
   */
  private checkNotAhead(atTick = false): void {
    const ahead = this.ahead;
    if (ahead === null || (this.blocked && !atTick)) return;
    const moved = this.sim.clock.earliestActiveSetMs < ahead.untilMs || this.sim.clock.nowMs >= ahead.untilMs;
    if (atTick && !moved) return;
    this.halt({
      type: 'EtasimError',
      message: 'the run moved while the external tracker was running ahead of it (a fault in etasim, please report it)',
      file: null,
      line: null,
    });
  }

  private clearWake(): void {
    if (this.wake !== null) this.sim.clock.clearTimeout(this.wake.id);
    this.wake = null;
  }

  /** The tracker broke the run: it stops with the tracker's error, a reported failure of this scenario. */
  private halt(error: TrackerError): void {
    const where = error.file ? ` (${error.file}${error.line ? `:${error.line}` : ''})` : '';
    this.sim.halt(new SimulationHalted(`tracker raised ${error.type}: ${error.message}${where}`, error));
  }

  /**
   * Tracker code runs from now (or just gave a sign of life). A wall-clock
   * bound, on purpose: tracker code that never yields stops no virtual
   * clock. One real timer serves many messages: it is re-armed for what is
   * left when it fires early, not reset at each message.
   */
  private startWatchdog(): void {
    this.watchedSinceMs = performance.now();
    if (this.watchdog === null) this.armWatchdog(this.watchdogMs + AHEAD_FLUSH_SLACK_MS);
  }

  private armWatchdog(ms: number): void {
    this.watchdog = setTimeout(() => {
      this.watchdog = null;
      if (this.watchedSinceMs === null || this.closed) return;
      const quietMs = performance.now() - this.watchedSinceMs;
      if (quietMs < this.watchdogMs + AHEAD_FLUSH_SLACK_MS) {
        this.armWatchdog(this.watchdogMs + AHEAD_FLUSH_SLACK_MS - quietMs);
        return;
      }
      this.adapter.kill();
      this.halt({
        type: 'Timeout',
        message: `the tracker did not yield for ${this.watchdogMs / 1000} s of wall-clock time`,
        file: this.filename,
        line: null,
      });
    }, ms);
    // It only guards a wait that something else keeps Node alive for (the adapter's pipes, while a run uses them).
    this.watchdog.unref();
  }

  private stopWatchdog(): void {
    this.watchedSinceMs = null;
  }
}
