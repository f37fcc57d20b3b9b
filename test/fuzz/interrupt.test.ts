import { afterAll, describe, expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCampaign } from '../../src/7-orchestration/fuzz/runCampaign.js';
import { formatSummary } from '../../src/7-orchestration/fuzz/formatCampaign.js';
import { campaignJson } from '../../src/7-orchestration/fuzz/campaignJson.js';
import { parseFuzzOptions } from '../../src/9-cli/fuzzOptions.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('an interrupted campaign keeps what it found', () => {
  test('aborted after 50 cases: no case starts after, the liveness finding is kept as a counterexample file, the summary says so', async () => {
    // --faults --seed 3 finds the outage-at-a-step-boundary liveness bug at case 39 (see fuzzCommand.test.ts): 50 cases keep it.
    const { spec } = parseFuzzOptions(['--faults', '--seed', '3', '--runs', '100000']);
    const stop = new AbortController();
    const result = await runCampaign(spec, {
      workers: 0,
      verbose: false,
      signal: stop.signal,
      hooks: { onProgress: (done) => void (done === 50 && stop.abort()) },
    });
    expect(result.interrupted).toBe(true);
    expect(result.casesRun).toBe(50);
    const liveness = result.found.find((f) => f.kinds.includes('liveness'));
    expect(liveness).toBeDefined();
    expect(liveness!.yaml).toMatch(/^name: /m);
    expect(liveness!.reproduced).toBe(true);
    expect(formatSummary(result, new Map())).toMatch(/^interrupted: 50 of 100000 cases ran/);
    expect(campaignJson(result, new Map())).toMatchObject({ ok: false, interrupted: true, cases: 50 });
  }, 120_000);
});

test.skipIf(!existsSync('dist/9-cli/main.js') && !process.env['CI'])(
  'etasim fuzz on SIGINT prints the summary so far, saves the counterexamples found and exits 130',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'etasim-fuzzint-'));
    dirs.push(dir);
    const child = spawn(process.execPath, ['bin/etasim.js', 'fuzz', '--faults', '--seed', '3', '--runs', '100000', '--workers', '0', '--verbose', '--save', join(dir, 'found')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    let sent = false;
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      // --verbose prints one line per case: interrupt once case 50 is done.
      if (!sent && /^case 50\b/m.test(err)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    child.stdout.resume();
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    expect(sent).toBe(true);
    expect(code).toBe(130);
    expect(err).toMatch(/^interrupted: \d+ of 100000 cases ran/m);
    expect(err).toMatch(/saved: /);
    expect(readdirSync(join(dir, 'found')).some((f) => f.endsWith('.yaml'))).toBe(true);
  },
  120_000,
);
