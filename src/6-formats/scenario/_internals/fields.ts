import { z } from 'zod';
import { DURATION_PATTERN, parseDurationText } from '../duration.js';
import { LIMITS } from '../limits.js';
import { describeValue, didYouMean, showNumber, showString } from './describe.js';

/*
 * Zod building blocks of the scenario format, each with its own error
 * message. A message is the rest of a sentence whose subject is the field's
 * path ("stages.cpsat.clusters" + " is -3, negative; expected …"): what is
 * wrong with the value, then what is expected. Messages are computed from
 * the input itself, not from zod's issue codes, so that every way of being
 * wrong reads the same whichever check caught it.
 */

/** The issue fields a message needs; every zod issue has them. */
interface IssueLike {
  readonly input?: unknown;
  readonly code?: string;
}

type Problem = (input: unknown) => string;

function messageOf(problem: Problem, expected: (input: unknown) => string) {
  return (issue: IssueLike): string => `${problem(issue.input)}; expected ${expected(issue.input)}`;
}

function typeProblem(input: unknown): string {
  return `is ${describeValue(input)}`;
}

function numberProblem(input: unknown, min: number, max: number, integer: boolean, unit = ''): string {
  if (typeof input !== 'number' || !Number.isFinite(input)) return typeProblem(input);
  const shown = `${showNumber(input)}${unit}`;
  if (integer && !Number.isInteger(input)) return `is ${shown}, not a whole number`;
  if (input < min) return input < 0 ? `is ${shown}, negative` : `is ${shown}, below ${showNumber(min)}${unit}`;
  if (input > max) return `is ${shown}, above ${showNumber(max)}${unit}`;
  return `is ${shown}, out of range`;
}

/** A whole number from `min` to `max` (a safe integer). */
export function wholeNumber(min: number, max: number, expected = `a whole number from ${min} to ${max}`) {
  return z
    .number({ error: messageOf((v) => numberProblem(v, min, max, true), () => expected) })
    .int()
    .min(min)
    .max(max);
}

/** A finite number from `min` to `max`. */
export function decimal(min: number, max: number) {
  return z
    .number({ error: messageOf((v) => numberProblem(v, min, max, false), () => `a number from ${min} to ${max}`) })
    .min(min)
    .max(max);
}

/** How a bound reads: `10ms`, `60 s`, `7 days`. */
function boundText(seconds: number): string {
  if (seconds === LIMITS.durationSMax) return '7 days';
  if (seconds > 0 && seconds < 1) return `${showNumber(Math.round(seconds * 1e6) / 1e3)}ms`;
  return `${showNumber(seconds)} s`;
}

/** Bounds of a duration field, in seconds. */
export interface DurationBounds {
  readonly minS?: number;
  readonly maxS?: number;
}

function durationProblem(input: unknown, minS: number, maxS: number): string {
  let seconds: number;
  let shown: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return typeProblem(input);
    seconds = input;
    shown = `${showNumber(input)} s`;
  } else if (typeof input === 'string') {
    const parsed = parseDurationText(input);
    if (parsed === null) return `is ${showString(input)}, not a duration`;
    seconds = parsed;
    shown = showString(input);
  } else {
    return typeProblem(input);
  }
  if (seconds < 0) return `is ${shown}, negative`;
  if (seconds < minS) return `is ${shown}, shorter than ${boundText(minS)}`;
  if (seconds > maxS) return `is ${shown}, longer than ${boundText(maxS)}`;
  return `is ${shown}, out of range`;
}

/** What a duration field expects, for messages and descriptions. */
export function durationExpected({ minS = 0, maxS = LIMITS.durationSMax }: DurationBounds = {}): string {
  return `seconds or a string with a unit (250ms, 1.5s, 3m, 1h), from ${boundText(minS)} to ${boundText(maxS)}`;
}

/**
 * A duration: seconds as a number, or a string with a unit. Converted to
 * seconds or milliseconds only when the scenario is resolved.
 */
export function duration({ minS = 0, maxS = LIMITS.durationSMax }: DurationBounds = {}) {
  const error = messageOf((v) => durationProblem(v, minS, maxS), () => durationExpected({ minS, maxS }));
  const inRange = (text: string): boolean => {
    const seconds = parseDurationText(text);
    return seconds === null || (seconds >= minS && seconds <= maxS);
  };
  return z.union(
    [
      z.number({ error }).min(minS).max(maxS),
      z.string({ error }).regex(DURATION_PATTERN).refine(inRange, { error }),
    ],
    { error },
  );
}

/** One of `values`; a near miss gets a "did you mean". */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T, noun: string) {
  const problem = (v: unknown): string =>
    typeof v === 'string' ? `is ${showString(v)}, not a known ${noun}` : typeProblem(v);
  const expected = (v: unknown): string =>
    `one of ${values.join(', ')}${typeof v === 'string' ? didYouMean(v, values) : ''}`;
  return z.enum(values, { error: messageOf(problem, expected) });
}

/** Options of a text field. */
export interface TextOptions {
  readonly minLength?: number;
  readonly maxLength: number;
  readonly pattern?: RegExp;
  /** What is expected, e.g. "a name of lowercase letters, digits and '-'". */
  readonly expected: string;
}

/** A string with a length range and an optional pattern. */
export function text({ minLength = 0, maxLength, pattern, expected }: TextOptions) {
  const problem = (v: unknown): string => {
    if (typeof v !== 'string') return typeProblem(v);
    if (v.length < minLength) return v.length === 0 ? 'is empty' : `is ${v.length} characters long`;
    if (v.length > maxLength) return `is ${v.length} characters long`;
    return `is ${showString(v)}`;
  };
  const schema = z.string({ error: messageOf(problem, () => expected) }).min(minLength).max(maxLength);
  return pattern ? schema.regex(pattern) : schema;
}

/** The literal `true`. */
export function literalTrue(expected: string) {
  return z.literal(true, { error: messageOf(typeProblem, () => expected) });
}

/** Options of a list field. */
export interface ListOptions {
  readonly maxLength: number;
  /** What the items are, plural: "writer ids". */
  readonly noun: string;
  /** Whether an item may appear twice. */
  readonly unique?: boolean;
}

/** A list of `item`, at most `maxLength` long, optionally without repeats. */
export function listOf<T extends z.ZodType>(item: T, { maxLength, noun, unique = false }: ListOptions) {
  const problem = (v: unknown): string =>
    Array.isArray(v) ? `has ${v.length} items, more than ${maxLength}` : typeProblem(v);
  const schema = z.array(item, { error: messageOf(problem, () => `a list of ${noun} (at most ${maxLength})`) }).max(maxLength);
  if (!unique) return schema;
  return schema.meta({ uniqueItems: true }).superRefine((items, ctx) => {
    const seen = new Set<unknown>();
    items.forEach((value, index) => {
      if (seen.has(value)) {
        const shown = typeof value === 'string' ? showString(value) : String(value);
        ctx.addIssue({ code: 'custom', path: [index], message: `is ${shown} again; expected each of the ${noun} once` });
      }
      seen.add(value);
    });
  });
}

/**
 * A mapping with exactly these keys (each optional unless its schema is
 * required). Unknown keys are errors: the message has one line per unknown
 * key, in the order of zod's `keys`, which the issue formatter splits.
 */
export function strictMap<S extends z.ZodRawShape>(shape: S, what: string) {
  const allowed = Object.keys(shape);
  const error = (issue: IssueLike & { keys?: readonly string[] }): string => {
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      return issue.keys
        .map((key) => `is not a known key; expected one of ${allowed.join(', ')}${didYouMean(key, allowed)}`)
        .join('\n');
    }
    return `${typeProblem(issue.input)}; expected ${what}`;
  };
  return z.strictObject(shape, { error });
}

/**
 * Refinement option: a check across fields runs only when every field is
 * valid and no key is unknown, so that a typo gives one line, not two.
 */
export const WHEN_FIELDS_VALID = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };
