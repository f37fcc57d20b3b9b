/**
 * Entry point of a report-drawing worker thread (loaded from dist/ as
 * compiled JS): receives one scenario's result at a time, writes its
 * trace.csv and report.html exactly as the main thread would, and answers
 * with the paths written (and the chart shapes it compiled) or the error.
 */
import { parentPort } from 'node:worker_threads';
import { keepNewShapes, takeNewShapes } from '../8-report/renderSvg.js';
import { writeScenarioReport, type ReportJob, type ReportReply } from './writeReports.js';

const port = parentPort;
if (port === null) throw new Error('reportWorker.js runs only as a worker thread');
keepNewShapes();

// The drawer sends the next job only after this one's reply, so jobs never overlap.
port.on('message', (job: ReportJob) => {
  void writeScenarioReport(job.result, job.options).then(
    // The chart shapes compiled for this job go along: the main thread draws the run's last reports itself.
    (written): void => port.postMessage({ id: job.id, written, shapes: takeNewShapes() } satisfies ReportReply),
    (error: unknown): void => {
      const e = error instanceof Error ? error : new Error(String(error));
      const code = (e as NodeJS.ErrnoException).code;
      port.postMessage({ id: job.id, error: { message: e.message, ...(code === undefined ? {} : { code }) } } satisfies ReportReply);
    },
  );
});
