/** Progress writers other than the tracker that the fix removed (or missed). */
export const LEGACY_WRITERS = ['cpsat_direct', 'update_progress', 'rl_fallback', 'rl_global_repair', 'ga_direct'] as const;
export type LegacyWriter = (typeof LEGACY_WRITERS)[number];
