import { describe, expect, test } from 'vitest';
import { RL_PROBLEM_CLUSTERS_MAX } from '../../src/3-model/pipeline/stages/rl.js';
import { durationMs, durationSeconds, parseDurationText } from '../../src/6-formats/scenario/duration.js';
import { RL_PROBLEM_CLUSTERS_REPAIRED_MAX } from '../../src/6-formats/scenario/limits.js';

describe('duration units', () => {
  test.each<[string, number | null]>([
    ['250ms', 0.25],
    ['1.5s', 1.5],
    ['.5s', 0.5],
    ['3m', 180],
    ['1h', 3600],
    ['0s', 0],
    ['3 minutes', null],
    ['5x', null],
    ['3 m', null],
    ['-1s', null],
    ['1e3s', null],
    ['', null],
  ])('%s', (text, seconds) => {
    expect(parseDurationText(text)).toBe(seconds);
  });

  test('milliseconds are exact and rounded once', () => {
    expect(durationMs('250ms')).toBe(250);
    expect(durationMs('0.6ms')).toBe(1);
    expect(durationMs(1.1)).toBe(1100);
    expect(durationMs(0.0004)).toBe(0);
    expect(durationSeconds('250ms')).toBe(0.25);
  });
});

test('the RL bound mirrors the pipeline', () => {
  expect(RL_PROBLEM_CLUSTERS_REPAIRED_MAX).toBe(RL_PROBLEM_CLUSTERS_MAX);
});
