/** The contract's stable invariant ids: every run is gated on these. */
export const GATE_INVARIANT_IDS = [
  'eta-zero-mid-run',
  'eta-jump',
  'single-writer',
  'progress-regression',
  'write-after-terminal',
  'silent-end',
  // Not in the contract's table; gated like its six: a value the page cannot parse is never right.
  'malformed-progress',
] as const;

/** Measured on every run; they gate only where a scenario sets a threshold under `checks:`. */
export const OPT_IN_INVARIANT_IDS = ['eta-stuck', 'progress-leap', 'eta-error'] as const;

/** Every invariant id: the contract's, then the opt-in gates. */
export const INVARIANT_IDS = [...GATE_INVARIANT_IDS, ...OPT_IN_INVARIANT_IDS] as const;
export type InvariantId = (typeof INVARIANT_IDS)[number];
