import { expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { tempDir } from '../tempDirs.js';
import { hasPython } from './python.js';

/** Pids of the live processes whose parent is `parent` and whose command line contains `text`. */
function childrenOf(parent: number, text: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === parent && fields[0] !== 'Z' && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** User-mode CPU time of `pid` in clock ticks (usually 1/100 s). */
function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[11]);
  } catch {
    return 0;
  }
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

const until = async (what: () => boolean, ms: number): Promise<boolean> => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) if (what()) return true;
  return what();
};

test.skipIf(process.platform !== 'linux' || (!hasPython && !process.env['CI']))(
  'the adapter goes with etasim, even while tracker code never yields (etasim killed with SIGKILL)',
  { timeout: 60_000 },
  async () => {
    const etasim = spawn(process.execPath, ['bin/etasim.js', 'run', 'scenarios/intended-default.yaml', '--no-html', '--out', tempDir('etasim-lifetime-'), '--tracker', 'python:test/trackers/hostile/never_yields.py'], {
      stdio: 'ignore',
    });
    let adapter: number | undefined;
    try {
      expect(await until(() => childrenOf(etasim.pid!, 'etasim_adapter.py').length > 0, 20_000)).toBe(true);
      adapter = childrenOf(etasim.pid!, 'etasim_adapter.py')[0];
      // Killed once the tracker spins (its CPU time climbs): from then on only the kernel can end it.
      expect(await until(() => cpuTicks(adapter!) > 50, 20_000)).toBe(true);
      etasim.kill('SIGKILL');
      expect(await until(() => !alive(adapter!), 5_000)).toBe(true);
    } finally {
      etasim.kill('SIGKILL');
      // When this test fails, the orphan would spin on.
      if (adapter !== undefined && alive(adapter)) process.kill(adapter, 'SIGKILL');
    }
  },
);
