/**
 * Python 3's `round(x)`: to the nearest integer, ties to even. The real
 * tracker publishes `round(progress)`, so 2.5 shows as 2 and 3.5 as 4.
 */
export function pyRound(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
