import { isEtasimKey } from '../../2-wire/keys.js';
import type { Redis } from 'ioredis';
import RedisMock from 'ioredis-mock';
import { RedisLock, RedisLockHeld, lockKey } from './redisLock.js';
import { parseRedisUrl, redactRedisUrl, RedisUrlError, type RedisTarget } from './redisUrl.js';
import { TrackedClient, type CommandGuard } from './TrackedClient.js';
import { serverRefusal } from './serverRefusal.js';

/** The commands the simulated service uses: the part of ioredis both backends provide. */
export interface RedisClient {
  setex(key: string, seconds: number, value: string): Promise<unknown>;
  set(key: string, value: string): Promise<unknown>;
  get(key: string): Promise<string | null>;
  del(...keys: string[]): Promise<number>;
  publish(channel: string, message: string): Promise<number>;
  subscribe(channel: string): Promise<unknown>;
  unsubscribe(channel: string): Promise<unknown>;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  removeAllListeners(event?: string): unknown;
  quit(): Promise<unknown>;
  disconnect(): void;
}

/**
 * Where a run's connections come from: the embedded mock or a real server.
 * A run never empties a db: it deletes the job's own keys before it starts
 * and exactly the keys it wrote when it closes.
 */
export interface RedisBackend {
  readonly kind: 'mock' | 'real';
  /** Opens a new connection (a real one is connected before it is returned). */
  connect(): Promise<RedisClient>;
  /** Prepares a run of the job whose keys are `jobKeys`: takes the db's lock (real) and deletes what a killed run left of them. */
  reset(jobKeys: readonly string[]): Promise<void>;
  /** Deletes the keys the run wrote, releases the lock, closes every connection this backend opened. */
  close(): Promise<void>;
  /** The real server's failure during the run (a timeout, a dropped connection), or null. */
  readonly failure: RedisFailure | null;
}

/** The real server stopped answering or dropped us during a run: that scenario's error, not a crash. */
export class RedisFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisFailure';
  }
}

/** How long a real server may take: each command, and each connection until it is ready. */
export interface RedisTimeouts {
  readonly commandTimeoutMs: number;
  readonly connectTimeoutMs: number;
}

export const DEFAULT_REDIS_TIMEOUTS: RedisTimeouts = { commandTimeoutMs: 5000, connectTimeoutMs: 5000 };

// ioredis-mock shares a keyspace between instances with one host:port/db and
// never forgets one, so runs borrow keyspaces from a pool instead of minting
// a new one per run (a fuzz campaign would otherwise grow without bound).
const freeMockSlots: number[] = [];
let mockSlotsMade = 0;

/** Embedded keyspaces made so far: a soak must see this stay at the number of runs in flight at once. */
export function mockKeyspacesMade(): number {
  return mockSlotsMade;
}

// Building an ioredis-mock instance wraps every command anew, and a run
// opens about 25 connections (GA's writer one per generation), so closed
// connections wait in a pool per keyspace for the next run to reuse.
const idleMockClients = new Map<number, Set<RedisClient>>();

type MockClient = RedisClient & { subscriberMode?: boolean };

/** The backend (run) a pooled connection is lent to now. */
const lentTo = new WeakMap<MockClient, MockBackend>();

class MockBackend implements RedisBackend {
  readonly kind = 'mock' as const;
  private readonly clients = new Set<MockClient>();
  private readonly slot: number;
  private readonly idle: Set<RedisClient>;

  constructor() {
    this.slot = freeMockSlots.pop() ?? ++mockSlotsMade;
    let idle = idleMockClients.get(this.slot);
    if (!idle) idleMockClients.set(this.slot, (idle = new Set()));
    this.idle = idle;
  }

  readonly failure = null;
  /** Every key the run wrote, deleted at close so the pooled keyspace is empty for the next run. */
  private readonly written = new Set<string>();

  async connect(): Promise<RedisClient> {
    return new TrackedClient(this.lend(), this.written);
  }

  private lend(): MockClient {
    const reused = this.idle.values().next();
    let client: MockClient;
    if (reused.done) {
      client = new RedisMock({ host: 'etasim-mock', port: this.slot }) as unknown as MockClient;
      // quit() returns the connection to the pool instead of closing it.
      client.quit = async () => {
        lentTo.get(client)?.release(client);
        return 'OK';
      };
    } else {
      client = reused.value;
      this.idle.delete(client);
    }
    this.clients.add(client);
    lentTo.set(client, this);
    return client;
  }

  async reset(jobKeys: readonly string[]): Promise<void> {
    const client = this.lend();
    if (jobKeys.length) await client.del(...jobKeys);
    this.release(client);
  }

  async close(): Promise<void> {
    if (this.written.size) {
      const client = this.lend();
      await client.del(...this.written);
      this.written.clear();
    }
    for (const client of [...this.clients]) this.release(client);
    freeMockSlots.push(this.slot);
  }

  /** Takes a connection back from its run: into the pool, or closed when still subscribed. */
  release(client: MockClient): void {
    if (!this.clients.delete(client)) return;
    lentTo.delete(client);
    client.removeAllListeners('message');
    // A connection still subscribed is closed for good rather than handed to a writer.
    if (client.subscriberMode) client.disconnect();
    else this.idle.add(client);
  }
}

class RealBackend implements RedisBackend {
  readonly kind = 'real' as const;
  private readonly clients: Redis[] = [];
  private readonly written = new Set<string>();
  private readonly target: RedisTarget;
  private admin: Redis | null = null;
  private lock: RedisLock | null = null;
  private closed = false;
  failure: RedisFailure | null = null;

  constructor(
    private readonly url: string,
    private readonly timeouts: RedisTimeouts,
  ) {
    this.target = parseRedisUrl(url);
  }

  /** Refuses every command once the server has failed (a run then ends at once), and notes the first failure. */
  private readonly guard: CommandGuard = (command) => this.guarded(command, null);

  /** Runs a command; the first failure is the run's, named by the connection's own error when it had one. */
  private async guarded<T>(command: () => Promise<T>, client: Redis | null): Promise<T> {
    if (this.failure) throw this.failure;
    try {
      return await command();
    } catch (error) {
      // "Connection is closed" says less than why: the server's own reply (max number of clients reached) or the socket's error.
      const cause = client === null ? firstLine(error) : causeOf(client, error);
      this.failure ??= new RedisFailure(`the Redis server at ${redactRedisUrl(this.url)} failed during the run: ${cause}`);
      throw error;
    }
  }

  async connect(): Promise<RedisClient> {
    const client = await this.open();
    return new TrackedClient(client as unknown as RedisClient, this.written, (command) => this.guarded(command, client));
  }

  /** A connection to the target db: a failed SELECT is an error, never db 0. */
  private async open(): Promise<Redis> {
    const RealRedis = await loadIoredis();
    // Closed while ioredis loaded: a client made now would never be closed.
    if (this.closed) throw new RedisFailure(`the connection to ${redactRedisUrl(this.url)} was closed`);
    if (this.failure) throw this.failure;
    const client = openReal(RealRedis, this.target.serverUrl, this.timeouts);
    this.clients.push(client);
    try {
      await withTimeout(client.connect(), this.timeouts.connectTimeoutMs, 'connecting');
      if (this.target.db !== 0) await client.select(this.target.db);
    } catch (error) {
      client.disconnect();
      const when = this.lock === null ? 'cannot be used' : 'failed during the run';
      this.failure ??= new RedisFailure(`the Redis server at ${redactRedisUrl(this.url)} ${when}: ${await refusedBecause(this.target.serverUrl, causeOf(client, error))}`);
      throw this.failure;
    }
    return client;
  }

  async reset(jobKeys: readonly string[]): Promise<void> {
    const admin = (this.admin ??= await this.open());
    try {
      this.lock = await RedisLock.acquire(admin, this.target.db);
    } catch (error) {
      if (error instanceof RedisLockHeld) throw new RedisUnusable(error.message);
      throw error;
    }
    if (jobKeys.length) await this.guard(() => admin.del(...jobKeys));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.failure === null && this.admin !== null) {
      try {
        const keys = [...this.written];
        for (let i = 0; i < keys.length; i += 500) await this.admin.del(...keys.slice(i, i + 500));
        await this.lock?.release();
      } catch {
        // Left to expire: every key the service writes has a TTL, and so has the lock.
        this.lock?.abandon();
      }
    } else {
      this.lock?.abandon();
    }
    this.written.clear();
    this.lock = null;
    this.admin = null;
    // A server that failed is not waited for: quit would only time out.
    const graceful = this.failure === null;
    await Promise.all(this.clients.map((c) => (graceful ? c.quit().catch(() => c.disconnect()) : Promise.resolve(c.disconnect()))));
    this.clients.length = 0;
  }
}

/** The embedded mock when `url` is absent, else a real server (its db is locked for the run; only the run's keys are touched). */
export function createBackend(url?: string | null, timeouts: RedisTimeouts = DEFAULT_REDIS_TIMEOUTS): RedisBackend {
  return url ? new RealBackend(url, timeouts) : new MockBackend();
}

/** ioredis, loaded on the first real connection: a run on the embedded mock never needs it (~50 ms to import). */
let ioredis: Promise<typeof Redis> | null = null;

function loadIoredis(): Promise<typeof Redis> {
  return (ioredis ??= import('ioredis').then((m) => m.Redis));
}

/** A real connection that fails fast: no reconnecting, a timeout on every command, errors surface as rejected commands. */
function openReal(RealRedis: typeof Redis, url: string, timeouts: RedisTimeouts): Redis {
  const client = new RealRedis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableReadyCheck: true,
    enableOfflineQueue: false,
    connectTimeout: timeouts.connectTimeoutMs,
    commandTimeout: timeouts.commandTimeoutMs,
    retryStrategy: () => null,
  });
  // Without a listener ioredis prints "Unhandled error event" with a stack; the cause is kept for the message.
  client.on('error', (error: Error) => lastErrors.set(client, error));
  return client;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer after ${ms} ms while ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

/** The connection's last socket or protocol error (ECONNREFUSED, WRONGPASS…): more telling than "Connection is closed". */
const lastErrors = new WeakMap<Redis, Error>();

/** `cause`, or, for a connection the server closed at once, what the server said (max number of clients reached). */
async function refusedBecause(serverUrl: string, cause: string): Promise<string> {
  if (!/Connection is closed|EPIPE|ECONNRESET/.test(cause)) return cause;
  const said = await serverRefusal(serverUrl);
  return said === null ? cause : `the server refused the connection: ${said}`;
}

function causeOf(client: Redis, error: unknown): string {
  const cause = lastErrors.get(client) ?? error;
  const text = firstLine(cause);
  return text.replace(/^connect /, '');
}

/** Redis at `url` cannot be used for runs: a bad URL, unreachable, refusing us, in use, or holding someone else's data. */
export class RedisUnusable extends Error {}


/** Keys looked at before giving up: SCAN pages of 1000, so ten million keys. */
const SCAN_PAGES_MAX = 10_000;

/**
 * Checks, before any run, that `url` is well formed, answers, that its db
 * can be selected, that no other etasim run holds it, and that the db holds
 * nothing but etasim's own keys (the whole keyspace, SCAN page by page): a
 * run writes fixed key names and must never touch a real service's data
 * (a `--redis` URL without a db means db 0).
 */
export async function checkRedis(url: string, timeouts: RedisTimeouts = DEFAULT_REDIS_TIMEOUTS): Promise<void> {
  let target: RedisTarget;
  try {
    target = parseRedisUrl(url);
  } catch (error) {
    if (error instanceof RedisUrlError) throw new RedisUnusable(error.message);
    throw error;
  }
  const client = openReal(await loadIoredis(), target.serverUrl, timeouts);
  try {
    await withTimeout(client.connect(), timeouts.connectTimeoutMs, 'connecting');
    await client.ping();
    try {
      await client.select(target.db);
    } catch (error) {
      throw new RedisUnusable(`cannot select db ${target.db}: ${firstLine(error)}`);
    }
    let cursor = '0';
    let pages = 0;
    do {
      if (++pages > SCAN_PAGES_MAX) {
        throw new RedisUnusable(`its db holds more than ${SCAN_PAGES_MAX * 1000} keys, too many to check that none is someone else's; use an empty db, e.g. redis://host:port/15`);
      }
      const [next, keys] = await client.scan(cursor, 'COUNT', 1000);
      const foreign = keys.find((k) => !isEtasimKey(k));
      if (foreign !== undefined) {
        throw new RedisUnusable(`its db holds keys that are not etasim's (e.g. '${foreign}'); etasim only runs on a db holding nothing else, e.g. redis://host:port/15`);
      }
      cursor = next;
    } while (cursor !== '0');
    if ((await client.exists(lockKey(target.db))) === 1) throw new RedisUnusable(new RedisLockHeld(target.db).message);
  } catch (error) {
    if (error instanceof RedisUnusable) throw error;
    throw new RedisUnusable(`cannot use it: ${await refusedBecause(target.serverUrl, causeOf(client, error))}`);
  } finally {
    client.disconnect();
  }
}
