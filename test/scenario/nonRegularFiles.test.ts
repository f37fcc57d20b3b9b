import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { InputError } from '../../src/6-formats/InputError.js';
import { loadScenarioPaths } from '../../src/6-formats/scenario/load.js';
import { readCapture } from '../../src/6-formats/capture/readCapture.js';

let dir: string;
let fifo: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'etasim-nonregular-'));
  fifo = join(dir, 'pipe.yaml');
  execFileSync('mkfifo', [fifo]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function captureErrors(path: string): Promise<readonly string[]> {
  const error = await readCapture(path, { format: 'auto', label: path }).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(InputError);
  return (error as InputError).lines;
}

// Without the check each of these blocks for ever (a FIFO with no writer) or reads for ever (/dev/zero).
describe('a FIFO or a device is refused, never read', () => {
  test.each([['a FIFO', () => fifo], ['/dev/zero', () => '/dev/zero'], ['/dev/null', () => '/dev/null']])('as a scenario: %s', async (_, path) => {
    const { scenarios, errors } = await loadScenarioPaths([path()]);
    expect(scenarios).toEqual([]);
    expect(errors).toEqual([`${path()}:1:1: not a regular file (a FIFO, device or socket); expected a scenario file`]);
  }, 10_000);

  test.each([['a FIFO', () => fifo], ['/dev/zero', () => '/dev/zero']])('as a capture: %s', async (_, path) => {
    expect(await captureErrors(path())).toEqual([`${path()}:1:1: not a regular file (a FIFO, device or socket); expected a capture file`]);
  }, 10_000);
});

describe('one job id over 50,000 dbs', () => {
  test('is read (in linear time) and the warning names the first dbs and the count, not all 50,000', async () => {
    const path = join(dir, 'many-dbs.monitor');
    let text = '';
    for (let db = 0; db < 50_000; db++) text += `1733066000.${String(db).padStart(6, '0')} [${db} 127.0.0.1:5000] "PUBLISH" "progress:J" "{\\"progress\\": 1, \\"status\\": \\"running\\"}"\n`;
    writeFileSync(path, text);
    const capture = await readCapture(path, { format: 'auto', label: 'many-dbs.monitor' });
    expect(capture.jobs).toHaveLength(50_000);
    const warning = capture.warnings.find((w) => w.includes('appears in dbs'));
    expect(warning).toBe('many-dbs.monitor: job J appears in dbs 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, … (50000 dbs): each db is checked as its own job');
  }, 60_000);
});
