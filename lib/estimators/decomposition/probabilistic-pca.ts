/**
 * Probabilistic PCA (Tipping and Bishop): the Gaussian model behind PCA's
 * `getCovariance`, `getPrecision` and `score` (`scoreSamples`), and Minka's choice of the number
 * of components (`nComponents: 'mle'`), after scikit-learn's `_BasePCA` and
 * `_assess_dimension`.
 */
import { Matrix, inverse } from 'ml-matrix';
import { logGamma } from '../../core/special-functions.js';

/** What the model needs from a fitted PCA. */
export interface PcaModel {
  /** `k × p` row-major. */
  readonly components: Float64Array;
  readonly explainedVariance: Float64Array;
  readonly noiseVariance: number;
  readonly whiten: boolean;
  readonly nFeatures: number;
}

function toMatrix(values: Float64Array, rows: number, columns: number): Matrix {
  const m = new Matrix(rows, columns);
  for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) m.set(i, j, values[i * columns + j]);
  return m;
}

/** The components, scaled by √(explained variance) when whitened (as scikit-learn stores them for the model). */
function modelComponents(model: PcaModel): Matrix {
  const k = model.explainedVariance.length;
  const W = toMatrix(model.components, k, model.nFeatures);
  if (model.whiten) for (let c = 0; c < k; c++) W.mulRow(c, Math.sqrt(model.explainedVariance[c]));
  return W;
}

/** max(explained variance − noise variance, 0) per component. */
function varianceAboveNoise(model: PcaModel): number[] {
  return Array.from(model.explainedVariance, (v) => Math.max(v - model.noiseVariance, 0));
}

/** The model's covariance: Wᵀ diag(λ − σ²) W + σ² I (scikit-learn's `get_covariance`). */
export function pcaCovariance(model: PcaModel): Matrix {
  const W = modelComponents(model);
  const diff = varianceAboveNoise(model);
  const scaled = W.clone();
  for (let c = 0; c < diff.length; c++) scaled.mulRow(c, diff[c] as number);
  const cov = W.transpose().mmul(scaled);
  for (let j = 0; j < model.nFeatures; j++) cov.set(j, j, cov.get(j, j) + model.noiseVariance);
  return cov;
}

/** The inverse of {@link pcaCovariance}, by the matrix inversion lemma (scikit-learn's `get_precision`). */
export function pcaPrecision(model: PcaModel): Matrix {
  const p = model.nFeatures;
  const k = model.explainedVariance.length;
  const noise = model.noiseVariance;
  if (k === 0) return Matrix.eye(p, p).div(noise);
  if (noise === 0) return inverse(pcaCovariance(model));
  const W = modelComponents(model);
  const diff = varianceAboveNoise(model);
  const inner = W.mmul(W.transpose()).div(noise);
  for (let c = 0; c < k; c++) inner.set(c, c, inner.get(c, c) + 1 / (diff[c] as number));
  const precision = W.transpose().mmul(inverse(inner).mmul(W));
  precision.div(-(noise * noise));
  for (let j = 0; j < p; j++) precision.set(j, j, precision.get(j, j) + 1 / noise);
  return precision;
}

/**
 * log det of the model's precision, from its spectrum: the covariance has the
 * eigenvalues w꜀ · max(λ꜀ − σ², 0) + σ² along the components (w꜀ = λ꜀ when whitened,
 * as scikit-learn scales the components then, 1 otherwise) and σ² elsewhere.
 * scikit-learn takes an LU determinant of the precision instead (`fast_logdet`),
 * which loses digits on badly conditioned models; both agree to ~1e-12 otherwise.
 */
export function precisionLogDeterminant(model: PcaModel): number {
  const noise = model.noiseVariance;
  let logDet = 0;
  for (const v of model.explainedVariance) logDet -= Math.log((model.whiten ? v : 1) * Math.max(v - noise, 0) + noise);
  const rest = model.nFeatures - model.explainedVariance.length;
  if (rest > 0) logDet -= rest * Math.log(noise);
  return logDet;
}

/**
 * The log-likelihood of each row of `Xr` (X minus the mean, `n × p` row-major)
 * under the model (scikit-learn's `score_samples`).
 */
export function pcaLogLikelihood(model: PcaModel, Xr: Float64Array, n: number): Float64Array {
  const p = model.nFeatures;
  const precision = pcaPrecision(model);
  const P = precision.to1DArray();
  const constant = 0.5 * (p * Math.log(2 * Math.PI) - precisionLogDeterminant(model));
  const out = new Float64Array(n);
  const row = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const o = i * p;
    let quad = 0;
    for (let a = 0; a < p; a++) {
      let s = 0;
      for (let b = 0; b < p; b++) s += Xr[o + b] * (P[b * p + a] as number);
      row[a] = s;
    }
    for (let a = 0; a < p; a++) quad += Xr[o + a] * row[a];
    out[i] = -0.5 * quad - constant;
  }
  return out;
}

/** Minka's log-likelihood of a rank-`rank` model of a spectrum (scikit-learn's `_assess_dimension`). */
export function assessDimension(spectrum: Float64Array, rank: number, nSamples: number): number {
  const nFeatures = spectrum.length;
  const eps = 1e-15;
  if (spectrum[rank - 1] < eps) return -Infinity;
  let pu = -rank * Math.log(2);
  for (let i = 1; i <= rank; i++) pu += logGamma((nFeatures - i + 1) / 2) - (Math.log(Math.PI) * (nFeatures - i + 1)) / 2;
  let logSum = 0;
  for (let i = 0; i < rank; i++) logSum += Math.log(spectrum[i]);
  const pl = (-logSum * nSamples) / 2;
  let rest = 0;
  for (let i = rank; i < nFeatures; i++) rest += spectrum[i];
  const v = Math.max(eps, rest / (nFeatures - rank));
  const pv = (-Math.log(v) * nSamples * (nFeatures - rank)) / 2;
  const m = nFeatures * rank - (rank * (rank + 1)) / 2;
  const pp = (Math.log(2 * Math.PI) * (m + rank)) / 2;
  let pa = 0;
  const logN = Math.log(nSamples);
  for (let i = 0; i < rank; i++) {
    for (let j = i + 1; j < nFeatures; j++) {
      const sj = j < rank ? spectrum[j] : v;
      pa += Math.log((spectrum[i] - spectrum[j]) * (1 / sj - 1 / spectrum[i])) + logN;
    }
  }
  return pu + pl + pv + pp - pa / 2 - (rank * logN) / 2;
}

/** The rank in [1, p − 1] of highest {@link assessDimension} (scikit-learn's `_infer_dimension`). */
export function inferDimension(spectrum: Float64Array, nSamples: number): number {
  let best = 0;
  let bestValue = -Infinity;
  for (let rank = 1; rank < spectrum.length; rank++) {
    const ll = assessDimension(spectrum, rank, nSamples);
    // numpy's argmax: the first maximum; NaN wins as it does there
    if (ll > bestValue || (Number.isNaN(ll) && !Number.isNaN(bestValue))) {
      best = rank;
      bestValue = ll;
    }
  }
  return best;
}
