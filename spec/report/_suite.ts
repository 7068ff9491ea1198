/**
 * A small hand-made suite results file shared by the report specs (not a spec itself).
 */
import type { SuiteEvaluation, SuiteResults, SuiteRun } from '../../lib/report/suite-types.js';
import { SUITE_SCHEMA } from '../../lib/report/suite-types.js';

function run(task: string, strategy: string, seed: number, values: number[], costs?: number[]): SuiteRun {
  let t = 0;
  const evaluations: SuiteEvaluation[] = values.map((value, i) => {
    t += 0.01 * (i + 1);
    return { value, cost: costs?.[i] ?? 1, elapsed: t, overhead: 0.001 * (seed + 1), params: { x: i } };
  });
  return { task, strategy, seed, evaluations, seconds: t };
}

/** Two tasks: a function with optimum 0 (minimize) and a score (maximize); random, tpe and a multi-fidelity strategy. */
export function smallSuite(): SuiteResults {
  const runs: SuiteRun[] = [];
  for (let seed = 0; seed < 6; seed++) {
    runs.push(run('f', 'random', seed, [9 - seed * 0.1, 7, 8, 5 + seed * 0.1]));
    runs.push(run('f', 'tpe', seed, [9, 4, 2, 1 + seed * 0.01]));
    // two partial evaluations (1/3 each), then full ones
    runs.push(run('f', 'hyperband', seed, [0.5, 0.2, 6, 3 - seed * 0.1, 4], [1 / 3, 1 / 3, 1, 1, 1]));
    runs.push(run('score', 'random', seed, [0.5, 0.6, 0.65 + seed * 0.01]));
    runs.push(run('score', 'tpe', seed, [0.5, 0.7, 0.8]));
  }
  return {
    schema: SUITE_SCHEMA,
    meta: {
      preset: 'quick',
      date: '2026-11-23T00:00:00.000Z',
      seconds: 1.5,
      command: 'test',
      seeds: [0, 1, 2, 3, 4, 5],
      versions: { tunekit: '0.1.0', node: 'v20' },
      backend: 'not loaded',
      cores: 2,
      cpuModel: 'test CPU',
      loadAverage: [0, 0, 0],
      jobs: 1,
    },
    tasks: [
      { name: 'f', label: 'F', kind: 'synthetic', direction: 'minimize', metric: 'f(x)', optimum: 0, budget: 4, resource: 'fidelity', description: 'A test function.' },
      { name: 'score', label: 'Score', kind: 'ml', direction: 'maximize', metric: 'CV accuracy', budget: 3, description: 'A test score.' },
    ],
    strategies: [
      { name: 'random', label: 'random', peer: false },
      { name: 'tpe', label: 'TPE', peer: false },
      { name: 'hyperband', label: 'Hyperband', peer: false },
    ],
    skipped: [{ strategy: 'hyperband', task: 'score', reason: 'no fidelity' }],
    runs,
  };
}
