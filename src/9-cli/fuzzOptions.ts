import { TRACKER_OPTIONS } from './trackerSpec.js';
import { availableParallelism } from 'node:os';
import { InputError } from '../6-formats/InputError.js';
import { parseOptions } from './parseOptions.js';
import { FUZZ_REPORT_OPTIONS, type ReportValues } from './reporters/reporters.js';
import { LEGACY_WRITERS, PROFILES, type LegacyWriter, type Profile } from '../6-formats/scenario/Scenario.js';
import { SHRINK_RUNS_MAX_DEFAULT, type CampaignSpec, type Shard } from '../7-orchestration/fuzz/CampaignSpec.js';
import { GATE_INVARIANTS, type GateInvariant } from '../7-orchestration/fuzz/FindingKind.js';
import type { ErrorPathChoice, WritersChoice } from '../7-orchestration/fuzz/GeneratorOptions.js';

/** Cases of a campaign without `--runs` (fast-check's own default). */
export const RUNS_DEFAULT = 100;
/** Largest `--runs`: a bound, like every loop here. */
export const RUNS_MAX = 100_000_000;
/** Largest `--workers` on any machine. */
export const WORKERS_MAX = 256;
/** Worker threads per core at most: more only thrash (256 threads on 2 cores, each with its own heap). */
export const WORKERS_PER_CORE_MAX = 4;

/** `etasim fuzz`'s command line, resolved once. */
export interface FuzzOptions {
  readonly spec: CampaignSpec;
  /** True when `--seed` was left out and the seed was drawn. */
  readonly seedDrawn: boolean;
  readonly workers: number;
  readonly save: string | null;
  readonly json: boolean;
  /** `--reporter`, `--json`, `--junit`, `--markdown` as given; the command resolves them. */
  readonly report: ReportValues;
  readonly verbose: boolean;
  /** `--tracker` and `--python` as given; the command resolves them. */
  readonly tracker: { readonly tracker?: string; readonly python?: string };
}

const OPTIONS = {
  runs: { type: 'string' },
  seed: { type: 'string' },
  profile: { type: 'string' },
  writers: { type: 'string' },
  'error-path': { type: 'string' },
  invariants: { type: 'string' },
  save: { type: 'string' },
  verbose: { type: 'boolean' },
  'check-determinism': { type: 'boolean' },
  faults: { type: 'boolean' },
  workers: { type: 'string' },
  shard: { type: 'string' },
  case: { type: 'string' },
  'shrink-runs': { type: 'string' },
  ...FUZZ_REPORT_OPTIONS,
  ...TRACKER_OPTIONS,
} as const;

function bad(message: string): InputError {
  return new InputError(`etasim fuzz: ${message}`);
}

function wholeNumber(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw bad(`--${name} takes a whole number from ${min} to ${max}, got '${text}'`);
  }
  return value;
}

function listOf<T extends string>(name: string, text: string, known: readonly T[], noun: string): T[] {
  const items = text.split(',').map((s) => s.trim());
  const out: T[] = [];
  for (const item of items) {
    if (!(known as readonly string[]).includes(item)) throw bad(`--${name}: '${item}' is not a known ${noun}; expected a comma-separated list of ${known.join(', ')}`);
    if (out.includes(item as T)) throw bad(`--${name}: '${item}' is given twice`);
    out.push(item as T);
  }
  return out;
}

function writersChoice(text: string | undefined): WritersChoice {
  if (text === undefined) return { kind: 'profile' };
  if (text === 'any') return { kind: 'any' };
  if (text === 'none' || text === '') return { kind: 'exactly', writers: [] };
  return { kind: 'exactly', writers: listOf<LegacyWriter>('writers', text, LEGACY_WRITERS, 'writer id (or use any, none)') };
}

function errorPathChoice(text: string | undefined): ErrorPathChoice {
  if (text === undefined) return { kind: 'profile' };
  if (text === 'any') return { kind: 'any' };
  if (text === 'published' || text === 'silent') return { kind: 'exactly', errorPath: text };
  throw bad(`--error-path takes published, silent or any, got '${text}'`);
}

function shardOf(text: string | undefined): Shard {
  if (text === undefined) return { index: 0, count: 1 };
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(count) || count < 1 || count > RUNS_MAX || index >= count) {
    throw bad(`--shard takes i/n with 0 ≤ i < n (e.g. 0/4), got '${text}'`);
  }
  return { index, count };
}

/**
 * Parses `etasim fuzz`'s arguments. Pure but for the defaults it is handed:
 * `drawSeed` for a missing `--seed`, `cores` for the default worker count.
 */
export function parseFuzzOptions(
  argv: readonly string[],
  defaults: { readonly drawSeed: () => number; readonly cores?: number } = { drawSeed: () => 1 },
): FuzzOptions {
  const { values, positionals } = parseOptions('fuzz', argv, OPTIONS);
  if (positionals.length > 0) throw bad(`unexpected argument '${positionals[0]}'; see \`etasim fuzz --help\``);
  const profile = values.profile ?? 'intended';
  if (!(PROFILES as readonly string[]).includes(profile)) throw bad(`--profile takes one of ${PROFILES.join(', ')}, got '${profile}'`);
  const invariants: readonly GateInvariant[] =
    values.invariants === undefined ? GATE_INVARIANTS : listOf('invariants', values.invariants, GATE_INVARIANTS, 'gate invariant');
  const runs = wholeNumber('runs', values.runs, RUNS_DEFAULT, 1, RUNS_MAX);
  const seedDrawn = values.seed === undefined;
  const seed = seedDrawn ? defaults.drawSeed() : wholeNumber('seed', values.seed, 0, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const onlyCase = values.case === undefined ? null : wholeNumber('case', values.case, 0, 0, runs - 1);
  const cores = defaults.cores ?? availableParallelism();
  const spec: CampaignSpec = {
    seed,
    runs,
    generator: { profile: profile as Profile, writers: writersChoice(values.writers), errorPath: errorPathChoice(values['error-path']), faults: values.faults ?? false },
    cases: { invariants, checkDeterminism: values['check-determinism'] ?? false },
    shard: shardOf(values.shard),
    onlyCase,
    shrinkRunsMax: wholeNumber('shrink-runs', values['shrink-runs'], SHRINK_RUNS_MAX_DEFAULT, 1, 1_000_000),
  };
  return {
    spec,
    seedDrawn,
    workers: wholeNumber('workers', values.workers, Math.min(2, cores), 0, Math.min(WORKERS_MAX, WORKERS_PER_CORE_MAX * Math.max(1, cores))),
    save: values.save ?? null,
    json: values.json ?? false,
    report: { reporter: values.reporter, json: values.json, junit: values.junit, markdown: values.markdown },
    verbose: values.verbose ?? false,
    tracker: {
      ...(values.tracker === undefined ? {} : { tracker: values.tracker }),
      ...(values.python === undefined ? {} : { python: values.python }),
    },
  };
}
