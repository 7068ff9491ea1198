/**
 * The epoch loop of stochastic gradient descent (scikit-learn's `_plain_sgd`): the
 * per-epoch shuffle with scikit-learn's seeded xorshift, the epochs themselves (on the
 * WebAssembly kernel, or in JavaScript), the overflow check, and the stopping rules
 * (no improvement of the training loss, or of the validation score with early
 * stopping, for `nIterNoChange` epochs; 'adaptive' divides the rate by 5 instead).
 */
import { ValidationError } from '../../core/errors.js';
import type { IntermediateReporter } from '../../core/estimator.js';
import { RandR } from '../tree/rand-r.js';
import { throwIfAborted } from './linear-model.js';
import type { SgdEpochConfig, SgdEpochData, SgdEpochState, SgdWeights } from './sgd-epoch.js';
import { LearningRateCode, resetWscale, sgdEpoch } from './sgd-epoch.js';
import type { SgdKernelRows } from './sgd-kernel.js';
import { lossDerivative } from './sgd-loss.js';

/** One binary (or regression) problem: targets, weights and the validation rows. */
export interface SgdProblem {
  /** ±1 for classification, the targets for regression. */
  readonly y: Float64Array;
  readonly sampleWeight: Float64Array;
  /** 1 for the rows held out for early stopping. */
  readonly validation: Uint8Array;
}

/** The settings of {@link plainSgd} besides the per-sample ones of {@link SgdEpochConfig}. */
export interface PlainSgdSettings extends Omit<SgdEpochConfig, 'optimalInit' | 'sumLoss'> {
  readonly maxIter: number;
  /** `-Infinity` for scikit-learn's `tol=None` (run every epoch). */
  readonly tol: number;
  readonly nIterNoChange: number;
  readonly shuffle: boolean;
  /** The shuffling seed (`random_state.randint(MAX_INT)`). */
  readonly seed: number;
  /** The update counter at the start (scikit-learn's `t_`). */
  readonly t: number;
  /** With early stopping: the validation score of raw weights and an intercept. */
  readonly validationScore?: ((w: Float64Array, intercept: number) => number) | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly report?: IntermediateReporter | undefined;
  readonly owner: string;
}

/** What {@link plainSgd} returns (the weight arrays are updated in place). */
export interface PlainSgdResult {
  readonly intercept: number;
  readonly averageIntercept: number;
  /** Epochs run. */
  readonly nIter: number;
}

/** scikit-learn's `dataset.shuffle(seed)`: Fisher–Yates with `our_rand_r` from the same seed every epoch. */
export function shuffleOrder(order: Int32Array, seed: number): void {
  const rand = new RandR(seed);
  const n = order.length;
  for (let i = 0; i < n - 1; i++) {
    const j = i + (rand.next() % (n - i));
    const tmp = order[i];
    order[i] = order[j];
    order[j] = tmp;
  }
}

/**
 * The initial offset of the 'optimal' schedule: Bottou's heuristic, the rate that
 * would move a typical weight `sqrt(1 / sqrt(alpha))` by itself.
 */
export function optimalInit(settings: Pick<PlainSgdSettings, 'learningRate' | 'alpha' | 'loss'>): number {
  if (settings.learningRate !== LearningRateCode.optimal) return 0;
  const typw = Math.sqrt(1 / Math.sqrt(settings.alpha));
  const initialEta0 = typw / Math.max(1, lossDerivative(settings.loss, -typw, 1));
  return 1 / (initialEta0 * settings.alpha);
}

/** Runs the epochs on the kernel when `kernel` holds the rows, in JavaScript otherwise. */
export interface SgdRows {
  readonly X: Float64Array;
  readonly n: number;
  readonly p: number;
  readonly kernel: SgdKernelRows | undefined;
}

/**
 * Fits one binary or regression problem from `w`/`intercept` (and the averages),
 * updating the weight arrays in place.
 *
 * @throws {ValidationError} when the weights overflow (scikit-learn's message).
 */
export async function plainSgd(
  rows: SgdRows,
  problem: SgdProblem,
  weights: SgdWeights,
  start: { intercept: number; averageIntercept: number },
  settings: PlainSgdSettings,
): Promise<PlainSgdResult> {
  const { n, p } = rows;
  const config: SgdEpochConfig = { ...settings, optimalInit: optimalInit(settings), sumLoss: settings.validationScore === undefined };
  const state: SgdEpochState = {
    intercept: start.intercept,
    averageIntercept: start.averageIntercept,
    wscale: 1,
    averageA: 0,
    averageB: 1,
    t: settings.t,
    u: 0,
    eta: settings.eta0,
  };
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const data: SgdEpochData = { X: rows.X, n, p, y: problem.y, sampleWeight: problem.sampleWeight, validation: problem.validation, order };
  const epochs = rows.kernel?.epochRunner(problem, weights, config);
  let noImprovement = 0;
  let bestLoss = Infinity;
  let bestScore = -Infinity;
  let epoch = 0;
  try {
    for (epoch = 0; epoch < settings.maxIter; epoch++) {
      throwIfAborted(settings.signal, settings.owner);
      let sumloss: number;
      if (epochs !== undefined) {
        sumloss = epochs.run(state, settings.shuffle ? settings.seed : undefined);
      } else {
        if (settings.shuffle) shuffleOrder(order, settings.seed);
        sumloss = sgdEpoch(data, weights, state, config);
      }
      if (!Number.isFinite(state.intercept) || !allFinite(epochs === undefined ? weights.w : epochs.weights())) {
        throw new ValidationError(
          `Floating-point under-/overflow occurred at epoch #${epoch + 1}. Scaling input data with StandardScaler or MinMaxScaler might help.`,
          { owner: settings.owner, argument: 'X', value: `${n}×${p} matrix`, expected: 'values small enough for finite weights' },
        );
      }
      let score: number | undefined;
      if (settings.validationScore !== undefined) {
        // as scikit-learn: the raw weights, without their scale
        score = settings.validationScore(epochs === undefined ? weights.w : epochs.weights(), state.intercept);
        if (settings.tol > -Infinity && score < bestScore + settings.tol) noImprovement++;
        else noImprovement = 0;
        if (score > bestScore) bestScore = score;
      } else {
        if (settings.tol > -Infinity && sumloss > bestLoss - settings.tol * n) noImprovement++;
        else noImprovement = 0;
        if (sumloss < bestLoss) bestLoss = sumloss;
      }
      if (settings.report !== undefined) {
        // scikit-learn sums the training loss only without early stopping
        const values: Record<string, number> = score === undefined ? { loss: sumloss / n } : { validation_score: score };
        if ((await settings.report(epoch + 1, values)) === true) break;
      }
      if (noImprovement >= settings.nIterNoChange) {
        if (settings.learningRate === LearningRateCode.adaptive && state.eta > 1e-6) {
          state.eta /= 5;
          noImprovement = 0;
        } else {
          break;
        }
      }
    }
    if (epoch === settings.maxIter) epoch = settings.maxIter - 1;
    if (epochs !== undefined) epochs.finish(state);
    else resetWscale(weights, state);
  } finally {
    epochs?.dispose();
  }
  return { intercept: state.intercept, averageIntercept: state.averageIntercept, nIter: epoch + 1 };
}

function allFinite(values: Float64Array): boolean {
  for (let j = 0; j < values.length; j++) if (!Number.isFinite(values[j])) return false;
  return true;
}
