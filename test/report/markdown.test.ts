import { describe, expect, test } from 'vitest';
import { cell, formatMarkdown } from '../../src/8-report/formatMarkdown.js';
import { runIntended, runPreFix, tmpDir } from './helpers.js';

/** A table row's cells: split at pipes that are not escaped. */
function cells(row: string): string[] {
  return row.slice(2, -2).split(/(?<!\\)\|/).map((c) => c.trim());
}

describe('--markdown', () => {
  test('a headline, a header, one row per scenario with the verdict, outcome, violations and ETA metrics, then the failures with replay commands', async () => {
    const out = tmpDir();
    const preFix = await runPreFix(out);
    const intended = await runIntended(out);
    const odd = { ...intended, name: 'pipe | <b>bold</b> *star* `tick`' };
    const md = formatMarkdown([preFix, intended, odd], { reportsPath: 'reports/index.html' });
    const lines = md.split('\n');
    expect(lines[0]).toBe('### etasim run: 2 passed, 1 failed');
    const table = lines.filter((l) => l.startsWith('| '));
    expect(table).toHaveLength(1 + 3);
    expect(lines).toContain('|---|---|---|---|---|---:|---:|---:|');
    for (const row of table) expect(cells(row)).toHaveLength(8);

    expect(cells(table[1]!)).toEqual([
      '❌',
      'pre-fix',
      'completed',
      '—',
      'eta-jump, eta-zero-mid-run, progress-regression, single-writer',
      String(preFix.metrics.eta_mae_s),
      String(preFix.metrics.eta_stuck_max_s),
      String(preFix.metrics.progress_leap_max_pct),
    ]);
    expect(cells(table[2]!).slice(0, 5)).toEqual(['✅', 'intended', 'completed', '—', '—']);
    // Markup in a name stays text: the pipe does not open a column, the tags are entities.
    expect(cells(table[3]!)[1]).toBe('pipe \\| &lt;b&gt;bold&lt;/b&gt; \\*star\\* \\`tick\\`');

    expect(md).toContain('#### Failures');
    expect(md).toContain('- **pre-fix**: found but not expected: eta-jump, eta-zero-mid-run, progress-regression, single-writer');
    expect(md).toContain(`  \`\`\`sh\n  ${preFix.replay}\n  \`\`\``);
    expect(md).toContain('Reports: ` reports/index.html `');
    expect(md.endsWith('\n')).toBe(true);
  });

  test('cell() keeps a cell on one line', () => {
    expect(cell('a\nb\r\nc')).toBe('a b c');
  });
});
