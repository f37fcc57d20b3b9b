import type { z } from 'zod';
import { duration, durationExpected, listOf, literalTrue, oneOf, strictMap, text, WHEN_FIELDS_VALID } from './_internals/fields.js';
import { COMPONENTS, REDIS_FAULTS } from './Scenario.js';
import { LIMITS } from './limits.js';

/**
 * Something that happens at a virtual time: `{ at_s, cancel: true }`,
 * `{ at_s, error: "message" }`, or a Redis fault
 * `{ at_s, fault: errors | latency | disconnect | drop_messages, duration_s, latency_s?, components? }`.
 */
export const EventSchema = strictMap(
  {
    at_s: duration().meta({ description: `Virtual time since the job started: ${durationExpected()}` }),
    cancel: literalTrue('true (a user cancel), or no cancel key').optional().meta({ description: 'A user cancels the job' }),
    error: text({
      minLength: 1,
      maxLength: LIMITS.eventMessageLengthMax,
      expected: `an error message (1 to ${LIMITS.eventMessageLengthMax} characters)`,
    })
      .optional()
      .meta({ description: 'The running stage fails with this message' }),
    fault: oneOf(REDIS_FAULTS, 'Redis fault')
      .optional()
      .meta({ description: 'A Redis fault for duration_s: command errors, added latency, a dropped connection that reconnects, or a subscriber that misses messages' }),
    duration_s: duration({ minS: 0.001 }).optional().meta({ description: `How long the fault lasts: ${durationExpected({ minS: 0.001 })}` }),
    latency_s: duration().optional().meta({ description: `Latency added to each command (fault: latency): ${durationExpected()}` }),
    components: listOf(oneOf(COMPONENTS, 'component'), { maxLength: COMPONENTS.length, noun: 'components', unique: true })
      .optional()
      .meta({ description: 'The components whose connections suffer the fault (default: all)' }),
  },
  'a mapping with keys at_s and one of cancel: true, error: "message" or fault: KIND',
).superRefine((event, ctx) => {
  const kinds = [event.cancel, event.error, event.fault].filter((k) => k !== undefined).length;
  if (kinds === 0) {
    ctx.addIssue({ code: 'custom', path: [], message: 'has none of cancel, error, fault; expected cancel: true, error: "message" or fault: KIND' });
  } else if (kinds > 1) {
    const path = event.fault !== undefined ? 'fault' : 'error';
    ctx.addIssue({ code: 'custom', path: [path], message: 'is given together with another kind; expected an event to be one of a cancel, an error or a fault' });
  }
  if (event.fault === undefined) {
    for (const key of ['duration_s', 'latency_s', 'components'] as const) {
      if (event[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'belongs to fault events; expected it only with fault: KIND' });
    }
    return;
  }
  if (event.duration_s === undefined) ctx.addIssue({ code: 'custom', path: [], message: 'has no duration_s; expected a fault to say how long it lasts' });
  if (event.fault === 'latency' && event.latency_s === undefined) {
    ctx.addIssue({ code: 'custom', path: [], message: 'has no latency_s; expected fault: latency to say how much latency it adds' });
  }
  if (event.fault !== 'latency' && event.latency_s !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['latency_s'], message: 'is only meaningful with fault: latency' });
  }
}, WHEN_FIELDS_VALID)
  // Editors learn "exactly one of cancel, error and fault" from the JSON Schema too.
  .meta({ oneOf: [{ required: ['cancel'] }, { required: ['error'] }, { required: ['fault', 'duration_s'] }] });

/** An event as parsed from a file. */
export type FileEvent = z.output<typeof EventSchema>;
