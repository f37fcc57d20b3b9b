import { writeCheckJson } from '../../6-formats/capture/formatCheck.js';
import { comparisonJson } from '../../7-orchestration/compare/comparisonJson.js';
import { campaignJson } from '../../7-orchestration/fuzz/campaignJson.js';
import { resultsJson } from '../../7-orchestration/suite/formatResults.js';
import { writeFileAtomic } from '../atomicWrite.js';
import type { Reporter, ReporterContext } from './Reporter.js';
import { writeTarget } from './writeTarget.js';

/** Pieces of a big document gathered into writes of about this size (one write per violation costs a system call each). */
const CHUNK_CHARS = 1 << 20;

/** The contract's `--json` document: on stdout (and nothing else there), or in FILE with `json=FILE`. */
export function jsonReporter(ctx: ReporterContext): Reporter {
  const document = (value: object): Promise<void> => writeTarget(ctx, JSON.stringify(value, null, 2) + '\n', 'stdout');
  return {
    name: 'json',
    onRunEnd: (report) => document(resultsJson(report.results, report.errors, report.tracker)),
    onCompareEnd: (report) => document(comparisonJson(report.comparison, report.errors)),
    onFuzzEnd: (report) => document(campaignJson(report.result, report.saved)),
    async onCheckEnd(report) {
      // A capture of 200k jobs makes a document too big for one string: streamed in chunks.
      const chunks: string[] = [];
      let pending = '';
      writeCheckJson(report.check, (text) => {
        pending += text;
        if (pending.length >= CHUNK_CHARS) {
          if (ctx.target === null) ctx.io.stdout(pending);
          else chunks.push(pending);
          pending = '';
        }
      });
      if (ctx.target === null) ctx.io.stdout(pending);
      else await writeFileAtomic(ctx.target, [...chunks, pending]);
    },
  };
}

