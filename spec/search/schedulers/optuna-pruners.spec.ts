/**
 * Hyperband, Threshold, Patient and Wilcoxon pruning: hand-computed cases
 * first, then the decisions of Optuna 3.1 on scripted learning curves
 * (spec/fixtures/pruners/generate.py) and scipy's p-values.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HyperbandPruner, crc32 } from '../../../lib/search/schedulers/hyperband-pruner.js';
import { MedianPruner } from '../../../lib/search/schedulers/median-pruner.js';
import { PatientPruner } from '../../../lib/search/schedulers/patient-pruner.js';
import { signedRankPValue } from '../../../lib/search/schedulers/signed-rank.js';
import { ThresholdPruner } from '../../../lib/search/schedulers/threshold-pruner.js';
import { WilcoxonPruner } from '../../../lib/search/schedulers/wilcoxon-pruner.js';
import type { Pruner } from '../../../lib/search/study.js';
import type { Direction, RunningTrial, Trial } from '../../../lib/search/trial.js';

interface ScriptedTrial {
  values: number[];
  prunedAt: number | null;
}
interface Case {
  options: Record<string, number>;
  studyName: string;
  direction: Direction;
  trials: ScriptedTrial[];
}
const ref = JSON.parse(readFileSync(new URL('../../fixtures/pruners/pruners.json', import.meta.url), 'utf8')) as {
  cases: Record<string, Case>;
  wilcoxon: { d: number[]; greater: number; less: number }[];
  crc32: Record<string, number>;
};

function running(id: number, values: readonly number[], steps?: readonly number[]): RunningTrial {
  return { id, state: 'running', params: {}, budget: undefined, meta: {}, intermediate: values.map((value, i) => ({ step: steps?.[i] ?? i, value })), attrs: {}, startedAt: 0 };
}

function complete(id: number, values: readonly number[], value: number, steps?: readonly number[]): Trial {
  return { ...running(id, values, steps), state: 'complete', values: [value], finishedAt: 1 };
}

/** Replays scripted trials through a pruner as Optuna's loop did: report, ask, stop when told. */
function replay(pruner: Pruner, c: Case): (number | null)[] {
  const done: Trial[] = [];
  return c.trials.map((s, id) => {
    for (let step = 0; step < s.values.length; step++) {
      const t = running(id, s.values.slice(0, step + 1));
      if (pruner.shouldPrune(t, done, { direction: c.direction, studyName: c.studyName })) {
        done.push({ ...t, state: 'pruned', lastValue: s.values[step], finishedAt: 1 });
        return step;
      }
    }
    done.push(complete(id, s.values, s.values[s.values.length - 1]!));
    return null;
  });
}

describe('ThresholdPruner', () => {
  it('prunes a value outside [lower, upper] or NaN, from the warm-up on, once per interval (hand-computed)', () => {
    const p = new ThresholdPruner({ lower: 0, upper: 1, nWarmupSteps: 1, intervalSteps: 2 });
    const ctx = { direction: 'minimize' as const };
    expect(p.shouldPrune(running(0, [5]), [], ctx)).toBe(false); // step 0: warm-up
    expect(p.shouldPrune(running(0, [5, 0.5]), [], ctx)).toBe(false); // step 1: inside
    expect(p.shouldPrune(running(0, [5, 0.5, 2]), [], ctx)).toBe(false); // step 2: same interval [1, 3) as step 1
    expect(p.shouldPrune(running(0, [5, 0.5, 2, 2]), [], ctx)).toBe(true); // step 3 opens [3, 5) and 2 > upper
    expect(p.shouldPrune(running(0, [5, NaN]), [], ctx)).toBe(true);
    expect(p.shouldPrune(running(0, [5, -0.1]), [], ctx)).toBe(true);
  });

  it('decides as Optuna 3.1 does on scripted curves', () => {
    const c = ref.cases.threshold!;
    expect(replay(new ThresholdPruner(c.options), c)).toEqual(c.trials.map((t) => t.prunedAt));
  });

  it('needs a bound, in order', () => {
    expect(() => new ThresholdPruner({})).toThrow('ThresholdPruner needs a "lower" or an "upper" bound (or both). Got neither.');
    expect(() => new ThresholdPruner({ lower: 2, upper: 1 })).toThrow('The "lower" option of ThresholdPruner must be <= upper (1). Got 2 instead.');
  });
});

describe('PatientPruner', () => {
  it('waits `patience` steps without an improvement larger than minDelta (hand-computed)', () => {
    const p = new PatientPruner(undefined, 2);
    const ctx = { direction: 'minimize' as const };
    // steps 0..3: best before the last 3 = 1.0, best of the last 3 = 0.9: improving
    expect(p.shouldPrune(running(0, [1.0, 0.9, 0.95, 0.97]), [], ctx)).toBe(false);
    // steps 0..4: best of [1.0, 0.9] = 0.9 < best of [0.95, 0.97, 0.99] = 0.95: stalled
    expect(p.shouldPrune(running(0, [1.0, 0.9, 0.95, 0.97, 0.99]), [], ctx)).toBe(true);
    // with minDelta 0.1: 0.9 + 0.1 < 0.95 is false
    expect(new PatientPruner(undefined, 2, { minDelta: 0.1 }).shouldPrune(running(0, [1.0, 0.9, 0.95, 0.97, 0.99]), [], ctx)).toBe(false);
    // maximizing: best of [0.5, 0.6] = 0.6 > best of [0.55, 0.58, 0.59]: stalled
    expect(p.shouldPrune(running(0, [0.5, 0.6, 0.55, 0.58, 0.59]), [], { direction: 'maximize' })).toBe(true);
    // a stalled trial is pruned only when the wrapped pruner agrees
    expect(new PatientPruner({ shouldPrune: () => false }, 2).shouldPrune(running(0, [1.0, 0.9, 0.95, 0.97, 0.99]), [], ctx)).toBe(false);
  });

  it('decides as Optuna 3.1 does, alone and around a median pruner', () => {
    const alone = ref.cases.patient!;
    expect(replay(new PatientPruner(undefined, alone.options.patience!, { minDelta: alone.options.minDelta }), alone)).toEqual(alone.trials.map((t) => t.prunedAt));
    const wrapped = ref.cases.patient_median!;
    expect(replay(new PatientPruner(new MedianPruner({ nStartupTrials: 2 }), wrapped.options.patience!), wrapped)).toEqual(wrapped.trials.map((t) => t.prunedAt));
  });
});

describe('HyperbandPruner', () => {
  it('has Hyperband’s brackets and budgets (hand-computed for R = 9, r = 1, η = 3)', () => {
    const p = new HyperbandPruner({ minResource: 1, maxResource: 9, reductionFactor: 3 });
    p.shouldPrune(running(0, [1]), [], { direction: 'minimize' });
    // floor(log3 9) + 1 = 3 brackets; budgets ceil(3·3^s/(s+1)) for s = 2, 1, 0: 9, 5, 3
    expect(p.nBrackets).toBe(3);
    expect(p.trialAllocationBudgets).toEqual([9, 5, 3]);
    // a trial's bracket: crc32("<study>_<number>") mod 17 against the cumulative budgets 9, 14, 17
    for (const id of [0, 1, 17]) {
      const n = ref.crc32[`hb_${id}`]! % 17;
      expect(p.bracketOf(id, 'hb')).toBe(n < 9 ? 0 : n < 14 ? 1 : 2);
    }
  });

  it('computes zlib’s CRC-32, as Python’s binascii does', () => {
    for (const [text, value] of Object.entries(ref.crc32)) expect(crc32(text)).toBe(value);
  });

  it('decides as Optuna 3.1 does, with a known and an inferred maximum resource', () => {
    const c = ref.cases.hyperband!;
    expect(replay(new HyperbandPruner(c.options), c)).toEqual(c.trials.map((t) => t.prunedAt));
    const auto = ref.cases.hyperband_auto!;
    expect(replay(new HyperbandPruner(auto.options), auto)).toEqual(auto.trials.map((t) => t.prunedAt));
  });

  it('shows a sampler only the trials of the same bracket', () => {
    const p = new HyperbandPruner({ minResource: 1, maxResource: 9, reductionFactor: 3 });
    const trials = Array.from({ length: 20 }, (_, i) => complete(i, [1], 1));
    p.shouldPrune(running(20, [1]), trials, { direction: 'minimize', studyName: 'hb' });
    const mine = p.trialsForSampling({ id: 20 }, trials, { direction: 'minimize', studyName: 'hb' });
    expect(mine.every((t) => p.bracketOf(t.id, 'hb') === p.bracketOf(20, 'hb'))).toBe(true);
    expect(mine.length).toBeLessThan(trials.length);
  });
});

describe('WilcoxonPruner', () => {
  it('computes scipy’s one-sided signed-rank p-values (zero differences split)', () => {
    for (const row of ref.wilcoxon) {
      expect(signedRankPValue(row.d, 'greater')).toBeCloseTo(row.greater, 12);
      expect(signedRankPValue(row.d, 'less')).toBeCloseTo(row.less, 12);
    }
  });

  it('prunes a trial significantly worse than the best on the shared steps (hand-computed)', () => {
    const p = new WilcoxonPruner({ pThreshold: 0.1 });
    const ctx = { direction: 'minimize' as const };
    // the best trial: losses 1..6 on instances 0..5, value 3.5
    const best = complete(0, [1, 2, 3, 4, 5, 6], 3.5);
    // worse on every one of 5 instances: R+ = 15 of 15, exact p = 1/32 = 0.031 < 0.1, and its mean 4 is worse than 3.5
    expect(p.shouldPrune(running(1, [2, 3, 4, 5, 6]), [best], ctx)).toBe(true);
    // worse on 3 instances of 3: p = 1/8 = 0.125, not significant
    expect(p.shouldPrune(running(1, [2, 3, 4]), [best], ctx)).toBe(false);
    // significantly worse than the best, but its mean so far (1.75) beats the best's value 3.5: not pruned (Optuna's safety rule)
    expect(p.shouldPrune(running(1, [1.5, 2.5, 1.2, 1.8]), [complete(0, [1, 2, 1, 1.5], 3.5)], ctx)).toBe(false);
    // only steps both reported are compared, in step order
    expect(p.shouldPrune(running(1, [9, 9, 9], [10, 11, 12]), [best], ctx)).toBe(false);
    // nStartupSteps: no decision before that many shared steps
    expect(new WilcoxonPruner({ nStartupSteps: 6 }).shouldPrune(running(1, [2, 3, 4, 5, 6]), [best], ctx)).toBe(false);
  });

  it('maximizes with the other tail, and never prunes with NaN values or without a best trial', () => {
    const p = new WilcoxonPruner();
    const best = complete(0, [0.9, 0.8, 0.85, 0.95, 0.9], 0.88);
    expect(p.shouldPrune(running(1, [0.5, 0.4, 0.6, 0.5, 0.45]), [best], { direction: 'maximize' })).toBe(true);
    expect(p.shouldPrune(running(1, [0.5, 0.4, 0.6, 0.5, 0.45]), [], { direction: 'maximize' })).toBe(false);
    expect(p.shouldPrune(running(1, [0.5, NaN]), [best], { direction: 'maximize' })).toBe(false);
  });
});
