import { hashString } from '../../1-kernel/Rng.js';

/**
 * The fast-check seed of case `index` of the campaign seeded `seed`: a
 * 32-bit hash of both, so that every case is generated on its own,
 * whichever worker runs it and whatever ran before it.
 */
export function caseSeed(seed: number, index: number): number {
  // FNV-1a of the pair, then murmur3's finaliser so that neighbouring indexes get unrelated seeds.
  let h = hashString(`${seed}:${index}`);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}
