import { z } from 'zod';
import { didYouMean, showString, describeValue } from './_internals/describe.js';
import { duration, durationExpected, listOf, strictMap, WHEN_FIELDS_VALID } from './_internals/fields.js';
import { durationSeconds } from './duration.js';
import { LIMITS } from './limits.js';

/** The distributions a per-item duration may draw from. */
export const DISTRIBUTIONS = ['fixed', 'uniform', 'normal', 'lognormal', 'exponential'] as const;

function param(description: string) {
  return duration().meta({ description: `${description}: ${durationExpected()}` });
}

function dist<const K extends (typeof DISTRIBUTIONS)[number]>(kind: K, description: string) {
  return z.literal(kind).meta({ description });
}

const keysOf = (keys: string): string => `a mapping with keys ${keys}`;

const fixed = strictMap(
  { dist: dist('fixed', 'every item takes `value`'), value: param('every item') },
  keysOf('dist, value'),
);

const uniform = strictMap(
  { dist: dist('uniform', 'uniform between `min` and `max`'), min: param('shortest'), max: param('longest') },
  keysOf('dist, min, max'),
).superRefine((d, ctx) => {
  if (durationSeconds(d.min) > durationSeconds(d.max)) {
    ctx.addIssue({ code: 'custom', path: ['min'], message: `is ${showDuration(d.min)}, above max (${showDuration(d.max)}); expected min ≤ max` });
  }
}, WHEN_FIELDS_VALID);

const normal = strictMap(
  { dist: dist('normal', 'normal with `mean` and standard deviation `sd`; negative draws count as 0'), mean: param('mean'), sd: param('standard deviation') },
  keysOf('dist, mean, sd'),
);

const lognormal = strictMap(
  { dist: dist('lognormal', 'lognormal with `median` and 95th percentile `p95`'), median: param('median'), p95: param('95th percentile') },
  keysOf('dist, median, p95'),
).superRefine((d, ctx) => {
  if (durationSeconds(d.p95) < durationSeconds(d.median)) {
    ctx.addIssue({ code: 'custom', path: ['p95'], message: `is ${showDuration(d.p95)}, below median (${showDuration(d.median)}); expected p95 ≥ median` });
  }
}, WHEN_FIELDS_VALID);

const exponential = strictMap(
  { dist: dist('exponential', 'exponential with `mean`'), mean: param('mean') },
  keysOf('dist, mean'),
);

/** A valid file duration as a message shows it: `12 s`, `"250ms"`. */
function showDuration(value: number | string): string {
  return typeof value === 'number' ? `${value} s` : showString(value);
}

function distProblem(input: unknown): string {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return `is ${describeValue(input)}`;
  const kind = (input as Record<string, unknown>)['dist'];
  if (kind === undefined) return 'is missing';
  return typeof kind === 'string' ? `is ${showString(kind)}, not a known distribution` : `is ${describeValue(kind)}`;
}

/** `{ dist: fixed | uniform | normal | lognormal | exponential, … }`, drawn from the scenario's seed. */
export const DistributionSchema = z.discriminatedUnion('dist', [fixed, uniform, normal, lognormal, exponential], {
  error: (issue) => {
    const kind = typeof issue.input === 'object' && issue.input !== null ? (issue.input as Record<string, unknown>)['dist'] : undefined;
    const hint = typeof kind === 'string' ? didYouMean(kind, DISTRIBUTIONS) : '';
    return `${distProblem(issue.input)}; expected one of ${DISTRIBUTIONS.join(', ')}${hint}`;
  },
});

/** What a per-item duration field expects, for messages and descriptions. */
export const ITEM_DURATIONS_EXPECTED =
  'seconds or a string with a unit (every item the same), a list of them (one per item, replayed in order), ' +
  'or { dist: fixed | uniform | normal | lognormal | exponential, … }';

/**
 * The durations of a stage's items as a file writes them: one duration for
 * every item, a list replayed in order, or a seeded distribution.
 */
export const ItemDurationsSchema = z.union(
  [duration(), listOf(duration(), { maxLength: LIMITS.listLengthMax, noun: 'durations' }), DistributionSchema],
  { error: (issue) => `is ${describeValue(issue.input)}; expected ${ITEM_DURATIONS_EXPECTED}` },
);

/** A per-item duration as parsed from a file, before resolution. */
export type FileItemDurations = z.output<typeof ItemDurationsSchema>;
