/**
 * The typed events a cross-validated search emits while it runs
 * (`for await (const event of search.stream(X, y))`). Progress output and
 * callbacks are built on them.
 */
import type { ParamSet } from '../search/space/parameter-grid.js';
import type { StopReason } from '../search/study.js';
import type { SplitResult } from './fit-and-score.js';

/** Every event of a search, discriminated on `type`. */
export type SearchEvent =
  | {
      readonly type: 'start';
      /** The number of candidates when known in advance (grid, random), else undefined. */
      readonly nCandidates: number | undefined;
      readonly nSplits: number;
      readonly metrics: readonly string[];
    }
  | { readonly type: 'candidate-start'; readonly candidate: number; readonly params: ParamSet; readonly budget: number | undefined }
  | { readonly type: 'split-end'; readonly candidate: number; readonly params: ParamSet; readonly result: SplitResult }
  | {
      readonly type: 'failure';
      readonly candidate: number;
      readonly split: number;
      readonly params: ParamSet;
      readonly error: string;
    }
  | {
      readonly type: 'candidate-end';
      readonly candidate: number;
      readonly params: ParamSet;
      /** Mean test score per metric. */
      readonly meanScores: Readonly<Record<string, number>>;
      /** Wall time of the candidate, in seconds. */
      readonly seconds: number;
    }
  | { readonly type: 'new-best'; readonly candidate: number; readonly params: ParamSet; readonly score: number; readonly metric: string }
  | { readonly type: 'refit'; readonly params: ParamSet; readonly seconds: number }
  | {
      readonly type: 'done';
      readonly reason: StopReason;
      readonly nCandidates: number;
      readonly bestIndex: number | undefined;
      readonly bestScore: number | undefined;
    };

/** The `type` of a search event. */
export type SearchEventType = SearchEvent['type'];
