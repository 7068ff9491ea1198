/**
 * Is continued training as good as training in one go? The Keras MLP and the data of
 * benchmarks/multi-fidelity.ts (digits / 16, the same hold-out split), outside and
 * inside the searches.
 *
 *     npx tsx benchmarks/continuation-check.ts [--seeds 5] [--candidates 8] [--inits 5] [--first-init 0] [--timing] [--skip-search | --searches results.json] [--out continuation-check.json]
 *
 * 1. Searches: HalvingRandomSearchCV over epochs (1, 3, 9, 27; 49 candidates; the
 *    benchmark's settings) run to the end for seeds 0..seeds-1, continuing and
 *    restarting (or read from an earlier run's file with --searches); per seed, the
 *    candidates of each rung with their scores, and the epochs each search would
 *    train before a candidate reaches 0.975 / 0.98 with each iteration's
 *    promotions run ascending or best first (a replay of the rows).
 *    With --timing, the CPU cost of a fresh fit, a continuation and a score, to
 *    separate the per-fit overhead from the epochs (with --skip-search: only that).
 * 2. Direct: for `candidates` of the candidates that reached the 27-epoch rung, and
 *    `inits` initialisations (randomState 0, 1, ...), the validation accuracy after
 *    1, 3, 9 and 27 epochs (a) trained from scratch per budget, (b) continued 1 -> 3
 *    -> 9 -> 27 through `continueFit` (the searches' path), (c) after every epoch of
 *    one 27-epoch fit.
 * 3. The continued rung scores the search recorded for a candidate against (b) with
 *    randomState 0 (the benchmark's), and the restarted ones against (a).
 *
 * Writes benchmarks/results/continuation-check.json (or --out).
 */
import type { CallbackSession, TrainingRun } from '../lib/index.js';
import { HalvingRandomSearchCV, KerasCallback, KerasClassifier, clone, logUniform } from '../lib/index.js';
import { args, machine, writeResults } from './common.js';
import { digitsHoldout } from './digits-holdout.js';
import { mlp } from './models.js';

const opts = args();
const nSeeds = Number(opts.get('seeds') ?? 5);
const nCandidates = Number(opts.get('candidates') ?? 8);
const nInits = Number(opts.get('inits') ?? 5);
const firstInit = Number(opts.get('first-init') ?? 0);
const out = String(opts.get('out') ?? 'continuation-check.json');
const budgets = [1, 3, 9, 27];

// the data and split of benchmarks/multi-fidelity.ts
const { X, y, trainRows, testRows } = await digitsHoldout();
const XTrain = Array.from(trainRows, (i) => X[i] as number[]);
const yTrain = Array.from(trainRows, (i) => y[i] as number);
const XTest = Array.from(testRows, (i) => X[i] as number[]);
const yTest = Array.from(testRows, (i) => y[i] as number);
const space = {
  optimizer__learningRate: logUniform(1e-5, 1),
  model__units: [16, 32, 64, 128],
  model__layers: [1, 2],
};
const nConfigs = 49;

/** Validation accuracy after every epoch of a fit (the model's argmax on the hold-out rows). */
class ValidationCurve extends KerasCallback {
  curve: number[] = [];
  begin(run: TrainingRun): CallbackSession {
    const x = run.tf.tensor2d(XTest);
    return {
      onEpochEnd: () => {
        const predicted = run.tf.tidy(() => (run.model.predict(x) as ReturnType<typeof run.tf.tensor>).argMax(-1).dataSync());
        let right = 0;
        for (let i = 0; i < yTest.length; i++) if (predicted[i] === yTest[i]) right++;
        this.curve.push(right / yTest.length);
      },
      dispose: () => x.dispose(),
    };
  }
}

type Params = Record<string, unknown>;
const keyOf = (p: Params): string => `lr=${Number(p.optimizer__learningRate).toPrecision(3)} units=${String(p.model__units)} layers=${String(p.model__layers)}`;
const estimator = (randomState: number, callbacks: unknown[] = []) =>
  new KerasClassifier({ model: mlp, epochs: 27, batchSize: 64, optimizer: 'adam', randomState, verbose: 0, callbacks } as never);

// 1. the searches, to the end
interface RungRow {
  iter: number;
  key: string;
  params: Params;
  score: number;
  continuedFrom: number | null;
}
const searches: Record<string, Record<string, RungRow[]>> = {};
const reached: Params[] = [];
if (opts.has('searches')) {
  // the searches of an earlier run (its results file), to rerun only the direct comparison
  const { readFileSync } = await import('node:fs');
  Object.assign(searches, (JSON.parse(readFileSync(String(opts.get('searches')), 'utf8')) as { searches: typeof searches }).searches);
  for (const modes of Object.values(searches)) for (const rows of Object.values(modes)) for (const row of rows) if (row.iter === 3 && !reached.some((p) => keyOf(p) === row.key)) reached.push(row.params);
} else if (!opts.has('skip-search')) {
  for (let seed = 0; seed < nSeeds; seed++) {
    for (const continueTraining of [true, false]) {
      const search = new HalvingRandomSearchCV(estimator(0), space as never, {
        cv: [[trainRows, testRows]], refit: false, returnTrainScore: false, handleSigint: false,
        resource: 'epochs', minResources: 1, maxResources: 27, factor: 3, nCandidates: nConfigs, randomState: seed, continueTraining,
      });
      await search.fit(X, y);
      const r = search.cvResults;
      const rows: RungRow[] = (r.params as Params[]).map((params, i) => ({
        iter: (r.iter as number[])[i] as number,
        key: keyOf(params),
        params,
        score: (r.mean_test_score as number[])[i] as number,
        continuedFrom: continueTraining ? ((r.continued_from as number[])[i] as number) : null,
      }));
      const mode = continueTraining ? 'continue' : 'restart';
      (searches[`seed ${seed}`] ??= {})[mode] = rows;
      for (const row of rows) if (row.iter === 3 && !reached.some((p) => keyOf(p) === row.key)) reached.push(row.params);
      console.log(`seed ${seed} ${mode}:`);
      for (let iter = 1; iter <= 3; iter++) {
        const rung = rows.filter((row) => row.iter === iter).sort((a, b) => b.score - a.score);
        console.log(`  ${budgets[iter]} epochs: ${rung.map((row) => `${row.key} ${row.score.toFixed(4)}${row.continuedFrom === null || Number.isNaN(row.continuedFrom) ? '' : ` (from ${row.continuedFrom})`}`).join('; ')}`);
      }
    }
  }
}

if (!opts.has('searches') && !opts.has('skip-search')) writeResults(out, { machine: machine(), searches });

// epochs each search would train before a candidate reaches a target, running each iteration's promoted
// candidates as scikit-learn lists them (ascending: the best last) or best first; the scores do not depend on
// the order (each candidate continues its own models), so this replays the rows
if (Object.keys(searches).length > 0) {
  const budgetsOf = (iter: number, continued: boolean) => (iter === 0 || !continued ? (budgets[iter] as number) : (budgets[iter] as number) - (budgets[iter - 1] as number));
  for (const target of [0.975, 0.98]) {
    console.log(`\nepochs until a candidate reaches ${target} (ascending / best first; - = never)`);
    for (const [seed, modes] of Object.entries(searches)) {
      const line = Object.entries(modes).map(([mode, rows]) => {
        const orders = [false, true].map((bestFirst) => {
          let epochs = 0;
          for (let iter = 0; iter < budgets.length; iter++) {
            const rung = rows.filter((row) => row.iter === iter);
            for (const row of bestFirst && iter > 0 ? [...rung].reverse() : rung) {
              epochs += budgetsOf(iter, mode === 'continue');
              if (row.score >= target) return String(epochs);
            }
          }
          return '-';
        });
        return `${mode} ${orders.join(' / ')}`;
      });
      console.log(`${seed}: ${line.join(', ')}`);
    }
  }
}

// per-fit costs (--timing): CPU medians of a fresh 1-epoch fit, a fresh 27-epoch fit, continuing a fitted
// network by one epoch, and scoring the hold-out rows; the fixed cost of a fit is what a fresh fit costs beyond its epochs
if (opts.has('timing')) {
  const { median } = await import('./common.js');
  const cpu = async (fn: () => Promise<unknown>): Promise<number> => {
    const c0 = process.cpuUsage();
    await fn();
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1e6;
  };
  const params = { optimizer__learningRate: 0.0158, model__units: 128, model__layers: 1 };
  const times: Record<string, number[]> = { 'fresh fit, 1 epoch': [], 'fresh fit, 27 epochs': [], 'continueFit, +1 epoch': [], 'continueFit, +9 epochs': [], 'score (449 rows)': [] };
  for (let r = 0; r < 7; r++) {
    const one = clone(estimator(r)).setParams({ ...params, epochs: 1 } as never);
    times['fresh fit, 1 epoch']?.push(await cpu(() => one.fit(XTrain, yTrain)));
    times['continueFit, +1 epoch']?.push(await cpu(() => one.continueFit(XTrain as never, yTrain, 'epochs', 2)));
    times['continueFit, +9 epochs']?.push(await cpu(() => one.continueFit(XTrain as never, yTrain, 'epochs', 11)));
    times['score (449 rows)']?.push(await cpu(() => one.score(XTest, yTest)));
    one.dispose();
    const full = clone(estimator(r)).setParams({ ...params, epochs: 27 } as never);
    times['fresh fit, 27 epochs']?.push(await cpu(() => full.fit(XTrain, yTrain)));
    full.dispose();
  }
  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v.slice(2))])); // the first two warm up
  const perEpoch = ((m['fresh fit, 27 epochs'] as number) - (m['fresh fit, 1 epoch'] as number)) / 26;
  for (const [k, v] of Object.entries(m)) console.log(`${k}: ${(v * 1000).toFixed(1)} ms CPU (median of 5)`);
  console.log(`per epoch ${(perEpoch * 1000).toFixed(1)} ms; fixed cost of a fresh fit ${(((m['fresh fit, 1 epoch'] as number) - perEpoch) * 1000).toFixed(1)} ms; of a continuation ${(((m['continueFit, +1 epoch'] as number) - perEpoch) * 1000).toFixed(1)} ms`);
  if (opts.has('skip-search')) process.exit(0);
}

// 2. direct comparison
const candidates: Params[] = reached.length > 0 ? reached.slice(0, nCandidates) : [{ optimizer__learningRate: 0.01, model__units: 64, model__layers: 1 }];
interface Direct {
  key: string;
  randomState: number;
  oneGo: number[]; // (c): after every epoch of one 27-epoch fit
  fresh: number[] | undefined; // (a): fresh fits of 1, 3, 9 epochs (randomState 0 only)
  continued: number[]; // (b): after every epoch of 1 -> 3 -> 9 -> 27
}
const direct: Direct[] = [];
for (const params of candidates) {
  for (let randomState = firstInit; randomState < firstInit + nInits; randomState++) {
    const one = new ValidationCurve();
    const full = clone(estimator(randomState, [one])).setParams({ ...params, epochs: 27 } as never);
    await full.fit(XTrain, yTrain);
    full.dispose();
    let fresh: number[] | undefined;
    if (randomState === 0) {
      fresh = [];
      for (const b of budgets.slice(0, -1)) {
        const curve = new ValidationCurve();
        const e = clone(estimator(randomState, [curve])).setParams({ ...params, epochs: b } as never);
        await e.fit(XTrain, yTrain);
        e.dispose();
        fresh.push(curve.curve[curve.curve.length - 1] as number);
      }
    }
    const cont = new ValidationCurve();
    const c = clone(estimator(randomState, [cont])).setParams({ ...params, epochs: 1 } as never);
    await c.fit(XTrain, yTrain);
    for (const b of budgets.slice(1)) await c.continueFit(XTrain as never, yTrain, 'epochs', b);
    const trained = c.splitExtras()?.epochs_trained;
    c.dispose();
    if (trained !== 27 || cont.curve.length !== 27) throw new Error(`continued ${String(trained)} epochs, ${cont.curve.length} curve points`);
    direct.push({ key: keyOf(params), randomState, oneGo: one.curve, fresh, continued: cont.curve });
    const at = (curve: number[]) => budgets.map((b) => (curve[b - 1] as number).toFixed(4)).join(' ');
    console.log(`${keyOf(params)} rs ${randomState}: one go ${at(one.curve)} | continued ${at(cont.curve)}${fresh === undefined ? '' : ` | fresh 1/3/9 ${fresh.map((v) => v.toFixed(4)).join(' ')}`}`);
  }
}

// summary: continued minus one go at each budget, over every (candidate, init)
const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
console.log('\nbudget | mean one go | mean continued | mean diff (cont - one go) | cont better / equal / worse | best of last 3 epochs one go / continued');
for (const b of budgets.slice(1)) {
  const diffs = direct.map((d) => (d.continued[b - 1] as number) - (d.oneGo[b - 1] as number));
  const better = diffs.filter((d) => d > 1e-9).length;
  const worse = diffs.filter((d) => d < -1e-9).length;
  console.log(
    `${b} | ${mean(direct.map((d) => d.oneGo[b - 1] as number)).toFixed(4)} | ${mean(direct.map((d) => d.continued[b - 1] as number)).toFixed(4)} | ${mean(diffs).toFixed(4)} | ${better} / ${diffs.length - better - worse} / ${worse} | ` +
      `${mean(direct.map((d) => Math.max(...d.oneGo.slice(b - 3, b)))).toFixed(4)} / ${mean(direct.map((d) => Math.max(...d.continued.slice(b - 3, b)))).toFixed(4)}`,
  );
}
const atLeast = (values: number[], t: number) => values.filter((v) => v >= t - 1e-12).length;
for (const t of [441 / 449, 438 / 449]) {
  console.log(`27 epochs >= ${t.toFixed(4)}: one go ${atLeast(direct.map((d) => d.oneGo[26] as number), t)}/${direct.length}, continued ${atLeast(direct.map((d) => d.continued[26] as number), t)}/${direct.length}`);
}
const prefixOk = direct.filter((d) => d.fresh !== undefined).every((d) => budgets.slice(0, -1).every((b, i) => d.fresh?.[i] === d.oneGo[b - 1]));
console.log(`(a) fresh fits of 1, 3, 9 epochs equal the 27-epoch fit's curve at those epochs: ${prefixOk}`);

// 3. the search's recorded rung scores against the direct runs (randomState 0)
const mismatches: string[] = [];
let compared = 0;
for (const [seed, modes] of Object.entries(searches)) {
  for (const [mode, rows] of Object.entries(modes)) {
    for (const row of rows) {
      const d = direct.find((x) => x.key === row.key && x.randomState === 0);
      if (d === undefined) continue;
      const expected = (mode === 'continue' ? d.continued : d.oneGo)[(budgets[row.iter] as number) - 1] as number;
      compared++;
      if (Math.abs(expected - row.score) > 1e-9) mismatches.push(`${seed} ${mode} ${row.key} at ${budgets[row.iter]}: search ${row.score.toFixed(4)}, direct ${expected.toFixed(4)}`);
    }
  }
}
console.log(`search rung scores against the direct runs (randomState 0): ${compared - mismatches.length}/${compared} equal`);
for (const m of mismatches) console.log(`  ${m}`);
console.log(`wrote ${writeResults(out, { machine: machine(), settings: { nSeeds, nCandidates, nInits, firstInit }, searches, direct, mismatches })}`);
