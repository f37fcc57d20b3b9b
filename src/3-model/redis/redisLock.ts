import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * One run at a time per db of a real server: two runs there would read each
 * other's job keys (the job ids are fixed, so that traces equal the embedded
 * mock's). The lock is `etasim:lock:<db>` set NX with an expiry and a random
 * token, refreshed while the run lasts, and deleted only while it still holds
 * our token: a run that dies leaves a lock that expires by itself.
 */

/** Milliseconds a lock lives without a refresh. */
export const LOCK_TTL_MS = 30_000;
const LOCK_REFRESH_MS = 10_000;

/** The lock's key for a db. */
export function lockKey(db: number): string {
  return `etasim:lock:${db}`;
}

/** The lock is held by another run (another etasim, or another run in this process). */
export class RedisLockHeld extends Error {
  constructor(db: number) {
    super(`db ${db} is in use by another etasim run (lock ${lockKey(db)} is held); wait for it to end or use another db`);
    this.name = 'RedisLockHeld';
  }
}

// Compare-and-act: only the holder of the token extends or deletes the lock.
const REFRESH = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** A lock this run holds. */
export class RedisLock {
  private timer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly client: Redis,
    readonly key: string,
    private readonly token: string,
  ) {}

  /** Takes the lock of `db` on the connection's server; throws RedisLockHeld when someone has it. */
  static async acquire(client: Redis, db: number): Promise<RedisLock> {
    const key = lockKey(db);
    const token = randomBytes(16).toString('hex');
    const reply = await client.set(key, token, 'PX', LOCK_TTL_MS, 'NX');
    if (reply !== 'OK') throw new RedisLockHeld(db);
    const lock = new RedisLock(client, key, token);
    // Wall-clock refresh: a long run must not lose its lock; a failed refresh is left to the run's own errors.
    lock.timer = setInterval(() => void lock.client.eval(REFRESH, 1, key, token, LOCK_TTL_MS).catch(() => undefined), LOCK_REFRESH_MS);
    lock.timer.unref();
    return lock;
  }

  /** Deletes the lock if it is still ours. */
  async release(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.client.eval(RELEASE, 1, this.key, this.token);
  }

  /** Stops refreshing without a command (the server no longer answers: the lock expires by itself). */
  abandon(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}
