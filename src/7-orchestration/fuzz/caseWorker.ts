/**
 * Entry point of a fuzz worker thread (loaded from dist/ as compiled JS):
 * receives chunks of case indexes, answers with their records.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CaseRecord } from './CampaignTally.js';
import { evaluateCase, type CaseJob } from './evaluateCase.js';
import { scenarioArbitrary } from './scenarioArbitrary.js';
import type { WorkerReply, WorkerRequest } from './workerPool.js';

const port = parentPort;
if (port === null) throw new Error('caseWorker.js runs only as a worker thread');
const job = workerData as CaseJob;
const arbitrary = scenarioArbitrary(job.generator);

// The pool sends the next chunk only after this one's reply, so chunks never overlap.
port.on('message', (request: WorkerRequest) => {
  void (async () => {
    const records: CaseRecord[] = [];
    for (const index of request.indexes) records.push(await evaluateCase(job, arbitrary, index));
    const reply: WorkerReply = { records };
    port.postMessage(reply);
  })();
});
