/**
 * Multi-fidelity search on a Keras MLP: time to reach a target validation accuracy.
 *
 *     npx tsx benchmarks/multi-fidelity.ts [--seeds 3] [--target 0.975] [--max-epochs 27] [--timeout 60] [--skip-tpe] [--skip-restart]
 *
 * KerasClassifier (a ReLU MLP from benchmarks/models.ts, adam, batch 64) on digits
 * (pixels / 16), one fixed hold-out split (75 % train, 25 % validation): the
 * validation accuracy is each candidate's test score. The search space is wide on
 * purpose (learning rate over five decades, 16-128 units, 1-2 layers), so that most
 * candidates are poor, as in real tuning. Four searches with the same number of
 * sampled candidates (Hyperband's count for R = max epochs, η = 3: 49 for R = 27):
 *
 * - random: RandomizedSearchCV, every candidate trained for R epochs;
 * - halving: HalvingRandomSearchCV over epochs (1, 3, 9, 27);
 * - hyperband: HyperbandSearchCV over epochs, random candidates (with randomState s,
 *   the same candidates, in the same order, as the random search's);
 * - hyperband+tpe: HyperbandSearchCV with TPE proposing the candidates (BOHB-like).
 *
 * The multi-fidelity searches continue training on promotion (the default,
 * `continueTraining: true`); each also runs as "<method> (restart)" with
 * `continueTraining: false`, where every promoted candidate trains from scratch
 * (unless --skip-restart).
 *
 * Each search stops as soon as a candidate reaches the target (or at the timeout);
 * wall and CPU seconds to that point are recorded per seed, with the epochs
 * trained (counted by a callback: every epoch any network trained).
 * Writes benchmarks/results/multi-fidelity.json.
 */
import os from 'node:os';
import type { AnyEstimator, BaseSearchCV, CvLike } from '../lib/index.js';
import {
  HalvingRandomSearchCV,
  HyperbandSearchCV,
  KerasClassifier,
  RandomizedSearchCV,
  hyperbandBrackets,
  logUniform,
} from '../lib/index.js';
import { args, machine, median, table, writeResults } from './common.js';
import { digitsHoldout } from './digits-holdout.js';
import { mlp } from './models.js';

const opts = args();
const nSeeds = Number(opts.get('seeds') ?? 3);
const target = Number(opts.get('target') ?? 0.975);
const maxEpochs = Number(opts.get('max-epochs') ?? 27);
const timeout = Number(opts.get('timeout') ?? 60);
const factor = 3;

const { X, y, trainRows, testRows } = await digitsHoldout();
const holdout: CvLike = [[trainRows, testRows]];

const space = {
  optimizer__learningRate: logUniform(1e-5, 1),
  model__units: [16, 32, 64, 128],
  model__layers: [1, 2],
};
const nConfigs = hyperbandBrackets({ maxResource: maxEpochs, factor }).reduce((n, b) => n + (b.rounds[0]?.nConfigs ?? 0), 0);
/** Epochs trained by every network of the running search. */
let epochsTrained = 0;
const countEpochs = { onEpochEnd: () => void epochsTrained++ };
const estimator = () =>
  new KerasClassifier({ model: mlp, epochs: maxEpochs, batchSize: 64, optimizer: 'adam', randomState: 0, verbose: 0, callbacks: [countEpochs] } as never);
const common = { cv: holdout, refit: false, returnTrainScore: false, handleSigint: false, timeout } as const;

type Method = (seed: number) => BaseSearchCV<AnyEstimator>;
const methods: Record<string, Method> = {
  random: (seed) => new RandomizedSearchCV(estimator(), space as never, { ...common, nIter: nConfigs, randomState: seed }),
};
const multiFidelity: Record<string, (seed: number, continueTraining: boolean) => BaseSearchCV<AnyEstimator>> = {
  halving: (seed, continueTraining) =>
    new HalvingRandomSearchCV(estimator(), space as never, {
      ...common,
      resource: 'epochs',
      minResources: 1,
      maxResources: maxEpochs,
      factor,
      nCandidates: nConfigs,
      randomState: seed,
      continueTraining,
    }),
  hyperband: (seed, continueTraining) =>
    new HyperbandSearchCV(estimator(), space as never, { ...common, resource: 'epochs', maxResource: maxEpochs, factor, randomState: seed, continueTraining }),
};
if (!opts.has('skip-tpe')) {
  multiFidelity['hyperband+tpe'] = (seed, continueTraining) =>
    new HyperbandSearchCV(estimator(), space as never, { ...common, resource: 'epochs', maxResource: maxEpochs, factor, candidates: 'tpe', randomState: seed, continueTraining });
}
for (const [name, make] of Object.entries(multiFidelity)) {
  methods[name] = (seed) => make(seed, true);
  if (!opts.has('skip-restart')) methods[`${name} (restart)`] = (seed) => make(seed, false);
}

interface Run {
  method: string;
  seed: number;
  reached: boolean;
  wall: number;
  cpu: number;
  candidatesRun: number;
  epochs: number;
  best: number;
}

async function timeToTarget(method: string, seed: number): Promise<Run> {
  const search = (methods[method] as Method)(seed);
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  let run: Omit<Run, 'method' | 'seed'> | undefined;
  epochsTrained = 0;
  let candidates = 0;
  let best = -Infinity;
  for await (const event of search.stream(X, y)) {
    if (event.type !== 'candidate-end') continue;
    candidates++;
    const epochs = epochsTrained;
    const score = event.meanScores.score ?? NaN;
    if (score > best) best = score;
    if (score >= target) {
      const c = process.cpuUsage(c0);
      run = { reached: true, wall: (performance.now() - w0) / 1000, cpu: (c.user + c.system) / 1e6, candidatesRun: candidates, epochs, best };
      break; // leaving the stream stops the search
    }
  }
  const c = process.cpuUsage(c0);
  run ??= { reached: false, wall: (performance.now() - w0) / 1000, cpu: (c.user + c.system) / 1e6, candidatesRun: candidates, epochs: epochsTrained, best };
  return { method, seed, ...run };
}

console.log(`digits (${trainRows.length} train / ${testRows.length} validation rows), target validation accuracy ${target}, R = ${maxEpochs} epochs, η = ${factor}, ${nConfigs} candidates per search, ${nSeeds} seeds, timeout ${timeout} s`);
const runs: Run[] = [];
for (let seed = 0; seed < nSeeds; seed++) {
  for (const method of Object.keys(methods)) {
    const r = await timeToTarget(method, seed);
    runs.push(r);
    console.log(
      `seed ${seed} ${method.padEnd(24)} ${r.reached ? 'reached' : 'NOT reached'} in ${r.wall.toFixed(1)} s wall, ${r.cpu.toFixed(1)} s CPU, ` +
        `${r.candidatesRun} candidate runs, ${r.epochs} epochs (best ${r.best.toFixed(4)})`,
    );
  }
}

// a search that ended without reaching the target counts as infinitely slow in the medians; one that
// timed out counts as the timeout (a lower bound, so speed-ups over it are lower bounds too)
const byMethod = (m: string) => runs.filter((r) => r.method === m);
/** The median with infinities counted (the reports' `median` keeps only the finite numbers). */
const medianOf = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return n % 2 === 1 ? (sorted[(n - 1) / 2] as number) : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2;
};
const timedOut = (r: Run) => !r.reached && r.wall >= timeout;
const wallOf = (r: Run) => (r.reached ? r.wall : timedOut(r) ? timeout : Infinity);
const cpuOf = (r: Run) => (r.reached ? r.cpu : timedOut(r) ? r.cpu : Infinity);
const randomWall = medianOf(byMethod('random').map(wallOf));
const randomCpu = medianOf(byMethod('random').map(cpuOf));
const rows = Object.keys(methods).map((m) => {
  const mine = byMethod(m);
  const wall = medianOf(mine.map(wallOf));
  const cpu = medianOf(mine.map(cpuOf));
  return {
    method: m,
    reached: `${mine.filter((r) => r.reached).length}/${mine.length}`,
    'median wall s': wall,
    'median CPU s': cpu,
    'median epochs': median(mine.map((r) => r.epochs)),
    'speed-up vs random (wall)': randomWall / wall,
    'speed-up vs random (CPU)': randomCpu / cpu,
    'per-seed wall s': mine.map((r) => (r.reached ? r.wall.toFixed(1) : timedOut(r) ? `>${timeout}` : `${r.wall.toFixed(1)}*`)).join(' / '),
  };
});
console.log(`\n${table(rows, Object.keys(rows[0] as object))}`);
console.log('* = the search ended without reaching the target (infinite in the medians); >t = timed out at t seconds (t in the medians)');
console.log(`${os.cpus().length} cores, load average ${os.loadavg().map((v) => v.toFixed(2)).join(' ')}`);
console.log(
  `wrote ${writeResults('multi-fidelity.json', { machine: machine(), settings: { target, maxEpochs, factor, nConfigs, nSeeds, timeout, space: 'lr logUniform(1e-5, 1), units [16, 32, 64, 128], layers [1, 2]' }, runs, rows })}`,
);
