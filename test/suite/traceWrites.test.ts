import { describe, expect, test } from 'vitest';
import { defaultScenario } from '../../src/6-formats/scenario/defaults.js';
import { runSuite } from '../../src/7-orchestration/suite/runSuite.js';

/** Three short scenarios and a log of what the suite did, in order. */
function setup() {
  const scenarios = ['one', 'two', 'three'].map((name) => defaultScenario({ name, profile: 'intended', stages: { ga: { generations: 3 } } }));
  const log: string[] = [];
  return { scenarios, log };
}

describe("a suite writes each scenario's trace while the next one runs", () => {
  test('each result reaches onResult in order, after its own trace was written, with its path', async () => {
    const { scenarios, log } = setup();
    const results = await runSuite(scenarios, {
      cwd: '/out',
      saveTrace: null,
      saveTraceChunks: async (name, chunks) => {
        log.push(`write ${name}`);
        let text = '';
        for (const c of chunks) text += c;
        await new Promise((r) => setTimeout(r, 5));
        log.push(`written ${name} ${text.split('\n').length > 100}`);
        return `/out/${name}/trace.jsonl`;
      },
      onResult: (r) => log.push(`result ${r.name} ${r.trace}`),
    });
    expect(results.map((r) => r.trace)).toEqual(['one/trace.jsonl', 'two/trace.jsonl', 'three/trace.jsonl']);
    for (const name of ['one', 'two', 'three']) {
      expect(log.indexOf(`written ${name} true`)).toBeGreaterThan(log.indexOf(`write ${name}`));
      expect(log.indexOf(`result ${name} ${name}/trace.jsonl`)).toBeGreaterThan(log.indexOf(`written ${name} true`));
    }
    expect(log.filter((l) => l.startsWith('result')).map((l) => l.split(' ')[1])).toEqual(['one', 'two', 'three']);
    // The overlap: the second trace is being written (its scenario has run) before the first result is handed on.
    expect(log.indexOf('write two')).toBeLessThan(log.indexOf('result one one/trace.jsonl'));
  });

  test('a failed write stops the suite: no result for it or after it, no scenario run after the next one, the write under way ended first', async () => {
    const { scenarios, log } = setup();
    const run = runSuite(scenarios, {
      cwd: '/out',
      saveTrace: null,
      saveTraceChunks: async (name) => {
        log.push(`write ${name}`);
        await new Promise((r) => setTimeout(r, name === 'one' ? 1 : 30));
        if (name === 'one') throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        log.push(`written ${name}`);
        return `/out/${name}/trace.jsonl`;
      },
      onResult: (r) => log.push(`result ${r.name}`),
    });
    await expect(run).rejects.toThrow('ENOSPC');
    // 'two' ran while 'one' was written; its write ended before the suite gave up; 'three' never ran.
    expect(log).toEqual(['write one', 'write two', 'written two']);
  });
});
