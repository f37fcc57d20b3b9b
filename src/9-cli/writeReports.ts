import type { ScenarioResult } from '../7-orchestration/suite/ScenarioResult.js';
import { confinedPath, writeFileAtomic } from './atomicWrite.js';
import { renderIndex } from '../8-report/renderIndex.js';
import { renderScenarioReport, scenarioReportInput } from '../8-report/scenarioReport.js';
import { traceCsvChunks } from '../8-report/traceCsv.js';
import { traceView } from '../8-report/TraceView.js';

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
  if (result.run) {
    const input = scenarioReportInput(result);
    const view = traceView(input.events, { jobId: result.run.jobId, pollMs: result.scenario.checks.pollMs, endS: input.endS ?? null });
    await writeFileAtomic(csvPath, traceCsvChunks(view), { confinedTo: options.outDir });
    written.push(csvPath);
  }
  if (options.html) {
    await writeFileAtomic(htmlPath, await renderScenarioReport(result), { confinedTo: options.outDir });
    written.push(htmlPath);
  }
  return written;
}

/** Writes every scenario's report, then `<outDir>/index.html`. Returns the paths written. */
export async function writeRunReports(results: readonly ScenarioResult[], options: ReportOptions): Promise<string[]> {
  const written: string[] = [];
  for (const r of results) for (const p of await writeScenarioReport(r, options)) written.push(p);
  if (options.html) {
    const indexPath = confinedPath(options.outDir, 'index.html');
    await writeFileAtomic(indexPath, renderIndex(results), { confinedTo: options.outDir });
    written.push(indexPath);
  }
  return written;
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
