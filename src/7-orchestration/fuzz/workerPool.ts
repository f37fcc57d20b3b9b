import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CaseRecord } from './CampaignTally.js';
import type { CaseRunner } from './CaseRunner.js';
import type { CaseJob } from './evaluateCase.js';

/** A chunk of case indexes for one worker. */
export interface WorkerRequest {
  readonly indexes: readonly number[];
}

/** A worker's answer to one chunk. */
export interface WorkerReply {
  readonly records: readonly CaseRecord[];
}

/** Cases per message: enough to amortise messaging, few enough to balance the load at the end. */
const CHUNK_CASES = 8;

/** The compiled worker entry next to this module, or null when running from TypeScript sources (vitest). */
export function workerScript(): URL | null {
  const url = new URL('./caseWorker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : null;
}

function nextChunk(indexes: Iterator<number>): number[] {
  const chunk: number[] = [];
  while (chunk.length < CHUNK_CASES) {
    const next = indexes.next();
    if (next.done) break;
    chunk.push(next.value);
  }
  return chunk;
}

/**
 * Runs cases on `count` worker threads that each generate and run the cases
 * they are handed. Which worker runs which case does not matter: a case
 * depends on (seed, index) only.
 */
export function workerPoolRunner(job: CaseJob, count: number, script: URL): CaseRunner {
  return {
    name: `${count} worker threads`,
    run(indexes, onRecord) {
      return new Promise<void>((resolve, reject) => {
        const workers: Worker[] = [];
        let busy = 0;
        // Set once the pool is done or has failed: terminating workers then is expected, not an error.
        let settled = false;
        const stop = (): Promise<unknown> => Promise.all(workers.map((w) => w.terminate()));
        const fail = (error: unknown): void => {
          if (settled) return;
          settled = true;
          void stop().finally(() => reject(error));
        };
        const feed = (worker: Worker): void => {
          const chunk = nextChunk(indexes);
          if (chunk.length === 0) {
            if (busy === 0 && !settled) {
              settled = true;
              void stop().then(() => resolve(), reject);
            }
            return;
          }
          busy++;
          const request: WorkerRequest = { indexes: chunk };
          worker.postMessage(request);
        };
        for (let i = 0; i < count; i++) {
          const worker = new Worker(script, { workerData: job });
          workers.push(worker);
          worker.on('message', (reply: WorkerReply) => {
            busy--;
            try {
              for (const record of reply.records) onRecord(record);
            } catch (error) {
              fail(error);
              return;
            }
            feed(worker);
          });
          worker.on('error', fail);
          worker.on('exit', (code) => {
            if (code !== 0 && !settled) fail(new Error(`fuzz worker ${i} exited with code ${code}`));
          });
        }
        for (const worker of workers) feed(worker);
      });
    },
  };
}
