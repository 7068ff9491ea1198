/**
 * The numbers of the suite report, computed from a results file: per task and
 * strategy the best-so-far curves (median and interquartile band over seeds,
 * against full-evaluation equivalents and against seconds), the final regret or
 * score, time to a target, optimizer overhead per proposal, and the rank-based
 * comparison with its significance test.
 *
 * Curves, ranks and tests use a value where lower is better and 0 is the best:
 * the simple regret of a function with a known optimum, or for a tuning task the
 * gap to the best score any strategy found on the same seed (a seed changes the
 * CV splits, and so every score; the gap removes that shift, which the paired
 * test would remove anyway).
 */
import type { StrategyComparison } from './comparison.js';
import { compareStrategies } from './comparison.js';
import type { BandPoint, Quartiles, TimedTrace } from './statistics.js';
import { bandByTime, bestSoFar, evaluationsToTarget, isBetter, median, quartiles, simpleRegret, stepValueAt, timeGrid } from './statistics.js';
import type { SuiteResults, SuiteRun, SuiteTask } from './suite-types.js';

/** A run reduced to what the report plots. */
export interface RunTrace {
  readonly strategy: string;
  readonly seed: number;
  /** Cumulative cost (full-evaluation equivalents) after each evaluation. */
  readonly costs: readonly number[];
  /** Seconds since the run's start after each evaluation. */
  readonly times: readonly number[];
  /** After each evaluation, the regret (or gap) of the best full-fidelity value so far (NaN before the first). */
  readonly best: readonly number[];
  /** The final regret or gap. */
  readonly final: number;
  /** The final best objective value itself (score or f(x)). */
  readonly score: number;
  /** Mean seconds per proposal spent in the strategy. */
  readonly overheadPerProposal: number;
  readonly evaluations: number;
  readonly seconds: number;
}

/** One line of a task's summary table. */
export interface SummaryRow extends StrategyComparison {
  readonly label: string;
  readonly peer: boolean;
  readonly runs: number;
  /** Final regret or gap over seeds. */
  readonly final: Quartiles;
  /** Final best objective value over seeds. */
  readonly score: Quartiles;
  /** Median full-evaluation equivalents to reach the target over the runs that reached it. */
  readonly costToTarget: number | undefined;
  /** Median seconds to reach the target over the runs that reached it. */
  readonly secondsToTarget: number | undefined;
  /** How many runs reached the target. */
  readonly reached: number;
  /** Median over runs of the mean milliseconds per proposal. */
  readonly overheadMs: number;
  /** Median wall seconds of a run. */
  readonly runSeconds: number;
}

/** Everything the report shows about one task. */
export interface TaskSummary {
  readonly task: SuiteTask;
  /** True when values are simple regret (the task has a known optimum); false for gaps to the seed's best. */
  readonly regret: boolean;
  /** What the y axis shows. */
  readonly valueName: string;
  /** Regrets or gaps below this are drawn at it on log axes (an exact optimum has regret 0). */
  readonly floor: number;
  /** The best objective value any strategy found on each seed (tuning tasks). */
  readonly seedBest: Readonly<Record<number, number>>;
  /**
   * The target of "time to target", as an objective value: for a synthetic
   * function, the median final value of random search (or of all runs); for a
   * tuning task, the median over seeds of the per-seed targets (random search's
   * final value on that seed).
   */
  readonly target: number;
  /** The target of each seed, as a regret or gap. */
  readonly targets: Readonly<Record<number, number>>;
  readonly targetSource: string;
  readonly rows: readonly SummaryRow[];
  readonly traces: readonly RunTrace[];
  /** Band over seeds against full-evaluation equivalents, per strategy. */
  readonly byCost: Readonly<Record<string, readonly BandPoint[]>>;
  /** Band over seeds against seconds, per strategy. */
  readonly byTime: Readonly<Record<string, readonly BandPoint[]>>;
}

const FULL = 1 - 1e-9;

/**
 * Reduces a run to its best-so-far trace (full-fidelity evaluations only; a
 * low-fidelity value is not comparable with the objective) against cost and time.
 * @example
 * ```ts
 * traceRun(run, task).final; // the run's final simple regret or best score
 * ```
 */
export function traceRun(run: SuiteRun, task: SuiteTask, seedBest?: number): RunTrace {
  const values = run.evaluations.map((e) => (e.cost >= FULL ? e.value : NaN));
  const raw = bestSoFar(values, task.direction);
  const reference = task.optimum ?? seedBest;
  const best = reference === undefined ? raw : simpleRegret(raw, reference, task.direction);
  let c = 0;
  const costs = run.evaluations.map((e) => (c += e.cost));
  const overhead = run.evaluations.reduce((s, e) => s + e.overhead, 0);
  return {
    strategy: run.strategy,
    seed: run.seed,
    costs,
    times: run.evaluations.map((e) => e.elapsed),
    best,
    final: best.length === 0 ? NaN : (best[best.length - 1] as number),
    score: raw.length === 0 ? NaN : (raw[raw.length - 1] as number),
    overheadPerProposal: run.evaluations.length === 0 ? NaN : overhead / run.evaluations.length,
    evaluations: run.evaluations.length,
    seconds: run.seconds,
  };
}

function reachedAt(xs: readonly number[], best: readonly number[], target: number): number | undefined {
  const i = evaluationsToTarget(best, target + 1e-12, 'minimize');
  return i === undefined ? undefined : (xs[i - 1] as number);
}

/**
 * Summarizes one task of a results file.
 * @example
 * ```ts
 * const summary = summarizeTask(results, results.tasks[0]);
 * summary.rows[0].strategy; // the best mean rank
 * ```
 */
export function summarizeTask(results: SuiteResults, task: SuiteTask): TaskSummary {
  const regret = task.optimum !== undefined;
  const strategies = results.strategies.filter((s) => results.runs.some((r) => r.task === task.name && r.strategy === s.name));
  const runs = results.runs.filter((r) => r.task === task.name);
  const seedBest: Record<number, number> = {};
  if (!regret) {
    for (const r of runs) {
      const score = traceRun(r, task).score;
      const prev = seedBest[r.seed];
      if (Number.isFinite(score) && (prev === undefined || isBetter(score, prev, task.direction))) seedBest[r.seed] = score;
    }
  }
  const traces = runs.map((r) => traceRun(r, task, regret ? undefined : seedBest[r.seed]));
  const of = (s: string): RunTrace[] => traces.filter((t) => t.strategy === s).sort((a, b) => a.seed - b.seed);

  const useRandom = of('random').some((t) => Number.isFinite(t.final));
  const pool = useRandom ? of('random') : traces;
  const seeds = [...new Set(traces.map((t) => t.seed))].sort((a, b) => a - b);
  const targets: Record<number, number> = {};
  let target: number;
  if (regret) {
    const t = median(pool.map((x) => x.final));
    for (const seed of seeds) targets[seed] = t;
    target = (task.optimum as number) + (task.direction === 'minimize' ? t : -t);
  } else {
    for (const seed of seeds) targets[seed] = median(pool.filter((x) => x.seed === seed).map((x) => x.final));
    target = median(pool.map((x) => x.score));
  }
  const source = useRandom ? 'random search' : 'all runs';
  const targetSource = regret ? `the median final value of ${source}` : `the final score of ${source} on the same seed; median shown`;

  const finals: Record<string, number[]> = {};
  for (const s of strategies) {
    const bySeed = new Map(of(s.name).map((t) => [t.seed, t.final]));
    finals[s.name] = seeds.map((seed) => bySeed.get(seed) ?? NaN);
  }
  const comparison = compareStrategies(finals, 'minimize');

  const costGrid = Array.from({ length: Math.max(1, Math.ceil(Math.max(task.budget, ...traces.map((t) => t.costs[t.costs.length - 1] ?? 0)))) }, (_, i) => i + 1);
  const tMin = Math.min(...traces.map((t) => t.times[0] ?? Infinity).filter((v) => v > 0));
  const tMax = Math.max(0, ...traces.map((t) => t.times[t.times.length - 1] ?? 0));
  const grid = Number.isFinite(tMin) && tMax > tMin ? timeGrid(tMin, tMax, 80) : [tMax];
  const byCost: Record<string, BandPoint[]> = {};
  const byTime: Record<string, BandPoint[]> = {};
  for (const s of strategies) {
    const mine = of(s.name);
    const costRuns: TimedTrace[] = mine.map((t) => ({ times: t.costs, values: t.best }));
    const ends = mine.map((t) => t.costs[t.costs.length - 1] ?? 0);
    const maxCost = Math.max(0, ...ends);
    byCost[s.name] = bandByTime(costRuns, costGrid.filter((x) => x <= maxCost + 1e-9));
    byTime[s.name] = bandByTime(
      mine.map((t) => ({ times: t.times, values: t.best })),
      grid,
    );
  }

  const rows: SummaryRow[] = comparison.map((c) => {
    const info = strategies.find((s) => s.name === c.strategy);
    const mine = of(c.strategy);
    const costHits = mine.map((t) => reachedAt(t.costs, t.best, targets[t.seed] as number)).filter((v): v is number => v !== undefined);
    const timeHits = mine.map((t) => reachedAt(t.times, t.best, targets[t.seed] as number)).filter((v): v is number => v !== undefined);
    return {
      ...c,
      label: info?.label ?? c.strategy,
      peer: info?.peer ?? false,
      runs: mine.length,
      final: quartiles(mine.map((t) => t.final)),
      score: quartiles(mine.map((t) => t.score)),
      costToTarget: costHits.length === 0 ? undefined : median(costHits),
      secondsToTarget: timeHits.length === 0 ? undefined : median(timeHits),
      reached: costHits.length,
      overheadMs: 1000 * median(mine.map((t) => t.overheadPerProposal)),
      runSeconds: median(mine.map((t) => t.seconds)),
    };
  });
  return {
    task,
    regret,
    valueName: regret ? `simple regret of ${task.metric}` : `gap to the seed's best ${task.metric}`,
    floor: regret ? 1e-8 : 1e-5,
    seedBest,
    target,
    targets,
    targetSource,
    rows,
    traces,
    byCost,
    byTime,
  };
}

/**
 * The value of a run's best-so-far trace at a cost (for tests and tables).
 * @example
 * ```ts
 * traceValueAt(trace, 10); // the best after 10 full-evaluation equivalents
 * ```
 */
export function traceValueAt(trace: RunTrace, cost: number): number {
  return stepValueAt(trace.costs, trace.best, cost + 1e-9);
}

/** Mean rank of each strategy over the tasks it ran on. */
export interface OverallRank {
  readonly strategy: string;
  readonly label: string;
  readonly peer: boolean;
  readonly meanRank: number;
  readonly tasks: number;
  /** Tasks where it had the best mean rank. */
  readonly wins: number;
}

/**
 * Averages each strategy's per-task mean rank over the tasks it ran on. Ranks
 * on different tasks compare different numbers of strategies, so this is a
 * summary, not a test.
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { parseSuiteResults } from 'tunekit/report';
 *
 * const results = parseSuiteResults(readFileSync('results.json', 'utf8'));
 * overallRanks(results.tasks.map((t) => summarizeTask(results, t)));
 * ```
 */
export function overallRanks(summaries: readonly TaskSummary[]): OverallRank[] {
  const acc = new Map<string, { label: string; peer: boolean; sum: number; n: number; wins: number }>();
  for (const s of summaries) {
    for (const r of s.rows) {
      if (!Number.isFinite(r.meanRank)) continue;
      const a = acc.get(r.strategy) ?? { label: r.label, peer: r.peer, sum: 0, n: 0, wins: 0 };
      a.sum += r.meanRank;
      a.n += 1;
      if (r.reference) a.wins += 1;
      acc.set(r.strategy, a);
    }
  }
  return [...acc.entries()]
    .map(([strategy, a]) => ({ strategy, label: a.label, peer: a.peer, meanRank: a.sum / a.n, tasks: a.n, wins: a.wins }))
    .sort((a, b) => a.meanRank - b.meanRank);
}
