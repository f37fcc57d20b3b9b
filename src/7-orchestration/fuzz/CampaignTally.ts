import type { Outcome } from '../../6-formats/scenario/Scenario.js';
import { FINDING_KINDS, type FindingKind } from './FindingKind.js';
import type { CaseVerdict } from './runCase.js';

/** One case's verdict with where it came from; what a worker sends back. */
export interface CaseRecord extends CaseVerdict {
  readonly index: number;
  /** A one-line summary of the case's knobs, when asked for (`--verbose`). */
  readonly knobs: string | null;
}

/** Outcome counts, with `none` for runs that did not finish. */
export type OutcomeCounts = Record<Outcome | 'none', number>;

/**
 * A campaign's running totals. Adding the same records in any order gives
 * the same totals (counts, and the smallest failing index per kind), so the
 * result does not depend on which worker finished first. Passing cases
 * leave nothing behind but counts: memory stays flat.
 */
export class CampaignTally {
  casesRun = 0;
  readonly outcomes: OutcomeCounts = { completed: 0, cancelled: 0, failed: 0, timed_out: 0, none: 0 };
  /** Failing cases per kind. */
  readonly failing = new Map<FindingKind, number>();
  /** The first (smallest-index) failing case per kind. */
  readonly firstFailing = new Map<FindingKind, number>();
  failingCases = 0;

  /** Counts one case's record; only a failing case's index is kept, and only if it is the smallest so far. */
  add(record: CaseRecord): void {
    this.casesRun++;
    this.outcomes[record.outcome ?? 'none']++;
    if (record.kinds.length > 0) this.failingCases++;
    for (const kind of record.kinds) {
      this.failing.set(kind, (this.failing.get(kind) ?? 0) + 1);
      const first = this.firstFailing.get(kind);
      if (first === undefined || record.index < first) this.firstFailing.set(kind, record.index);
    }
  }

  /** Failing-case counts in report order, only kinds that occurred. */
  failingByKind(): Partial<Record<FindingKind, number>> {
    const out: Partial<Record<FindingKind, number>> = {};
    for (const kind of FINDING_KINDS) {
      const n = this.failing.get(kind);
      if (n !== undefined) out[kind] = n;
    }
    return out;
  }
}
