/**
 * The conformance suite every splitter passes.
 *
 * Call {@link checkSplitter} at the top level of a spec file with a factory that
 * returns a fresh splitter (seeded, when it shuffles) and the data to split. It
 * registers a `describe` block of checks:
 *
 * - every split is a pair of `Int32Array`s, with indices in range, no duplicates,
 *   and train and test disjoint and non-empty;
 * - the test sets cover the samples as the splitter promises (`coverage`), and the
 *   train set is the complement of the test set when it should be;
 * - groups never straddle train and test (group splitters);
 * - `getNSplits` equals the number of splits yielded;
 * - `split` is repeatable: twice on one instance, and on two instances from the
 *   factory, it yields the same splits;
 * - X given as rows, as a `DenseMatrix`, or as `{ length }` / `{ rows }` gives the
 *   same splits, and X, y and groups are left unchanged.
 */
import { describe, expect, it } from 'vitest';
import type { TargetLike, Vector } from '../../lib/core/data.js';
import { DenseMatrix } from '../../lib/core/data.js';
import type { SampleSource, SplitPair, Splitter } from '../../lib/model-selection/split/base.js';

/** What the suite needs to know about the splitter under test. */
export interface SplitterContractOptions {
  /** The number of samples to split. */
  readonly nSamples: number;
  /** Targets to pass to `split` (stratified splitters need them). */
  readonly y?: TargetLike;
  /** Groups to pass to `split` (group splitters need them). */
  readonly groups?: Vector;
  /**
   * How the test sets cover the samples: `'partition'`, every sample in exactly one
   * test set (k-fold); `'disjoint'`, in at most one (TimeSeriesSplit,
   * PredefinedSplit with -1); `'any'`, test sets may overlap (ShuffleSplit, LeavePOut,
   * repeated k-fold).
   */
  readonly coverage: 'partition' | 'disjoint' | 'any';
  /** The train set is every sample not in the test set. */
  readonly trainIsComplement: boolean;
  /** A group is never on both sides of a split (only meaningful with `groups`). */
  readonly groupsIntact?: boolean;
}

/** The splits as plain arrays, for comparisons. */
export function toLists(splits: Iterable<SplitPair>): { train: number[]; test: number[] }[] {
  return Array.from(splits, ([train, test]) => ({ train: Array.from(train), test: Array.from(test) }));
}

function rowsOf(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => [i, i * 0.5 - 1]);
}

function deepCopy<T>(value: T): T {
  if (value === undefined) return value;
  if (ArrayBuffer.isView(value)) return (value as unknown as Float64Array).slice() as unknown as T;
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Registers the conformance checks for the splitter built by `factory`. */
export function checkSplitter(name: string, factory: () => Splitter, options: SplitterContractOptions): void {
  const n = options.nSamples;
  const { y, groups } = options;
  const X = rowsOf(n);
  const run = (splitter: Splitter, source: SampleSource = X): SplitPair[] => Array.from(splitter.split(source, y, groups));

  describe(`${name} conformance`, () => {
    it('yields pairs of Int32Arrays', () => {
      const splits = run(factory());
      expect(splits.length).toBeGreaterThan(0);
      for (const pair of splits) {
        expect(pair).toHaveLength(2);
        expect(pair[0]).toBeInstanceOf(Int32Array);
        expect(pair[1]).toBeInstanceOf(Int32Array);
      }
    });

    it('keeps train and test disjoint, non-empty, in range and free of duplicates', () => {
      for (const [train, test] of run(factory())) {
        expect(train.length).toBeGreaterThan(0);
        expect(test.length).toBeGreaterThan(0);
        const seen = new Set<number>();
        for (const i of [...train, ...test]) {
          expect(i).toBeGreaterThanOrEqual(0);
          expect(i).toBeLessThan(n);
          expect(seen.has(i)).toBe(false);
          seen.add(i);
        }
      }
    });

    it(`covers the samples with its test sets (${options.coverage})`, () => {
      const times = new Array<number>(n).fill(0);
      for (const [, test] of run(factory())) for (const i of test) times[i]! += 1;
      if (options.coverage === 'partition') expect(times.every((t) => t === 1)).toBe(true);
      if (options.coverage === 'disjoint') expect(times.every((t) => t <= 1)).toBe(true);
    });

    it(options.trainIsComplement ? 'trains on every sample it does not test' : 'trains on a subset of the rest', () => {
      for (const [train, test] of run(factory())) {
        if (options.trainIsComplement) expect(train.length + test.length).toBe(n);
        else expect(train.length + test.length).toBeLessThanOrEqual(n);
      }
    });

    if (groups !== undefined && options.groupsIntact) {
      it('never puts a group on both sides of a split', () => {
        for (const [train, test] of run(factory())) {
          const trainGroups = new Set(Array.from(train, (i) => groups[i]));
          for (const i of test) expect(trainGroups.has(groups[i]!)).toBe(false);
        }
      });
    }

    it('reports as many splits as it yields', () => {
      const splitter = factory();
      expect(splitter.getNSplits(X, y, groups)).toBe(run(splitter).length);
    });

    it('yields the same splits on every call and from every instance', () => {
      const splitter = factory();
      const first = toLists(run(splitter));
      expect(toLists(run(splitter))).toEqual(first);
      expect(toLists(run(factory()))).toEqual(first);
    });

    it('needs only the sample count of X', () => {
      const expected = toLists(run(factory()));
      expect(toLists(run(factory(), DenseMatrix.fromRows(X)))).toEqual(expected);
      expect(toLists(run(factory(), { length: n }))).toEqual(expected);
      expect(toLists(run(factory(), { rows: n }))).toEqual(expected);
      expect(toLists(run(factory(), X.map((row) => Float64Array.from(row))))).toEqual(expected);
    });

    it('does not mutate X, y or groups', () => {
      const before = { X: deepCopy(X), y: deepCopy(y), groups: deepCopy(groups) };
      run(factory());
      expect(X).toEqual(before.X);
      expect(y).toEqual(before.y);
      expect(groups).toEqual(before.groups);
    });
  });
}
