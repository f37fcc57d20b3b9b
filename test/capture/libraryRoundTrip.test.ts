import { describe, expect, test } from 'vitest';
import { join, resolve } from 'node:path';
import { tempDir } from '../tempDirs.js';
import { loadScenarioPaths } from '../../src/6-formats/scenario/index.js';
import { runSuite } from '../../src/7-orchestration/suite/runSuite.js';
import { violatedIds } from '../../src/5-invariants/checkTrace.js';
import { GATE_INVARIANT_IDS } from '../../src/6-formats/scenario/Scenario.js';
import { main } from '../../src/9-cli/main.js';
import { traceWriter } from '../../src/9-cli/writeReports.js';
import { memoryIo } from '../../src/9-cli/Io.js';

// The round trip of the contract, over the whole scenario library: `etasim
// check` on each run's trace.jsonl reports the violations the run reported.
describe('check on every run of the scenario library', async () => {
  const out = tempDir('etasim-roundtrip-');
  const { scenarios } = await loadScenarioPaths([resolve('scenarios')]);
  const results = await runSuite(scenarios, { saveTrace: traceWriter(out), cwd: process.cwd() });

  for (const r of results) {
    test(r.name, async () => {
      const io = memoryIo();
      const poll = String(r.scenario.checks.pollMs / 1000);
      const code = await main(['check', r.trace!, '--format', 'jsonl', '--json', '--poll-s', poll], io);
      const doc = JSON.parse(io.out) as { ok: boolean; violations: Array<{ invariant: string; at_s: number; writer: string }> };
      // check gates the contract's six ids; the opt-in metric gates are the scenario's own.
      const gated = violatedIds(r.violations).filter((id) => (GATE_INVARIANT_IDS as readonly string[]).includes(id));
      expect([...new Set(doc.violations.map((v) => v.invariant))].sort()).toEqual(gated);
      expect(code).toBe(gated.length ? 1 : 0);
      const first = (list: Array<{ invariant: string; at_s: number; writer: string }>) =>
        list.map((v) => `${v.invariant}@${v.at_s}:${v.writer}`).slice(0, 20);
      expect(first(doc.violations)).toEqual(first(r.violations.filter((v) => gated.includes(v.invariant))));
    });
  }
});
