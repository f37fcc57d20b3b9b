import { isAbsolute, relative } from 'node:path';

/** `path` relative to `cwd` when it lies inside it, else absolute: what a person can paste back. */
export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}
