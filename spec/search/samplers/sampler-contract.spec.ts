/** Every sampler passes the shared sampler contract (spec/contracts/sampler.contract.ts). */
import { GPSampler } from '../../../lib/search/samplers/gp/gp-sampler.js';
import { GridSampler, RandomSampler } from '../../../lib/search/samplers/list-sampler.js';
import { TPESampler } from '../../../lib/search/samplers/tpe/tpe-sampler.js';
import { Categorical, Integer, Real } from '../../../lib/search/space/dimensions.js';
import { Space } from '../../../lib/search/space/search-space.js';
import { choice, randInt, uniform } from '../../../lib/search/space/distributions.js';
import type { ParamSet } from '../../../lib/search/space/parameter-grid.js';
import { checkSampler } from '../../contracts/sampler.contract.js';

const objective = (p: ParamSet): number => ((p.x as number) - 1) ** 2 + ((p.k as number) - 2) ** 2 + (p.c === 'a' ? 0 : 1);
const space = { x: new Real(-3, 3), k: new Integer(0, 4), c: new Categorical(['a', 'b']) };
const isValid = (p: ParamSet): boolean => new Space(space).contains(new Space(space).fromParams(p)) && Object.keys(p).length === 3;

checkSampler('GridSampler', {
  factory: () => new GridSampler({ x: [-3, 0, 1, 3], k: [0, 2, 4], c: ['a', 'b'] }),
  nTrials: 24,
  isValid,
  objective,
  random: false,
  learns: false,
});

checkSampler('RandomSampler', {
  factory: (seed) => new RandomSampler({ x: uniform(-3, 3), k: randInt(0, 5), c: choice(['a', 'b']) }, 15, { randomState: seed }),
  nTrials: 15,
  isValid,
  objective,
  random: true,
  learns: false,
});

checkSampler('GPSampler', {
  factory: (seed) => new GPSampler(space, { nIter: 16, nInitialPoints: 5, randomState: seed }),
  nTrials: 16,
  isValid,
  objective,
  random: true,
  learns: true,
});

checkSampler('TPESampler', {
  factory: (seed) => new TPESampler(space, { nIter: 30, nStartupTrials: 8, randomState: seed }),
  nTrials: 30,
  isValid,
  objective,
  random: true,
  learns: true,
});
