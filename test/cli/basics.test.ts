import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Command } from '../../src/9-cli/Command.js';
import { COMMANDS as READONLY_COMMANDS, SUMMARIES } from '../../src/9-cli/commands/index.js';
import { RUN_OPTIONS } from '../../src/9-cli/commands/run.js';
import { COMPARE_OPTIONS } from '../../src/9-cli/commands/compare.js';
import { memoryIo } from '../../src/9-cli/Io.js';
import { main } from '../../src/9-cli/main.js';
import { optionsHelp } from '../../src/9-cli/optionTable.js';
import { requestReporters } from '../../src/9-cli/reporters/reporters.js';
import { tempDir } from '../tempDirs.js';

const COMMANDS = READONLY_COMMANDS as Record<string, () => Promise<Command>>;

describe('command-line basics', () => {
  test('--version prints the package version on stdout', async () => {
    const io = memoryIo();
    expect(await main(['--version'], io)).toBe(0);
    expect(io.out).toBe(`${(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version}\n`);
  });

  test('etasim help CMD is etasim CMD --help; an unknown one is a usage error', async () => {
    const a = memoryIo();
    const b = memoryIo();
    expect(await main(['help', 'run'], a)).toBe(0);
    expect(await main(['run', '--help'], b)).toBe(0);
    expect(a.out).toBe(b.out);
    const c = memoryIo();
    expect(await main(['help', 'nope'], c)).toBe(2);
    expect(c.err).toContain("etasim help: expected one command");
  });

  test('--help loads no command module (each loader throws here), and its summaries are the commands\' own', async () => {
    const originals = { ...COMMANDS };
    try {
      for (const name of Object.keys(COMMANDS)) COMMANDS[name] = () => Promise.reject(new Error(`loaded ${name}`));
      const io = memoryIo();
      expect(await main(['--help'], io)).toBe(0);
      expect(io.out).toContain('  compare    run scenarios on two trackers');
    } finally {
      Object.assign(COMMANDS, originals);
    }
    for (const [name, load] of Object.entries(COMMANDS)) expect(SUMMARIES[name], name).toBe((await load()).summary);
  });

  test('one table drives parsing and help: every option of run and compare is in its help', async () => {
    for (const [command, table] of [['run', RUN_OPTIONS], ['compare', COMPARE_OPTIONS]] as const) {
      const io = memoryIo();
      await main([command, '--help'], io);
      expect(io.out).toContain(optionsHelp(table));
      for (const name of Object.keys(table)) expect(io.out).toContain(`--${name}`);
    }
  });

  test('--reporter: names, aliases, defaults, and what does not apply', () => {
    const names = (argv: Parameters<typeof requestReporters>[1], kind: 'run' | 'check' = 'run') => requestReporters(kind, argv, '/r').map((r) => `${r.name}${r.path ? `=${r.path}` : ''}`);
    expect(names({})).toEqual(['text', 'html']);
    expect(names({ json: true, junit: 'j.xml', markdown: 'm.md', 'no-html': true })).toEqual(['text', 'json', 'junit=/r/j.xml', 'markdown=/r/m.md']);
    expect(names({ json: true, reporter: ['json', 'github=gh.txt', 'text=log.txt'] })).toEqual(['text', 'html', 'json', 'github=/r/gh.txt', 'text=/r/log.txt']);
    expect(names({}, 'check')).toEqual(['text']);
    expect(() => names({ reporter: ['tap'] })).toThrow('unknown reporter; expected one of text, json, junit, markdown, html, github');
    expect(() => names({ reporter: ['junit=x.xml'] }, 'check')).toThrow('does not apply to check');
    expect(() => names({ reporter: ['html=x.html'] })).toThrow('the HTML pages go under --out DIR');
  });

  test('--quiet: a passing run prints nothing on stderr; text=FILE still gets every line', async () => {
    const io = memoryIo();
    const dir = tempDir();
    expect(await main(['run', 'examples/vitest/scenarios/tracker-alone.yaml', '--out', dir, '--quiet', '--reporter', `text=${dir}/log.txt`], io)).toBe(0);
    expect(io.err).toBe('');
    expect(readFileSync(`${dir}/log.txt`, 'utf8')).toMatch(/^✓ example-tracker-alone .*\n1 passed, 0 failed\nreports: /);
  });
});
