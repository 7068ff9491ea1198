/**
 * The search's side of shared work: which (candidate, split) fits run together,
 * and where their results wait until their candidates ask for them.
 *
 * With a fixed list of candidates (a grid, a random draw) at full budget and no
 * pruner, the first candidate to need a split runs the whole group of that
 * split: every candidate of the list with the same state key, in one task (on
 * one pool worker), in warm-start order. The other candidates of the group find
 * their results waiting when the study reaches them. The groups, their order
 * and their warm starts depend only on the list, so results are the same
 * whatever `nJobs` is and whichever process runs a trial (a resumed search
 * recomputes a chain in full rather than start it from a recorded split).
 *
 * Otherwise (candidates proposed one by one, budgets, a pruner) each fit runs
 * on its own as the study asks for it, and shares the split's rows and the
 * states kept in its worker's cache; no warm start, so results do not depend on
 * the order either.
 */
import { raceAbort } from '../../core/checkpoint.js';
import { classStateKey, sharedWorkOf, stateKey } from '../../core/shared-state.js';
import type { Executor } from '../../search/executor/executor.js';
import type { ParamSet } from '../../search/space/parameter-grid.js';
import type { FitAndScoreContext, FitAndScoreTask, SplitResult } from '../fit-and-score.js';
import type { FitExecutorOptions } from '../fit-executor.js';
import { splitThatEnded } from '../fit-executor.js';
import type { GroupReply } from './group-executor.js';
import { createGroupExecutor } from './group-executor.js';
import type { GroupMember, GroupTask } from './group-fit.js';
import { configure } from './group-fit.js';

/** The default `cacheMemoryMb`: a quarter of the 4 GB a search may take on a machine shared by several jobs. */
export const DEFAULT_CACHE_MEMORY_MB = 1024;

/** What a search's shared work did: its memory and its reuse. */
export interface SharedWorkSummary {
  /** The state cache budget (`cacheMemoryMb`), in MB, across all workers. */
  readonly budgetMb: number;
  /** The most memory the state caches held at once, in MB (summed over pool workers: an upper bound). */
  readonly peakMb: number;
  /** States and split rows built. */
  readonly statesBuilt: number;
  /** Requests served by a state or split rows already built. */
  readonly stateHits: number;
  /** Entries dropped to stay within the budget. */
  readonly evictions: number;
  /** Group tasks run (each fits one or more candidates on one split). */
  readonly groupTasks: number;
  /** (candidate, split) fits that ran in a group of more than one. */
  readonly groupedFits: number;
  /** States whose build failed (their candidates fitted on their own). */
  readonly buildFailures: number;
}

/** What a {@link SharedWorkRunner} is built from. */
export interface SharedWorkSetup {
  readonly owner: string;
  readonly context: FitAndScoreContext;
  readonly execution: Omit<FitExecutorOptions, 'owner'>;
  /** The state cache budget in MB. */
  readonly cacheMemoryMb: number;
  /** The sampler's fixed candidates, when it has them. */
  readonly candidates: readonly ParamSet[] | undefined;
  /** Run whole groups ahead (false with a pruner: a pruned candidate's splits are never fitted). */
  readonly groupAhead: boolean;
  readonly metrics: readonly string[];
}

/** The candidates of the list that share one state. */
interface StateGroup {
  /** The state's key (class and shared work key). */
  readonly key: string;
  /** Distinct candidates (by params), with their list index and how many list entries they stand for. */
  readonly members: { readonly id: string; readonly index: number; readonly params: ParamSet; count: number }[];
}

/** Runs a sharing search's fits (see the file comment). */
export class SharedWorkRunner {
  private readonly executor: Executor<GroupTask, GroupReply>;
  private groups: Map<string, StateGroup> | undefined;
  private readonly waiting = new Map<string, { result: SplitResult; remaining: number }>();
  private readonly running = new Map<string, Promise<void>>();
  /** Candidates waiting for a member's result, by `splitId|member id`: woken when it is filed. */
  private readonly listeners = new Map<string, (() => void)[]>();
  private readonly workers = new Map<string, GroupReply['stats']>();
  private groupTasks = 0;
  private groupedFits = 0;

  constructor(private readonly setup: SharedWorkSetup) {
    this.executor = createGroupExecutor(setup.context, { owner: setup.owner, ...setup.execution }, setup.cacheMemoryMb * 2 ** 20);
  }

  /** How many tasks run at once. */
  get concurrency(): number {
    return this.executor.concurrency;
  }

  /**
   * One (candidate, split) fit: from its group's results (running the group
   * when it is the first to ask), or on its own.
   *
   * @param splitId - names the split's rows (its budget and index).
   * @param budget - the trial's budget: groups run ahead only at full budget.
   */
  async run(task: FitAndScoreTask, splitId: string, budget: number | undefined, signal: AbortSignal): Promise<SplitResult> {
    const id = stateKey(task.params);
    const group = id === undefined ? undefined : this.groupsOf().get(id);
    if (id === undefined || group === undefined || !this.setup.groupAhead || budget !== undefined || task.report !== undefined) {
      return this.alone(task, splitId, group, signal);
    }
    const ready = this.take(`${splitId}|${id}`, task.candidate);
    if (ready !== undefined) return ready;
    const runKey = `${splitId}|${group.key}`;
    let pending = this.running.get(runKey);
    if (pending === undefined) {
      pending = this.runGroup(task, splitId, group, signal).finally(() => this.running.delete(runKey));
      pending.catch(() => undefined); // awaited below; a candidate that stopped waiting must not leave it unhandled
      this.running.set(runKey, pending);
    }
    const key = `${splitId}|${id}`;
    // the member's own result, as soon as it is filed (in this thread, before the group ends), or the group's end
    const filed = new Promise<void>((resolve) => this.listeners.set(key, [...(this.listeners.get(key) ?? []), resolve]));
    try {
      await raceAbort(Promise.race([pending, filed]), signal);
    } catch (error) {
      return this.take(key, task.candidate) ?? this.unfinished(error, task, signal);
    }
    return this.take(key, task.candidate) ?? this.alone(task, splitId, group, signal);
  }

  /** What the search's shared work did so far. */
  summary(): SharedWorkSummary {
    const stats = [...this.workers.values()];
    const sum = (f: (s: GroupReply['stats']) => number): number => stats.reduce((t, s) => t + f(s), 0);
    return {
      budgetMb: this.setup.cacheMemoryMb,
      peakMb: sum((s) => s.peakBytes) / 2 ** 20,
      statesBuilt: sum((s) => s.builds),
      stateHits: sum((s) => s.hits),
      evictions: sum((s) => s.evictions),
      groupTasks: this.groupTasks,
      groupedFits: this.groupedFits,
      buildFailures: sum((s) => s.buildFailures),
    };
  }

  async close(): Promise<void> {
    await this.executor.close();
  }

  /** The list's candidates grouped by state (made once): by the id of their params. */
  private groupsOf(): Map<string, StateGroup> {
    if (this.groups !== undefined) return this.groups;
    const byKey = new Map<string, StateGroup>();
    const byId = new Map<string, StateGroup>();
    (this.setup.candidates ?? []).forEach((params, index) => {
      const id = stateKey(params);
      if (id === undefined) return;
      const known = byId.get(id);
      if (known !== undefined) {
        (known.members.find((m) => m.id === id) as { count: number }).count++;
        return;
      }
      let estimator;
      try {
        estimator = configure(this.setup.context.estimator, params);
      } catch {
        return;
      }
      const work = sharedWorkOf(estimator);
      if (work === undefined) return;
      const key = classStateKey(estimator, work);
      let group = byKey.get(key);
      if (group === undefined) byKey.set(key, (group = { key, members: [] }));
      group.members.push({ id, index, params, count: 1 });
      byId.set(id, group);
    });
    return (this.groups = byId);
  }

  /** Runs a whole group on one split and files its results. */
  private async runGroup(task: FitAndScoreTask, splitId: string, group: StateGroup, signal: AbortSignal): Promise<void> {
    const members: GroupMember[] = group.members.map((m) => ({ candidate: m.index, params: m.params }));
    const filed = new Set<number>();
    const file = (i: number, result: SplitResult): void => {
      if (filed.has(i)) return;
      filed.add(i);
      const key = `${splitId}|${group.members[i]!.id}`;
      this.waiting.set(key, { result, remaining: group.members[i]!.count });
      for (const wake of this.listeners.get(key) ?? []) wake();
      this.listeners.delete(key);
    };
    try {
      const reply = await this.executor.run({ splitId, split: task.split, train: task.train, test: task.test, members, keepState: false, onResult: file }, signal);
      this.record(reply, members.length);
      reply.results.forEach((result, i) => file(i, result));
    } finally {
      // whoever still waits on a member of this group has the group's end to go by
      for (const member of group.members) this.listeners.delete(`${splitId}|${member.id}`);
    }
  }

  /** One fit on its own, sharing the split's rows and the cached states (built to serve its whole group when it has one). */
  private async alone(task: FitAndScoreTask, splitId: string, group: StateGroup | undefined, signal: AbortSignal): Promise<SplitResult> {
    const cover = group === undefined || group.members.length < 2 ? undefined : { id: group.key, params: group.members.map((m) => m.params) };
    const member: GroupMember = { candidate: task.candidate, params: task.params, report: task.report };
    try {
      const reply = await raceAbort(this.executor.run({ splitId, split: task.split, train: task.train, test: task.test, members: [member], cover, keepState: true }, signal), signal);
      this.record(reply, 1);
      return reply.results[0] as SplitResult;
    } catch (error) {
      return this.unfinished(error, task, signal);
    }
  }

  private record(reply: GroupReply, size: number): void {
    this.workers.set(reply.worker, reply.stats);
    this.groupTasks++;
    if (size > 1) this.groupedFits += size;
  }

  /** A waiting result (for the candidate asking), counted off. */
  private take(key: string, candidate: number): SplitResult | undefined {
    const entry = this.waiting.get(key);
    if (entry === undefined) return undefined;
    if (--entry.remaining <= 0) this.waiting.delete(key);
    return { ...entry.result, candidate };
  }

  /** A fit that ended without a result: stopped (`timeout`), or its worker died (`failed`); other errors escape. */
  private unfinished(error: unknown, task: FitAndScoreTask, signal: AbortSignal): SplitResult {
    const { metrics, context } = this.setup;
    return splitThatEnded(error, task, metrics, context.returnTrainScore, context.errorScore, signal);
  }
}
