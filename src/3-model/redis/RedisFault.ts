import { LEGACY_WRITERS } from '../../2-wire/writers.js';

/** Redis faults a scenario can inject for a window of virtual time. */
export const REDIS_FAULTS = ['errors', 'latency', 'disconnect', 'drop_messages'] as const;
export type RedisFaultKind = (typeof REDIS_FAULTS)[number];

/** The components that talk to Redis, each on its own connection(s): what a fault can target. */
export const COMPONENTS = ['api', 'saga', 'tracker', 'cancel_api', 'poller', 'subscriber', ...LEGACY_WRITERS] as const;
export type Component = (typeof COMPONENTS)[number];

/** A Redis fault: from `atMs` for `durationMs`, on `components` (all when empty). */
export interface RedisFault {
  readonly atMs: number;
  readonly kind: 'fault';
  readonly fault: RedisFaultKind;
  readonly durationMs: number;
  /** Added to every command in the window (`latency` only). */
  readonly latencyMs: number;
  readonly components: readonly Component[];
}
