import type { z } from 'zod';
import { durationMs, durationSeconds, type FileDuration } from '../duration.js';
import { secondsOfMs } from '../itemDurationsToFile.js';

/**
 * One scalar setting as a declarative row: its snake_case key in the file,
 * its camelCase key in the resolved object, and how the value converts.
 * The schema, the resolve step and `scenarioToYaml` all read the same rows,
 * so a setting cannot be added to one and forgotten in another.
 */
export interface ScalarField<K extends string> {
  /** Key in the file, unit last: `tick_s`. */
  readonly file: string;
  /** Key in the resolved object: `tickMs`. */
  readonly key: K;
  /** `ms`: a file duration stored as integer ms; `s`: a file duration stored as seconds; `number`: stored as is. */
  readonly unit: 'ms' | 's' | 'number';
  /** The file's schema of one value (null is allowed when the resolved value may be null). */
  readonly schema: z.ZodType;
  readonly description: string;
}

/** The resolved value of a file value. */
export function resolveScalar(field: ScalarField<string>, value: unknown): unknown {
  if (value === null) return null;
  if (field.unit === 'ms') return durationMs(value as FileDuration);
  if (field.unit === 's') return durationSeconds(value as FileDuration);
  return value;
}

/** The file value of a resolved value: milliseconds become seconds. */
export function scalarToFile(field: ScalarField<string>, value: unknown): unknown {
  if (value === null) return null;
  return field.unit === 'ms' ? secondsOfMs(value as number) : value;
}

/** The zod shape of `fields`, every one optional, described and showing its default. */
export function optionalShape(
  fields: readonly ScalarField<string>[],
  defaults: object,
): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const field of fields) {
    shape[field.file] = field.schema.optional().meta({
      description: field.description,
      default: scalarToFile(field, (defaults as Record<string, unknown>)[field.key]),
    });
  }
  return shape;
}

/** `defaults` with the values `raw` gives, resolved. */
export function resolveScalars<T extends object>(
  fields: readonly ScalarField<string>[],
  raw: Readonly<Record<string, unknown>> | undefined,
  defaults: T,
): T {
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const field of fields) {
    const value = raw?.[field.file];
    if (value !== undefined) out[field.key] = resolveScalar(field, value);
  }
  return out as T;
}

/** The file keys of the settings of `resolved` that differ from `defaults`. */
export function changedScalarsToFile(
  fields: readonly ScalarField<string>[],
  resolved: object,
  defaults: object,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const r = resolved as Record<string, unknown>;
  const d = defaults as Record<string, unknown>;
  for (const field of fields) {
    if (!Object.is(r[field.key], d[field.key])) out[field.file] = scalarToFile(field, r[field.key]);
  }
  return out;
}
