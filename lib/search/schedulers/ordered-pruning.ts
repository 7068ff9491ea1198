/**
 * Pruning decisions that do not depend on timing. When several trials run at
 * once, which other trials have reached a step when a trial asks its pruner
 * depends on the scheduling, so the same search could prune differently with
 * one worker or four. {@link OrderedPruning} makes the decision of trial `i` at
 * step `k` wait until every earlier trial (lower id, same budget) has reported
 * step `k` or finished, and shows the pruner exactly those earlier trials, cut
 * at step `k`: the decision is then the one a serial run makes.
 */
import type { Pruner } from '../study.js';
import type { CompleteTrial, Direction, IntermediateValue, RunningTrial, Trial } from '../trial.js';

/** How a trial's objective estimate at step k is formed from its values up to k. */
export type StepAggregate = 'last' | 'mean';

/** Options of {@link OrderedPruning}. */
export interface OrderedPruningOptions {
  readonly pruner: Pruner;
  readonly direction: Direction;
  /**
   * The value an earlier trial shows at step k: its value at k (`last`: running
   * means, learning curves) or the mean of its values up to k (`mean`:
   * per-instance values such as one score per split).
   * @default 'last'
   */
  readonly aggregate?: StepAggregate | undefined;
}

interface Entry {
  readonly trial: RunningTrial;
  values: IntermediateValue[];
  final: Trial | undefined;
}

/**
 * Coordinates pruning decisions across concurrently running trials of one study
 * so that they equal a serial run's.
 *
 * @example
 * ```ts
 * const ordered = new OrderedPruning({ pruner: new MedianPruner(), direction: 'maximize' });
 * ordered.begin(trial);
 * if (await ordered.report(trial.id, step, value)) {
 *   ordered.end(trial.id, 'pruned');
 *   throw new TrialPruned();
 * }
 * ordered.end(trial.id, 'complete');
 * ```
 */
export class OrderedPruning {
  private readonly pruner: Pruner;
  private readonly direction: Direction;
  private readonly aggregate: StepAggregate;
  private readonly entries = new Map<number, Entry>();
  private waiters: (() => void)[] = [];

  constructor(options: OrderedPruningOptions) {
    this.pruner = options.pruner;
    this.direction = options.direction;
    this.aggregate = options.aggregate ?? 'last';
  }

  /** Registers a trial when its objective starts. */
  begin(trial: RunningTrial): void {
    this.entries.set(trial.id, { trial, values: [], final: undefined });
    this.notify();
  }

  /** Marks a trial as finished; later decisions no longer wait for it. */
  end(trialId: number, state: 'complete' | 'pruned' | 'failed'): void {
    const e = this.entries.get(trialId);
    if (e === undefined) return;
    const base = { ...e.trial, intermediate: e.values, finishedAt: Date.now() };
    const last = e.values[e.values.length - 1]?.value;
    e.final =
      state === 'complete'
        ? { ...base, state, values: [e.values.length === 0 ? NaN : this.estimate(e.values)] }
        : state === 'pruned'
          ? { ...base, state, lastValue: last }
          : { ...base, state, error: 'failed' };
    this.notify();
  }

  /** Records a trial's value at a step without asking the pruner (a last step, say). */
  record(trialId: number, step: number, value: number): void {
    const e = this.entries.get(trialId);
    if (e === undefined) return;
    e.values = [...e.values, { step, value }];
    this.notify();
  }

  /**
   * Records a trial's value at a step, waits until every earlier trial of the
   * same budget has reported that step or finished, and returns the pruner's
   * decision.
   */
  async report(trialId: number, step: number, value: number): Promise<boolean> {
    this.record(trialId, step, value);
    const e = this.entries.get(trialId);
    if (e === undefined) return false;
    await this.until(() => this.earlier(e.trial).every((x) => x !== undefined && (x.final !== undefined || x.values.some((v) => v.step >= step))));
    const view: Trial[] = [];
    for (const x of this.earlier(e.trial) as Entry[]) {
      if (x.trial.budget !== e.trial.budget) continue;
      view.push(this.cut(x, step));
    }
    const current: RunningTrial = { ...e.trial, intermediate: e.values };
    return this.pruner.shouldPrune(current, view, { direction: this.direction });
  }

  /** The entries of trials with a lower id (undefined where a trial has not begun yet). */
  private earlier(trial: RunningTrial): (Entry | undefined)[] {
    return Array.from({ length: trial.id }, (_, j) => this.entries.get(j));
  }

  /** An earlier trial as seen at `step`: complete with its values up to the step, or its final record if it stopped before. */
  private cut(x: Entry, step: number): Trial {
    const upTo = x.values.filter((v) => v.step <= step);
    if (!x.values.some((v) => v.step >= step)) return x.final as Trial;
    const seen: CompleteTrial = { ...x.trial, intermediate: upTo, state: 'complete', values: [this.estimate(upTo)], finishedAt: x.trial.startedAt };
    return seen;
  }

  private estimate(values: readonly IntermediateValue[]): number {
    if (this.aggregate === 'mean') return values.reduce((s, v) => s + v.value, 0) / values.length;
    return (values[values.length - 1] as IntermediateValue).value;
  }

  private until(condition: () => boolean): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const check = (): void => {
        if (condition()) resolve();
        else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  private notify(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }
}
