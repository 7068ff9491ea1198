/**
 * Output warping for the surrogate: a Yeo–Johnson power transform of the
 * standardized targets, with λ chosen by maximum likelihood (as scikit-learn's
 * `PowerTransformer`). The transform is increasing, so the minimum stays the
 * minimum; it makes skewed objectives (a few huge values, as Rosenbrock or a
 * diverging fit) look closer to Gaussian, which a GP models far better.
 */

function yeoJohnson(x: number, lambda: number): number {
  if (x >= 0) return Math.abs(lambda) < 1e-12 ? Math.log1p(x) : ((x + 1) ** lambda - 1) / lambda;
  const l2 = 2 - lambda;
  return Math.abs(l2) < 1e-12 ? -Math.log1p(-x) : -((1 - x) ** l2 - 1) / l2;
}

/** The inverse of {@link yeoJohnson} (the transform is increasing, so one-to-one). */
function yeoJohnsonInverse(t: number, lambda: number): number {
  if (t >= 0) return Math.abs(lambda) < 1e-12 ? Math.expm1(t) : Math.max(0, lambda * t + 1) ** (1 / lambda) - 1;
  const l2 = 2 - lambda;
  return Math.abs(l2) < 1e-12 ? -Math.expm1(-t) : 1 - Math.max(0, 1 - l2 * t) ** (1 / l2);
}

/** A warping of targets and its inverse. */
export interface Warping {
  (v: number): number;
  /** The target of a warped value. */
  inverse(t: number): number;
}

function identity(): Warping {
  return Object.assign((v: number) => v, { inverse: (t: number) => t });
}

function logLikelihood(xs: Float64Array, lambda: number): number {
  const n = xs.length;
  let mean = 0;
  const t = xs.map((x) => yeoJohnson(x, lambda));
  for (const v of t) mean += v;
  mean /= n;
  let variance = 0;
  for (const v of t) variance += (v - mean) ** 2;
  variance /= n;
  if (!(variance > 0) || !Number.isFinite(variance)) return -Infinity;
  let jac = 0;
  for (const x of xs) jac += Math.sign(x) * Math.log1p(Math.abs(x));
  return -0.5 * n * Math.log(variance) + (lambda - 1) * jac;
}

/**
 * Fits λ on `y` and returns the warping function, with its inverse (identity
 * when `y` has fewer than 3 distinct finite values).
 * @example
 * ```ts
 * const warp = powerTransform([0.1, 0.5, 3, 40, 900]);
 * warp(40) > warp(3); // true: increasing
 * warp.inverse(warp(40)); // 40
 * ```
 */
export function powerTransform(y: readonly number[]): Warping {
  const finite = y.filter((v) => Number.isFinite(v));
  if (new Set(finite).size < 3) return identity();
  const n = finite.length;
  const mean = finite.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(finite.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  if (!(std > 0)) return identity();
  const xs = Float64Array.from(finite, (v) => (v - mean) / std);
  // golden-section search for λ in [-2, 2]
  let a = -2;
  let b = 2;
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = logLikelihood(xs, c);
  let fd = logLikelihood(xs, d);
  for (let it = 0; it < 60 && b - a > 1e-6; it++) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = logLikelihood(xs, c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = logLikelihood(xs, d);
    }
  }
  const lambda = (a + b) / 2;
  return Object.assign((v: number) => yeoJohnson((v - mean) / std, lambda), { inverse: (t: number) => mean + std * yeoJohnsonInverse(t, lambda) });
}
