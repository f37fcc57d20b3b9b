import { appendFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expectLines, type ScenarioExpectLines } from '../../6-formats/scenario/expectLines.js';
import { formatCompareMarkdown } from '../../8-report/compareMarkdown.js';
import { formatMarkdown } from '../../8-report/formatMarkdown.js';
import { formatFuzzMarkdown, fuzzAnnotations } from '../../8-report/fuzzReport.js';
import {
  checkAnnotations,
  compareAnnotations,
  formatAnnotation,
  inputErrorAnnotations,
  runAnnotations,
  type Annotation,
} from '../../8-report/formatGithubAnnotations.js';
import type { Reporter, ReporterContext } from './Reporter.js';
import { writeTarget } from './writeTarget.js';

/**
 * GitHub Actions: an `::error file=…,line=…,title=…::` workflow command per
 * failure (on stdout, where the runner reads them; `github=FILE` writes
 * them to FILE), pointing at the scenario file's `expect` line or the
 * capture's line, and the Markdown summary appended to `$GITHUB_STEP_SUMMARY`
 * when that is set.
 */
export function githubReporter(ctx: ReporterContext): Reporter {
  const cache = new Map<string, ScenarioExpectLines | null>();
  const linesOf = (file: string | null): ScenarioExpectLines | null => {
    if (file === null) return null;
    if (!cache.has(file)) {
      let text: string | null = null;
      try {
        text = readFileSync(resolve(ctx.io.cwd, file), 'utf8');
      } catch {
        // Gone since it was loaded: the annotation names the file without a line.
      }
      cache.set(file, text === null ? null : expectLines(text, file));
    }
    return cache.get(file) ?? null;
  };
  const emit = async (annotations: readonly Annotation[], summary: string): Promise<void> => {
    await writeTarget(ctx, annotations.map(formatAnnotation).join(''), 'stdout');
    const step = ctx.io.env['GITHUB_STEP_SUMMARY'];
    if (step && !ctx.stepSummaryTaken) await appendFile(resolve(ctx.io.cwd, step), summary);
  };
  return {
    name: 'github',
    onRunEnd: (report) =>
      emit(
        [...inputErrorAnnotations(report.errors), ...runAnnotations(report.results, (r) => linesOf(r.file))],
        formatMarkdown(report.results, { reportsPath: report.reportsPath }),
      ),
    onCompareEnd: (report) =>
      emit(
        [...inputErrorAnnotations(report.errors), ...compareAnnotations(report.comparison, (file) => linesOf(file)?.name ?? null)],
        formatCompareMarkdown(report.comparison, { reportsPath: report.reportsPath }),
      ),
    onCheckEnd: (report) => emit(checkAnnotations(report.check, report.file), checkSummary(report.check, report.file)),
    onFuzzEnd: (report) => emit(fuzzAnnotations(report.result, report.saved), formatFuzzMarkdown(report.result, report.saved)),
  };
}

/** A few Markdown lines for the job summary of a check. */
function checkSummary(check: { readonly ok: boolean; readonly messages: number; readonly violations: readonly { readonly invariant: string }[] }, file: string): string {
  const ids = [...new Set(check.violations.map((v) => v.invariant))].sort();
  const head = `### etasim check ${file.replace(/[\\`*_[\]|<>]/g, '\\$&')}: ${check.ok ? 'no violation' : `${check.violations.length} violations`}`;
  return `${head}\n\n${check.messages} messages checked${ids.length ? `; violated: ${ids.join(', ')}` : ''}\n`;
}
