import { z } from 'zod';
import { PROFILE_ERROR_PATH, PROFILE_WRITERS } from '../../3-model/pipeline/profiles.js';
import { ChecksSchema } from './ChecksSchema.js';
import { EventSchema } from './EventSchema.js';
import { duration, durationExpected, listOf, oneOf, strictMap, text, wholeNumber } from './_internals/fields.js';
import { defaultScenario } from './defaults.js';
import { secondsOfMs } from './itemDurationsToFile.js';
import { LIMITS } from './limits.js';
import { INVARIANT_IDS, LEGACY_WRITERS, OUTCOMES, PROFILES } from './Scenario.js';
import { StagesSchema } from './StagesSchema.js';
import { TrackerOverridesSchema } from './TrackerOverridesSchema.js';

/** How a stage error or step timeout ends, as a file names it. */
export const ERROR_PATHS = ['published', 'silent'] as const;

const profileNote = PROFILES.map((p) => `${p}: [${PROFILE_WRITERS[p].join(', ')}], ${PROFILE_ERROR_PATH[p]}`).join('; ');

/** The defaults of the top-level settings. */
const BASE = defaultScenario();

const ExpectSchema = strictMap(
  {
    outcome: oneOf(OUTCOMES, 'outcome').optional().meta({ description: 'How the job ends', default: BASE.expect.outcome }),
    violations: listOf(oneOf(INVARIANT_IDS, 'invariant id'), { maxLength: INVARIANT_IDS.length, noun: 'invariant ids', unique: true })
      .optional()
      .meta({ description: 'The exact set of invariants the run violates', default: [] }),
    liveness: z.boolean({ error: 'is not true or false; expected whether the job reaches a terminal message' })
      .optional()
      .meta({ description: 'Whether the job reaches a terminal message once Redis faults stop', default: true }),
  },
  'a mapping with keys outcome, violations, liveness',
);

const shape = {
  name: text({
    minLength: 1,
    maxLength: LIMITS.nameLengthMax,
    pattern: /^[a-z0-9-]+$/,
    expected: `a name of lowercase letters, digits and '-' (1 to ${LIMITS.nameLengthMax} characters)`,
  }).meta({ description: 'Unique in a suite; names the report folder. Lowercase letters, digits and -' }),
  description: text({ maxLength: LIMITS.descriptionLengthMax, expected: `a description of at most ${LIMITS.descriptionLengthMax} characters` })
    .optional()
    .meta({ description: 'What the scenario demonstrates', default: '' }),
  seed: wholeNumber(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 'a whole number from -(2^53 − 1) to 2^53 − 1')
    .optional()
    .meta({ description: 'Every random draw derives from it; `--seed` overrides it', default: BASE.seed }),
  estimated_total_s: duration()
    .optional()
    .meta({ description: `The tracker's initial ETA: ${durationExpected()}`, default: BASE.estimatedTotalS }),
  tracker: TrackerOverridesSchema.optional().meta({ description: 'Overrides of any tracker constant, including the stage table' }),
  profile: oneOf(PROFILES, 'profile')
    .optional()
    .meta({ description: `The version of the service: its legacy writers and error path (${profileNote})`, default: BASE.profile }),
  writers: listOf(oneOf(LEGACY_WRITERS, 'writer id'), { maxLength: LEGACY_WRITERS.length, noun: 'writer ids', unique: true })
    .optional()
    .meta({ description: "Legacy writers switched on, replacing the profile's list" }),
  error_path: oneOf(ERROR_PATHS, 'error path')
    .optional()
    .meta({ description: "How a stage error or step timeout ends, replacing the profile's: a published terminal message, or only the tracker's unpublished fail()" }),
  step_timeout_s: duration({ minS: 0.001 })
    .optional()
    .meta({ description: `Per-step timeout of the saga: ${durationExpected({ minS: 0.001 })}`, default: secondsOfMs(BASE.stepTimeoutMs) }),
  stages: StagesSchema.optional().meta({ description: 'What really happens; a stage left out takes 0 s' }),
  events: listOf(EventSchema, { maxLength: LIMITS.eventsMax, noun: 'events' })
    .optional()
    .meta({ description: 'Cancels and stage errors at virtual times', default: [] }),
  checks: ChecksSchema.optional().meta({ description: 'Per-scenario tolerances of the checkers' }),
  expect: ExpectSchema.optional().meta({ description: 'The outcome and the exact set of violated invariants' }),
};

/**
 * A scenario file as written, before defaults and units are resolved. Every
 * level is strict: an unknown key is an error, so a typo cannot pass a gate.
 */
export const ScenarioFileSchema = strictMap(shape, `a mapping of scenario keys (${Object.keys(shape).join(', ')})`);

/** A scenario file as parsed, before resolution. */
export type ScenarioFile = z.output<typeof ScenarioFileSchema>;
