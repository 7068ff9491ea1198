import { describe, expect, it } from 'vitest';
import { FatalError, InvalidParameterError } from '../../lib/core/errors.js';
import { HyperParameters } from '../../lib/tuner/hyperparameters.js';
import { TunerObjective, inferDirection } from '../../lib/tuner/objective.js';
import { BayesianOptimization } from '../../lib/tuner/bayesian-optimization.js';
import { Hyperband } from '../../lib/tuner/hyperband.js';
import { RandomSearch } from '../../lib/tuner/random-search.js';
import type { Values } from './_function-tuner.js';
import { FunctionTuner, quadratic, score } from './_function-tuner.js';

/** The score of recorded values (an inactive shift is absent: the build function used 0). */
const scoreOf = (values: Values): number => score({ shift: 0, ...values });

const noModel = (): never => {
  throw new Error('not built in these specs');
};

describe('the objective', () => {
  it('infers the direction of Keras metric names', () => {
    expect(inferDirection('val_loss')).toBe('min');
    expect(inferDirection('val_accuracy')).toBe('max');
    expect(inferDirection('val_acc')).toBe('max');
    expect(inferDirection('mean_absolute_error')).toBe('min');
    expect(inferDirection('auc')).toBe('max');
    expect(inferDirection('val_widgets')).toBeUndefined();
  });

  it('takes { name, direction } and refuses a name whose direction is unknown', () => {
    expect(String(TunerObjective.from({ name: 'val_widgets', direction: 'max' }, 'RandomSearch'))).toBe('Objective(name="val_widgets", direction="max")');
    expect(TunerObjective.from({ name: 'x', direction: 'minimize' }, 'RandomSearch').direction).toBe('min');
    expect(() => TunerObjective.from('val_widgets', 'RandomSearch')).toThrow(
      'The "objective" option of RandomSearch must be a metric name whose direction can be inferred (a loss or an accuracy), or { name, direction }. Got "val_widgets" instead. Write objective: { name: "val_widgets", direction: \'min\' } (or \'max\').',
    );
    expect(() => TunerObjective.from({ name: 'x', direction: 'up' }, 'RandomSearch')).toThrow('The "objective.direction" option of RandomSearch must be one of "min", "max". Got "up" instead.');
  });
});

describe('tuner options', () => {
  it('refuses an unknown option, suggesting the closest', () => {
    expect(() => new RandomSearch(noModel, { maxTrails: 3 } as never)).toThrow('Unknown option "maxTrails" for RandomSearch. Valid options are:');
    expect(() => new RandomSearch(noModel, { maxTrails: 3 } as never)).toThrow('Did you mean "maxTrials"?');
  });

  it.each([
    [() => new RandomSearch(noModel, { maxTrials: 0 }), 'The "maxTrials" option of RandomSearch must be an int in the range [1, inf). Got 0 instead.'],
    [() => new RandomSearch(noModel, { executionsPerTrial: 0 }), 'The "executionsPerTrial" option of RandomSearch must be an int in the range [1, inf). Got 0 instead.'],
    [() => new RandomSearch(noModel, { maxRetriesPerTrial: -1 }), 'The "maxRetriesPerTrial" option of RandomSearch must be an int in the range [0, inf). Got -1 instead.'],
    [() => new RandomSearch(noModel, { seed: 1.5 }), 'The "seed" option of RandomSearch must be undefined or an int in the range [0, 4294967295]. Got 1.5 instead.'],
    [() => new Hyperband(noModel, { maxEpochs: 0 }), 'The "maxEpochs" option of Hyperband must be an int in the range [1, inf). Got 0 instead.'],
    [() => new BayesianOptimization(noModel, { surrogate: 'forest' as never }), 'The "surrogate" option of BayesianOptimization must be one of "gp", "tpe". Got "forest" instead.'],
    [() => new RandomSearch(42 as never), 'The "hypermodel" argument of RandomSearch must be a build function (hp) => model or a HyperModel. Got 42 instead.'],
  ])('%#: refused with the standard message', (make, message) => {
    expect(make).toThrow(message);
  });
});

describe('BaseTuner: the search', () => {
  it('runs to maxTrials and reports the trials', async () => {
    const tuner = new FunctionTuner(quadratic, score, { maxTrials: 8, seed: 0 });
    await tuner.search();
    expect(tuner.oracle.trials).toHaveLength(8);
    expect(tuner.remainingTrials).toBe(0);
    for (const t of tuner.oracle.trials) {
      expect(t.status).toBe('complete');
      expect(t.score).toBe(scoreOf(t.hyperparameters.values));
      expect(t.metrics).toEqual({ value: t.score });
      expect('shift' in t.hyperparameters.values).toBe(t.hyperparameters.values.kind === 'shifted');
    }
    await tuner.search();
    expect(tuner.calls).toBe(8);
  });

  it('discovers the space before the first trial, conditional branches included', async () => {
    const tuner = new FunctionTuner(quadratic, score);
    expect(await tuner.searchSpaceSummary()).toBe(
      [
        'Search space summary',
        'Default search space size: 3',
        'x: Float {min: -5, max: 5, sampling: linear, default: -5}',
        'kind: Choice {values: ["plain", "shifted"], ordered: false, default: "plain"}',
        'shift: Float {min: 0, max: 2, sampling: linear, default: 0} when kind in ["shifted"]',
      ].join('\n'),
    );
  });

  it.each([
    ['min', (a: number, b: number) => a <= b],
    ['max', (a: number, b: number) => a >= b],
  ] as const)('honours the direction %s', async (direction, ordered) => {
    const tuner = new FunctionTuner(quadratic, score, { maxTrials: 10, seed: 1, objective: { name: 'value', direction } });
    await tuner.search();
    const best = tuner.getBestHyperparameters(10).map((hp) => scoreOf(hp.values));
    expect(best).toHaveLength(10);
    for (let i = 1; i < best.length; i++) expect(ordered(best[i - 1] as number, best[i] as number)).toBe(true);
    const all = tuner.oracle.trials.map((t) => t.score as number);
    expect(best[0]).toBe(direction === 'min' ? Math.min(...all) : Math.max(...all));
    expect(tuner.getBestHyperparameters()).toHaveLength(1);
  });

  it('summarises the best trials', async () => {
    const tuner = new FunctionTuner((hp) => ({ a: hp.int('a', { min: 0, max: 9 }) }), (v) => v.a as number, { maxTrials: 4, seed: 2 });
    await tuner.search();
    const best = tuner.oracle.getBestTrials(2);
    expect(tuner.resultsSummary(2)).toBe(
      [
        'Results summary',
        'Results in (memory)',
        'Trials: 4 (4 complete)',
        'Showing 2 best trials',
        'Objective(name="value", direction="min")',
        '',
        `Trial ${best[0]!.trialId} summary`,
        'Hyperparameters:',
        `a: ${best[0]!.hyperparameters.values.a}`,
        `Score: ${best[0]!.score}`,
        '',
        `Trial ${best[1]!.trialId} summary`,
        'Hyperparameters:',
        `a: ${best[1]!.hyperparameters.values.a}`,
        `Score: ${best[1]!.score}`,
      ].join('\n'),
    );
  });
});

describe('BaseTuner: the failure policy', () => {
  it('retries a trial that threw, up to maxRetriesPerTrial, with the same values', async () => {
    const attempts = new Map<number, unknown[]>();
    const tuner = new FunctionTuner(quadratic, (v, _hp, ctx) => {
      const seen = attempts.get(ctx.trialId) ?? [];
      attempts.set(ctx.trialId, [...seen, v]);
      if (seen.length < 2) throw new Error(`flaky ${seen.length}`);
      return score(v);
    }, { maxTrials: 3, seed: 0, maxRetriesPerTrial: 2 });
    await tuner.search();
    expect(tuner.oracle.trials.map((t) => t.status)).toEqual(['complete', 'complete', 'complete']);
    for (const [, values] of attempts) expect(new Set(values.map((v) => JSON.stringify(v))).size).toBe(1);
    expect(tuner.oracle.trials[0]!.record.attrs).toMatchObject({ retries: 2, errors: ['Error: flaky 0', 'Error: flaky 1'] });
  });

  it('records a trial as failed once its retries are spent, and goes on', async () => {
    const tuner = new FunctionTuner(quadratic, (v, _hp, ctx) => {
      if (ctx.trialId === 1) throw new Error('diverged');
      return score(v);
    }, { maxTrials: 4, seed: 0, maxRetriesPerTrial: 1 });
    await tuner.search();
    expect(tuner.oracle.trials.map((t) => t.status)).toEqual(['complete', 'failed', 'complete', 'complete']);
    expect(tuner.oracle.trials[1]!.message).toBe('Error: diverged');
    expect(tuner.oracle.trials[1]!.record.attrs).toMatchObject({ retries: 1, errors: ['Error: diverged', 'Error: diverged'] });
    expect(tuner.calls).toBe(5);
  });

  it('stops with a clear error after maxConsecutiveFailedTrials failed trials in a row', async () => {
    const tuner = new FunctionTuner(quadratic, () => {
      throw new RangeError('out of memory');
    }, { maxTrials: 10, seed: 0, maxConsecutiveFailedTrials: 3 });
    const error = await tuner.search().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FatalError);
    expect((error as Error).message).toBe(
      '3 trials failed in a row (maxConsecutiveFailedTrials=3), so FunctionTuner stopped the search. The last error: RangeError: out of memory. ' +
        'Fix the build or fit function (every trial\'s error is in tuner.oracle.trials), or raise maxConsecutiveFailedTrials.',
    );
    expect(tuner.oracle.trials.map((t) => t.status)).toEqual(['failed', 'failed', 'failed']);
  });

  it('lets a FatalError or an InvalidParameterError escape at once, without retries', async () => {
    for (const error of [new FatalError('stop now'), new InvalidParameterError('bad', { owner: 'o', argument: 'a', value: 1, expected: 'e' })]) {
      const tuner = new FunctionTuner(quadratic, () => {
        throw error;
      }, { maxTrials: 5, maxRetriesPerTrial: 3 });
      await expect(tuner.search()).rejects.toBe(error);
      expect(tuner.calls).toBe(1);
    }
  });

  it('records the values of a failed trial, so it is not proposed again', async () => {
    const hp = new HyperParameters();
    hp.choice('a', [1, 2, 3]);
    const tuner = new FunctionTuner((h) => ({ a: h.choice('a', [1, 2, 3]) }), (v) => {
      if (v.a === 2) throw new Error('no');
      return v.a as number;
    }, { maxTrials: 10, seed: 0, hyperparameters: hp });
    await tuner.search();
    expect(tuner.oracle.trials.map((t) => t.hyperparameters.values.a).sort()).toEqual([1, 2, 3]);
    expect(tuner.oracle.trials.find((t) => t.status === 'failed')!.hyperparameters.values).toEqual({ a: 2 });
  });
});

describe('allowNewEntries', () => {
  it('false: the build function may only use hyperparameters defined in advance', async () => {
    const hp = new HyperParameters();
    hp.float('x', { min: 0, max: 1 });
    const ok = new FunctionTuner((h) => ({ x: h.float('x', { min: 0, max: 1 }) }), (v) => v.x as number, { hyperparameters: hp, allowNewEntries: false, maxTrials: 2 });
    await ok.search();
    expect(ok.oracle.trials).toHaveLength(2);
    const refused = new FunctionTuner(quadratic, score, { hyperparameters: hp, allowNewEntries: false, maxTrials: 2 });
    await expect(refused.search()).rejects.toThrow(
      'The hyperparameter "kind" is not in the search space, and the tuner was created with allowNewEntries: false. Add it to the "hyperparameters" option, or set allowNewEntries: true.',
    );
  });
});
