/**
 * The hyperparameter types of a define-by-run search space (Keras Tuner's
 * `Int`, `Float`, `Choice`, `Boolean` and `Fixed`), each with its validation, its
 * sampling and its map to and from a probability in [0, 1).
 *
 * Every tunable type maps a cumulative probability `p` to a value
 * ({@link HyperParameter.probToValue}) and back ({@link HyperParameter.valueToProb}):
 * random search draws `p` uniformly, and the model-based oracles (GP, TPE) search
 * in that unit space, so `step` and the `log`/`reverse_log` samplings are handled
 * once, here.
 */
import { invalidParameter } from '../core/validate.js';
import type { HyperParameterConfig } from './hp-types/base.js';
import { BooleanHyperParameter } from './hp-types/boolean.js';
import { ChoiceHyperParameter } from './hp-types/choice.js';
import { FixedHyperParameter } from './hp-types/fixed.js';
import { FloatHyperParameter, IntHyperParameter } from './hp-types/numeric.js';

export * from './hp-types/base.js';
export * from './hp-types/numeric.js';
export * from './hp-types/choice.js';
export * from './hp-types/boolean.js';
export * from './hp-types/fixed.js';

/** Any hyperparameter. */
export type AnyHyperParameter = IntHyperParameter | FloatHyperParameter | ChoiceHyperParameter | BooleanHyperParameter | FixedHyperParameter;

/** Rebuilds a hyperparameter from its config (a trial file, `oracle.json`). @throws {InvalidParameterError} for a malformed config. */
export function hyperParameterFromConfig(config: HyperParameterConfig): AnyHyperParameter {
  const conditions = config.conditions;
  switch (config.type) {
    case 'int':
      return new IntHyperParameter(config.name, { min: config.min, max: config.max, step: config.step ?? undefined, sampling: config.sampling, default: config.default }, conditions);
    case 'float':
      return new FloatHyperParameter(config.name, { min: config.min, max: config.max, step: config.step ?? undefined, sampling: config.sampling, default: config.default }, conditions);
    case 'choice':
      return new ChoiceHyperParameter(config.name, config.values, { default: config.default, ordered: config.ordered }, conditions);
    case 'boolean':
      return new BooleanHyperParameter(config.name, { default: config.default }, conditions);
    case 'fixed':
      return new FixedHyperParameter(config.name, config.value, conditions);
    default:
      throw invalidParameter('hyperParameterFromConfig', 'type', 'one of "int", "float", "choice", "boolean", "fixed"', (config as { type?: unknown }).type, { kind: 'argument' });
  }
}
