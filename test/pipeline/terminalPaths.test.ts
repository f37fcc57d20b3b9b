import { describe, expect, test } from 'vitest';
import { runScenario, type RunResult } from '../../src/4-harness/runScenario.js';
import { defaultScenario, type ScenarioOverrides } from '../../src/6-formats/scenario/defaults.js';
import { FAST_STAGES, progressKeyOf, seen, trackerMessages, writes, type SeenMessage } from '../sim/runHelpers.js';

/** What main.py's terminal handlers write, in order: SETEX and PUBLISH of the message, then DEL of the cancel and start_time keys. */
const TERMINAL_HANDLER_WRITES = [
  ['api', 'setex'],
  ['api', 'publish'],
  ['api', 'del'],
  ['api', 'del'],
];

/**
 * How a job ends other than completed (system.md, "Terminal writes" and the
 * tracker loop). FAST_STAGES: GA runs 8 s → 26 s; the tracker ticks every
 * 0.5 s from 0.
 */

function run(name: string, overrides: ScenarioOverrides): Promise<RunResult> {
  return runScenario(defaultScenario({ name, stages: FAST_STAGES, ...overrides }));
}

/** Everything written (not read) at or after `fromMs`. */
function writesFrom(result: RunResult, fromMs: number): SeenMessage[] {
  return result.trace.map(seen).filter((m) => m.op !== 'get' && m.atMs >= fromMs);
}

describe('cancel during GA', () => {
  test('flag by cancel_api, tracker stops silently at its next tick, saga ends with the cancelled message', async () => {
    const result = await run('cancel-ga', { events: [{ atMs: 12_000, kind: 'cancel' }] });
    expect(result.outcome).toBe('cancelled');
    const keys = { progress: progressKeyOf(result), cancel: `cancel:job:${result.jobId}`, startTime: `start_time:job:${result.jobId}` };

    // The cancel endpoint: SETEX cancel:job:J 3600 "1" at 12 s.
    const flag = writes(result, 'cancel_api');
    expect(flag).toEqual([expect.objectContaining({ atMs: 12_000, op: 'setex', key: keys.cancel, raw: '1' })]);
    expect(result.trace.find((e) => e.writer === 'cancel_api')!.ttl_s).toBe(3600);

    // The loop's tick at 12.0 s reads the flag and stops without a word: its last write is the 11.5 s tick.
    const tracker = writes(result, 'tracker');
    expect(Math.max(...tracker.map((m) => m.atMs))).toBe(11_500);
    expect(tracker.every((m) => m.body['status'] === 'running')).toBe(true);

    // The saga checks the flag only before a step: GA runs to its end (26 s), then the
    // terminal handler: SETEX + PUBLISH of the cancelled message, then DEL of both keys.
    const end = writesFrom(result, 12_001);
    expect(end.map((m) => [m.atMs, m.writer, m.op, m.key])).toEqual([
      [26_000, 'api', 'setex', keys.progress],
      [26_000, 'api', 'publish', `progress:${result.jobId}`],
      [26_000, 'api', 'del', keys.cancel],
      [26_000, 'api', 'del', keys.startTime],
    ]);
    expect(end[0]!.raw).toBe(end[1]!.raw);
    expect(end[0]!.body).toEqual({
      job_id: result.jobId,
      progress: 0,
      status: 'cancelled',
      stage: 'Cancelled',
      message: 'Generation cancelled by user',
      timestamp: '2024-12-01T15:13:46+00:00', // virtual epoch 15:13:20 + 26 s
    });
    // No RL: the job ended before it.
    expect(trackerMessages(result).some((m) => m.body['stage'] === 'Resolving conflicts')).toBe(false);
    // The subscriber heard the end; the poller's last read is the cancelled message.
    expect(JSON.parse(result.received.at(-1)!)).toMatchObject({ status: 'cancelled' });
    expect(seen(result.trace.filter((e) => e.op === 'get').at(-1)!).body['status']).toBe('cancelled');
  });
});

describe('stage error during GA', () => {
  test("silent (shipped): only the tracker's fail() SETEX, no publish, keys left", async () => {
    const scenario = defaultScenario({ name: 'error-silent', profile: 'shipped', stages: FAST_STAGES, events: [{ atMs: 12_000, kind: 'error', message: 'boom' }] });
    expect(scenario.errorPath).toBe('silent');
    const result = await runScenario(scenario);
    expect(result.outcome).toBe('failed');
    expect(result.endMs).toBe(12_000);

    const end = writesFrom(result, 12_000);
    expect(end.map((m) => [m.atMs, m.writer, m.op, m.key])).toEqual([[12_000, 'tracker', 'setex', progressKeyOf(result)]]);
    expect(end[0]!.body).toEqual({
      job_id: result.jobId,
      progress: 0,
      status: 'failed',
      stage: 'Failed',
      message: 'boom',
      timestamp: '2024-12-01T15:13:32+00:00',
    });
    // A subscriber never hears the end: its last message is a running one.
    expect(JSON.parse(result.received.at(-1)!)).toMatchObject({ status: 'running' });
    expect(result.trace.some((e) => e.op === 'del')).toBe(false);
    // The poller does see it.
    expect(seen(result.trace.filter((e) => e.op === 'get').at(-1)!).body['status']).toBe('failed');
  });

  test('published (intended): terminal SETEX + PUBLISH "Generation failed: boom", then DELs', async () => {
    const scenario = defaultScenario({ name: 'error-published', profile: 'intended', stages: FAST_STAGES, events: [{ atMs: 12_000, kind: 'error', message: 'boom' }] });
    expect(scenario.errorPath).toBe('published');
    const result = await runScenario(scenario);
    expect(result.outcome).toBe('failed');

    const end = writesFrom(result, 12_000);
    expect(end.map((m) => [m.writer, m.op])).toEqual(TERMINAL_HANDLER_WRITES);
    expect(end[1]!.body).toEqual({
      job_id: result.jobId,
      progress: 0,
      status: 'failed',
      stage: 'Failed',
      message: 'Generation failed: boom',
      timestamp: '2024-12-01T15:13:32+00:00',
    });
    expect(JSON.parse(result.received.at(-1)!)).toMatchObject({ status: 'failed', stage: 'Failed' });
    // The tracker stopped with the job: its last write is the 11.5 s tick.
    expect(Math.max(...writes(result, 'tracker').map((m) => m.atMs))).toBe(11_500);
  });
});

describe('step timeout (load_data 120 s, step timeout 60 s)', () => {
  const stages = { ...FAST_STAGES, loadData: { durationMs: 120_000 } };

  test('silent: timed_out, only the tracker fail() SETEX', async () => {
    const result = await run('timeout-silent', { errorPath: 'silent', stepTimeoutMs: 60_000, stages });
    expect(result.outcome).toBe('timed_out');
    expect(result.endMs).toBe(60_000);
    const end = writesFrom(result, 60_000);
    expect(end.map((m) => [m.writer, m.op])).toEqual([['tracker', 'setex']]);
    expect(end[0]!.body).toMatchObject({ progress: 0, status: 'failed', stage: 'Failed' });
    expect(typeof end[0]!.body['message']).toBe('string');
    expect(JSON.parse(result.received.at(-1)!)).toMatchObject({ status: 'running' });
    // The loop was stopped with the step: its 60 s tick never ran (last tracker publish at 59.5 s).
    expect(Math.max(...trackerMessages(result).map((m) => m.atMs))).toBe(59_500);
  });

  test('published: timed_out, terminal "Timeout" message on the channel', async () => {
    const result = await run('timeout-published', { errorPath: 'published', stepTimeoutMs: 60_000, stages });
    expect(result.outcome).toBe('timed_out');
    const end = writesFrom(result, 60_000);
    expect(end.map((m) => [m.writer, m.op])).toEqual(TERMINAL_HANDLER_WRITES);
    expect(end[1]!.body).toEqual({
      job_id: result.jobId,
      progress: 0,
      status: 'failed',
      stage: 'Timeout',
      message: 'Generation timed out after 10 minutes',
      timestamp: '2024-12-01T15:14:20+00:00',
    });
    expect(JSON.parse(result.received.at(-1)!)).toMatchObject({ stage: 'Timeout' });
  });

  test('a step shorter than its timeout completes', async () => {
    const result = await run('timeout-not-hit', { stepTimeoutMs: 60_000, stages: { ...FAST_STAGES, loadData: { durationMs: 59_999 } } });
    expect(result.outcome).toBe('completed');
  });
});
