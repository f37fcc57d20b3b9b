import { describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recognizeStage } from '../../src/2-wire/stages.js';
import { memoryIo } from '../../src/9-cli/Io.js';
import { main } from '../../src/9-cli/main.js';

/** Stage texts of every known tracker version, technical names, the loop's messages, and names the user gives. */
describe('recognizeStage', () => {
  test.each([
    ['cpsat', 'cpsat', 'technical name'],
    ['Creating initial schedule', 'cpsat', 'display name'],
    ['Scheduling Classes', 'cpsat', 'display name'],
    ['Optimizing Schedule', 'ga', 'display name'],
    ['Cpsat: 3/294', 'cpsat', 'loop message'],
    ['Processing: Load Data', 'load_data', 'loop message'],
    ['Ga: 0/18', 'ga', 'loop message'],
  ])('%s → %s by %s', (text, stage, by) => {
    expect(recognizeStage(text)).toEqual({ stage, by });
  });

  test('unknown texts are unknown, until named', () => {
    expect(recognizeStage('Solving')).toBeNull();
    expect(recognizeStage('Processing: Warp')).toBeNull();
    expect(recognizeStage('Solving', new Map([['Solving', 'cpsat']]))).toEqual({ stage: 'cpsat', by: 'given name' });
  });
});

describe('check --stage-names', () => {
  // A CP-SAT → GA handover whose ETA rises by 2 s: broken only if the two stages are told apart.
  const line = (t: number, stage: string, eta: number, progress: number) =>
    JSON.stringify({
      t,
      writer: 'tracker',
      op: 'publish',
      key: 'progress:j1',
      value: JSON.stringify({ job_id: 'j1', progress, status: 'running', stage, message: stage, time_remaining_seconds: eta, timestamp: t }),
    });
  const trace = [line(0, 'Solving', 300, 10), line(1, 'Solving', 290, 30), line(2, 'Evolving', 292, 60), line(3, 'Evolving', 280, 70)].join('\n') + '\n';

  async function check(...args: string[]) {
    const dir = mkdtempSync(join(tmpdir(), 'etasim-stages-'));
    try {
      const file = join(dir, 'capture.jsonl');
      writeFileSync(file, trace);
      const io = memoryIo();
      const code = await main(['check', file, '--json', ...args], io);
      return { code, io, json: code === 2 ? null : JSON.parse(io.out) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  test('unknown stage texts are said to be unknown, and the handover rule does not see them', async () => {
    const { code, io } = await check();
    expect(code).toBe(0);
    expect(io.err).toMatch(/stage 'Solving': not recognised \(name it with --stage-names 'Solving=STAGE'\)/);
  });

  test('named, the handover rise of 2 s breaks "same or lower"', async () => {
    const { code, io, json } = await check('--stage-names', 'Solving=cpsat', '--stage-names', 'Evolving=ga');
    expect(code).toBe(1);
    expect(json.violations.map((v: { invariant: string }) => v.invariant)).toEqual(['eta-jump']);
    expect(io.err).toMatch(/stage 'Solving': cpsat, by given name/);
  });

  test.each(['Solving', 'Solving=warp', '=cpsat'])('--stage-names %s is bad input', async (item) => {
    const { code, io } = await check('--stage-names', item);
    expect(code).toBe(2);
    expect(io.err).toMatch(/--stage-names takes TEXT=STAGE/);
  });
});
