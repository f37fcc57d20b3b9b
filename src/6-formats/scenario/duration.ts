/**
 * A duration as a file writes it: seconds as a number, or a string with a
 * unit (`250ms`, `1.5s`, `3m`, `1h`).
 */
export type FileDuration = number | string;

/** A number followed by a unit, no space: `250ms`, `1.5s`, `.5s`, `3m`, `1h`. */
export const DURATION_PATTERN = /^(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h)$/;

const UNIT_S: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** Seconds of a duration string, or null when it is not one. */
export function parseDurationText(text: string): number | null {
  const match = DURATION_PATTERN.exec(text);
  if (!match) return null;
  const [, amount, unit] = match;
  // Milliseconds stay exact: "250ms" is 0.25, not 250 × 0.001.
  return unit === 'ms' ? Number(amount) / 1000 : Number(amount) * UNIT_S[unit!]!;
}

/** Seconds of a duration, unrounded (for fields kept in seconds). Assumes the value passed validation. */
export function durationSeconds(value: FileDuration): number {
  return typeof value === 'number' ? value : (parseDurationText(value) ?? Number.NaN);
}

/** Integer milliseconds of a duration (Math.round), for fields kept in ms. */
export function durationMs(value: FileDuration): number {
  if (typeof value === 'string') {
    const match = DURATION_PATTERN.exec(value);
    if (match && match[2] === 'ms') return Math.round(Number(match[1]));
  }
  return Math.round(durationSeconds(value) * 1000);
}
