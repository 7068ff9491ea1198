/**
 * The losses of stochastic gradient descent (scikit-learn's `LossFunction` classes in
 * `_sgd_fast.pyx`): the loss of a prediction `p` for a target `y` and its derivative
 * in `p`, with scikit-learn's exact branches (the 18-unit cut-offs of the logistic
 * loss, the threshold of the hinge losses, ε of the regression losses).
 *
 * Classification losses take `y` in {-1, +1}. The codes are shared with the
 * WebAssembly epoch kernel (`wasm/assembly/_sgd-epoch.ts`), and `exp` and `log` are the
 * kernels' (glibc's results), so this and the kernel agree to the bit.
 */
import { libm } from './sgd-kernel.js';

/** The loss functions by code (the kernel's switch). */
export const LossCode = {
  hinge: 0,
  squaredHinge: 1,
  log: 2,
  modifiedHuber: 3,
  squared: 4,
  huber: 5,
  epsilonInsensitive: 6,
  squaredEpsilonInsensitive: 7,
} as const;
export type LossCode = (typeof LossCode)[keyof typeof LossCode];

/** A loss function and its parameter (threshold for the hinges, ε for the regression losses). */
export interface SgdLoss {
  readonly code: LossCode;
  readonly parameter: number;
}

/** The classification losses by scikit-learn name. */
export type SgdClassifierLoss =
  | 'hinge'
  | 'log_loss'
  | 'modified_huber'
  | 'squared_hinge'
  | 'perceptron'
  | SgdRegressorLoss;

/** The regression losses by scikit-learn name. */
export type SgdRegressorLoss = 'squared_error' | 'huber' | 'epsilon_insensitive' | 'squared_epsilon_insensitive';

/** The classifier's loss names, in scikit-learn's order. */
export const CLASSIFIER_LOSSES: readonly SgdClassifierLoss[] = [
  'hinge',
  'log_loss',
  'modified_huber',
  'squared_hinge',
  'perceptron',
  'squared_error',
  'huber',
  'epsilon_insensitive',
  'squared_epsilon_insensitive',
];

/** The regressor's loss names. */
export const REGRESSOR_LOSSES: readonly SgdRegressorLoss[] = ['squared_error', 'huber', 'epsilon_insensitive', 'squared_epsilon_insensitive'];

/**
 * The loss function of a name (scikit-learn's `_get_loss_function`): the hinge with
 * threshold 1 (0 for the perceptron), ε for the regression losses.
 */
export function sgdLoss(name: SgdClassifierLoss, epsilon: number): SgdLoss {
  switch (name) {
    case 'hinge':
      return { code: LossCode.hinge, parameter: 1 };
    case 'perceptron':
      return { code: LossCode.hinge, parameter: 0 };
    case 'squared_hinge':
      return { code: LossCode.squaredHinge, parameter: 1 };
    case 'log_loss':
      return { code: LossCode.log, parameter: 0 };
    case 'modified_huber':
      return { code: LossCode.modifiedHuber, parameter: 0 };
    case 'squared_error':
      return { code: LossCode.squared, parameter: 0 };
    case 'huber':
      return { code: LossCode.huber, parameter: epsilon };
    case 'epsilon_insensitive':
      return { code: LossCode.epsilonInsensitive, parameter: epsilon };
    case 'squared_epsilon_insensitive':
      return { code: LossCode.squaredEpsilonInsensitive, parameter: epsilon };
  }
}

/** The loss of prediction `p` for target `y`. */
export function lossValue(loss: SgdLoss, p: number, y: number): number {
  const c = loss.parameter;
  switch (loss.code) {
    case LossCode.hinge: {
      const z = p * y;
      return z <= c ? c - z : 0;
    }
    case LossCode.squaredHinge: {
      const z = c - p * y;
      return z > 0 ? z * z : 0;
    }
    case LossCode.log: {
      const z = p * y;
      if (z > 18) return libm.exp(-z);
      if (z < -18) return -z;
      return libm.log(1 + libm.exp(-z));
    }
    case LossCode.modifiedHuber: {
      const z = p * y;
      if (z >= 1) return 0;
      if (z >= -1) return (1 - z) * (1 - z);
      return -4 * z;
    }
    case LossCode.squared:
      return 0.5 * (p - y) * (p - y);
    case LossCode.huber: {
      const r = p - y;
      const a = Math.abs(r);
      return a <= c ? 0.5 * r * r : c * a - 0.5 * c * c;
    }
    case LossCode.epsilonInsensitive: {
      const r = Math.abs(y - p) - c;
      return r > 0 ? r : 0;
    }
    case LossCode.squaredEpsilonInsensitive: {
      const r = Math.abs(y - p) - c;
      return r > 0 ? r * r : 0;
    }
  }
}

/** The derivative of the loss in the prediction `p`. */
export function lossDerivative(loss: SgdLoss, p: number, y: number): number {
  const c = loss.parameter;
  switch (loss.code) {
    case LossCode.hinge:
      return p * y <= c ? -y : 0;
    case LossCode.squaredHinge: {
      const z = c - p * y;
      return z > 0 ? -2 * y * z : 0;
    }
    case LossCode.log: {
      const z = p * y;
      if (z > 18) return libm.exp(-z) * -y;
      if (z < -18) return -y;
      return -y / (libm.exp(z) + 1);
    }
    case LossCode.modifiedHuber: {
      const z = p * y;
      if (z >= 1) return 0;
      if (z >= -1) return 2 * (1 - z) * -y;
      return -4 * y;
    }
    case LossCode.squared:
      return p - y;
    case LossCode.huber: {
      const r = p - y;
      if (Math.abs(r) <= c) return r;
      return r > 0 ? c : -c;
    }
    case LossCode.epsilonInsensitive:
      if (y - p > c) return -1;
      if (p - y > c) return 1;
      return 0;
    case LossCode.squaredEpsilonInsensitive: {
      const z = y - p;
      if (z > c) return -2 * (z - c);
      if (z < -c) return 2 * (-z - c);
      return 0;
    }
  }
}
