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

/** The process's own streams. */
export function processIo(): Io {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
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
