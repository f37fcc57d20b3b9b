import type { ProgressReading } from './ProgressMeter.js';

/** `1h 02m`, `3m 07s`, `12s`. */
export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(r).padStart(2, '0')}s`;
  return `${r}s`;
}

function rateText(reading: ProgressReading): string {
  return reading.ratePerS === null ? '? cases/s' : `${reading.ratePerS.toFixed(1)} cases/s`;
}

function etaText(reading: ProgressReading): string {
  if (reading.done >= reading.total) return 'done';
  return reading.etaS === null ? 'ETA ?' : `ETA ${formatEta(reading.etaS)}`;
}

/** A terminal progress bar: `[#######.............] 1234/10000 12% · 41.2 cases/s · ETA 3m 32s · failing 0`. */
export function formatBar(reading: ProgressReading, failing: number, width = 24): string {
  const ratio = reading.total === 0 ? 1 : reading.done / reading.total;
  const filled = Math.min(width, Math.floor(ratio * width));
  const pct = Math.floor(ratio * 100);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${reading.done}/${reading.total} ${pct}% · ${rateText(reading)} · ${etaText(reading)} · failing ${failing}`;
}

/** A plain progress line for logs: `fuzz: 1000/10000 cases (10%), 41.2 cases/s, ETA 3m 32s, 0 failing`. */
export function formatProgressLine(reading: ProgressReading, failing: number): string {
  const pct = reading.total === 0 ? 100 : Math.floor((reading.done / reading.total) * 100);
  return `fuzz: ${reading.done}/${reading.total} cases (${pct}%), ${rateText(reading)}, ${etaText(reading)}, ${failing} failing`;
}
