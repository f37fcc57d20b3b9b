import type { z } from 'zod';
import type { CheckOptions } from './Scenario.js';
import { DEFAULT_CHECKS } from './defaults.js';
import { decimal, duration, durationExpected, strictMap } from './_internals/fields.js';
import { optionalShape, type ScalarField } from './_internals/scalarFields.js';
import { LIMITS } from './limits.js';

const gateNote = '; null (the default) leaves the gate off';

/** Every checker tolerance as a file key, unit last. */
export const CHECK_FIELDS: readonly ScalarField<keyof CheckOptions>[] = [
  { file: 'eta_rise_max_s', key: 'etaRiseMaxS', unit: 's', schema: duration(), description: `eta-jump: largest allowed rise of the shown ETA between two observations: ${durationExpected()}` },
  { file: 'eta_rise_at_ga_max_s', key: 'etaRiseAtGaMaxS', unit: 's', schema: duration(), description: 'eta-jump at the CP-SAT → GA transition ("same or lower" is 0)' },
  { file: 'progress_drop_max_pct', key: 'progressDropMaxPct', unit: 'number', schema: decimal(0, 100), description: 'progress-regression: largest allowed drop, in progress points' },
  {
    file: 'poll_s',
    key: 'pollMs',
    unit: 'ms',
    schema: duration({ minS: LIMITS.pollSMin, maxS: LIMITS.pollSMax }),
    description: `The web page's poll period: ${durationExpected({ minS: LIMITS.pollSMin, maxS: LIMITS.pollSMax })}`,
  },
  { file: 'eta_stuck_max_s', key: 'etaStuckMaxS', unit: 's', schema: duration().nullable(), description: `eta-stuck: longest time the shown ETA may stay the same while the job runs${gateNote}` },
  { file: 'progress_leap_max_pct', key: 'progressLeapMaxPct', unit: 'number', schema: decimal(0, 100).nullable(), description: `progress-leap: largest rise of progress between two observations, in points${gateNote}` },
  { file: 'eta_mae_max_s', key: 'etaMaeMaxS', unit: 's', schema: duration().nullable(), description: `eta-error: largest mean absolute ETA error against the true remaining time${gateNote}` },
];

/** Per-scenario tolerances of the checkers. */
export const ChecksSchema = strictMap(
  optionalShape(CHECK_FIELDS, DEFAULT_CHECKS),
  `a mapping of checker tolerances (${CHECK_FIELDS.map((f) => f.file).join(', ')})`,
);

/** Checker tolerances as parsed from a file. */
export type FileChecks = z.output<typeof ChecksSchema>;
