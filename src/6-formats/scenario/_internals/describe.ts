/** Pieces of the one-line error messages: how a value and a path read in them. */

/** A number as YAML spells it (`.nan`, `.inf`). */
export function showNumber(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (n === Infinity) return '.inf';
  if (n === -Infinity) return '-.inf';
  return String(n);
}

/** A string quoted and cut to a readable length. */
export function showString(s: string): string {
  const cut = s.length > 40 ? `${s.slice(0, 37)}...` : s;
  return JSON.stringify(cut);
}

/** What a value is, for "X is …": `the string "many"`, `a list`, `.nan (not a number)`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'empty (null)';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan (not a number)';
    if (!Number.isFinite(value)) return `${showNumber(value)} (infinite)`;
    return `the number ${showNumber(value)}`;
  }
  if (typeof value === 'string') return `the string ${showString(value)}`;
  if (typeof value === 'boolean') return `${value}, a boolean`;
  if (Array.isArray(value)) return 'a list';
  if (ArrayBuffer.isView(value)) return 'binary data';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

/** `stages.cpsat.cluster_s[3]`, or `the scenario` for the root. */
export function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? 'the scenario' : out;
}

/** ` (did you mean "clusters"?)` when one of `choices` is a likely typo of `given`, else ''. */
export function didYouMean(given: string, choices: readonly string[]): string {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const choice of choices) {
    const d = editDistance(given.toLowerCase(), choice.toLowerCase());
    if (d < bestDistance) {
      best = choice;
      bestDistance = d;
    }
  }
  const allowed = Math.max(1, Math.floor(given.length / 3));
  return best !== null && bestDistance <= allowed ? ` (did you mean "${best}"?)` : '';
}

/** Levenshtein distance; both strings are short (keys, enum values), inputs are capped at 64 chars. */
function editDistance(a: string, b: string): number {
  const x = a.slice(0, 64);
  const y = b.slice(0, 64);
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const substitution = previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[y.length]!;
}
