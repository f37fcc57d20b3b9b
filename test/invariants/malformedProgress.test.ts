import { afterAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkTrace, violatedIds } from '../../src/5-invariants/checkTrace.js';
import { formatTrace } from '../../src/0-trace/jsonl.js';
import { main } from '../../src/9-cli/main.js';
import { memoryIo } from '../../src/9-cli/Io.js';
import { TraceBuilder } from './traceBuilder.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A clean run with one foreign write of `value` to the key (and, when asked, on the channel) at 10 s. */
function withForeign(value: string | undefined, publish = false): TraceBuilder {
  const b = new TraceBuilder().start(0).ticks(0, 30, 0, 40, 720, 690);
  const t = b.events[0]!.t + 10;
  b.events.push({ t, writer: 'foreign', op: 'set', key: 'progress:job:J', ...(value === undefined ? {} : { value }) });
  if (publish) b.events.push({ t, writer: 'foreign', op: 'publish', key: 'progress:J', value: value ?? '' });
  b.events.sort((x, y) => x.t - y.t);
  return b.complete(31);
}

describe('malformed-progress', () => {
  test.each([
    ['not JSON', 'running, 40 %'],
    ['null', 'null'],
    ['truncated', '{"progress": 40, "status": "runn'],
    ['a number', '42'],
    ['a list', '[40, 690]'],
    ['no value', undefined],
  ])('a foreign write the page cannot parse (%s) is a violation, not "no violations"', (_, value) => {
    const v = checkTrace(withForeign(value).events).violations;
    expect(violatedIds(v)).toContain('malformed-progress');
    const found = v.filter((x) => x.invariant === 'malformed-progress');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ writer: 'foreign', view: 'key', at_s: 10 });
  });

  test('one violation per writer and view, counting the writes', () => {
    const b = withForeign('null', true);
    b.events.push({ t: b.events[b.events.length - 1]!.t, writer: 'foreign', op: 'set', key: 'progress:job:J', value: 'x' });
    const found = checkTrace(b.events).violations.filter((x) => x.invariant === 'malformed-progress');
    expect(found.map((f) => f.view).sort()).toEqual(['channel', 'key']);
    expect(found.find((f) => f.view === 'key')!.message).toMatch(/^foreign wrote 2 progress values the page cannot parse as a JSON object \(first at 10 s: "null"\)$/);
  });

  test('a clean trace, with informational publishes, has none', () => {
    const b = new TraceBuilder().start(0).ticks(0, 30, 0, 40, 720, 690).info(5).complete(31);
    expect(violatedIds(checkTrace(b.events).violations)).not.toContain('malformed-progress');
  });

  test('etasim check on such a capture exits 1 and names it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'etasim-malformed-'));
    dirs.push(dir);
    const file = join(dir, 'capture.jsonl');
    writeFileSync(file, formatTrace(withForeign('{"progress": 4').events));
    const io = memoryIo();
    expect(await main(['check', file, '--json'], io)).toBe(1);
    expect(JSON.parse(io.out).violations.map((v: { invariant: string }) => v.invariant)).toContain('malformed-progress');
  });
});
