/**
 * Grid search (Keras Tuner's `GridSearch`): every combination of the values of
 * the active hyperparameters, in definition order (the last varies fastest).
 * A conditional hyperparameter multiplies only the branches where it is
 * active, so the grid of a conditional space has no duplicates. Hyperparameters
 * found during the search extend the grid; the trial that finds one uses its
 * default.
 */
import { InvalidParameterError } from '../core/errors.js';
import type { Direction } from '../search/trial.js';
import type { AnyHyperParameter, HpValue } from './hp-types.js';
import type { HyperModelLike } from './hypermodel.js';
import type { OracleObservation, OracleOptions, Population } from './oracle.js';
import { Oracle, valuesKey } from './oracle.js';
import type { TunerOptions } from './tuner.js';
import { Tuner } from './tuner.js';

/** Every combination of the values of `space`, the active ones only. */
export function* gridCombinations(space: readonly AnyHyperParameter[], owner: string): Generator<Record<string, HpValue>> {
  const values: Record<string, HpValue> = {};
  function* walk(i: number): Generator<Record<string, HpValue>> {
    if (i === space.length) {
      yield { ...values };
      return;
    }
    const def = space[i] as AnyHyperParameter;
    if (!def.isActive(values)) {
      yield* walk(i + 1);
      return;
    }
    const grid = def.gridValues();
    if (grid === undefined) {
      throw new InvalidParameterError(
        `${owner} cannot enumerate the hyperparameter "${def.name}" (${def.describe()}): a float range without a step has no finite list of values. Give it a step, or use hp.choice.`,
        { owner, argument: def.name, value: def.toConfig(), expected: 'a finite list of values' },
      );
    }
    for (const v of grid) {
      values[def.name] = v;
      yield* walk(i + 1);
    }
    delete values[def.name];
  }
  yield* walk(0);
}

/**
 * The grid-search oracle: the next combination not tried yet; stops when
 * every combination was tried (or at `maxTrials`).
 * @example
 * ```ts
 * const oracle = new GridSearchOracle({ objective: 'val_loss' });
 * ```
 */
export class GridSearchOracle extends Oracle {
  constructor(options: OracleOptions = {}, owner = 'GridSearchOracle') {
    super(owner, options, { maxTrials: Infinity });
  }

  protected populateSpace(_index: number, history: readonly OracleObservation[], _direction: Direction): Population {
    const seen = new Set(history.map((o) => valuesKey(o.values)));
    for (const values of gridCombinations(this.hyperparameters.space, this.owner)) {
      if (!seen.has(valuesKey(values))) return { status: 'run', values };
    }
    return { status: 'stop' };
  }

  /** A hyperparameter found during a trial takes its default there (the grid covers it from the next trial on). */
  override newEntryValue(hp: AnyHyperParameter): HpValue {
    return hp.default;
  }
}

/**
 * Grid search over a build function's hyperparameters (`maxTrials` defaults to the whole grid).
 * @example
 * ```ts
 * const tuner = new GridSearch(buildModel, { objective: 'val_accuracy', directory: 'runs' });
 * await tuner.search(X, y, { epochs: 5, validationSplit: 0.2 });
 * ```
 */
export class GridSearch extends Tuner {
  constructor(hypermodel: HyperModelLike, options: TunerOptions = {}) {
    super('GridSearch', new GridSearchOracle(options, 'GridSearch'), hypermodel, options, []);
  }
}
