import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { CampaignTally, type CaseRecord } from '../../src/7-orchestration/fuzz/CampaignTally.js';
import { caseCount, caseIndexes, reproduceCommand, SHRINK_RUNS_MAX_DEFAULT, type CampaignSpec } from '../../src/7-orchestration/fuzz/CampaignSpec.js';
import { counterexampleFile, counterexampleName, regressionScenario } from '../../src/7-orchestration/fuzz/counterexampleFile.js';
import { FINDING_KINDS, GATE_INVARIANTS } from '../../src/7-orchestration/fuzz/FindingKind.js';
import { INTENDED } from '../../src/7-orchestration/fuzz/GeneratorOptions.js';
import { formatBar, formatEta } from '../../src/7-orchestration/fuzz/formatProgress.js';
import { ProgressMeter } from '../../src/7-orchestration/fuzz/ProgressMeter.js';
import { InOrder } from '../../src/7-orchestration/fuzz/_internals/InOrder.js';
import { defaultScenario } from '../../src/6-formats/scenario/defaults.js';
import { parseScenarioText } from '../../src/6-formats/scenario/index.js';
import { OUTCOMES } from '../../src/6-formats/scenario/Scenario.js';

const spec = (over: Partial<CampaignSpec> = {}): CampaignSpec => ({
  seed: 1,
  runs: 10,
  generator: INTENDED,
  cases: { invariants: GATE_INVARIANTS, checkDeterminism: false },
  shard: { index: 0, count: 1 },
  onlyCase: null,
  shrinkRunsMax: SHRINK_RUNS_MAX_DEFAULT,
  ...over,
});

const record: fc.Arbitrary<CaseRecord> = fc.record({
  index: fc.nat(1000),
  outcome: fc.option(fc.constantFrom(...OUTCOMES), { nil: null }),
  kinds: fc.subarray([...FINDING_KINDS]),
  violated: fc.constant([]),
  error: fc.constant(null),
  knobs: fc.constant(null),
});

describe('CampaignTally', () => {
  test.prop([fc.array(record, { maxLength: 50 }).chain((rs) => fc.tuple(fc.constant(rs), fc.shuffledSubarray(rs, { minLength: rs.length })))], { seed: 42 })(
    'gives the same totals whatever order the records arrive in (worker timing does not matter)',
    ([records, shuffled]) => {
      const a = new CampaignTally();
      const b = new CampaignTally();
      records.forEach((r) => a.add(r));
      shuffled.forEach((r) => b.add(r));
      expect([b.casesRun, b.outcomes, b.failingCases, b.failingByKind(), [...b.firstFailing].sort()]).toEqual([
        a.casesRun,
        a.outcomes,
        a.failingCases,
        a.failingByKind(),
        [...a.firstFailing].sort(),
      ]);
    },
  );
});

describe('CampaignSpec', () => {
  test.prop([fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 9 })], { seed: 42 })('shards partition the cases', (runs, count) => {
    const all: number[] = [];
    for (let index = 0; index < count; index++) {
      const s = spec({ runs, shard: { index, count } });
      const mine = [...caseIndexes(s)];
      expect(mine.length).toBe(caseCount(s));
      expect(mine.every((i) => i % count === index)).toBe(true);
      all.push(...mine);
    }
    expect(all.sort((x, y) => x - y)).toEqual([...Array(runs).keys()]);
  });

  test('the reproduce command names only what differs from the defaults', () => {
    expect(reproduceCommand(spec())).toBe('npx etasim fuzz --seed 1 --runs 10');
    expect(
      reproduceCommand(
        spec({
          generator: { profile: 'shipped', writers: { kind: 'exactly', writers: [] }, errorPath: { kind: 'any' } },
          cases: { invariants: ['eta-jump'], checkDeterminism: true },
          shard: { index: 1, count: 3 },
        }),
      ),
    ).toBe('npx etasim fuzz --seed 1 --runs 10 --profile shipped --writers none --error-path any --invariants eta-jump --check-determinism --shard 1/3');
    expect(reproduceCommand(spec({ shard: { index: 1, count: 3 } }), { withCase: 4 })).toBe('npx etasim fuzz --seed 1 --runs 10 --case 4');
    expect(reproduceCommand(spec({ seed: -5 }))).toBe('npx etasim fuzz --seed=-5 --runs 10');
  });
});

describe('ProgressMeter: our own ETA keeps the invariants we check the tracker for', () => {
  const steps = fc.array(fc.record({ dtMs: fc.integer({ min: 0, max: 5000 }), cases: fc.integer({ min: 0, max: 40 }) }), { minLength: 1, maxLength: 200 });
  test.prop([fc.integer({ min: 1, max: 3000 }), steps, fc.option(fc.double({ min: 0.1, max: 500, noNaN: true }), { nil: null })], { seed: 42 })(
    'done never goes down, the ETA never rises by more than 5 s, and is never 0 or missing while cases remain',
    (total, sequence, guess) => {
      const meter = new ProgressMeter(total, 0, { initialRatePerS: guess ?? 40 });
      let now = 0;
      let done = 0;
      let last = meter.observe(0, 0);
      for (const { dtMs, cases } of sequence) {
        now += dtMs;
        done = Math.min(total, done + cases);
        const r = meter.observe(done, now);
        expect(r.done).toBeGreaterThanOrEqual(last.done);
        if (r.done < total) {
          expect(r.etaS).not.toBeNull();
          expect(r.etaS!).toBeGreaterThanOrEqual(1);
          if (last.etaS !== null && last.done < total) expect(r.etaS! - last.etaS).toBeLessThanOrEqual(5);
        } else {
          expect(r.etaS).toBe(0);
        }
        last = r;
      }
    },
  );

  test('the rate is a bias-corrected moving average and the ETA follows it down', () => {
    const meter = new ProgressMeter(1000, 0, { initialRatePerS: 10 });
    expect(meter.observe(0, 0).etaS).toBe(100);
    const r = meter.observe(100, 1000);
    expect(r.ratePerS).toBeCloseTo(100);
    expect(r.etaS).toBe(9);
  });

  test('a slow-down raises the ETA by at most 5 s per observation', () => {
    const meter = new ProgressMeter(1000, 0, { initialRatePerS: 100 });
    meter.observe(100, 1000);
    const slower = [meter.observe(101, 11_000), meter.observe(102, 21_000), meter.observe(103, 31_000)];
    expect(slower.map((r) => r.etaS)).toEqual([14, 19, 24]);
  });

  test('formats', () => {
    expect([formatEta(0), formatEta(59.4), formatEta(61), formatEta(3725)]).toEqual(['0s', '59s', '1m 01s', '1h 02m']);
    expect(formatBar({ done: 5, total: 10, ratePerS: 2.5, etaS: 2 }, 1, 10)).toBe('[#####.....] 5/10 50% · 2.5 cases/s · ETA 2s · failing 1');
  });
});

test('InOrder releases records in index order, holding back only early ones', () => {
  const out: number[] = [];
  const order = new InOrder<number>([0, 2, 4, 6][Symbol.iterator](), (x) => out.push(x));
  order.push(4, 4);
  order.push(2, 2);
  expect(out).toEqual([]);
  order.push(0, 0);
  expect(out).toEqual([0, 2, 4]);
  order.push(6, 6);
  expect(out).toEqual([0, 2, 4, 6]);
});

describe('counterexample files', () => {
  const verdict = { outcome: 'completed' as const, kinds: ['eta-jump' as const], violated: ['eta-jump'], error: 'line one\nline two' };
  const base = defaultScenario({ name: 'fuzz' });

  test('names stay within the format', () => {
    expect(counterexampleName('eta-zero-mid-run', -12, 3)).toBe('fuzz-eta-zero-mid-run-s-12-c3');
  });

  test('a regression scenario expects the same outcome and no violation; the header is comments only', () => {
    const s = regressionScenario(base, verdict, 'fuzz-eta-jump-s1-c0', ['eta-jump']);
    expect(s.expect).toEqual({ outcome: 'completed', violations: [] });
    const text = counterexampleFile(s, verdict, {
      campaign: 'npx etasim fuzz --seed 1 --runs 10',
      replayCase: 'npx etasim fuzz --seed 1 --runs 10 --case 0',
      caseIndex: 0,
      kinds: ['eta-jump', 'crash'],
      shrinks: 3,
      shrinkRuns: 9,
      budgetSpent: false,
    });
    const header = text.slice(0, text.indexOf('name:'));
    expect(header.split('\n').filter((l) => l !== '').every((l) => l.startsWith('#'))).toBe(true);
    expect(header).toContain('# The run does not finish: line one\n# line two\n');
    expect(header).toContain('exits 1 while the bug exists and 0 once');
    expect(parseScenarioText(text, 'x.yaml')).toEqual({ ...s, file: 'x.yaml' });
  });
});
