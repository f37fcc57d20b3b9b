import { z } from 'zod';
import { DEFAULT_TRACKER_CONFIG, type TrackerConfig } from '../../3-model/tracker/TrackerConfig.js';
import { DEFAULT_STAGE_TABLE, STAGE_NAMES } from '../../3-model/tracker/stageTable.js';
import { decimal, duration, durationExpected, strictMap, text } from './_internals/fields.js';
import { optionalShape, type ScalarField } from './_internals/scalarFields.js';
import { LIMITS } from './limits.js';

const seconds = (what: string) => `${what}: ${durationExpected()}`;

/** Every scalar constant of the tracker as a file key, unit last. */
export const TRACKER_FIELDS: readonly ScalarField<Exclude<keyof TrackerConfig, 'stages'>>[] = [
  {
    file: 'tick_s',
    key: 'tickMs',
    unit: 'ms',
    schema: duration({ minS: LIMITS.tickSMin, maxS: LIMITS.tickSMax }),
    description: `Period of the tracker's background loop: ${durationExpected({ minS: LIMITS.tickSMin, maxS: LIMITS.tickSMax })}`,
  },
  { file: 'step_pct_per_s', key: 'stepPctPerS', unit: 'number', schema: decimal(0, 100), description: 'Fastest climb towards the target, in progress points per second' },
  { file: 'creep_pct_per_s', key: 'creepPctPerS', unit: 'number', schema: decimal(0, 100), description: 'Creep when the target is not above the current progress, in points per second' },
  { file: 'progress_cap_pct', key: 'progressCapPct', unit: 'number', schema: decimal(0, 100), description: 'Progress never passes this until the job completes' },
  { file: 'overtime_gap_ratio', key: 'overtimeGapRatio', unit: 'number', schema: decimal(0, 1), description: 'Once a stage overruns, its time-based ratio approaches 1 minus this, halving per expected duration' },
  { file: 'near_end_pct', key: 'nearEndPct', unit: 'number', schema: decimal(0, 100), description: 'Above this progress the ETA is also bounded by elapsed × (100 − p) / p' },
  { file: 'eta_gate_s', key: 'etaGateS', unit: 's', schema: duration(), description: seconds('The smoothed ETA is recomputed only after this long') },
  { file: 'alpha_fast', key: 'alphaFast', unit: 'number', schema: decimal(0, 1), description: 'Smoothing weight of the raw ETA when the last smoothing was less than alpha_switch_s ago' },
  { file: 'alpha_slow', key: 'alphaSlow', unit: 'number', schema: decimal(0, 1), description: 'Smoothing weight of the raw ETA after a longer gap' },
  { file: 'alpha_switch_s', key: 'alphaSwitchS', unit: 's', schema: duration(), description: seconds('Gap that switches alpha_fast to alpha_slow') },
  { file: 'eta_min_s', key: 'etaMinS', unit: 's', schema: duration(), description: seconds('Lower clamp of the shown ETA (at most eta_max_s)') },
  { file: 'eta_max_s', key: 'etaMaxS', unit: 's', schema: duration(), description: seconds('Upper clamp of the shown ETA') },
  { file: 'eta_rise_max_s', key: 'etaRiseMaxS', unit: 's', schema: duration(), description: seconds('A shown ETA more than this above the last one is refused') },
];

/** The file keys of a stage table row. */
export const STAGE_ROW_KEYS = ['start_pct', 'end_pct', 'expected_s', 'display_name'] as const;

function stageRowSchema(name: (typeof STAGE_NAMES)[number]) {
  const row = DEFAULT_STAGE_TABLE.find((r) => r.name === name)!;
  return strictMap(
    {
      start_pct: decimal(0, 100).optional().meta({ description: 'Progress at the stage start (at most end_pct)', default: row.startPct }),
      end_pct: decimal(0, 100).optional().meta({ description: 'Progress at the stage end', default: row.endPct }),
      expected_s: duration({ minS: LIMITS.expectedSMin })
        .optional()
        .meta({ description: `Expected duration of the stage: ${durationExpected({ minS: LIMITS.expectedSMin })}`, default: row.expectedS }),
      display_name: text({ minLength: 1, maxLength: LIMITS.displayNameLengthMax, expected: `a name to show (1 to ${LIMITS.displayNameLengthMax} characters)` })
        .optional()
        .meta({ description: 'What the page shows for the stage', default: row.displayName }),
    },
    `a mapping with keys ${STAGE_ROW_KEYS.join(', ')}`,
  )
    .optional()
    .meta({ description: `Overrides of the ${name} row of the tracker's stage table` });
}

const stageTableShape = Object.fromEntries(STAGE_NAMES.map((name) => [name, stageRowSchema(name)])) as Record<
  (typeof STAGE_NAMES)[number],
  ReturnType<typeof stageRowSchema>
>;

/** Overrides of any tracker constant, including rows of the stage table. */
export const TrackerOverridesSchema = strictMap(
  {
    ...optionalShape(TRACKER_FIELDS, DEFAULT_TRACKER_CONFIG),
    stages: strictMap(stageTableShape, `a mapping of stage names (${STAGE_NAMES.join(', ')}) to row overrides`)
      .optional()
      .meta({ description: "Partial overrides of the tracker's stage table, by stage name" }),
  },
  `a mapping of tracker settings (${TRACKER_FIELDS.map((f) => f.file).join(', ')}, stages)`,
);

/** Tracker overrides as parsed from a file. */
export type FileTrackerOverrides = z.output<typeof TrackerOverridesSchema>;
