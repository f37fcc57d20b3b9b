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

/**
 * The rows of a step line (vega's `step-after`: level from each point to
 * the next) that draw something: the first, the last, and each row whose
 * value differs from the row before. A row at the value before only
 * continues the level that the next kept row ends, so the line keeps its
 * outline without it (a property test compares them); what goes is a
 * zero-length segment, which a browser may join a hair differently. About
 * four in five of a run's channel points are such repeats.
 */
export function stepCorners<T>(rows: readonly T[], y: (row: T) => number): T[] {
  if (rows.length <= 2) return [...rows];
  const kept: T[] = [rows[0]!];
  for (let i = 1; i < rows.length - 1; i++) if (y(rows[i]!) !== y(rows[i - 1]!)) kept.push(rows[i]!);
  kept.push(rows[rows.length - 1]!);
  return kept;
}
