import type { StageName } from '../../2-wire/stages.js';

export { STAGE_NAMES, type StageName } from '../../2-wire/stages.js';

/** One row of the tracker's stage table: an absolute progress range and an expected duration. */
export interface StageSpec {
  readonly name: StageName;
  readonly startPct: number;
  readonly endPct: number;
  readonly expectedS: number;
  readonly displayName: string;
}

/**
 * The tracker's stage table as shipped with the fix (system.md). The seed
 * document quotes other ranges (5→60, 60→80, 80→96); those belong to the
 * removed `_update_progress()` and live in the `update_progress` legacy writer.
 */
export const DEFAULT_STAGE_TABLE: readonly StageSpec[] = [
  { name: 'load_data', startPct: 0, endPct: 5, expectedS: 5, displayName: 'Loading courses and students' },
  { name: 'clustering', startPct: 5, endPct: 10, expectedS: 10, displayName: 'Analyzing course groups' },
  { name: 'cpsat', startPct: 10, endPct: 60, expectedS: 180, displayName: 'Creating initial schedule' },
  { name: 'ga', startPct: 60, endPct: 85, expectedS: 300, displayName: 'Optimizing quality' },
  { name: 'rl', startPct: 85, endPct: 95, expectedS: 180, displayName: 'Resolving conflicts' },
  { name: 'finalize', startPct: 95, endPct: 100, expectedS: 5, displayName: 'Finalizing timetable' },
];
