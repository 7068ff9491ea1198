/**
 * Every splitter against the shared splitter contract (spec/contracts/splitter.contract.ts).
 */
import {
  FixedSplits,
  GroupKFold,
  GroupShuffleSplit,
  KFold,
  LeaveOneGroupOut,
  LeaveOneOut,
  LeavePGroupsOut,
  LeavePOut,
  PredefinedSplit,
  RepeatedKFold,
  RepeatedStratifiedKFold,
  ShuffleSplit,
  StratifiedGroupKFold,
  StratifiedKFold,
  StratifiedShuffleSplit,
  TimeSeriesSplit,
} from '../../../lib/model-selection/split/index.js';
import { checkSplitter } from '../../contracts/splitter.contract.js';

const n = 24;
const y = Array.from({ length: n }, (_, i) => ['a', 'b', 'c'][i % 3]!);
const groups = Array.from({ length: n }, (_, i) => Math.floor((i * 7) % n / 3));

checkSplitter('KFold', () => new KFold({ nSplits: 4 }), { nSamples: n, coverage: 'partition', trainIsComplement: true });
checkSplitter('KFold (shuffled)', () => new KFold({ nSplits: 5, shuffle: true, randomState: 0 }), {
  nSamples: n,
  coverage: 'partition',
  trainIsComplement: true,
});
checkSplitter('StratifiedKFold', () => new StratifiedKFold({ nSplits: 4 }), {
  nSamples: n,
  y,
  coverage: 'partition',
  trainIsComplement: true,
});
checkSplitter('StratifiedKFold (shuffled)', () => new StratifiedKFold({ nSplits: 4, shuffle: true, randomState: 1 }), {
  nSamples: n,
  y,
  coverage: 'partition',
  trainIsComplement: true,
});
checkSplitter('GroupKFold', () => new GroupKFold({ nSplits: 3 }), {
  nSamples: n,
  groups,
  coverage: 'partition',
  trainIsComplement: true,
  groupsIntact: true,
});
checkSplitter('StratifiedGroupKFold', () => new StratifiedGroupKFold({ nSplits: 3 }), {
  nSamples: n,
  y,
  groups,
  coverage: 'partition',
  trainIsComplement: true,
  groupsIntact: true,
});
checkSplitter(
  'StratifiedGroupKFold (shuffled)',
  () => new StratifiedGroupKFold({ nSplits: 3, shuffle: true, randomState: 2 }),
  { nSamples: n, y, groups, coverage: 'partition', trainIsComplement: true, groupsIntact: true },
);
checkSplitter('TimeSeriesSplit', () => new TimeSeriesSplit({ nSplits: 4, gap: 1, maxTrainSize: 10 }), {
  nSamples: n,
  coverage: 'disjoint',
  trainIsComplement: false,
});
checkSplitter('LeaveOneOut', () => new LeaveOneOut(), { nSamples: 6, coverage: 'partition', trainIsComplement: true });
checkSplitter('LeavePOut', () => new LeavePOut({ p: 2 }), { nSamples: 6, coverage: 'any', trainIsComplement: true });
checkSplitter('LeaveOneGroupOut', () => new LeaveOneGroupOut(), {
  nSamples: n,
  groups,
  coverage: 'partition',
  trainIsComplement: true,
  groupsIntact: true,
});
checkSplitter('LeavePGroupsOut', () => new LeavePGroupsOut({ nGroups: 2 }), {
  nSamples: n,
  groups,
  coverage: 'any',
  trainIsComplement: true,
  groupsIntact: true,
});
checkSplitter('PredefinedSplit', () => new PredefinedSplit({ testFold: Array.from({ length: n }, (_, i) => (i % 5) - 1) }), {
  nSamples: n,
  coverage: 'disjoint',
  trainIsComplement: true,
});
checkSplitter('RepeatedKFold', () => new RepeatedKFold({ nSplits: 3, nRepeats: 2, randomState: 0 }), {
  nSamples: n,
  coverage: 'any',
  trainIsComplement: true,
});
checkSplitter(
  'RepeatedStratifiedKFold',
  () => new RepeatedStratifiedKFold({ nSplits: 3, nRepeats: 2, randomState: 0 }),
  { nSamples: n, y, coverage: 'any', trainIsComplement: true },
);
checkSplitter('ShuffleSplit', () => new ShuffleSplit({ nSplits: 4, testSize: 0.25, trainSize: 0.5, randomState: 0 }), {
  nSamples: n,
  coverage: 'any',
  trainIsComplement: false,
});
checkSplitter('GroupShuffleSplit', () => new GroupShuffleSplit({ nSplits: 3, testSize: 2, randomState: 0 }), {
  nSamples: n,
  groups,
  coverage: 'any',
  trainIsComplement: true,
  groupsIntact: true,
});
checkSplitter('StratifiedShuffleSplit', () => new StratifiedShuffleSplit({ nSplits: 3, testSize: 0.25, randomState: 0 }), {
  nSamples: n,
  y,
  coverage: 'any',
  trainIsComplement: true,
});
checkSplitter(
  'FixedSplits',
  () =>
    new FixedSplits({
      splits: [
        [[0, 1, 2, 3], [4, 5]],
        [[2, 3, 4, 5], [0, 1]],
      ],
    }),
  { nSamples: 6, coverage: 'disjoint', trainIsComplement: false },
);
