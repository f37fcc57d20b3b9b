import { PROFILE_ERROR_PATH, PROFILE_WRITERS } from '../../3-model/pipeline/profiles.js';
import type { ErrorPath, LegacyWriter, Profile } from '../../6-formats/scenario/Scenario.js';

/**
 * Which legacy writers generated scenarios switch on: the profile's own
 * list, exactly the given list, or any subset of every legacy writer
 * (swarm style: each case picks its own).
 */
export type WritersChoice =
  | { readonly kind: 'profile' }
  | { readonly kind: 'exactly'; readonly writers: readonly LegacyWriter[] }
  | { readonly kind: 'any' };

/** How generated scenarios end a stage error: the profile's path, one path, or either per case. */
export type ErrorPathChoice = { readonly kind: 'profile' } | { readonly kind: 'exactly'; readonly errorPath: ErrorPath } | { readonly kind: 'any' };

/** What the generator keeps fixed: the version of the service under test. */
export interface GeneratorOptions {
  readonly profile: Profile;
  readonly writers: WritersChoice;
  readonly errorPath: ErrorPathChoice;
  /** Inject Redis faults (`--faults`); off by default so a campaign's cases stay those of earlier versions. */
  readonly faults?: boolean;
  /** Draw overrides of the built-in tracker's constants (off under an external tracker, which has none). */
  readonly trackerOverrides?: boolean;
}

/** The intended profile with its own writers (none) and error path (published). */
export const INTENDED: GeneratorOptions = { profile: 'intended', writers: { kind: 'profile' }, errorPath: { kind: 'profile' } };

/** The writers a fixed choice resolves to, or null when each case draws its own. */
export function fixedWriters(options: GeneratorOptions): readonly LegacyWriter[] | null {
  switch (options.writers.kind) {
    case 'profile':
      return PROFILE_WRITERS[options.profile];
    case 'exactly':
      return options.writers.writers;
    case 'any':
      return null;
  }
}

/** The error path a fixed choice resolves to, or null when each case draws its own. */
export function fixedErrorPath(options: GeneratorOptions): ErrorPath | null {
  switch (options.errorPath.kind) {
    case 'profile':
      return PROFILE_ERROR_PATH[options.profile];
    case 'exactly':
      return options.errorPath.errorPath;
    case 'any':
      return null;
  }
}
