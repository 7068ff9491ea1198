/**
 * A line search for the strong Wolfe conditions (Nocedal & Wright, *Numerical
 * Optimization*, algorithms 3.5 and 3.6, with safeguarded cubic interpolation),
 * used by the L-BFGS and Newton-CG solvers of LogisticRegression.
 */

/** The objective along the search direction: its value and slope at `step`. */
export type LineFunction = (step: number) => { readonly f: number; readonly slope: number };

/** Options of {@link wolfeLineSearch}. */
export interface LineSearchOptions {
  /** Sufficient-decrease constant (Armijo). */
  readonly c1: number;
  /** Curvature constant. */
  readonly c2: number;
  /** The most function evaluations. */
  readonly maxEvaluations: number;
  /** The largest step tried. */
  readonly stepMax: number;
}

/**
 * The outcome of a line search.
 *
 * - `wolfe`: `step` meets both strong Wolfe conditions and was the last step evaluated;
 * - `decrease`: no Wolfe step was found, but `step` > 0 lowers the objective
 *   enough (Armijo); it may not be the last step evaluated;
 * - `failed`: no step lowers the objective.
 */
export type LineSearchResult =
  | { readonly kind: 'wolfe'; readonly step: number; readonly f: number; readonly evaluations: number }
  | { readonly kind: 'decrease'; readonly step: number; readonly f: number; readonly evaluations: number }
  | { readonly kind: 'failed'; readonly evaluations: number };

/** The minimizer of the cubic through (a, fa, da) and (b, fb, db), or NaN. */
function cubicMinimizer(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const d1 = da + db - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - da * db;
  if (!(disc >= 0)) return NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  return b - (b - a) * ((db + d2 - d1) / (db - da + 2 * d2));
}

/**
 * Searches along a descent direction (`slope0 < 0`) for a step meeting the strong
 * Wolfe conditions, starting from `step0`.
 */
export function wolfeLineSearch(phi: LineFunction, f0: number, slope0: number, step0: number, o: LineSearchOptions): LineSearchResult {
  const armijo = (step: number, f: number): boolean => f <= f0 + o.c1 * step * slope0;
  const curvatureOk = (slope: number): boolean => Math.abs(slope) <= -o.c2 * slope0;
  let evaluations = 0;
  // best step with sufficient decrease seen so far (for the 'decrease' outcome)
  let bestStep = 0;
  let bestF = f0;
  const note = (step: number, f: number): void => {
    if (armijo(step, f) && f < bestF) {
      bestStep = step;
      bestF = f;
    }
  };
  const fallback = (): LineSearchResult =>
    bestStep > 0 ? { kind: 'decrease', step: bestStep, f: bestF, evaluations } : { kind: 'failed', evaluations };

  const zoom = (lo: number, fLo: number, sLo: number, hi: number, fHi: number, sHi: number): LineSearchResult => {
    while (evaluations < o.maxEvaluations) {
      const width = hi - lo;
      if (Math.abs(width) <= 1e-16 * Math.max(1, Math.abs(hi))) break;
      let step = cubicMinimizer(lo, fLo, sLo, hi, fHi, sHi);
      const left = Math.min(lo, hi);
      const right = Math.max(lo, hi);
      const margin = 0.1 * (right - left);
      if (!Number.isFinite(step) || step < left + margin || step > right - margin) step = lo + 0.5 * width;
      const { f, slope } = phi(step);
      evaluations++;
      note(step, f);
      if (!armijo(step, f) || f >= fLo) {
        hi = step;
        fHi = f;
        sHi = slope;
      } else {
        if (curvatureOk(slope)) return { kind: 'wolfe', step, f, evaluations };
        if (slope * (hi - lo) >= 0) {
          hi = lo;
          fHi = fLo;
          sHi = sLo;
        }
        lo = step;
        fLo = f;
        sLo = slope;
      }
    }
    return fallback();
  };

  let prevStep = 0;
  let prevF = f0;
  let prevSlope = slope0;
  let step = Math.min(step0, o.stepMax);
  while (evaluations < o.maxEvaluations) {
    const { f, slope } = phi(step);
    evaluations++;
    note(step, f);
    if (!armijo(step, f) || (evaluations > 1 && f >= prevF)) {
      if (!Number.isFinite(f)) {
        // overflow: treat as far too long and bisect towards the last good step
        return zoom(prevStep, prevF, prevSlope, step, Number.MAX_VALUE, Number.MAX_VALUE);
      }
      return zoom(prevStep, prevF, prevSlope, step, f, slope);
    }
    if (curvatureOk(slope)) return { kind: 'wolfe', step, f, evaluations };
    if (slope >= 0) return zoom(step, f, slope, prevStep, prevF, prevSlope);
    if (step >= o.stepMax) break;
    prevStep = step;
    prevF = f;
    prevSlope = slope;
    step = Math.min(step * 4, o.stepMax);
  }
  return fallback();
}
