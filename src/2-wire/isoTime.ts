const DAY_S = 86_400;

/** The latest time (and minus the earliest) a JavaScript Date holds, in ms. */
const DATE_MS_MAX = 8.64e15;

/** `00` … `59`. */
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/**
 * The last two days' date parts (`2024-12-01T`), newest first: a message
 * carries its time and its ETA's, which are on one day or two.
 */
const days = [NaN, NaN];
const datePrefixes = ['', ''];

/** `2024-12-01T` for day `day` since the epoch (from JavaScript's own ISO text, so years past 9999 print as it prints them). */
function datePrefix(day: number): string {
  if (day === days[0]) return datePrefixes[0]!;
  if (day === days[1]) return datePrefixes[1]!;
  const iso = new Date(day * DAY_S * 1000).toISOString();
  const prefix = iso.slice(0, iso.indexOf('T') + 1);
  days[1] = days[0]!;
  datePrefixes[1] = datePrefixes[0]!;
  days[0] = day;
  datePrefixes[0] = prefix;
  return prefix;
}

/**
 * Python's `datetime.now(timezone.utc).isoformat()` for a time in
 * milliseconds: `2024-12-01T15:13:20.500000+00:00`, without the fraction
 * when it is zero, as Python prints it. Years Python cannot hold, before 1
 * or after 9999, print as JavaScript prints them (`+010000-01-01T00:00:00`:
 * earlier versions cut them short, `+010000-01-01T00:00`). UTC days
 * are all 86,400 s long in both languages, so the clock time is arithmetic
 * on the second of the day. Throws RangeError where toISOString would.
 */
export function pyIsoUtc(ms: number): string {
  const whole = Math.floor(ms);
  // As new Date(whole).toISOString() would: the day's start may be printable when the time is not.
  if (!(Math.abs(whole) <= DATE_MS_MAX)) throw new RangeError('Invalid time value');
  const second = Math.floor(whole / 1000);
  const day = Math.floor(second / DAY_S);
  const date = datePrefix(day);
  const ofDay = second - day * DAY_S;
  const hours = Math.floor(ofDay / 3600);
  const minutes = Math.floor(ofDay / 60) - hours * 60;
  const time = `${date}${TWO_DIGITS[hours]!}:${TWO_DIGITS[minutes]!}:${TWO_DIGITS[ofDay % 60]!}`;
  const millis = whole - second * 1000;
  return millis === 0 ? `${time}+00:00` : `${time}.${String(millis).padStart(3, '0')}000+00:00`;
}

/** Parses what pyIsoUtc (or any ISO-8601 time) wrote; NaN when it cannot. */
export function parseIsoMs(text: string): number {
  return Date.parse(text);
}
