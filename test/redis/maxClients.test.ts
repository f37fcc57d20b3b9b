import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { main } from '../../src/9-cli/main.js';
import { memoryIo } from '../../src/9-cli/Io.js';
import { serverRefusal } from '../../src/3-model/redis/serverRefusal.js';
import { haveRedisServer, startRedis, type PrivateRedis } from './redisServer.js';
import { tempDir } from '../tempDirs.js';

const inCi = Boolean(process.env['CI']);

// A server at its maxclients answers a new connection with "-ERR max number of clients
// reached" and hangs up; ioredis only says "Connection is closed" (or "write EPIPE").
describe.skipIf(!haveRedisServer && !inCi)('a real Redis server with no connection left (maxclients reached)', () => {
  let server: PrivateRedis;
  let holder: Redis;
  beforeAll(async () => {
    server = await startRedis(['--maxclients', '1']);
    holder = new Redis(server.url);
    holder.on('error', () => undefined);
    await holder.ping();
  });
  afterAll(async () => {
    holder.disconnect();
    await server.stop();
  });

  test('run --redis refuses it in one line that names the cause, exit 2', async () => {
    const io = memoryIo();
    const code = await main(['run', 'scenarios/intended-default.yaml', '--redis', `${server.url}/15`, '--out', join(tempDir('etasim-maxclients-'), 'out')], io);
    expect(code).toBe(2);
    expect(io.err.trim().split('\n')).toHaveLength(1);
    expect(io.err).toMatch(/^etasim run: --redis redis:\/\/127\.0\.0\.1:\d+\/15: cannot use it: the server refused the connection: ERR max number of clients reached\n$/);
  });

  test('serverRefusal reads what the server said; a server that takes the connection says nothing', async () => {
    expect(await serverRefusal(server.url)).toBe('ERR max number of clients reached');
    holder.disconnect();
    await new Promise((r) => setTimeout(r, 100));
    expect(await serverRefusal(server.url, 300)).toBeNull();
  });
});
