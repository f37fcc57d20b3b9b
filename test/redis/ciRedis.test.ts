import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import { haveRedisServer, startRedis, type PrivateRedis } from './redisServer.js';

// .ci/redis.sh, which .ci/run sources: it must never take over, or stop, a
// server it did not start, even one on the port it is asked to prefer.
const inCi = Boolean(process.env['CI']);
const haveCli = existsSync('/usr/bin/redis-cli');

describe.skipIf((!haveRedisServer || !haveCli) && !inCi)('.ci/redis.sh', () => {
  let foreign: PrivateRedis;
  beforeAll(async () => {
    foreign = await startRedis();
  });
  afterAll(async () => {
    await foreign.stop();
  });

  test('with someone else\'s server on the preferred port: starts its own elsewhere, stops only its own', async () => {
    const marker = new Redis(foreign.url);
    await marker.set('their-data', 'kept');
    const script = [
      '. .ci/redis.sh',
      'ci_redis_start',
      'echo "url=$ETASIM_REDIS_URL pid=$CI_REDIS_PID"',
      'redis-cli -p "$CI_REDIS_PORT" INFO server | tr -d "\\r" | grep "^process_id:"',
      'ci_redis_stop',
      'redis-cli -p "$CI_REDIS_PORT" ping >/dev/null 2>&1 && echo "still-up" || echo "stopped"',
    ].join('\n');
    const out = execFileSync('bash', ['-c', script], { env: { ...process.env, ETASIM_CI_REDIS_PORT: String(foreign.port) }, encoding: 'utf8' });
    const [, port, pid] = /url=redis:\/\/127\.0\.0\.1:(\d+)\/15 pid=(\d+)/.exec(out)!;
    expect(Number(port)).not.toBe(foreign.port);
    expect(out).toContain(`process_id:${pid}`);
    expect(out.trim().endsWith('stopped')).toBe(true);
    // The foreign server still runs, with its data.
    expect(await marker.get('their-data')).toBe('kept');
    marker.disconnect();
  });
});
