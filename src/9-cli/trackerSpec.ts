import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { builtinTracker } from '../3-model/tracker/builtin/BuiltinTracker.js';
import type { TrackerChoice } from '../3-model/tracker/TrackerPort.js';
import { AdapterUnusable } from '../3-model/tracker/external/AdapterProcess.js';
import { pythonTracker, TrackerLoadError, type PythonTrackerSource } from '../3-model/tracker/external/PythonTracker.js';
import { InputError, located } from '../6-formats/InputError.js';
import { optionsHelp, type OptionTable } from './optionTable.js';

/** The built-in model, as `--tracker builtin` names it. */
export const BUILTIN_TRACKER: TrackerChoice = { spec: 'builtin', factory: builtinTracker, builtin: true, external: null };

const DEFAULT_CLASSES = ['EnterpriseProgressTracker', 'ProgressUpdateTask'] as const;
const PY_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What `--tracker SPEC` names, before anything is read: the contract's table. */
export type ParsedSpec =
  | { readonly kind: 'builtin' }
  | { readonly kind: 'python'; readonly path: string; readonly rev: string | null; readonly trackerClass: string; readonly loopClass: string };

/**
 * Parses `builtin`, `python:PATH`, `python:PATH:TRACKER_CLASS:LOOP_CLASS`
 * and `python:PATH@REV` (a revision may be combined with class names:
 * `python:PATH@REV:T:L`). Pure: an InputError for anything else.
 */
export function parseTrackerSpec(option: string, spec: string): ParsedSpec {
  if (spec === 'builtin') return { kind: 'builtin' };
  if (!spec.startsWith('python:')) {
    throw new InputError(`${option} ${spec}: expected builtin, python:PATH, python:PATH:TRACKER_CLASS:LOOP_CLASS or python:PATH@REV`);
  }
  let rest = spec.slice('python:'.length);
  let classes: readonly [string, string] = DEFAULT_CLASSES;
  const parts = rest.split(':');
  if (parts.length >= 3 && PY_IDENTIFIER.test(parts.at(-1)!) && PY_IDENTIFIER.test(parts.at(-2)!)) {
    classes = [parts.at(-2)!, parts.at(-1)!];
    rest = parts.slice(0, -2).join(':');
  }
  const at = rest.lastIndexOf('@');
  const path = at > 0 ? rest.slice(0, at) : rest;
  const rev = at > 0 ? rest.slice(at + 1) : null;
  if (path === '') throw new InputError(`${option} ${spec}: no file after python:`);
  if (rev !== null && (rev === '' || rev.startsWith('-'))) throw new InputError(`${option} ${spec}: '${rev}' is not a git revision`);
  return { kind: 'python', path, rev, trackerClass: classes[0], loopClass: classes[1] };
}

/** Reads the tracker's source: the file, or the file as it was at a git revision (`git show REV:PATH`). */
export function readTrackerSource(option: string, spec: string, parsed: Extract<ParsedSpec, { kind: 'python' }>, cwd: string): PythonTrackerSource {
  const abs = resolve(cwd, parsed.path);
  const shown = relative(cwd, abs).startsWith('..') ? abs : relative(cwd, abs) || basename(abs);
  if (parsed.rev === null) {
    let source: string;
    try {
      if (!statSync(abs).isFile()) throw new Error('not a regular file');
      source = readFileSync(abs, 'utf8');
    } catch (error) {
      throw new InputError(`${shown}:1:1: ${option} ${spec}: cannot read the tracker file (${reason(error)})`);
    }
    return { source, filename: shown, dir: dirname(abs), trackerClass: parsed.trackerClass, loopClass: parsed.loopClass };
  }
  const dir = dirname(abs);
  let top: string;
  try {
    top = execFileSync('git', ['-C', dir, 'rev-parse', '--show-toplevel'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    throw new InputError(`${shown}:1:1: ${option} ${spec}: ${parsed.path} is not inside a git repository`);
  }
  const inRepo = relative(top, abs).split('\\').join('/');
  let source: string;
  try {
    source = execFileSync('git', ['-C', top, 'show', `${parsed.rev}:${inRepo}`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim().split('\n')[0] ?? reason(error);
    throw new InputError(`${shown}:1:1: ${option} ${spec}: git show ${parsed.rev}:${inRepo} failed: ${stderr}`);
  }
  return { source, filename: `${shown}@${parsed.rev}`, dir, trackerClass: parsed.trackerClass, loopClass: parsed.loopClass };
}

/**
 * Resolves `--tracker SPEC` up front: reads the file and loads it in Python
 * once, so that a missing interpreter, file or class is bad input (exit 2)
 * before any scenario runs.
 */
export async function resolveTracker(
  option: string,
  spec: string,
  options: { readonly cwd: string; readonly python: string; readonly watchdogMs?: number | undefined },
): Promise<TrackerChoice> {
  const parsed = parseTrackerSpec(option, spec);
  if (parsed.kind === 'builtin') return BUILTIN_TRACKER;
  const source = readTrackerSource(option, spec, parsed, options.cwd);
  const factory = await pythonTracker(source, { python: options.python, watchdogMs: options.watchdogMs });
  const watchdog = options.watchdogMs === undefined ? {} : { watchdogMs: options.watchdogMs };
  return { spec, factory, builtin: false, external: { spec, source, python: options.python, ...watchdog } };
}

function reason(error: unknown): string {
  const code = (error as { code?: string }).code;
  return code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
}

/** `--tracker SPEC` and `--python BIN` as a command declares them. */
export const TRACKER_OPTIONS = {
  tracker: { type: 'string' },
  python: { type: 'string' },
} as const;

/** `--tracker SPEC` and `--python BIN` as rows of a command's option table (parsing and help). */
/** The forms a tracker SPEC takes, as help lists them. */
export const TRACKER_SPEC_FORMS = 'python:PATH, python:PATH:TRACKER_CLASS:LOOP_CLASS, python:PATH@REV';

export const TRACKER_OPTION_TABLE = {
  tracker: { type: 'string', arg: 'SPEC', help: `the tracker under test: builtin (default), ${TRACKER_SPEC_FORMS}` },
  python: { type: 'string', arg: 'BIN', help: 'the interpreter for a python: tracker (default: $ETASIM_PYTHON, else python3)' },
} as const satisfies OptionTable;

/** The help lines of `--tracker` and `--python`, for commands whose help is written out by hand. */
export const TRACKER_USAGE = optionsHelp(TRACKER_OPTION_TABLE);

/**
 * `ETASIM_TRACKER_WATCHDOG_MS`: how long tracker code may run without a
 * message before it is stopped (default 10 s; at least 100 ms). For tests of
 * trackers that never yield; anything else is ignored.
 */
function watchdogOption(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const ms = Number(env['ETASIM_TRACKER_WATCHDOG_MS']);
  return Number.isInteger(ms) && ms >= 100 ? ms : undefined;
}

/** Resolves a command's `--tracker`/`--python` values, mapping the tracker's load errors to bad input. */
export async function trackerOption(
  command: string,
  values: { readonly tracker?: string | undefined; readonly python?: string | undefined },
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
  option = '--tracker',
): Promise<TrackerChoice> {
  const spec = values.tracker ?? 'builtin';
  const python = values.python ?? env['ETASIM_PYTHON'] ?? 'python3';
  try {
    return await resolveTracker(option, spec, { cwd, python, watchdogMs: watchdogOption(env) });
  } catch (error) {
    if (error instanceof TrackerLoadError) throw new InputError(located(error.file, error.line, error.col, error.message));
    if (error instanceof AdapterUnusable) throw new InputError(`etasim ${command}: ${option} ${spec}: ${error.message}`);
    throw error;
  }
}
