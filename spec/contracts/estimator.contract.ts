/**
 * The conformance suite every estimator passes: tunekit's `check_estimator`.
 *
 * Call {@link checkEstimator} at the top level of a spec file with a factory that
 * returns a fresh, unfitted estimator. It registers a `describe` block of checks.
 */
import { describe, expect, it } from 'vitest';
import type { Label, MatrixLike, TargetLike } from '../../lib/core/data.js';
import { DenseMatrix } from '../../lib/core/data.js';
import { InvalidParameterError, NotFittedError, ValidationError } from '../../lib/core/errors.js';
import type { AnyEstimator } from '../../lib/core/estimator.js';
import { clone, isClassifier, isRegressor, isTransformer } from '../../lib/core/estimator.js';
import { Rng } from '../../lib/core/rng.js';

/** What the suite needs to know about the estimator under test. */
export interface EstimatorContractOptions {
  /** The kind of data to fit on. */
  readonly kind: 'classifier' | 'regressor' | 'transformer';
  /** Training data; defaults to a small generated problem of the kind. */
  readonly data?: { X: number[][]; y?: TargetLike };
  /** Params to set on a second instance to check determinism (e.g. `{ randomState: 0 }`). */
  readonly deterministicParams?: Record<string, unknown>;
  /** Skip the string-label round trip (e.g. an estimator that needs numeric labels). */
  readonly skipStringLabels?: boolean;
  /** Allowed difference between two deterministic fits' outputs (0: identical). */
  readonly tolerance?: number;
  /**
   * The estimator takes NaN as a missing value (HistGradientBoosting, VarianceThreshold; scikit-learn's `allow_nan` tag): fit must accept
   * NaN and still reject Infinity.
   */
  readonly allowNaN?: boolean;
}

function generated(kind: EstimatorContractOptions['kind']): { X: number[][]; y: number[] } {
  const rng = new Rng(0);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 60; i++) {
    const cls = i % 3;
    const row = [rng.normal(cls * 2, 1), rng.normal(-cls, 1), rng.normal(0, 1)];
    X.push(row);
    y.push(kind === 'regressor' ? 1.5 * row[0]! - 2 * row[1]! + 0.1 * rng.normal() : cls);
  }
  return { X, y };
}

/** Params with nested estimators replaced by their class name and own params (comparable with toEqual). */
function comparableParams(est: AnyEstimator): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(est.getParams(true) as Record<string, unknown>)) {
    out[k] = describeValue(v);
  }
  return out;
}

function describeValue(v: unknown): unknown {
  if (typeof v === 'object' && v !== null && typeof (v as { getParams?: unknown }).getParams === 'function') {
    return { class: v.constructor.name, params: comparableParams(v as AnyEstimator) };
  }
  if (Array.isArray(v)) return v.map(describeValue);
  return v;
}

function outputs(value: unknown): unknown {
  if (value instanceof DenseMatrix) return value.toArray();
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  return value;
}

function close(a: unknown, b: unknown, tolerance: number): void {
  if (tolerance === 0) {
    expect(a).toEqual(b);
    return;
  }
  const fa = (JSON.parse(JSON.stringify(a)) as unknown[]).flat(2) as unknown[];
  const fb = (JSON.parse(JSON.stringify(b)) as unknown[]).flat(2) as unknown[];
  expect(fa.length).toBe(fb.length);
  fa.forEach((x, i) => {
    if (typeof x === 'number') expect(Math.abs(x - (fb[i] as number))).toBeLessThanOrEqual(tolerance);
    else expect(x).toEqual(fb[i]);
  });
}

async function run(est: AnyEstimator, X: MatrixLike): Promise<unknown> {
  const e = est as unknown as Record<string, (X: MatrixLike) => Promise<unknown>>;
  if (typeof e.predict === 'function') return outputs(await e.predict.call(est, X));
  return outputs(await e.transform!.call(est, X));
}

/** Registers the conformance checks for the estimator built by `factory`. */
export function checkEstimator(name: string, factory: () => AnyEstimator, options: EstimatorContractOptions): void {
  const data = options.data ?? generated(options.kind);
  const X = data.X;
  const y = data.y;
  const tolerance = options.tolerance ?? 0;

  describe(`${name} conformance`, () => {
    it('declares its kind', () => {
      const est = factory();
      if (options.kind === 'classifier') expect(isClassifier(est)).toBe(true);
      if (options.kind === 'regressor') expect(isRegressor(est)).toBe(true);
      if (options.kind === 'transformer') expect(isTransformer(est)).toBe(true);
    });

    it('clone gives an unfitted copy with equal params', async () => {
      const est = factory();
      await est.fit(X, y);
      const copy = clone(est);
      expect(copy).not.toBe(est);
      expect(copy.constructor).toBe(est.constructor);
      expect(comparableParams(copy)).toEqual(comparableParams(est));
      await expect(run(copy, X)).rejects.toBeInstanceOf(NotFittedError);
    });

    it('setParams rejects unknown keys with the valid names', () => {
      const est = factory();
      expect(() => est.setParams({ notAParam: 1 })).toThrow(InvalidParameterError);
      expect(() => est.setParams({ notAParam: 1 })).toThrow(/Valid parameters are:/);
    });

    it('setParams(getParams()) changes nothing', () => {
      const est = factory();
      const before = comparableParams(est);
      est.setParams(est.getParams(false));
      expect(comparableParams(est)).toEqual(before);
    });

    it('fit returns this', async () => {
      const est = factory();
      expect(await est.fit(X, y)).toBe(est);
    });

    it('raises NotFittedError before fit', async () => {
      await expect(run(factory(), X)).rejects.toBeInstanceOf(NotFittedError);
    });

    it('gives one output row per input row and checks the feature count', async () => {
      const est = factory();
      await est.fit(X, y);
      const out = (await run(est, X)) as unknown[];
      expect(out.length).toBe(X.length);
      await expect(run(est, X.map((r) => [...r, 1]))).rejects.toBeInstanceOf(ValidationError);
    });

    if (options.allowNaN) {
      it('accepts NaN (missing values) and rejects Infinity in fit', async () => {
        const missing = X.map((r) => [...r]);
        missing[1]![0] = NaN;
        const est = factory();
        expect(await est.fit(missing, y)).toBe(est);
        const bad = X.map((r) => [...r]);
        bad[1]![0] = Infinity;
        await expect(factory().fit(bad, y)).rejects.toBeInstanceOf(ValidationError);
      });
    } else {
      it('rejects non-finite X in fit', async () => {
        const bad = X.map((r) => [...r]);
        bad[1]![0] = NaN;
        await expect(factory().fit(bad, y)).rejects.toBeInstanceOf(ValidationError);
      });
    }

    it('does not mutate X or y', async () => {
      const Xc = JSON.parse(JSON.stringify(X)) as number[][];
      const yc = JSON.parse(JSON.stringify(y ?? null)) as unknown;
      await factory().fit(Xc, yc === null ? undefined : (yc as TargetLike));
      expect(Xc).toEqual(X);
      expect(yc).toEqual(y ?? null);
    });

    it('is deterministic for fixed params', async () => {
      const params = options.deterministicParams ?? {};
      const a = factory().setParams(params);
      const b = factory().setParams(params);
      await a.fit(X, y);
      await b.fit(X, y);
      close(await run(a, X), await run(b, X), tolerance);
    });

    if (options.kind === 'classifier') {
      it('exposes sorted classes and predicts only known labels', async () => {
        const est = factory();
        await est.fit(X, y);
        const classes = (est as unknown as { classes: readonly Label[] }).classes;
        expect([...classes]).toEqual([...new Set(y as Label[])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
        const pred = (await run(est, X)) as Label[];
        for (const p of pred) expect(classes).toContain(p);
      });

      it('gives probabilities that sum to one, in classes order', async () => {
        const est = factory() as unknown as { predictProba?: (X: MatrixLike) => Promise<number[][]>; classes: Label[] } & AnyEstimator;
        if (typeof est.predictProba !== 'function') return;
        await est.fit(X, y);
        let proba: number[][];
        try {
          proba = await est.predictProba(X);
        } catch (error) {
          // estimators whose probabilities depend on a param (SVC probability: false) say so
          expect(error).toBeInstanceOf(Error);
          return;
        }
        expect(proba.length).toBe(X.length);
        for (const row of proba) {
          expect(row.length).toBe(est.classes.length);
          expect(Math.abs(row.reduce((s, p) => s + p, 0) - 1)).toBeLessThan(1e-6);
        }
      });

      if (!options.skipStringLabels) {
        it('round-trips string labels', async () => {
          const names = ['setosa', 'versicolor', 'virginica', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
          const labels = (y as number[]).map((v) => names[v % names.length]!);
          const numeric = factory();
          const strings = factory();
          await numeric.fit(X, y);
          await strings.fit(X, labels);
          const pn = (await run(numeric, X)) as number[];
          const ps = (await run(strings, X)) as string[];
          expect(ps).toEqual(pn.map((v) => names[v % names.length]));
        });
      }
    }
  });
}
