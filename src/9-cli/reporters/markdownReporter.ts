import { formatCompareMarkdown } from '../../8-report/compareMarkdown.js';
import { formatMarkdown } from '../../8-report/formatMarkdown.js';
import { formatFuzzMarkdown } from '../../8-report/fuzzReport.js';
import type { Reporter, ReporterContext } from './Reporter.js';
import { writeTarget } from './writeTarget.js';

/** The Markdown summary a CI job posts (`markdown=FILE`, appended when FILE is $GITHUB_STEP_SUMMARY; stdout without FILE). */
export function markdownReporter(ctx: ReporterContext): Reporter {
  return {
    name: 'markdown',
    onRunEnd: (report) => writeTarget(ctx, formatMarkdown(report.results, { reportsPath: report.reportsPath }), 'stdout'),
    onCompareEnd: (report) => writeTarget(ctx, formatCompareMarkdown(report.comparison, { reportsPath: report.reportsPath }), 'stdout'),
    onFuzzEnd: (report) => writeTarget(ctx, formatFuzzMarkdown(report.result, report.saved), 'stdout'),
  };
}
