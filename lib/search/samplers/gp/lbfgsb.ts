/**
 * A bounded quasi-Newton minimizer: limited-memory BFGS on the free variables
 * with projection onto the box (a compact relative of L-BFGS-B). Variables at a
 * bound whose gradient points outward are held fixed; the two-loop recursion
 * gives the direction for the others; a backtracking Armijo search runs along the
 * projected path. Used for kernel hyperparameters and to refine acquisition
 * maxima, where the problems are small (≤ ~70 variables) and smooth.
 */

/** Options of {@link minimizeBounded}. */
export interface MinimizeBoundedOptions {
  /** The most iterations. @default 100 */
  readonly maxIter?: number | undefined;
  /** The most function evaluations. @default 200 */
  readonly maxEval?: number | undefined;
  /** Stop when the largest projected-gradient component falls below this. @default 1e-5 */
  readonly pgtol?: number | undefined;
  /** Stop when an iteration improves f by less than this, relative to |f|. @default 1e-9 */
  readonly ftol?: number | undefined;
  /** Pairs kept for the inverse-Hessian approximation. @default 10 */
  readonly memory?: number | undefined;
}

/** What {@link minimizeBounded} returns. */
export interface MinimizeBoundedResult {
  readonly x: Float64Array;
  readonly f: number;
  readonly nEval: number;
  readonly nIter: number;
}

/** An objective returning f(x) and writing ∇f(x) into `grad`. Return Infinity (or NaN) where undefined. */
export type ValueAndGradient = (x: Float64Array, grad: Float64Array) => number;

/**
 * Minimizes `fg` over the box [lower, upper] from `x0`.
 * @example
 * ```ts
 * const { x } = minimizeBounded((x, g) => { g[0] = 2 * (x[0]! - 3); return (x[0]! - 3) ** 2; },
 *   Float64Array.of(0), Float64Array.of(-1), Float64Array.of(2)); // x ≈ [2]
 * ```
 */
export function minimizeBounded(
  fg: ValueAndGradient,
  x0: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  options: MinimizeBoundedOptions = {},
): MinimizeBoundedResult {
  const n = x0.length;
  const maxIter = options.maxIter ?? 100;
  const maxEval = options.maxEval ?? 200;
  const pgtol = options.pgtol ?? 1e-5;
  const ftol = options.ftol ?? 1e-9;
  const memory = options.memory ?? 10;
  const lo = Float64Array.from(lower);
  const hi = Float64Array.from(upper);
  const project = (v: Float64Array): Float64Array => {
    for (let i = 0; i < n; i++) v[i] = Math.min(hi[i] as number, Math.max(lo[i] as number, v[i] as number));
    return v;
  };

  let x: Float64Array = project(Float64Array.from(x0));
  let g: Float64Array = new Float64Array(n);
  let f = fg(x, g);
  let nEval = 1;
  if (!Number.isFinite(f)) return { x, f, nEval, nIter: 0 };
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(n);
  const free = new Uint8Array(n);
  const alpha = new Float64Array(memory);
  let nIter = 0;

  for (; nIter < maxIter && nEval < maxEval; nIter++) {
    let pgMax = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i] as number;
      const gi = g[i] as number;
      const atLo = xi <= (lo[i] as number) && gi > 0;
      const atHi = xi >= (hi[i] as number) && gi < 0;
      free[i] = atLo || atHi ? 0 : 1;
      if (free[i]) pgMax = Math.max(pgMax, Math.abs(gi));
    }
    if (pgMax < pgtol) break;

    // two-loop recursion on the free variables
    for (let i = 0; i < n; i++) d[i] = free[i] ? (g[i] as number) : 0;
    const m = S.length;
    for (let k = m - 1; k >= 0; k--) {
      let a = 0;
      const s = S[k] as Float64Array;
      for (let i = 0; i < n; i++) if (free[i]) a += (s[i] as number) * (d[i] as number);
      a *= rho[k] as number;
      alpha[k] = a;
      const y = Y[k] as Float64Array;
      for (let i = 0; i < n; i++) if (free[i]) d[i] = (d[i] as number) - a * (y[i] as number);
    }
    if (m > 0) {
      const s = S[m - 1] as Float64Array;
      const y = Y[m - 1] as Float64Array;
      let sy = 0;
      let yy = 0;
      for (let i = 0; i < n; i++) {
        sy += (s[i] as number) * (y[i] as number);
        yy += (y[i] as number) ** 2;
      }
      const gamma = yy > 0 ? sy / yy : 1;
      for (let i = 0; i < n; i++) d[i] = (d[i] as number) * gamma;
    }
    for (let k = 0; k < m; k++) {
      const y = Y[k] as Float64Array;
      let b = 0;
      for (let i = 0; i < n; i++) if (free[i]) b += (y[i] as number) * (d[i] as number);
      b *= rho[k] as number;
      const s = S[k] as Float64Array;
      for (let i = 0; i < n; i++) if (free[i]) d[i] = (d[i] as number) + ((alpha[k] as number) - b) * (s[i] as number);
    }
    let slope = 0;
    for (let i = 0; i < n; i++) {
      d[i] = free[i] ? -(d[i] as number) : 0;
      slope += (d[i] as number) * (g[i] as number);
    }
    if (!(slope < 0)) {
      // not a descent direction: restart from steepest descent
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      slope = 0;
      for (let i = 0; i < n; i++) {
        d[i] = free[i] ? -(g[i] as number) : 0;
        slope -= (d[i] as number) ** 2;
      }
    }
    let step = 1;
    if (S.length === 0) {
      let dn = 0;
      for (let i = 0; i < n; i++) dn = Math.max(dn, Math.abs(d[i] as number));
      step = dn > 0 ? Math.min(1, 1 / dn) : 1;
    }

    // backtracking along the projected path
    let accepted = false;
    let xNew: Float64Array = new Float64Array(n);
    let gNew: Float64Array = new Float64Array(n);
    let fNew = f;
    for (let ls = 0; ls < 30 && nEval < maxEval; ls++) {
      for (let i = 0; i < n; i++) xNew[i] = (x[i] as number) + step * (d[i] as number);
      project(xNew);
      let decrease = 0;
      for (let i = 0; i < n; i++) decrease += (g[i] as number) * ((xNew[i] as number) - (x[i] as number));
      fNew = fg(xNew, gNew);
      nEval++;
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * decrease) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) break;

    const s = new Float64Array(n);
    const y = new Float64Array(n);
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = (xNew[i] as number) - (x[i] as number);
      y[i] = (gNew[i] as number) - (g[i] as number);
      sy += (s[i] as number) * (y[i] as number);
      yy += (y[i] as number) ** 2;
    }
    const fOld = f;
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    f = fNew;
    if (sy > 1e-10 * yy) {
      if (S.length === memory) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    if (fOld - f <= ftol * Math.max(1, Math.abs(f))) {
      nIter++;
      break;
    }
  }
  return { x, f, nEval, nIter };
}
