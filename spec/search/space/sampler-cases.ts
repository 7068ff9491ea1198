/**
 * Replays spec/fixtures/space (scikit-learn 1.2.1's ParameterSampler over
 * scipy.stats distributions and lists) with tunekit's ParameterSampler.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { DistributionLike } from '../../../lib/search/space/distributions.js';
import { exponential, logNormal, logUniform, normal, randInt, uniform } from '../../../lib/search/space/distributions.js';
import type { DistributionSpec } from '../../../lib/search/space/parameter-sampler.js';
import { ParameterSampler } from '../../../lib/search/space/parameter-sampler.js';

/** A distribution as the fixture writes it. */
export type DistSpec = { dist: 'uniform' | 'loguniform' | 'randint' | 'norm' | 'expon' | 'lognorm'; args: number[] };
export type ValueSpec = DistSpec | unknown[];

export interface SamplerCase {
  records: Record<string, ValueSpec>[];
  nIter: number;
  seed: number;
  candidates: Record<string, unknown>[];
}

export function loadSpaceFixture<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/space/${file}`, import.meta.url), 'utf8')) as T;
}

/** tunekit's counterpart of a scipy.stats distribution. */
export function toDistribution(spec: DistSpec): DistributionLike<number> {
  const [a, b] = spec.args as [number, number];
  switch (spec.dist) {
    case 'uniform':
      return uniform(a, b);
    case 'loguniform':
      return logUniform(a, b);
    case 'randint':
      return randInt(a, b);
    case 'norm':
      return normal(a, b);
    case 'expon':
      return exponential(a);
    case 'lognorm':
      return logNormal(a, b);
  }
}

function toRecord(record: Record<string, ValueSpec>): DistributionSpec {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, Array.isArray(v) ? v : toDistribution(v)]));
}

/**
 * The size of the values a distribution draws, for the tolerance: a normal draw
 * `z * std + mean` may cancel down to a small value whose error is that of `z * std`.
 */
export function scaleOf(spec: ValueSpec | undefined): number {
  if (spec === undefined || Array.isArray(spec)) return 0;
  return spec.dist === 'norm' ? Math.abs(spec.args[0]!) + 10 * spec.args[1]! : 0;
}

/**
 * Values through log, exp or pow may differ from scipy's in the last bits (the C
 * library and Math round differently now and then): 8 ulps of the larger of the
 * value and `scale`. Everything else exact.
 */
export function expectSameValue(actual: unknown, expected: unknown, where: string, scale = 0): void {
  if (typeof expected === 'number' && !Number.isInteger(expected)) {
    const tolerance = 8 * Number.EPSILON * Math.max(Math.abs(expected), scale);
    if (!(typeof actual === 'number' && Math.abs(actual - expected) <= tolerance)) {
      expect.fail(`${where}: ${String(actual)} vs scikit-learn's ${expected}`);
    }
    return;
  }
  expect(actual, where).toEqual(expected);
}

export function expectSamplerCase(c: SamplerCase): void {
  const records = c.records.map(toRecord);
  const sampler = new ParameterSampler(records.length === 1 ? records[0]! : records, c.nIter, { randomState: c.seed });
  const ours = sampler.candidates();
  expect(ours.length).toBe(c.candidates.length);
  const specOf = (key: string): ValueSpec | undefined => c.records.find((r) => key in r)?.[key];
  ours.forEach((params, i) => {
    // the same names (scikit-learn's grid lists them in reverse order: key order is not compared)
    expect(Object.keys(params).sort(), `candidate ${i} keys`).toEqual(Object.keys(c.candidates[i]!).sort());
    for (const [key, value] of Object.entries(c.candidates[i]!)) {
      expectSameValue(params[key], value, `candidate ${i}, ${key}`, scaleOf(specOf(key)));
    }
  });
}

export function caseTitle(c: SamplerCase): string {
  const shape = c.records.map((r) => `{${Object.entries(r).map(([k, v]) => `${k}: ${Array.isArray(v) ? `list(${v.length})` : v.dist}`).join(', ')}}`);
  return `${shape.join(' | ')} x${c.nIter}, seed ${c.seed}`;
}
