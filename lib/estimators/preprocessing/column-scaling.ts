/**
 * The per-column affine maps of the scalers (`StandardScaler`, `MinMaxScaler`,
 * `RobustScaler`): their `transform` and `inverseTransform` loops.
 *
 * Each map returns a new matrix (the input is not changed) and works value by
 * value in the same order of operations as scikit-learn, so results match to the
 * last bit. A `null` array skips its step (an option turned off).
 */
import { DenseMatrix } from '../../core/data.js';

/** `(x - offset[j]) / divisor[j]` for each value `x` of column `j`. */
export function subtractThenDivide(X: DenseMatrix, offset: Float64Array | null, divisor: Float64Array | null): DenseMatrix {
  const d = X.columns;
  const out = X.values.slice();
  for (let k = 0; k < out.length; k++) {
    const j = k % d;
    let x = out[k] as number;
    if (offset !== null) x -= offset[j] as number;
    if (divisor !== null) x /= divisor[j] as number;
    out[k] = x;
  }
  return new DenseMatrix(out, X.rows, d);
}

/**
 * `x * factor[j] + offset[j]` for each value `x` of column `j`, then clipped to
 * `clip` (`[lo, hi]`) when given.
 */
export function multiplyThenAdd(
  X: DenseMatrix,
  factor: Float64Array | null,
  offset: Float64Array | null,
  clip: readonly [number, number] | null = null,
): DenseMatrix {
  const d = X.columns;
  const out = X.values.slice();
  for (let k = 0; k < out.length; k++) {
    const j = k % d;
    let x = out[k] as number;
    if (factor !== null) x *= factor[j] as number;
    if (offset !== null) x += offset[j] as number;
    if (clip !== null) x = Math.min(Math.max(x, clip[0]), clip[1]);
    out[k] = x;
  }
  return new DenseMatrix(out, X.rows, d);
}
