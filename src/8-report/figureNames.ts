import { formatDurationS } from './formatDuration.js';

/** How a report names a metric: words, and how its value reads. */
interface FigureName {
  readonly words: string;
  readonly unit: 's' | 'pct' | 'count' | 'text';
}

/** Metric ids (docs/figures.md, `run --json`) in words; the id stays beside them for search. */
const FIGURE_NAMES: Readonly<Record<string, FigureName>> = {
  eta_mae_s: { words: 'ETA mean error against the truth', unit: 's' },
  eta_error_max_s: { words: 'ETA worst error', unit: 's' },
  eta_stuck_max_s: { words: 'longest still ETA', unit: 's' },
  eta_rise_max_s: { words: 'largest ETA rise', unit: 's' },
  progress_stuck_max_s: { words: 'longest still progress bar', unit: 's' },
  progress_leap_max_pct: { words: 'largest progress leap', unit: 'pct' },
  messages: { words: 'progress writes and publishes', unit: 'count' },
  end_s: { words: 'job ended at (virtual time)', unit: 's' },
  simulated_s: { words: 'virtual time simulated', unit: 's' },
  liveness: { words: 'liveness', unit: 'text' },
  failed_commands: { words: 'Redis commands refused by faults', unit: 'count' },
  delayed_commands: { words: 'Redis commands delayed by faults', unit: 'count' },
  dropped_messages: { words: 'published messages dropped by faults', unit: 'count' },
};

/** A metric's name in words (its id when unknown). */
export function figureWords(id: string): string {
  return FIGURE_NAMES[id]?.words ?? id.replace(/_/g, ' ');
}

/** A metric's value with its unit: `207 s`, `3.5 min (207 s)`, `12 points`, `—` for none. */
export function figureValue(id: string, value: number | string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  switch (FIGURE_NAMES[id]?.unit ?? (id.endsWith('_s') ? 's' : id.endsWith('_pct') ? 'pct' : 'count')) {
    case 's':
      return formatDurationS(value);
    case 'pct':
      return `${value} point${value === 1 ? '' : 's'}`;
    default:
      return String(value);
  }
}

/** A metric's value split for a tight box: the rounded reading and, when it has one, the exact seconds (`['8.1 min', '486 s']`). */
export function figureValueParts(id: string, value: number | string | null | undefined): [string, string | null] {
  const text = figureValue(id, value);
  const m = /^(.*) \((.*)\)$/.exec(text);
  return m ? [m[1]!, m[2]!] : [text, null];
}
