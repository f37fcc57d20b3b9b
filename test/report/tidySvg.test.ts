import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { chartData, DEFAULT_LAYOUT } from '../../src/8-report/chartData.js';
import { etaChartSpec, progressChartSpec } from '../../src/8-report/chartSpecs.js';
import { tidied } from '../../src/8-report/renderSvg.js';
import { stageBands } from '../../src/8-report/stageBands.js';
import { traceView } from '../../src/8-report/TraceView.js';
import { violationLanes, violationLanesSpec } from '../../src/8-report/violationLanes.js';
import { runIntended, runPreFix, tmpDir } from './helpers.js';

/**
 * The tidying rules as regular expressions, one `replace` per tag, attribute
 * and number: what `tidied` did before it was written as scans, and what
 * it must still give, character for character.
 */
function tidiedByPatterns(svg: string, prefix: string): string {
  const names = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]*)"/g)) if (!names.has(m[1]!)) names.set(m[1]!, `${prefix}-${names.size + 1}`);
  const rounded = (tag: string): string =>
    tag.replace(/\s(d|transform|x|y|x1|x2|y1|y2|width|height)="([^"]*)"/g, (_, name: string, value: string) => {
      const numbers = value.replace(/-?\d+\.\d{3,}/g, (x) => {
        const r = Math.round(Number(x) * 100) / 100;
        return String(Object.is(r, -0) ? 0 : r);
      });
      return ` ${name}="${numbers}"`;
    });
  return svg.replace(/<[^<>]*>/g, (tag) => {
    let t = names.size === 0 ? tag : tag.replace(/(\sid="|url\(#|href="#)([^")]*)/g, (whole, lead: string, name: string) => (names.has(name) ? lead + names.get(name)! : whole));
    if (t.includes(' role="')) t = t.replace(/ role="graphics-symbol" aria-roledescription="[a-z ]*"/g, '');
    const labelled = t.includes(' aria-label="') ? /^<(path|line|rect)([^<>]*?)\saria-label="([^"]*)"([^<>]*?)\/>$/.exec(t) : null;
    if (labelled === null) return rounded(t);
    const [, name, before, label, after] = labelled as unknown as [string, string, string, string, string];
    return `${rounded(`<${name}${before}${after}>`)}<title>${label}</title></${name}>`;
  });
}

/** vega's SVG of a vega-lite spec, untidied. */
async function rawSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Pieces of SVG-like text: tags, attributes (geometry ones among them), numbers of every length, ids and references, odd white space. */
const piece = fc.oneof(
  fc.constantFrom('<', '>', '/>', '"', '="', ' ', '\t', '\n', '\u00a0', '-', '.', ',', '#', '(', ')', '=', 'url(#', ' id="', ' href="#', ' role="graphics-symbol" aria-roledescription="symbol"', ' aria-label="'),
  fc.constantFrom(' d="', ' x="', ' x1="', ' xx="', ' y2="', ' width="', ' height="', ' transform="', ' fill="', ' stroke-width="', 'translate(', '<path', '<line', '<rect', '<g', '<text', '</g>'),
  fc.constantFrom('clip1', 'clip2', 'gradient_0', 'a', 'x=', 'd="', 'x="', 'x1="', 'id="', 'href="#', '\r', '\v', '\f', '\u2028', '\ufeff'),
  // Numbers as vega never writes them too: trailing zeros, leading zeros, -0.
  fc.stringMatching(/^-?[0-9]{1,3}(\.[0-9]{0,5})?$/),
  fc.double({ noNaN: true, min: -1e6, max: 1e6 }).map(String),
  fc.integer({ min: -999, max: 9999 }).map(String),
);
const soup = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));

/** Tags as vega writes them, and not quite: attributes of every kind, values of numbers (rounded or not) and separators, odd white space between. */
const number = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e4, max: 1e4 }).map(String),
  // Around 10^13, where a count of hundredths stops fitting in 15 digits.
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e17, max: 1e17 }).map((x) => x.toFixed(4)),
  fc.stringMatching(/^-?[0-9]{1,3}(\.[0-9]{0,5})?$/));
const value = fc.array(fc.oneof(number, fc.constantFrom(',', ' ', 'M', 'L', 'h', 'translate(', ')', 'url(#clip1)', '#clip2', '-', '.', 'x=')), { maxLength: 8 }).map((v) => v.join(''));
const attribute = fc
  .tuple(fc.constantFrom(' ', ' ', ' ', '\n', '\t', '\r', '\u00a0'), fc.constantFrom('d', 'x', 'x1', 'y2', 'width', 'transform', 'xx', 'fill', 'stroke-width', 'id', 'clip-path', 'href', 'aria-label', 'role'), value)
  .map(([space, name, v]) => `${space}${name}="${v}"`);
const tag = fc
  .tuple(fc.constantFrom('path', 'line', 'rect', 'g', 'text', 'clipPath'), fc.array(attribute, { maxLength: 6 }), fc.constantFrom('/>', '>', '></g>'))
  .map(([name, attributes, end]) => `<${name}${attributes.join('')}${end}`);
const tags = fc.array(fc.oneof(tag, fc.constantFrom('text 1.23456', '<title>a x="1.23456"</title>', '</g>')), { maxLength: 12 }).map((t) => t.join(''));
const svgText = fc.oneof(soup, tags);

describe('tidied: the SVG tidying written as scans gives what its regular expressions gave', () => {
  test.prop([svgText], { numRuns: 3000 })('on any text made of SVG-like pieces', (svg) => {
    expect(tidied(svg, 'p')).toBe(tidiedByPatterns(svg, 'p'));
  });

  test('on a tag with each rule: ids and references renamed, roles dropped, the label a <title>, numbers rounded (and a tab left to the patterns)', () => {
    const svg = '<defs><clipPath id="clip7"><rect x="0.12345" y="-0.004" width="10.5" height="3.14159"/></clipPath></defs><g clip-path="url(#clip7)"><path transform="translate(70.33898305084746,209)" d="M-1.118,-1.118h2.236Z" role="graphics-symbol" aria-roledescription="point" aria-label="worst x=1.23456"/><line\tx1="1.0049"\ty1="2.5"/></g>';
    const out = tidied(svg, 'chart');
    expect(out).toBe('<defs><clipPath id="chart-1"><rect x="0.12" y="0" width="10.5" height="3.14"/></clipPath></defs><g clip-path="url(#chart-1)"><path transform="translate(70.34,209)" d="M-1.12,-1.12h2.24Z"></path><title>worst x=1.23456</title></path><line x1="1" y1="2.5"/></g>'.replace('"></path><title>', '"><title>'));
    expect(out).toBe(tidiedByPatterns(svg, 'chart'));
  });

  test("on the SVG vega draws for the library's charts: the intended run's and the pre-fix run's (writers, violations, lanes)", async () => {
    const dir = tmpDir();
    for (const r of [await runIntended(dir), await runPreFix(dir)]) {
      const view = traceView(r.run!.trace);
      const data = chartData(view, r.violations, stageBands(view, r.run!.spans), DEFAULT_LAYOUT);
      const lanes = violationLanesSpec(violationLanes(r.violations, view.job.startS), data.xMaxS, data.styles, DEFAULT_LAYOUT);
      for (const spec of [progressChartSpec(data, DEFAULT_LAYOUT), etaChartSpec(data, DEFAULT_LAYOUT), ...(lanes ? [lanes] : [])]) {
        const raw = await rawSvg(spec);
        expect(tidied(raw, 'c') === tidiedByPatterns(raw, 'c')).toBe(true);
      }
    }
  });
});
