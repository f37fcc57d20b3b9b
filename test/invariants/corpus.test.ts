import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkTrace, violatedIds } from '../../src/5-invariants/checkTrace.js';
import type { TraceEvent } from '../../src/0-trace/TraceEvent.js';

// Known-good and known-bad traces (Elle-style corpus): each `X.jsonl` has
// beside it `X.expected`, the violation ids it must produce (empty: none).
const ROOT = 'test/corpus/traces';

function read(file: string): TraceEvent[] {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as TraceEvent);
}

for (const kind of ['good', 'bad']) {
  describe(`${kind} traces`, () => {
    const files = readdirSync(join(ROOT, kind)).filter((f) => f.endsWith('.jsonl')).sort();
    test('the corpus is not empty', () => expect(files.length).toBeGreaterThan(2));
    for (const f of files) {
      test(f, () => {
        const expected = readFileSync(join(ROOT, kind, f.replace('.jsonl', '.expected')), 'utf8').split('\n').filter(Boolean);
        const found = violatedIds(checkTrace(read(join(ROOT, kind, f))).violations);
        expect(found).toEqual(expected);
        if (kind === 'good') expect(found).toEqual([]);
        else expect(found.length).toBeGreaterThan(0);
      });
    }
  });
}
