import { constants } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InputError, located } from '../InputError.js';
import { decodeUtf8 } from './decodeUtf8.js';
import { LIMITS } from './limits.js';
import { parseScenarioSource, type ParsedScenario } from './parseScenarioText.js';
import type { Scenario } from './Scenario.js';

/** Where relative paths start; error lines keep the paths as given. */
export interface LoadOptions {
  /** Default: the process's working directory. */
  readonly cwd?: string;
}

function reason(error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
}

/** A scenario file's bytes, read without blocking on a FIFO or a device; what is wrong with it as an InputError. */
async function readScenarioBytes(path: string, options: LoadOptions): Promise<Buffer> {
  const absolute = resolve(options.cwd ?? process.cwd(), path);
  try {
    // Non-blocking, then checked on the open descriptor: a FIFO would block
    // the open until a writer came, and /dev/zero would be read for ever.
    const handle = await open(absolute, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const info = await handle.stat();
      if (info.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
      if (!info.isFile()) throw new InputError(located(path, 1, 1, 'not a regular file (a FIFO, device or socket); expected a scenario file'));
      if (info.size > LIMITS.fileBytesMax) {
        throw new InputError(located(path, 1, 1, `the file is ${info.size} bytes; expected a scenario file of at most ${LIMITS.fileBytesMax} bytes`));
      }
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(located(path, 1, 1, `cannot read file: ${reason(error)}; expected a readable scenario file`));
  }
}

function parseBytes(path: string, bytes: Buffer): ParsedScenario {
  return parseScenarioSource(decodeUtf8(bytes, path), path);
}

/**
 * Files read ahead of the one being parsed: each read is four round trips
 * to libuv's threads, which left the main thread waiting between the files
 * of a suite (about 60 ms over the library's 40). At most this many files'
 * bytes are held besides the one being parsed.
 */
const READS_AHEAD = 8;

/**
 * Reads and resolves one scenario file. A missing or unreadable file, and
 * every problem in it, throw an InputError of `FILE:LINE:COL: …` lines.
 */
export async function loadScenarioFile(path: string, options: LoadOptions = {}): Promise<Scenario> {
  return parseBytes(path, await readScenarioBytes(path, options)).scenario;
}

/** The scenario files under a folder (*.yaml, *.yml), recursively, sorted by path; bounded in depth and count. */
async function scenarioFilesIn(folder: string, options: LoadOptions): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > LIMITS.folderDepthMax) throw new InputError(located(dir, 1, 1, `folders nest deeper than ${LIMITS.folderDepthMax}; expected a shallower scenario tree`));
    const entries = await readdir(resolve(options.cwd ?? process.cwd(), dir), { withFileTypes: true });
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path, depth + 1);
      else if (/\.ya?ml$/.test(entry.name) && (entry.isFile() || entry.isSymbolicLink())) found.push(path);
      if (found.length > LIMITS.filesMax) throw new InputError(located(folder, 1, 1, `holds more than ${LIMITS.filesMax} scenario files; expected fewer`));
    }
  };
  await walk(folder, 0);
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Loads scenario files and folders (folders recurse for *.yaml and *.yml,
 * sorted by path). Bad files and paths contribute their error lines while
 * the good files still load; a scenario name used twice is an error on the
 * second file's name. A file named twice (directly and through its folder)
 * loads once.
 */
export async function loadScenarioPaths(
  paths: readonly string[],
  options: LoadOptions = {},
): Promise<{ scenarios: Scenario[]; errors: string[] }> {
  const scenarios: Scenario[] = [];
  const errors: string[] = [];
  const files: string[] = [];
  for (const path of paths) {
    try {
      const info = await stat(resolve(options.cwd ?? process.cwd(), path));
      if (!info.isDirectory()) {
        files.push(path);
        continue;
      }
      const inside = await scenarioFilesIn(path, options);
      if (inside.length === 0) errors.push(located(path, 1, 1, 'the folder holds no scenario files; expected *.yaml or *.yml files'));
      for (const f of inside) files.push(f);
    } catch (error) {
      if (error instanceof InputError) for (const line of error.lines) errors.push(line);
      else errors.push(located(path, 1, 1, `cannot read: ${reason(error)}; expected a scenario file or a folder of them`));
    }
  }
  const seenFiles = new Set<string>();
  const unique = files.filter((file) => {
    const absolute = resolve(options.cwd ?? process.cwd(), file);
    if (seenFiles.has(absolute)) return false;
    seenFiles.add(absolute);
    return true;
  });
  // Each read settles to its bytes or what it threw, so that a failed read ahead is never an unhandled rejection;
  // the failure is thrown when its file's turn comes (an InputError becomes that file's lines, anything else is rethrown).
  const read = (file: string): Promise<Buffer | { readonly failure: unknown }> => readScenarioBytes(file, options).catch((failure: unknown) => ({ failure }));
  const ahead = unique.slice(0, READS_AHEAD).map(read);
  const names = new Map<string, string>();
  for (const [i, file] of unique.entries()) {
    const bytes = await ahead.shift()!;
    const next = unique[i + READS_AHEAD];
    if (next !== undefined) ahead.push(read(next));
    try {
      if (!Buffer.isBuffer(bytes)) throw bytes.failure;
      const { scenario, namePosition } = parseBytes(file, bytes);
      const first = names.get(scenario.name);
      if (first !== undefined) {
        errors.push(located(file, namePosition.line, namePosition.col, `name "${scenario.name}" is already used by ${first}; expected names unique in a suite`));
        continue;
      }
      names.set(scenario.name, file);
      scenarios.push(scenario);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      for (const line of error.lines) errors.push(line);
    }
  }
  return { scenarios, errors };
}
