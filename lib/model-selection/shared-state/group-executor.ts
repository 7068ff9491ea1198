/**
 * The executor of a sharing search's group tasks: in this thread for `nJobs: 1`
 * (one state cache for the search), else a pool of worker threads or processes,
 * each with its own state cache of `cacheMemoryMb / nJobs` (the data goes to
 * every worker once, as for unshared fits).
 */
import { toTransferable } from '../../core/transfer.js';
import type { Executor } from '../../search/executor/executor.js';
import { SerialExecutor } from '../../search/executor/serial-executor.js';
import { resolveJobs } from '../../search/executor/thread-pool-executor.js';
import type { FitAndScoreContext, SplitResult } from '../fit-and-score.js';
import type { FitExecutorOptions } from '../fit-executor.js';
import { poolExecutor, poolPayload } from '../fit-executor.js';
import { replyError } from '../fit-pool-task.js';
import type { GroupTask } from './group-fit.js';
import { fitAndScoreGroup, groupRuntime } from './group-fit.js';
import type { GroupPoolPayload, GroupPoolReply, GroupPoolTask } from './group-pool-task.js';
import type { StateCacheStats } from './state-cache.js';
import { StateCache } from './state-cache.js';

/** What a group task gives back: its members' results and what the cache that ran it has done so far. */
export interface GroupReply {
  readonly results: readonly SplitResult[];
  /** The cache of the worker (or thread) that ran the task. */
  readonly worker: string;
  readonly stats: StateCacheStats & { readonly buildFailures: number };
}

function moduleUrl(name: string): URL {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./${name}${ext}`, import.meta.url);
}

/** The executor of group tasks, with a state cache of `cacheBytes` in all (split among the pool's workers). */
export function createGroupExecutor(context: FitAndScoreContext, options: FitExecutorOptions, cacheBytes: number): Executor<GroupTask, GroupReply> {
  const nJobs = resolveJobs(options.owner, options.nJobs);
  if (nJobs === 1 || context.returnEstimator) {
    const runtime = groupRuntime(new StateCache(cacheBytes));
    return new SerialExecutor(async (task, signal) => {
      const results = await fitAndScoreGroup(context, task, runtime, signal);
      return { results, worker: 'main', stats: { ...runtime.cache.stats(), buildFailures: runtime.buildFailures } };
    });
  }
  const payload: GroupPoolPayload = { ...poolPayload(context, options), cacheBytes: Math.floor(cacheBytes / nJobs) };
  const inner = poolExecutor<GroupPoolTask, GroupPoolReply>(moduleUrl('group-pool-task'), nJobs, payload, options);
  return {
    concurrency: inner.concurrency,
    run: async (task, signal) => {
      const reply = await inner.run(
        {
          splitId: task.splitId,
          split: task.split,
          train: task.train,
          test: task.test,
          keepState: task.keepState,
          members: task.members.map((m) => ({ candidate: m.candidate, params: toTransferable(m.params, 'params') })),
          cover: task.cover === undefined ? undefined : { id: task.cover.id, params: task.cover.params.map((p) => toTransferable(p, 'params')) },
        },
        signal,
      );
      if (reply.ok) return reply.reply;
      throw replyError(reply, (candidate) => task.members.find((m) => m.candidate === candidate)?.params);
    },
    close: () => inner.close(),
  };
}
