/**
 * Python's `datetime.now(timezone.utc).isoformat()` for a time in
 * milliseconds: `2024-12-01T15:13:20.500000+00:00`, without the fraction
 * when it is zero, as Python prints it.
 */
export function pyIsoUtc(ms: number): string {
  const whole = Math.floor(ms);
  const iso = new Date(whole).toISOString(); // 2024-12-01T15:13:20.500Z
  const base = iso.slice(0, 19);
  const millis = whole % 1000;
  return millis === 0 ? `${base}+00:00` : `${base}.${String(millis).padStart(3, '0')}000+00:00`;
}

/** Parses what pyIsoUtc (or any ISO-8601 time) wrote; NaN when it cannot. */
export function parseIsoMs(text: string): number {
  return Date.parse(text);
}
