import type { Simulation } from '../sim/Simulation.js';
import type { Recorder } from '../trace/Recorder.js';
import type { RedisClient } from './RedisBackend.js';

/**
 * One named connection of one component (api, saga, tracker, a legacy
 * writer, an observer). Every write goes into the trace with virtual time,
 * writer and connection; every command counts as work in flight, so virtual
 * time waits for its reply.
 */
export class Connection {
  constructor(
    private readonly client: RedisClient,
    private readonly sim: Simulation,
    private readonly recorder: Recorder,
    readonly writer: string,
    readonly name: string,
    /** The channel a subscriber observes: a PUBLISH there is in flight until it is delivered. */
    private readonly observedChannel: string | null = null,
  ) {}

  private get t(): number {
    return this.sim.clock.nowMs / 1000;
  }

  setex(key: string, ttlS: number, value: string): Promise<unknown> {
    this.recorder.record({ t: this.t, writer: this.writer, op: 'setex', key, value, conn: this.name, ttl_s: ttlS });
    return this.sim.track(this.client.setex(key, ttlS, value));
  }

  set(key: string, value: string): Promise<unknown> {
    this.recorder.record({ t: this.t, writer: this.writer, op: 'set', key, value, conn: this.name });
    return this.sim.track(this.client.set(key, value));
  }

  del(key: string): Promise<number> {
    this.recorder.record({ t: this.t, writer: this.writer, op: 'del', key, conn: this.name });
    return this.sim.track(this.client.del(key));
  }

  publish(channel: string, message: string): Promise<number> {
    this.recorder.record({ t: this.t, writer: this.writer, op: 'publish', key: channel, value: message, conn: this.name });
    if (channel !== this.observedChannel) return this.sim.track(this.client.publish(channel, message));
    // The delivery to the subscriber counts as in flight until it arrives;
    // when no subscriber will receive it (0 receivers, or the command failed)
    // nothing will arrive, so the delivery is over now. Without this a lost
    // delivery left work in flight for ever and the run hung.
    this.sim.begin();
    return this.sim.track(
      this.client.publish(channel, message).then(
        (receivers) => {
          if (receivers === 0) this.sim.end();
          return receivers;
        },
        (error: unknown) => {
          this.sim.end();
          throw error;
        },
      ),
    );
  }

  /** A read that is not part of the trace (cancel polls, legacy writers reading start_time). */
  get(key: string): Promise<string | null> {
    return this.sim.track(this.client.get(key));
  }

  /** Closes the connection (GA's writer does after each generation). */
  async close(): Promise<void> {
    await this.sim.track(this.client.quit().then(() => undefined, () => this.client.disconnect()));
  }

  /** A read the trace keeps: what an observer saw. */
  async observe(key: string): Promise<string | null> {
    const t = this.t;
    const value = await this.sim.track(this.client.get(key));
    this.recorder.record({ t, writer: this.writer, op: 'get', key, value, conn: this.name });
    return value;
  }
}
