import fc from 'fast-check';

/**
 * A weighted choice whose shrinker may also jump to the first choice: list
 * the "off" or smallest choice first, so that a counterexample sheds the
 * features it does not need (swarm testing's off switch doubles as the
 * shrink target).
 */
export function weighted<T>(...choices: ReadonlyArray<readonly [weight: number, arbitrary: fc.Arbitrary<T>]>): fc.Arbitrary<T> {
  return fc.oneof({ withCrossShrink: true }, ...choices.map(([weight, arbitrary]) => ({ weight, arbitrary })));
}

/** `fallback` (usually a default) half of the time, else a value of `arbitrary`; shrinks to `fallback`. */
export function orDefault<T>(fallback: T, arbitrary: fc.Arbitrary<T>, weightOfDefault = 1): fc.Arbitrary<T> {
  return weighted([weightOfDefault, fc.constant(fallback)], [1, arbitrary]);
}

/** Integer milliseconds from `minMs` to `maxMs`. */
export function ms(minMs: number, maxMs: number): fc.Arbitrary<number> {
  return fc.integer({ min: minMs, max: maxMs });
}

/** A number with `decimals` decimal places from `min` to `max` (exact in a file: 0.07, not 0.07000000000000001). */
export function decimalArb(min: number, max: number, decimals: number): fc.Arbitrary<number> {
  const scale = 10 ** decimals;
  return fc.integer({ min: Math.round(min * scale), max: Math.round(max * scale) }).map((n) => n / scale);
}
