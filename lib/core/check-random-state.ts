/**
 * The `randomState` option, as scikit-learn's `check_random_state` reads it: a
 * seed starts a fresh numpy `RandomState(seed)` at every use, a
 * {@link RandomState} object is used as is (so it advances across calls), and
 * nothing takes a fresh seed from the operating system.
 */
import { RandomState } from './random-state.js';
import type { Constraint, ParameterKind } from './validate.js';
import { checkParam, integerIn, nullValue, satisfies, undefinedValue } from './validate.js';

/** A seed in [0, 2^32). */
export const seedValue: Constraint = integerIn({ min: 0, max: 2 ** 32 - 1 });

/** A {@link RandomState} object. */
export const randomStateObject: Constraint = satisfies('a RandomState', (v) => v instanceof RandomState);

/** What a `randomState` accepts besides "none": a seed or a generator that advances across calls. */
export type RandomStateLike = number | RandomState;

/**
 * Checks a `randomState` option: undefined (or null where `allowNull`), a seed in
 * [0, 2^32) or a {@link RandomState}.
 */
export function checkRandomStateOption(
  owner: string,
  value: unknown,
  options: { kind?: ParameterKind; allowNull?: boolean } = {},
): RandomStateLike | undefined {
  const constraints = [options.allowNull ? nullValue : undefinedValue, seedValue, randomStateObject];
  const checked = checkParam<RandomStateLike | null | undefined>(owner, 'randomState', value, constraints, { kind: options.kind ?? 'option' });
  return checked ?? undefined;
}

/**
 * The generator a seeded step draws from (scikit-learn's `check_random_state`):
 * a fresh `RandomState(seed)` for a seed, the object itself for a
 * {@link RandomState} (so it advances), a freshly seeded one for undefined/null.
 */
export function resolveRandomState(randomState: RandomStateLike | null | undefined): RandomState {
  if (randomState instanceof RandomState) return randomState;
  return new RandomState(randomState ?? undefined);
}

/**
 * The seed of a step that draws from tunekit's own generator, where scikit-learn
 * has no counterpart (Hyperband's brackets, the TPE and Gaussian-process
 * samplers): the seed itself, or for a {@link RandomState} a seed drawn from it as
 * scikit-learn derives seeds (`randint(2^32 - 1, dtype="u8")`), so that it
 * advances at each use; undefined stays undefined.
 */
export function seedFromRandomState(randomState: RandomStateLike | undefined): number | undefined {
  if (randomState instanceof RandomState) return randomState.randint(0, 2 ** 32 - 1, 1, 'uint64')[0] as number;
  return randomState;
}
