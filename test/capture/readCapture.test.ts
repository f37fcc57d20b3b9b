import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readCapture, type Capture } from '../../src/6-formats/capture/readCapture.js';
import { InputError } from '../../src/6-formats/InputError.js';

const CORPUS = join(import.meta.dirname, '..', 'corpus', 'captures');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etasim-capture-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function read(name: string, format: 'monitor' | 'jsonl' | 'auto' = 'auto'): Promise<Capture> {
  return readCapture(join(CORPUS, name), { format, label: name });
}

/** The InputError lines a capture gives (fails the test when it reads). */
async function errorsOf(path: string, label = 'capture', format: 'monitor' | 'jsonl' | 'auto' = 'auto'): Promise<readonly string[]> {
  try {
    await readCapture(path, { format, label });
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).lines;
  }
  throw new Error(`${path} read without an error`);
}

async function temp(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe('MONITOR escapes (parser/escapes.monitor)', () => {
  test('every escape redis-cli prints decodes to its bytes, read as UTF-8', async () => {
    const capture = await read('parser/escapes.monitor');
    expect(capture.format).toBe('monitor');
    const [job] = capture.jobs;
    expect(job?.jobId).toBe('esc');
    const values = job!.events.map((e) => e.value);
    expect(values[0]).toBe('a"b\\c\nd\re\tf\x07g\bh');
    expect(values[1]).toBe('café → \0\x7f é');
    expect(JSON.parse(values[2]!).message).toBe('Clustering … "fast" \\ done');
    expect(JSON.parse(values[3]!).message).toBe('Préparation');
    expect(values[4]).toBe('');
    expect(values[5]).toBe('\\x41 is not an escape here, and \\\\n neither');
    expect(job!.events.map((e) => e.op)).toEqual(['set', 'set', 'publish', 'setex', 'set', 'set']);
    expect(job!.events[3]!.ttl_s).toBe(3600);
  });
});

describe('odd lines (parser/odd-lines.monitor)', () => {
  let capture: Capture;
  beforeAll(async () => {
    capture = await read('parser/odd-lines.monitor');
  });

  test('jobs are a db and an id; other keys, MULTI/EXEC, EVALSHA, PING, AUTH and the leading OK are skipped', () => {
    expect(capture.jobs.map((j) => [j.jobId, j.db])).toEqual([
      ['odd', 0],
      ['other', 3],
    ]);
    const odd = capture.jobs[0]!;
    expect(odd.events.map((e) => `${e.line} ${e.op} ${e.key} ${e.conn}`)).toEqual([
      '3 setex start_time:job:odd 127.0.0.1:53422',
      '5 setex progress:job:odd [::1]:6379',
      '6 publish progress:odd [::1]:6379',
      '7 get cancel:job:odd unix:/tmp/redis.sock',
      '9 set progress:job:odd lua',
      '12 get progress:job:odd 127.0.0.1:53430',
      '15 del cancel:job:odd 127.0.0.1:53422',
      '15 del start_time:job:odd 127.0.0.1:53422',
    ]);
    expect(odd.events[0]!.t).toBe(1733066000.00001);
  });

  test('a last line cut off mid-quote is skipped with a warning', () => {
    expect(capture.warnings).toHaveLength(1);
    expect(capture.warnings[0]).toMatch(/^parser\/odd-lines\.monitor:16:73: skipped the last line, cut off/);
    expect(capture.lines).toBe(16);
  });

  test('--job keeps one job, and still knows the others', async () => {
    const one = await readCapture(join(CORPUS, 'parser/odd-lines.monitor'), { format: 'monitor', label: 'x', jobId: 'other' });
    expect(one.jobs.map((j) => j.jobId)).toEqual(['other']);
    expect(one.jobIdsSeen).toEqual(['odd', 'other']);
  });
});

describe('jsonl', () => {
  test('extra fields are allowed, conn and ttl_s kept, a cut-off last line is a warning', async () => {
    const capture = await read('parser/truncated.jsonl');
    expect(capture.format).toBe('jsonl');
    const events = capture.jobs[0]!.events;
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ writer: 'api', op: 'setex', conn: 'api', ttl_s: 3600, line: 1 });
    expect(events[0]).not.toHaveProperty('extra');
    expect(capture.warnings[0]).toMatch(/^parser\/truncated\.jsonl:3:\d+: skipped the last line/);
  });

  test('bad lines are located; blank lines are fine', async () => {
    expect(await errorsOf(join(CORPUS, 'invalid/bad-line.jsonl'), 'bad-line.jsonl')).toEqual([
      'bad-line.jsonl:4:36: "op" must be one of setex, publish, set, del, get, found "frob"',
      'bad-line.jsonl:5:2: "t" must be epoch seconds (a number), found "soon"',
      expect.stringMatching(/^bad-line\.jsonl:6:\d+: not valid JSON/),
    ]);
  });

  test.each([
    ['not an object', '[1,2]\n', /^c:1:1: expected a JSON object per line/],
    ['a setex without value', '{"t":1,"writer":"w","op":"setex","key":"progress:job:j"}\n{"t":2,"writer":"w","op":"del","key":"progress:job:j"}\n', /^c:1:\d+: a setex needs "value"/],
    ['an empty writer', '{"t":1,"writer":"","op":"publish","key":"progress:j","value":"{}"}\n{}\n', /^c:1:\d+: "writer" must be a non-empty string/],
  ])('%s', async (_name, content, pattern) => {
    const lines = await errorsOf(await temp(`jsonl-${_name}.jsonl`, content), 'c', 'jsonl');
    expect(lines[0]).toMatch(pattern);
  });
});

describe('bad input: FILE:LINE:COL, never a stack trace', () => {
  test.each([
    ['invalid/garbage-middle.monitor', 'garbage-middle.monitor:5:1: expected a MONITOR line'],
    ['invalid/unterminated-middle.monitor', 'unterminated-middle.monitor:4:77: unterminated quoted argument'],
    ['invalid/bad-escape.monitor', 'bad-escape.monitor:3:72: unknown escape \\q'],
    ['invalid/text-after-quote.monitor', 'text-after-quote.monitor:3:74: expected a space and the next quoted argument'],
  ])('%s', async (name, expected) => {
    const lines = await errorsOf(join(CORPUS, name), name.split('/')[1]);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.startsWith(expected)).toBe(true);
  });

  test('NUL bytes in the middle', async () => {
    const good = '1733066000.000000 [0 lua] "SET" "start_time:job:j" "x"\n';
    for (const tail of [[0x0a], [0x80, 0x0a]]) {
      const path = await temp('nul.monitor', Buffer.concat([Buffer.from(good + good), Buffer.from([0x31, 0x37, 0, 0, ...tail]), Buffer.from(good)]));
      const lines = await errorsOf(path, 'nul.monitor');
      expect(lines).toEqual([expect.stringMatching(/^nul\.monitor:3:3: .*NUL byte/)]);
    }
  });

  test('invalid UTF-8 in the middle', async () => {
    const good = '1733066000.000000 [0 lua] "SET" "start_time:job:j" "x"\n';
    const path = await temp('utf8.monitor', Buffer.concat([Buffer.from(good), Buffer.from('1733066000.000000 [0 lua] "SET" "k" "'), Buffer.from([0xc3, 0x28]), Buffer.from('"\n' + good)]));
    expect(await errorsOf(path, 'utf8.monitor')).toEqual(['utf8.monitor:2:38: invalid UTF-8: binary data, not a capture']);
  });

  test('a binary file (random bytes) is refused at its first line', async () => {
    const bytes = Buffer.alloc(300_000);
    let x = 12345;
    for (let i = 0; i < bytes.length; i++) bytes[i] = (x = (x * 1103515245 + 12345) & 0x7fffffff) >> 16;
    const lines = await errorsOf(await temp('random.bin', bytes), 'random.bin');
    expect(lines[0]).toMatch(/^random\.bin:1:\d+: /);
  });

  test('stops after five errors', async () => {
    const path = await temp('many.monitor', '1733066000.000000 [0 lua] "PING"\n' + 'junk\n'.repeat(50));
    const lines = await errorsOf(path, 'many.monitor');
    expect(lines).toHaveLength(6);
    expect(lines.slice(0, 5)).toEqual([2, 3, 4, 5, 6].map((n) => `many.monitor:${n}:1: expected a MONITOR line: a timestamp (1733066000.123456), "[db address]" and quoted arguments`));
    expect(lines[5]).toBe('many.monitor: stopped after 5 errors');
  });

  test('an unknown format is named at its first line', async () => {
    const lines = await errorsOf(await temp('prose.txt', '\n\nDear diary,\n'), 'prose.txt');
    expect(lines).toEqual([expect.stringMatching(/^prose\.txt:3:1: cannot tell the format: expected a redis-cli MONITOR line/)]);
  });

  test('a file with no command at all', async () => {
    expect(await errorsOf(await temp('ok-only.monitor', 'OK\n'), 'ok-only.monitor')).toEqual([expect.stringMatching(/^ok-only\.monitor:1:1: no command in the file/)]);
  });

  test('a missing file and a folder', async () => {
    expect(await errorsOf(join(dir, 'nope.monitor'), 'nope.monitor')).toEqual(['nope.monitor:1:1: cannot read: no such file']);
    expect((await errorsOf(dir, 'a-folder'))[0]).toMatch(/^a-folder:1:1: is a folder/);
  });
});

describe('line endings', () => {
  test('CRLF lines, a BOM and no final newline after a complete line', async () => {
    const text = '\ufeffOK\r\n1733066000.000000 [0 lua] "SET" "progress:job:j" "{\\"progress\\": 1}"\r\n1733066000.500000 [0 lua] "PUBLISH" "progress:j" "{}"';
    const capture = await readCapture(await temp('crlf.monitor', text), { format: 'auto', label: 'crlf' });
    expect(capture.warnings).toEqual([]);
    expect(capture.jobs[0]!.events.map((e) => e.value)).toEqual(['{"progress": 1}', '{}']);
  });

  test('lines split across read chunks', async () => {
    const { readLines } = await import('../../src/6-formats/capture/readLines.js');
    const path = await temp('chunks.txt', 'alpha\nbeta\r\n\ngamma');
    const seen: string[] = [];
    const result = await readLines(path, { line: (t, n) => (seen.push(`${n}:${t}`), true), tooLong: () => true }, 3);
    expect(seen).toEqual(['1:alpha', '2:beta', '3:', '4:gamma']);
    expect(result.endsWithNewline).toBe(false);
  });
});
