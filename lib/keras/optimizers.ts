/**
 * Optimizers by name, with `optimizer__<arg>` routing (SciKeras's `optimizer__`).
 *
 * A name gives a fresh optimizer per fit, built with TensorFlow.js's `tf.train`
 * factories and Keras's default learning rates. An optimizer instance is a template:
 * each fit trains with a fresh copy made from its config (so clones in a search
 * never share optimizer state), with the routed arguments overriding the config.
 */
import type { Optimizer } from '@tensorflow/tfjs';
import { InvalidParameterError } from '../core/errors.js';
import { formatValue } from '../core/validate.js';
import type { Tf } from './backend.js';

/** The optimizer names the wrappers accept. */
export type OptimizerName = 'sgd' | 'momentum' | 'adam' | 'adamax' | 'rmsprop' | 'adagrad' | 'adadelta';

/** A routed optimizer argument value. */
type ArgValue = number | boolean;

interface OptimizerSpec {
  /** Every argument with its default (Keras's defaults where TensorFlow.js has none). */
  readonly defaults: Readonly<Record<string, ArgValue>>;
  readonly create: (tf: Tf, a: Readonly<Record<string, ArgValue>>) => Optimizer;
}

const num = (a: Readonly<Record<string, ArgValue>>, k: string): number => a[k] as number;

const OPTIMIZERS: Readonly<Record<OptimizerName, OptimizerSpec>> = {
  sgd: {
    defaults: { learningRate: 0.01, momentum: 0, useNesterov: false },
    create: (tf, a) =>
      num(a, 'momentum') > 0 || a.useNesterov === true
        ? tf.train.momentum(num(a, 'learningRate'), num(a, 'momentum'), a.useNesterov === true)
        : tf.train.sgd(num(a, 'learningRate')),
  },
  momentum: {
    defaults: { learningRate: 0.01, momentum: 0.9, useNesterov: false },
    create: (tf, a) => tf.train.momentum(num(a, 'learningRate'), num(a, 'momentum'), a.useNesterov === true),
  },
  adam: {
    defaults: { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
    create: (tf, a) => tf.train.adam(num(a, 'learningRate'), num(a, 'beta1'), num(a, 'beta2'), num(a, 'epsilon')),
  },
  adamax: {
    defaults: { learningRate: 0.002, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, decay: 0 },
    create: (tf, a) => tf.train.adamax(num(a, 'learningRate'), num(a, 'beta1'), num(a, 'beta2'), num(a, 'epsilon'), num(a, 'decay')),
  },
  rmsprop: {
    defaults: { learningRate: 0.001, decay: 0.9, momentum: 0, epsilon: 1e-7, centered: false },
    create: (tf, a) => tf.train.rmsprop(num(a, 'learningRate'), num(a, 'decay'), num(a, 'momentum'), num(a, 'epsilon'), a.centered === true),
  },
  adagrad: {
    defaults: { learningRate: 0.001, initialAccumulatorValue: 0.1 },
    create: (tf, a) => tf.train.adagrad(num(a, 'learningRate'), num(a, 'initialAccumulatorValue')),
  },
  adadelta: {
    defaults: { learningRate: 0.001, rho: 0.95, epsilon: 1e-7 },
    create: (tf, a) => tf.train.adadelta(num(a, 'learningRate'), num(a, 'rho'), num(a, 'epsilon')),
  },
};

/** The accepted optimizer names, in a stable order. */
export const OPTIMIZER_NAMES = Object.keys(OPTIMIZERS) as OptimizerName[];

/** Every argument name some named optimizer takes (the typed `optimizer__<arg>` keys). */
export const OPTIMIZER_ARGUMENTS: readonly string[] = [...new Set(Object.values(OPTIMIZERS).flatMap((s) => Object.keys(s.defaults)))];

/** The arguments of a named optimizer and their defaults. */
export function optimizerDefaults(name: OptimizerName): Readonly<Record<string, ArgValue>> {
  return OPTIMIZERS[name].defaults;
}

/** True for a TensorFlow.js optimizer instance (duck-typed: tfjs is not loaded when params are set). */
export function isOptimizerInstance(value: unknown): value is Optimizer {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.minimize === 'function' && typeof v.applyGradients === 'function' && typeof v.getConfig === 'function';
}

function badArgument(owner: string, key: string, expected: string, value: unknown, hint?: string): InvalidParameterError {
  const message = `The "optimizer__${key}" parameter of ${owner} must be ${expected}. Got ${formatValue(value)} instead.${hint ? ` ${hint}` : ''}`;
  return new InvalidParameterError(message, { owner, argument: `optimizer__${key}`, value, expected });
}

function checkArguments(owner: string, label: string, defaults: Readonly<Record<string, unknown>>, routed: Readonly<Record<string, unknown>>): void {
  const valid = Object.keys(defaults);
  for (const [key, value] of Object.entries(routed)) {
    if (!valid.includes(key)) {
      throw badArgument(owner, key, `an argument of the ${label} optimizer (${valid.map((v) => `"${v}"`).join(', ')})`, key, 'Remove it, or choose an optimizer that takes it.');
    }
    const kind = typeof defaults[key];
    if (kind === 'boolean' && typeof value !== 'boolean') throw badArgument(owner, key, 'a boolean', value);
    if (kind === 'number') {
      const positive = key === 'learningRate';
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (positive && value === 0)) {
        throw badArgument(owner, key, positive ? 'a number in the range (0, inf)' : 'a number in the range [0, inf)', value);
      }
    }
  }
}

/**
 * Checks the routed `optimizer__<arg>` values against the chosen optimizer; call it
 * before training so a mistake fails before any work.
 *
 * @throws {InvalidParameterError} for an argument the optimizer does not take or a bad value.
 */
export function checkOptimizer(owner: string, optimizer: OptimizerName | Optimizer, routed: Readonly<Record<string, unknown>>): void {
  if (typeof optimizer === 'string') {
    checkArguments(owner, `"${optimizer}"`, OPTIMIZERS[optimizer].defaults, routed);
    return;
  }
  checkArguments(owner, optimizer.getClassName(), optimizer.getConfig() as Record<string, unknown>, routed);
}

/**
 * A fresh optimizer for one fit: built from a name and the routed arguments over
 * the defaults, or copied from an instance's config with the routed arguments
 * applied. The caller owns (and disposes) the result.
 */
export function createOptimizer(tf: Tf, owner: string, optimizer: OptimizerName | Optimizer, routed: Readonly<Record<string, unknown>>): Optimizer {
  checkOptimizer(owner, optimizer, routed);
  if (typeof optimizer === 'string') {
    const spec = OPTIMIZERS[optimizer];
    return spec.create(tf, { ...spec.defaults, ...(routed as Record<string, ArgValue>) });
  }
  const Ctor = optimizer.constructor as unknown as {
    fromConfig(cls: unknown, config: Record<string, unknown>): Optimizer;
  };
  return Ctor.fromConfig(Ctor, { ...(optimizer.getConfig() as Record<string, unknown>), ...routed });
}
