/** Where a command writes: injected so commands are testable without a process. */
export interface Io {
  /** Machine output (the `--json` document). */
  stdout(text: string): void;
  /** Human output: progress, summaries, errors. */
  stderr(text: string): void;
  /** Whether stderr is a terminal (progress bars, colour). */
  readonly isTty: boolean;
  readonly cwd: string;
  /** The environment (`ETASIM_PYTHON`, …). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Streams whose reader has gone (`| head -3`): writes to them are dropped from then on. */
const closed = new WeakSet<NodeJS.WriteStream>();
const guarded = new WeakSet<NodeJS.WriteStream>();

/**
 * A writer to `stream` that survives its reader going away. An EPIPE (or any
 * other write error) would otherwise be an unhandled 'error' event that kills
 * the run before it writes its reports; the run goes on, silently on that
 * stream, and exits with its normal code.
 */
function safeWriter(stream: NodeJS.WriteStream): (text: string) => void {
  if (!guarded.has(stream)) {
    guarded.add(stream);
    stream.on('error', () => closed.add(stream));
  }
  return (text) => {
    if (closed.has(stream) || stream.destroyed) return;
    try {
      stream.write(text);
    } catch {
      // A synchronous EPIPE on a pipe or file descriptor: the reader has gone.
      closed.add(stream);
    }
  };
}

/** The process's own streams. */
export function processIo(): Io {
  return {
    stdout: safeWriter(process.stdout),
    stderr: safeWriter(process.stderr),
    isTty: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
    env: process.env,
  };
}

/** An Io that keeps everything, for tests. */
export function memoryIo(cwd = process.cwd()): Io & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    isTty: false,
    cwd,
    env: process.env as Readonly<Record<string, string | undefined>>,
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
  };
  return io;
}
