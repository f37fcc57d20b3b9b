/**
 * The essential rules of the common JUnit XML schema (junit-4.xsd, the
 * schema Jenkins' JUnit plugin publishes and GitLab and GitHub test
 * reporters read), written as a checked structure: for each element, its
 * required and allowed attributes, and its children as the schema's
 * sequence (element, how many). Plus the types the readers parse: counts
 * are whole numbers, `time` a decimal of seconds. A tiny tree parser (no
 * dependency, no network) reads the document; `xmlProblems` in helpers.ts
 * checks well-formedness separately.
 */

type Count = '?' | '*' | '1';

interface ElementRule {
  readonly required: readonly string[];
  readonly optional: readonly string[];
  /** The children, in order (xs:sequence). */
  readonly children: ReadonlyArray<readonly [name: string, count: Count]>;
  /** Character data allowed (mixed content or a simple type). */
  readonly text: boolean;
}

export const JUNIT_SCHEMA: Readonly<Record<string, ElementRule>> = {
  testsuites: { required: [], optional: ['name', 'time', 'tests', 'failures', 'disabled', 'errors'], children: [['testsuite', '*']], text: false },
  testsuite: {
    required: ['name', 'tests'],
    optional: ['failures', 'errors', 'time', 'disabled', 'skipped', 'timestamp', 'hostname', 'id', 'package'],
    children: [['properties', '?'], ['testcase', '*'], ['system-out', '?'], ['system-err', '?']],
    text: false,
  },
  properties: { required: [], optional: [], children: [['property', '*']], text: false },
  property: { required: ['name', 'value'], optional: [], children: [], text: false },
  testcase: {
    required: ['name'],
    optional: ['assertions', 'time', 'classname', 'status'],
    children: [['skipped', '?'], ['error', '*'], ['failure', '*'], ['system-out', '*'], ['system-err', '*']],
    text: false,
  },
  skipped: { required: [], optional: ['message'], children: [], text: true },
  error: { required: [], optional: ['message', 'type'], children: [], text: true },
  failure: { required: [], optional: ['message', 'type'], children: [], text: true },
  'system-out': { required: [], optional: [], children: [], text: true },
  'system-err': { required: [], optional: [], children: [], text: true },
};

const INTEGER_ATTRIBUTES = new Set(['tests', 'failures', 'errors', 'skipped', 'disabled', 'assertions', 'id']);
const DECIMAL = /^\d+(\.\d+)?$/;

interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: XmlElement[];
  text: string;
}

/** Parses the (well-formed) document into elements; comments and the declaration are skipped. */
function parse(doc: string): XmlElement | null {
  const body = doc.replace(/^<\?xml[^>]*\?>/, '').replace(/<!--[\s\S]*?-->/g, '');
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.:-]*="[^"]*")*)\s*(\/?)>|([^<]+)/g;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  for (const m of body.matchAll(token)) {
    const [, close, name, attrs, selfClose, text] = m;
    if (text !== undefined) {
      if (stack.length) stack[stack.length - 1]!.text += text;
      continue;
    }
    if (close) {
      stack.pop();
      continue;
    }
    const attributes = new Map([...(attrs ?? '').matchAll(/([A-Za-z_][\w.:-]*)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!] as const));
    const element: XmlElement = { name: name!, attributes, children: [], text: '' };
    if (stack.length) stack[stack.length - 1]!.children.push(element);
    else root ??= element;
    if (!selfClose) stack.push(element);
  }
  return root;
}

/** What in `doc` the schema does not allow, one line each (empty when valid). */
export function junitSchemaProblems(doc: string): string[] {
  const root = parse(doc);
  if (root === null) return ['no root element'];
  const problems: string[] = [];
  if (root.name !== 'testsuites' && root.name !== 'testsuite') problems.push(`root <${root.name}>: expected <testsuites> or <testsuite>`);
  const visit = (e: XmlElement, where: string): void => {
    const rule = JUNIT_SCHEMA[e.name];
    const here = `${where}/${e.name}`;
    if (!rule) {
      problems.push(`${here}: element not in the schema`);
      return;
    }
    for (const a of rule.required) if (!e.attributes.has(a)) problems.push(`${here}: missing required attribute ${a}`);
    for (const [a, value] of e.attributes) {
      if (!rule.required.includes(a) && !rule.optional.includes(a)) problems.push(`${here}: attribute ${a} not allowed`);
      if (INTEGER_ATTRIBUTES.has(a) && !/^\d+$/.test(value)) problems.push(`${here}: ${a}="${value}" is not a whole number`);
      if (a === 'time' && !DECIMAL.test(value)) problems.push(`${here}: time="${value}" is not a decimal number of seconds`);
    }
    if (!rule.text && e.text.trim() !== '') problems.push(`${here}: text not allowed`);
    // The children against the sequence: each step takes as many as its count allows.
    let i = 0;
    for (const [name, count] of rule.children) {
      let taken = 0;
      while (i < e.children.length && e.children[i]!.name === name && (count === '*' || taken === 0)) {
        i++;
        taken++;
      }
      if (count === '1' && taken === 0) problems.push(`${here}: missing <${name}>`);
    }
    if (i < e.children.length) problems.push(`${here}: <${e.children[i]!.name}> not allowed here (expected the sequence ${rule.children.map(([n, c]) => n + c).join(', ') || 'empty'})`);
    for (const c of e.children) visit(c, here);
  };
  visit(root, '');
  return problems;
}
