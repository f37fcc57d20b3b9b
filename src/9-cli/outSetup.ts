import { resolve } from 'node:path';
import { checkRedis, RedisUnusable } from '../3-model/redis/RedisBackend.js';
import { parseRedisUrl, redactRedisUrl, RedisUrlError } from '../3-model/redis/redisUrl.js';
import { InputError } from '../6-formats/InputError.js';
import { lockOutDir } from './outDirLock.js';
import { prepareOutDir, replaceManifest } from './reportManifest.js';
import { checkReportTargets } from './reportTargets.js';

/**
 * What `run` and `compare` share around their `--out` folder and
 * `--redis` server: the checks made before any work, in the order each
 * command chooses, and the locked write of the folder itself.
 */

/** A command's reports folder, resolved once. */
export interface OutDir {
  /** Absolute. */
  readonly dir: string;
  /** As the user wrote it (or the default), for messages. */
  readonly shown: string;
  /** The scenarios' names: their folders under it. */
  readonly names: readonly string[];
}

/** A `--junit`/`--markdown` target: option, absolute path (undefined when not asked for), as written. */
type ReportFileTarget = readonly [option: string, path: string | undefined, shown: string | undefined];

/**
 * Resolves `--out` (or `defaultOut`) against `cwd` and refuses, before any
 * work, a report file that would overwrite a scenario being run or a file
 * written under the folder (see checkReportTargets).
 */
export function resolveOutDir(
  command: string,
  options: {
    readonly cwd: string;
    readonly out: string | undefined;
    readonly defaultOut: string;
    readonly targets: readonly ReportFileTarget[];
    readonly scenarios: ReadonlyArray<{ readonly name: string; readonly file: string | null }>;
  },
): OutDir {
  const shown = options.out ?? options.defaultOut;
  const dir = resolve(options.cwd, shown);
  const names = options.scenarios.map((s) => s.name);
  checkReportTargets(command, options.targets, {
    outDir: dir,
    inputs: options.scenarios.flatMap((s) => (s.file === null ? [] : [resolve(options.cwd, s.file)])),
    names,
  });
  return { dir, shown, names };
}

/**
 * Writes the folder under its lock: cleans what a killed run left, runs
 * `body`, then makes the folder show exactly what `body` wrote (the
 * manifest). The lock goes whatever happens. Returns `body`'s result.
 */
export async function withOutDir<T>(command: string, out: OutDir, body: () => Promise<{ readonly result: T; readonly written: readonly string[] }>): Promise<T> {
  const lock = await lockOutDir(command, out.dir, out.shown);
  try {
    await prepareOutDir(command, out.dir, out.shown, out.names);
    const { result, written } = await body();
    // The folder now shows exactly this run: files the last run wrote and this one did not are removed.
    await replaceManifest(out.dir, written);
    return result;
  } finally {
    await lock.release();
  }
}

/** `--redis URL`'s form (scheme, host, db index), checked before scenarios are loaded: bad input otherwise. */
export function checkRedisUrlOption(command: string, url: string | undefined): void {
  if (url === undefined) return;
  try {
    parseRedisUrl(url);
  } catch (error) {
    if (!(error instanceof RedisUrlError)) throw error;
    throw new InputError(`etasim ${command}: --redis ${redactRedisUrl(url)}: ${error.message}`);
  }
}

/** `--redis URL`'s server: reachable, its db etasim's alone and not locked by another run (checkRedis); bad input otherwise. */
export async function checkRedisServerOption(command: string, url: string | undefined): Promise<void> {
  if (url === undefined) return;
  try {
    await checkRedis(url);
  } catch (error) {
    if (!(error instanceof RedisUnusable)) throw error;
    throw new InputError(`etasim ${command}: --redis ${redactRedisUrl(url)}: ${error.message}`);
  }
}
