import type { Simulation } from '../../1-kernel/Simulation.js';
import type { JobKeys } from '../../2-wire/keys.js';
import type { StageName } from '../../2-wire/stages.js';
import type { MessageNotes } from '../../2-wire/ProgressMessage.js';
import type { Connection } from '../redis/Connection.js';
import type { FaultWindow } from '../redis/FaultPlan.js';
import type { TrackerConfig } from './TrackerConfig.js';
import type { TrackerReading } from './TrackerModel.js';

/** Where an external tracker's exception came from: the Python exception's type, message, file and line. */
export interface TrackerError {
  readonly type: string;
  readonly message: string;
  readonly file: string | null;
  readonly line: number | null;
}

/** One `update_work_progress(n)` a stage will make, at a known virtual instant (epoch ms). */
export interface WorkReport {
  readonly atMs: number;
  readonly itemsDone: number;
  /** When the stage sets the timer that ends at `atMs`: of two timers due at one instant, the one set first fires first. */
  readonly setAtMs: number;
  /** A legacy writer's overwrite of `last_progress` that follows the report at its instant (before the next), if one is on. */
  readonly lastProgress?: number;
}

/**
 * The tracker as the saga and the legacy writers drive it: the interface
 * every version of `EnterpriseProgressTracker` and `ProgressUpdateTask` has
 * (system.md, "The tracker's versions"). The built-in model implements it,
 * and so does the service's own tracker run by Python. Time is the
 * simulation's: no method takes it.
 */
export interface TrackerPort {
  /** `set_stage(name, total_items)`. */
  setStage(name: StageName, totalItems?: number): void;
  /** `update_work_progress(n)`. */
  updateWorkProgress(itemsDone: number): void;
  /**
   * A stage tells the tracker, up front, the `update_work_progress` calls it
   * will make (its item durations are drawn up front), in order, all before
   * `endMs`, the instant its own code runs again, and the keys its report
   * callbacks write (a legacy writer's progress key). True when the tracker
   * makes them itself at their instants, which lets an external tracker run
   * ahead through them; the stage then sleeps on `declared` timers and still
   * calls updateWorkProgress at each, which the tracker checks against what
   * it was told. False (the built-in model): the calls go as usual.
   */
  expectWorkProgress(reports: readonly WorkReport[], endMs: number, writes: readonly string[]): boolean;
  /** `mark_stage_complete()`. */
  markStageComplete(): void;
  /** GA's optimizer sets `stage_items_total` on the object. */
  setItemsTotal(total: number): void;
  /** A legacy writer overwrites `last_progress` on the object. */
  setLastProgress(pct: number): void;
  /** `await update(force_progress)`. */
  update(forceProgress?: number): Promise<void>;
  /** `await complete()`. */
  complete(): Promise<void>;
  /** `await fail(message)`. */
  fail(message: string): Promise<void>;
  /** `await ProgressUpdateTask.start()`. */
  startLoop(): Promise<void>;
  /** `await ProgressUpdateTask.stop()`. */
  stopLoop(): Promise<void>;
  /** What each update() computed, where the tracker can tell (the built-in model); empty otherwise. */
  readonly readings: ReadonlyArray<TrackerReading & { atMs: number }>;
  /** Updates skipped because Redis failed. */
  readonly failedUpdates: number;
  /** Releases what the tracker holds once the run is over (an external tracker's run in its process). */
  close?(): Promise<void>;
}

/** What a tracker is made from, in one run. */
export interface TrackerContext {
  readonly sim: Simulation;
  /** The `tracker` connection: every command it sends is recorded as writer `tracker`. */
  readonly conn: Connection;
  readonly jobId: string;
  readonly keys: JobKeys;
  /** The built-in model's constants (a scenario's `tracker:` overrides). */
  readonly config: TrackerConfig;
  readonly estimatedTotalS: number;
  /** When the tracker's own connection meets injected faults: there an external tracker waits for every command's reply. */
  readonly faultWindows: readonly FaultWindow[];
  /** Where the built-in model notes what the messages it builds say (an external tracker's texts are parsed). */
  readonly messageNotes: MessageNotes;
}

/** Makes the run's tracker: `EnterpriseProgressTracker(job_id, estimated_total_seconds, redis)` and its loop. */
export type TrackerFactory = (context: TrackerContext) => Promise<TrackerPort>;

/** The tracker a run uses, as `--tracker SPEC` named it. */
export interface TrackerChoice {
  /** The spec as given (`builtin`, `python:PATH`, …), for results and replay commands. */
  readonly spec: string;
  readonly factory: TrackerFactory;
  /** The built-in model: a scenario's `tracker:` overrides apply to it only. */
  readonly builtin: boolean;
  /** An external tracker as plain data, for worker threads (null for the built-in model). */
  readonly external: ExternalTrackerData | null;
}

/** What an external tracker is made from, as plain data (see external/PythonTracker.ts). */
export interface ExternalTrackerData {
  readonly spec: string;
  readonly source: {
    readonly source: string;
    readonly filename: string;
    readonly dir: string | null;
    readonly trackerClass: string;
    readonly loopClass: string;
  };
  readonly python: string;
  /** Wall-clock ms tracker code may run without a message before the watchdog stops it (default 10 s). */
  readonly watchdogMs?: number;
}
