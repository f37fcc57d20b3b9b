import { expect, test } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../tempDirs.js';
import { main } from '../../src/9-cli/main.js';
import { memoryIo } from '../../src/9-cli/Io.js';

test('check --out draws each job of a capture as a report, the way a run is drawn', async () => {
  const out = tempDir('etasim-check-report-');
  const code = await main(['check', 'test/corpus/traces/bad/reported-bug.jsonl', '--out', out], memoryIo());
  expect(code).toBe(1);
  const html = readFileSync(join(out, 'J', 'report.html'), 'utf8');
  expect(html).toContain('<svg');
  expect(html).toContain('eta-zero-mid-run');
  expect(html).toContain('cpsat_direct');
  expect(html).toContain('npx etasim check test/corpus/traces/bad/reported-bug.jsonl --job J');
  // Reproducible: a second check writes the same bytes.
  const again = tempDir('etasim-check-report-');
  await main(['check', 'test/corpus/traces/bad/reported-bug.jsonl', '--out', again], memoryIo());
  expect(readFileSync(join(again, 'J', 'report.html'), 'utf8')).toBe(html);
});

test('writers named __proto__ or like a number are drawn and counted, in order of first write', async () => {
  const dir = tempDir('etasim-check-names-');
  const renamed = readFileSync('test/corpus/traces/bad/reported-bug.jsonl', 'utf8')
    .replaceAll('"writer":"api"', '"writer":"__proto__"')
    .replaceAll('"writer":"cpsat_direct"', '"writer":"7"');
  writeFileSync(join(dir, 'renamed.jsonl'), renamed);
  const io = memoryIo(dir);
  const code = await main(['check', 'renamed.jsonl', '--out', 'out'], io);
  expect(io.err).not.toContain('internal error');
  expect(code).toBe(1);
  const html = readFileSync(join(dir, 'out', 'J', 'report.html'), 'utf8');
  const counted = [...html.matchAll(/<tr><th>messages by ([^<]*)<\/th><td class="num">(\d+)<\/td><\/tr>/g)].map((m) => [m[1], Number(m[2])]);
  // The trace's writers first wrote in this order: api (renamed __proto__), tracker, cpsat_direct (renamed 7).
  expect(counted.map(([w]) => w)).toEqual(['__proto__', 'tracker', '7']);
  for (const [, n] of counted) expect(n).toBeGreaterThan(0);
  expect(html).toContain('__proto__ at ');
});
