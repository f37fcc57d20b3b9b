import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { scenarioJsonSchema } from '../../src/6-formats/scenario/scenarioJsonSchema.js';

type JsonObject = Record<string, unknown>;
const at = (o: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((v, k) => (v as JsonObject | undefined)?.[k], o);

describe('scenarioJsonSchema', () => {
  const schema = scenarioJsonSchema();

  test('is a draft 2020-12 object schema with a title and help', () => {
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema['title']).toBe('etasim scenario');
    expect(typeof schema['description']).toBe('string');
    expect(schema['type']).toBe('object');
    expect(schema['required']).toEqual(['name']);
  });

  test('is strict at the top and in nested mappings', () => {
    expect(schema['additionalProperties']).toBe(false);
    expect(at(schema, 'properties', 'stages', 'additionalProperties')).toBe(false);
    expect(at(schema, 'properties', 'stages', 'properties', 'cpsat', 'additionalProperties')).toBe(false);
    expect(at(schema, 'properties', 'tracker', 'properties', 'stages', 'properties', 'ga', 'additionalProperties')).toBe(false);
  });

  test('has every stage, tracker setting and check, with descriptions and defaults', () => {
    expect(Object.keys(at(schema, 'properties', 'stages', 'properties') as JsonObject)).toEqual(['load_data', 'clustering', 'cpsat', 'ga', 'rl', 'finalize']);
    expect(at(schema, 'properties', 'tracker', 'properties', 'tick_s', 'default')).toBe(0.5);
    expect(at(schema, 'properties', 'checks', 'properties', 'poll_s', 'default')).toBe(2);
    expect(at(schema, 'properties', 'stages', 'properties', 'cpsat', 'properties', 'cluster_s', 'default')).toEqual({ dist: 'lognormal', median: 1.5, p95: 5 });
    expect(at(schema, 'properties', 'seed', 'description')).toEqual(expect.any(String));
    expect(at(schema, 'properties', 'expect', 'properties', 'violations', 'uniqueItems')).toBe(true);
  });

  test('schema/scenario.schema.json is up to date (regenerate: npx etasim schema > schema/scenario.schema.json)', () => {
    const committed = readFileSync('schema/scenario.schema.json', 'utf8');
    expect(committed).toBe(JSON.stringify(schema, null, 2) + '\n');
  });
});
