import type { RunResult } from '../../src/4-harness/runScenario.js';
import type { ScenarioOverrides } from '../../src/6-formats/scenario/defaults.js';
import { VIRTUAL_EPOCH_MS, type TraceEvent } from '../../src/0-trace/TraceEvent.js';

/**
 * Helpers shared by the run-level tests (test/sim, test/pipeline): turning a
 * run's trace back into the messages a user saw, with virtual time as
 * integer ms since the job started.
 */

/** One trace event with its JSON value parsed and its time in ms since the job started. */
export interface SeenMessage {
  readonly atMs: number;
  readonly writer: string;
  readonly conn: string | undefined;
  readonly op: TraceEvent['op'];
  readonly key: string;
  readonly raw: string | null | undefined;
  readonly body: Record<string, unknown>;
}

/** `t` is epoch seconds of an integer-ms virtual clock: rounding recovers the exact ms. */
export function atMsOf(event: TraceEvent): number {
  return Math.round(event.t * 1000) - VIRTUAL_EPOCH_MS;
}

function parse(value: string | null | undefined): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function seen(event: TraceEvent): SeenMessage {
  return {
    atMs: atMsOf(event),
    writer: event.writer,
    conn: event.conn,
    op: event.op,
    key: event.key,
    raw: event.value,
    body: parse(event.value),
  };
}

/** The job's channel and progress key (system.md, "Redis keys and channels"). */
export function channelOf(result: RunResult): string {
  return `progress:${result.jobId}`;
}

export function progressKeyOf(result: RunResult): string {
  return `progress:job:${result.jobId}`;
}

/** Every PUBLISH on the job's channel, optionally from one writer only. */
export function published(result: RunResult, writer?: string): SeenMessage[] {
  const channel = channelOf(result);
  return result.trace
    .filter((e) => e.op === 'publish' && e.key === channel && (writer === undefined || e.writer === writer))
    .map(seen);
}

/** The tracker's published messages: writer 'tracker', op 'publish', key `progress:sim-<name>`. */
export function trackerMessages(result: RunResult): SeenMessage[] {
  return published(result, 'tracker');
}

/** Every trace event (any op, any key) from `writer`. */
export function writes(result: RunResult, writer: string): SeenMessage[] {
  return result.trace.filter((e) => e.writer === writer).map(seen);
}

/** The messages at exactly `atMs` (there may be two: the forced update and the loop's first tick at 0). */
export function at(messages: readonly SeenMessage[], atMs: number): SeenMessage[] {
  return messages.filter((m) => m.atMs === atMs);
}

/** The one message at `atMs`; throws when there is none or more than one. */
export function oneAt(messages: readonly SeenMessage[], atMs: number): SeenMessage {
  const found = at(messages, atMs);
  if (found.length !== 1) throw new Error(`expected one message at ${atMs} ms, found ${found.length}`);
  return found[0]!;
}

/** `[atMs, progress, time_remaining_seconds]` of each message: compact rows to compare with a hand-made table. */
export function rows(messages: readonly SeenMessage[]): Array<[number, unknown, unknown]> {
  return messages.map((m) => [m.atMs, m.body['progress'], m.body['time_remaining_seconds']]);
}

/**
 * Scenario "every stage finishes early" (issue 2, case a), all durations
 * fixed so that every value can be worked out by hand:
 *
 * | stage      | runs (s)    | how                                       |
 * |------------|-------------|-------------------------------------------|
 * | load_data  | 0 – 1       | 1 s                                       |
 * | clustering | 1 – 3       | 2 s                                       |
 * | cpsat      | 3 – 8       | 20 clusters, 2 at a time, 0.5 s each      |
 * | ga         | 8 – 26      | 18 generations × 1 s                      |
 * | rl         | 26 – 27.6   | fallback, 16 episodes in 2 batches of 8 × 0.1 s |
 * | finalize   | 27.6 – 28.1 | 0.5 s, then complete()                    |
 *
 * Ordering rule the numbers rely on: when a stage's item ends on the same
 * virtual ms as a tracker tick, the item's timer was created earlier, so it
 * fires first and the tick already sees the new stage or item count.
 */
export const FAST_STAGES = {
  loadData: { durationMs: 1000 },
  clustering: { durationMs: 2000 },
  cpsat: { clusters: 20, parallel: 2, clusterMs: { kind: 'fixed', ms: 500 } },
  ga: { generations: 18, generationMs: { kind: 'fixed', ms: 1000 } },
  rl: {
    path: 'fallback',
    conflicts: 40,
    problemClusters: 10,
    clusterMs: { kind: 'fixed', ms: 1000 },
    episodes: 16,
    batch: 8,
    episodeMs: { kind: 'fixed', ms: 100 },
  },
  finalize: { durationMs: 500 },
} satisfies NonNullable<ScenarioOverrides['stages']>;

/** FAST_STAGES with CP-SAT overrunning its 180 s: 300 clusters one at a time, 1.5 s each (3 s → 453 s). */
export const CPSAT_OVERRUN_STAGES = {
  ...FAST_STAGES,
  cpsat: { clusters: 300, parallel: 1, clusterMs: { kind: 'fixed', ms: 1500 } },
} satisfies NonNullable<ScenarioOverrides['stages']>;
