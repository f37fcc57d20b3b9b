import type { CaptureCheck } from '../6-formats/capture/checkCapture.js';
import type { Comparison } from '../7-orchestration/compare/compareResults.js';
import type { ScenarioResult } from '../7-orchestration/suite/ScenarioResult.js';
import { verdictOf } from './verdict.js';

/** One GitHub Actions workflow command (`::error file=…,line=…,title=…::message`). */
export interface Annotation {
  readonly level: 'error' | 'warning' | 'notice';
  /** Relative to the repository (the working directory), or null. */
  readonly file: string | null;
  readonly line: number | null;
  readonly col?: number | null;
  readonly title: string;
  readonly message: string;
}

/** Where the parts of a scenario's `expect` are in its file (1-based lines). */
export interface ExpectLines {
  readonly name: number;
  readonly outcome: number;
  readonly violations: number;
  readonly liveness: number;
}

/** Violation lines carried per annotation. */
const VIOLATIONS_SHOWN_MAX = 5;
/** Annotations of one check (GitHub shows ten errors per step; a capture can hold thousands of violations). */
const CHECK_ANNOTATIONS_MAX = 50;

/** The workflow command's text, escaped as the runner expects (`%`, CR and LF in the message; also `:` and `,` in properties). */
export function formatAnnotation(a: Annotation): string {
  const props: string[] = [];
  if (a.file !== null) props.push(`file=${property(a.file)}`);
  if (a.line !== null) props.push(`line=${a.line}`);
  if (a.col != null) props.push(`col=${a.col}`);
  props.push(`title=${property(a.title)}`);
  return `::${a.level} ${props.join(',')}::${data(a.message)}\n`;
}

function data(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function property(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `FILE:LINE:COL: message` bad-input lines as annotations on that spot. */
export function inputErrorAnnotations(lines: readonly string[]): Annotation[] {
  return lines.map((text) => {
    const m = /^(.+?):(\d+):(\d+): (.*)$/s.exec(text);
    if (!m) return { level: 'error', file: null, line: null, title: 'etasim: bad input', message: text };
    return { level: 'error', file: m[1]!, line: Number(m[2]), col: Number(m[3]), title: 'etasim: bad input', message: m[4]! };
  });
}

/**
 * An annotation per scenario that missed its expectation, on the line of
 * its file that the difference is about: `expect.outcome` when the outcome
 * differs, `expect.violations` when the set of violations does,
 * `expect.liveness` for liveness, the name when the run stopped.
 */
export function runAnnotations(results: readonly ScenarioResult[], linesOf: (r: ScenarioResult) => ExpectLines | null): Annotation[] {
  const out: Annotation[] = [];
  for (const r of results) {
    if (r.ok) continue;
    const v = verdictOf(r);
    const lines = linesOf(r);
    const line =
      lines === null ? null : r.error !== null ? lines.name : v.outcomeDiff ? lines.outcome : v.missing.length || v.extra.length ? lines.violations : lines.liveness;
    const shown = r.violations.filter((x) => v.extra.includes(x.invariant)).slice(0, VIOLATIONS_SHOWN_MAX);
    const message = [...v.reasons, ...shown.map((x) => `${x.invariant} at ${x.at_s} s (${x.writer}): ${x.message}`), `replay: ${r.replay}`].join('\n');
    out.push({ level: 'error', file: r.file, line, title: `etasim: ${r.name} did not meet its expectation`, message });
  }
  return out;
}

/** An annotation per worse scenario of a comparison, on its name's line. */
export function compareAnnotations(c: Comparison, nameLineOf: (file: string | null) => number | null): Annotation[] {
  return c.scenarios
    .filter((s) => s.verdict === 'worse')
    .map((s) => ({
      level: 'error' as const,
      file: s.file,
      line: nameLineOf(s.file),
      title: `etasim compare: ${s.name} is worse on ${c.candidate}`,
      message: [...s.reasons, `replay: ${s.replay}`].join('\n'),
    }));
}

/**
 * An annotation per job and invariant violated in a capture, on the capture
 * line of the write that shows it (the last witness), at most
 * CHECK_ANNOTATIONS_MAX in all.
 */
export function checkAnnotations(check: CaptureCheck, file: string): Annotation[] {
  const out: Annotation[] = [];
  const seen = new Set<string>();
  for (const v of check.violations) {
    const key = `${v.db}\u0000${v.job_id}\u0000${v.invariant}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (out.length === CHECK_ANNOTATIONS_MAX) break;
    const witness = v.witnesses.at(-1) as { readonly line?: unknown } | undefined;
    const line = typeof witness?.line === 'number' ? witness.line : null;
    out.push({ level: 'error', file, line, title: `etasim check: ${v.invariant} (job ${v.job_id})`, message: `${v.invariant} at ${v.at_s} s (${v.writer}): ${v.message}` });
  }
  return out;
}
