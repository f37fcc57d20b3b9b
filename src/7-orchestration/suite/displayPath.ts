import { isAbsolute, relative, resolve } from 'node:path';

/** `path` relative to `cwd` when it lies inside it, else absolute: what a person can paste back. */
export function displayPath(cwd: string, path: string): string {
  const absolute = resolve(cwd, path);
  const rel = relative(cwd, absolute);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? absolute : rel;
}
