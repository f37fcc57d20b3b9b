import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ScenarioResult } from '../7-orchestration/suite/ScenarioResult.js';
import { confinedPath, writeFileAtomic } from './atomicWrite.js';
import { oneAhead } from './oneAhead.js';
import { renderIndex } from '../8-report/renderIndex.js';
import { addShapes, type CompiledShape } from '../8-report/renderSvg.js';
import { reportView } from '../8-report/renderTraceReport.js';
import { renderScenarioReport, scenarioReportInput } from '../8-report/scenarioReport.js';
import { traceCsvChunks } from '../8-report/traceCsv.js';

/** What to write besides trace.jsonl (which the suite writes). */
export interface ReportOptions {
  /** The reports folder (`--out`); every file lands inside it. */
  readonly outDir: string;
  /** report.html per scenario and index.html (`--no-html` turns them off). */
  readonly html: boolean;
}

/**
 * Writes `<outDir>/<name>/trace.csv` and `report.html` of one scenario, each
 * atomically. A name that is not one plain folder name inside `outDir` is refused.
 * Returns the paths written.
 */
export async function writeScenarioReport(result: ScenarioResult, options: ReportOptions): Promise<string[]> {
  const csvPath = scenarioFile(options.outDir, result.name, 'trace.csv');
  const htmlPath = scenarioFile(options.outDir, result.name, 'report.html');
  const written: string[] = [];
  if (result.run === null && !options.html) return written;
  const input = scenarioReportInput(result);
  // One reading of the trace for both files.
  const view = reportView(input);
  if (result.run) {
    await writeFileAtomic(csvPath, traceCsvChunks(view), { confinedTo: options.outDir });
    written.push(csvPath);
  }
  if (options.html) {
    await writeFileAtomic(htmlPath, await renderScenarioReport(result, input, view), { confinedTo: options.outDir });
    written.push(htmlPath);
  }
  return written;
}

/** Writes every scenario's report, then `<outDir>/index.html`. Returns the paths written. */
export async function writeRunReports(results: readonly ScenarioResult[], options: ReportOptions): Promise<string[]> {
  const drawer = reportDrawer(options, reportWorkerCount(results.length, options.html));
  for (const r of results) drawer.submit(r);
  return drawer.finish(results);
}

/**
 * A job as it is posted to a worker: without its run's message notes, which
 * repeat the trace's texts: cloning them (a third more to clone) costs more
 * than the worker saves by not parsing the messages.
 */
function withoutNotes(job: ReportJob): ReportJob {
  const run = job.result.run;
  return run ? { ...job, result: { ...job.result, run: { ...run, messageNotes: new Map() } } } : job;
}

/** One scenario's reports to draw, as a worker receives it. */
export interface ReportJob {
  readonly id: number;
  readonly result: ScenarioResult;
  readonly options: ReportOptions;
}

/** A worker's answer: the paths it wrote and the chart shapes it compiled meanwhile, or why it could not. */
export type ReportReply =
  | { readonly id: number; readonly written: string[]; readonly shapes?: readonly CompiledShape[] }
  | { readonly id: number; readonly error: { readonly message: string; readonly code?: string } };

/**
 * Draws scenario reports: on worker threads while the caller goes on (the
 * suite runs on the main thread while the charts are drawn), when the caller
 * asks for them (reportWorkerCount) and the compiled worker entry is there;
 * on this thread once the suite has ended otherwise (also in tests running
 * the TypeScript sources). The bytes are the same either way: a worker runs
 * the same writeScenarioReport on a structured clone of the result.
 */
export interface ReportDrawer {
  /** Hands over one scenario's result: its trace.csv and report.html are drawn at once on a worker, else in finish(). */
  submit(result: ScenarioResult): void;
  /** Draws what was not submitted yet, waits for every report, writes index.html; the paths written, in `results` order. */
  finish(results: readonly ScenarioResult[]): Promise<string[]>;
}

/** The most report workers: each one loads the modules and vega and compiles its own chart shapes (~1.5 s of CPU). */
const REPORT_WORKERS_MAX = 2;

/**
 * Fewer reports than this are drawn on the main thread: a worker's start
 * costs more than drawing them beside the suite saves (two scenarios with
 * reports: 2.0 s on the main thread, 2.5 s on one worker, 2.7 s on two).
 */
const WORKER_REPORTS_MIN = 8;

/**
 * How many worker threads draw `reports` scenario reports (0: this thread).
 * Only pages are worth a worker: a trace.csv alone takes a few milliseconds
 * (`--no-html` over the library: 2.9 s on the main thread, 3.5 s with two
 * workers). The suite keeps one core and the machine's other work (GC's
 * threads, the writes) another; workers take the rest, two at most. On two
 * cores one worker drew the library's reports in no less wall time than the
 * main thread after the suite (14 interleaved runs: 5.55 s against 5.40 s
 * at the median), with a quarter more CPU: it loads the modules and vega
 * and warms its JIT anew, and slows the suite it runs beside.
 */
export function reportWorkerCount(reports: number, html: boolean, cores = availableParallelism()): number {
  if (!html || reports < WORKER_REPORTS_MIN) return 0;
  return Math.max(0, Math.min(REPORT_WORKERS_MAX, cores - 2));
}

/** The compiled worker entry next to this module, or null when running from TypeScript sources (vitest). */
function reportWorkerScript(): URL | null {
  const url = new URL('./reportWorker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : null;
}

/**
 * A drawer for `options` (see ReportDrawer) on `workers` worker threads; 0
 * draws on this thread, in `finish`: drawing between the suite's scenarios
 * would stall its event loop, which an external tracker's watchdog and a
 * real server's command timeout count as silence. With workers, `finish`
 * draws on this thread too the reports no worker has taken yet, unless
 * `callerDraws` is false (a test that must see every report drawn on a worker).
 */
export function reportDrawer(options: ReportOptions, workers: number, { callerDraws = true } = {}): ReportDrawer {
  const script = workers > 0 ? reportWorkerScript() : null;
  const pool = script === null ? null : new ReportPool(script, workers);
  // Each result's drawing on a worker, started when it was submitted; null: drawn here in finish().
  const drawn = new Map<ScenarioResult, Promise<string[]> | null>();
  const submit = (result: ScenarioResult): void => {
    if (drawn.has(result)) return;
    // A bad name is refused here, before any drawing, as writeScenarioReport would refuse it.
    scenarioFile(options.outDir, result.name, 'trace.csv');
    if (pool === null || (result.run === null && !options.html)) {
      drawn.set(result, null);
      return;
    }
    const drawing = pool.draw(result, options);
    // Handled in finish(); this keeps an early failure from being reported as unhandled meanwhile.
    drawing.catch(() => undefined);
    drawn.set(result, drawing);
  };
  return {
    submit,
    async finish(results) {
      try {
        for (const r of results) submit(r);
        // The suite is done and this thread is free: it draws the reports no worker has taken yet.
        if (callerDraws) await pool?.drawQueuedHere();
        const written: string[] = [];
        for (const paths of await oneAhead(results, (r) => drawn.get(r) ?? writeScenarioReport(r, options))) written.push(...paths);
        if (options.html) {
          const indexPath = confinedPath(options.outDir, 'index.html');
          await writeFileAtomic(indexPath, renderIndex(results), { confinedTo: options.outDir });
          written.push(indexPath);
        }
        return written;
      } finally {
        await pool?.close();
      }
    },
  };
}

/**
 * Worker threads that draw one report at a time each; started on the first
 * job. Once the caller is free (the suite has ended) it draws queued jobs
 * too, with the chart shapes the workers compiled (addShapes).
 */
class ReportPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Array<{ job: ReportJob; done: (reply: ReportReply | Error) => void }> = [];
  private readonly pending = new Map<Worker, (reply: ReportReply | Error) => void>();
  private nextId = 0;
  /** A job has failed: finish() is about to report it, so this thread draws no more. */
  private failed = false;

  constructor(
    private readonly script: URL,
    private readonly size: number,
  ) {}

  draw(result: ScenarioResult, options: ReportOptions): Promise<string[]> {
    return new Promise<string[]>((resolve, reject) => {
      const job: ReportJob = { id: this.nextId++, result, options };
      this.queue.push({
        job,
        done: (reply) => {
          if (reply instanceof Error || 'error' in reply) this.failed = true;
          if (reply instanceof Error) return reject(reply);
          if ('error' in reply) return reject(Object.assign(new Error(reply.error.message), reply.error.code === undefined ? {} : { code: reply.error.code }));
          resolve(reply.written);
        },
      });
      if (this.all.length < this.size) this.start();
      this.feed();
    });
  }

  private start(): void {
    const worker = new Worker(this.script);
    this.all.push(worker);
    this.idle.push(worker);
    worker.on('message', (reply: ReportReply) => {
      if ('shapes' in reply && reply.shapes !== undefined) addShapes(reply.shapes);
      const done = this.pending.get(worker);
      this.pending.delete(worker);
      this.idle.push(worker);
      done?.(reply);
      this.feed();
    });
    const fail = (error: Error): void => {
      const done = this.pending.get(worker);
      this.pending.delete(worker);
      done?.(error);
      // The jobs still queued go to the other workers; with none left, they fail too.
      const index = this.all.indexOf(worker);
      if (index < 0) return;
      this.all.splice(index, 1);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      if (this.all.length === 0) for (const { done: d } of this.queue.splice(0)) d(error);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a report worker stopped (exit code ${code})`)));
  }

  private feed(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.shift()!;
      const { job, done } = this.queue.shift()!;
      this.pending.set(worker, done);
      worker.postMessage(withoutNotes(job));
    }
  }

  /** Draws on this thread, one at a time, each queued job no worker has taken, until none is left or one has failed. */
  async drawQueuedHere(): Promise<void> {
    while (!this.failed) {
      const next = this.queue.shift();
      if (next === undefined) return;
      try {
        next.done({ id: next.job.id, written: await writeScenarioReport(next.job.result, next.job.options) });
      } catch (error) {
        next.done(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }

  async close(): Promise<void> {
    const workers = this.all.splice(0);
    for (const w of workers) w.removeAllListeners('exit');
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * `<outDir>/<name>/<file>`, refusing a name that is not one plain folder
 * name (`../x`, `a/b`, `..`, empty): whatever a scenario is called, its
 * report lands in its own folder directly inside the reports folder.
 */
export function scenarioFile(outDir: string, name: string, file: string): string {
  if (name === '' || name === '.' || name === '..' || /[/\\\u0000]/.test(name)) {
    throw new Error(`refusing to write a report for scenario '${name}': its name must be a plain folder name inside ${outDir}`);
  }
  return confinedPath(outDir, name, file);
}

/** The suite's `saveTrace`: each scenario's trace.jsonl, atomically, inside `outDir`. */
export function traceWriter(outDir: string): (scenarioName: string, jsonl: string | Iterable<string>) => Promise<string> {
  return async (scenarioName, jsonl) => {
    const path = confinedPath(outDir, scenarioName, 'trace.jsonl');
    await writeFileAtomic(path, jsonl, { confinedTo: outDir });
    return path;
  };
}
