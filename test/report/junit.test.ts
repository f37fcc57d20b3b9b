import { describe, expect, test } from 'vitest';
import { formatJunit, xml } from '../../src/8-report/formatJunit.js';
import type { ScenarioResult } from '../../src/7-orchestration/suite/ScenarioResult.js';
import { formatCompareJunit } from '../../src/8-report/compareJunit.js';
import { compareResults } from '../../src/7-orchestration/compare/compareResults.js';
import { runIntended, runPreFix, tmpDir, xmlProblems } from './helpers.js';
import { junitSchemaProblems } from './junitSchema.js';

/** A result whose simulation stopped at a bound. */
function stopped(r: ScenarioResult): ScenarioResult {
  return { ...r, name: 'stopped', ok: false, outcome: null, violations: [], run: null, trace: null, error: 'tick bound of 10 reached at 5 s' };
}

describe('--junit', () => {
  test('well-formed XML: a testcase per scenario, a failure carrying the violation messages, the replay command in system-out', async () => {
    const out = tmpDir();
    const preFix = await runPreFix(out);
    const intended = await runIntended(out);
    const named = { ...intended, name: 'quotes & <angles> "here"' };
    const doc = formatJunit([preFix, intended, stopped(intended), named]);
    expect(xmlProblems(doc)).toEqual([]);
    expect(doc.match(/<testcase /g)).toHaveLength(4);
    expect(doc).toMatch(/<testsuites name="etasim run" tests="4" failures="1" errors="1" time="\d+\.\d{3}">/);
    expect(doc).toMatch(/<testsuite name="etasim run" tests="4" failures="1" errors="1" skipped="0" time="\d+\.\d{3}">/);

    // The pre-fix run expected no violation: its failure names what was found and carries the messages.
    const failure = /<testcase classname="etasim.scenarios" name="pre-fix" time="[\d.]+">\n {6}<failure message="([^"]*)" type="expectation">([^<]*)<\/failure>/.exec(doc);
    expect(failure).not.toBeNull();
    expect(failure![1]).toBe('found but not expected: eta-jump, eta-zero-mid-run, progress-regression, single-writer');
    const first = preFix.violations.find((v) => v.invariant === 'eta-zero-mid-run')!;
    expect(failure![2]).toContain(xml(first.message));
    expect(failure![2]).toContain('… and ');
    expect(failure![2]).toContain(`replay: ${xml(preFix.replay)}`);

    // A pass has no failure, and its system-out says how to replay it.
    const from = doc.indexOf('<testcase classname="etasim.scenarios" name="intended" ');
    const pass = doc.slice(from, doc.indexOf('</testcase>', from));
    expect(pass).not.toContain('<failure');
    expect(pass).toContain(`replay: ${xml(intended.replay)}</system-out>`);

    // A simulation that stopped is an error, not a failure.
    expect(doc).toContain('<error message="simulation stopped: tick bound of 10 reached at 5 s" type="simulation-bound">');
    expect(doc).toContain('name="quotes &amp; &lt;angles&gt; &quot;here&quot;"');
  });

  test('xml() escapes markup and replaces characters XML 1.0 forbids', () => {
    expect(xml(`a<b>&"'`)).toBe('a&lt;b&gt;&amp;&quot;&apos;');
    expect(xml('bell\u0007 nul\u0000 ok\ttab\nline')).toBe('bell\uFFFD nul\uFFFD ok\ttab\nline');
    expect(xmlProblems(`<?xml version="1.0" encoding="UTF-8"?>\n<a t="${xml('<&>"')}">${xml('</a><b>')}</a>\n`)).toEqual([]);
  });

  test('the checker used above rejects broken XML', () => {
    expect(xmlProblems('<?xml version="1.0" encoding="UTF-8"?>\n<a><b></a>')).not.toEqual([]);
    expect(xmlProblems('<?xml version="1.0" encoding="UTF-8"?>\n<a>x & y</a>')).not.toEqual([]);
    expect(xmlProblems('<?xml version="1.0" encoding="UTF-8"?>\n<a></a><a></a>')).not.toEqual([]);
  });

  test('valid against the common JUnit schema (junit-4.xsd): no testcase@file, times in virtual seconds', async () => {
    const out = tmpDir();
    const preFix = await runPreFix(out);
    const intended = await runIntended(out);
    const skipped = { ...intended, name: 'skipped', skipped: 'not run under this tracker' };
    const doc = formatJunit([{ ...preFix, file: 'scenarios/pre-fix.yaml' }, intended, stopped(intended), skipped]);
    expect(junitSchemaProblems(doc)).toEqual([]);
    expect(doc).not.toContain(' file=');
    // Virtual time: the simulated seconds of each run, so the same run gives the same bytes.
    expect(doc).toContain(`<testcase classname="etasim.scenarios" name="intended" time="${intended.metrics.simulated_s.toFixed(3)}">`);
    expect(doc).toContain('<skipped message="not run under this tracker"/>');
    expect(doc).toContain('<system-out>file: scenarios/pre-fix.yaml\nseed: 1');
    expect(formatJunit([preFix, intended])).toBe(formatJunit([preFix, intended]));

    const comparison = compareResults([preFix, intended], [intended, preFix].map((r, i) => ({ ...r, name: [preFix, intended][i]!.name })), {
      baseline: 'builtin',
      candidate: 'python:x.py',
      toleranceS: 5,
      cwd: out,
    });
    expect(junitSchemaProblems(formatCompareJunit(comparison))).toEqual([]);
  });

  test('the schema check rejects what the schema forbids', () => {
    const head = '<?xml version="1.0" encoding="UTF-8"?>\n';
    const bad = (body: string) => junitSchemaProblems(head + body);
    expect(bad('<testsuites><testsuite name="s" tests="1"><testcase name="a" file="x.yaml"/></testsuite></testsuites>')).toEqual([
      '/testsuites/testsuite/testcase: attribute file not allowed',
    ]);
    expect(bad('<testsuites><testsuite tests="1"><testcase name="a" time="1.5"/></testsuite></testsuites>')).toEqual([
      '/testsuites/testsuite: missing required attribute name',
    ]);
    expect(bad('<testsuites><testsuite name="s" tests="1"><testcase name="a"><system-out>x</system-out><failure/></testcase></testsuite></testsuites>')).toHaveLength(1);
    expect(bad('<testsuites><testsuite name="s" tests="one" time="soon"><testcase name="a"/></testsuite></testsuites>')).toHaveLength(2);
    expect(bad('<testsuites><testsuite name="s" tests="1"><testcase name="a"/></testsuite></testsuites>')).toEqual([]);
  });
});
