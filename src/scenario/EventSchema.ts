import type { z } from 'zod';
import { duration, durationExpected, literalTrue, strictMap, text, WHEN_FIELDS_VALID } from './_internals/fields.js';
import { LIMITS } from './limits.js';

/** Something that happens at a virtual time: `{ at_s, cancel: true }` or `{ at_s, error: "message" }`. */
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
  },
  'a mapping with keys at_s and cancel: true or error: "message"',
).superRefine((event, ctx) => {
  if (event.cancel === undefined && event.error === undefined) {
    ctx.addIssue({ code: 'custom', path: [], message: 'has neither cancel nor error; expected cancel: true or error: "message"' });
  } else if (event.cancel !== undefined && event.error !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['error'], message: 'is given together with cancel; expected an event to be a cancel or an error, not both' });
  }
}, WHEN_FIELDS_VALID)
  // Editors learn "exactly one of cancel and error" from the JSON Schema too.
  .meta({ oneOf: [{ required: ['cancel'] }, { required: ['error'] }] });

/** An event as parsed from a file. */
export type FileEvent = z.output<typeof EventSchema>;
