import { violatedIds } from '../../5-invariants/checkTrace.js';
import type { CaptureCheck, JobCheck } from './checkCapture.js';
import { label } from './readCapture.js';

/** Violation lines shown per job before "… and N more". */
const LINES_MAX = 20;
/** Addresses shown per writer in the human report. */
const ADDRESSES_SHOWN = 3;

/**
 * The `--json` document of `etasim check` (contract: "--json shape of
 * check"): `ok`, `messages`, `writers`, `violations` over all jobs, then
 * per job and how each writer was identified.
 */
export function checkJson(check: CaptureCheck): object {
  return {
    ok: check.ok,
    messages: check.messages,
    writers: check.writers,
    violations: check.violations,
    file: check.file,
    format: check.format,
    jobs: check.jobs,
    attribution: check.attribution,
    notes: check.notes,
    warnings: check.warnings,
  };
}

/**
 * `JSON.stringify(checkJson(check), null, 2)` + newline, handed to `write`
 * one array element at a time: a capture of many jobs can have tens of
 * thousands of violations, each with its witnesses, and one string of it
 * all would double the check's memory.
 */
export function writeCheckJson(check: CaptureCheck, write: (text: string) => void): void {
  writeValue(checkJson(check) as Record<string, unknown>, 0, write, 2);
  write('\n');
}

/** Writes `value` at `depth`, splitting arrays and objects into pieces down to `splitDepth`. */
function writeValue(value: unknown, depth: number, write: (text: string) => void, splitDepth: number): void {
  const indent = '  '.repeat(depth);
  const inner = '  '.repeat(depth + 1);
  const isArray = Array.isArray(value);
  const split = depth < splitDepth && typeof value === 'object' && value !== null;
  const entries = split ? (isArray ? (value as unknown[]).map((v) => [null, v] as const) : Object.entries(value as object).filter(([, v]) => v !== undefined)) : [];
  if (!split || entries.length === 0) {
    write(JSON.stringify(value, null, 2)?.replace(/\n/g, `\n${indent}`) ?? 'null');
    return;
  }
  write(isArray ? '[\n' : '{\n');
  entries.forEach(([key, v], i) => {
    write(inner + (key === null ? '' : `${JSON.stringify(key)}: `));
    writeValue(v === undefined ? null : v, depth + 1, write, splitDepth);
    write(i === entries.length - 1 ? '\n' : ',\n');
  });
  write(indent + (isArray ? ']' : '}'));
}

/** The report a person reads: one line per job, its violations, then how the writers were told apart. */
export function formatCheckText(check: CaptureCheck): string {
  let out = '';
  for (const w of check.warnings) out += `warning: ${w}\n`;
  // Loops, not Math.max(...): a spread of 200k jobs overflows the stack.
  let width = 0;
  for (const j of check.jobs) width = Math.max(width, Math.min(40, jobLabel(j).length));
  for (const job of check.jobs) out += formatJob(job, width);
  if (check.attribution.length) {
    out += 'writers, and how each was identified:\n';
    let w = 0;
    for (const a of check.attribution) w = Math.max(w, a.writer.length);
    for (const a of check.attribution) {
      const shown = a.addresses.slice(0, ADDRESSES_SHOWN).join(', ');
      const more = a.addresses_total > ADDRESSES_SHOWN ? `, … (${a.addresses_total} addresses)` : '';
      const from = a.addresses_total ? `  [${shown}${more}]` : '';
      out += `  ${a.writer.padEnd(w)} ${String(a.writes).padStart(6)} write${a.writes === 1 ? ' ' : 's'}  ${a.by}${from}\n`;
    }
  }
  for (const n of check.notes) out += `note: ${n}\n`;
  const bad = check.jobs.filter((j) => !j.ok).length;
  out += `${check.jobs.length} job${check.jobs.length === 1 ? '' : 's'} checked: ${check.jobs.length - bad} ok, ${bad} with violations\n`;
  return out;
}

function jobLabel(job: JobCheck): string {
  return label({ jobId: job.job_id, db: job.db });
}

function formatJob(job: JobCheck, width: number): string {
  const ids = violatedIds(job.violations);
  const verdict = ids.length ? ids.join(', ') : 'no violations';
  let out = `${job.ok ? '✓' : '✗'} ${jobLabel(job).padEnd(width)} ${String(job.messages).padStart(6)} messages  ${verdict}\n`;
  if (job.metrics.end_s === null) out += '    no terminal message in the capture: the job may still have been running when it stopped\n';
  const inTime = [...job.violations].sort((a, b) => a.at_s - b.at_s);
  for (const v of inTime.slice(0, LINES_MAX)) out += `    ${v.invariant} at ${v.at_s} s (${v.writer}): ${v.message}\n`;
  if (job.violations.length > LINES_MAX) out += `    … and ${job.violations.length - LINES_MAX} more (--json lists them all)\n`;
  return out;
}
