import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Readable, Writable } from 'node:stream';

/** python/etasim_adapter.py, from src/ and from dist/ alike. */
const ADAPTER_PATH = fileURLToPath(new URL('../../../../python/etasim_adapter.py', import.meta.url));

/** A protocol message (docs/tracker-protocol.md). */
export type AdapterMessage = { readonly op: string } & Record<string, unknown>;

/** The interpreter could not be used, or the adapter broke the protocol: bad input, reported as one line. */
export class AdapterUnusable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdapterUnusable';
  }
}

/** Bytes of the adapter's stdout/stderr kept for error messages. */
const OUTPUT_KEPT_BYTES = 4096;

const executables = new Map<string, string>();

/**
 * The real interpreter behind `python` (a pyenv shim costs ~1.5 s a start,
 * so it is resolved once with `sys.executable`), checked to be Python ≥ 3.9.
 */
export function resolvePython(python: string): string {
  const known = executables.get(python);
  if (known !== undefined) return known;
  let out: string;
  try {
    out = execFileSync(python, ['-c', 'import sys; print(sys.executable); print("%d.%d" % sys.version_info[:2])'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new AdapterUnusable(
      code === 'ENOENT' ? `${python} not found: name an interpreter with --python BIN or ETASIM_PYTHON` : `${python} does not run: ${firstLine(error)}`,
    );
  }
  const [executable, version] = out.trim().split('\n');
  const [major, minor] = (version ?? '').split('.').map(Number);
  if (!executable || major !== 3 || minor === undefined || minor < 9) {
    throw new AdapterUnusable(`${python} is Python ${version ?? '?'}: the tracker adapter needs Python 3.9 or newer`);
  }
  executables.set(python, executable);
  return executable;
}

/**
 * One long-lived adapter process: JSON lines to its fd 3, from its fd 4.
 * The tracker's own stdout and stderr are kept (the last few KB) for error
 * messages and never mixed with the protocol. The process does not keep
 * Node alive while nothing waits on it.
 */
export class AdapterProcess {
  private readonly child: ChildProcess;
  private readonly toAdapter: Writable;
  private readonly fromAdapter: Readable;
  private buffer = '';
  private output = '';
  private waiting = 0;
  /** Where messages go; one run (or the loader) listens at a time. */
  onMessage: (message: AdapterMessage) => void = () => {};
  /** Called once if the process exits. */
  onExit: (reason: string) => void = () => {};
  exited: string | null = null;

  constructor(executable: string) {
    this.child = spawn(executable, ['-u', '-X', 'utf8', ADAPTER_PATH], {
      stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONHASHSEED: '0' },
    });
    this.toAdapter = this.child.stdio[3] as Writable;
    this.fromAdapter = this.child.stdio[4] as Readable;
    this.fromAdapter.setEncoding('utf8');
    this.fromAdapter.on('data', (chunk: string) => this.receive(chunk));
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        this.output = (this.output + chunk).slice(-OUTPUT_KEPT_BYTES);
      });
    }
    this.toAdapter.on('error', () => {});
    this.child.on('error', (error) => this.exit(`the adapter could not start: ${error.message}`));
    this.child.on('exit', (code, signal) => this.exit(`python exited (${signal ?? `code ${code}`})${this.lastOutput()}`));
    this.idle();
  }

  /** Sends messages in order, in one write. */
  send(...messages: object[]): void {
    if (this.exited === null) this.toAdapter.write(messages.map((m) => JSON.stringify(m) + '\n').join(''));
  }

  /** Keeps Node alive while a reply is awaited. */
  busy(): void {
    if (this.waiting++ === 0) for (const h of this.handles()) h.ref();
  }

  idle(): void {
    if (this.waiting > 0) this.waiting--;
    if (this.waiting === 0) for (const h of this.handles()) h.unref();
  }

  /** Sends `message` (none when null) and resolves with the first reply whose op is one of `ops` (outside a run: hello, load, end). */
  request(message: object | null, ops: readonly string[]): Promise<AdapterMessage> {
    return new Promise((resolve, reject) => {
      this.busy();
      const previous = { onMessage: this.onMessage, onExit: this.onExit };
      const done = (): void => {
        this.onMessage = previous.onMessage;
        this.onExit = previous.onExit;
        this.idle();
      };
      this.onMessage = (m) => {
        if (!ops.includes(m.op)) return;
        done();
        resolve(m);
      };
      this.onExit = (reason) => {
        done();
        reject(new AdapterUnusable(reason));
      };
      if (this.exited !== null) {
        done();
        reject(new AdapterUnusable(this.exited));
        return;
      }
      if (message !== null) this.send(message);
    });
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }

  /** The tracker's last printed lines, for an error message. */
  lastOutput(): string {
    const text = this.output.trim();
    return text === '' ? '' : `; its last output: ${text.split('\n').slice(-3).join(' | ').slice(-400)}`;
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    for (let nl = this.buffer.indexOf('\n'); nl >= 0; nl = this.buffer.indexOf('\n')) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      if (line.trim() === '') continue;
      let message: AdapterMessage;
      try {
        message = JSON.parse(line) as AdapterMessage;
      } catch {
        this.kill();
        this.exit(`the adapter wrote a line that is not JSON: ${line.slice(0, 120)}`);
        return;
      }
      this.onMessage(message);
    }
  }

  private handles(): Array<{ ref(): void; unref(): void }> {
    const all = [this.child, this.child.stdio[3], this.child.stdio[4], this.child.stdout, this.child.stderr];
    return all.filter((h): h is NonNullable<typeof h> & { ref(): void; unref(): void } => h !== null && typeof (h as { unref?: unknown }).unref === 'function');
  }

  private exit(reason: string): void {
    if (this.exited !== null) return;
    this.exited = reason;
    this.onExit(reason);
  }
}

function firstLine(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr;
  const text = stderr && stderr.trim() !== '' ? stderr : error instanceof Error ? error.message : String(error);
  return text.trim().split('\n').at(-1) ?? '';
}
