import type { RedisClient } from './RedisBackend.js';

/** Runs one command; a real backend refuses at once once its server has failed, and notes the first failure. */
export type CommandGuard = <T>(command: () => Promise<T>) => Promise<T>;

/**
 * A connection that notes every key it writes, so that a run deletes
 * exactly the keys it created and nothing else (never a FLUSHDB).
 */
export class TrackedClient implements RedisClient {
  constructor(
    readonly raw: RedisClient,
    private readonly written: Set<string>,
    /** None for the embedded mock, which does not fail by itself: its commands go straight to it (a run sends thousands). */
    private readonly guard: CommandGuard | null = null,
  ) {}

  setex(key: string, seconds: number, value: string): Promise<unknown> {
    this.written.add(key);
    return this.guard === null ? this.raw.setex(key, seconds, value) : this.guard(() => this.raw.setex(key, seconds, value));
  }

  set(key: string, value: string): Promise<unknown> {
    this.written.add(key);
    return this.guard === null ? this.raw.set(key, value) : this.guard(() => this.raw.set(key, value));
  }

  get(key: string): Promise<string | null> {
    return this.guard === null ? this.raw.get(key) : this.guard(() => this.raw.get(key));
  }

  del(...keys: string[]): Promise<number> {
    return this.guard === null ? this.raw.del(...keys) : this.guard(() => this.raw.del(...keys));
  }

  publish(channel: string, message: string): Promise<number> {
    return this.guard === null ? this.raw.publish(channel, message) : this.guard(() => this.raw.publish(channel, message));
  }

  subscribe(channel: string): Promise<unknown> {
    return this.guard === null ? this.raw.subscribe(channel) : this.guard(() => this.raw.subscribe(channel));
  }

  unsubscribe(channel: string): Promise<unknown> {
    return this.guard === null ? this.raw.unsubscribe(channel) : this.guard(() => this.raw.unsubscribe(channel));
  }

  on(event: 'message', listener: (channel: string, message: string) => void): unknown {
    return this.raw.on(event, listener);
  }

  removeAllListeners(event?: string): unknown {
    return this.raw.removeAllListeners(event);
  }

  quit(): Promise<unknown> {
    return this.guard === null ? this.raw.quit() : this.guard(() => this.raw.quit());
  }

  disconnect(): void {
    this.raw.disconnect();
  }
}
