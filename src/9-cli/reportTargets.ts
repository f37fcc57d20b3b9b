import { realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../6-formats/InputError.js';
import { MANIFEST } from './reportManifest.js';
import { OUT_LOCK } from './outDirLock.js';

/** What the summary files of a run must not overwrite. */
export interface ReportTargetContext {
  /** The reports folder, or null when the command has none of its own (`fuzz`). */
  readonly outDir: string | null;
  /** Absolute paths of the scenario files being run. */
  readonly inputs: readonly string[];
  /** The scenarios' names (their report folders under --out). */
  readonly names: readonly string[];
}

const SCENARIO_FILES = ['trace.jsonl', 'trace.csv', 'report.html'];

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Refuses, before any work, a `--junit` or `--markdown` target that is a
 * folder, one of the scenario files being run, or a file the run itself
 * writes under --out (index.html, a scenario's trace or report): each would
 * be destroyed or would destroy a report.
 */
export function checkReportTargets(command: string, targets: ReadonlyArray<readonly [option: string, path: string | undefined, shown: string | undefined]>, context: ReportTargetContext): void {
  const inputs = new Set(context.inputs.map(real));
  const out = context.outDir;
  const own = new Set(out === null ? [] : [join(out, 'index.html'), join(out, MANIFEST), join(out, OUT_LOCK)].map(real));
  if (out !== null) for (const name of context.names) for (const file of SCENARIO_FILES) own.add(real(join(out, name, file)));
  const seen = new Map<string, string>();
  for (const [option, path, shown] of targets) {
    if (path === undefined) continue;
    const target = real(path);
    const stat = (() => {
      try {
        return statSync(target);
      } catch {
        return null;
      }
    })();
    if (stat?.isDirectory()) throw new InputError(`etasim ${command}: ${option} ${shown}: is a folder; expected a file to write`);
    if (inputs.has(target)) throw new InputError(`etasim ${command}: ${option} ${shown}: is one of the scenario files being run; it would be overwritten`);
    if (own.has(target)) throw new InputError(`etasim ${command}: ${option} ${shown}: is a file this run writes under --out; choose another path`);
    const other = seen.get(target);
    if (other !== undefined) throw new InputError(`etasim ${command}: ${option} ${shown}: is the same file as ${other}`);
    seen.set(target, option);
  }
}
