/**
 * The last step of a cross-validated search run: `cvResults` from the study's
 * trials (read through the CV trial codec), the warnings about failed fits and
 * non-finite scores, and the choice of the best candidate.
 */
import { FitFailedError } from '../core/errors.js';
import { formatValue } from '../core/validate.js';
import { warn } from '../core/warnings.js';
import type { StopReason } from '../search/study.js';
import type { Trial } from '../search/trial.js';
import { isUnfinished } from '../search/trial.js';
import { decodeCvTrial } from './cv-trial.js';
import type { SplitResult } from './fit-and-score.js';
import { summarizeFailures } from './fit-and-score.js';
import type { CandidateRecord, CvResults, RefitSpec } from './results.js';
import { buildCvResults } from './results.js';
import type { SearchScoring } from './search-inputs.js';

/** What the results of a search run are built from. */
export interface SearchResultsInput {
  /** The study's trials, in id order. */
  readonly trials: readonly Trial[];
  readonly metrics: readonly string[];
  readonly nSplits: number;
  readonly returnTrainScore: boolean;
  readonly errorScore: number | 'raise';
  readonly stopReason: StopReason;
  /** Extra leading columns (halving's `iter`...) and their values for a trial. */
  readonly extraColumns: readonly string[];
  readonly extraValues: (trial: Trial) => Readonly<Record<string, unknown>> | undefined;
}

/**
 * The results of a search run: one row per finished trial (trials still waiting
 * or running elsewhere are left out), with scikit-learn's columns. Failed fits
 * warn once with the first failure (every fit failed: `FitFailedError`);
 * non-finite mean scores of trials that were not pruned warn when the search
 * ran to its end.
 * @throws {FitFailedError} when every fit failed.
 */
export function searchResults(input: SearchResultsInput): { cvResults: CvResults; trials: readonly Trial[] } {
  const trials = input.trials.filter((t) => !isUnfinished(t));
  const records: CandidateRecord[] = trials.map((t) => ({ params: t.params, splits: decodeCvTrial(t).splits, extra: input.extraValues(t) }));
  const allSplits = records.flatMap((r) => r.splits.filter((s): s is SplitResult => s !== undefined));
  const byId = new Map(input.trials.map((t) => [t.id, t]));
  const failures = summarizeFailures(allSplits, input.errorScore, (c) => byId.get(c)?.params ?? {});
  if (failures.allFailed) throw new FitFailedError(failures.message);
  if (failures.message !== undefined) warn(failures.message, 'FitFailedWarning');

  const cvResults = buildCvResults(records, { metrics: input.metrics, nSplits: input.nSplits, returnTrainScore: input.returnTrainScore, extraColumns: input.extraColumns });
  for (const m of input.metrics) {
    const means = cvResults[`mean_test_${m}`] as number[];
    // a pruned candidate's NaN mean is expected, not a warning
    if (means.some((v, i) => !Number.isFinite(v) && trials[i]?.state !== 'pruned') && input.stopReason === 'exhausted') {
      warn(`One or more of the test scores are non-finite: ${formatValue(means)}`, 'UserWarning');
      break;
    }
  }
  return { cvResults, trials };
}

/** The best candidate of a search run. */
export interface BestCandidate {
  readonly bestIndex: number | undefined;
  /** Its mean test score of the refit metric (undefined for a refit function). */
  readonly bestScore: number | undefined;
}

/**
 * The best candidate: chosen by `select` (the search's rule, rank 1 of the
 * refit metric by default) unless the search refits nothing with several
 * metrics; warns when no candidate has a finite score.
 */
export function chooseBest(
  owner: string,
  cvResults: CvResults,
  scoring: SearchScoring,
  select: (cvResults: CvResults, refit: RefitSpec, refitMetric: string) => number | undefined,
): BestCandidate {
  const { refit, refitMetric, multimetric } = scoring;
  if (refit === false && multimetric) return { bestIndex: undefined, bestScore: undefined };
  const bestIndex = select(cvResults, refit, refitMetric ?? 'score');
  if (bestIndex === undefined) warn(`${owner}: no candidate has a finite mean test score; no best candidate was chosen.`, 'UserWarning');
  const bestScore = bestIndex !== undefined && typeof refit !== 'function' && refitMetric !== undefined ? (cvResults[`mean_test_${refitMetric}`] as number[])[bestIndex] : undefined;
  return { bestIndex, bestScore };
}
