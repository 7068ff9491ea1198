/**
 * Random search (Keras Tuner's `RandomSearch`): every trial draws each active
 * hyperparameter at random (in definition order, so conditions see their
 * parents' values), never repeating a set already tried.
 */
import type { Direction } from '../search/trial.js';
import type { OracleDefaults, OracleObservation, OracleOptions, Population } from './oracle.js';
import { Oracle } from './oracle.js';
import type { HyperModelLike } from './hypermodel.js';
import type { TunerOptions } from './tuner.js';
import { Tuner } from './tuner.js';

/**
 * The random-search oracle. Stops at `maxTrials`, or when 20 draws in a row
 * give sets already tried (a small space is exhausted).
 * @example
 * ```ts
 * const oracle = new RandomSearchOracle({ objective: 'val_accuracy', maxTrials: 10, seed: 0 });
 * ```
 */
export class RandomSearchOracle extends Oracle {
  constructor(options: OracleOptions = {}, owner = 'RandomSearchOracle', defaults: OracleDefaults = {}) {
    super(owner, options, defaults);
  }

  protected populateSpace(index: number, history: readonly OracleObservation[], _direction: Direction): Population {
    const values = this.randomValues(index, history);
    return values === undefined ? { status: 'stop' } : { status: 'run', values };
  }
}

/**
 * Random search over a build function's hyperparameters.
 * @example
 * ```ts
 * const tuner = new RandomSearch(buildModel, { objective: 'val_accuracy', maxTrials: 10, seed: 0, directory: 'runs', projectName: 'digits' });
 * await tuner.search(XTrain, yTrain, { epochs: 10, validationSplit: 0.2 });
 * const [model] = await tuner.getBestModels(1);
 * ```
 */
export class RandomSearch extends Tuner {
  constructor(hypermodel: HyperModelLike, options: TunerOptions = {}) {
    super('RandomSearch', new RandomSearchOracle(options, 'RandomSearch'), hypermodel, options, []);
  }
}
