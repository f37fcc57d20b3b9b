import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';

/** Debian's redis-server, when installed: tests that need a private one skip outside CI without it. */
export const REDIS_SERVER = '/usr/bin/redis-server';
export const haveRedisServer = existsSync(REDIS_SERVER);

/** A redis-server this test started, on a free loopback port, with no persistence. */
export interface PrivateRedis {
  readonly port: number;
  /** `redis://127.0.0.1:PORT` (append `/db`). */
  readonly url: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** A loopback port nothing listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts a private redis-server and waits until it answers (checking that the one answering is ours). */
export async function startRedis(extraArgs: readonly string[] = [], password?: string): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'etasim-redis-'));
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extraArgs], { stdio: 'ignore' });
    let exited = false;
    // A test that times out never reaches its stop(): the server goes with the worker.
    const killOnExit = (): void => void child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => {
      exited = true;
      process.removeListener('exit', killOnExit);
    });
    const url = `redis://127.0.0.1:${port}`;
    for (let i = 0; i < 100 && !exited; i++) {
      const client = new Redis(url, { password, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      client.on('error', () => undefined);
      try {
        await client.connect();
        const info = await client.info('server');
        if (new RegExp(`process_id:${child.pid}\\b`).test(info)) {
          client.disconnect();
          return {
            port,
            url,
            process: child,
            async stop() {
              if (child.exitCode === null && child.signalCode === null) {
                child.kill('SIGCONT');
                child.kill('SIGKILL');
                await new Promise((r) => child.once('exit', r));
              }
              rmSync(dir, { recursive: true, force: true });
            },
          };
        }
      } catch {
        // not up yet
      } finally {
        client.disconnect();
      }
      await sleep(50);
    }
    child.kill('SIGKILL');
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error('could not start a private redis-server');
}
