import type { ScenarioResult } from '../7-orchestration/suite/ScenarioResult.js';
import { describeStagePlan, scenarioParameters } from './describeScenario.js';
import { renderTraceReport, reportView, type TraceReportInput } from './renderTraceReport.js';
import type { TraceView } from './TraceView.js';
import { verdictLine } from './headline.js';
import { scenarioTimeline } from './timeline.js';
import { verdictOf } from './verdict.js';

/** A scenario's report as a trace report: its run, violations, parameters, verdict, metrics and replay command. */
export function scenarioReportInput(r: ScenarioResult): TraceReportInput {
  const v = verdictOf(r);
  const summary = verdictLine(r);
  const run = r.run;
  return {
    title: r.name,
    events: run?.trace ?? [],
    violations: r.violations,
    spans: run?.spans ?? [],
    stages: r.scenario.tracker.stages,
    ...(run ? { jobId: run.jobId } : {}),
    pollMs: r.scenario.checks.pollMs,
    endS: run && run.outcome === 'completed' ? run.endMs / 1000 : null,
    ...(run ? { messageNotes: run.messageNotes } : {}),
    timeline: scenarioTimeline(r),
    meta: {
      description: r.scenario.description,
      verdict: { ok: r.ok, summary, details: v.reasons },
      parameters: scenarioParameters(r.scenario),
      stagePlan: describeStagePlan(r.scenario.stages),
      metrics: {
        ...r.metrics,
        ...(r.liveness ? { liveness: r.liveness.summary } : {}),
        ...(run && (run.faults.failedCommands || run.faults.delayedCommands || run.faults.droppedMessages)
          ? { failed_commands: run.faults.failedCommands, delayed_commands: run.faults.delayedCommands, dropped_messages: run.faults.droppedMessages }
          : {}),
      },
      replay: r.replay,
      // Events and faults that could not act (a cancel after the end, a fault on a writer that is not running).
      ...(r.warnings.length ? { notes: r.warnings.map((w) => `warning: ${w}`) } : {}),
      links: [
        { label: 'all scenarios', href: '../index.html' },
        { label: 'trace.jsonl', href: 'trace.jsonl' },
        { label: 'trace.csv', href: 'trace.csv' },
      ],
    },
  };
}

/** report.html of one scenario; `view`: its input's reportView, when the caller has read it already. */
export function renderScenarioReport(r: ScenarioResult, input: TraceReportInput = scenarioReportInput(r), view: TraceView = reportView(input)): Promise<string> {
  return renderTraceReport(input, view);
}
