import type { Connection } from '../redis/Connection.js';
import type { JobSpec as Scenario } from './JobSpec.js';
import type { Simulation } from '../../1-kernel/Simulation.js';
import type { Scope } from '../../1-kernel/Scope.js';
import { Rng } from '../../1-kernel/Rng.js';
import type { TrackerFactory, TrackerPort } from '../tracker/TrackerPort.js';
import type { StageName } from '../tracker/stageTable.js';
import type { JobKeys } from '../../2-wire/messages.js';
import type { MessageNotes } from '../../2-wire/ProgressMessage.js';

/** When each stage really ran, in virtual ms since the job started: the ground truth reports compare against. */
export interface StageSpan {
  readonly stage: StageName;
  readonly startMs: number;
  endMs: number;
}

/** Everything one simulated job shares: its scenario, clock, connections and tracker. */
export class Job {
  tracker: TrackerPort | null = null;
  /** The step running now and its scope, which a timeout or an injected error aborts. */
  currentStep: { readonly name: StageName; readonly scope: Scope } | null = null;
  readonly spans: StageSpan[] = [];
  /** What the messages the run's own code built say (rememberMessage): checking the run reads them without parsing. */
  readonly messageNotes: MessageNotes = new Map();

  constructor(
    readonly scenario: Scenario,
    readonly sim: Simulation,
    readonly jobId: string,
    readonly keys: JobKeys,
    readonly conns: { readonly api: Connection; readonly saga: Connection; readonly cancelApi: Connection },
    /** Opens a fresh named connection for `writer` (GA's legacy writer takes a new one per generation). */
    readonly open: (writer: string, name: string) => Promise<Connection>,
    /** Makes the run's tracker (the built-in model, or the service's own). */
    readonly makeTracker: TrackerFactory,
  ) {}

  private readonly legacy = new Map<string, Promise<Connection>>();

  /** The connection a legacy writer keeps for the whole run (opened on first use). */
  legacyConn(writer: string): Promise<Connection> {
    let conn = this.legacy.get(writer);
    if (!conn) {
      conn = this.open(writer, writer);
      this.legacy.set(writer, conn);
    }
    return conn;
  }

  /** Redis errors the service logged and carried on from (what its `except: logger.error(...)` blocks do). */
  readonly log: string[] = [];

  /** Runs a Redis write the service wraps in try/except: a failure is logged, not raised. */
  async logged(what: string, write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.log.push(`${(this.sim.elapsedMs / 1000).toFixed(3)} s: ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  get nowMs(): number {
    return this.sim.clock.nowMs;
  }

  /** A random stream of its own for `name`, derived from the scenario's seed. */
  rng(name: string): Rng {
    return new Rng(this.scenario.seed, name);
  }

  /** The tracker; the saga creates it before any stage runs. */
  get trackerOrThrow(): TrackerPort {
    if (!this.tracker) throw new Error('tracker used before the saga created it');
    return this.tracker;
  }

  writerOn(writer: Scenario['writers'][number]): boolean {
    return this.scenario.writers.includes(writer);
  }
}
