/**
 * The line search of Moré and Thuente ("Line search algorithms with guaranteed
 * sufficient decrease", ACM TOMS 20, 1994), as MINPACK-2's `dcsrch`/`dcstep` run it
 * inside scipy's L-BFGS-B: the same interval updates, safeguards and exits, so that
 * our L-BFGS takes the steps scipy takes (and stops after the same iterations).
 *
 * It is a reverse-communication state machine: {@link MoreThuente.start} gives the
 * first step to evaluate; each {@link MoreThuente.next} takes the objective and its
 * slope at the step just evaluated and says whether to evaluate another step or stop.
 */

/** The tolerances of the search. */
export interface MoreThuenteOptions {
  /** Sufficient decrease: f(stp) <= f(0) + ftol · stp · f'(0). */
  readonly ftol: number;
  /** Curvature: |f'(stp)| <= gtol · |f'(0)|. */
  readonly gtol: number;
  /** Stop with a warning when the bracketing interval is narrower than xtol · its upper end. */
  readonly xtol: number;
  readonly stpmin: number;
  readonly stpmax: number;
}

/**
 * What to do next: evaluate at `step` ('evaluate'), or stop there ('converged': both
 * conditions hold; 'warning': no better step can be found, `step` has sufficient
 * decrease at best). `reason` names the warning as MINPACK does.
 */
export type MoreThuenteTask =
  | { readonly kind: 'evaluate'; readonly step: number }
  | { readonly kind: 'converged'; readonly step: number }
  | {
      readonly kind: 'warning';
      readonly step: number;
      readonly reason: 'ROUNDING ERRORS PREVENT PROGRESS' | 'XTOL TEST SATISFIED' | 'STP = STPMAX' | 'STP = STPMIN';
    };

const XTRAPL = 1.1;
const XTRAPU = 4;

/** One end of the search interval: a step with its value and slope. */
interface Point {
  step: number;
  f: number;
  g: number;
}

/** The Moré–Thuente search along one direction. */
export class MoreThuente {
  private brackt = false;
  private stage: 1 | 2 = 1;
  private finit = 0;
  private ginit = 0;
  private gtest = 0;
  private width = 0;
  private width1 = 0;
  /** The best step so far (least value of the auxiliary function). */
  private readonly x: Point = { step: 0, f: 0, g: 0 };
  /** The other end of the interval. */
  private readonly y: Point = { step: 0, f: 0, g: 0 };
  private stmin = 0;
  private stmax = 0;
  private stp = 0;

  constructor(private readonly o: MoreThuenteOptions) {}

  /**
   * Starts a search from f(0) = `f0` with slope `g0` < 0 and the first trial step
   * `step` in [stpmin, stpmax]: returns the step to evaluate first.
   */
  start(f0: number, g0: number, step: number): MoreThuenteTask {
    const o = this.o;
    if (!(step >= o.stpmin && step <= o.stpmax) || !(g0 < 0)) {
      throw new RangeError(`MoreThuente.start needs stpmin <= step <= stpmax and a negative slope; got step ${step}, slope ${g0}`);
    }
    this.brackt = false;
    this.stage = 1;
    this.finit = f0;
    this.ginit = g0;
    this.gtest = o.ftol * g0;
    this.width = o.stpmax - o.stpmin;
    this.width1 = this.width / 0.5;
    Object.assign(this.x, { step: 0, f: f0, g: g0 });
    Object.assign(this.y, { step: 0, f: f0, g: g0 });
    this.stmin = 0;
    this.stmax = step + XTRAPU * step;
    this.stp = step;
    return { kind: 'evaluate', step };
  }

  /** Takes f and its slope at the step last returned; returns the next task. */
  next(f: number, g: number): MoreThuenteTask {
    const o = this.o;
    const stp = this.stp;
    const ftest = this.finit + stp * this.gtest;
    if (this.stage === 1 && f <= ftest && g >= 0) this.stage = 2;

    // the later tests win, as in dcsrch (a convergence overrides a warning)
    let warning: (MoreThuenteTask & { kind: 'warning' })['reason'] | undefined;
    if (this.brackt && (stp <= this.stmin || stp >= this.stmax)) warning = 'ROUNDING ERRORS PREVENT PROGRESS';
    if (this.brackt && this.stmax - this.stmin <= o.xtol * this.stmax) warning = 'XTOL TEST SATISFIED';
    if (stp === o.stpmax && f <= ftest && g <= this.gtest) warning = 'STP = STPMAX';
    if (stp === o.stpmin && (f > ftest || g >= this.gtest)) warning = 'STP = STPMIN';
    if (f <= ftest && Math.abs(g) <= o.gtol * -this.ginit) return { kind: 'converged', step: stp };
    if (warning !== undefined) return { kind: 'warning', step: stp, reason: warning };

    const current: Point = { step: stp, f, g };
    if (this.stage === 1 && f <= this.x.f && f > ftest) {
      // a lower value without sufficient decrease: step on the auxiliary function
      // psi(s) = f(s) - f(0) - ftol·s·f'(0), whose values and slopes are shifted
      const shift = (pt: Point): void => {
        pt.f -= pt.step * this.gtest;
        pt.g -= this.gtest;
      };
      const unshift = (pt: Point): void => {
        pt.f += pt.step * this.gtest;
        pt.g += this.gtest;
      };
      shift(this.x);
      shift(this.y);
      shift(current);
      this.stp = this.safeguardedStep(current);
      unshift(this.x);
      unshift(this.y);
    } else {
      this.stp = this.safeguardedStep(current);
    }

    if (this.brackt) {
      // bisect when the interval did not shrink enough over two steps
      if (Math.abs(this.y.step - this.x.step) >= 0.66 * this.width1) this.stp = this.x.step + 0.5 * (this.y.step - this.x.step);
      this.width1 = this.width;
      this.width = Math.abs(this.y.step - this.x.step);
      this.stmin = Math.min(this.x.step, this.y.step);
      this.stmax = Math.max(this.x.step, this.y.step);
    } else {
      this.stmin = this.stp + XTRAPL * (this.stp - this.x.step);
      this.stmax = this.stp + XTRAPU * (this.stp - this.x.step);
    }
    this.stp = Math.min(Math.max(this.stp, o.stpmin), o.stpmax);
    // no progress possible: fall back to the best step so far
    if ((this.brackt && (this.stp <= this.stmin || this.stp >= this.stmax)) || (this.brackt && this.stmax - this.stmin <= o.xtol * this.stmax)) {
      this.stp = this.x.step;
    }
    return { kind: 'evaluate', step: this.stp };
  }

  /**
   * dcstep: updates the interval [x, y] with the point just evaluated (`p`) and
   * returns the next trial step, from cubic, quadratic and secant fits safeguarded by
   * [stmin, stmax].
   */
  private safeguardedStep(p: Point): number {
    const { x, y } = this;
    const { stmin, stmax } = this;
    const sgnd = p.g * Math.sign(x.g);
    let next: number;
    if (p.f > x.f) {
      // higher value: the minimum is bracketed; the cubic step if it is closer to x,
      // else the mean of the cubic and quadratic steps
      const cubic = cubicStep(x, p, p.step < x.step);
      const quadratic = x.step + (x.g / ((x.f - p.f) / (p.step - x.step) + x.g) / 2) * (p.step - x.step);
      next = Math.abs(cubic - x.step) < Math.abs(quadratic - x.step) ? cubic : cubic + (quadratic - cubic) / 2;
      this.brackt = true;
    } else if (sgnd < 0) {
      // lower value, slopes of opposite signs: bracketed; the cubic step if it is
      // farther from p than the secant step, else the secant step
      const cubic = cubicStepFrom(p, x, p.step > x.step);
      const secant = p.step + (p.g / (p.g - x.g)) * (x.step - p.step);
      next = Math.abs(cubic - p.step) > Math.abs(secant - p.step) ? cubic : secant;
      this.brackt = true;
    } else if (Math.abs(p.g) < Math.abs(x.g)) {
      // lower value, same sign, the slope shrinks: the cubic step only if the cubic
      // tends to infinity in the direction of the step or its minimum lies beyond p
      const theta = (3 * (x.f - p.f)) / (p.step - x.step) + x.g + p.g;
      const s = Math.max(Math.abs(theta), Math.abs(x.g), Math.abs(p.g));
      let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (x.g / s) * (p.g / s)));
      if (p.step > x.step) gamma = -gamma;
      const r = (gamma - p.g + theta) / (gamma + (x.g - p.g) + gamma);
      let cubic: number;
      if (r < 0 && gamma !== 0) cubic = p.step + r * (x.step - p.step);
      else cubic = p.step > x.step ? stmax : stmin;
      const secant = p.step + (p.g / (p.g - x.g)) * (x.step - p.step);
      if (this.brackt) {
        next = Math.abs(cubic - p.step) < Math.abs(secant - p.step) ? cubic : secant;
        const limit = p.step + 0.66 * (y.step - p.step);
        next = p.step > x.step ? Math.min(limit, next) : Math.max(limit, next);
      } else {
        next = Math.abs(cubic - p.step) > Math.abs(secant - p.step) ? cubic : secant;
        next = Math.max(stmin, Math.min(stmax, next));
      }
    } else if (this.brackt) {
      // lower value, same sign, the slope does not shrink: the cubic step towards y
      next = cubicStepFrom(p, y, p.step > y.step);
    } else {
      next = p.step > x.step ? stmax : stmin;
    }

    // the new interval
    if (p.f > x.f) {
      Object.assign(y, p);
    } else {
      if (sgnd < 0) Object.assign(y, x);
      Object.assign(x, p);
    }
    return next;
  }
}

/**
 * The minimizer of the cubic interpolating (a, b) measured from a: `a.step + r (b.step -
 * a.step)`, with gamma's sign flipped when `flip` (dcstep's first case).
 */
function cubicStep(a: Point, b: Point, flip: boolean): number {
  const theta = (3 * (a.f - b.f)) / (b.step - a.step) + a.g + b.g;
  const s = Math.max(Math.abs(theta), Math.abs(a.g), Math.abs(b.g));
  let gamma = s * Math.sqrt((theta / s) ** 2 - (a.g / s) * (b.g / s));
  if (flip) gamma = -gamma;
  const r = (gamma - a.g + theta) / (gamma - a.g + gamma + b.g);
  return a.step + r * (b.step - a.step);
}

/**
 * The minimizer of the cubic through p and q measured from p: `p.step + r (q.step -
 * p.step)` (dcstep's second and fourth cases).
 */
function cubicStepFrom(p: Point, q: Point, flip: boolean): number {
  const theta = (3 * (q.f - p.f)) / (p.step - q.step) + q.g + p.g;
  const s = Math.max(Math.abs(theta), Math.abs(q.g), Math.abs(p.g));
  let gamma = s * Math.sqrt((theta / s) ** 2 - (q.g / s) * (p.g / s));
  if (flip) gamma = -gamma;
  const r = (gamma - p.g + theta) / (gamma - p.g + gamma + q.g);
  return p.step + r * (q.step - p.step);
}
