/**
 * Compile-time guarantees of the Keras wrappers' typed params. The
 * `@ts-expect-error` lines are checked by `npx tsc --noEmit -p .` (an unneeded
 * directive is itself an error); the tests check that JavaScript callers get the
 * same mistakes at run time, before any fit.
 */
import type * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../lib/core/errors.js';
import type { ParamsOf } from '../../lib/core/estimator.js';
import { KerasClassifier, KerasRegressor } from '../../lib/keras/index.js';
import type { KerasMeta } from '../../lib/keras/index.js';
import { GridSearchCV } from '../../lib/model-selection/grid-search-cv.js';
import { RandomizedSearchCV } from '../../lib/model-selection/randomized-search-cv.js';
import { choice, logUniform } from '../../lib/search/space/distributions.js';
import type { ParamGrid } from '../../lib/search/space/parameter-grid.js';
import { mlp } from './_models.js';

declare function build(params: { hidden?: number; activation?: 'relu' | 'tanh' }, meta: KerasMeta): tf.LayersModel;

export function compileOnly(): void {
  const clf = new KerasClassifier({ model: build, epochs: 5 });
  new GridSearchCV(clf, { model__hidden: [32, 64], optimizer__learningRate: [1e-3, 1e-2], epochs: [5, 10] });
  new GridSearchCV(clf, { model__activation: ['relu', 'tanh'], optimizer: ['adam', 'sgd'], fit__yieldEvery: ['never'] });
  new RandomizedSearchCV(clf, { model__hidden: choice([16, 32]), optimizer__learningRate: logUniform(1e-4, 1e-1) });
  // @ts-expect-error a misspelled build-function param
  new GridSearchCV(clf, { model__hiden: [32, 64] });
  // @ts-expect-error a value of the wrong type for a build-function param
  new GridSearchCV(clf, { model__hidden: ['wide'] });
  // @ts-expect-error a value outside a build-function param's union
  new GridSearchCV(clf, { model__activation: ['sigmoid'] });
  // @ts-expect-error a misspelled core param
  new GridSearchCV(clf, { epohcs: [5] });
  // @ts-expect-error an optimizer argument TensorFlow.js does not have
  new GridSearchCV(clf, { optimizer__lr: [0.1] });
  // @ts-expect-error an unknown optimizer name
  new GridSearchCV(clf, { optimizer: ['adamw'] });
  // @ts-expect-error a fit__ argument model.fit is not given
  new GridSearchCV(clf, { fit__epochs: [3] });
  // @ts-expect-error a misspelled build-function param in the constructor
  new KerasClassifier({ model: build, model__hiddn: 3 });
  // @ts-expect-error negative epochs are caught at run time only, but a string is caught here
  new KerasRegressor({ model: build, epochs: '5' });
  // a model instance takes no model__ params
  const instance = {} as tf.LayersModel;
  // @ts-expect-error model__ params need a build function
  new KerasClassifier({ model: instance, model__hidden: 3 });
  const grid = { model__hidden: [8, 16], epochs: [2] } satisfies ParamGrid<ParamsOf<typeof clf>>;
  new GridSearchCV(clf, grid);
  // an inline build function is typed by its annotation
  const inline = new KerasRegressor({ model: (p: { units: number }, meta: KerasMeta) => build({ hidden: p.units }, meta), model__units: 4 });
  new GridSearchCV(inline, { model__units: [4, 8] });
  // @ts-expect-error a misspelled param of the inline build function
  new GridSearchCV(inline, { model__unit: [4, 8] });
}

describe('typed Keras params at run time', () => {
  it('reject the same misspelled core name for JavaScript callers, before any fit', async () => {
    const search = new GridSearchCV(new KerasClassifier({ model: mlp }), { epohcs: [5] } as never, { cv: 2 });
    await expect(search.fit([[0], [1], [2], [3]], [0, 1, 0, 1])).rejects.toThrow(InvalidParameterError);
    await expect(search.fit([[0], [1], [2], [3]], [0, 1, 0, 1])).rejects.toThrow('Unknown parameter "epohcs" for KerasClassifier.');
  });

  it('reject an optimizer argument the chosen optimizer does not take, before training', async () => {
    const search = new GridSearchCV(new KerasClassifier({ model: mlp, optimizer: 'adam' }), { optimizer__lr: [0.1] } as never, { cv: 2 });
    await expect(search.fit([[0], [1], [2], [3]], [0, 1, 0, 1])).rejects.toThrow('The "optimizer__lr" parameter of KerasClassifier must be an argument of the "adam" optimizer');
  });
});
