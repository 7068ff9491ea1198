/**
 * Replays the seeded scikit-learn splits of spec/fixtures/splits/seeded.py
 * (seeded.json while developing, seeded_heldout.json as the held-out check).
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Label } from '../../../lib/core/data.js';
import { RandomState } from '../../../lib/core/random-state.js';
import type { SplitPair, Splitter } from '../../../lib/model-selection/split/base.js';
import {
  GroupShuffleSplit,
  KFold,
  RepeatedKFold,
  RepeatedStratifiedKFold,
  ShuffleSplit,
  StratifiedGroupKFold,
  StratifiedKFold,
  StratifiedShuffleSplit,
  trainTestSplit,
} from '../../../lib/model-selection/split/index.js';
import { toLists } from '../../contracts/splitter.contract.js';
import type { SplitLists } from './fixtures.js';

/** One seeded case: a splitter, its options, the data and scikit-learn's splits. */
export interface SeededCase {
  splitter: string;
  options: Record<string, number | boolean>;
  n: number;
  y: Label[] | null;
  groups: Label[] | null;
  seed: number;
  shared: boolean;
  splits: SplitLists[];
}

export function loadSeededCases(file: string): SeededCase[] {
  const url = new URL(`../../fixtures/splits/${file}`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { cases: SeededCase[] }).cases;
}

const SPLITTERS: Record<string, new (options: never) => Splitter> = {
  KFold,
  StratifiedKFold,
  StratifiedGroupKFold,
  ShuffleSplit,
  GroupShuffleSplit,
  StratifiedShuffleSplit,
  RepeatedKFold,
  RepeatedStratifiedKFold,
};

/** A short name for a case, for test titles. */
export function caseTitle(c: SeededCase): string {
  const shape = `n=${c.n}${c.y ? `, ${new Set(c.y).size} classes` : ''}${c.groups ? `, ${new Set(c.groups).size} groups` : ''}`;
  return `${c.splitter}(${JSON.stringify(c.options)}) ${shape}, seed ${c.seed}${c.shared ? ' (one RandomState, two calls)' : ''}`;
}

/** Runs the case with tunekit and checks every split against scikit-learn's. */
export function expectSeededCase(c: SeededCase): void {
  const randomState = c.shared ? new RandomState(c.seed) : c.seed;
  const calls = c.shared ? 2 : 1;
  const X = { length: c.n };
  const y = c.y ?? undefined;
  const ours: SplitLists[] = [];
  for (let call = 0; call < calls; call++) {
    if (c.splitter === 'trainTestSplit') {
      const rows = Array.from({ length: c.n }, (_, i) => [i]);
      const { XTrain, XTest } = trainTestSplit(rows, undefined, { ...c.options, randomState, stratify: y });
      ours.push({ train: XTrain.map((r) => r[0]!), test: XTest.map((r) => r[0]!) });
    } else {
      const Splitter = SPLITTERS[c.splitter]!;
      const cv = new Splitter({ ...c.options, randomState } as never);
      ours.push(...toLists(cv.split(X, y, c.groups ?? undefined) as Iterable<SplitPair>));
    }
  }
  expect(ours).toEqual(c.splits);
}
