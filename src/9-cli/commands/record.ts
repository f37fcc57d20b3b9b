import { once } from 'node:events';
import type { WriteStream } from 'node:fs';
import { renameSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { redactRedisUrl } from '../../3-model/redis/redisUrl.js';
import type { Command } from '../Command.js';
import { InputError } from '../../6-formats/InputError.js';
import type { Io } from '../Io.js';
import { parseOptions } from '../parseOptions.js';
import { MONITOR_OK } from '../../6-formats/capture/monitorLine.js';
import { monitorLineFromIoredis } from '../../6-formats/capture/monitorFormat.js';

const USAGE = `usage: etasim record --redis URL --out FILE [--duration S]

Records a Redis server's MONITOR stream to FILE in redis-cli's MONITOR
format (what \`redis-cli MONITOR > FILE\` writes), for \`etasim check FILE\`.
Stops on Ctrl-C (SIGINT), SIGTERM or after --duration, and closes FILE
cleanly. MONITOR costs the server throughput: record for the time you need.

options:
  --redis URL       the server (redis://[user:pass@]host:port[/db], rediss://…)
  --out FILE        where the capture goes (overwritten)
  --duration S      stop after S seconds (also 250ms, 90s, 5m, 1h)

exit: 0 recorded; 2 bad usage, the server cannot be reached, or FILE cannot be written;
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
    if (values.out === undefined) throw new InputError('etasim record: --out FILE is required');
    const durationMs = values.duration === undefined ? null : durationOption(values.duration);
    return record(values.redis, resolve(io.cwd, values.out), values.out, durationMs, io);
  },
};

async function record(url: string, path: string, label: string, durationMs: number | null, io: Io): Promise<number> {
  // Signals are ours from the start: Ctrl-C while connecting ends cleanly too.
  const stop = new Stop();
  const onInt = (): void => stop.now('SIGINT received');
  const onTerm = (): void => stop.now('SIGTERM received');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    return await recordUntilStopped(url, path, label, durationMs, io, stop);
  } finally {
    process.removeListener('SIGINT', onInt);
    process.removeListener('SIGTERM', onTerm);
  }
}

async function recordUntilStopped(url: string, path: string, label: string, durationMs: number | null, io: Io, stop: Stop): Promise<number> {
  let connected = false;
  // The monitor connection itself (what redis.monitor() duplicates), so that
  // a refused MONITOR (NOAUTH, NOPERM) still leaves us a handle to close.
  const monitor = new Redis(url, {
    monitor: true,
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    disableClientInfo: true,
    maxRetriesPerRequest: 0,
    // Unreachable at the start is an error; a drop later reconnects (ioredis re-enters MONITOR).
    retryStrategy: (times) => (connected ? Math.min(times * 500, 5000) : null),
  });
  let sink: WriteStream | null = null;
  const early: string[] = [];
  let lines = 0;
  // The capture goes to a temporary sibling until its first command line: an
  // existing FILE is only replaced once there is something to replace it with.
  const temp = `${path}.${randomBytes(12).toString('hex')}.tmp`;
  let placed = false;
  const place = (): void => {
    if (placed || placeError !== null) return;
    try {
      renameSync(temp, path);
      placed = true;
    } catch (error) {
      placeError = error as Error;
      stop.now('the file could not be written');
    }
  };
  let placeError: Error | null = null;
  monitor.on('monitor', (time: string, args: string[], source: string, database: string) => {
    const line = monitorLineFromIoredis(time, args, source, database) + '\n';
    lines++;
    if (sink !== null) place();
    if (sink === null) {
      early.push(line);
    } else if (!sink.write(line)) {
      monitor.stream.pause();
    }
  });

  const entering = enterMonitor(monitor);
  entering.catch(() => undefined);
  let stoppedEarly: string | null;
  try {
    stoppedEarly = await Promise.race([entering.then(() => null), stop.promise]);
  } catch (error) {
    monitor.disconnect();
    throw new InputError(`etasim record: cannot reach ${redactRedisUrl(url)}: ${reason(error)}`);
  }
  if (stoppedEarly !== null) {
    monitor.disconnect();
    io.stderr(`stopped (${stoppedEarly}) before the server answered; nothing recorded\n`);
    return 130;
  }
  connected = true;

  let handle;
  try {
    handle = await open(temp, 'wx', 0o644);
  } catch (error) {
    monitor.disconnect();
    throw new InputError(`etasim record: cannot write ${label}: ${reason(error)}`);
  }
  const out = handle.createWriteStream();
  let writeError: Error | null = null;
  out.on('drain', () => monitor.stream.resume());
  out.on('error', (error) => {
    writeError = error;
    stop.now('the file could not be written');
  });
  out.write(`${MONITOR_OK}\n`);
  for (const line of early) out.write(line);
  if (early.length) place();
  early.length = 0;
  sink = out;
  io.stderr(`recording ${redactRedisUrl(url)} to ${label}${durationMs === null ? '' : ` for ${durationMs / 1000} s`}; Ctrl-C stops\n`);

  let lost = false;
  monitor.on('error', (error: Error) => {
    if (!lost) io.stderr(`etasim record: connection lost (${reason(error)}); reconnecting, the capture has a gap\n`);
    lost = true;
  });
  monitor.on('monitoring', () => {
    if (lost) io.stderr('etasim record: reconnected; recording again\n');
    lost = false;
  });
  monitor.once('end', () => stop.now('the server connection ended'));
  const timer = durationMs === null ? null : setTimeout(() => stop.now('duration reached'), durationMs);
  const why = await stop.promise;
  if (timer) clearTimeout(timer);

  sink = null;
  monitor.disconnect();
  out.end();
  await once(out, 'close').catch(() => undefined);
  writeError ??= placeError;
  if (!placed) {
    await rm(temp, { force: true });
    if (writeError !== null) throw new InputError(`etasim record: cannot write ${label}: ${reason(writeError)}`);
    io.stderr(`stopped (${why}): no command arrived; ${label} left as it was\n`);
    return 0;
  }
  if (writeError !== null) throw new InputError(`etasim record: cannot write ${label}: ${reason(writeError)}`);
  io.stderr(`stopped (${why}): ${lines} line${lines === 1 ? '' : 's'} recorded to ${label}\n`);
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

/** Connects and waits for MONITOR's OK, or the first error. */
function enterMonitor(monitor: Redis): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => fail(new Error(`no MONITOR reply within ${(CONNECT_TIMEOUT_MS * 2) / 1000} s`)), CONNECT_TIMEOUT_MS * 2);
    const ok = (): void => {
      clearTimeout(timer);
      monitor.removeListener('error', fail);
      monitor.removeListener('end', ended);
      resolvePromise();
    };
    function fail(error: Error): void {
      clearTimeout(timer);
      monitor.removeListener('monitoring', ok);
      monitor.removeListener('end', ended);
      reject(error);
    }
    const ended = (): void => fail(new Error('the connection closed'));
    monitor.once('monitoring', ok);
    monitor.once('error', fail);
    monitor.once('end', ended);
    monitor.connect().catch((error: unknown) => fail(error instanceof Error ? error : new Error(String(error))));
  });
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

/** The URL without its password, for messages. */

function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e && e.code === 'ECONNREFUSED') return 'connection refused';
  if (e && e.code === 'ENOTFOUND') return 'host not found';
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
