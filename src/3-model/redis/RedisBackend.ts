import { Redis } from 'ioredis';
import RedisMock from 'ioredis-mock';

/** The commands the simulated service uses: the part of ioredis both backends provide. */
export interface RedisClient {
  setex(key: string, seconds: number, value: string): Promise<unknown>;
  set(key: string, value: string): Promise<unknown>;
  get(key: string): Promise<string | null>;
  del(...keys: string[]): Promise<number>;
  publish(channel: string, message: string): Promise<number>;
  subscribe(channel: string): Promise<unknown>;
  unsubscribe(channel: string): Promise<unknown>;
  flushdb(): Promise<unknown>;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  removeAllListeners(event?: string): unknown;
  quit(): Promise<unknown>;
  disconnect(): void;
}

/** Where a run's connections come from: the embedded mock or a real server. One keyspace per run. */
export interface RedisBackend {
  readonly kind: 'mock' | 'real';
  /** Opens a new connection (a real one is connected before it is returned). */
  connect(): Promise<RedisClient>;
  /** Empties the run's keyspace. */
  reset(): Promise<void>;
  /** Closes every connection this backend opened and frees its keyspace. */
  close(): Promise<void>;
}

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

  async connect(): Promise<RedisClient> {
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

  async reset(): Promise<void> {
    const client = await this.connect();
    await client.flushdb();
    await client.quit();
  }

  async close(): Promise<void> {
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

  constructor(private readonly url: string) {}

  async connect(): Promise<RedisClient> {
    const client = openReal(this.url);
    this.clients.push(client);
    await client.connect();
    return client as unknown as RedisClient;
  }

  async reset(): Promise<void> {
    const client = await this.connect();
    await client.flushdb();
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.quit().catch(() => c.disconnect())));
    this.clients.length = 0;
  }
}

/** The embedded mock when `url` is absent, else a real server (use a dedicated db: each run flushes it). */
export function createBackend(url?: string | null): RedisBackend {
  return url ? new RealBackend(url) : new MockBackend();
}

/** A real connection that fails fast: no endless reconnecting, errors surface as rejected commands. */
function openReal(url: string): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableReadyCheck: true,
    connectTimeout: 5000,
    retryStrategy: () => null,
  });
  // Without a listener ioredis prints "Unhandled error event" with a stack; the cause is kept for the message.
  client.on('error', (error: Error) => lastErrors.set(client, error));
  return client;
}

/** The connection's last socket or protocol error (ECONNREFUSED, WRONGPASS…): more telling than "Connection is closed". */
const lastErrors = new WeakMap<Redis, Error>();

function causeOf(client: Redis, error: unknown): string {
  const cause = lastErrors.get(client) ?? error;
  const text = cause instanceof Error ? cause.message : String(cause);
  return text.replace(/^connect /, '');
}

/** Redis at `url` cannot be used for runs: unreachable, refusing us, or holding someone else's data. */
export class RedisUnusable extends Error {}

/** Keys a run of etasim writes (job ids start with `sim-`). */
const ETASIM_KEY = /^(progress:job:sim-|progress:sim-|start_time:job:sim-|cancel:job:sim-)/;

/**
 * Checks, before any run, that `url` answers and that its db holds nothing
 * but etasim's own keys: every run flushes the db, which must never wipe a
 * real service's data (a `--redis` URL without a db means db 0).
 */
export async function checkRedis(url: string): Promise<void> {
  const client = openReal(url);
  try {
    await client.connect();
    await client.ping();
    const [, keys] = await client.scan('0', 'COUNT', 1000);
    const foreign = keys.find((k) => !ETASIM_KEY.test(k));
    if (foreign !== undefined) {
      throw new RedisUnusable(`its db holds keys that are not etasim's (e.g. '${foreign}'), and every run flushes the db; use an empty one, e.g. redis://host:port/15`);
    }
  } catch (error) {
    if (error instanceof RedisUnusable) throw error;
    throw new RedisUnusable(`cannot use it: ${causeOf(client, error)}`);
  } finally {
    client.disconnect();
  }
}
