import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import { InputError, located } from '../../InputError.js';
import { LIMITS } from '../limits.js';
import { pathText } from './describe.js';
import type { PathIssue } from './PathIssue.js';

/** A parsed YAML file that can say where any path of it is. */
export interface YamlSource {
  readonly file: string;
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
  /** The document as plain data (maps as objects). */
  readonly data: unknown;
}

/** 1-based line and column of `offset` in `text`, counted in UTF-16 units like the yaml package. */
export function offsetPosition(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

/** What the yaml package's error codes mean for someone writing a scenario. */
function yamlMessage(code: string, message: string, key: string | null): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return `duplicate key${key === null ? '' : ` "${key}"`}; expected each key once in a mapping`;
    case 'TAB_AS_INDENT':
      return 'a tab indents this line; expected spaces for indentation';
    case 'MULTIPLE_DOCS':
      return 'a second YAML document starts here; expected one scenario per file';
    default: {
      if (/call stack/i.test(message)) return 'the YAML nests too deeply; expected a scenario file of ordinary depth';
      const first = (message.split('\n')[0] ?? message).replace(/\.$/, '');
      return `invalid YAML: ${first}; expected valid YAML syntax`;
    }
  }
}

function keyAt(doc: Document.Parsed, offset: number): string | null {
  let found: string | null = null;
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) {
        found = String(pair.key.value);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function firstAlias(doc: Document.Parsed, unresolvedOnly: boolean): Node | null {
  let found: Node | null = null;
  visit(doc, {
    Alias(_, alias) {
      if (!unresolvedOnly || alias.resolve(doc) === undefined) {
        found = alias;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * Parses `text` as one YAML document and converts it to data. Every problem
 * below the scenario format (binary content, YAML syntax, duplicate keys,
 * an empty file, alias bombs) throws an InputError of `FILE:LINE:COL: …`
 * lines.
 */
export function readYaml(text: string, file: string): YamlSource {
  if (text.length > LIMITS.fileBytesMax) {
    throw new InputError(located(file, 1, 1, `the file is ${text.length} characters long; expected a scenario file of at most ${LIMITS.fileBytesMax} bytes`));
  }
  const nul = text.indexOf('\u0000');
  if (nul !== -1) {
    const { line, col } = offsetPosition(text, nul);
    throw new InputError(located(file, line, col, 'the file contains a NUL byte, so it looks binary; expected a UTF-8 text file'));
  }
  refuseOtherYamlVersions(text, file);
  const lines = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter: lines, keepSourceTokens: true, uniqueKeys: true, prettyErrors: false, logLevel: 'error' });
  } catch (error) {
    throw new InputError(located(file, 1, 1, `cannot parse the YAML (${firstLine(error)}); expected a scenario file`));
  }
  const problems = [...doc.errors, ...doc.warnings].map((e) => {
    const { line, col } = lines.linePos(e.pos[0]);
    const message = e.name === 'YAMLWarning' ? `${firstLine(e).replace(/\.$/, '')}; expected plain YAML` : yamlMessage(e.code, e.message, keyAt(doc, e.pos[0]));
    return { line, col, text: located(file, line, col, message) };
  });
  visit(doc, {
    Pair(_, pair) {
      if (pair.key !== null && !isScalar(pair.key) && !isAlias(pair.key)) {
        const { line, col } = lines.linePos(start(pair.key) ?? 0);
        problems.push({ line, col, text: located(file, line, col, 'a key is a list or a mapping; expected plain keys such as name or stages') });
      }
    },
  });
  if (problems.length > 0) throw new InputError(sortedUnique(problems));
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    throw new InputError(located(file, 1, 1, 'the file is empty; expected a scenario: a mapping with at least a name'));
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: LIMITS.aliasCountMax });
  } catch (error) {
    const message = firstLine(error);
    const bomb = /alias count/i.test(message);
    const alias = firstAlias(doc, !bomb);
    const { line, col } = alias?.range ? lines.linePos(alias.range[0]) : { line: 1, col: 1 };
    const what = bomb
      ? `aliases expand more than ${LIMITS.aliasCountMax} times (an alias bomb?); expected a scenario without deeply nested aliases`
      : alias
        ? `alias ${alias.toString()} has no anchor before it; expected an anchor defined earlier in the file`
        : `cannot read the YAML (${message}); expected a scenario file`;
    throw new InputError(located(file, line, col, what));
  }
  return { file, doc, lines, data };
}

/**
 * A `%YAML` directive other than 1.2 is refused: `%YAML 1.1` silently
 * switches the parser to 1.1 rules (merge keys, sexagesimal `1:30` numbers,
 * `yes`/`no`/`on`/`off` booleans), so the same text would mean other values.
 * A directive starts a line (indented text is inside a scalar).
 */
function refuseOtherYamlVersions(text: string, file: string): void {
  const directive = /^%YAML\b[ \t]*([^ \t\r\n#]*)/gm;
  for (let m = directive.exec(text); m !== null; m = directive.exec(text)) {
    const version = m[1] ?? '';
    if (version === '1.2') continue;
    const { line, col } = offsetPosition(text, m.index);
    const shown = version === '' ? 'a %YAML directive without a version' : `%YAML ${version}`;
    throw new InputError(located(file, line, col, `${shown} would read the file with other rules (YAML 1.1: merge keys, sexagesimal numbers, yes/no booleans); expected no %YAML directive or %YAML 1.2`));
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

function sortedUnique(problems: readonly { line: number; col: number; text: string }[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const sorted = [...problems].sort((a, b) => a.line - b.line || a.col - b.col);
  for (const p of sorted) {
    const where = `${p.line}:${p.col}`;
    if (seen.has(where)) continue;
    seen.add(where);
    out.push(p.text);
  }
  return out;
}

/** The node an alias stands for, or the node itself. */
function deref(source: YamlSource, node: unknown): unknown {
  return isAlias(node) ? node.resolve(source.doc) : node;
}

function start(node: unknown): number | null {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : null;
}

/**
 * Where a path points in the file: its value, or its key (`at: 'key'`); a
 * key that is missing points at the mapping that lacks it.
 */
export function positionOf(source: YamlSource, path: readonly (string | number)[], at: 'value' | 'key'): { line: number; col: number } {
  let node: unknown = source.doc.contents;
  let offset = start(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    node = deref(source, node);
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(segment));
      if (!pair) break;
      const keyOffset = start(pair.key);
      const valueOffset = start(pair.value);
      const emptyValue = !pair.value || (isScalar(pair.value) && pair.value.value === null && pair.value.source === '');
      if (last && (at === 'key' || emptyValue)) {
        offset = keyOffset ?? offset;
        break;
      }
      node = pair.value;
      offset = valueOffset ?? keyOffset ?? offset;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      node = item;
      offset = start(item) ?? offset;
    } else {
      break;
    }
  }
  return source.lines.linePos(offset);
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

/** `FILE:LINE:COL: PATH MESSAGE` lines of `issues`, in file order, each once. */
export function issueLines(source: YamlSource, issues: readonly PathIssue[]): string[] {
  const problems = issues.map((issue) => {
    const { line, col } = positionOf(source, issue.path, issue.at);
    return { line, col, text: located(source.file, line, col, `${pathText(issue.path)} ${issue.message}`) };
  });
  const sorted = problems.sort((a, b) => a.line - b.line || a.col - b.col);
  const lines = [...new Set(sorted.map((p) => p.text))];
  if (lines.length <= PROBLEMS_SHOWN_MAX) return lines;
  // A file with 200,000 bad items is one mistake made many times: its first lines say what it is.
  const shown = lines.slice(0, PROBLEMS_SHOWN_MAX);
  shown.push(`${source.file}: … and ${lines.length - PROBLEMS_SHOWN_MAX} more problems; expected them fixed like the ones above`);
  return shown;
}

/** Problem lines shown per file at most; the rest are counted. */
const PROBLEMS_SHOWN_MAX = 100;
