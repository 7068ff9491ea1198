import { describe, expect, it } from 'vitest';
import type { ParamSet } from '../../lib/search/space/parameter-grid.js';
import { Study } from '../../lib/search/study.js';
import type { Direction, Trial } from '../../lib/search/trial.js';
import { BayesianOptimizationOracle } from '../../lib/tuner/bayesian-optimization.js';
import { GridSearchOracle } from '../../lib/tuner/grid-search.js';
import { HyperbandOracle } from '../../lib/tuner/hyperband.js';
import { HyperParameters } from '../../lib/tuner/hyperparameters.js';
import type { Oracle, OracleObservation, OracleOptions, Population } from '../../lib/tuner/oracle.js';
import { RandomSearchOracle } from '../../lib/tuner/random-search.js';
import { checkSampler } from '../contracts/sampler.contract.js';

/** The space of the engine's sampler contract, defined in advance. */
function flatSpace(grid = false): HyperParameters {
  const hp = new HyperParameters();
  hp.float('x', grid ? { min: -3, max: 3, step: 2 } : { min: -3, max: 3 });
  hp.int('k', grid ? { min: 0, max: 4, step: 2 } : { min: 0, max: 4 });
  hp.choice('c', ['a', 'b']);
  return hp;
}
const objective = (p: ParamSet): number => ((p.x as number) - 1) ** 2 + ((p.k as number) - 2) ** 2 + (p.c === 'a' ? 0 : 1);
const isValid = (p: ParamSet): boolean =>
  Object.keys(p).length === 3 && typeof p.x === 'number' && p.x >= -3 && p.x <= 3 && Number.isInteger(p.k) && (p.k as number) >= 0 && (p.k as number) <= 4 && (p.c === 'a' || p.c === 'b');

checkSampler('RandomSearchOracle', { factory: (seed) => new RandomSearchOracle({ maxTrials: 15, seed, hyperparameters: flatSpace() }), nTrials: 15, isValid, objective, random: true, learns: false });
checkSampler('GridSearchOracle', { factory: () => new GridSearchOracle({ hyperparameters: flatSpace(true) }), nTrials: 24, isValid, objective, random: false, learns: false });
checkSampler('BayesianOptimizationOracle (gp)', {
  factory: (seed) => new BayesianOptimizationOracle({ maxTrials: 16, numInitialPoints: 5, seed, hyperparameters: flatSpace() }),
  nTrials: 16, isValid, objective, random: true, learns: true,
});
checkSampler('BayesianOptimizationOracle (tpe)', {
  factory: (seed) => new BayesianOptimizationOracle({ maxTrials: 30, numInitialPoints: 8, surrogate: 'tpe', seed, hyperparameters: flatSpace() }),
  nTrials: 30, isValid, objective, random: true, learns: true,
});

/** num_layers 1–3, units_i in {8, 16} only when num_layers > i, and a learning rate. */
function conditionalSpace(): HyperParameters {
  const hp = new HyperParameters().forTrial({}, {}, (d) => d.default);
  hp.int('num_layers', { min: 1, max: 3 });
  for (let i = 0; i < 3; i++) hp.int(`units_${i}`, { min: 8, max: 16, step: 8, parentName: 'num_layers', parentValues: [1, 2, 3].filter((n) => n > i) });
  hp.float('lr', { min: 1e-3, max: 1e-1, sampling: 'log' });
  return hp;
}
const activeKeysOk = (p: ParamSet): boolean => {
  const n = p.num_layers as number;
  return [0, 1, 2].every((i) => (`units_${i}` in p) === i < n) && 'lr' in p;
};
const conditionalObjective = (p: ParamSet): number => ((p.num_layers as number) - 2) ** 2 + Math.abs(Math.log10(p.lr as number) + 2) + ((p.units_0 as number) === 16 ? 0 : 0.5);

async function runStudy(oracle: Oracle, f: (p: ParamSet) => number, direction: Direction = 'minimize'): Promise<readonly Trial[]> {
  const study = new Study({ sampler: oracle, direction, randomState: 0 });
  oracle.attach(() => study.trials);
  await study.optimize(async (p) => f(p));
  return study.trials;
}

class SpyOracle extends RandomSearchOracle {
  readonly seen: OracleObservation[][] = [];
  constructor(options: OracleOptions) {
    super(options, 'SpyOracle');
  }
  protected override populateSpace(index: number, history: readonly OracleObservation[], direction: Direction): Population {
    this.seen.push(history.map((o) => ({ ...o })));
    return super.populateSpace(index, history, direction);
  }
}

describe('oracles on a conditional space', () => {
  it.each([
    ['random', () => new RandomSearchOracle({ maxTrials: 20, seed: 1, hyperparameters: conditionalSpace() })],
    ['gp', () => new BayesianOptimizationOracle({ maxTrials: 14, numInitialPoints: 4, seed: 1, hyperparameters: conditionalSpace() })],
    ['tpe', () => new BayesianOptimizationOracle({ maxTrials: 20, numInitialPoints: 4, surrogate: 'tpe', seed: 1, hyperparameters: conditionalSpace() })],
  ])('%s proposes exactly the active hyperparameters, never the same set twice', async (_name, make) => {
    const trials = await runStudy(make(), conditionalObjective);
    for (const t of trials) expect(activeKeysOk(t.params), JSON.stringify(t.params)).toBe(true);
    expect(new Set(trials.map((t) => JSON.stringify(t.params))).size).toBe(trials.length);
  });

  it('shows the sampling strategy only the active values of each trial, with its score', async () => {
    const oracle = new SpyOracle({ maxTrials: 12, seed: 2, hyperparameters: conditionalSpace() });
    await runStudy(oracle, conditionalObjective);
    const last = oracle.seen[oracle.seen.length - 1] as OracleObservation[];
    expect(last).toHaveLength(11);
    for (const o of last) {
      expect(activeKeysOk(o.values)).toBe(true);
      expect(o.score).toBe(conditionalObjective(o.values));
    }
  });

  it('grid: only the combinations of the active branches', async () => {
    const hp = new HyperParameters();
    hp.int('num_layers', { min: 1, max: 3 });
    for (let i = 0; i < 3; i++) hp.int(`units_${i}`, { min: 8, max: 16, step: 8, parentName: 'num_layers', parentValues: [1, 2, 3].filter((n) => n > i) });
    const trials = await runStudy(new GridSearchOracle({ hyperparameters: hp }), () => 0);
    expect(trials).toHaveLength(2 + 4 + 8);
    expect(new Set(trials.map((t) => JSON.stringify(t.params))).size).toBe(14);
    for (const t of trials) expect(Object.keys(t.params)).toHaveLength(1 + (t.params.num_layers as number));
  });

  it('grid: a float range without a step cannot be enumerated', () => {
    const hp = new HyperParameters();
    hp.float('lr', { min: 1e-4, max: 1e-2, sampling: 'log' });
    const oracle = new GridSearchOracle({ hyperparameters: hp });
    expect(() => oracle.suggest([], { direction: 'minimize' })).toThrow(
      'GridSearchOracle cannot enumerate the hyperparameter "lr" (Float {min: 0.0001, max: 0.01, sampling: log, default: 0.0001}): a float range without a step has no finite list of values. Give it a step, or use hp.choice.',
    );
  });

  it('random search stops when a small space is exhausted', async () => {
    const hp = new HyperParameters();
    hp.choice('a', [1, 2]);
    hp.boolean('b');
    const trials = await runStudy(new RandomSearchOracle({ maxTrials: 10, seed: 0, hyperparameters: hp }), () => 0);
    expect(trials).toHaveLength(4);
  });
});

describe('define-by-run growth', () => {
  it('adds what a trial defined, and draws a seeded value for a hyperparameter first met in a trial', () => {
    const oracle = new RandomSearchOracle({ seed: 5 });
    const hp = oracle.trialHyperParameters({ id: 3, params: {}, meta: {} });
    const a = hp.int('width', { min: 1, max: 1000 });
    const again = oracle.trialHyperParameters({ id: 3, params: {}, meta: {} }).int('width', { min: 1, max: 1000 });
    expect(again).toBe(a);
    expect(oracle.hyperparameters.size).toBe(0);
    expect(oracle.updateSpace(hp)).toEqual(['width']);
    expect(oracle.suggest([], { direction: 'minimize' })).toMatchObject({ kind: 'run', params: { width: expect.any(Number) } });
  });

  it('grid gives a hyperparameter first met in a trial its default', () => {
    const oracle = new GridSearchOracle();
    expect(oracle.trialHyperParameters({ id: 0, params: {}, meta: {} }).int('width', { min: 1, max: 9, default: 4 })).toBe(4);
  });
});

describe('HyperbandOracle', () => {
  it('runs the shared bracket schedule and sets the reserved tuner values', async () => {
    const hp = new HyperParameters();
    hp.float('lr', { min: 1e-3, max: 1, sampling: 'log' });
    const oracle = new HyperbandOracle({ maxEpochs: 9, factor: 3, seed: 0, hyperparameters: hp, objective: 'val_loss' });
    expect(oracle.brackets.map((b) => b.rounds.map((r) => [r.nConfigs, r.resource]))).toEqual([
      [[9, 1], [3, 3], [1, 9]],
      [[5, 3], [1, 9]],
      [[3, 9]],
    ]);
    const trials = await runStudy(oracle, (p) => Math.abs(Math.log10(p.lr as number) + 1));
    expect(trials).toHaveLength(oracle.scheduledTrials);
    expect(trials).toHaveLength(9 + 3 + 1 + 5 + 1 + 3);
    for (const t of trials) {
      expect(t.meta['tuner/epochs']).toBe(t.budget);
      const parent = t.meta['tuner/trial_id'];
      if (parent === undefined) {
        expect(t.meta['tuner/initial_epoch']).toBe(0);
        continue;
      }
      const p = trials[parent as number] as Trial;
      expect(t.meta['tuner/initial_epoch']).toBe(p.budget);
      expect(t.params).toEqual(p.params);
      expect(t.meta['tuner/round']).toBe((p.meta['tuner/round'] as number) + 1);
    }
    const hpOf = oracle.trialHyperParameters(trials[9] as Trial);
    expect(hpOf.values).toMatchObject({ 'tuner/epochs': 3, 'tuner/initial_epoch': 1, 'tuner/bracket': 2, 'tuner/round': 1 });
  });

  it('refuses a factor that is not above 1', () => {
    expect(() => new HyperbandOracle({ maxEpochs: 9, factor: 1 })).toThrow('The "factor" option of HyperbandOracle must be a number in the range (1, inf). Got 1 instead.');
  });
});
