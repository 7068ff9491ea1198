/**
 * Compile-time guarantees of typed grids. The `@ts-expect-error` lines are checked
 * by `npm run typecheck` (an unneeded directive is itself a compile error); the
 * tests check that the same mistakes also fail at run time for JavaScript users.
 */
import { describe, expect, it } from 'vitest';
import { Ridge } from '../../lib/estimators/linear/ridge.js';
import { GridSearchCV } from '../../lib/model-selection/grid-search-cv.js';
import { RandomizedSearchCV } from '../../lib/model-selection/randomized-search-cv.js';
import type { ParamGrid } from '../../lib/search/space/parameter-grid.js';
import type { RidgeParams } from '../../lib/estimators/linear/ridge.js';
import { logUniform, choice } from '../../lib/search/space/distributions.js';

export function compileOnly(): void {
  new GridSearchCV(new Ridge(), { alpha: [0.1, 1] });
  // @ts-expect-error a misspelled parameter name
  new GridSearchCV(new Ridge(), { alpah: [0.1, 1] });
  // @ts-expect-error a value of the wrong type
  new GridSearchCV(new Ridge(), { alpha: ['big'] });
  // @ts-expect-error a single value instead of an array
  new GridSearchCV(new Ridge(), { alpha: 1 });
  const grid = { alpha: [1, 2], fitIntercept: [true] } satisfies ParamGrid<RidgeParams>;
  new GridSearchCV(new Ridge(), [grid, { alpha: [3] }]);
  new RandomizedSearchCV(new Ridge(), { alpha: logUniform(1e-3, 1), fitIntercept: choice([true, false]) });
  // @ts-expect-error a distribution of strings for a number param
  new RandomizedSearchCV(new Ridge(), { alpha: choice(['a', 'b']) });
  // @ts-expect-error unknown key in distributions
  new RandomizedSearchCV(new Ridge(), { beta: logUniform(1e-3, 1) });
}

describe('typed grids at run time', () => {
  it('reject the same misspelled key for JavaScript callers, before any fit', async () => {
    await expect(new GridSearchCV(new Ridge(), { alpah: [1] } as never, { cv: 2 }).fit([[1], [2], [3], [4], [5], [6]], [1, 2, 3, 4, 5, 6], { fitOptions: undefined })).rejects.toThrow(
      'Unknown parameter "alpah" for Ridge.',
    );
  });
});
