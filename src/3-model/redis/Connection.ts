import type { Simulation } from '../../1-kernel/Simulation.js';
import type { TimerKind } from '../../1-kernel/VirtualClock.js';
import type { Recorder } from '../../0-trace/Recorder.js';
import { FaultPlan, InjectedRedisError } from './FaultPlan.js';
import type { RedisClient } from './RedisBackend.js';

const NO_FAULTS = new FaultPlan([]);

/**
 * The subscriber's channel and its deliveries in flight. Only deliveries
 * the run itself published are waited for: a message from another client
 * on a shared real server does not move the count.
 */
export class ObservedChannel {
  private pending = 0;

  constructor(
    readonly channel: string,
    private readonly sim: Simulation,
  ) {}

  /** A PUBLISH on the channel will arrive. */
  expect(): void {
    this.pending++;
    this.sim.begin();
  }

  /** That PUBLISH reached nobody: nothing will arrive. */
  cancel(): void {
    this.delivered();
  }

  /** The subscriber received a message; false when none was expected (someone else's). */
  delivered(): boolean {
    if (this.pending === 0) return false;
    this.pending--;
    this.sim.end();
    return true;
  }
}

/**
 * One named connection of one component (api, saga, tracker, a legacy
 * writer, an observer). Every write goes into the trace with virtual time,
 * writer and connection; every command counts as work in flight, so virtual
 * time waits for its reply. Injected faults delay or refuse commands before
 * they reach Redis, so a refused command is not in the trace (as a MONITOR
 * capture would not show it).
 */
export class Connection {
  constructor(
    private readonly client: RedisClient,
    private readonly sim: Simulation,
    private readonly recorder: Recorder,
    readonly writer: string,
    private readonly baseName: string,
    /** The channel a subscriber observes: a PUBLISH there is in flight until it is delivered. */
    private readonly observed: ObservedChannel | null = null,
    private readonly faults: FaultPlan = NO_FAULTS,
    /**
     * `passive` for an observer's connection (the page's poller): the latency a
     * fault adds to its commands only delays what it reads, so an external
     * tracker may run ahead past it (Simulation.horizonMs).
     */
    private readonly latencyKind: TimerKind = 'active',
  ) {}

  /** The connection's name; after a dropped connection reconnects, a new one (a new client address). */
  get name(): string {
    if (this.faults.empty) return this.baseName;
    const reconnects = this.faults.reconnectsBefore(this.writer, this.sim.elapsedMs);
    return reconnects === 0 ? this.baseName : `${this.baseName}~${reconnects + 1}`;
  }

  private get t(): number {
    return this.sim.clock.nowMs / 1000;
  }

  /** Applies the faults active now: waits out added latency, then refuses the command if the connection fails. */
  private async admit(): Promise<void> {
    const { latencyMs } = this.faults.effectOn(this.writer, this.sim.elapsedMs);
    if (latencyMs > 0) {
      this.faults.stats.delayedCommands++;
      await this.sim.sleep(latencyMs, this.latencyKind);
    }
    const { failure } = this.faults.effectOn(this.writer, this.sim.elapsedMs);
    if (failure !== null) {
      this.faults.stats.failedCommands++;
      throw new InjectedRedisError(failure);
    }
  }

  // Without faults a command runs at once: no async wrapper, so no extra promise and turns per command.
  setex(key: string, ttlS: number, value: string): Promise<unknown> {
    if (!this.faults.empty) return this.admit().then(() => this.setexNow(key, ttlS, value));
    return this.setexNow(key, ttlS, value);
  }

  private setexNow(key: string, ttlS: number, value: string): Promise<unknown> {
    this.recorder.record({ t: this.t, writer: this.writer, op: 'setex', key, value, conn: this.name, ttl_s: ttlS });
    return this.sim.track(this.client.setex(key, ttlS, value));
  }

  /** SET, or `SET … EX ttlS` when an expiry is given (an external tracker may write so). */
  async set(key: string, value: string, ttlS: number | null = null): Promise<unknown> {
    if (!this.faults.empty) await this.admit();
    if (ttlS === null) {
      this.recorder.record({ t: this.t, writer: this.writer, op: 'set', key, value, conn: this.name });
      return this.sim.track(this.client.set(key, value));
    }
    this.recorder.record({ t: this.t, writer: this.writer, op: 'set', key, value, conn: this.name, ttl_s: ttlS });
    return this.sim.track(this.client.setex(key, ttlS, value));
  }

  async del(key: string): Promise<number> {
    if (!this.faults.empty) await this.admit();
    this.recorder.record({ t: this.t, writer: this.writer, op: 'del', key, conn: this.name });
    return this.sim.track(this.client.del(key));
  }

  publish(channel: string, message: string): Promise<number> {
    if (!this.faults.empty) return this.admit().then(() => this.publishNow(channel, message));
    return this.publishNow(channel, message);
  }

  private publishNow(channel: string, message: string): Promise<number> {
    this.recorder.record({ t: this.t, writer: this.writer, op: 'publish', key: channel, value: message, conn: this.name });
    const observed = this.observed;
    if (observed === null || channel !== observed.channel) return this.sim.track(this.client.publish(channel, message));
    // The delivery is in flight until the subscriber has it; if nobody
    // received it (no subscriber, or the command failed), it never will be.
    observed.expect();
    let sent: Promise<number>;
    try {
      sent = this.sim.track(this.client.publish(channel, message));
    } catch (error) {
      observed.cancel();
      return Promise.reject(error);
    }
    return sent.then(
      (receivers) => {
        if (receivers === 0) observed.cancel();
        return receivers;
      },
      (error: unknown) => {
        observed.cancel();
        throw error;
      },
    );
  }

  /** A read that is not part of the trace (cancel polls, legacy writers reading start_time). */
  get(key: string): Promise<string | null> {
    if (!this.faults.empty) return this.admit().then(() => this.sim.track(this.client.get(key)));
    return this.sim.track(this.client.get(key));
  }

  /** Closes the connection (GA's writer does after each generation). */
  async close(): Promise<void> {
    await this.sim.track(this.client.quit().then(() => undefined, () => this.client.disconnect()));
  }

  /** A read the trace keeps: what an observer saw. */
  async observe(key: string): Promise<string | null> {
    if (!this.faults.empty) await this.admit();
    const t = this.t;
    const value = await this.sim.track(this.client.get(key));
    this.recorder.record({ t, writer: this.writer, op: 'get', key, value, conn: this.name });
    return value;
  }
}
