import { describe, expect, test } from 'vitest';
import { formatJunit, xml } from '../../src/8-report/formatJunit.js';
import type { ScenarioResult } from '../../src/7-orchestration/suite/ScenarioResult.js';
import { runIntended, runPreFix, tmpDir, xmlProblems } from './helpers.js';

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
    expect(doc).toContain('<testsuites name="etasim run" tests="4" failures="1" errors="1">');
    expect(doc).toContain('<testsuite name="etasim run" tests="4" failures="1" errors="1" skipped="0">');

    // The pre-fix run expected no violation: its failure names what was found and carries the messages.
    const failure = /<testcase classname="etasim.scenarios" name="pre-fix">\n {6}<failure message="([^"]*)" type="expectation">([^<]*)<\/failure>/.exec(doc);
    expect(failure).not.toBeNull();
    expect(failure![1]).toBe('found but not expected: eta-jump, eta-zero-mid-run, progress-regression, single-writer');
    const first = preFix.violations.find((v) => v.invariant === 'eta-zero-mid-run')!;
    expect(failure![2]).toContain(xml(first.message));
    expect(failure![2]).toContain('… and ');
    expect(failure![2]).toContain(`replay: ${xml(preFix.replay)}`);

    // A pass has no failure, and its system-out says how to replay it.
    const from = doc.indexOf('<testcase classname="etasim.scenarios" name="intended">');
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
});
