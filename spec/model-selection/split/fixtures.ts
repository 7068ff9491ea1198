/**
 * The scikit-learn reference splits written by spec/fixtures/splits/generate.py,
 * typed for the split specs.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Label } from '../../../lib/core/data.js';

/** One split as scikit-learn gave it. */
export interface SplitLists {
  train: number[];
  test: number[];
}

/** Per-class counts of one split's train and test sets (sorted-label order). */
export interface ClassCounts {
  train: number[];
  test: number[];
}

export interface DeterministicFixture {
  meta: { sklearn: string; numpy: string };
  KFold: { n_samples: number; n_splits: number; splits: SplitLists[] }[];
  StratifiedKFold: { y: Label[]; n_splits: number; splits: SplitLists[]; warnings: string[] }[];
  GroupKFold: { groups: Label[]; n_splits: number; splits: SplitLists[] }[];
  StratifiedGroupKFold: { y: Label[]; groups: Label[]; n_splits: number; splits: SplitLists[]; warnings: string[] }[];
  TimeSeriesSplit: {
    n_samples: number;
    params: { n_splits: number; max_train_size?: number; test_size?: number; gap?: number };
    splits: SplitLists[];
  }[];
  LeaveOneOut: { n_samples: number; splits: SplitLists[] }[];
  LeavePOut: { n_samples: number; p: number; n: number; splits: SplitLists[] }[];
  LeaveOneGroupOut: { groups: Label[]; splits: SplitLists[] }[];
  LeavePGroupsOut: { groups: Label[]; n_groups: number; splits: SplitLists[] }[];
  PredefinedSplit: { test_fold: number[]; splits: SplitLists[] }[];
  argsort: { values: number[]; order: number[] }[];
}

export interface ShuffledFixture {
  meta: { sklearn: string; numpy: string; seeds: number };
  KFold: { n_samples: number; n_splits: number; test_sizes: number[] }[];
  StratifiedKFold: { y: Label[]; n_splits: number; labels: Label[]; counts: ClassCounts[] }[];
  RepeatedKFold: { n_samples: number; n_splits: number; n_repeats: number; test_sizes: number[]; n: number }[];
  RepeatedStratifiedKFold: { y: Label[]; n_splits: number; n_repeats: number; labels: Label[]; counts: ClassCounts[] }[];
  ShuffleSplit: {
    n_samples: number;
    test_size: number | null;
    train_size: number | null;
    n_train: number;
    n_test: number;
  }[];
  GroupShuffleSplit: { groups: Label[]; test_size: number | null; n_train_groups: number; n_test_groups: number }[];
  StratifiedShuffleSplit: {
    y: Label[];
    test_size: number | null;
    train_size: number | null;
    labels: Label[];
    outcomes: ClassCounts[];
    deterministic: boolean;
  }[];
  approximate_mode: { class_counts: number[]; n_draws: number; outcomes: number[][]; deterministic: boolean }[];
  train_test_split: {
    n_samples: number;
    test_size: number | null;
    train_size: number | null;
    n_train: number;
    n_test: number;
    unshuffled_train: number[];
    unshuffled_test: number[];
  }[];
  train_test_split_stratified: {
    y: Label[];
    test_size: number | null;
    labels: Label[];
    outcomes: ClassCounts[];
    deterministic: boolean;
  }[];
}

function load<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/splits/${name}`, import.meta.url), 'utf8')) as T;
}

export const deterministic = load<DeterministicFixture>('deterministic.json');
export const shuffled = load<ShuffledFixture>('shuffled.json');

/** `null` (Python's None) as `undefined`. */
export function opt(value: number | null): number | undefined {
  return value === null ? undefined : value;
}

/** How many of the rows `indices` carry each of `labels`. */
export function countClasses(y: readonly Label[], indices: ArrayLike<number>, labels: readonly Label[]): number[] {
  const counts = labels.map(() => 0);
  for (let k = 0; k < indices.length; k++) {
    const at = labels.indexOf(y[indices[k]!]!);
    counts[at]! += 1;
  }
  return counts;
}

/** Runs `fn` and asserts it throws an instance of `type` whose message is exactly `message`. */
export function expectThrows(fn: () => unknown, type: new (...args: never[]) => Error, message: string): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(type);
  expect((error as Error).message).toBe(message);
}
