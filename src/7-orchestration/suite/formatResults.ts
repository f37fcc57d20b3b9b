import { violatedIds } from '../../5-invariants/checkTrace.js';
import type { ScenarioResult } from './ScenarioResult.js';

/** Violation lines shown per scenario before "… and N more". */
const LINES_MAX = 5;

/** The `--json` document of `etasim run` (contract: "--json shape of run"). */
export function resultsJson(results: readonly ScenarioResult[], errors: readonly string[] = [], tracker = 'builtin'): object {
  return {
    ok: errors.length === 0 && results.every((r) => r.ok),
    tracker,
    ...(errors.length ? { errors } : {}),
    scenarios: results.map((r) => ({
      name: r.name,
      file: r.file,
      ok: r.ok,
      seed: r.seed,
      outcome: r.outcome,
      expected: { outcome: r.expected.outcome, violations: [...r.expected.violations] },
      violated: violatedIds(r.violations),
      violations: r.violations,
      metrics: r.metrics,
      liveness: r.liveness,
      ...(r.run && (r.run.faults.failedCommands || r.run.faults.delayedCommands || r.run.faults.droppedMessages) ? { faults: r.run.faults } : {}),
      trace: r.trace,
      error: r.error,
      ...(r.tracker_error ? { tracker_error: r.tracker_error } : {}),
      ...(r.skipped ? { skipped: r.skipped } : {}),
      tracker,
      replay: r.replay,
      warnings: r.warnings,
    })),
  };
}

/** One line per scenario a person reads at a glance; failures add what differed, their violations and the replay command. */
export function formatResultLine(r: ScenarioResult): string {
  const ids = violatedIds(r.violations);
  const mark = r.ok ? '✓' : '✗';
  const found = ids.length ? ids.join(', ') : 'no violations';
  let line = `${mark} ${r.name.padEnd(32)} ${(r.outcome ?? 'error').padEnd(10)} ${found}  (seed ${r.seed})\n`;
  // Passing or not: an event that could not act means the scenario tests less than it says.
  for (const w of r.warnings) line += `    warning: ${w}\n`;
  if (r.ok) return line;
  if (r.error) line += `    simulation stopped: ${r.error}\n`;
  if (r.outcome !== r.expected.outcome) line += `    expected outcome ${r.expected.outcome}, got ${r.outcome ?? 'none'}\n`;
  if (r.liveness && r.liveness.ok !== (r.expected.liveness ?? true)) line += `    liveness: ${r.liveness.summary}\n`;
  const expected = new Set<string>(r.expected.violations);
  const missing = [...expected].filter((id) => !ids.includes(id));
  const extra = ids.filter((id) => !expected.has(id));
  if (missing.length) line += `    expected but not found: ${missing.join(', ')}\n`;
  if (extra.length) line += `    found but not expected: ${extra.join(', ')}\n`;
  const shown = r.violations.filter((v) => extra.includes(v.invariant));
  for (const v of shown.slice(0, LINES_MAX)) line += `    ${v.invariant} at ${v.at_s} s (${v.writer}): ${v.message}\n`;
  if (shown.length > LINES_MAX) line += `    … and ${shown.length - LINES_MAX} more\n`;
  line += `    replay: ${r.replay}\n`;
  return line;
}

/** The closing line CI logs read: `N passed, M failed`. */
export function formatSummary(results: readonly ScenarioResult[]): string {
  const passed = results.filter((r) => r.ok).length;
  return `${passed} passed, ${results.length - passed} failed\n`;
}
