import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runScenario, type RunResult } from '../../src/4-harness/runScenario.js';
import { defaultScenario, type ScenarioOverrides } from '../../src/6-formats/scenario/defaults.js';
import { checkTrace, violatedIds } from '../../src/5-invariants/checkTrace.js';
import { formatTrace } from '../../src/0-trace/jsonl.js';
import { readCapture } from '../../src/6-formats/capture/readCapture.js';
import { checkCapture } from '../../src/6-formats/capture/checkCapture.js';
import { traceToMonitor, type ToMonitorOptions } from './helpers/traceToMonitor.js';

/**
 * A simulated run, written as jsonl and as MONITOR text, read back by the
 * check: the same violations (and, for MONITOR, the same writer names from
 * attribution alone) as the simulator's own trace.
 */
const CASES: ReadonlyArray<readonly [string, ScenarioOverrides]> = [
  ['intended', { profile: 'intended' }],
  ['shipped', { profile: 'shipped' }],
  ['pre-fix', { profile: 'pre-fix' }],
  ['pre-fix, cancelled at 300 s', { profile: 'pre-fix', events: [{ atMs: 300_000, kind: 'cancel' }] }],
  ['shipped, stage error at 450 s (silent fail())', { profile: 'shipped', events: [{ atMs: 450_000, kind: 'error', message: 'boom' }] }],
  ['intended, stage error at 450 s (published)', { profile: 'intended', events: [{ atMs: 450_000, kind: 'error', message: 'boom' }] }],
  ['pre-fix, rl global path', { profile: 'pre-fix', stages: { rl: { path: 'global' } } }],
  ['update_progress on', { profile: 'intended', writers: ['update_progress'] }],
];

const MONITOR_VARIANTS: ReadonlyArray<readonly [string, ToMonitorOptions]> = [
  ['one address per connection', {}],
  ['api, saga and tracker on one address, lower-case commands, noise lines', { shared: true, lowerCase: true, noise: true }],
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etasim-roundtrip-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What a check reports that a round trip must keep: ids, and each violation's time and writer. */
function essence(violations: ReadonlyArray<{ invariant: string; at_s: number; writer: string }>): string[] {
  return violations.map((v) => `${v.invariant} ${v.at_s} ${v.writer}`).sort();
}

/** Writes of the job per writer, as checkTrace counts them. */
function writersOf(run: RunResult): Record<string, number> {
  return checkTrace(run.trace).writers as Record<string, number>;
}

describe.each(CASES)('round trip: %s', (name, overrides) => {
  let run: RunResult;
  beforeAll(async () => {
    run = await runScenario(defaultScenario({ name: name.replace(/[^a-z0-9]+/g, '-'), ...overrides }));
  });

  test('jsonl: same violations', async () => {
    const original = checkTrace(run.trace);
    const file = join(dir, `${run.jobId}.jsonl`);
    await writeFile(file, formatTrace(run.trace));
    const capture = await readCapture(file, { format: 'auto', label: file });
    expect(capture.format).toBe('jsonl');
    const check = checkCapture(capture);
    expect(check.jobs.map((j) => j.job_id)).toEqual([run.jobId]);
    expect(violatedIds(check.violations)).toEqual(violatedIds(original.violations));
    expect(essence(check.violations)).toEqual(essence(original.violations));
    expect(check.writers).toEqual(original.writers);
  });

  test.each(MONITOR_VARIANTS)('monitor (%s): same violations and writers', async (variant, options) => {
    const original = checkTrace(run.trace);
    const file = join(dir, `${run.jobId}-${variant.length}.monitor`);
    await writeFile(file, traceToMonitor(run.trace, options));
    const capture = await readCapture(file, { format: 'monitor', label: file });
    const check = checkCapture(capture);
    expect(check.jobs.map((j) => j.job_id)).toEqual([run.jobId]);
    expect(violatedIds(check.violations)).toEqual(violatedIds(original.violations));
    expect(essence(check.violations)).toEqual(essence(original.violations));
    expect(check.writers).toEqual(writersOf(run));
    expect(check.attribution.map((a) => a.writer).sort()).toEqual(Object.keys(writersOf(run)).sort());
  });
});
