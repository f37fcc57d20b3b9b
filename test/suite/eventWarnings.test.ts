import { describe, expect, test } from 'vitest';
import { parseScenarioText } from '../../src/6-formats/scenario/parseScenarioText.js';
import { runOne } from '../../src/7-orchestration/suite/runSuite.js';
import { formatResultLine, resultsJson } from '../../src/7-orchestration/suite/formatResults.js';
import { scenarioReportInput } from '../../src/8-report/scenarioReport.js';

const NO_EFFECT = `name: no-effect
stages:
  load_data: { duration_s: 5 }
  ga: { generations: 3, generation_s: 2 }
events:
  - { at_s: 1, fault: latency, duration_s: 0.5, latency_s: 2 }
  - { at_s: 2, fault: errors, duration_s: 1, components: [ga_direct] }
  - { at_s: 500, cancel: true }
`;

async function result(text: string) {
  return runOne(parseScenarioText(text, 'x.yaml'), { saveTrace: null, cwd: process.cwd() });
}

describe('events and faults that cannot have an effect are warned about, per event', () => {
  test('a cancel after the end, a fault on a writer that does not run, a latency longer than its window', async () => {
    const r = await result(NO_EFFECT);
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([
      expect.stringMatching(/^cancel at 500 s comes after the job ended \(\d+(\.\d+)? s\): it had no effect$/),
      'latency fault at 1 s: its latency (2 s) is longer than its window (0.5 s); expected latency_s below duration_s (swapped?)',
      'errors fault at 2 s targets ga_direct, which does not run in this scenario (legacy writers: none): it had no effect',
    ]);
    // In the human line (even for a passing scenario), in --json and in the report.
    expect(formatResultLine(r)).toContain('    warning: cancel at 500 s comes after the job ended');
    const json = resultsJson([r]) as { scenarios: { warnings: string[] }[] };
    expect(json.scenarios[0]!.warnings).toEqual(r.warnings);
    expect(scenarioReportInput(r).meta?.notes).toEqual(r.warnings.map((w) => `warning: ${w}`));
  });

  test('a scenario whose events all act has none, and --json still carries an empty list', async () => {
    const r = await result('name: fine\nstages: { load_data: { duration_s: 5 } }\nevents:\n  - { at_s: 1, cancel: true }\n');
    expect(r.warnings).toEqual([]);
    expect((resultsJson([r]) as { scenarios: { warnings: string[] }[] }).scenarios[0]!.warnings).toEqual([]);
    expect(formatResultLine(r)).not.toContain('warning');
  });
});
