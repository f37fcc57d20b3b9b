/** Seconds as a person reads them: `42 s`, `8.1 min (486 s)`, `5.5 h (19823 s)`. */
export function formatDurationS(s: number): string {
  if (!Number.isFinite(s)) return String(s);
  if (Math.abs(s) < 90) return `${s} s`;
  if (Math.abs(s) < 5400) return `${trim(s / 60)} min (${s} s)`;
  return `${trim(s / 3600)} h (${s} s)`;
}

function trim(x: number): string {
  return (Math.round(x * 10) / 10).toString();
}
