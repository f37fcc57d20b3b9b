import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { parseRedisUrl } from '../../3-model/redis/redisUrl.js';
import { MonitorReader, type MonitorRead } from './MonitorReader.js';

/** Where a MONITOR connection goes and how it logs in, read from a `--redis` URL. */
export interface MonitorTarget {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  /** AUTH's user (ACL); '' for the default user. */
  readonly username: string;
  /** AUTH's password; '' sends no AUTH. Never printed. */
  readonly password: string;
  /** The db the URL names, SELECTed to check it exists (MONITOR shows every db); null when it names none. */
  readonly db: number | null;
}

/**
 * The target of a `redis://[user:pass@]host[:port][/db]` or `rediss://…`
 * URL. Throws RedisUrlError (from parseRedisUrl) for a URL that is not
 * one, with the reason.
 */
export function monitorTarget(url: string): MonitorTarget {
  const { db } = parseRedisUrl(url);
  const parsed = new URL(url);
  const host = parsed.hostname.startsWith('[') ? parsed.hostname.slice(1, -1) : parsed.hostname;
  return {
    host,
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    tls: parsed.protocol === 'rediss:',
    username: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    db: parsed.pathname === '' || parsed.pathname === '/' ? null : db,
  };
}

/** The commands sent before the stream, in the order their replies come back. */
export function handshake(target: MonitorTarget): string[][] {
  const commands: string[][] = [];
  if (target.password !== '') commands.push(target.username === '' ? ['AUTH', target.password] : ['AUTH', target.username, target.password]);
  if (target.db !== null) commands.push(['SELECT', String(target.db)]);
  commands.push(['MONITOR']);
  return commands;
}

/** RESP's form of a command: an array of bulk strings. */
export function respCommand(args: readonly string[]): Buffer {
  const parts = [`*${args.length}\r\n`];
  for (const a of args) parts.push(`$${Buffer.byteLength(a, 'utf8')}\r\n${a}\r\n`);
  return Buffer.from(parts.join(''), 'utf8');
}

/** The server or the network refused the connection: the reason, for one line. */
export class MonitorRefused extends Error {
  constructor(
    message: string,
    /** The server itself refused (a wrong password, an unknown db, no permission): bad input rather than an outage. */
    readonly byServer: boolean,
  ) {
    super(message);
    this.name = 'MonitorRefused';
  }
}

/** A connection in MONITOR mode, paused: the caller resumes it once it can write what arrives. */
export interface MonitorConnection {
  readonly socket: Socket;
  readonly reader: MonitorReader;
  /** What arrived with MONITOR's `+OK`: command lines already read, to write before anything else. */
  readonly first: MonitorRead;
}

/** Bounds of connecting. */
export interface MonitorTimeouts {
  /** Until the TCP (and TLS) connection is up. */
  readonly connectMs: number;
  /** Until MONITOR's `+OK`, counted from the start. */
  readonly monitorMs: number;
}

/**
 * Connects, logs in, checks the db and enters MONITOR, the three commands
 * sent at once. Resolves with the connection paused right after MONITOR's
 * `+OK` (lines read with it are in `first`); rejects with MonitorRefused,
 * having closed the socket, on a refusal, a timeout or a closed connection.
 * `abort` is called when the caller gives up (a signal): the socket is closed.
 */
export function connectMonitor(target: MonitorTarget, timeouts: MonitorTimeouts): { connection: Promise<MonitorConnection>; abort: () => void } {
  const commands = handshake(target);
  const reader = new MonitorReader(commands.length);
  const socket: Socket = target.tls
    ? connectTls({ host: target.host, port: target.port, ...(isIP(target.host) ? {} : { servername: target.host }) })
    : connectTcp({ host: target.host, port: target.port });
  socket.setNoDelay(true);
  // A peer that vanished without a word (a pulled cable) is found by the kernel, not by a silence: MONITOR may rightly be quiet.
  socket.setKeepAlive(true, 30_000);
  let settled = false;
  const connection = new Promise<MonitorConnection>((resolve, reject) => {
    const fail = (message: string, byServer: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(monitorTimer);
      socket.destroy();
      reject(new MonitorRefused(hide(message, target.password), byServer));
    };
    const connectTimer = setTimeout(() => fail(`no connection within ${timeouts.connectMs / 1000} s`, false), timeouts.connectMs);
    const monitorTimer = setTimeout(() => fail(`no MONITOR reply within ${timeouts.monitorMs / 1000} s`, false), timeouts.monitorMs);
    socket.once(target.tls ? 'secureConnect' : 'connect', () => {
      clearTimeout(connectTimer);
      socket.write(Buffer.concat(commands.map(respCommand)));
    });
    socket.on('error', (error) => fail(reason(error), false));
    socket.once('close', () => fail('the server closed the connection before MONITOR answered', false));
    const onData = (chunk: Buffer): void => {
      if (settled) return;
      const read = reader.read(chunk);
      const refused = read.replies.findIndex((r) => !r.ok);
      if (refused >= 0) return fail(`the server refused ${commands[refused]![0]}: ${read.replies[refused]!.text}`, true);
      if (read.fault !== null) return fail(read.fault, false);
      if (!reader.monitoring) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(monitorTimer);
      // Paused until the caller can write; its listeners for 'error' and 'close' stay (they do nothing now), so an error is never unhandled.
      socket.pause();
      socket.removeListener('data', onData);
      resolve({ socket, reader, first: read });
    };
    socket.on('data', onData);
  });
  return {
    connection,
    // Also after MONITOR's +OK: a signal and the reply may arrive together, and the caller then never takes the socket.
    abort: () => {
      settled = true;
      socket.destroy();
    },
  };
}

/** A socket error as a short reason. */
export function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND') return 'host not found';
  if (code === 'ECONNRESET') return 'the connection was reset';
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

/** A server's text with the password taken out, should a server ever echo it. */
function hide(message: string, password: string): string {
  return password === '' ? message : message.split(password).join('***');
}
