import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/** Options of an atomic write. */
export interface AtomicWriteOptions {
  /**
   * The folder the file must stay in (`--out`): no folder between it and the
   * file may be a symbolic link, so a link planted in the reports folder
   * cannot send a write elsewhere. The root itself may be a link (the user chose it).
   */
  readonly confinedTo?: string;
}

/** A temporary sibling of `path` as writeFileAtomic names it: `<path>.<24 hex>.tmp`. */
export const TEMP_FILE = /\.[0-9a-f]{24}\.tmp$/;

/** A write refused because a folder on its way is a symbolic link. */
export class SymlinkRefused extends Error {
  constructor(readonly path: string) {
    super(`refusing to write through the symbolic link ${path}`);
    this.name = 'SymlinkRefused';
  }
}

/**
 * Writes a file whole or not at all: into a temporary sibling with an
 * unpredictable name, created exclusively (`wx`: never an existing file or
 * a planted link), flushed to disk, then renamed over the target, so a
 * crash never leaves half a report and a reader sees the old file or the new one.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array | Iterable<string>, options: AtomicWriteOptions = {}): Promise<void> {
  if (options.confinedTo !== undefined) await refuseLinksBelow(options.confinedTo, dirname(path));
  await mkdir(dirname(path), { recursive: true });
  if (options.confinedTo !== undefined) await refuseLinksBelow(options.confinedTo, dirname(path));
  const temp = `${path}.${randomBytes(12).toString('hex')}.tmp`;
  let created = false;
  try {
    const handle = await open(temp, 'wx', 0o644);
    created = true;
    try {
      if (typeof content === 'string' || content instanceof Uint8Array) await handle.writeFile(content);
      // Chunks (a trace too long for one string, often one line each) are gathered into writes of ~64 KB.
      else await writeChunks(handle, content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    created = false;
    await syncDir(dirname(path));
  } catch (error) {
    if (created) await rm(temp, { force: true });
    throw error;
  }
}

/** Bytes gathered before one write: one system call for many lines, never one string the size of the file. */
const WRITE_BATCH_CHARS = 64 * 1024;

async function writeChunks(handle: FileHandle, chunks: Iterable<string>): Promise<void> {
  let batch: string[] = [];
  let size = 0;
  for (const chunk of chunks) {
    batch.push(chunk);
    size += chunk.length;
    if (size >= WRITE_BATCH_CHARS) {
      await handle.write(batch.join(''));
      batch = [];
      size = 0;
    }
  }
  if (size > 0) await handle.write(batch.join(''));
}

/** Makes the rename durable; some file systems refuse to fsync a folder, which is no reason to fail. */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}

/** Throws SymlinkRefused when a folder strictly below `root` on the way to `dir` (inclusive) is a link. */
async function refuseLinksBelow(root: string, dir: string): Promise<void> {
  const base = resolve(root);
  const rel = relative(base, resolve(dir));
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return;
  let current = base;
  for (const part of rel.split(sep)) {
    current = resolve(current, part);
    try {
      if ((await lstat(current)).isSymbolicLink()) throw new SymlinkRefused(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
  }
}

/**
 * `root/...parts`, refusing any result outside `root` (a scenario named
 * `../../etc` must not write there).
 */
export function confinedPath(root: string, ...parts: string[]): string {
  const base = resolve(root);
  const target = resolve(base, ...parts);
  const rel = relative(base, target);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new Error(`refusing to write outside ${root}: ${parts.join('/')}`);
  }
  return target;
}
