import { describe, expect, it } from 'vitest';
import { GPSampler } from '../../../../lib/search/samplers/gp/gp-sampler.js';
import { Integer, Real } from '../../../../lib/search/space/dimensions.js';
import { Study } from '../../../../lib/search/study.js';

describe('GPSampler', () => {
  it('maximizes through a study', async () => {
    const study = new Study({ sampler: new GPSampler({ x: new Real(0, 1) }, { nIter: 12, nInitialPoints: 4, randomState: 0 }), direction: 'maximize' });
    await study.optimize(async ({ x }) => -(((x as number) - 0.7) ** 2));
    expect(study.bestTrial?.params.x as number).toBeCloseTo(0.7, 2);
  });

  it('hands out a batch of nPoints proposals in turn', async () => {
    const sampler = new GPSampler({ k: new Integer(0, 50) }, { nIter: 10, nInitialPoints: 2, batchSize: 4, randomState: 1 });
    const study = new Study({ sampler, direction: 'minimize' });
    await study.optimize(async ({ k }) => Math.abs((k as number) - 17));
    expect(study.trials).toHaveLength(10);
    // batches were asked at trials 0, 4 and 8; every finished trial but the last was told
    expect(sampler.optimizer!.nTold).toBe(9);
  });

  it('treats running trials as pending, so concurrent trials get different points', async () => {
    const study = new Study({ sampler: new GPSampler({ x: new Real(0, 1) }, { nIter: 9, nInitialPoints: 3, randomState: 2 }), direction: 'minimize' });
    await study.optimize(async ({ x }) => {
      await new Promise((r) => setTimeout(r, 2));
      return (x as number) ** 2;
    }, { concurrency: 3 });
    const xs = study.trials.map((t) => t.params.x);
    expect(new Set(xs).size).toBe(9);
  });

  it('names positional spaces x0, x1, ...', () => {
    const sampler = new GPSampler([new Real(0, 1), new Real(0, 2)], { randomState: 3 });
    const s = sampler.suggest([], { direction: 'minimize' });
    expect(s.kind === 'run' && Object.keys(s.params)).toEqual(['x0', 'x1']);
  });
});
