import type { CaseRecord } from './CampaignTally.js';

/**
 * Runs the cases of a campaign somewhere (this thread, or worker threads).
 * Records may arrive in any order; each index is reported exactly once.
 */
export interface CaseRunner {
  /** A name for messages: `in-process`, `2 worker threads`. */
  readonly name: string;
  run(indexes: Iterator<number>, onRecord: (record: CaseRecord) => void): Promise<void>;
}
