import type { RedisFault } from './RedisFault.js';

/** What a command of one component meets at one instant. */
export interface FaultEffect {
  /** Why the command fails (errors, disconnect), or null. */
  readonly failure: string | null;
  /** Virtual latency added before the command is sent. */
  readonly latencyMs: number;
}

const NONE: FaultEffect = { failure: null, latencyMs: 0 };

/** Counts of what the faults did, for the run's result. */
export interface FaultStats {
  failedCommands: number;
  delayedCommands: number;
  droppedMessages: number;
}

/**
 * A scenario's Redis faults, asked per command: pure lookups by component
 * and virtual time (ms since the job started).
 */
export class FaultPlan {
  readonly stats: FaultStats = { failedCommands: 0, delayedCommands: 0, droppedMessages: 0 };

  constructor(private readonly faults: readonly RedisFault[]) {}

  get empty(): boolean {
    return this.faults.length === 0;
  }

  /** When the last fault ends (ms since start), 0 without faults. */
  get lastEndMs(): number {
    return this.faults.reduce((end, f) => Math.max(end, f.atMs + f.durationMs), 0);
  }

  effectOn(component: string, atMs: number): FaultEffect {
    if (this.faults.length === 0) return NONE;
    let failure: string | null = null;
    let latencyMs = 0;
    for (const f of this.active(component, atMs)) {
      if (f.fault === 'errors') failure ??= 'ERR injected fault';
      else if (f.fault === 'disconnect') failure ??= 'Connection closed (injected disconnect)';
      else if (f.fault === 'latency') latencyMs += f.latencyMs;
    }
    return failure === null && latencyMs === 0 ? NONE : { failure, latencyMs };
  }

  /** Whether the subscriber drops what it receives now. */
  dropsMessages(atMs: number): boolean {
    for (const f of this.active('subscriber', atMs)) if (f.fault === 'drop_messages') return true;
    return false;
  }

  /** Disconnect windows of `component` that ended at or before `atMs`: each is one reconnect. */
  reconnectsBefore(component: string, atMs: number): number {
    let n = 0;
    for (const f of this.faults) {
      if (f.fault === 'disconnect' && applies(f, component) && f.atMs + f.durationMs <= atMs) n++;
    }
    return n;
  }

  private *active(component: string, atMs: number): Generator<RedisFault> {
    for (const f of this.faults) if (f.atMs <= atMs && atMs < f.atMs + f.durationMs && applies(f, component)) yield f;
  }
}

/** A window of virtual time, [fromMs, toMs) in ms since the job started. */
export type FaultWindow = readonly [fromMs: number, toMs: number];

/** The windows in which `component`'s commands meet a fault (an error, a disconnect, added latency), in start order. */
export function commandFaultWindows(faults: readonly RedisFault[], component: string): FaultWindow[] {
  return faults
    .filter((f) => f.fault !== 'drop_messages' && f.durationMs > 0 && applies(f, component))
    .map((f): FaultWindow => [f.atMs, f.atMs + f.durationMs])
    .sort((a, b) => a[0] - b[0]);
}

function applies(f: RedisFault, component: string): boolean {
  return f.components.length === 0 || (f.components as readonly string[]).includes(component);
}

/** A command refused by an injected fault: what redis-py raises, which the model's code catches or not as the real one does. */
export class InjectedRedisError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InjectedRedisError';
  }
}
