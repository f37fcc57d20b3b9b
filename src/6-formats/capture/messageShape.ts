import { TERMINAL_STATUSES } from '../../2-wire/ProgressMessage.js';
import { DIRECT_PROGRESS, updateProgressPct } from '../../2-wire/legacyFormulas.js';
import { isStageName } from '../../2-wire/stages.js';

/**
 * What a progress message's shape says about its writer (system.md,
 * "message shapes"). `writer` is null when the shape alone cannot name one;
 * `fail?` marks a failed/Failed terminal write whose writer depends on
 * whether the same JSON was published (the tracker's fail() never is).
 */
export interface Shape {
  readonly kind: 'tracker' | 'fail?' | 'terminal' | 'initial' | 'info' | 'legacy' | 'ambiguous' | 'unknown';
  readonly writer: string | null;
  /** How the writer was told: one sentence, the same for every message of the rule. */
  readonly by: string;
}

/** The tracker's update(): a float epoch timestamp and the tracker's own fields. */
export const TRACKER_SHAPE: Shape = {
  kind: 'tracker',
  writer: 'tracker',
  by: "shape: float epoch timestamp with progress_percent/eta_seconds (the tracker's update())",
};
/** The tracker's fail(): failed/Failed with an ISO timestamp, stored, never published. */
export const FAIL_SHAPE: Shape = {
  kind: 'tracker',
  writer: 'tracker',
  by: "shape: status 'failed', stage 'Failed', ISO timestamp, stored and never published (the tracker's fail())",
};
const FAIL_CANDIDATE: Shape = { kind: 'fail?', writer: null, by: '' };
const INITIAL: Shape = {
  kind: 'initial',
  writer: 'api',
  by: "shape: progress 0.1 / stage 'Preparing' (the submission's initial write)",
};
const INFO: Shape = {
  kind: 'info',
  writer: 'saga',
  by: 'shape: published with no progress and no ETA (an informational stage message)',
};
const NOT_JSON: Shape = { kind: 'unknown', writer: null, by: 'shape: not a JSON object' };
const UNKNOWN: Shape = { kind: 'unknown', writer: null, by: 'shape: no known writer has this field set' };

const terminalShapes = new Map<string, Shape>();
/** A terminal handler's message (cancelled, timeout, error), stored and published. */
export function terminalShape(status: string): Shape {
  let shape = terminalShapes.get(status);
  if (!shape) {
    shape = { kind: 'terminal', writer: 'api', by: `shape: terminal status '${status}' with an ISO timestamp (a terminal handler)` };
    terminalShapes.set(status, shape);
  }
  return shape;
}

const legacyShapes = new Map<string, Shape>();
function legacy(writer: string, kind: 'legacy' | 'ambiguous', by: string): Shape {
  const id = `${writer}\u0000${by}`;
  let shape = legacyShapes.get(id);
  if (!shape) {
    shape = { kind, writer, by };
    legacyShapes.set(id, shape);
  }
  return shape;
}



/** RL's global repair reports at most 10 problem clusters; its fallback at least 30 episodes (min(200, 3 × ≥10 conflicts)). */
const RL_GLOBAL_ITEMS_MAX = 10;
const RL_FALLBACK_ITEMS_MIN = 30;

/** Reads what a progress message's fields say about its writer. `op` is the command that carried it. */
export function shapeOf(value: string | null | undefined, op: string): Shape {
  let o: Record<string, unknown>;
  try {
    const parsed: unknown = value == null ? null : JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return NOT_JSON;
    o = parsed as Record<string, unknown>;
  } catch {
    return NOT_JSON;
  }
  const stage = typeof o['stage'] === 'string' ? o['stage'] : null;
  const status = typeof o['status'] === 'string' ? o['status'] : null;
  const carries = typeof o['progress'] === 'number' || 'time_remaining_seconds' in o || 'progress_percent' in o || 'eta_seconds' in o;
  const hasItems = typeof o['items_done'] === 'number' || typeof o['items_total'] === 'number';
  if (stage !== null && isStageName(stage) && hasItems) return legacyShape(o, stage);
  if (typeof o['timestamp'] === 'number' && ('progress_percent' in o || 'eta_seconds' in o)) return TRACKER_SHAPE;
  if (status !== null && TERMINAL_STATUSES.has(status)) {
    if (status === 'failed' && stage === 'Failed' && op !== 'publish') return FAIL_CANDIDATE;
    return terminalShape(status);
  }
  if (o['progress'] === 0.1 || stage === 'Preparing') return INITIAL;
  if (!carries && op === 'publish') return INFO;
  return UNKNOWN;
}

function legacyShape(o: Record<string, unknown>, stage: string): Shape {
  const base = `shape: technical stage '${stage}' with items_done/items_total`;
  const message = typeof o['message'] === 'string' ? o['message'] : '';
  const done = typeof o['items_done'] === 'number' ? o['items_done'] : null;
  const total = typeof o['items_total'] === 'number' ? o['items_total'] : null;
  const progress = typeof o['progress'] === 'number' ? o['progress'] : null;
  if (!(stage in DIRECT_PROGRESS)) return legacy(`legacy_${stage}`, 'ambiguous', `${base}: no known writer reports this stage`);
  if (/^(cpsat|ga|rl) \d+\/\d+$/.test(message)) return legacy('update_progress', 'legacy', `${base}, message '<stage> done/total' (_update_progress())`);
  const known = done !== null && total !== null && total > 0 && progress !== null;
  const writes = stage as keyof typeof DIRECT_PROGRESS;
  if (known && progress === updateProgressPct(writes, done, total) && progress !== DIRECT_PROGRESS[writes](done, total)) {
    return legacy('update_progress', 'legacy', `${base}, progress on _update_progress()'s ranges (5→60, 60→80, 80→96)`);
  }
  if (stage === 'cpsat') return legacy('cpsat_direct', 'legacy', base);
  if (stage === 'ga') return legacy('ga_direct', 'legacy', base);
  if (/^RL episode/i.test(message)) return legacy('rl_fallback', 'legacy', `${base}, message 'RL episode …' (fallback batches)`);
  if (/^Repaired cluster/i.test(message)) return legacy('rl_global_repair', 'legacy', `${base}, message 'Repaired cluster …' (global repair)`);
  if (total !== null && total <= RL_GLOBAL_ITEMS_MAX) {
    return legacy('rl_global_repair', 'legacy', `${base}, items_total ≤ ${RL_GLOBAL_ITEMS_MAX} (problem clusters: global repair)`);
  }
  if (total !== null && total >= RL_FALLBACK_ITEMS_MIN) {
    return legacy('rl_fallback', 'legacy', `${base}, items_total ≥ ${RL_FALLBACK_ITEMS_MIN} (episodes: fallback batches)`);
  }
  return legacy('rl_legacy', 'ambiguous', `${base}, items_total between ${RL_GLOBAL_ITEMS_MAX} and ${RL_FALLBACK_ITEMS_MIN}: fallback or global repair`);
}

/** Whether a shape could be the tracker's: its own shapes, or one no other writer is known to produce. */
export function trackerCompatible(shape: Shape): boolean {
  return shape.kind === 'tracker' || shape.kind === 'unknown';
}
