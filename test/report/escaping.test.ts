import { describe, expect, test } from 'vitest';
import { escapeHtml, relativeHref } from '../../src/8-report/escapeHtml.js';
import { renderIndex } from '../../src/8-report/renderIndex.js';
import { renderScenarioReport } from '../../src/8-report/scenarioReport.js';
import { renderTraceReport } from '../../src/8-report/renderTraceReport.js';
import { checkTrace } from '../../src/5-invariants/checkTrace.js';
import { TraceBuilder } from '../invariants/traceBuilder.js';
import { runDefault, tmpDir } from './helpers.js';

const SCRIPT = '<script>alert("x")</script>';
const IMG = '"><img src=x onerror=alert(1)>';

/**
 * No markup from the strings under test reached the page: no script or img
 * element, and no tag carries an event handler (every `<` in text is
 * escaped, so each `<` starts a real tag).
 */
function expectInert(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<img/i);
  expect(html).not.toMatch(/<[^>]*\son[a-z]+=/i);
}

describe('every string from a scenario or a capture stays text', () => {
  test('escapeHtml replaces the five markup characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  test('a scenario description holding <script> is shown as text in report.html and index.html', async () => {
    const r = await runDefault(tmpDir(), { name: 'escaping', description: `${SCRIPT} and ${IMG}`, events: [{ atMs: 30_000, kind: 'error', message: SCRIPT }] });
    const report = await renderScenarioReport(r);
    const index = renderIndex([r]);
    for (const html of [report, index]) {
      expectInert(html);
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    }
    // The injected error's message is a parameter row.
    expect(report).toContain('error at 30 s: &lt;script&gt;');
  });

  test("a capture's writer name and stage text holding markup stay text, in the legend, the lists and inside the SVG", async () => {
    const trace = new TraceBuilder('J')
      .start(0, 600)
      .ticks(0.5, 20, 1, 20, 600, 580, `stage ${SCRIPT}`)
      .legacy(10, SCRIPT, 15, 0, IMG)
      .legacy(12, IMG, 16, 9000)
      .complete(30);
    const check = checkTrace(trace.events);
    expect(check.violations.length).toBeGreaterThan(0);
    const html = await renderTraceReport({ title: `capture ${SCRIPT}`, events: trace.events, violations: check.violations, meta: { notes: [IMG] } });
    expectInert(html);
    expect(html).toContain('<title>capture &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</title>');
    // The legend, the violation list and the SVG marks' titles name the writer, escaped.
    const svg = html.slice(html.indexOf('<svg'), html.lastIndexOf('</svg>'));
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toMatch(/<title>[^<]*&lt;script&gt;alert/);
    expect(html).toMatch(/<span class="item">.*&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; <span class="muted">/);
    // The published stage text labels a band, inside an SVG <text>, escaped.
    expect(svg).toMatch(/<text[^>]*>stage &lt;script&gt;/);
  });
});

describe('links', () => {
  test('relativeHref encodes each segment, so a name cannot change the link into another scheme, query or folder', () => {
    expect(relativeHref('a b', 'report.html')).toBe('a%20b/report.html');
    expect(relativeHref('javascript:alert(1)', 'report.html')).toBe('javascript%3Aalert(1)/report.html');
    expect(relativeHref("x'&\"?#", 'report.html')).toBe("x'%26%22%3F%23/report.html");
  });

  test('the index escapes a link once: an apostrophe in a name is an entity, not doubled', async () => {
    const r = await runDefault(tmpDir(), { name: 'ok' });
    const index = renderIndex([{ ...r, name: "it's" }]);
    expect(index).toContain('<a href="it&#39;s/report.html">it&#39;s</a>');
  });
});
