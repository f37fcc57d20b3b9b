import { expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
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
