/**
 * The storage contract: where a study's trials live.
 *
 * Trials are created running, may receive intermediate values and attributes,
 * and are finished exactly once; a finished trial is never modified. Every method
 * is async so that file and database storages fit behind the same interface.
 */
import type { FinishedTrial, RunningTrial, Trial, TrialOutcome } from '../trial.js';
import type { ParamSet } from '../space/parameter-grid.js';

/** What is known of a trial when it starts. */
export interface TrialInit {
  readonly params: ParamSet;
  readonly budget?: number | undefined;
  readonly meta?: Readonly<Record<string, unknown>> | undefined;
}

/** Keeps the trials of one study. */
export interface Storage {
  /** Creates a running trial with the next id. */
  createTrial(init: TrialInit): Promise<RunningTrial>;
  /** Records an intermediate value of a running trial. */
  reportIntermediate(trialId: number, step: number, value: number): Promise<void>;
  /** Merges attributes into a running trial. */
  setTrialAttrs(trialId: number, attrs: Readonly<Record<string, unknown>>): Promise<void>;
  /** Finishes a running trial; throws if it is already finished. */
  finishTrial(trialId: number, outcome: TrialOutcome): Promise<FinishedTrial>;
  /** Every trial, in id order (a snapshot). */
  getTrials(): Promise<readonly Trial[]>;
}
