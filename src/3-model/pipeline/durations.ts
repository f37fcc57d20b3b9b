import type { ItemDurations } from './JobSpec.js';
import type { Rng } from '../../1-kernel/Rng.js';

/** z-score of the 95th percentile of a standard normal. */
const Z95 = 1.6448536269514722;

/**
 * The durations of `count` items in integer milliseconds, drawn from `rng`
 * when the source is a distribution. Negative draws are clamped to 0.
 */
export function drawDurations(source: ItemDurations, count: number, rng: Rng): number[] {
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = Math.max(0, Math.round(drawOne(source, i, rng)));
  return out;
}

function drawOne(source: ItemDurations, index: number, rng: Rng): number {
  switch (source.kind) {
    case 'fixed':
      return source.ms;
    case 'list':
      return source.ms[index] ?? 0;
    case 'uniform':
      return source.minMs + rng.nextFloat() * (source.maxMs - source.minMs);
    case 'normal':
      return source.meanMs + source.sdMs * rng.nextNormal();
    case 'lognormal': {
      const sigma = source.p95Ms > source.medianMs ? Math.log(source.p95Ms / source.medianMs) / Z95 : 0;
      return source.medianMs * Math.exp(sigma * rng.nextNormal());
    }
    case 'exponential':
      return -source.meanMs * Math.log(1 - rng.nextFloat());
  }
}
