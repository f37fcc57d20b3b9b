import type { Comparison, ScenarioComparison } from '../7-orchestration/compare/compareResults.js';
import { virtualSeconds, xml } from './formatJunit.js';

/**
 * A JUnit XML report of a comparison: one testcase per scenario, a `failure`
 * when the candidate is worse (what got worse and the replay command),
 * `skipped` when it was not compared; valid against the common JUnit schema
 * (the scenario file is in `system-out`). `time` is VIRTUAL: the simulated
 * seconds of both runs of the scenario. No timestamp or host name.
 */
export function formatCompareJunit(c: Comparison, suiteName = 'etasim compare'): string {
  const counts = `tests="${c.scenarios.length}" failures="${c.counts.worse}" errors="0"`;
  const time = virtualSeconds(c.scenarios.flatMap(bothSides));
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n';
  out += `<testsuites name="${xml(suiteName)}" ${counts} time="${time}">\n`;
  out += `  <testsuite name="${xml(suiteName)}" ${counts} skipped="${c.counts.skipped}" time="${time}">\n`;
  for (const s of c.scenarios) out += testcase(s);
  out += '  </testsuite>\n</testsuites>\n';
  return out;
}

function testcase(s: ScenarioComparison): string {
  let out = `    <testcase classname="etasim.compare" name="${xml(s.name)}" time="${virtualSeconds(bothSides(s))}">\n`;
  if (s.verdict === 'skipped') out += `      <skipped message="${xml(s.skipped ?? '')}"/>\n`;
  if (s.verdict === 'worse') {
    out += `      <failure message="${xml(s.reasons.join('; '))}" type="worse">${xml([...s.reasons, `replay: ${s.replay}`].join('\n'))}</failure>\n`;
  }
  const figures = Object.entries(s.figures).map(([name, f]) => `${name}: ${f.baseline ?? '—'} → ${f.candidate ?? '—'}${f.move === 'worse' || f.move === 'better' ? ` (${f.move})` : ''}`);
  const lines = [...(s.file ? [`file: ${s.file}`] : []), `verdict: ${s.verdict}`, `seed: ${s.seed}`, `added: ${s.added.join(', ') || 'none'}`, `removed: ${s.removed.join(', ') || 'none'}`, ...figures, `replay: ${s.replay}`];
  out += `      <system-out>${xml(lines.join('\n'))}</system-out>\n`;
  out += '    </testcase>\n';
  return out;
}

/** The simulated seconds of both runs of a scenario. */
function bothSides(s: ScenarioComparison): number[] {
  return [s.baseline.metrics.simulated_s, s.candidate.metrics.simulated_s];
}
