import type { TraceEvent } from './TraceEvent.js';
import { jsonName, jsonNumber } from './jsonText.js';

/** The last value quoted, and its JSON: a SETEX and its PUBLISH carry the same text. */
let lastValue: string | null = null;
let lastQuoted = '';

function quotedValue(value: string): string {
  if (value !== lastValue) {
    lastQuoted = JSON.stringify(value);
    lastValue = value;
  }
  return lastQuoted;
}

/**
 * One trace event as a jsonl line, keys in the contract's order, extensions
 * after: what JSON.stringify writes for them (a test pins it), built without
 * the object, since a run writes thousands.
 */
export function formatTraceLine(event: TraceEvent): string {
  let line = `{"t":${jsonNumber(event.t)},"writer":${jsonName(event.writer)},"op":${jsonName(event.op)},"key":${jsonName(event.key)}`;
  // The contract gives every line a value: a DEL writes none, so its value is empty.
  const value = event.value;
  if (value !== undefined) line += value === null ? ',"value":null' : `,"value":${quotedValue(value)}`;
  else if (event.op === 'del') line += ',"value":""';
  if (event.conn !== undefined) line += `,"conn":${jsonName(event.conn)}`;
  if (event.ttl_s !== undefined) line += `,"ttl_s":${jsonNumber(event.ttl_s)}`;
  return line + '}';
}

/** A whole trace as jsonl text (one line per event, newline-terminated). */
export function formatTrace(events: readonly TraceEvent[]): string {
  let out = '';
  for (const e of events) out += formatTraceLine(e) + '\n';
  return out;
}

/** Characters per chunk of {@link traceChunks}. */
const CHUNK_CHARS = 1 << 20;

/**
 * The same text as {@link formatTrace}, in chunks of about a megabyte: a long
 * run at a short tick (8,000 s at 10 ms) makes a trace longer than the
 * longest string V8 can hold, so the file is written chunk by chunk.
 */
export function* traceChunks(events: readonly TraceEvent[]): Generator<string, void, undefined> {
  let out = '';
  for (const e of events) {
    out += formatTraceLine(e) + '\n';
    if (out.length >= CHUNK_CHARS) {
      yield out;
      out = '';
    }
  }
  if (out !== '') yield out;
}

/**
 * The events a trace.jsonl file carries: the contract's writes (SETEX, SET,
 * PUBLISH, DEL). Observer reads stay in memory; the checkers derive the
 * poller's view from the writes.
 */
export function contractEvents(events: readonly TraceEvent[]): TraceEvent[] {
  return events.filter((e) => e.op !== 'get');
}
