/**
 * A tuner without TensorFlow.js, for fast specs of the project directory and
 * the failure policy (not a spec itself): `build(hp)` defines the space and
 * returns the trial's parameters, `evaluate` scores them (and may throw).
 */
import type { TrialContext } from '../../lib/search/study.js';
import type { BaseTunerOptions, RunOptions, TrialResult } from '../../lib/tuner/base-tuner.js';
import { BaseTuner } from '../../lib/tuner/base-tuner.js';
import { toHyperModel } from '../../lib/tuner/hypermodel.js';
import type { HyperParameters } from '../../lib/tuner/hyperparameters.js';
import type { Oracle, OracleOptions } from '../../lib/tuner/oracle.js';
import { RandomSearchOracle } from '../../lib/tuner/random-search.js';

export type Values = Readonly<Record<string, unknown>>;

export interface FunctionTunerOptions extends OracleOptions, BaseTunerOptions {
  readonly oracle?: Oracle;
  readonly name?: string;
}

export class FunctionTuner extends BaseTuner<Values> {
  calls = 0;

  constructor(
    build: (hp: HyperParameters) => Values,
    private readonly scoreFn: (values: Values, hp: HyperParameters, ctx: TrialContext) => number | Promise<number>,
    options: FunctionTunerOptions = {},
  ) {
    const name = options.name ?? 'FunctionTuner';
    const { oracle, name: _n, objective, maxTrials, seed, hyperparameters, allowNewEntries, ...rest } = options;
    super(name, oracle ?? new RandomSearchOracle({ objective: objective ?? { name: 'value', direction: 'min' }, maxTrials, seed, hyperparameters, allowNewEntries }, name), toHyperModel<Values>(name, build), { verbose: 0, ...rest });
  }

  protected async runTrial(hp: HyperParameters, ctx: TrialContext): Promise<TrialResult> {
    this.calls++;
    const values = await this.hypermodel.build(hp);
    const value = await this.scoreFn(values, hp, ctx);
    return { score: value, metrics: { value } };
  }

  protected async discoverBuild(hp: HyperParameters): Promise<void> {
    await this.hypermodel.build(hp);
  }

  search(options: RunOptions = {}): Promise<void> {
    return this.runSearch(options);
  }
}

/** x in [-5, 5] and a conditional branch. */
export function quadratic(hp: HyperParameters): Values {
  const x = hp.float('x', { min: -5, max: 5 });
  const kind = hp.choice('kind', ['plain', 'shifted']);
  const shift = hp.conditionalScope('kind', ['shifted'], () => hp.float('shift', { min: 0, max: 2 })) ?? 0;
  return { x, kind, shift };
}

export const score = (v: Values): number => ((v.x as number) - 1) ** 2 + (v.shift as number);
