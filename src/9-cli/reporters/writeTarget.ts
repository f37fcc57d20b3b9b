import { appendFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeFileAtomic } from '../atomicWrite.js';
import type { ReporterContext } from './Reporter.js';

/**
 * Writes a reporter's whole output: to its FILE atomically, or to `stream`
 * (stdout for machine formats, stderr for the text). `$GITHUB_STEP_SUMMARY`
 * is appended to, never replaced: GitHub's job summary collects what every
 * step appends.
 */
export async function writeTarget(ctx: ReporterContext, text: string, stream: 'stdout' | 'stderr'): Promise<void> {
  if (ctx.target === null) {
    if (stream === 'stdout') ctx.io.stdout(text);
    else ctx.io.stderr(text);
    return;
  }
  if (isStepSummary(ctx, ctx.target)) await appendFile(ctx.target, text);
  else await writeFileAtomic(ctx.target, text);
}

/** Whether `path` is the file `$GITHUB_STEP_SUMMARY` names. */
export function isStepSummary(ctx: Pick<ReporterContext, 'io'>, path: string): boolean {
  const summary = ctx.io.env['GITHUB_STEP_SUMMARY'];
  return Boolean(summary) && resolve(ctx.io.cwd, summary!) === path;
}
