import type { Comparison, ScenarioComparison } from '../7-orchestration/compare/compareResults.js';
import { xml } from './formatJunit.js';

/**
 * A JUnit XML report of a comparison: one testcase per scenario, a `failure`
 * when the candidate is worse (what got worse and the replay command),
 * `skipped` when it was not compared. No timestamp, host name or duration.
 */
export function formatCompareJunit(c: Comparison, suiteName = 'etasim compare'): string {
  const counts = `tests="${c.scenarios.length}" failures="${c.counts.worse}" errors="0"`;
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n';
  out += `<testsuites name="${xml(suiteName)}" ${counts}>\n`;
  out += `  <testsuite name="${xml(suiteName)}" ${counts} skipped="${c.counts.skipped}">\n`;
  for (const s of c.scenarios) out += testcase(s);
  out += '  </testsuite>\n</testsuites>\n';
  return out;
}

function testcase(s: ScenarioComparison): string {
  let out = `    <testcase classname="etasim.compare" name="${xml(s.name)}"${s.file ? ` file="${xml(s.file)}"` : ''}>\n`;
  if (s.verdict === 'worse') {
    out += `      <failure message="${xml(s.reasons.join('; '))}" type="worse">${xml([...s.reasons, `replay: ${s.replay}`].join('\n'))}</failure>\n`;
  }
  if (s.verdict === 'skipped') out += `      <skipped message="${xml(s.skipped ?? '')}"/>\n`;
  const figures = Object.entries(s.figures).map(([name, f]) => `${name}: ${f.baseline ?? '—'} → ${f.candidate ?? '—'}${f.move === 'worse' || f.move === 'better' ? ` (${f.move})` : ''}`);
  const lines = [`verdict: ${s.verdict}`, `seed: ${s.seed}`, `added: ${s.added.join(', ') || 'none'}`, `removed: ${s.removed.join(', ') || 'none'}`, ...figures, `replay: ${s.replay}`];
  out += `      <system-out>${xml(lines.join('\n'))}</system-out>\n`;
  out += '    </testcase>\n';
  return out;
}
