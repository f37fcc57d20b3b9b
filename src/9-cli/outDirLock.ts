import { readFile, rm, open } from 'node:fs/promises';
import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../6-formats/InputError.js';

/** The lock file of a reports folder. */
export const OUT_LOCK = '.etasim.lock';

/** A reports folder this process holds. */
export interface OutDirLock {
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `<dir>/.etasim.lock`, created exclusively with our pid, so that two
 * runs never write one reports folder at once. A lock whose pid is dead
 * (a killed run) is taken over; a live one is refused with one line. The
 * lock goes at release or, failing that, when the process exits.
 */
export async function lockOutDir(command: string, dir: string, shown: string): Promise<OutDirLock> {
  const path = join(dir, OUT_LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o644);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      const onExit = (): void => {
        try {
          unlinkSync(path);
        } catch {
          // already gone
        }
      };
      process.once('exit', onExit);
      return {
        async release() {
          process.removeListener('exit', onExit);
          await rm(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new InputError(`etasim ${command}: --out ${shown}: cannot create its lock file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
      const pid = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
        throw new InputError(`etasim ${command}: --out ${shown} is in use by another etasim run (pid ${pid}); wait for it or use another folder`);
      }
      // Stale: its run is gone (or the file is empty, cut off by a crash): take it over.
      await rm(path, { force: true });
    }
  }
  throw new InputError(`etasim ${command}: --out ${shown}: another run took its lock at the same moment; try again`);
}
