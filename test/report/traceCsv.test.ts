import { describe, expect, test } from 'vitest';
import { formatTraceCsv, textCell, TRACE_CSV_COLUMNS } from '../../src/8-report/traceCsv.js';
import { traceView } from '../../src/8-report/TraceView.js';
import { TraceBuilder } from '../invariants/traceBuilder.js';
import { runPreFix, tmpDir } from './helpers.js';

describe('trace.csv', () => {
  test('one row per observation of the channel and the poller, in time order, with the true remaining time of a completed job', () => {
    const trace = new TraceBuilder('J').start(0, 600).tracker(1, 5, 590).legacy(2.5, 'cpsat_direct', 6, 0).tracker(3, 7, 580).complete(4);
    const csv = formatTraceCsv(traceView(trace.events, { pollMs: 2000 }));
    expect(csv.split('\n')).toEqual([
      TRACE_CSV_COLUMNS.join(','),
      '0,channel,api,Preparing,0.1,600,4,running',
      '1,channel,tracker,Creating initial schedule,5,590,3,running',
      '2,poller,tracker,Creating initial schedule,5,590,2,running',
      '2.5,channel,cpsat_direct,cpsat,6,0,1.5,running',
      '3,channel,tracker,Creating initial schedule,7,580,1,running',
      '4,channel,tracker,Finalizing timetable,100,0,0,completed',
      // A read sees the writes before its instant: the completion at 4 s is read at 6 s.
      '4,poller,tracker,Creating initial schedule,7,580,0,running',
      '6,poller,tracker,Finalizing timetable,100,0,0,completed',
      '',
    ]);
  });

  test('the true remaining time is empty when the job did not complete', () => {
    const trace = new TraceBuilder('J').start(0, 600).tracker(1, 5, 590).terminal(2, 'cancelled');
    const rows = formatTraceCsv(traceView(trace.events)).trim().split('\n').slice(1);
    expect(rows.map((r) => r.split(',')[6])).toEqual(['', '', '', '', '']);
  });

  test('a simulated run has a row per observation', async () => {
    const r = await runPreFix(tmpDir());
    const view = traceView(r.run!.trace, { endS: r.run!.endMs / 1000 });
    const rows = formatTraceCsv(view).trim().split('\n');
    expect(rows).toHaveLength(1 + view.channel.length + view.poller.length);
    expect(rows.some((row) => row.includes(',channel,cpsat_direct,'))).toBe(true);
  });

  test('text cells are quoted (RFC 4180) and cannot start a spreadsheet formula', () => {
    expect(textCell('plain')).toBe('plain');
    expect(textCell('a,b')).toBe('"a,b"');
    expect(textCell('say "hi"\n')).toBe('"say ""hi""\n"');
    expect(textCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(textCell('+1')).toBe("'+1");
  });
});
