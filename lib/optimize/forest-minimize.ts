/**
 * `forestMinimize` (scikit-optimize's `forest_minimize`): sequential
 * optimization with a forest of regression trees as the surrogate. The mean
 * of the trees' predictions is the surrogate's mean and their spread its
 * uncertainty (scikit-optimize's `return_std`: the law of total variance over
 * the trees, each leaf's variance included); the next point is the best of
 * `nPoints` random points by the acquisition (EI by default).
 *
 * The surrogate is a `RandomForestRegressor` ('RF') or an
 * `ExtraTreesRegressor` ('ET', scikit-optimize's default, used when the
 * estimators export it), or any forest with an async `fit` and a `trees`
 * list of fitted trees, both with scikit-optimize's settings (100 trees,
 * `minSamplesLeaf: 3`).
 */
import { Rng, deriveSeed, freshSeed } from '../core/rng.js';
import { checkInteger, checkOneOf, checkRandomState, checkReal, invalidParameter } from '../core/validate.js';
import type { TreeStructure } from '../estimators/tree/tree-structure.js';
import { applyTree } from '../estimators/tree/tree-structure.js';
import { RandomForestRegressor } from '../estimators/tree/random-forest-regressor.js';
import type { AcquisitionKind } from '../search/samplers/gp/acquisition.js';
import { acquisitionScore } from '../search/samplers/gp/acquisition.js';
import { pointKey } from '../search/samplers/gp/acquisition-search.js';
import type { AskTellOptimizer, BaseMinimizeOptions } from '../search/samplers/gp/minimize.js';
import { runMinimize } from '../search/samplers/gp/minimize.js';
import type { OptimizeResult, PointOf } from '../search/samplers/gp/optimizer.js';
import type { SpaceSpec } from '../search/space/dimensions.js';
import type { ParamSet } from '../search/space/parameter-grid.js';
import { Space } from '../search/space/search-space.js';

/** A forest the surrogate can use: fitted asynchronously, then read tree by tree. */
export interface ForestRegressorLike {
  fit(X: number[][], y: number[]): Promise<unknown>;
  /** The fitted trees (regression: one value per node, the node's variance as its impurity). */
  readonly trees: readonly TreeStructure[];
}

/** Options of {@link forestMinimize}. */
export interface ForestMinimizeOptions<P> extends BaseMinimizeOptions<P> {
  /**
   * The forest: `'RF'` (RandomForestRegressor), `'ET'` (ExtraTreesRegressor,
   * scikit-optimize's default, once the estimators have it), or a forest.
   * @default 'RF'
   */
  readonly baseEstimator?: 'RF' | 'ET' | ForestRegressorLike | undefined;
  /** Random points before the forest proposes. @default 10 */
  readonly nInitialPoints?: number | undefined;
  /** The acquisition function. @default 'EI' */
  readonly acqFunc?: AcquisitionKind | undefined;
  /** EI/PI improvement margin (the function's units). @default 0.01 */
  readonly xi?: number | undefined;
  /** LCB exploration weight. @default 1.96 */
  readonly kappa?: number | undefined;
  /** Random points scored by the acquisition at each step. @default 10000 */
  readonly nPoints?: number | undefined;
  /** Seed of every draw and of the forests. @default undefined (fresh seed) */
  readonly randomState?: number | undefined;
}

const OWNER = 'forestMinimize';

/** The estimators module, read once, for the 'ET' seam. */
async function extraTrees(seed: number): Promise<ForestRegressorLike> {
  const estimators = (await import('../estimators/index.js')) as Record<string, unknown>;
  const Ctor = estimators.ExtraTreesRegressor as (new (params: Record<string, unknown>) => ForestRegressorLike) | undefined;
  if (Ctor === undefined) {
    throw invalidParameter(OWNER, 'baseEstimator', "'RF' or a forest (ExtraTreesRegressor is not in this build of tunekit yet)", 'ET', { kind: 'option' });
  }
  return new Ctor({ nEstimators: 100, minSamplesLeaf: 3, randomState: seed });
}

/** The forest surrogate's ask/tell optimizer. */
class ForestOptimizer<P> implements AskTellOptimizer<P> {
  readonly nInitialPoints: number;
  private readonly xs: Float64Array[] = [];
  private readonly values: unknown[][] = [];
  private readonly ys: number[] = [];
  private readonly visited = new Set<string>();

  constructor(
    private readonly space: Space,
    private readonly options: ForestMinimizeOptions<P>,
    private readonly seed: number,
  ) {
    this.nInitialPoints = checkInteger(OWNER, 'nInitialPoints', options.nInitialPoints ?? 10, { min: 1 });
  }

  get nTold(): number {
    return this.ys.length;
  }

  async ask(): Promise<P> {
    const rng = new Rng(deriveSeed(this.seed, this.ys.length));
    const finite = this.ys.filter((v) => Number.isFinite(v));
    if (this.ys.length < this.nInitialPoints || finite.length === 0) return this.fromValues(this.space.sample(rng));
    const forest = await this.fitForest(finite);
    const p = this.space.featureSize;
    const m = this.options.nPoints ?? 10000;
    const units = Array.from({ length: m }, () => this.space.snapUnit(Float64Array.from({ length: this.space.nDims }, () => rng.random())));
    const Z = new Float32Array(m * p);
    const row = new Float64Array(p);
    units.forEach((u, i) => {
      this.space.features(u, row);
      Z.set(row, i * p);
    });
    const { mean, std } = forestPrediction(forest.trees, Z, m, p);
    const best = Math.min(...finite);
    const params = { best, xi: this.options.xi ?? 0.01, kappa: this.options.kappa ?? 1.96 };
    let chosen = -1;
    let top = -Infinity;
    for (let i = 0; i < m; i++) {
      const score = acquisitionScore(this.options.acqFunc ?? 'EI', mean[i] as number, std[i] as number, params).value;
      if (score > top && !this.visited.has(pointKey(units[i] as Float64Array))) [chosen, top] = [i, score];
    }
    return this.fromValues(this.space.fromUnit(units[Math.max(0, chosen)] as Float64Array));
  }

  tell(x: P, y: number | null | undefined): void {
    const values = this.space.named ? this.space.fromParams(x as ParamSet) : [...(x as readonly unknown[])];
    const unit = this.space.snapUnit(this.space.toUnit(values));
    this.visited.add(pointKey(unit));
    this.xs.push(unit);
    this.values.push(values);
    this.ys.push(typeof y === 'number' && Number.isFinite(y) ? y : NaN);
  }

  get result(): OptimizeResult<P> {
    let best = -1;
    this.ys.forEach((v, i) => {
      if (Number.isFinite(v) && (best < 0 || v < (this.ys[best] as number))) best = i;
    });
    return {
      x: best < 0 ? undefined : this.fromValues(this.values[best] as unknown[]),
      fun: best < 0 ? NaN : (this.ys[best] as number),
      xIters: this.values.map((v) => this.fromValues(v)),
      funcVals: [...this.ys],
      space: this.space,
      randomState: this.seed,
    };
  }

  private fromValues(values: readonly unknown[]): P {
    return (this.space.named ? this.space.toParams(values) : [...values]) as P;
  }

  /** A forest fitted on the unit features of the points told, failures at the worst value. */
  private async fitForest(finite: readonly number[]): Promise<ForestRegressorLike> {
    const worst = Math.max(...finite);
    const p = this.space.featureSize;
    const X = this.xs.map((u) => {
      const row = new Float64Array(p);
      this.space.features(u, row);
      return Array.from(row);
    });
    const y = this.ys.map((v) => (Number.isFinite(v) ? v : worst));
    const seed = deriveSeed(this.seed, this.ys.length, 0xf0);
    const base = this.options.baseEstimator ?? 'RF';
    const forest =
      base === 'RF' ? new RandomForestRegressor({ nEstimators: 100, minSamplesLeaf: 3, randomState: seed }) : base === 'ET' ? await extraTrees(seed) : base;
    await forest.fit(X, y);
    return forest;
  }
}

/**
 * The forest's mean and standard deviation at each row of Z (float32,
 * row-major): per tree, the leaf's value and variance (impurity); the
 * variance of the mixture over the trees (scikit-optimize's `_return_std`).
 */
export function forestPrediction(trees: readonly TreeStructure[], Z: Float32Array, m: number, p: number): { mean: Float64Array; std: Float64Array } {
  const mean = new Float64Array(m);
  const second = new Float64Array(m);
  for (const tree of trees) {
    const leaves = applyTree(tree, Z, m, p);
    for (let i = 0; i < m; i++) {
      const leaf = leaves[i] as number;
      const v = tree.value[leaf * tree.nValues] as number;
      mean[i] = (mean[i] as number) + v;
      second[i] = (second[i] as number) + (tree.impurity[leaf] as number) + v * v;
    }
  }
  const k = trees.length;
  const std = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    mean[i] = (mean[i] as number) / k;
    std[i] = Math.sqrt(Math.max(0, (second[i] as number) / k - (mean[i] as number) ** 2));
  }
  return { mean, std };
}

/**
 * Minimizes `fn` over `space` with a forest surrogate (scikit-optimize's
 * `forest_minimize`). The space is read as scikit-optimize reads it (see
 * `gpMinimize`).
 * @example
 * ```ts
 * const res = await forestMinimize(([x, c]) => ((x as number) - 1) ** 2 + (c === 'a' ? 0 : 1), [[-5.0, 5.0], ['a', 'b']], { nCalls: 30, randomState: 0 });
 * res.x; // near [1, 'a']
 * ```
 */
export async function forestMinimize<S extends SpaceSpec | Space>(
  fn: (x: PointOf<S>) => number | Promise<number>,
  space: S,
  options: ForestMinimizeOptions<PointOf<S>> = {},
): Promise<OptimizeResult<PointOf<S>>> {
  const s = space instanceof Space ? space : new Space(space, OWNER, 'skopt');
  const seed = checkRandomState(OWNER, options.randomState) ?? freshSeed();
  if (options.acqFunc !== undefined) checkOneOf(OWNER, 'acqFunc', options.acqFunc, ['EI', 'PI', 'LCB'] as const);
  if (options.xi !== undefined) checkReal(OWNER, 'xi', options.xi, { min: 0 });
  if (options.kappa !== undefined) checkReal(OWNER, 'kappa', options.kappa, { min: 0 });
  if (options.nPoints !== undefined) checkInteger(OWNER, 'nPoints', options.nPoints, { min: 1 });
  const base = options.baseEstimator;
  if (base !== undefined && base !== 'RF' && base !== 'ET' && (typeof base !== 'object' || typeof (base as ForestRegressorLike).fit !== 'function')) {
    throw invalidParameter(OWNER, 'baseEstimator', "'RF', 'ET' or a forest regressor", base, { kind: 'option' });
  }
  return runMinimize(OWNER, new ForestOptimizer<PointOf<S>>(s, options, seed), fn, options);
}
