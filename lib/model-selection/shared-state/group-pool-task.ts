/**
 * The pool workers' side of a sharing search (`nJobs > 1`): the module each
 * pool worker imports. It rebuilds the search context once from its payload (as
 * `fit-pool-task.ts` does), keeps one state cache of `cacheBytes` for the
 * worker's life, and runs group tasks with {@link fitAndScoreGroup}.
 */
import type { Transferable } from '../../core/transfer.js';
import { fromTransferable } from '../../core/transfer.js';
import type { ParamSet } from '../../search/space/parameter-grid.js';
import type { FitAndScoreContext } from '../fit-and-score.js';
import type { FitPoolPayload, PoolErrorReply } from '../fit-pool-task.js';
import { contextFromPayload, poolErrorReply } from '../fit-pool-task.js';
import type { GroupReply } from './group-executor.js';
import type { GroupRuntime, GroupTask } from './group-fit.js';
import { fitAndScoreGroup, groupRuntime } from './group-fit.js';
import { StateCache } from './state-cache.js';

/** What every pool worker receives once: the fit payload and the worker's cache budget. */
export interface GroupPoolPayload extends FitPoolPayload {
  /** This worker's state cache budget, in bytes. */
  readonly cacheBytes: number;
}

/** A group task as sent to a pool worker (params in transferable form). */
export interface GroupPoolTask extends Omit<GroupTask, 'members' | 'cover'> {
  readonly members: readonly { readonly candidate: number; readonly params: Transferable }[];
  readonly cover: { readonly id: string; readonly params: readonly Transferable[] } | undefined;
}

/** What a worker sends back: the group's reply, or the error that escaped. */
export type GroupPoolReply = { readonly ok: true; readonly reply: GroupReply } | PoolErrorReply;

let setup: Promise<{ context: FitAndScoreContext; runtime: GroupRuntime; worker: string }> | undefined;

async function load(): Promise<{ context: FitAndScoreContext; runtime: GroupRuntime; worker: string }> {
  const { workerPayload } = await import('../../search/executor/thread-pool-executor.js');
  const payload = await workerPayload<GroupPoolPayload>();
  const { threadId } = await import('node:worker_threads');
  return { context: await contextFromPayload(payload), runtime: groupRuntime(new StateCache(payload.cacheBytes)), worker: `${process.pid}:${threadId}` };
}

/** Runs one group task inside a worker; errors come back as data. */
export default async function runGroupTask(task: GroupPoolTask): Promise<GroupPoolReply> {
  try {
    setup ??= load();
    const { context, runtime, worker } = await setup;
    const members = await Promise.all(task.members.map(async (m) => ({ candidate: m.candidate, params: (await fromTransferable(m.params)) as ParamSet })));
    // a cover list already seen by this worker is not decoded again
    const cover =
      task.cover === undefined
        ? undefined
        : { id: task.cover.id, params: runtime.covers.has(task.cover.id) ? [] : await Promise.all(task.cover.params.map(async (p) => (await fromTransferable(p)) as ParamSet)) };
    const results = await fitAndScoreGroup(context, { ...task, members, cover }, runtime);
    return { ok: true, reply: { results, worker, stats: { ...runtime.cache.stats(), buildFailures: runtime.buildFailures } } };
  } catch (error) {
    return poolErrorReply(error);
  }
}
