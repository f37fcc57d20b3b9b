import { describe, expect, test } from 'vitest';
import { runScenario } from '../../src/4-harness/runScenario.js';
import { defaultScenario } from '../../src/6-formats/scenario/defaults.js';
import { formatTrace } from '../../src/0-trace/jsonl.js';
import { atMsOf, published } from './runHelpers.js';

/**
 * One seed decides everything: the same scenario and seed give a
 * byte-identical trace; another seed, with the default's lognormal CP-SAT
 * clusters, gives another. The observers see what was written.
 */
describe('determinism', () => {
  test('two runs with one seed give byte-identical traces', async () => {
    const a = await runScenario(defaultScenario({ name: 'det', seed: 1 }));
    const b = await runScenario(defaultScenario({ name: 'det', seed: 1 }));
    const textA = formatTrace(a.trace);
    expect(textA.length).toBeGreaterThan(100_000);
    expect(formatTrace(b.trace)).toBe(textA);
    expect(b.received).toEqual(a.received);
    expect(b.outcome).toBe(a.outcome);
  });

  test('two seeds with lognormal clusters give different runs', async () => {
    const scenario = defaultScenario({ name: 'det' });
    expect(scenario.stages.cpsat.clusterMs.kind).toBe('lognormal');
    const a = await runScenario(defaultScenario({ name: 'det', seed: 1 }));
    const b = await runScenario(defaultScenario({ name: 'det', seed: 2 }));
    expect(formatTrace(b.trace)).not.toBe(formatTrace(a.trace));
    // The difference is in CP-SAT's length, not in something incidental.
    const cpsatMs = (r: typeof a): number => {
      const span = r.spans.find((s) => s.stage === 'cpsat')!;
      return span.endMs - span.startMs;
    };
    expect(cpsatMs(b)).not.toBe(cpsatMs(a));
  });
});

describe('observers', () => {
  test("the subscriber receives exactly the channel's published messages, in order", async () => {
    const result = await runScenario(defaultScenario({ name: 'observers', profile: 'pre-fix', seed: 3 }));
    const sent = published(result).map((m) => m.raw);
    // Every writer's PUBLISH (api, tracker, saga info messages, the legacy writers) reached it.
    expect(new Set(published(result).map((m) => m.writer))).toEqual(
      new Set(['api', 'tracker', 'saga', 'cpsat_direct', 'ga_direct', 'rl_fallback']),
    );
    expect(result.received).toEqual(sent);
  });

  test("the poller's reads come every 2 s until it reads the terminal message", async () => {
    const result = await runScenario(defaultScenario({ name: 'poller' }));
    const reads = result.trace.filter((e) => e.op === 'get');
    const times = reads.map(atMsOf);
    expect(times.length).toBeGreaterThan(250);
    expect(times).toEqual(times.map((_, i) => (i + 1) * 2000));
    expect(reads.every((e) => e.writer === 'poller' && e.key === `progress:job:${result.jobId}`)).toBe(true);
    // The last read is the first at or after the job's end, and it saw the completed message.
    expect(times.at(-1)!).toBe(Math.ceil(result.endMs / 2000) * 2000);
    expect(JSON.parse(reads.at(-1)!.value!)).toMatchObject({ status: 'completed', progress: 100 });
  });
});
