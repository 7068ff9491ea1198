import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../lib/core/errors.js';
import type { Sampler, SamplerContext, Suggestion } from '../../../lib/search/sampler.js';
import { RandomSampler } from '../../../lib/search/samplers/list-sampler.js';
import { HyperbandSampler, hyperbandBrackets } from '../../../lib/search/schedulers/hyperband.js';
import { uniform } from '../../../lib/search/space/distributions.js';
import type { ParamSet } from '../../../lib/search/space/parameter-grid.js';
import { Study } from '../../../lib/search/study.js';
import type { Trial } from '../../../lib/search/trial.js';

/** Table 1 of Li et al. (2018): R = 81, η = 3; per bracket s, the (n_i, r_i) of each round. */
const PAPER_TABLE: Record<number, [number, number][]> = {
  4: [[81, 1], [27, 3], [9, 9], [3, 27], [1, 81]],
  3: [[34, 3], [11, 9], [3, 27], [1, 81]],
  2: [[15, 9], [5, 27], [1, 81]],
  1: [[8, 27], [2, 81]],
  0: [[5, 81]],
};

describe('hyperbandBrackets', () => {
  it('gives the paper’s table for R = 81, η = 3', () => {
    const brackets = hyperbandBrackets({ maxResource: 81, factor: 3 });
    expect(brackets.map((b) => b.s)).toEqual([4, 3, 2, 1, 0]);
    for (const b of brackets) {
      expect(b.rounds.map((r) => [r.nConfigs, r.resource]), `s=${b.s}`).toEqual(PAPER_TABLE[b.s]);
    }
  });

  it('counts sMax from the resource range: R = 27, rMin = 1 gives 4 brackets; rMin = 3 gives 3', () => {
    expect(hyperbandBrackets({ maxResource: 27 }).map((b) => b.rounds.map((r) => `${r.nConfigs}x${r.resource}`).join(' '))).toEqual([
      '27x1 9x3 3x9 1x27',
      '12x3 4x9 1x27',
      '6x9 2x27',
      '4x27',
    ]);
    expect(hyperbandBrackets({ maxResource: 27, minResource: 3 }).map((b) => b.s)).toEqual([2, 1, 0]);
  });

  it('rounds resources up to integers when R is not a power of η', () => {
    expect(hyperbandBrackets({ maxResource: 10, factor: 3 })[0]?.rounds).toEqual([
      { nConfigs: 9, resource: 2 },
      { nConfigs: 3, resource: 4 },
      { nConfigs: 1, resource: 10 },
    ]);
  });

  it('rejects a factor <= 1 and a minResource above maxResource, naming the value', () => {
    expect(() => hyperbandBrackets({ maxResource: 81, factor: 1 })).toThrow(InvalidParameterError);
    expect(() => hyperbandBrackets({ maxResource: 81, factor: 1 })).toThrow('The "factor" option of hyperbandBrackets must be a number in the range (1, inf). Got 1 instead.');
    expect(() => hyperbandBrackets({ maxResource: 9, minResource: 10 })).toThrow('The "minResource" option of hyperbandBrackets must be at most maxResource (9). Got 10 instead.');
    expect(() => hyperbandBrackets({ maxResource: 0 })).toThrow('The "maxResource" option of hyperbandBrackets must be a number in the range [1, inf). Got 0 instead.');
  });
});

/** Objective: the larger x and the budget, the better; never the same value twice. */
const objective = async (params: ParamSet, ctx: { budget: number | undefined }) => (params.x as number) + 0.001 * (ctx.budget ?? 0);

describe('HyperbandSampler', () => {
  const space = { x: uniform(0, 1) };

  it('runs every round of every bracket: 143 trials for R = 81 with 5 + ... configurations', async () => {
    const sampler = new HyperbandSampler(new RandomSampler(space, 143, { randomState: 0 }), { maxResource: 81, budgetParam: 'epochs' });
    expect(sampler.plannedConfigs).toBe(81 + 34 + 15 + 8 + 5);
    expect(sampler.plannedTrials).toBe(121 + 49 + 21 + 10 + 5);
    const study = new Study({ sampler, randomState: 0 });
    expect(await study.optimize(objective)).toBe('exhausted');
    const trials = study.trials;
    expect(trials).toHaveLength(206);
    const count = (s: number, i: number) => trials.filter((t) => t.meta.bracket === s && t.meta.round === i);
    for (const [s, rounds] of Object.entries(PAPER_TABLE)) {
      rounds.forEach(([n, r], i) => {
        const mine = count(Number(s), i);
        expect(mine.length, `s=${s} i=${i}`).toBe(n);
        expect(new Set(mine.map((t) => t.budget)), `s=${s} i=${i}`).toEqual(new Set([r]));
        expect(mine.every((t) => t.params.epochs === r)).toBe(true);
      });
    }
  });

  it('promotes the best 1/η of a round, in order, with a parent link', async () => {
    const sampler = new HyperbandSampler(new RandomSampler(space, 49, { randomState: 1 }), { maxResource: 27 });
    const study = new Study({ sampler, randomState: 0 });
    await study.optimize(objective);
    const trials = study.trials;
    const round0 = trials.filter((t) => t.meta.bracket === 3 && t.meta.round === 0);
    const round1 = trials.filter((t) => t.meta.bracket === 3 && t.meta.round === 1);
    const best = [...round0].sort((a, b) => (b.params.x as number) - (a.params.x as number)).slice(0, 9);
    expect(round1.map((t) => t.params.x)).toEqual(best.map((t) => t.params.x));
    expect(round1.map((t) => t.meta.parent)).toEqual(best.map((t) => t.id));
    expect(round1.map((t) => t.meta.config)).toEqual(best.map((t) => t.meta.config));
  });

  it('waits for a round to finish before promoting (concurrency 4 gives the serial result)', async () => {
    const run = async (concurrency: number) => {
      const study = new Study({ sampler: new HyperbandSampler(new RandomSampler(space, 49, { randomState: 2 }), { maxResource: 27 }), randomState: 0 });
      await study.optimize(async (p, ctx) => {
        await new Promise((r) => setTimeout(r, Math.random() * 3));
        return objective(p, ctx);
      }, { concurrency });
      return study.trials.map((t) => [t.params.x, t.budget, t.meta.bracket, t.meta.round]);
    };
    expect(await run(4)).toEqual(await run(1));
  });

  it('resumes from stored trials: a new sampler continues where the study stopped', async () => {
    const make = () => new HyperbandSampler(new RandomSampler(space, 49, { randomState: 3 }), { maxResource: 27 });
    const full = new Study({ sampler: make(), randomState: 0 });
    await full.optimize(objective);
    const partial = new Study({ sampler: make(), randomState: 0 });
    await partial.optimize(objective, { nTrials: 30 });
    const resumed = new Study({ sampler: make(), storage: partial.storage, randomState: 0 });
    await resumed.optimize(objective);
    expect(resumed.trials.map((t) => [t.params, t.budget, t.meta])).toEqual(full.trials.map((t) => [t.params, t.budget, t.meta]));
  });

  it('shows a model-based sampler one trial per configuration, with results at the largest resource having enough of them', async () => {
    const seen: (readonly Trial[])[] = [];
    const inner: Sampler = {
      suggest(trials: readonly Trial[], _ctx: SamplerContext): Suggestion {
        seen.push(trials);
        return { kind: 'run', params: { x: (trials.length * 0.37) % 1 } };
      },
    };
    const study = new Study({ sampler: new HyperbandSampler(inner, { maxResource: 9, minPointsInModel: 2 }), randomState: 0 });
    await study.optimize(objective);
    // R = 9: brackets 9x1 3x3 1x9, 5x3 1x9, 3x9: 17 configurations, one inner call each
    expect(seen).toHaveLength(17);
    expect(seen.map((v) => v.length)).toEqual(Array.from({ length: 17 }, (_, i) => i));
    const last = seen[seen.length - 1] as readonly Trial[];
    // the reference resource is 9 (at least 2 configurations finished there): the others show as pruned
    const complete = last.filter((t) => t.state === 'complete');
    expect(complete.length).toBeGreaterThanOrEqual(2);
    expect(new Set(complete.map((t) => t.budget))).toEqual(new Set([9]));
    expect(last.filter((t) => t.state === 'pruned').length).toBe(last.length - complete.length);
  });

  it('closes a round early when the inner sampler runs out, then promotes from what ran', async () => {
    const study = new Study({ sampler: new HyperbandSampler(new RandomSampler(space, 4, { randomState: 0 }), { maxResource: 27 }), randomState: 0 });
    expect(await study.optimize(objective)).toBe('exhausted');
    const rounds = study.trials.map((t) => `${t.meta.bracket}/${t.meta.round}`);
    expect(rounds).toEqual(['3/0', '3/0', '3/0', '3/0', '3/1']);
  });

  it('rejects an inner value that is not a sampler and bad iteration counts', () => {
    expect(() => new HyperbandSampler(42 as never, { maxResource: 9 })).toThrow('The "inner" argument of HyperbandSampler must be a sampler (an object with a suggest method). Got 42 instead.');
    expect(() => new HyperbandSampler(new RandomSampler(space, 1), { maxResource: 9, hyperbandIterations: 0 })).toThrow(
      'The "hyperbandIterations" option of HyperbandSampler must be an int in the range [1, inf). Got 0 instead.',
    );
  });
});
