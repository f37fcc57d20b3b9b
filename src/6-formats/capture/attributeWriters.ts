import type { CapturedEvent } from './CapturedEvent.js';
import { FAIL_SHAPE, shapeOf, terminalShape, trackerCompatible, type Shape } from './messageShape.js';
import { label, type CapturedJob } from './readCapture.js';

/** One way a writer was told apart, and how many of its writes it named. */
export interface AttributionRule {
  readonly by: string;
  readonly writes: number;
}

/** How one writer was identified (the check's report). */
export interface WriterAttribution {
  readonly writer: string;
  /** The rules, most writes first, as one line. */
  readonly by: string;
  readonly rules: readonly AttributionRule[];
  /** Client addresses its writes came from (the first ADDRESSES_MAX). */
  readonly addresses: readonly string[];
  readonly addresses_total: number;
  /** Progress writes and publishes. */
  readonly writes: number;
}

export interface AttributionOptions {
  /** `--tracker ADDR`: the tracker's client address. */
  readonly trackerAddr?: string | null;
}

export interface Attribution {
  /** The jobs again, every event carrying the writer it was attributed to (the input is left as it was). */
  readonly jobs: readonly CapturedJob[];
  readonly writers: readonly WriterAttribution[];
  /** Things a person should know: ambiguities, an unused --tracker. */
  readonly notes: readonly string[];
}

/** Addresses listed per writer; GA's writer alone can use one per generation. */
const ADDRESSES_MAX = 20;

const NAMED_IN_FILE = 'named in the trace (jsonl "writer")';
const BY_TRACKER_FLAG = '--tracker ADDR: a write from the tracker\'s address whose shape the tracker could have written';
const SECOND_TRACKER = 'shape: the tracker\'s, but not from --tracker ADDR (a second tracker?)';

/**
 * Names the writer of every event of a MONITOR capture, and returns the
 * jobs with their events so named (the input is not changed). A client
 * address is not a writer (the service shares one connection between api,
 * saga and tracker; GA's writer opens one per generation), so the message's
 * shape decides first and the address second:
 *
 * 1. shape (messageShape.ts): the tracker's float timestamp and fields, the
 *    initial write, terminal handlers, informational publishes, the legacy
 *    writers' technical stage names with item counts; a failed/Failed write
 *    that was never published is the tracker's fail();
 * 2. `--tracker ADDR`: a tracker-compatible write from that address is the
 *    tracker's; a tracker-shaped one from elsewhere is a second tracker;
 * 3. an address whose known writes all came from one legacy writer names its
 *    ambiguous and unknown writes too (not `lua` nor a unix socket: MONITOR
 *    prints those alike for every script or client);
 * 4. anything else is `unknown@ADDR`.
 *
 * Events of jsonl captures keep the writer the file names.
 */
export function attributeWriters(jobs: readonly CapturedJob[], options: AttributionOptions = {}): Attribution {
  const report = new Report();
  const notes: string[] = [];
  const trackerAddr = options.trackerAddr ?? null;
  const shapes = new Map<CapturedEvent, Shape>();
  const named = new Map<CapturedEvent, string>();
  const legacyByAddr = new Map<string, Set<string>>();
  const trackerAddrs = new Set<string>();

  // Pass 1: shapes, and what each address is known to carry.
  for (const job of jobs) {
    const published = new Set<string>();
    for (const e of job.events) if (e.op === 'publish' && isProgressWrite(job, e) && typeof e.value === 'string') published.add(e.value);
    for (const e of job.events) {
      if (e.writer !== '') continue;
      if (!isProgressWrite(job, e)) {
        named.set(e, otherWriter(e));
        continue;
      }
      let shape = shapeOf(e.value, e.op);
      if (shape.kind === 'fail?') shape = published.has(e.value ?? '') ? terminalShape('failed') : FAIL_SHAPE;
      shapes.set(e, shape);
      const addr = e.conn ?? '';
      if (shape === FAIL_SHAPE) continue;
      if (!identifiesClient(addr)) continue;
      if (shape.kind === 'tracker') trackerAddrs.add(addr);
      if (shape.kind === 'legacy') {
        const set = legacyByAddr.get(addr) ?? new Set<string>();
        set.add(shape.writer!);
        legacyByAddr.set(addr, set);
      }
    }
  }

  // Pass 2: names, from shapes and addresses.
  for (const job of jobs) {
    for (const e of job.events) {
      if (!isProgressWrite(job, e)) continue;
      const shape = shapes.get(e);
      if (shape === undefined) {
        report.add(e.writer, NAMED_IN_FILE, e.conn);
        continue;
      }
      const addr = e.conn ?? '';
      let writer = shape.writer;
      let by = shape.by;
      if (trackerAddr !== null && addr === trackerAddr && trackerCompatible(shape)) {
        writer = 'tracker';
        if (shape.kind !== 'tracker') by = BY_TRACKER_FLAG;
      } else if (trackerAddr !== null && shape.kind === 'tracker' && shape !== FAIL_SHAPE && addr !== trackerAddr) {
        writer = `tracker@${addr}`;
        by = SECOND_TRACKER;
      } else if (shape.kind === 'ambiguous' || shape.kind === 'unknown') {
        const only = soleLegacyWriter(legacyByAddr.get(addr), trackerAddrs.has(addr));
        if (only !== null) {
          writer = only;
          by = `address: every known write from ${addr} was ${only}'s (${shape.by})`;
        } else if (shape.kind === 'unknown') {
          writer = `unknown@${addr}`;
        }
      }
      named.set(e, writer!);
      report.add(writer!, by, e.conn);
    }
  }

  if (trackerAddr !== null && !report.hasAddress(trackerAddr)) {
    const seen = report.addressList(8);
    notes.push(`--tracker ${trackerAddr}: no progress write came from this address${seen.length ? `; addresses that wrote: ${seen.join(', ')}` : ''}`);
  }
  if (trackerAddr === null) {
    for (const addr of trackerAddrs) {
      const unknown = report.unknownAt(addr);
      if (unknown > 0) {
        notes.push(`${unknown} write${unknown === 1 ? '' : 's'} of unknown shape came from ${addr}, the tracker's connection: pass --tracker ${addr} if they are the tracker's`);
      }
    }
    for (const job of jobs) {
      const alternating = alternatingTrackers(job, shapes);
      if (alternating !== null) {
        notes.push(`job ${label(job)}: tracker-shaped writes alternate between ${alternating.join(' and ')}: two trackers? pass --tracker ADDR to name the real one`);
      }
    }
  }
  const attributed = jobs.map((job) => ({
    ...job,
    events: job.events.map((e) => {
      const writer = named.get(e);
      return writer === undefined || writer === e.writer ? e : { ...e, writer };
    }),
  }));
  return { jobs: attributed, writers: report.list(), notes };
}

/** A write of the job's progress key or a publish on its channel: what the checkers read. */
export function isProgressWrite(job: Pick<CapturedJob, 'jobId'>, e: CapturedEvent): boolean {
  if (e.op === 'publish') return e.key === `progress:${job.jobId}`;
  return (e.op === 'setex' || e.op === 'set') && e.key === `progress:job:${job.jobId}`;
}

/**
 * The writer of an event the checkers do not read as progress: job
 * submission sets start_time, the cancel endpoint sets cancel, terminal
 * handlers DEL; a GET is someone reading (MONITOR does not show what).
 */
function otherWriter(e: CapturedEvent): string {
  if (e.op === 'get') return 'reader';
  if (e.op === 'del' || e.key.startsWith('start_time:job:')) return 'api';
  if (e.key.startsWith('cancel:job:')) return 'cancel_api';
  return `unknown@${e.conn ?? ''}`;
}

/**
 * Whether an address tells one client from another. MONITOR prints every
 * script as `lua` and every unix-socket client as the server's socket path
 * (`unix:/tmp/redis.sock`), so those say nothing about the writer.
 */
export function identifiesClient(addr: string): boolean {
  return addr !== '' && addr !== 'lua' && !addr.startsWith('unix:');
}

/** The one legacy writer an address carried, when it carried nothing else known. */
function soleLegacyWriter(writers: Set<string> | undefined, carriedTracker: boolean): string | null {
  if (!writers || writers.size !== 1 || carriedTracker) return null;
  return [...writers][0]!;
}

/** Two addresses whose tracker-shaped writes interleave (A, B, A): two trackers at once, not a reconnect. */
function alternatingTrackers(job: CapturedJob, shapes: ReadonlyMap<CapturedEvent, Shape>): [string, string] | null {
  const done = new Set<string>();
  let current: string | null = null;
  for (const e of job.events) {
    if (shapes.get(e) !== undefined && shapes.get(e)!.kind === 'tracker' && shapes.get(e) !== FAIL_SHAPE) {
      const addr = e.conn ?? '';
      if (addr === current || !identifiesClient(addr)) continue;
      if (done.has(addr)) return [current!, addr];
      if (current !== null) done.add(current);
      current = addr;
    }
  }
  return null;
}

/** Counts rules and addresses per writer, in order of first write. */
class Report {
  private readonly writers = new Map<string, { rules: Map<string, number>; addresses: Set<string>; writes: number }>();
  private readonly unknownByAddr = new Map<string, number>();

  add(writer: string, by: string, addr: string | undefined): void {
    let entry = this.writers.get(writer);
    if (!entry) {
      entry = { rules: new Map(), addresses: new Set(), writes: 0 };
      this.writers.set(writer, entry);
    }
    entry.writes++;
    entry.rules.set(by, (entry.rules.get(by) ?? 0) + 1);
    if (addr !== undefined) entry.addresses.add(addr);
    if (writer.startsWith('unknown@') && addr !== undefined) this.unknownByAddr.set(addr, (this.unknownByAddr.get(addr) ?? 0) + 1);
  }

  hasAddress(addr: string): boolean {
    for (const entry of this.writers.values()) if (entry.addresses.has(addr)) return true;
    return false;
  }

  addressList(max: number): string[] {
    const all = new Set<string>();
    for (const entry of this.writers.values()) for (const a of entry.addresses) all.add(a);
    return [...all].slice(0, max);
  }

  unknownAt(addr: string): number {
    return this.unknownByAddr.get(addr) ?? 0;
  }

  list(): WriterAttribution[] {
    return [...this.writers].map(([writer, entry]) => {
      const rules = [...entry.rules].map(([by, writes]) => ({ by, writes })).sort((a, b) => b.writes - a.writes);
      const addresses = [...entry.addresses];
      return {
        writer,
        by: rules.length === 1 ? rules[0]!.by : rules.map((r) => `${r.by} (${r.writes})`).join('; '),
        rules,
        addresses: addresses.slice(0, ADDRESSES_MAX),
        addresses_total: addresses.length,
        writes: entry.writes,
      };
    });
  }
}
