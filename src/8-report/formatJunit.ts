import type { ScenarioResult } from '../7-orchestration/suite/ScenarioResult.js';
import { verdictOf } from './verdict.js';

/** Violation messages carried per invariant in a failure; the rest are counted. */
const MESSAGES_PER_INVARIANT_MAX = 20;

/**
 * A JUnit XML report of a run, valid against the common JUnit schema
 * (junit-4.xsd, as Jenkins, GitLab and GitHub test reporters read it): one
 * testcase per scenario, a `failure` when it missed its expectation
 * (carrying the differences and the violation messages), an `error` when the
 * simulation stopped at a bound, `skipped` when it was not run, and the
 * scenario file and replay command in `system-out` (the schema has no
 * `file` attribute on a testcase). Every `time` is VIRTUAL: the simulated
 * seconds of the scenario, never the wall clock, and there is no timestamp
 * or host name, so the same run gives the same bytes.
 */
export function formatJunit(results: readonly ScenarioResult[], suiteName = 'etasim run'): string {
  const errors = results.filter((r) => r.error !== null).length;
  const failures = results.filter((r) => !r.ok && r.error === null).length;
  const skipped = results.filter((r) => r.skipped !== null).length;
  const time = virtualSeconds(results.map((r) => r.metrics.simulated_s));
  const counts = `tests="${results.length}" failures="${failures}" errors="${errors}"`;
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n';
  out += `<testsuites name="${xml(suiteName)}" ${counts} time="${time}">\n`;
  out += `  <testsuite name="${xml(suiteName)}" ${counts} skipped="${skipped}" time="${time}">\n`;
  for (const r of results) out += testcase(r);
  out += '  </testsuite>\n</testsuites>\n';
  return out;
}

function testcase(r: ScenarioResult): string {
  const v = verdictOf(r);
  const file = r.file ?? r.scenario.file;
  let out = `    <testcase classname="etasim.scenarios" name="${xml(r.name)}" time="${virtualSeconds([r.metrics.simulated_s])}">\n`;
  if (r.skipped !== null) out += `      <skipped message="${xml(r.skipped)}"/>\n`;
  if (!r.ok) {
    const tag = r.error !== null ? 'error' : 'failure';
    const type = r.error !== null ? 'simulation-bound' : 'expectation';
    const body = [...v.reasons, ...violationLines(r, v.extra.length ? v.extra : v.found), `replay: ${r.replay}`];
    out += `      <${tag} message="${xml(v.reasons.join('; '))}" type="${type}">${xml(body.join('\n'))}</${tag}>\n`;
  }
  const found = v.found.length ? v.found.join(', ') : 'none';
  const systemOut = [...(file ? [`file: ${file}`] : []), `seed: ${r.seed}`, `outcome: ${r.outcome ?? 'none'}`, `violations: ${found}`, ...(r.trace ? [`trace: ${r.trace}`] : []), `replay: ${r.replay}`];
  out += `      <system-out>${xml(systemOut.join('\n'))}</system-out>\n`;
  out += '    </testcase>\n';
  return out;
}

/**
 * Seconds as JUnit's `time` (xs:decimal, three places): summed in whole
 * milliseconds so that adding many scenarios gives no float noise.
 */
export function virtualSeconds(seconds: readonly number[]): string {
  let ms = 0;
  for (const s of seconds) ms += Math.round(s * 1000);
  return (ms / 1000).toFixed(3);
}

/** The violations of `ids`, one line each, at most MESSAGES_PER_INVARIANT_MAX per invariant. */
function violationLines(r: ScenarioResult, ids: readonly string[]): string[] {
  const lines: string[] = [];
  for (const id of ids) {
    const of = r.violations.filter((x) => x.invariant === id);
    for (const x of of.slice(0, MESSAGES_PER_INVARIANT_MAX)) lines.push(`${x.invariant} at ${x.at_s} s (${x.writer}, ${x.view}): ${x.message}`);
    if (of.length > MESSAGES_PER_INVARIANT_MAX) lines.push(`… and ${of.length - MESSAGES_PER_INVARIANT_MAX} more ${id}`);
  }
  return lines;
}

/**
 * Text as XML character data or an attribute value: markup characters
 * escaped, line breaks kept as character references inside attributes, and
 * characters XML 1.0 forbids (most control characters) replaced by U+FFFD.
 */
export function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
