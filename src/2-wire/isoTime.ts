/**
 * The last two seconds formatted, newest first: a message carries its time
 * and its ETA's, so calls alternate between two seconds.
 */
const seconds = [NaN, NaN];
const bases = ['', ''];

/**
 * Python's `datetime.now(timezone.utc).isoformat()` for a time in
 * milliseconds: `2024-12-01T15:13:20.500000+00:00`, without the fraction
 * when it is zero, as Python prints it.
 */
export function pyIsoUtc(ms: number): string {
  const whole = Math.floor(ms);
  const second = Math.floor(whole / 1000);
  let base: string;
  if (second === seconds[0]) base = bases[0]!;
  else if (second === seconds[1]) base = bases[1]!;
  else {
    // Formatted first: a time JavaScript cannot print throws here and must not leave the cache half set.
    base = new Date(second * 1000).toISOString().slice(0, 19); // 2024-12-01T15:13:20
    seconds[1] = seconds[0]!;
    bases[1] = bases[0]!;
    seconds[0] = second;
    bases[0] = base;
  }
  const millis = whole - second * 1000;
  return millis === 0 ? `${base}+00:00` : `${base}.${String(millis).padStart(3, '0')}000+00:00`;
}

/** Parses what pyIsoUtc (or any ISO-8601 time) wrote; NaN when it cannot. */
export function parseIsoMs(text: string): number {
  return Date.parse(text);
}
