/**
 * In-memory storage: the default, for one process.
 */
import { TunekitError } from '../../core/errors.js';
import type { FinishedTrial, RunningTrial, Trial, TrialOutcome } from '../trial.js';
import { freezeTrial } from '../trial.js';
import type { Storage, TrialInit } from './storage.js';

/** A change to a finished trial was attempted. */
export class UpdateFinishedTrialError extends TunekitError {
  override name = 'UpdateFinishedTrialError';
}

/**
 * Trials kept in memory, in a plain array: fast, and gone with the process.
 * @example
 * ```ts
 * const study = new Study({ sampler, storage: new MemoryStorage() });
 * ```
 */
export class MemoryStorage implements Storage {
  private readonly trials: Trial[] = [];
  private snapshot: readonly Trial[] | undefined;

  async createTrial(init: TrialInit): Promise<RunningTrial> {
    const trial: RunningTrial = {
      id: this.trials.length,
      state: 'running',
      params: init.params,
      budget: init.budget,
      meta: Object.freeze({ ...(init.meta ?? {}) }),
      intermediate: [],
      attrs: {},
      startedAt: Date.now(),
    };
    this.trials.push(trial);
    this.snapshot = undefined;
    return trial;
  }

  private running(trialId: number, action: string): RunningTrial {
    const trial = this.trials[trialId];
    if (trial === undefined) throw new TunekitError(`Cannot ${action}: no trial with id ${trialId}.`);
    if (trial.state !== 'running') {
      throw new UpdateFinishedTrialError(`Cannot ${action}: trial ${trialId} is already ${trial.state}.`);
    }
    return trial;
  }

  async reportIntermediate(trialId: number, step: number, value: number): Promise<void> {
    const trial = this.running(trialId, 'report an intermediate value');
    this.trials[trialId] = { ...trial, intermediate: [...trial.intermediate, { step, value }] };
    this.snapshot = undefined;
  }

  async setTrialAttrs(trialId: number, attrs: Readonly<Record<string, unknown>>): Promise<void> {
    const trial = this.running(trialId, 'set attributes');
    this.trials[trialId] = { ...trial, attrs: { ...trial.attrs, ...attrs } };
    this.snapshot = undefined;
  }

  async finishTrial(trialId: number, outcome: TrialOutcome): Promise<FinishedTrial> {
    const trial = this.running(trialId, `mark the trial ${outcome.state}`);
    const base = { ...trial, attrs: { ...trial.attrs, ...(outcome.attrs ?? {}) }, finishedAt: Date.now() };
    let finished: FinishedTrial;
    switch (outcome.state) {
      case 'complete':
        finished = { ...base, state: 'complete', values: [...outcome.values] };
        break;
      case 'pruned':
        finished = { ...base, state: 'pruned', lastValue: trial.intermediate[trial.intermediate.length - 1]?.value };
        break;
      case 'failed':
        finished = { ...base, state: 'failed', error: outcome.error };
        break;
    }
    this.trials[trialId] = freezeTrial(finished);
    this.snapshot = undefined;
    return finished;
  }

  async getTrials(): Promise<readonly Trial[]> {
    this.snapshot ??= Object.freeze([...this.trials]);
    return this.snapshot;
  }
}
