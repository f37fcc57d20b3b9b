import { connect } from 'node:net';

/** Bytes of a greeting read at most. */
const GREETING_BYTES_MAX = 1024;

/**
 * What a Redis server says when it closes a fresh connection at once, or
 * null. redis-server answers a client over `maxclients` with
 * `-ERR max number of clients reached` and hangs up before any command, so
 * ioredis reports only "Connection is closed" or "write EPIPE"; this asks
 * again on a plain socket to name the cause. Plain `redis://` only.
 */
export function serverRefusal(serverUrl: string, timeoutMs = 1000): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(serverUrl);
  } catch {
    return Promise.resolve(null);
  }
  if (url.protocol !== 'redis:') return Promise.resolve(null);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1';
  const port = Number(url.port || 6379);
  return new Promise((resolve) => {
    let data = '';
    let settled = false;
    const socket = connect({ host, port });
    const done = (value: string | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const refusal = (): string | null => (data.startsWith('-') ? (data.slice(1).split('\r\n')[0] ?? null) : null);
    const timer = setTimeout(() => done(null), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString('latin1');
      if (data.includes('\r\n') || data.length > GREETING_BYTES_MAX) done(refusal());
    });
    socket.on('error', () => done(null));
    socket.on('close', () => done(refusal()));
  });
}
