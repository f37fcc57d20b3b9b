import { describe, expect, test } from 'vitest';
import { chartData, DEFAULT_LAYOUT } from '../../src/8-report/chartData.js';
import { downsample } from '../../src/8-report/_internals/downsample.js';
import { stageBands } from '../../src/8-report/stageBands.js';
import { traceView } from '../../src/8-report/TraceView.js';
import { traceCsvChunks, formatTraceCsv } from '../../src/8-report/traceCsv.js';
import { formatCheckText } from '../../src/6-formats/capture/formatCheck.js';
import type { CaptureCheck, JobCheck } from '../../src/6-formats/capture/checkCapture.js';
import { NO_ETA_METRICS } from '../../src/5-invariants/metrics.js';
import { formatTrace, traceChunks } from '../../src/0-trace/jsonl.js';
import { TraceBuilder } from '../invariants/traceBuilder.js';
import { checkTrace } from '../../src/5-invariants/checkTrace.js';

// More items than a call's arguments can hold: `Math.max(...items)` throws
// "Maximum call stack size exceeded" well below this.
const MANY = 200_000;

describe('renderers take inputs of any length (no spread into a call)', () => {
  test('the charts of a run with 200k tracker messages (10 ms ticks over ~30 min)', () => {
    const trace = new TraceBuilder('J').start(0, 900).ticks(0.5, MANY / 2, 1, 97, 900, 10).complete(MANY / 2 + 1);
    const view = traceView(trace.events);
    expect(view.messages.length).toBeGreaterThan(MANY);
    const data = chartData(view, [], stageBands(view), DEFAULT_LAYOUT);
    expect(data.xMaxS).toBeGreaterThanOrEqual(MANY / 2);
  });

  test('write-after-terminal over 100k running messages after a cancel (each writer\'s list grows in place)', () => {
    const trace = new TraceBuilder('J').start(0, 900).terminal(1, 'cancelled').ticks(2, 25_001.5, 1, 97, 900, 10);
    const found = checkTrace(trace.events).violations.filter((v) => v.invariant === 'write-after-terminal');
    expect(found.map((v) => v.message)).toEqual([expect.stringMatching(/^tracker wrote 100000 running messages after the terminal 'cancelled' at 1 s/)]);
  });

  test('downsampling 200k rows', () => {
    const rows = Array.from({ length: MANY }, (_, i) => i % 7);
    expect(downsample(rows, (r) => r, 1000).length).toBeLessThanOrEqual(1000);
  });

  test("check's text for 200k jobs", () => {
    const job = (i: number): JobCheck => ({ job_id: `job-${i}`, db: 0, ok: true, messages: 1, writers: {}, violations: [], metrics: NO_ETA_METRICS });
    const check: CaptureCheck = {
      ok: true, messages: MANY, writers: {}, violations: [], file: 'x.monitor', format: 'monitor',
      jobs: Array.from({ length: MANY }, (_, i) => job(i)), attribution: [], notes: [], warnings: [],
    };
    const text = formatCheckText(check);
    expect(text).toContain(`${MANY} jobs checked: ${MANY} ok, 0 with violations`);
  });
});

describe('trace files too long for one string are written in chunks', () => {
  test('trace.jsonl chunks join to the same text, each about a megabyte at most', () => {
    const trace = new TraceBuilder('J').start(0, 900).ticks(0.5, 20_000, 1, 97, 900, 10).complete(20_001);
    const chunks = [...traceChunks(trace.events)];
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) expect(c.length).toBeLessThan(2 << 20);
    expect(chunks.join('')).toBe(formatTrace(trace.events));
  });

  test('trace.csv chunks join to the same text', () => {
    const trace = new TraceBuilder('J').start(0, 900).ticks(0.5, 20_000, 1, 97, 900, 10).complete(20_001);
    const view = traceView(trace.events);
    const chunks = [...traceCsvChunks(view)];
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe(formatTraceCsv(view));
  });
});
