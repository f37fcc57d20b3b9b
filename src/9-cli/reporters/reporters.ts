import { resolve } from 'node:path';
import { InputError } from '../../6-formats/InputError.js';
import type { Io } from '../Io.js';
import type { OptionTable } from '../optionTable.js';
import { githubReporter } from './githubReporter.js';
import { htmlReporter } from './htmlReporter.js';
import { jsonReporter } from './jsonReporter.js';
import { junitReporter } from './junitReporter.js';
import { markdownReporter } from './markdownReporter.js';
import { REPORTER_NAMES, type Reporter, type ReporterContext, type ReporterName, type ReportKind } from './Reporter.js';
import { textReporter } from './textReporter.js';
import { isStepSummary } from './writeTarget.js';

/** The reporter map: `--reporter NAME` → its factory. */
export const REPORTERS: Readonly<Record<ReporterName, (ctx: ReporterContext) => Reporter>> = {
  text: textReporter,
  json: jsonReporter,
  junit: junitReporter,
  markdown: markdownReporter,
  html: htmlReporter,
  github: githubReporter,
};

/** What each command can report (the hooks its reporters have). */
const APPLIES: Readonly<Record<ReportKind, readonly ReporterName[]>> = {
  run: REPORTER_NAMES,
  compare: REPORTER_NAMES,
  check: ['text', 'json', 'github'],
  fuzz: ['text', 'json', 'junit', 'markdown', 'github'],
};

/** The reporting options every reporting command shares: `--reporter` and today's flags as its aliases. */
export const REPORT_OPTIONS = {
  reporter: {
    type: 'string',
    multiple: true,
    arg: 'NAME[=FILE]',
    help: 'adds a reporter (repeatable): text, json, junit, markdown, html, github; =FILE writes it there\n(otherwise: text on stderr, html under --out, the others on stdout; one at most on stdout)',
  },
  json: { type: 'boolean', help: 'one JSON document on stdout (human text goes to stderr); = --reporter json' },
  junit: { type: 'string', arg: 'FILE', help: 'also write a JUnit XML report (times are virtual seconds); = --reporter junit=FILE' },
  markdown: {
    type: 'string',
    arg: 'FILE',
    help: 'also write a Markdown summary (a table a CI job can post); = --reporter markdown=FILE;\nappended, not replaced, when FILE is $GITHUB_STEP_SUMMARY',
  },
  'no-html': { type: 'boolean', help: 'no HTML pages (the traces are still written)' },
  quiet: { type: 'boolean', help: 'print only what failed on stderr' },
} as const satisfies OptionTable;

/** The reporting options `check` shares (no HTML, JUnit or Markdown there). */
export const CHECK_REPORT_OPTIONS = {
  json: REPORT_OPTIONS.json,
  reporter: { type: 'string', multiple: true, arg: 'NAME[=FILE]', help: 'adds a reporter (repeatable): text, json, github; =FILE writes it there' },
  quiet: { type: 'boolean', help: 'print only what failed on stderr' },
} as const satisfies OptionTable;

/** The reporting options `fuzz` shares (no HTML: a campaign writes no reports folder). */
export const FUZZ_REPORT_OPTIONS = {
  reporter: {
    type: 'string',
    multiple: true,
    arg: 'NAME[=FILE]',
    help: 'adds a reporter (repeatable): text, json, junit, markdown, github; =FILE writes it there\n(otherwise: text on stderr, the others on stdout; one at most on stdout)',
  },
  json: REPORT_OPTIONS.json,
  junit: { type: 'string', arg: 'FILE', help: 'also write a JUnit XML report (a testcase per counterexample); = --reporter junit=FILE' },
  markdown: REPORT_OPTIONS.markdown,
} as const satisfies OptionTable;

/** The values of those options, as util.parseArgs returns them. */
export interface ReportValues {
  readonly reporter?: readonly string[] | undefined;
  readonly json?: boolean | undefined;
  readonly junit?: string | undefined;
  readonly markdown?: string | undefined;
  readonly 'no-html'?: boolean | undefined;
  readonly quiet?: boolean | undefined;
}

/** One chosen reporter, before it is made: resolved once, checked before any work. */
export interface ReporterRequest {
  readonly name: ReporterName;
  /** FILE as given, or null for the reporter's own stream. */
  readonly file: string | null;
  /** FILE resolved against the working directory. */
  readonly path: string | null;
  /** How the user asked for it (`--junit`, `--reporter junit`), for messages. */
  readonly option: string;
}

/**
 * The reporters a command line asks for: text and (for run and compare) html
 * by default, `--no-html` dropping html, the aliases and every `--reporter`
 * added. Bad names, reporters that do not apply to the command, and two
 * reporters on stdout are usage errors (exit 2) before any work.
 */
export function requestReporters(command: ReportKind, values: ReportValues, cwd: string): ReporterRequest[] {
  const wanted: { name: string; file: string | null; option: string }[] = [{ name: 'text', file: null, option: '(default)' }];
  if ((command === 'run' || command === 'compare') && !values['no-html']) wanted.push({ name: 'html', file: null, option: '(default)' });
  if (values.json) wanted.push({ name: 'json', file: null, option: '--json' });
  if (values.junit !== undefined) wanted.push({ name: 'junit', file: values.junit, option: '--junit' });
  if (values.markdown !== undefined) wanted.push({ name: 'markdown', file: values.markdown, option: '--markdown' });
  for (const item of values.reporter ?? []) {
    const at = item.indexOf('=');
    const name = at === -1 ? item : item.slice(0, at);
    const file = at === -1 ? null : item.slice(at + 1);
    if (file === '') throw new InputError(`etasim ${command}: --reporter ${item}: no FILE after '='`);
    wanted.push({ name, file, option: '--reporter' });
  }
  const out: ReporterRequest[] = [];
  for (const w of wanted) {
    if (!(REPORTER_NAMES as readonly string[]).includes(w.name)) {
      throw new InputError(`etasim ${command}: ${w.option} ${w.name}: unknown reporter; expected one of ${REPORTER_NAMES.join(', ')}`);
    }
    const name = w.name as ReporterName;
    if (!APPLIES[command].includes(name)) {
      throw new InputError(`etasim ${command}: ${w.option} ${name}: does not apply to ${command}; expected one of ${APPLIES[command].join(', ')}`);
    }
    if (name === 'html' && w.file !== null) throw new InputError(`etasim ${command}: --reporter html=${w.file}: the HTML pages go under --out DIR; expected --reporter html`);
    if (name === 'html' && values['no-html']) throw new InputError(`etasim ${command}: --reporter html and --no-html contradict each other`);
    const path = w.file === null ? null : resolve(cwd, w.file);
    // Asked twice for the same output (`--json --reporter json`): once.
    if (out.some((r) => r.name === name && r.path === path)) continue;
    out.push({ name, file: w.file, path, option: w.option === '--reporter' ? `--reporter ${name}${w.file === null ? '' : '=FILE'}` : w.option });
  }
  const onStdout = out.filter((r) => r.path === null && r.name !== 'text' && r.name !== 'html');
  if (onStdout.length > 1) {
    throw new InputError(
      `etasim ${command}: ${onStdout.map((r) => r.name).join(' and ')} would all write stdout; give all but one a FILE (--reporter ${onStdout[1]!.name}=FILE)`,
    );
  }
  return out;
}

/** The `[option, path, shown]` triples of the requests that write files, for the report-target checks. */
export function reportFileTargets(requests: readonly ReporterRequest[]): Array<readonly [string, string | undefined, string | undefined]> {
  return requests.filter((r) => r.path !== null).map((r) => [r.option, r.path ?? undefined, r.file ?? undefined] as const);
}

/** Makes the requested reporters, in the order asked (text first). */
export function makeReporters(requests: readonly ReporterRequest[], io: Io, quiet: boolean): Reporter[] {
  const stepSummaryTaken = requests.some((r) => r.name === 'markdown' && r.path !== null && isStepSummary({ io }, r.path));
  // --quiet is about the terminal: `text=FILE` still gets every line.
  return requests.map((r) => REPORTERS[r.name]({ io, target: r.path, shown: r.file, quiet: quiet && r.path === null, stepSummaryTaken }));
}
