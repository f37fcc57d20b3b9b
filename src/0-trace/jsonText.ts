/**
 * JSON text of single values, exactly as JSON.stringify writes them, for
 * texts built by hand on hot paths (a trace line, the tracker's message):
 * no object to build and walk for each.
 */

/** JSON.stringify of a number: finite ones print as String() does, the others as null. */
export function jsonNumber(x: number): string {
  return Number.isFinite(x) ? String(x) : 'null';
}

// Writers, keys, connections, job ids and stage names are few: quote each once.
const quoted = new Map<string, string>();
const QUOTED_MAX = 1000;
/** Longer names (a capture's keys may be anything) are quoted each time: the cache stays small. */
const QUOTED_CHARS_MAX = 200;

/** JSON.stringify of a string that repeats (a name), remembered. */
export function jsonName(text: string): string {
  let q = quoted.get(text);
  if (q === undefined) {
    q = JSON.stringify(text);
    if (quoted.size < QUOTED_MAX && text.length <= QUOTED_CHARS_MAX) quoted.set(text, q);
  }
  return q;
}
