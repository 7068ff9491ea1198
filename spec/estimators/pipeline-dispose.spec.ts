import { describe, expect, it } from 'vitest';
import type { MatrixLike, TargetLike } from '../../lib/core/data.js';
import { Ridge } from '../../lib/estimators/linear/ridge.js';
import { Pipeline } from '../../lib/estimators/pipeline.js';
import { ColumnTransformer } from '../../lib/estimators/column-transformer.js';
import { StandardScaler } from '../../lib/estimators/preprocessing/standard-scaler.js';

let disposed = 0;
class Tracked extends Ridge {
  override async fit(X: MatrixLike, y?: TargetLike): Promise<this> {
    return super.fit(X, y);
  }
  dispose(): void {
    disposed++;
  }
  splitExtras(): Record<string, number> {
    return { best_epoch: 7 };
  }
}
class TrackedScaler extends StandardScaler {
  dispose(): void {
    disposed++;
  }
}

const X = [[1, 2], [2, 1], [3, 5], [4, 3], [5, 5]];
const y = [1, 2, 3, 4, 5];

describe('composites release their fitted steps', () => {
  it('Pipeline.dispose disposes every fitted step and refits dispose the previous ones', async () => {
    disposed = 0;
    const pipe = new Pipeline([['s', new TrackedScaler()], ['r', new Tracked()]]);
    await pipe.fit(X, y);
    expect(pipe.splitExtras()).toEqual({ best_epoch: 7 });
    await pipe.fit(X, y);
    expect(disposed).toBe(2);
    pipe.dispose();
    expect(disposed).toBe(4);
    expect(pipe.splitExtras()).toBeUndefined();
  });
  it('ColumnTransformer.dispose disposes its fitted transformers', async () => {
    disposed = 0;
    const ct = new ColumnTransformer({ transformers: [['a', new TrackedScaler(), [0]]], remainder: 'passthrough' });
    await ct.fit(X, y);
    ct.dispose();
    expect(disposed).toBe(1);
  });
});
