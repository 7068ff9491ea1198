/**
 * What the BaseSearchCV specs share (not a spec itself): a slice of diabetes,
 * and estimators that fail or take their time on purpose.
 */
import { readFileSync } from 'node:fs';
import type { MatrixLike, TargetLike } from '../../../lib/core/data.js';
import { BaseEstimator } from '../../../lib/core/estimator.js';
import { realIn } from '../../../lib/core/validate.js';
import { Ridge } from '../../../lib/estimators/linear/ridge.js';

/** Diabetes as scikit-learn's search fixtures hold it. */
export const ridge = JSON.parse(readFileSync(new URL('../../fixtures/search/ridge_diabetes.json', import.meta.url), 'utf8')) as {
  X: number[][];
  y: number[];
};

export interface FlakyParams {
  failAbove: number;
  alpha: number;
}
/** Ridge that throws when alpha passes failAbove. */
export class Flaky extends BaseEstimator<FlakyParams> {
  override readonly estimatorType = 'regressor' as const;
  private inner: Ridge | undefined;
  constructor(params: Partial<FlakyParams> = {}) {
    super('Flaky', { failAbove: { default: Infinity }, alpha: { default: 1, constraints: realIn({ min: 0 }) } }, params);
  }
  async fit(X: MatrixLike, y?: TargetLike): Promise<this> {
    if (this.params.alpha > this.params.failAbove) throw new Error(`alpha ${this.params.alpha} is too large`);
    this.inner = await new Ridge({ alpha: this.params.alpha }).fit(X, y);
    return this;
  }
  async predict(X: MatrixLike): Promise<Float64Array> {
    return this.requireFitted(this.inner, 'predict').predict(X);
  }
  async score(X: MatrixLike, y: TargetLike): Promise<number> {
    return this.requireFitted(this.inner, 'score').score(X, y);
  }
}


export interface SlowParams { ms: number }
/** Fits in `ms` milliseconds, or at once when aborted; scores `ms`. */
export class Slow extends BaseEstimator<SlowParams> {
  override readonly estimatorType = 'regressor' as const;
  constructor(params: Partial<SlowParams> = {}) {
    super('Slow', { ms: { default: 10 } }, params);
  }
  async fit(_X: MatrixLike, _y?: TargetLike, options?: { signal?: AbortSignal | undefined }): Promise<this> {
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, this.params.ms);
      options?.signal?.addEventListener('abort', () => (clearTimeout(t), resolve()));
    });
    return this;
  }
  async predict(X: MatrixLike): Promise<Float64Array> {
    return new Float64Array((X as number[][]).length);
  }
  async score(): Promise<number> {
    return this.params.ms;
  }
}
