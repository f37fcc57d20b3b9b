import { formatCheckText } from '../../6-formats/capture/formatCheck.js';
import { formatComparisonLine, formatComparisonSummary } from '../../7-orchestration/compare/formatComparison.js';
import { formatSummary as formatCampaignSummary } from '../../7-orchestration/fuzz/formatCampaign.js';
import { formatResultLine, formatSummary } from '../../7-orchestration/suite/formatResults.js';
import type { Reporter, ReporterContext } from './Reporter.js';
import { writeTarget } from './writeTarget.js';

/**
 * The default: the lines a person reads, on stderr (the contract keeps
 * stdout for `--json`), one per scenario as it finishes, then the summary.
 * `--quiet` keeps only what failed. `text=FILE` writes the same lines to FILE
 * at the end instead.
 */
export function textReporter(ctx: ReporterContext): Reporter {
  let pending = '';
  const emit = (text: string): void => {
    if (ctx.target === null) ctx.io.stderr(text);
    else pending += text;
  };
  const flush = async (): Promise<void> => {
    if (ctx.target !== null) await writeTarget(ctx, pending, 'stderr');
  };
  return {
    name: 'text',
    onScenario(result) {
      if (!ctx.quiet || !result.ok) emit(formatResultLine(result));
    },
    async onRunEnd(report) {
      if (!ctx.quiet || report.results.some((r) => !r.ok)) emit(formatSummary(report.results));
      if (!ctx.quiet && report.reportsPath !== null) emit(`reports: ${report.reportsPath}\n`);
      await flush();
    },
    async onCompareEnd(report) {
      const { comparison } = report;
      for (const s of comparison.scenarios) if (!ctx.quiet || s.verdict === 'worse') emit(formatComparisonLine(s));
      if (!ctx.quiet || !comparison.ok) emit(formatComparisonSummary(comparison));
      if (!ctx.quiet && report.reportsPath !== null) emit(`reports: ${report.reportsPath}\n`);
      await flush();
    },
    async onCheckEnd(report) {
      if (!ctx.quiet || !report.check.ok) emit(formatCheckText(report.check));
      await flush();
    },
    async onFuzzEnd(report) {
      if (!ctx.quiet || report.result.found.length > 0 || report.result.interrupted) emit(formatCampaignSummary(report.result, report.saved));
      await flush();
    },
  };
}
