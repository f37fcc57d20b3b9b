import { describe, expect, test } from 'vitest';
import { InputError } from '../../src/6-formats/InputError.js';
import { DEFAULT_CHECKS, DEFAULT_STAGES, EMPTY_STAGES } from '../../src/6-formats/scenario/defaults.js';
import { parseScenarioText } from '../../src/6-formats/scenario/parseScenarioText.js';
import type { Scenario } from '../../src/6-formats/scenario/Scenario.js';
import { DEFAULT_TRACKER_CONFIG } from '../../src/3-model/tracker/TrackerConfig.js';
import { DEFAULT_STAGE_TABLE } from '../../src/3-model/tracker/stageTable.js';

const parse = (text: string): Scenario => parseScenarioText(text, 'good.yaml');

/** `name: t` plus `body`, parsed; `pick` selects what the row asserts. */
const rows: readonly [string, string, (s: Scenario) => unknown, unknown][] = [
  // Units
  ['seconds as a number', 'step_timeout_s: 120', (s) => s.stepTimeoutMs, 120_000],
  ['milliseconds', 'step_timeout_s: 250ms', (s) => s.stepTimeoutMs, 250],
  ['fractional seconds', 'step_timeout_s: 1.5s', (s) => s.stepTimeoutMs, 1500],
  ['leading-dot seconds', 'step_timeout_s: .5s', (s) => s.stepTimeoutMs, 500],
  ['minutes', 'step_timeout_s: 3m', (s) => s.stepTimeoutMs, 180_000],
  ['hours', 'step_timeout_s: 1h', (s) => s.stepTimeoutMs, 3_600_000],
  ['rounded to whole ms', 'step_timeout_s: 0.0016', (s) => s.stepTimeoutMs, 2],
  ['sub-ms string rounded', 'stages: { load_data: { duration_s: 0.4ms } }', (s) => s.stages.loadData.durationMs, 0],
  ['seconds kept exact where the type is seconds', 'estimated_total_s: 250ms', (s) => s.estimatedTotalS, 0.25],
  ['estimate in minutes', 'estimated_total_s: 12m', (s) => s.estimatedTotalS, 720],
  // Defaults
  ['seed default', '', (s) => s.seed, 1],
  ['description default', '', (s) => s.description, ''],
  ['estimate default', '', (s) => s.estimatedTotalS, 720],
  ['step timeout default', '', (s) => s.stepTimeoutMs, 900_000],
  ['no stages: every stage takes 0 s', '', (s) => s.stages, EMPTY_STAGES],
  ['no tracker: the shipped tracker', '', (s) => s.tracker, DEFAULT_TRACKER_CONFIG],
  ['no checks: the contract tolerances', '', (s) => s.checks, DEFAULT_CHECKS],
  ['no expect: completed, no violations', '', (s) => s.expect, { outcome: 'completed', violations: [] }],
  ['no events', '', (s) => s.events, []],
  ['file recorded', '', (s) => s.file, 'good.yaml'],
  ['negative seed', 'seed: -42', (s) => s.seed, -42],
  ['largest seed', 'seed: 9007199254740991', (s) => s.seed, Number.MAX_SAFE_INTEGER],
  // Stages: present stages take DEFAULT_STAGES for missing keys, absent ones EMPTY_STAGES
  ['empty cpsat takes the default run', 'stages: { cpsat: {} }', (s) => s.stages.cpsat, DEFAULT_STAGES.cpsat],
  ['cpsat given, ga absent', 'stages: { cpsat: { clusters: 3 } }', (s) => [s.stages.cpsat.clusters, s.stages.cpsat.parallel, s.stages.ga], [3, 2, EMPTY_STAGES.ga]],
  ['load_data default duration', 'stages: { load_data: {} }', (s) => s.stages.loadData.durationMs, 35_000],
  ['finalize', 'stages: { finalize: { duration_s: 0.5 } }', (s) => s.stages.finalize, { durationMs: 500 }],
  ['rl without path is global', 'stages: { rl: { conflicts: 40 } }', (s) => s.stages.rl.path, 'global'],
  ['rl episodes default min(200, conflicts × 3)', 'stages: { rl: { path: fallback, conflicts: 30 } }', (s) => s.stages.rl.episodes, 90],
  ['rl episodes default capped at 200', 'stages: { rl: { path: fallback, conflicts: 500 } }', (s) => s.stages.rl.episodes, 200],
  ['rl episodes given', 'stages: { rl: { path: fallback, conflicts: 500, episodes: 7 } }', (s) => s.stages.rl.episodes, 7],
  ['rl skip', 'stages: { rl: { path: skip } }', (s) => [s.stages.rl.path, s.stages.rl.conflicts], ['skip', 40]],
  // Per-item durations
  ['per-item number', 'stages: { ga: { generation_s: 9.7 } }', (s) => s.stages.ga.generationMs, { kind: 'fixed', ms: 9700 }],
  ['per-item unit string', 'stages: { ga: { generation_s: 2m } }', (s) => s.stages.ga.generationMs, { kind: 'fixed', ms: 120_000 }],
  ['replay list', 'stages: { ga: { generations: 3, generation_s: [1, 250ms, 0.5m] } }', (s) => s.stages.ga.generationMs, { kind: 'list', ms: [1000, 250, 30_000] }],
  ['empty replay list for 0 items', 'stages: { ga: { generations: 0, generation_s: [] } }', (s) => s.stages.ga.generationMs, { kind: 'list', ms: [] }],
  ['rl cluster list has min(10, problem_clusters) entries', `stages: { rl: { problem_clusters: 25, cluster_s: [${Array(10).fill(1).join(', ')}] } }`, (s) => s.stages.rl.clusterMs, { kind: 'list', ms: Array(10).fill(1000) }],
  ['rl episode list', 'stages: { rl: { path: fallback, conflicts: 1, episode_s: [0.1, 0.2, 0.3] } }', (s) => s.stages.rl.episodeMs, { kind: 'list', ms: [100, 200, 300] }],
  ['dist fixed', 'stages: { cpsat: { cluster_s: { dist: fixed, value: 2s } } }', (s) => s.stages.cpsat.clusterMs, { kind: 'fixed', ms: 2000 }],
  ['dist uniform', 'stages: { cpsat: { cluster_s: { dist: uniform, min: 500ms, max: 2 } } }', (s) => s.stages.cpsat.clusterMs, { kind: 'uniform', minMs: 500, maxMs: 2000 }],
  ['dist uniform, min = max', 'stages: { cpsat: { cluster_s: { dist: uniform, min: 1, max: 1000ms } } }', (s) => s.stages.cpsat.clusterMs, { kind: 'uniform', minMs: 1000, maxMs: 1000 }],
  ['dist normal', 'stages: { cpsat: { cluster_s: { dist: normal, mean: 1.2, sd: 0.3 } } }', (s) => s.stages.cpsat.clusterMs, { kind: 'normal', meanMs: 1200, sdMs: 300 }],
  ['dist lognormal', 'stages: { cpsat: { cluster_s: { dist: lognormal, median: 1.1, p95: 4.0 } } }', (s) => s.stages.cpsat.clusterMs, { kind: 'lognormal', medianMs: 1100, p95Ms: 4000 }],
  ['dist exponential', 'stages: { cpsat: { cluster_s: { dist: exponential, mean: 3m } } }', (s) => s.stages.cpsat.clusterMs, { kind: 'exponential', meanMs: 180_000 }],
  // Profiles
  ['intended profile', 'profile: intended', (s) => [s.writers, s.errorPath], [[], 'published']],
  ['shipped profile', 'profile: shipped', (s) => [s.writers, s.errorPath], [['ga_direct'], 'silent']],
  ['pre-fix profile', 'profile: pre-fix', (s) => [s.writers, s.errorPath], [['cpsat_direct', 'rl_fallback', 'rl_global_repair', 'ga_direct'], 'silent']],
  ['writers override the profile', 'profile: pre-fix\nwriters: [update_progress]', (s) => s.writers, ['update_progress']],
  ['no writers', 'profile: shipped\nwriters: []', (s) => s.writers, []],
  ['error_path overrides the profile', 'profile: shipped\nerror_path: published', (s) => [s.profile, s.errorPath], ['shipped', 'published']],
  // Events
  ['cancel event', 'events: [{ at_s: 300, cancel: true }]', (s) => s.events, [{ atMs: 300_000, kind: 'cancel' }]],
  ['error event, order kept', 'events:\n  - { at_s: 2m, error: boom }\n  - { at_s: 1, cancel: true }', (s) => s.events, [{ atMs: 120_000, kind: 'error', message: 'boom' }, { atMs: 1000, kind: 'cancel' }]],
  // Checks
  ['checks override', 'checks: { eta_rise_max_s: 10, poll_s: 500ms, eta_stuck_max_s: 2m, progress_leap_max_pct: 10 }', (s) => s.checks, { ...DEFAULT_CHECKS, etaRiseMaxS: 10, pollMs: 500, etaStuckMaxS: 120, progressLeapMaxPct: 10 }],
  ['checks explicit null gate', 'checks: { eta_mae_max_s: null }', (s) => s.checks.etaMaeMaxS, null],
  // Expect
  ['expect', 'expect: { outcome: timed_out, violations: [silent-end, eta-jump] }', (s) => s.expect, { outcome: 'timed_out', violations: ['silent-end', 'eta-jump'] }],
  // Tracker
  ['tracker scalars', 'tracker: { tick_s: 250ms, eta_max_s: 15m, alpha_fast: 0.5, progress_cap_pct: 99 }', (s) => [s.tracker.tickMs, s.tracker.etaMaxS, s.tracker.alphaFast, s.tracker.progressCapPct, s.tracker.alphaSlow], [250, 900, 0.5, 99, 0.2]],
  ['tracker stage row', 'tracker: { stages: { cpsat: { end_pct: 55, expected_s: 4m, display_name: Solving } } }', (s) => s.tracker.stages[2], { name: 'cpsat', startPct: 10, endPct: 55, expectedS: 240, displayName: 'Solving' }],
  ['tracker other rows untouched', 'tracker: { stages: { ga: { start_pct: 60 } } }', (s) => s.tracker.stages.filter((r) => r.name !== 'ga'), DEFAULT_STAGE_TABLE.filter((r) => r.name !== 'ga')],
  // YAML niceties
  ['aliases', 'description: &d 2s\nstages: { ga: { generation_s: *d } }', (s) => [s.description, s.stages.ga.generationMs], ['2s', { kind: 'fixed', ms: 2000 }]],
  ['CRLF line ends', 'seed: 5\r\nprofile: shipped\r\n', (s) => [s.seed, s.profile], [5, 'shipped']],
];

describe('parseScenarioText resolves good files', () => {
  test.each(rows)('%s', (_, body, pick, expected) => {
    expect(pick(parse(`name: t\n${body}\n`))).toEqual(expected);
  });

  test('a byte order mark is ignored', () => {
    expect(parse('\uFEFFname: bom\n').name).toBe('bom');
  });

  test('the contract example resolves', () => {
    const s = parse(`
name: reported-bug
description: CP-SAT's own writes reproduce the 0 → 7 min jump
seed: 7
estimated_total_s: 720
tracker: {}
profile: intended
writers: [cpsat_direct]
stages:
  load_data:  { duration_s: 35 }
  clustering: { duration_s: 21 }
  cpsat:      { clusters: 294, parallel: 2, cluster_s: { dist: lognormal, median: 1.1, p95: 4.0 } }
  ga:         { generations: 18, generation_s: 9.7 }
  rl:         { path: fallback, episodes: 120, batch: 8, episode_s: 0.08 }
  finalize:   { duration_s: 0.5 }
events:
  - { at_s: 300, cancel: true }
expect:
  outcome: completed
  violations: [eta-zero-mid-run, eta-jump, single-writer]
`);
    expect(s.writers).toEqual(['cpsat_direct']);
    expect(s.errorPath).toBe('published');
    expect(s.stages).toEqual({
      ...DEFAULT_STAGES,
      cpsat: { ...DEFAULT_STAGES.cpsat, clusterMs: { kind: 'lognormal', medianMs: 1100, p95Ms: 4000 } },
      rl: { ...DEFAULT_STAGES.rl, path: 'fallback' },
    });
    expect(s.events).toEqual([{ atMs: 300_000, kind: 'cancel' }]);
    expect(s.tracker).toEqual(DEFAULT_TRACKER_CONFIG);
  });
});

describe('parseScenarioText refuses bad input with located lines', () => {
  const lines = (text: string): readonly string[] => {
    try {
      parseScenarioText(text, 'bad.yaml');
    } catch (error) {
      if (error instanceof InputError) return error.lines;
      throw error;
    }
    throw new Error('expected an InputError');
  };

  test('every problem of a file is its own line, in file order', () => {
    expect(lines('name: x\nseed: -1.5\nprofile: nope\nstages: { cpsat: { clusters: -1, parallel: 0 } }\n')).toEqual([
      'bad.yaml:2:7: seed is -1.5, not a whole number; expected a whole number from -(2^53 − 1) to 2^53 − 1',
      'bad.yaml:3:10: profile is "nope", not a known profile; expected one of intended, shipped, pre-fix',
      'bad.yaml:4:30: stages.cpsat.clusters is -1, negative; expected a whole number from 0 to 100000',
      'bad.yaml:4:44: stages.cpsat.parallel is 0, below 1; expected a whole number from 1 to 1000',
    ]);
  });

  test('a NUL byte is binary content', () => {
    expect(lines('name: x\nseed: 1\u0000\n')).toEqual(['bad.yaml:2:8: the file contains a NUL byte, so it looks binary; expected a UTF-8 text file']);
  });

  test('too many events is refused before it runs', () => {
    const events = Array.from({ length: 10_001 }, (_, i) => `  - { at_s: ${i}, cancel: true }`).join('\n');
    expect(lines(`name: x\nevents:\n${events}\n`)).toEqual(['bad.yaml:3:3: events has 10001 items, more than 10000; expected a list of events (at most 10000)']);
  });

  test('a key with an empty value points at the key', () => {
    expect(lines('name: x\nseed:\n')).toEqual(['bad.yaml:2:1: seed is empty (null); expected a whole number from -(2^53 − 1) to 2^53 − 1']);
  });

  test('an unknown key and a cross-field rule in one object give one line', () => {
    expect(lines('name: x\nevents: [{ at_s: 1, cancle: true }]\n')).toEqual([
      'bad.yaml:2:21: events[0].cancle is not a known key; expected one of at_s, cancel, error, fault, duration_s, latency_s, components (did you mean "cancel"?)',
    ]);
  });

  test('an alias without an anchor', () => {
    expect(lines('name: *nowhere\n')).toEqual(['bad.yaml:1:7: alias *nowhere has no anchor before it; expected an anchor defined earlier in the file']);
  });

  test('deep nesting is refused, not a stack overflow', () => {
    expect(lines(`name: x\ndescription: ${'['.repeat(5000)}${']'.repeat(5000)}\n`)).toHaveLength(1);
  });

  test('a problem found through an alias points at the alias', () => {
    expect(lines('name: x\nseed: &d -3\nstages: { load_data: { duration_s: *d } }\n')).toEqual([
      'bad.yaml:3:36: stages.load_data.duration_s is -3 s, negative; expected seconds or a string with a unit (250ms, 1.5s, 3m, 1h), from 0 s to 7 days',
    ]);
  });

  test('a %YAML directive other than 1.2 is refused where it stands (1.1 would read yes as true, 1:30 as 90, << as a merge)', () => {
    expect(lines('%YAML 1.1\n---\nname: x\ndescription: yes\n')).toEqual([
      'bad.yaml:1:1: %YAML 1.1 would read the file with other rules (YAML 1.1: merge keys, sexagesimal numbers, yes/no booleans); expected no %YAML directive or %YAML 1.2',
    ]);
    expect(lines('# header\n%YAML 1.3\n---\nname: x\n')[0]).toMatch(/^bad\.yaml:2:1: %YAML 1\.3 would read/);
  });

  test('a file with 100,000 bad items: the first 100 lines and a count, no stack overflow', () => {
    const items = Array.from({ length: 100_000 }, () => '-1').join(', ');
    const out = lines(`name: x\nstages:\n  cpsat: { clusters: 100000, parallel: 2, cluster_s: [${items}] }\n`);
    expect(out).toHaveLength(101);
    expect(out[0]).toMatch(/^bad\.yaml:3:\d+: stages\.cpsat\.cluster_s\[0\] is -1 s, negative/);
    expect(out[100]).toBe('bad.yaml: … and 99900 more problems; expected them fixed like the ones above');
  });

  test('%YAML 1.2, and %YAML inside a scalar, are fine', () => {
    expect(parseScenarioText('%YAML 1.2\n---\nname: x\n', 'ok.yaml').name).toBe('x');
    expect(parseScenarioText('name: x\ndescription: |\n  %YAML 1.1\n', 'ok.yaml').description).toBe('%YAML 1.1\n');
  });

  test('an RL cluster list longer than the 10 clusters repaired', () => {
    expect(lines('name: x\nstages: { rl: { problem_clusters: 3, cluster_s: [1, 1] } }\n')).toEqual([
      'bad.yaml:2:49: stages.rl.cluster_s has 2 items; expected 3, one per repaired cluster: min(10, stages.rl.problem_clusters (3))',
    ]);
  });
});
