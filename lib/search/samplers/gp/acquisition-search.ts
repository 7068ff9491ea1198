/**
 * Maximizing an acquisition function over a mixed space: score a large
 * quasi-random candidate set plus perturbations of the best observed points in
 * one batched posterior evaluation, refine the best few with a bounded
 * quasi-Newton search on the continuous coordinates (categories held), try every
 * category of each categorical for the winner, and skip points already
 * evaluated or pending.
 */
import type { Rng } from '../../../core/rng.js';
import type { Space } from '../../space/search-space.js';
import type { AcquisitionKind, AcquisitionParams, Score } from './acquisition.js';
import { acquisitionScore } from './acquisition.js';
import type { GaussianProcess } from './gaussian-process.js';
import { minimizeBounded } from './lbfgsb.js';
import { SOBOL_MAX_DIM, Sobol } from './sobol.js';

/** Options of {@link maximizeAcquisition}. */
export interface AcquisitionSearchOptions {
  /** Quasi-random (Sobol) candidates; scaled down as observations grow so a step stays cheap. @default 2048 */
  readonly nCandidates?: number | undefined;
  /** Random perturbations of the best observed points. @default 512 */
  readonly nLocal?: number | undefined;
  /** Candidates refined by the gradient search (per acquisition). @default 4 */
  readonly nRefine?: number | undefined;
  /** Evaluations per refinement. @default 30 */
  readonly maxRefineEval?: number | undefined;
}

/** What the search needs to know. */
export interface AcquisitionSearchContext {
  readonly space: Space;
  readonly gp: GaussianProcess;
  readonly params: AcquisitionParams;
  /** Observed points (unit coordinates), best first. */
  readonly incumbents: readonly Float64Array[];
  /** Keys ({@link pointKey}) of evaluated and pending points. */
  readonly visited: ReadonlySet<string>;
  readonly rng: Rng;
  /** Points proposed and not evaluated yet (unit coordinates): a proposal keeps `minDistance` from each. @default [] */
  readonly pending?: readonly Float64Array[] | undefined;
  /** The smallest distance (unit coordinates; a different category counts 1) from a pending point. @default 0 */
  readonly minDistance?: number | undefined;
}

/** True when `u` is closer than the context's `minDistance` to a pending point. */
function crowded(ctx: AcquisitionSearchContext, u: Float64Array): boolean {
  const r = ctx.minDistance ?? 0;
  if (r <= 0 || ctx.pending === undefined || ctx.pending.length === 0) return false;
  const dims = ctx.space.dimensions;
  for (const p of ctx.pending) {
    let d2 = 0;
    for (let j = 0; j < dims.length && d2 < r * r; j++) {
      const dim = dims[j] as { kind: string; size?: number };
      const a = u[j] as number;
      const b = p[j] as number;
      if (dim.kind === 'categorical') {
        const size = dim.size as number;
        if (Math.min(size - 1, Math.floor(a * size)) !== Math.min(size - 1, Math.floor(b * size))) d2 += 1;
      } else {
        d2 += (a - b) ** 2;
      }
    }
    if (d2 < r * r) return true;
  }
  return false;
}

/** True when a point may be proposed: neither evaluated, pending, nor crowding a pending point. */
function allowed(ctx: AcquisitionSearchContext, u: Float64Array, key = pointKey(u)): boolean {
  return !ctx.visited.has(key) && !crowded(ctx, u);
}

/** A proposal: unit coordinates and acquisition score. */
export interface Proposal {
  readonly unit: Float64Array;
  readonly score: number;
}

/** A key identifying a (snapped) point, for duplicate checks. */
export function pointKey(unit: ArrayLike<number>): string {
  return Array.from(unit, (v) => v.toFixed(10)).join(',');
}

function candidateSet(ctx: AcquisitionSearchContext, nCandidates: number, nLocal: number): Float64Array[] {
  const { space, rng } = ctx;
  const d = space.nDims;
  const out: Float64Array[] = [];
  if (d <= SOBOL_MAX_DIM) {
    const sobol = new Sobol(d, { rng });
    for (let i = 0; i < nCandidates; i++) out.push(sobol.next());
  } else {
    for (let i = 0; i < nCandidates; i++) out.push(Float64Array.from({ length: d }, () => rng.random()));
  }
  const k = Math.min(5, ctx.incumbents.length);
  const scales = [0.2, 0.05, 0.01, 0.002];
  for (let i = 0; i < nLocal && k > 0; i++) {
    const center = ctx.incumbents[rng.random() < 0.5 ? 0 : rng.integer(0, k)] as Float64Array;
    const scale = scales[i % scales.length] as number;
    const u = center.slice();
    space.dimensions.forEach((dim, j) => {
      if (dim.kind === 'categorical') {
        if (rng.random() < 1 / d) u[j] = rng.random();
      } else {
        u[j] = Math.min(1, Math.max(0, (u[j] as number) + scale * rng.normal()));
      }
    });
    out.push(u);
  }
  for (const u of out) space.snapUnit(u);
  return out;
}

function featuresOf(space: Space, units: readonly Float64Array[]): Float64Array {
  const p = space.featureSize;
  const F = new Float64Array(units.length * p);
  units.forEach((u, i) => space.features(u, F, i * p));
  return F;
}

/** Scores unit points for each acquisition (batched posterior, every point exactly). */
function scoreAll(ctx: AcquisitionSearchContext, units: readonly Float64Array[], kinds: readonly AcquisitionKind[]): Float64Array[] {
  const { mean, std } = ctx.gp.predictNormalized(featuresOf(ctx.space, units), units.length);
  const s: Score = { value: 0, dMean: 0, dStd: 0 };
  return kinds.map((kind) => Float64Array.from(mean, (m, i) => acquisitionScore(kind, m, std[i] as number, ctx.params, s).value));
}

/**
 * The `r` best candidates of one acquisition, found without computing the exact
 * posterior std of most candidates: conditioning on the nearest observed point
 * alone bounds the std from above, which bounds the score (EI and −LCB grow
 * with σ; PI does where μ is above the target), so candidates are scored exactly
 * in decreasing order of their bound until the bound falls below the r-th best.
 */
function topCandidates(
  ctx: AcquisitionSearchContext,
  kind: AcquisitionKind,
  units: readonly Float64Array[],
  screen: { Kc: Float64Array; mean: Float64Array; stdUpper: Float64Array; exact: Float64Array },
  r: number,
): Proposal[] {
  const m = units.length;
  const s: Score = { value: 0, dMean: 0, dStd: 0 };
  const target = ctx.params.best - ctx.params.xi;
  const bound = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const mu = screen.mean[j] as number;
    bound[j] = kind === 'PI' && mu < target ? 0 : acquisitionScore(kind, mu, screen.stdUpper[j] as number, ctx.params, s).value;
  }
  const order = Array.from(bound.keys()).sort((a, b) => (bound[b] as number) - (bound[a] as number));
  const top: Proposal[] = [];
  const seen = new Set<string>();
  const CHUNK = 32;
  for (let pos = 0; pos < m; pos += CHUNK) {
    if (top.length >= r && (bound[order[pos] as number] as number) <= (top[r - 1] as Proposal).score) break;
    const chunk = order.slice(pos, pos + CHUNK);
    const missing = chunk.filter((j) => Number.isNaN(screen.exact[j] as number));
    if (missing.length > 0) {
      const std = ctx.gp.stdForColumns(screen.Kc, m, missing);
      missing.forEach((j, i) => {
        screen.exact[j] = std[i] as number;
      });
    }
    for (const j of chunk) {
      const score = acquisitionScore(kind, screen.mean[j] as number, screen.exact[j] as number, ctx.params, s).value;
      if (top.length >= r && score <= (top[r - 1] as Proposal).score) continue;
      const key = pointKey(units[j] as Float64Array);
      if (seen.has(key) || !allowed(ctx, units[j] as Float64Array, key)) continue;
      seen.add(key);
      top.push({ unit: units[j] as Float64Array, score });
      top.sort((a, b) => b.score - a.score);
      if (top.length > r) top.pop();
    }
  }
  return top;
}

/** Gradient refinement of the relaxable coordinates (reals and integers) of `start`. */
function refine(ctx: AcquisitionSearchContext, kind: AcquisitionKind, start: Float64Array, maxEval: number): Float64Array {
  const { space, gp } = ctx;
  const free = space.groups.filter((g) => g.kind !== 'categorical');
  if (free.length === 0) return start;
  const p = space.featureSize;
  const z = new Float64Array(p);
  space.features(start, z);
  const s: Score = { value: 0, dMean: 0, dStd: 0 };
  const x0 = Float64Array.from(free, (g) => start[g.dimension] as number);
  const lo = new Float64Array(free.length);
  const hi = new Float64Array(free.length).fill(1);
  const fg = (x: Float64Array, grad: Float64Array): number => {
    free.forEach((g, i) => {
      z[g.offset] = x[i] as number;
    });
    const pred = gp.predictWithGradient(z);
    acquisitionScore(kind, pred.mean, pred.std, ctx.params, s);
    free.forEach((g, i) => {
      grad[i] = -(s.dMean * (pred.dMean[g.offset] as number) + s.dStd * (pred.dStd[g.offset] as number));
    });
    return -s.value;
  };
  const res = minimizeBounded(fg, x0, lo, hi, { maxEval, maxIter: maxEval, pgtol: 1e-7, ftol: 1e-10 });
  const out = start.slice();
  free.forEach((g, i) => {
    out[g.dimension] = res.x[i] as number;
  });
  return space.snapUnit(out);
}

/** Tries every category of each categorical dimension of `u` in turn, keeping improvements. */
function sweepCategories(ctx: AcquisitionSearchContext, kind: AcquisitionKind, best: Proposal): Proposal {
  let current = best;
  ctx.space.dimensions.forEach((dim, j) => {
    if (dim.kind !== 'categorical' || dim.size < 2) return;
    const options = Array.from({ length: dim.size }, (_, c) => {
      const u = current.unit.slice();
      u[j] = (c + 0.5) / dim.size;
      return u;
    });
    const scores = scoreAll(ctx, options, [kind])[0] as Float64Array;
    options.forEach((u, c) => {
      if ((scores[c] as number) > current.score && allowed(ctx, u)) current = { unit: u, score: scores[c] as number };
    });
  });
  return current;
}

/**
 * The best point for each acquisition in `kinds` (one batched posterior over
 * the candidate set, shared by all of them).
 * @example
 * ```ts
 * const [proposal] = maximizeAcquisition(ctx, ['EI']);
 * space.fromUnit(proposal.unit);
 * ```
 */
export function maximizeAcquisition(ctx: AcquisitionSearchContext, kinds: readonly AcquisitionKind[], options: AcquisitionSearchOptions = {}): Proposal[] {
  const n = Math.max(1, ctx.gp.nTrain);
  // past ~60 observations, keep the candidate kernel work near 1.2e5 evaluations and refine less
  const nCandidates = Math.min(options.nCandidates ?? 2048, Math.max(256, Math.floor((n <= 100 ? 1.2e5 : 8e4) / n)));
  const nLocal = Math.min(options.nLocal ?? 512, Math.max(64, nCandidates >> 2));
  const nRefine = options.nRefine ?? (n > 100 ? 2 : 4);
  const maxEval = options.maxRefineEval ?? (n > 100 ? 12 : 30);
  const units = candidateSet(ctx, nCandidates, nLocal);
  const m = units.length;
  const { Kc, mean } = ctx.gp.crossMean(featuresOf(ctx.space, units), m);
  const { amplitude, noise } = ctx.gp.variances;
  const kmax = new Float64Array(m);
  const nTrain = ctx.gp.nTrain;
  for (let i = 0; i < nTrain; i++) {
    const ri = i * m;
    for (let j = 0; j < m; j++) {
      const k = Math.abs(Kc[ri + j] as number);
      if (k > (kmax[j] as number)) kmax[j] = k;
    }
  }
  const stdUpper = kmax.map((k) => Math.sqrt(Math.max(amplitude - (k * k) / (amplitude + noise), 1e-18 * amplitude)) * (1 + 1e-9));
  const screen = { Kc, mean, stdUpper, exact: new Float64Array(m).fill(NaN) };
  return kinds.map((kind) => {
    const top = topCandidates(ctx, kind, units, screen, nRefine);
    if (top.length === 0) {
      // every candidate was visited (a small finite space): allow a repeat
      return { unit: units[0] as Float64Array, score: -Infinity };
    }
    const refinedUnits = top.map((t) => refine(ctx, kind, t.unit, maxEval));
    const refinedScores = scoreAll(ctx, refinedUnits, [kind])[0] as Float64Array;
    let best = top[0] as Proposal;
    top.forEach((t, i) => {
      const u = refinedUnits[i] as Float64Array;
      const cand = (refinedScores[i] as number) > t.score && allowed(ctx, u) ? { unit: u, score: refinedScores[i] as number } : t;
      if (cand.score > best.score) best = cand;
    });
    return sweepCategories(ctx, kind, best);
  });
}
