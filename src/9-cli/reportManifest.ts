import { lstat, readdir, readFile, rm, rmdir } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { TEMP_FILE, writeFileAtomic } from './atomicWrite.js';
import { InputError } from '../6-formats/InputError.js';

/** The list of files the last run wrote in a reports folder. */
export const MANIFEST = '.etasim-manifest.json';

/** Entries of a reports folder looked at when cleaning: a bound, not a limit any real folder reaches. */
const ENTRIES_MAX = 100_000;

/**
 * Before a run: refuses a scenario folder that is a symbolic link (a write
 * through it would land outside --out) and removes temporary files a killed
 * run left (only names writeFileAtomic makes, one level deep).
 */
export async function prepareOutDir(command: string, outDir: string, shown: string, names: readonly string[]): Promise<void> {
  for (const name of names) {
    const folder = join(outDir, name);
    const stat = await lstat(folder).catch(() => null);
    if (stat?.isSymbolicLink()) {
      throw new InputError(`etasim ${command}: --out ${shown}: ${name} is a symbolic link; refusing to write through it (remove it or use another folder)`);
    }
  }
  let seen = 0;
  const top = await readdir(outDir, { withFileTypes: true });
  for (const entry of top) {
    if (++seen > ENTRIES_MAX) return;
    if (entry.isFile() && TEMP_FILE.test(entry.name)) await rm(join(outDir, entry.name), { force: true });
    if (!entry.isDirectory()) continue;
    const inner = await readdir(join(outDir, entry.name), { withFileTypes: true }).catch(() => []);
    for (const file of inner) {
      if (++seen > ENTRIES_MAX) return;
      if (file.isFile() && TEMP_FILE.test(file.name)) await rm(join(outDir, entry.name, file.name), { force: true });
    }
  }
}

/**
 * After a run: removes the files the previous run wrote that this one did
 * not (a `--filter` or `--no-html` run must not leave stale reports), then
 * records what this run wrote. Only files listed in the manifest are ever
 * removed, never anything else in the folder.
 */
export async function replaceManifest(outDir: string, written: readonly string[]): Promise<void> {
  const base = resolve(outDir);
  const now = new Set(written.map((p) => relative(base, resolve(p))).filter((p) => p !== '' && !p.startsWith('..')));
  const before = await readManifest(base);
  for (const rel of before) {
    if (now.has(rel)) continue;
    const path = resolve(base, rel);
    if (relative(base, path).startsWith('..')) continue;
    const stat = await lstat(path).catch(() => null);
    if (stat === null || !(stat.isFile() || stat.isSymbolicLink())) continue;
    await rm(path, { force: true });
    // Its scenario folder goes too once empty (rmdir refuses a folder holding anything).
    if (dirname(path) !== base) await rmdir(dirname(path)).catch(() => undefined);
  }
  await writeFileAtomic(join(base, MANIFEST), JSON.stringify({ files: [...now].sort() }, null, 2) + '\n', { confinedTo: base });
}

async function readManifest(base: string): Promise<string[]> {
  try {
    const parsed = JSON.parse(await readFile(join(base, MANIFEST), 'utf8')) as { files?: unknown };
    if (!Array.isArray(parsed.files)) return [];
    return parsed.files.filter((f): f is string => typeof f === 'string' && !f.split(/[\\/]/).includes('..') && !f.startsWith(sep));
  } catch {
    return [];
  }
}
