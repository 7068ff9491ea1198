/**
 * What stops a search run besides its sampler: Ctrl-C, and the callbacks'
 * verdict after each candidate.
 */
import { AbortError } from '../core/errors.js';
import type { FinishedTrial } from '../search/trial.js';
import { decodeCvTrial } from './cv-trial.js';
import type { CandidateEndInfo, SearchCallback } from './search-options.js';

/**
 * Ctrl-C (SIGINT) during a search: the first stops the search with the
 * finished candidates kept (its `signal` aborts), a second one exits the
 * process. `dispose` stops listening.
 */
export class SigintStop {
  private readonly controller = new AbortController();
  private interrupts = 0;
  private readonly onSigint = (): void => {
    this.interrupts++;
    if (this.interrupts > 1) process.exit(130);
    process.stderr.write(`\n${this.owner}: interrupted; stopping with the finished candidates (Ctrl-C again to exit now).\n`);
    this.controller.abort(new AbortError('SIGINT'));
  };

  constructor(
    private readonly owner: string,
    enabled: boolean,
  ) {
    if (enabled) process.on('SIGINT', this.onSigint);
  }

  /** Aborted on the first Ctrl-C. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /**
   * Stops listening once the event loop has had a turn: two Ctrl-C pressed
   * while a fit blocked the thread arrive together, and the search may stop
   * between the two (its running fits abandoned at once); the second one must
   * still find this listener and exit.
   */
  dispose(): void {
    setImmediate(() => process.off('SIGINT', this.onSigint));
  }
}

/** The `callbacks` option as a list. */
export function callbackList(callbacks: SearchCallback | readonly SearchCallback[] | undefined): readonly SearchCallback[] {
  return callbacks === undefined ? [] : Array.isArray(callbacks) ? (callbacks as readonly SearchCallback[]) : [callbacks as SearchCallback];
}

/**
 * Calls every callback with a finished candidate; `'stop'` when one of them
 * returned `true` or `'stop'` (all are called either way).
 */
export async function callbackVerdict(callbacks: readonly SearchCallback[], trial: FinishedTrial): Promise<'stop' | undefined> {
  if (callbacks.length === 0) return undefined;
  const info: CandidateEndInfo = { candidate: trial.id, params: trial.params, meanScores: decodeCvTrial(trial).meanScores, trial };
  let verdict: 'stop' | undefined;
  for (const cb of callbacks) {
    const fn = typeof cb === 'function' ? cb : cb.onTrialEnd;
    const out: unknown = await fn?.(info);
    if (out === true || out === 'stop') verdict = 'stop';
  }
  return verdict;
}
