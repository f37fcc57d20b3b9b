import { expect } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { infoMessage, legacyMessage, trackerMessage } from '../../src/2-wire/messages.js';
import { pyIsoUtc } from '../../src/2-wire/isoTime.js';
import { readMessage, type MessageNotes } from '../../src/2-wire/ProgressMessage.js';

/** The message as JSON.stringify writes it: trackerMessage builds the same text by hand, for speed. */
function reference(jobId: string, reading: { progress: number; etaS: number; stage: { displayName: string } }, nowMs: number): string {
  const done = reading.progress >= 100;
  const etaS = done ? 0 : reading.etaS;
  return JSON.stringify({
    job_id: jobId,
    progress: reading.progress,
    progress_percent: reading.progress,
    status: done ? 'completed' : 'running',
    stage: reading.stage.displayName,
    message: reading.stage.displayName,
    time_remaining_seconds: etaS,
    eta_seconds: etaS,
    eta: pyIsoUtc(nowMs + etaS * 1000),
    timestamp: nowMs / 1000,
  });
}

const number = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: -1, max: 101 }), fc.constantFrom(0, -0, 1e21, 1e-7, 99.5, 100));

test.prop([fc.string({ unit: 'binary' }), number, number, fc.string({ unit: 'binary' }), fc.integer({ min: 0, max: 4e12 })], { seed: 14, numRuns: 500 })(
  'trackerMessage writes exactly what JSON.stringify writes',
  (jobId, progress, etaS, displayName, nowMs) => {
    const reading = { progress, etaS, stage: { displayName } };
    let expected: string;
    try {
      expected = reference(jobId, reading, nowMs);
    } catch (error) {
      // An ETA beyond the dates JavaScript can print: both refuse it alike.
      expect(() => trackerMessage(jobId, reading, nowMs)).toThrow((error as Error).constructor as ErrorConstructor);
      return;
    }
    expect(trackerMessage(jobId, reading, nowMs)).toBe(expected);
  },
);

/** What the web page reads from a message's JSON, parsed here. */
function parsedFields(text: string) {
  const o = JSON.parse(text) as Record<string, unknown>;
  const number = (x: unknown) => (typeof x === 'number' ? x : null);
  const string = (x: unknown) => (typeof x === 'string' ? x : null);
  return { status: string(o['status']), progress: number(o['progress']), etaS: number(o['time_remaining_seconds']), hasEtaField: 'time_remaining_seconds' in o, stage: string(o['stage']), malformed: false };
}

test.prop([fc.string({ unit: 'binary' }), fc.oneof(number, fc.constantFrom(NaN, Infinity, -Infinity)), number, fc.string({ unit: 'binary' }), fc.integer({ min: 0, max: 4e12 })], { seed: 14, numRuns: 500 })(
  'a message the tracker built reads back as its JSON parses, -0 and non-finite numbers included (it is not parsed again)',
  (jobId, progress, etaS, displayName, nowMs) => {
    const notes: MessageNotes = new Map();
    let text: string;
    try {
      text = trackerMessage(jobId, { progress, etaS, stage: { displayName } }, nowMs, notes);
    } catch {
      return; // an ETA beyond the dates JavaScript can print (the test above)
    }
    expect([...notes.keys()]).toEqual([text]);
    const { event: _event, index: _index, atS: _atS, writer: _writer, ...fields } = readMessage({ t: 0, writer: 'tracker', op: 'setex', key: 'k', value: text }, 0, 0, null, notes);
    expect(fields).toEqual(parsedFields(text));
    expect(Object.is(fields.progress, parsedFields(text).progress)).toBe(true);
    expect(Object.is(fields.etaS, parsedFields(text).etaS)).toBe(true);
  },
);

test.prop([fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), fc.integer({ min: 0, max: 4e12 })], { seed: 14, numRuns: 300 })(
  'infoMessage writes exactly what JSON.stringify writes, and reads back as it parses',
  (jobId, stage, message, nowMs) => {
    const notes: MessageNotes = new Map();
    const text = infoMessage(jobId, stage, message, nowMs, notes);
    expect(text).toBe(JSON.stringify({ job_id: jobId, stage, message, timestamp: pyIsoUtc(nowMs) }));
    expect([...notes.keys()]).toEqual([text]);
    const { event: _event, index: _index, atS: _atS, writer: _writer, ...fields } = readMessage({ t: 0, writer: 'saga', op: 'publish', key: 'k', value: text }, 0, 0, null, notes);
    expect(fields).toEqual(parsedFields(text));
  },
);

test.prop([fc.string({ unit: 'binary' }), fc.oneof(number, fc.constantFrom(NaN, Infinity)), number, fc.string({ unit: 'binary' }), fc.integer({ min: 0, max: 4e12 })], { seed: 14, numRuns: 300 })(
  "a legacy writer's message reads back as its JSON parses",
  (jobId, progress, etaS, stage, nowMs) => {
    const notes: MessageNotes = new Map();
    let text: string;
    try {
      text = legacyMessage(jobId, { progress, etaS, stage, message: stage, itemsDone: 1, itemsTotal: 2 }, nowMs, notes);
    } catch {
      return; // an ETA beyond the dates JavaScript can print
    }
    expect([...notes.keys()]).toEqual([text]);
    const { event: _event, index: _index, atS: _atS, writer: _writer, ...fields } = readMessage({ t: 0, writer: 'ga_direct', op: 'setex', key: 'k', value: text }, 0, 0, null, notes);
    expect(fields).toEqual(parsedFields(text));
    expect(Object.is(fields.progress, parsedFields(text).progress)).toBe(true);
  },
);
