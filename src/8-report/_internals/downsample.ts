/**
 * At most `budget` of `rows` (in time order), keeping the first, the
 * lowest, the highest and the last row of each of `budget / 4` equal runs,
 * so that a line drawn through them keeps every spike. Deterministic; rows
 * within budget are returned as they are.
 */
export function downsample<T>(rows: readonly T[], y: (row: T) => number, budget: number): T[] {
  if (rows.length <= budget) return [...rows];
  const buckets = Math.max(1, Math.floor(budget / 4));
  const size = rows.length / buckets;
  const keep: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(rows.length, Math.floor((b + 1) * size));
    if (to <= from) continue;
    let low = from;
    let high = from;
    for (let i = from; i < to; i++) {
      if (y(rows[i]!) < y(rows[low]!)) low = i;
      if (y(rows[i]!) > y(rows[high]!)) high = i;
    }
    for (const i of [...new Set([from, low, high, to - 1])].sort((a, b) => a - b)) keep.push(i);
  }
  return keep.map((i) => rows[i]!);
}
