/** What the file system's refusals mean, for the one line a user reads. */
const REASONS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENAMETOOLONG: 'a name in the path is too long',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files on the system',
  EIO: 'input/output error',
};

const VERBS: Readonly<Record<string, string>> = {
  open: 'write',
  write: 'write',
  mkdir: 'create the folder',
  rename: 'replace',
  unlink: 'remove',
  rm: 'remove',
  fsync: 'write',
  close: 'write',
};

/**
 * The line for an operating error of the file system (a read-only or full
 * `--out`, a name too long), or null when `error` is not one. Such an error
 * is the machine's state, not a bug of etasim: it gets one line and exit 2,
 * never the internal-error message and a stack.
 */
export function fileSystemErrorLine(command: string, error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const { code, syscall, path } = error as NodeJS.ErrnoException;
  if (typeof code !== 'string' || REASONS[code] === undefined) return null;
  const verb = (syscall ? VERBS[syscall] : undefined) ?? 'use';
  const where = typeof path === 'string' ? ` ${path}` : '';
  return `etasim ${command}: cannot ${verb}${where}: ${REASONS[code]} (${code})\n`;
}
