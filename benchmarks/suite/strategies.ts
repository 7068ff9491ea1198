/**
 * The strategy registry of the suite. Every strategy is a {@link Sampler} of the
 * engine, built fresh for each run; the runner drives them all through the same
 * `Study` loop with the same budget. Multi-fidelity strategies (successive
 * halving, Hyperband) are built from the schedulers' public exports, looked up
 * at run time: when the scheduler module lacks them, the suite skips them with a
 * note instead of failing.
 */
import { Rng, deriveSeed } from '../../lib/core/rng.js';
import type { Sampler } from '../../lib/search/sampler.js';
import { GPSampler } from '../../lib/search/samplers/gp/gp-sampler.js';
import { ListSampler, RandomSampler } from '../../lib/search/samplers/list-sampler.js';
import { TPESampler } from '../../lib/search/samplers/tpe/tpe-sampler.js';
import type { Dimension } from '../../lib/search/space/dimensions.js';
import { toDimension } from '../../lib/search/space/dimensions.js';
import type { ParamSet } from '../../lib/search/space/parameter-grid.js';
import { ParameterGrid } from '../../lib/search/space/parameter-grid.js';
import type { TaskDef } from './tasks.js';

/** What a strategy needs to build the sampler of one run. */
export interface StrategyContext {
  readonly task: TaskDef;
  readonly seed: number;
  /** Full-fidelity evaluations the run may spend. */
  readonly budget: number;
}

/** A strategy of the suite. */
export interface StrategyDef {
  readonly name: string;
  readonly label: string;
  /** Spends partial evaluations (needs a task with a fidelity). */
  readonly multiFidelity: boolean;
  /** Why the strategy cannot run on a task, or undefined when it can. */
  unavailable(task: TaskDef): Promise<string | undefined>;
  /**
   * The sampler of round `round` of a run. A run starts a new round (a new
   * sampler, a derived seed) when a multi-fidelity sampler stops before the
   * budget is spent.
   */
  sampler(context: StrategyContext, round: number): Promise<Sampler>;
}

/** `n` values spread over one dimension: cell centres (log-spaced for log-uniform), distinct integers, or every category. */
function gridValues(dim: Dimension, n: number): unknown[] {
  if (dim.kind === 'categorical') return [...dim.categories];
  if (dim.kind === 'integer') return [...new Set(Array.from({ length: Math.min(n, dim.size) }, (_, i) => dim.fromUnit((i + 0.5) / Math.min(n, dim.size))))];
  return Array.from({ length: n }, (_, i) => dim.fromUnit((i + 0.5) / n));
}

/**
 * The largest grid within `budget` points: every category of a categorical
 * dimension, then one more value per numeric dimension in turn while the grid
 * still fits (cell centres; log-spaced for log-uniform dimensions), in
 * scikit-learn's order (sorted parameter names).
 * @example
 * ```ts
 * budgetGrid({ x: uniform(0, 1), y: uniform(0, 1) }, 50).length; // 49 (7 × 7)
 * ```
 */
export function budgetGrid(space: TaskDef['space'], budget: number): ParamSet[] {
  const names = Object.keys(space).sort();
  const dims = names.map((n) => toDimension(space[n], 'grid', n));
  const counts = dims.map(() => 1);
  const size = (): number => dims.reduce((p, d, i) => p * gridValues(d, counts[i] as number).length, 1);
  for (let grew = true; grew; ) {
    grew = false;
    for (let i = 0; i < dims.length; i++) {
      const d = dims[i] as Dimension;
      if (d.kind === 'categorical' || (d.kind === 'integer' && (counts[i] as number) >= d.size)) continue;
      counts[i] = (counts[i] as number) + 1;
      if (size() <= budget) grew = true;
      else counts[i] = (counts[i] as number) - 1;
    }
  }
  const grid = Object.fromEntries(names.map((n, i) => [n, gridValues(dims[i] as Dimension, counts[i] as number)]));
  return [...new ParameterGrid(grid)];
}

const scheduling = import('../../lib/search/index.js') as Promise<Record<string, unknown>>;

interface HalvingScheduleLike {
  readonly nResources: readonly number[];
  readonly nCandidates: readonly number[];
}
type HalvingScheduleFn = (o: { nCandidates: number; factor: number; minResources: number; maxResources: number }) => HalvingScheduleLike;
type SuccessiveHalvingCtor = new (candidates: readonly ParamSet[], schedule: HalvingScheduleLike) => Sampler;
type HyperbandBracketsFn = (o: { maxResource: number; factor: number; minResource: number }) => readonly { rounds: readonly { nConfigs: number; resource: number }[] }[];
type HyperbandCtor = new (inner: Sampler, o: { maxResource: number; factor: number; minResource: number; hyperbandIterations: number }) => Sampler;

async function schedulerExport<T>(name: string): Promise<T | undefined> {
  const mod = await scheduling.catch(() => ({}) as Record<string, unknown>);
  return mod[name] as T | undefined;
}

const FACTOR = 3;

async function multiFidelityUnavailable(task: TaskDef, exports: readonly string[]): Promise<string | undefined> {
  for (const e of exports) {
    if ((await schedulerExport(e)) === undefined) return `lib/search (the schedulers' public exports) has no ${e} yet; the adapter in benchmarks/suite/strategies.ts is ready for it.`;
  }
  if (task.fidelity === undefined) return `${task.label} has no fidelity (no cheaper approximation to evaluate), so a multi-fidelity strategy has nothing to save.`;
  return undefined;
}

function random(space: TaskDef['space'], n: number, seed: number): RandomSampler {
  return new RandomSampler(space, n, { randomState: seed });
}

/** Every strategy, in the order reports list them. */
export const STRATEGIES: readonly StrategyDef[] = [
  {
    name: 'grid',
    label: 'grid',
    multiFidelity: false,
    unavailable: async () => undefined,
    sampler: async ({ task, seed, budget }) => new ListSampler(new Rng(deriveSeed(seed, 101)).shuffle(budgetGrid(task.space, budget))),
  },
  {
    name: 'random',
    label: 'random',
    multiFidelity: false,
    unavailable: async () => undefined,
    sampler: async ({ task, seed, budget }) => random(task.space, budget, seed),
  },
  {
    name: 'gp_ei',
    label: 'GP (EI)',
    multiFidelity: false,
    unavailable: async () => undefined,
    sampler: async ({ task, seed, budget }) => new GPSampler(task.space as never, { acqFunc: 'EI', nIter: budget, randomState: seed }),
  },
  {
    name: 'gp_hedge',
    label: 'GP (gp_hedge)',
    multiFidelity: false,
    unavailable: async () => undefined,
    sampler: async ({ task, seed, budget }) => new GPSampler(task.space as never, { acqFunc: 'gp_hedge', nIter: budget, randomState: seed }),
  },
  {
    name: 'tpe',
    label: 'TPE',
    multiFidelity: false,
    unavailable: async () => undefined,
    sampler: async ({ task, seed, budget }) => new TPESampler(task.space as never, { nIter: budget, randomState: seed }),
  },
  {
    name: 'successive_halving',
    label: 'successive halving',
    multiFidelity: true,
    unavailable: (task) => multiFidelityUnavailable(task, ['halvingSchedule', 'SuccessiveHalvingSampler']),
    sampler: async ({ task, seed, budget }, round) => {
      const schedule = (await schedulerExport<HalvingScheduleFn>('halvingSchedule')) as HalvingScheduleFn;
      const Sh = (await schedulerExport<SuccessiveHalvingCtor>('SuccessiveHalvingSampler')) as SuccessiveHalvingCtor;
      const f = task.fidelity as NonNullable<TaskDef['fidelity']>;
      const minResources = Math.max(f.minResource, f.maxResource / FACTOR ** 2);
      const plan = (n: number) => schedule({ nCandidates: n, factor: FACTOR, minResources, maxResources: f.maxResource });
      const cost = (s: HalvingScheduleLike) => s.nResources.reduce((c, r, i) => c + (r / f.maxResource) * (s.nCandidates[i] as number), 0);
      let n = 1;
      while (n < 10 * budget && cost(plan(n + 1)) <= budget) n++;
      const seedR = deriveSeed(seed, 202, round);
      return new Sh(random(task.space, n, seedR).candidates, plan(n));
    },
  },
  {
    name: 'hyperband',
    label: 'Hyperband',
    multiFidelity: true,
    unavailable: (task) => multiFidelityUnavailable(task, ['hyperbandBrackets', 'HyperbandSampler']),
    sampler: async ({ task, seed, budget }, round) => {
      const brackets = (await schedulerExport<HyperbandBracketsFn>('hyperbandBrackets')) as HyperbandBracketsFn;
      const Hb = (await schedulerExport<HyperbandCtor>('HyperbandSampler')) as HyperbandCtor;
      const f = task.fidelity as NonNullable<TaskDef['fidelity']>;
      const options = { maxResource: f.maxResource, factor: FACTOR, minResource: f.minResource };
      const plan = brackets(options);
      const perIteration = plan.reduce((c, b) => c + b.rounds.reduce((m, r) => m + (r.nConfigs * r.resource) / f.maxResource, 0), 0);
      const iterations = Math.max(1, Math.ceil(budget / perIteration));
      const configs = iterations * plan.reduce((c, b) => c + (b.rounds[0]?.nConfigs ?? 0), 0);
      return new Hb(random(task.space, configs, deriveSeed(seed, 303, round)), { ...options, hyperbandIterations: iterations });
    },
  },
];

/**
 * Finds strategies by name (all when `names` is empty).
 * @throws {Error} naming the valid strategies when a name is unknown.
 */
export function pickStrategies(names: readonly string[], peers: readonly string[] = []): StrategyDef[] {
  if (names.length === 0) return [...STRATEGIES];
  return names
    .filter((n) => !peers.includes(n))
    .map((n) => {
      const s = STRATEGIES.find((x) => x.name === n);
      if (s === undefined) throw new Error(`Unknown strategy "${n}". Known strategies: ${[...STRATEGIES.map((x) => x.name), ...peers].join(', ')}.`);
      return s;
    });
}
