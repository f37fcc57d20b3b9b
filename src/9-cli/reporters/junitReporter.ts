import { formatCompareJunit } from '../../8-report/compareJunit.js';
import { formatJunit } from '../../8-report/formatJunit.js';
import { formatFuzzJunit } from '../../8-report/fuzzReport.js';
import type { Reporter, ReporterContext } from './Reporter.js';
import { writeTarget } from './writeTarget.js';

/** JUnit XML (`junit=FILE`, or stdout): a testcase per scenario, `time` in virtual seconds so that reports stay byte-reproducible. */
export function junitReporter(ctx: ReporterContext): Reporter {
  return {
    name: 'junit',
    onRunEnd: (report) => writeTarget(ctx, formatJunit(report.results), 'stdout'),
    onCompareEnd: (report) => writeTarget(ctx, formatCompareJunit(report.comparison), 'stdout'),
    onFuzzEnd: (report) => writeTarget(ctx, formatFuzzJunit(report.result, report.saved), 'stdout'),
  };
}
