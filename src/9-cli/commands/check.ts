import { isStageName, STAGE_NAMES, type StageName } from '../../2-wire/stages.js';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { Command } from '../Command.js';
import { InputError } from '../../6-formats/InputError.js';
import { parseOptions } from '../parseOptions.js';
import { DEFAULT_CHECKS } from '../../6-formats/scenario/defaults.js';
import { readCapture, type CaptureFormat, type CapturedJob } from '../../6-formats/capture/readCapture.js';
import { checkCapture, type CaptureCheck } from '../../6-formats/capture/checkCapture.js';
import { CHECK_REPORT_OPTIONS, makeReporters, requestReporters } from '../reporters/reporters.js';
import { contractEvents, traceChunks } from '../../0-trace/jsonl.js';
import { confinedPath, writeFileAtomic } from '../atomicWrite.js';
import { renderTraceReport } from '../../8-report/renderTraceReport.js';

const USAGE = `usage: etasim check FILE [options]

Runs the invariants on a recorded trace: the output of \`redis-cli MONITOR\`
(or \`etasim record\`), or a jsonl trace such as reports/<name>/trace.jsonl.
Every job found in the capture is checked (a job is a db and an id, from
its keys progress:job:J, progress:J, start_time:job:J, cancel:job:J).

A MONITOR capture does not name writers: each write is named by its
message's shape first (the tracker's float timestamp, legacy writers'
technical stage names, terminal and informational messages) and by its
client address second; the report says how each writer was identified.

options:
  --format F        monitor | jsonl | auto (default: auto, from the first line)
  --job ID          check only job ID
  --tracker ADDR    the tracker's client address as MONITOR prints it
  --stage-names TEXT=STAGE  a stage text no known tracker version publishes (repeatable), e.g. 'Solving=cpsat'
                    (127.0.0.1:53422, [::1]:6379, unix:/path): its
                    tracker-compatible writes are the tracker's, tracker-shaped
                    writes from other addresses are a second tracker
  --poll-s N        the web page's poll period in seconds (default 2)
  --json            one JSON document on stdout (human text goes to stderr)
  --out DIR         also write each job's attributed trace to DIR/<job>/trace.jsonl
  --reporter NAME[=FILE]  adds a reporter (repeatable): text (default), json, github; =FILE writes it there
  --quiet           print the text only when a violation is found

exit: 0 no violation; 1 violations; 2 bad input or usage
`;

const FORMATS = ['monitor', 'jsonl', 'auto'] as const;

/** `etasim check`: the invariants on a trace this project did not produce. */
export const checkCommand: Command = {
  name: 'check',
  summary: 'check a recorded trace (redis-cli MONITOR or jsonl) against the invariants',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseOptions('check', argv, {
      format: { type: 'string' },
      job: { type: 'string' },
      tracker: { type: 'string' },
      'poll-s': { type: 'string' },
      out: { type: 'string' },
      'stage-names': { type: 'string', multiple: true },
      ...CHECK_REPORT_OPTIONS,
    });
    const reporters = makeReporters(requestReporters('check', values, io.cwd), io, values.quiet ?? false);
    if (positionals.length !== 1) {
      throw new InputError(`etasim check: expected one capture FILE, got ${positionals.length}; see \`etasim check --help\``);
    }
    const format = values.format ?? 'auto';
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new InputError(`etasim check: --format takes monitor, jsonl or auto, got '${format}'`);
    }
    const pollMs = pollOption(values['poll-s']);
    const file = positionals[0]!;
    const capture = await readCapture(resolve(io.cwd, file), {
      format: format as CaptureFormat | 'auto',
      label: file,
      jobId: values.job ?? null,
    });
    if (capture.jobs.length === 0) throw new InputError(noJobMessage(file, values.job, capture.jobIdsSeen));
    const trackerAddr = values.tracker ?? null;
    const warnings = [...capture.warnings];
    if (trackerAddr !== null && capture.format === 'jsonl') {
      warnings.push('--tracker is for MONITOR captures: a jsonl trace names its writers');
    }
    const check = checkCapture(
      { ...capture, warnings },
      {
        checks: { ...DEFAULT_CHECKS, pollMs },
        trackerAddr: capture.format === 'monitor' ? trackerAddr : null,
        stageNames: stageNamesOption(values['stage-names'] ?? []),
      },
    );
    if (values.out !== undefined) {
      const written = await writeTraces(resolve(io.cwd, values.out), check.attributed ?? capture.jobs, check, { file, pollMs });
      io.stderr(`wrote ${written.length} trace${written.length === 1 ? '' : 's'} and report${written.length === 1 ? '' : 's'} under ${values.out}\n`);
    }
    // text (stderr), json (stdout, streamed in ~1 MB writes), github (annotations on the capture's lines).
    for (const reporter of reporters) await reporter.onCheckEnd?.({ check, file });
    return check.ok ? 0 : 1;
  },
};

function pollOption(text: string | undefined): number {
  if (text === undefined) return DEFAULT_CHECKS.pollMs;
  const s = Number(text);
  // Below 1 ms the period rounds to 0 ms, which turned the poller's view off without a word.
  if (!Number.isFinite(s) || s < 0.001 || s > 3600) {
    throw new InputError(`etasim check: --poll-s takes seconds, from 0.001 (1 ms) to 3600, got '${text}'`);
  }
  return Math.round(s * 1000);
}

function noJobMessage(file: string, jobId: string | undefined, seen: readonly string[]): string {
  const known = seen.length ? `; jobs whose keys appear: ${seen.slice(0, 10).join(', ')}${seen.length > 10 ? ', …' : ''}` : '';
  if (jobId !== undefined) return `${file}:1:1: no progress write of job '${jobId}'${known}`;
  return `${file}:1:1: no job found: no SETEX/SET of progress:job:J and no PUBLISH on progress:J${known}`;
}

/**
 * Writes each job's attributed trace as `<dir>/<job>/trace.jsonl` and its
 * report as `<dir>/<job>/report.html`, drawn as a simulated run's is
 * (atomically, each).
 */
async function writeTraces(
  dir: string,
  jobs: readonly CapturedJob[],
  check: CaptureCheck,
  source: { readonly file: string; readonly pollMs: number },
): Promise<string[]> {
  const names = folderNames(jobs);
  const written: string[] = [];
  for (const [i, job] of jobs.entries()) {
    let path: string;
    try {
      path = confinedPath(dir, names[i]!, 'trace.jsonl');
    } catch {
      throw new InputError(`etasim check: cannot write job ${job.jobId} under ${dir}`);
    }
    await writeFileAtomic(path, traceChunks(contractEvents(job.events)), { confinedTo: dir });
    const result = check.jobs[i]!;
    const writers = new Set(Object.keys(result.writers));
    const html = await renderTraceReport({
      title: `capture ${source.file}: job ${job.jobId}`,
      events: job.events,
      violations: result.violations,
      jobId: job.jobId,
      pollMs: source.pollMs,
      // No verdict: a capture has no expectation to meet; the report's trace mark says what it broke.
      meta: {
        metrics: { ...result.metrics },
        replay: `npx etasim check ${source.file} --job ${job.jobId}`,
        notes: check.attribution.filter((a) => writers.has(a.writer)).map((a) => `${a.writer}: ${a.by}`),
        links: [{ label: 'trace.jsonl', href: 'trace.jsonl' }],
      },
    });
    await writeFileAtomic(confinedPath(dir, names[i]!, 'report.html'), html, { confinedTo: dir });
    written.push(path);
  }
  return written;
}

/** The longest folder name made from a job id (a file name may have 255 bytes; room is left for `@db…` and `-k`). */
const FOLDER_CHARS_MAX = 120;

/** `name` itself, or, when longer than FOLDER_CHARS_MAX, its start and a hash of the whole id (ENAMETOOLONG otherwise). */
function shortened(name: string, jobId: string): string {
  if (name.length <= FOLDER_CHARS_MAX) return name;
  const hash = createHash('sha256').update(jobId).digest('hex').slice(0, 16);
  return `${name.slice(0, FOLDER_CHARS_MAX - hash.length - 1)}~${hash}`;
}

/** A folder name per job: its id made safe for a path (shortened when long), with its db when an id repeats, unique. */
function folderNames(jobs: readonly CapturedJob[]): string[] {
  const count = new Map<string, number>();
  for (const j of jobs) count.set(j.jobId, (count.get(j.jobId) ?? 0) + 1);
  const used = new Set<string>();
  return jobs.map((j) => {
    const base = shortened(j.jobId.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_'), j.jobId) + ((count.get(j.jobId) ?? 0) > 1 ? `@db${j.db}` : '');
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base}-${k}`;
    used.add(name);
    return name;
  });
}

/** `--stage-names TEXT=STAGE` (repeatable; TEXT may hold any character but the last '='). */
function stageNamesOption(items: readonly string[]): Map<string, StageName> {
  const names = new Map<string, StageName>();
  for (const item of items) {
    const at = item.lastIndexOf('=');
    const text = at > 0 ? item.slice(0, at) : '';
    const stage = at > 0 ? item.slice(at + 1) : '';
    if (text === '' || !isStageName(stage)) {
      throw new InputError(`etasim check: --stage-names takes TEXT=STAGE with STAGE one of ${STAGE_NAMES.join(', ')}, got '${item}'`);
    }
    names.set(text, stage);
  }
  return names;
}
