import { describe, expect, test } from 'vitest';
import { parseRedisUrl, redactRedisUrl } from '../../src/3-model/redis/redisUrl.js';
import { replayCommand } from '../../src/7-orchestration/suite/runSuite.js';
import { loadScenarioFile } from '../../src/6-formats/scenario/index.js';
import { resolve } from 'node:path';

describe('redactRedisUrl', () => {
  test.each([
    ['redis://user:secret@host:6379/15', 'redis://user:***@host:6379/15'],
    ['redis://:secret@host:6379/15', 'redis://:***@host:6379/15'],
    ['rediss://u:p%40ss%2Fword@host/1', 'rediss://u:***@host/1'],
    ['redis://host:6379/15', 'redis://host:6379/15'],
    ['redis://user@host', 'redis://user@host'],
    ['redis://u:p@ss@host/1', 'redis://u:***@host/1'],
  ])('%s → %s', (url, redacted) => {
    expect(redactRedisUrl(url)).toBe(redacted);
    expect(redactRedisUrl(url)).not.toMatch(/secret|p%40ss|ss@/);
  });

  test('the replay command carries the redacted URL', async () => {
    const scenario = await loadScenarioFile(resolve('scenarios', 'intended-default.yaml'));
    expect(replayCommand(scenario, { cwd: process.cwd(), redisUrl: 'redis://u:secret@h:1/2' })).toMatch(/--redis redis:\/\/u:\*\*\*@h:1\/2$/);
  });
});

describe('parseRedisUrl', () => {
  test.each(['redis://h/-1', 'redis://h/abc', 'redis://h/1.5', 'redis://h/99999999999', 'http://h/1', 'redis://h/1?db=2', 'not a url'])('%s is refused', (url) => {
    expect(() => parseRedisUrl(url)).toThrow();
  });
  test.each([
    ['redis://h', 0],
    ['redis://h/', 0],
    ['redis://h:6379/15', 15],
  ])('%s → db %i', (url, db) => {
    expect(parseRedisUrl(url).db).toBe(db);
    expect(parseRedisUrl(url).serverUrl).not.toMatch(/\/\d+$/);
  });
});
