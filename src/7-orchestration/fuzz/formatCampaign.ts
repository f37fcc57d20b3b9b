import { trackerArg } from './CampaignSpec.js';
import type { CaseRecord } from './CampaignTally.js';
import { caseCount, type CampaignSpec } from './CampaignSpec.js';
import { caseSeed } from './caseSeed.js';
import { FINDING_KINDS } from './FindingKind.js';
import { fixedErrorPath, fixedWriters } from './GeneratorOptions.js';
import type { CampaignResult, Counterexample } from './runCampaign.js';

function writersText(spec: CampaignSpec): string {
  const fixed = fixedWriters(spec.generator);
  const how = spec.generator.writers.kind === 'profile' ? " (the profile's)" : '';
  return fixed === null ? 'any subset of every legacy writer, per case' : `[${fixed.join(', ')}]${how}`;
}

function errorPathText(spec: CampaignSpec): string {
  const fixed = fixedErrorPath(spec.generator);
  const how = spec.generator.errorPath.kind === 'profile' ? " (the profile's)" : '';
  return fixed === null ? 'published or silent, per case' : `${fixed}${how}`;
}

/** The first line: the seed (it decides everything) and what the campaign runs. */
export function formatStart(spec: CampaignSpec, runnerWorkers: number): string {
  const cases = caseCount(spec);
  const which = spec.onlyCase !== null ? `case ${spec.onlyCase}` : spec.shard.count > 1 ? `${cases} cases (shard ${spec.shard.index}/${spec.shard.count} of ${spec.runs})` : `${cases} cases`;
  return `etasim fuzz: seed ${spec.seed}, ${which}, profile ${spec.generator.profile}, ${runnerWorkers <= 1 ? 'in-process' : `${runnerWorkers} worker threads`}\n`;
}

/** Every knob derived from the seed and options (`--verbose`). */
export function formatKnobs(spec: CampaignSpec, workers: number): string {
  const rows: Array<[string, string]> = [
    ['seed', `${spec.seed}: case i is fast-check's first value for seed caseSeed(${spec.seed}, i) (case 0: ${caseSeed(spec.seed, 0)})`],
    ['runs', `${spec.runs}`],
    ['shard', spec.onlyCase !== null ? `only case ${spec.onlyCase}` : `${spec.shard.index}/${spec.shard.count}: cases i with i % ${spec.shard.count} = ${spec.shard.index}`],
    ['profile', spec.generator.profile],
    ['writers', writersText(spec)],
    ['error path', errorPathText(spec)],
    ['invariants', spec.cases.invariants.join(', ')],
    ['determinism', spec.cases.checkDeterminism ? 'each case runs twice; trace sha256 must match' : 'off'],
    ['workers', workers <= 1 ? 'in-process' : `${workers} worker threads`],
    ['shrinking', `fast-check's shrinker on the first failing case of each kind, at most ${spec.shrinkRunsMax} runs each`],
    [
      'generator',
      'swarm: each knob is off/default or drawn from tiers (stages 0 s or 0 items, under, around, far past the stage table; ' +
        'events none or 1–3 cancels/errors; step timeout 900 s or 1 ms–900 s; estimate 720 s, 35 s, 680 s or 0.1 s–2 h; ' +
        'tracker shipped or changed within its envelope; checks the contract defaults)',
    ],
  ];
  return 'knobs:\n' + rows.map(([k, v]) => `  ${k.padEnd(12)} ${v}\n`).join('');
}

/** One case, for `--verbose`: its seed, verdict and knobs. */
export function formatCaseLine(spec: CampaignSpec, record: CaseRecord): string {
  const verdict = record.kinds.length === 0 ? 'ok' : `FAIL ${record.kinds.join(', ')}`;
  return `case ${record.index} (fast-check seed ${caseSeed(spec.seed, record.index)}): ${record.outcome ?? 'did not finish'}, ${verdict}${record.knobs ? ` · ${record.knobs}` : ''}\n`;
}

/** The summary: outcome counts, failing kinds, each counterexample and the command that reproduces the campaign. */
export function formatSummary(result: CampaignResult, savedFiles: ReadonlyMap<Counterexample, string>): string {
  const o = result.outcomes;
  const outcomes = [`${o.completed} completed`, `${o.cancelled} cancelled`, `${o.failed} failed`, `${o.timed_out} timed out`, ...(o.none > 0 ? [`${o.none} unfinished`] : [])];
  let out = result.interrupted ? `interrupted: ${result.casesRun} of ${caseCount(result.spec)} cases ran; shrinking stopped where it was\n` : '';
  out += `${result.casesRun} cases: ${outcomes.join(', ')}; ${result.failingCases} failing\n`;
  if (result.failingCases === 0) return out + `no counterexample found\n`;
  const kinds = FINDING_KINDS.filter((k) => result.failingByKind[k] !== undefined).map((k) => `${k} in ${result.failingByKind[k]} cases`);
  out += `failing: ${kinds.join(', ')}\n`;
  result.found.forEach((cx, i) => {
    const file = savedFiles.get(cx);
    out +=
      `\ncounterexample ${i + 1}: ${cx.kinds.join(', ')} (case ${cx.caseIndex}, shrunk in ${cx.shrinks} steps, ${cx.shrinkRuns} runs${cx.budgetSpent ? ', budget spent' : ''})\n` +
      `  its run: outcome ${cx.verdict.outcome ?? 'none'}, violates ${cx.verdict.violated.join(', ') || 'nothing'}${cx.verdict.error ? `; ${cx.verdict.error}` : ''}\n` +
      (cx.reproduced ? '' : '  warning: the scenario file, parsed and run again, did not show it\n') +
      (file === undefined ? cx.yaml.replace(/^/gm, '  ') + `  replay: ${cx.replayCase}\n` : `  saved: ${file}\n  replay: npx etasim run ${file}${trackerArg(result.spec.cases)}\n`);
  });
  return out + `\nreproduce the campaign: ${result.reproduce}\n`;
}

