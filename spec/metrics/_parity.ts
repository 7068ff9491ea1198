/**
 * Helpers of the metric specs: reading the scikit-learn fixtures written by
 * spec/fixtures/metrics/generate.py and comparing values to 1e-10 relative.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { TunekitWarning } from '../../lib/core/warnings.js';

/** One metric call and scikit-learn's answer. */
export interface MetricCase {
  readonly id: string;
  readonly fn: string;
  readonly args: unknown[];
  readonly options: Record<string, unknown>;
  readonly expected: unknown;
  readonly warnings: { category: string; message: string }[];
}

/** Turns the fixtures' "NaN"/"Infinity"/"-Infinity" strings back into numbers. */
export function decode(value: unknown): unknown {
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  if (Array.isArray(value)) return value.map(decode);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
  }
  return value;
}

/** Reads a fixture file of spec/fixtures/metrics. */
export function readFixture<T = { cases: MetricCase[] }>(name: string): T {
  const url = new URL(`../fixtures/metrics/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as T;
}

/** The cases of a fixture file whose function is one of `fns`. */
export function casesFor(file: string, fns: readonly string[]): MetricCase[] {
  const cases = readFixture(file)
    .cases.filter((c) => fns.includes(c.fn))
    .map((c) => ({ ...c, expected: decode(c.expected) }));
  if (cases.length === 0) throw new Error(`no fixture cases for ${fns.join(', ')} in ${file}`);
  return cases;
}

export const RELATIVE_TOLERANCE = 1e-10;
const ABSOLUTE_TOLERANCE = 1e-13;

/** Deep comparison: numbers to 1e-10 relative (NaN equals NaN), everything else exactly. */
export function expectClose(actual: unknown, expected: unknown, path = 'value'): void {
  if (typeof expected === 'number') {
    expect(typeof actual, `${path} should be a number`).toBe('number');
    const a = actual as number;
    if (Number.isNaN(expected) || !Number.isFinite(expected)) {
      expect(a, path).toBe(expected);
      return;
    }
    const tolerance = Math.max(RELATIVE_TOLERANCE * Math.abs(expected), ABSOLUTE_TOLERANCE);
    if (!(Math.abs(a - expected) <= tolerance)) {
      expect.fail(`${path}: expected ${expected}, got ${a} (difference ${Math.abs(a - expected)})`);
    }
    return;
  }
  if (Array.isArray(expected)) {
    const a = ArrayBuffer.isView(actual) ? Array.from(actual as unknown as ArrayLike<number>) : actual;
    expect(Array.isArray(a), `${path} should be an array`).toBe(true);
    expect((a as unknown[]).length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, i) => expectClose((a as unknown[])[i], e, `${path}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    expect(actual, path).toBeTypeOf('object');
    for (const [k, e] of Object.entries(expected)) expectClose((actual as Record<string, unknown>)[k], e, `${path}.${k}`);
    return;
  }
  expect(actual, path).toBe(expected);
}

/** scikit-learn's warning text with tunekit's camelCase names. */
export function translateWarning(message: string): string {
  return message
    .replace(/zero_division/g, 'zeroDivision')
    .replace(/pos_label/g, 'posLabel')
    .replace(/y_true/g, 'yTrue')
    .replace(/y_pred/g, 'yPred')
    .replace(/\(got '([^']*)'\)/, '(got "$1")');
}

/** Checks that tunekit warned as scikit-learn did (same categories and texts, in order). */
export function expectSameWarnings(actual: readonly TunekitWarning[], expected: MetricCase['warnings']): void {
  expect(actual.map((w) => `${w.category}: ${w.message}`)).toEqual(expected.map((w) => `${w.category}: ${translateWarning(w.message)}`));
}

/** Calls a metric by name with the fixture's arguments and options. */
export function callMetric(metrics: Record<string, unknown>, c: MetricCase): unknown {
  const fn = metrics[c.fn] as (...args: unknown[]) => unknown;
  if (typeof fn !== 'function') throw new Error(`unknown metric ${c.fn}`);
  const args = c.args.map((a) => decode(a));
  return fn(...args, decode(c.options));
}
