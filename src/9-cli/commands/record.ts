import { once } from 'node:events';
import { renameSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { redactRedisUrl, RedisUrlError } from '../../3-model/redis/redisUrl.js';
import type { Command } from '../Command.js';
import { InputError } from '../../6-formats/InputError.js';
import type { Io } from '../Io.js';
import { parseOptions } from '../parseOptions.js';
import { MONITOR_OK } from '../../6-formats/capture/monitorLine.js';
import { connectMonitor, monitorTarget, MonitorRefused, reason, type MonitorConnection, type MonitorTarget } from '../monitor/connectMonitor.js';

const USAGE = `usage: etasim record --redis URL --out FILE [--duration S]

Records a Redis server's MONITOR stream to FILE in redis-cli's MONITOR
format (what \`redis-cli MONITOR > FILE\` writes), for \`etasim check FILE\`.
Stops on Ctrl-C (SIGINT), SIGTERM or after --duration, and closes FILE
cleanly. MONITOR costs the server throughput: record for the time you need.

MONITOR shows the commands of every db; a db in the URL is only checked
(SELECT). FILE is replaced once the first command arrives (until then an
earlier capture stays as it was). A server that goes away ends the capture
there, with the lines that arrived kept and exit 2.

options:
  --redis URL       the server (redis://[user:pass@]host:port[/db], rediss://…)
  --out FILE        where the capture goes (overwritten)
  --duration S      stop after S seconds (also 250ms, 90s, 5m, 1h)

exit: 0 recorded; 2 bad usage, the server cannot be reached or refuses us (a wrong password,
      an unknown db), the connection was lost, or FILE cannot be written;
      130 stopped by a signal before the server answered
`;

/** How long connecting and entering MONITOR may take before the server counts as unreachable. */
const CONNECT_TIMEOUT_MS = 5000;
const DURATION_MS_MAX = 24 * 3_600_000;

/** `etasim record`: MONITOR to a file, as redis-cli prints it. */
export const recordCommand: Command = {
  name: 'record',
  summary: "record a Redis server's MONITOR stream for `etasim check`",
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseOptions('record', argv, {
      redis: { type: 'string' },
      out: { type: 'string' },
      duration: { type: 'string' },
    });
    if (positionals.length) throw new InputError(`etasim record: unexpected argument '${positionals[0]}'; see \`etasim record --help\``);
    if (values.redis === undefined) throw new InputError('etasim record: --redis URL is required (redis://host:6379)');
    if (!/^rediss?:\/\//.test(values.redis)) {
      throw new InputError(`etasim record: --redis takes a redis:// or rediss:// URL, got '${redactRedisUrl(values.redis)}'`);
    }
    let target: MonitorTarget;
    try {
      target = monitorTarget(values.redis);
    } catch (error) {
      if (!(error instanceof RedisUrlError)) throw error;
      throw new InputError(`etasim record: --redis ${redactRedisUrl(values.redis)}: ${error.message}`);
    }
    if (values.out === undefined) throw new InputError('etasim record: --out FILE is required');
    const durationMs = values.duration === undefined ? null : durationOption(values.duration);
    return record({ url: values.redis, target, path: resolve(io.cwd, values.out), label: values.out, durationMs }, io);
  },
};

/** What one recording is about, resolved from the options. */
interface Recording {
  /** The URL as given: only ever shown redacted. */
  readonly url: string;
  readonly target: MonitorTarget;
  /** FILE, absolute, and as the user wrote it (for messages). */
  readonly path: string;
  readonly label: string;
  readonly durationMs: number | null;
}

async function record(recording: Recording, io: Io): Promise<number> {
  // Signals are ours from the start: Ctrl-C while connecting ends cleanly too.
  const stop = new Stop();
  const onInt = (): void => stop.now('SIGINT received');
  const onTerm = (): void => stop.now('SIGTERM received');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    return await recordUntilStopped(recording, io, stop);
  } finally {
    process.removeListener('SIGINT', onInt);
    process.removeListener('SIGTERM', onTerm);
  }
}

async function recordUntilStopped(recording: Recording, io: Io, stop: Stop): Promise<number> {
  const { target, path, label, durationMs } = recording;
  const shown = redactRedisUrl(recording.url);
  const connecting = connectMonitor(target, { connectMs: CONNECT_TIMEOUT_MS, monitorMs: CONNECT_TIMEOUT_MS * 2 });
  connecting.connection.catch(() => undefined);
  let entered: MonitorConnection | string;
  try {
    entered = await Promise.race([connecting.connection, stop.promise]);
  } catch (error) {
    if (!(error instanceof MonitorRefused)) throw error;
    throw new InputError(error.byServer ? `etasim record: ${shown}: ${error.message}` : `etasim record: cannot reach ${shown}: ${error.message}`);
  }
  if (typeof entered === 'string') {
    connecting.abort();
    io.stderr(`stopped (${entered}) before the server answered; nothing recorded\n`);
    return 130;
  }
  const { socket, reader, first } = entered;
  // From MONITOR's +OK on, the connection only ends on our side: anything else is the server going away.
  let lost: string | null = null;
  const loseWith = (why: string): void => {
    lost ??= why;
    stop.now('the server connection ended');
  };
  socket.on('error', (error) => loseWith(reason(error)));
  socket.on('close', () => loseWith('the server closed the connection'));
  if (socket.destroyed) loseWith('the connection was lost');

  // The capture goes to a temporary sibling until its first command line: an
  // existing FILE is only replaced once there is something to replace it with.
  const temp = `${path}.${randomBytes(12).toString('hex')}.tmp`;
  let handle;
  try {
    handle = await open(temp, 'wx', 0o644);
  } catch (error) {
    socket.destroy();
    throw new InputError(`etasim record: cannot write ${label}: ${reason(error)}`);
  }
  const out = handle.createWriteStream();
  let writeError: Error | null = null;
  out.on('error', (error) => {
    writeError = error;
    stop.now('the file could not be written');
  });
  let placed = false;
  let lines = 0;
  /** Appends one read's command lines; the first of them puts the capture in FILE's place. */
  const take = (capture: Buffer | null, count: number): void => {
    if (capture === null || writeError !== null) return;
    lines += count;
    // Memory stays bounded on a busy server: the socket waits while the file catches up.
    if (!out.write(capture)) socket.pause();
    if (placed) return;
    try {
      renameSync(temp, path);
      placed = true;
    } catch (error) {
      writeError = error as Error;
      stop.now('the file could not be written');
    }
  };
  out.on('drain', () => socket.resume());
  out.write(`${MONITOR_OK}\n`);
  take(first.capture, first.lines);
  io.stderr(`recording ${shown} to ${label}${durationMs === null ? '' : ` for ${durationMs / 1000} s`}; Ctrl-C stops\n`);
  socket.on('data', (chunk: Buffer) => {
    const read = reader.read(chunk);
    take(read.capture, read.lines);
    if (read.fault !== null) loseWith(read.fault);
  });
  socket.resume();
  const timer = durationMs === null ? null : setTimeout(() => stop.now('duration reached'), durationMs);
  const why = await stop.promise;
  if (timer) clearTimeout(timer);

  socket.removeAllListeners('data');
  socket.removeAllListeners('close');
  socket.on('error', () => undefined);
  socket.destroy();
  out.end();
  await once(out, 'close').catch(() => undefined);
  const recorded = `${lines} line${lines === 1 ? '' : 's'} recorded to ${label}`;
  if (!placed) {
    await rm(temp, { force: true });
    if (writeError !== null) throw new InputError(`etasim record: cannot write ${label}: ${reason(writeError)}`);
    if (lost !== null) throw new InputError(`etasim record: ${shown}: ${lost} before any command arrived; ${label} left as it was`);
    io.stderr(`stopped (${why}): no command arrived; ${label} left as it was\n`);
    return 0;
  }
  if (writeError !== null) throw new InputError(`etasim record: cannot write ${label}: ${reason(writeError)}`);
  // What arrived is kept (every line is whole), but the capture ends early: a script must not take it for a full one.
  if (lost !== null) throw new InputError(`etasim record: ${shown}: ${lost}; the capture ends there (${recorded})`);
  io.stderr(`stopped (${why}): ${recorded}\n`);
  return 0;
}

/** Why recording stops: the first of a signal, the duration, the connection's end, a failed write. */
class Stop {
  private reason: string | null = null;
  private wake: (why: string) => void = () => undefined;
  readonly promise = new Promise<string>((resolveWhy) => {
    this.wake = resolveWhy;
  });

  now(why: string): void {
    if (this.reason !== null) return;
    this.reason = why;
    this.wake(why);
  }
}

function durationOption(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const ms = m ? Number(m[1]) * unitMs[m[2] ?? 's']! : NaN;
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new InputError(`etasim record: --duration takes seconds (or 250ms, 90s, 5m, 1h), more than 0, got '${text}'`);
  }
  // A longer wait than a timer holds (2^31 ms) would fire at once; a day is far beyond any generation.
  if (ms > DURATION_MS_MAX) throw new InputError(`etasim record: --duration is at most 24h, got '${text}'; stop a longer capture with Ctrl-C`);
  return Math.round(ms);
}
