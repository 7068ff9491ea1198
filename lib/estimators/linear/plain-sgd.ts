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
  /** Epochs run (in all, counting those of the loop it resumed). */
  readonly nIter: number;
  /** Where the loop stood when it ended, to run more epochs later (continued training). */
  readonly loop: SgdLoopState;
}

/**
 * Where one problem's epoch loop stood when it ended: with it, {@link plainSgd} runs
 * the epochs a fit with a larger `maxIter` would have run next, exactly (the weights
 * before their scale was folded in, the sample order, the stopping counters).
 */
export interface SgdLoopState {
  readonly state: Readonly<SgdEpochState>;
  readonly w: Float64Array;
  readonly aw: Float64Array | undefined;
  readonly q: Float64Array | undefined;
  readonly order: Int32Array;
  readonly seed: number;
  readonly validation: Uint8Array;
  readonly noImprovement: number;
  readonly bestLoss: number;
  readonly bestScore: number;
  /** Epochs run. */
  readonly epochs: number;
  /** True when a stopping rule (or a report) ended the loop: a longer fit would not have run more epochs. */
  readonly stopped: boolean;
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
 * updating the weight arrays in place; with `resume` (the `loop` of an earlier call on
 * the same problem), runs the epochs after that call's, up to `settings.maxIter` in all,
 * as one call with that `maxIter` would have (`start`, `settings.seed` and
 * `settings.t` are then the loop's).
 *
 * @throws {ValidationError} when the weights overflow (scikit-learn's message).
 */
export async function plainSgd(
  rows: SgdRows,
  problem: SgdProblem,
  weights: SgdWeights,
  start: { intercept: number; averageIntercept: number },
  settings: PlainSgdSettings,
  resume?: SgdLoopState,
): Promise<PlainSgdResult> {
  const { n, p } = rows;
  const config: SgdEpochConfig = { ...settings, optimalInit: optimalInit(settings), sumLoss: settings.validationScore === undefined };
  const seed = resume?.seed ?? settings.seed;
  const state: SgdEpochState = resume !== undefined ? { ...resume.state } : {
    intercept: start.intercept,
    averageIntercept: start.averageIntercept,
    wscale: 1,
    averageA: 0,
    averageB: 1,
    t: settings.t,
    u: 0,
    eta: settings.eta0,
  };
  const order = resume?.order.slice() ?? Int32Array.from({ length: n }, (_, i) => i);
  if (resume !== undefined) {
    // the weights as the loop left them, before their scale and average were folded in
    weights.w.set(resume.w);
    if (weights.aw !== undefined && resume.aw !== undefined) weights.aw.set(resume.aw);
    if (weights.q !== undefined && resume.q !== undefined) weights.q.set(resume.q);
  }
  const data: SgdEpochData = { X: rows.X, n, p, y: problem.y, sampleWeight: problem.sampleWeight, validation: problem.validation, order };
  const epochs = rows.kernel?.epochRunner(problem, weights, config, order);
  let noImprovement = resume?.noImprovement ?? 0;
  let bestLoss = resume?.bestLoss ?? Infinity;
  let bestScore = resume?.bestScore ?? -Infinity;
  let epoch = resume?.epochs ?? 0;
  let stopped = resume?.stopped ?? false;
  let loop: SgdLoopState;
  try {
    for (; !stopped && epoch < settings.maxIter; ) {
      throwIfAborted(settings.signal, settings.owner);
      let sumloss: number;
      if (epochs !== undefined) {
        sumloss = epochs.run(state, settings.shuffle ? seed : undefined);
      } else {
        if (settings.shuffle) shuffleOrder(order, seed);
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
      epoch++;
      if (settings.report !== undefined) {
        // scikit-learn sums the training loss only without early stopping
        const values: Record<string, number> = score === undefined ? { loss: sumloss / n } : { validation_score: score };
        if ((await settings.report(epoch, values)) === true) {
          stopped = true;
          break;
        }
      }
      if (noImprovement >= settings.nIterNoChange) {
        if (settings.learningRate === LearningRateCode.adaptive && state.eta > 1e-6) {
          state.eta /= 5;
          noImprovement = 0;
        } else {
          stopped = true;
        }
      }
    }
    const unfolded = epochs !== undefined ? epochs.capture() : { w: weights.w.slice(), aw: weights.aw?.slice(), q: weights.q?.slice() };
    loop = { state: { ...state }, ...unfolded, order: epochs?.order() ?? order.slice(), seed, validation: problem.validation, noImprovement, bestLoss, bestScore, epochs: epoch, stopped };
    if (epochs !== undefined) epochs.finish(state);
    else resetWscale(weights, state);
  } finally {
    epochs?.dispose();
  }
  return { intercept: state.intercept, averageIntercept: state.averageIntercept, nIter: epoch, loop };
}

function allFinite(values: Float64Array): boolean {
  for (let j = 0; j < values.length; j++) if (!Number.isFinite(values[j])) return false;
  return true;
}
