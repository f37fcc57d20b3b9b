import { readFileSync } from 'node:fs';
import { COMMANDS, SUMMARIES } from './commands/index.js';
import { InputError } from '../6-formats/InputError.js';
import { processIo, type Io } from './Io.js';
import { fileSystemErrorLine } from './fileSystemError.js';

const HELP = `etasim: a deterministic simulation and regression harness for a staged job's progress and ETA

usage: etasim <command> [options]

commands:
{commands}

Run \`etasim help <command>\` (or \`etasim <command> --help\`) for a command's options,
\`etasim --version\` for the version.
`;

/** The package's version, from its package.json (two folders up from src/9-cli/ and from dist/9-cli/ alike). */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return String(pkg.version);
}

/** The CLI: dispatches to a subcommand and returns the exit code. Bad usage exits 2 with one line. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    io.stdout(`${version()}\n`);
    return 0;
  }
  if (name === 'help' && rest.length > 0) {
    // `etasim help CMD` is `etasim CMD --help`.
    const load = COMMANDS[rest[0]!];
    if (!load || rest.length > 1) {
      io.stderr(`etasim help: expected one command, one of ${Object.keys(COMMANDS).join(', ')}; got '${rest.join(' ')}'\n`);
      return 2;
    }
    io.stdout((await load()).usage);
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    // The overview loads no command module: `--help` stays fast.
    const lines: string[] = [];
    for (const key of Object.keys(COMMANDS)) lines.push(`  ${key.padEnd(10)} ${SUMMARIES[key] ?? ''}`);
    // Asked for, help is output (stdout, for `| less`); a bare `etasim` is a usage error (stderr, exit 2).
    const help = HELP.replace('{commands}', lines.join('\n'));
    if (name === undefined) io.stderr(help);
    else io.stdout(help);
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr(`etasim: unknown command '${name}'; expected one of ${Object.keys(COMMANDS).join(', ')}\n`);
    return 2;
  }
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr(error.lines.map((l) => l + '\n').join(''));
      return 2;
    }
    // A read-only or full disk, a name too long: the machine's state, one line and exit 2.
    const fsLine = fileSystemErrorLine(name, error);
    if (fsLine !== null) {
      io.stderr(fsLine);
      return 2;
    }
    // A bug of etasim, not of the input: a short line, a hint, and EX_SOFTWARE (70), never 1 (which means "scenarios failed").
    const what = error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error);
    const where = error instanceof Error ? (error.stack?.split('\n').find((l) => l.trim().startsWith('at '))?.trim() ?? '') : '';
    io.stderr(`etasim: internal error in '${name}': ${what}${where ? ` (${where})` : ''}\n`);
    io.stderr('etasim: this is a bug in etasim; please report it with the command line that caused it (ETASIM_DEBUG=1 prints the stack)\n');
    if (process.env['ETASIM_DEBUG']) io.stderr(`${error instanceof Error ? error.stack : String(error)}\n`);
    return 70;
  }
}
