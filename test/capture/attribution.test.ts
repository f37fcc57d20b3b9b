import { describe, expect, test } from 'vitest';
import { shapeOf } from '../../src/6-formats/capture/messageShape.js';
import { attributeWriters } from '../../src/6-formats/capture/attributeWriters.js';
import type { CapturedEvent } from '../../src/6-formats/capture/CapturedEvent.js';
import type { CapturedJob } from '../../src/6-formats/capture/readCapture.js';

const ISO = '2024-12-01T15:13:20+00:00';
const T = 1733066000;

const tracker = (p: number, eta: number, extra: object = {}): string =>
  JSON.stringify({ job_id: 'j', progress: p, progress_percent: p, status: 'running', stage: 'Creating initial schedule', message: 'm', time_remaining_seconds: eta, eta_seconds: eta, eta: ISO, timestamp: T + 1.5, ...extra });
const legacy = (stage: string, p: number, done: number, total: number, message: string): string =>
  JSON.stringify({ job_id: 'j', progress: p, progress_percent: p, status: 'running', stage, message, time_remaining_seconds: 100, eta: ISO, items_done: done, items_total: total, timestamp: ISO });
const initial = JSON.stringify({ job_id: 'j', progress: 0.1, progress_percent: 0.1, status: 'running', stage: 'Preparing', message: 'Preparing your timetable...', time_remaining_seconds: 720, eta_seconds: 720, eta: ISO, timestamp: ISO });
const terminal = (status: string, stage: string): string => JSON.stringify({ job_id: 'j', progress: 0, status, stage, message: 'x', timestamp: ISO });
const info = JSON.stringify({ job_id: 'j', stage: 'clustering', message: 'Clustering courses...', timestamp: ISO });

describe('shapeOf: what a message says about its writer', () => {
  test.each([
    ['tracker update()', tracker(30, 400), 'setex', 'tracker', 'tracker'],
    ['tracker complete()', tracker(100, 0, { status: 'completed' }), 'publish', 'tracker', 'tracker'],
    ['initial write', initial, 'setex', 'initial', 'api'],
    ['cancel handler', terminal('cancelled', 'Cancelled'), 'setex', 'terminal', 'api'],
    ['timeout handler', terminal('failed', 'Timeout'), 'publish', 'terminal', 'api'],
    ['error handler, published', terminal('failed', 'Failed'), 'publish', 'terminal', 'api'],
    ['failed/Failed stored: fail() unless also published', terminal('failed', 'Failed'), 'setex', 'fail?', null],
    ['informational publish', info, 'publish', 'info', 'saga'],
    ['cpsat_direct', legacy('cpsat', 24, 100, 294, 'Cluster 100/294 scheduled'), 'setex', 'legacy', 'cpsat_direct'],
    ['cpsat_direct, unknown message', legacy('cpsat', 24, 100, 294, 'whatever'), 'setex', 'legacy', 'cpsat_direct'],
    ['ga_direct', legacy('ga', 18, 1, 18, 'Generation 1/18'), 'setex', 'legacy', 'ga_direct'],
    ['update_progress by message', legacy('cpsat', 24, 100, 294, 'cpsat 100/294'), 'setex', 'legacy', 'update_progress'],
    ['update_progress by its GA range', legacy('ga', 61, 1, 18, '?'), 'setex', 'legacy', 'update_progress'],
    ['rl_fallback by message', legacy('rl', 85, 8, 8, 'RL episode 8/8'), 'setex', 'legacy', 'rl_fallback'],
    ['rl_global_repair by message', legacy('rl', 86, 1, 10, 'Repaired cluster 1/10'), 'setex', 'legacy', 'rl_global_repair'],
    ['rl_global_repair: items_total ≤ 10', legacy('rl', 86, 1, 10, '?'), 'setex', 'legacy', 'rl_global_repair'],
    ['rl_fallback: items_total ≥ 30', legacy('rl', 85, 8, 120, '?'), 'setex', 'legacy', 'rl_fallback'],
    ['rl, items_total 16: ambiguous', legacy('rl', 90, 8, 16, '?'), 'setex', 'ambiguous', 'rl_legacy'],
    ['not JSON', 'hello', 'setex', 'unknown', null],
    ['no known field set', JSON.stringify({ progress: 40, status: 'running', time_remaining_seconds: 10 }), 'setex', 'unknown', null],
    ['stored without progress', info, 'setex', 'unknown', null],
  ])('%s', (_name, value, op, kind, writer) => {
    const shape = shapeOf(value, op);
    expect(shape.kind).toBe(kind);
    expect(shape.writer).toBe(writer);
  });
});

/** A job from (seconds, address, op, value) rows; keys follow the op. */
function job(rows: ReadonlyArray<readonly [number, string, 'setex' | 'publish', string]>): CapturedJob {
  const events: CapturedEvent[] = rows.map(([t, conn, op, value], i) => ({
    t: T + t,
    writer: '',
    op,
    key: op === 'publish' ? 'progress:j' : 'progress:job:j',
    value,
    conn,
    db: 0,
    line: i + 1,
  }));
  return { jobId: 'j', db: 0, events };
}

const SVC = '127.0.0.1:53422';

describe('attributeWriters: shape first, address second', () => {
  test('one connection carries api, saga and tracker; GA uses a connection per generation', () => {
    const j = job([
      [0, SVC, 'setex', initial],
      [0, SVC, 'publish', initial],
      [1, SVC, 'setex', tracker(1, 700)],
      [2, SVC, 'publish', info],
      [3, '127.0.0.1:50001', 'setex', legacy('ga', 18, 1, 18, 'Generation 1/18')],
      [4, '127.0.0.1:50002', 'setex', legacy('ga', 22, 2, 18, 'Generation 2/18')],
      [5, SVC, 'setex', terminal('failed', 'Failed')],
    ]);
    const { jobs: [named], writers, notes } = attributeWriters([j]);
    expect(named!.events.map((e) => e.writer)).toEqual(['api', 'api', 'tracker', 'saga', 'ga_direct', 'ga_direct', 'tracker']);
    // Attribution returns data: the capture it read is left as it was.
    expect(j.events.map((e) => e.writer)).toEqual(['', '', '', '', '', '', '']);
    expect(writers.find((w) => w.writer === 'ga_direct')).toMatchObject({
      by: "shape: technical stage 'ga' with items_done/items_total",
      addresses: ['127.0.0.1:50001', '127.0.0.1:50002'],
      addresses_total: 2,
      writes: 2,
    });
    expect(writers.find((w) => w.writer === 'tracker')!.rules.map((r) => r.by)).toEqual([
      expect.stringContaining("tracker's update()"),
      expect.stringContaining("tracker's fail()"),
    ]);
    expect(notes).toEqual([]);
  });

  test('a failed/Failed write that is also published is a terminal handler', () => {
    const j = job([
      [1, SVC, 'setex', tracker(1, 700)],
      [5, SVC, 'setex', terminal('failed', 'Failed')],
      [5, SVC, 'publish', terminal('failed', 'Failed')],
    ]);
    const { jobs: [named] } = attributeWriters([j]);
    expect(named!.events.map((e) => e.writer)).toEqual(['tracker', 'api', 'api']);
  });

  test('an unknown shape is unknown@ADDR, with a hint when it shares the tracker\'s connection', () => {
    const odd = JSON.stringify({ progress: 40, status: 'running', time_remaining_seconds: 10 });
    const j = job([
      [1, SVC, 'setex', tracker(1, 700)],
      [2, SVC, 'setex', odd],
      [3, '10.0.0.9:4000', 'setex', odd],
    ]);
    const { jobs: [named], notes } = attributeWriters([j]);
    expect(named!.events.map((e) => e.writer)).toEqual(['tracker', `unknown@${SVC}`, 'unknown@10.0.0.9:4000']);
    expect(notes).toEqual([`1 write of unknown shape came from ${SVC}, the tracker's connection: pass --tracker ${SVC} if they are the tracker's`]);
  });

  test('--tracker ADDR: compatible shapes from it are the tracker\'s, tracker shapes from elsewhere a second tracker', () => {
    const odd = JSON.stringify({ progress: 40, status: 'running', time_remaining_seconds: 10 });
    const j = job([
      [0, SVC, 'setex', initial],
      [1, SVC, 'setex', tracker(1, 700)],
      [2, SVC, 'setex', odd],
      [2.5, SVC, 'publish', info],
      [3, '127.0.0.1:60000', 'setex', tracker(2, 690)],
    ]);
    const { jobs: [named], writers, notes } = attributeWriters([j], { trackerAddr: SVC });
    expect(named!.events.map((e) => e.writer)).toEqual(['api', 'tracker', 'tracker', 'saga', 'tracker@127.0.0.1:60000']);
    expect(writers.find((w) => w.writer === 'tracker')!.rules.map((r) => r.by)).toEqual([
      expect.stringContaining("tracker's update()"),
      expect.stringContaining('--tracker ADDR'),
    ]);
    expect(writers.find((w) => w.writer === 'tracker@127.0.0.1:60000')!.by).toContain('a second tracker');
    expect(notes).toEqual([]);
  });

  test('an unused --tracker address is noted', () => {
    const j = job([[1, SVC, 'setex', tracker(1, 700)]]);
    const { jobs: [named], notes } = attributeWriters([j], { trackerAddr: '127.0.0.1:1' });
    expect(notes[0]).toBe(`--tracker 127.0.0.1:1: no progress write came from this address; addresses that wrote: ${SVC}`);
  });

  test('an address that carried only one legacy writer names its ambiguous writes', () => {
    const RL = '127.0.0.1:50500';
    const j = job([
      [1, SVC, 'setex', tracker(1, 700)],
      [2, RL, 'setex', legacy('rl', 85, 8, 40, '?')],
      [3, RL, 'setex', legacy('rl', 90, 8, 16, '?')],
      [4, '127.0.0.1:50501', 'setex', legacy('rl', 90, 8, 16, '?')],
    ]);
    const { jobs: [named], writers } = attributeWriters([j]);
    expect(named!.events.map((e) => e.writer)).toEqual(['tracker', 'rl_fallback', 'rl_fallback', 'rl_legacy']);
    expect(writers.find((w) => w.writer === 'rl_fallback')!.rules[1]!.by).toMatch(/^address: every known write from 127\.0\.0\.1:50500 was rl_fallback's/);
  });

  test('two trackers writing at once are noted', () => {
    const j = job([
      [1, SVC, 'setex', tracker(1, 700)],
      [1.5, '127.0.0.1:60000', 'setex', tracker(1, 700)],
      [2, SVC, 'setex', tracker(2, 699)],
    ]);
    const { jobs: [named], notes } = attributeWriters([j]);
    expect(notes).toEqual([`job j (db 0): tracker-shaped writes alternate between 127.0.0.1:60000 and ${SVC}: two trackers? pass --tracker ADDR to name the real one`]);
  });

  test('a tracker that reconnects (new address, old one never again) is one tracker, without a note', () => {
    const j = job([
      [1, SVC, 'setex', tracker(1, 700)],
      [2, '127.0.0.1:60000', 'setex', tracker(2, 699)],
      [3, '127.0.0.1:60000', 'setex', tracker(3, 698)],
    ]);
    const { jobs: [named], notes } = attributeWriters([j]);
    expect(named!.events.every((e) => e.writer === 'tracker')).toBe(true);
    expect(notes).toEqual([]);
  });
});

describe('addresses that name no client', () => {
  test.each(['lua', 'unix:/tmp/redis.sock'])('%s: shared by every script or socket client, so no address rule applies', (addr) => {
    const odd = JSON.stringify({ progress: 40, status: 'running', time_remaining_seconds: 10 });
    const j = job([
      [1, addr, 'setex', tracker(1, 700)],
      [2, addr, 'setex', legacy('cpsat', 24, 100, 294, 'Cluster 100/294 scheduled')],
      [3, addr, 'setex', odd],
    ]);
    const { jobs: [named], notes } = attributeWriters([j]);
    expect(named!.events.map((e) => e.writer)).toEqual(['tracker', 'cpsat_direct', `unknown@${addr}`]);
    expect(notes).toEqual([]);
  });
});
