import type { ErrorPath, LegacyWriter, Profile } from './JobSpec.js';

/** The legacy writers each version of the service still runs (system.md, "Profiles"). */
export const PROFILE_WRITERS: Readonly<Record<Profile, readonly LegacyWriter[]>> = {
  intended: [],
  shipped: ['ga_direct'],
  'pre-fix': ['cpsat_direct', 'rl_fallback', 'rl_global_repair', 'ga_direct'],
};

/** How each version ends a stage error or step timeout. */
export const PROFILE_ERROR_PATH: Readonly<Record<Profile, ErrorPath>> = {
  intended: 'published',
  shipped: 'silent',
  'pre-fix': 'silent',
};
