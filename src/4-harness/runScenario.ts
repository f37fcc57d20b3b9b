import { SIM_JOB_PREFIX } from '../2-wire/keys.js';
import type { JobSpec, Outcome } from '../3-model/pipeline/JobSpec.js';
import { createBackend, type RedisBackend, type RedisTimeouts } from '../3-model/redis/RedisBackend.js';
import { Connection, ObservedChannel } from '../3-model/redis/Connection.js';
import { FaultPlan, type FaultStats } from '../3-model/redis/FaultPlan.js';
import { livenessOf, type Liveness } from './liveness.js';
import { Recorder } from '../0-trace/Recorder.js';
import { VIRTUAL_EPOCH_MS, type TraceEvent } from '../0-trace/TraceEvent.js';
import { Job, type StageSpan } from '../3-model/pipeline/Job.js';
import { jobKeys, KEY_TTL_S } from '../2-wire/messages.js';
import { runSaga } from '../3-model/pipeline/saga.js';
import { Poller } from '../3-model/observers/Poller.js';
import type { TrackerReading } from '../3-model/tracker/TrackerModel.js';
import type { MessageNotes } from '../2-wire/ProgressMessage.js';
import { builtinTracker } from '../3-model/tracker/builtin/BuiltinTracker.js';
import type { TrackerFactory } from '../3-model/tracker/TrackerPort.js';
import { Simulation, DEFAULT_LIMITS, type SimulationLimits } from '../1-kernel/Simulation.js';
import type { TimerKind } from '../1-kernel/VirtualClock.js';

/** What a run takes: the model's job, and the page's poll period from the scenario's checks. */
export interface RunnableScenario extends JobSpec {
  readonly checks: { readonly pollMs: number };
}

/** Options of one run. */
export interface RunOptions {
  /** A real Redis server instead of the embedded mock: its db is locked for the run, and only the job's keys are touched. */
  readonly redisUrl?: string | null;
  /** Limits on a real server's answers (default 5 s per command and per connection). */
  readonly redisTimeouts?: RedisTimeouts;
  readonly limits?: SimulationLimits;
  /** The web page's poll period. */
  readonly pollMs?: number;
  /** The tracker under test (default: the built-in model). */
  readonly tracker?: TrackerFactory;
}

/** Everything one simulated job produced. */
export interface RunResult<S extends RunnableScenario = RunnableScenario> {
  readonly scenario: S;
  readonly jobId: string;
  readonly outcome: Outcome;
  /** Every write (and every poller read) in issue order. */
  readonly trace: readonly TraceEvent[];
  /** What the channel's subscriber received, in order. */
  readonly received: readonly string[];
  /** Virtual ms from submission to the job's end (its terminal write). */
  readonly endMs: number;
  /** Virtual ms the run lasted, observers included. */
  readonly simulatedMs: number;
  readonly spans: readonly StageSpan[];
  /** Every tracker update, with its virtual time since start. */
  readonly readings: ReadonlyArray<TrackerReading & { atMs: number }>;
  readonly trackerFailedUpdates: number;
  /** What injected Redis faults did. */
  readonly faults: FaultStats;
  /** Whether the job reached its end once faults stopped. */
  readonly liveness: Liveness;
  /** Redis errors the modelled service logged and carried on from. */
  readonly log: readonly string[];
  /** What the messages the run's own code built say: give it to checkTrace (`messageNotes`), which then need not parse them. */
  readonly messageNotes: MessageNotes;
}

/** The job id of a scenario's run: fixed, so that traces from the mock and a real server are equal. */
export function jobIdOf(scenario: JobSpec): string {
  return `${SIM_JOB_PREFIX}${scenario.name}`;
}

/**
 * Runs one scenario to its end under virtual time: the saga, the tracker,
 * the legacy writers it switches on, the page's subscriber and poller, and
 * the scenario's events. Same scenario and seed, same result.
 */
export async function runScenario<S extends RunnableScenario>(scenario: S, options: RunOptions = {}): Promise<RunResult<S>> {
  const backend = createBackend(options.redisUrl, options.redisTimeouts);
  try {
    const result = await runOn(backend, scenario, options);
    // A run whose server failed went on with every command refused: its trace says nothing about the model.
    if (backend.failure) throw backend.failure;
    return result;
  } catch (error) {
    throw backend.failure ?? error;
  } finally {
    await backend.close();
  }
}

async function runOn<S extends RunnableScenario>(backend: RedisBackend, scenario: S, options: RunOptions): Promise<RunResult<S>> {
  const jobId = jobIdOf(scenario);
  const keys = jobKeys(jobId);
  await backend.reset([keys.progress, keys.startTime, keys.cancel]);
  // The mock's replies and deliveries are nextTicks and microtasks; a real server's are socket I/O.
  const sim = new Simulation(VIRTUAL_EPOCH_MS, options.limits ?? DEFAULT_LIMITS, backend.kind === 'mock' ? 'microtask' : 'macrotask');
  const recorder = new Recorder();
  const received: string[] = [];
  const faults = new FaultPlan(scenario.faults ?? []);

  // The subscriber is subscribed before anything is published; each PUBLISH
  // on the channel counts as in flight until the subscriber has it.
  const subscriber = await backend.connect();
  const observed = new ObservedChannel(keys.channel, sim);
  subscriber.on('message', (channel, message) => {
    if (channel !== keys.channel || !observed.delivered()) return;
    if (faults.dropsMessages(sim.elapsedMs)) faults.stats.droppedMessages++;
    else received.push(message);
  });
  await subscriber.subscribe(keys.channel);

  const open = async (writer: string, name: string, kind: TimerKind = 'active'): Promise<Connection> =>
    new Connection(await sim.track(backend.connect()), sim, recorder, writer, name, observed, faults, kind);
  const api = await open('api', 'api');
  const saga = await open('saga', 'saga');
  const cancelApi = await open('cancel_api', 'cancel_api');
  const job = new Job(scenario, sim, jobId, keys, { api, saga, cancelApi }, open, options.tracker ?? builtinTracker);

  for (const event of scenario.events) {
    sim.clock.setTimeout(() => {
      if (event.kind === 'cancel') void job.logged('cancel flag write', () => cancelApi.setex(keys.cancel, KEY_TTL_S, '1'));
      else job.currentStep?.scope.abort({ kind: 'error', step: job.currentStep.name, message: event.message });
    }, event.atMs);
  }
  // The page only reads: its connection's waits are passive, like its timer.
  const poller = new Poller(sim, await open('poller', 'poller', 'passive'), keys.progress, options.pollMs ?? scenario.checks.pollMs);
  poller.start();

  let endMs = 0;
  let outcome: Outcome;
  try {
    outcome = await sim.run(async () => {
      const result = await runSaga(job);
      endMs = sim.elapsedMs;
      await job.tracker?.stopLoop();
      await poller.nextRead();
      poller.stop();
      return result;
    });
  } finally {
    await job.tracker?.close?.();
  }
  await subscriber.unsubscribe(keys.channel);
  return {
    scenario,
    jobId,
    outcome,
    trace: recorder.events,
    received,
    endMs,
    simulatedMs: sim.elapsedMs,
    spans: job.spans,
    readings: job.tracker?.readings ?? [],
    trackerFailedUpdates: job.tracker?.failedUpdates ?? 0,
    faults: { ...faults.stats },
    liveness: livenessOf(recorder.events, jobId, received),
    log: job.log,
    messageNotes: job.messageNotes,
  };
}
