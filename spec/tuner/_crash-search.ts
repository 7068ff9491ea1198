/**
 * A search run in a child process by the crash spec (not a spec itself):
 *
 *   node --import tsx spec/tuner/_crash-search.ts <directory> [hangAtFit]
 *
 * With `hangAtFit`, the n-th fit of this process writes `<directory>/hanging.json`
 * (the trial's values) and never returns, so the spec can kill it mid-trial.
 * Prints the trials as JSON on its last line when the search ends.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as tf from '@tensorflow/tfjs';
import type { DenseMatrix } from '../../lib/core/data.js';
import type { FitResult, HyperModelFitOptions } from '../../lib/tuner/hypermodel.js';
import { HyperModel } from '../../lib/tuner/hypermodel.js';
import type { HyperParameters } from '../../lib/tuner/hyperparameters.js';
import type { TunerOptions } from '../../lib/tuner/tuner.js';
import { buildMlp } from './_keras.js';

export const CRASH_OPTIONS = { objective: 'val_accuracy', maxTrials: 6, seed: 11, projectName: 'crash', verbose: 1 } as const satisfies TunerOptions;
export const CRASH_FIT = { epochs: 2, validationSplit: 0.2 } as const;

export class CrashModel extends HyperModel {
  private fits = 0;
  constructor(private readonly hangAt?: { readonly fit: number; readonly marker: string }) {
    super();
  }
  build(hp: HyperParameters): tf.LayersModel {
    return buildMlp(hp);
  }
  override async fit(hp: HyperParameters, model: tf.LayersModel, x: DenseMatrix, y: DenseMatrix, options: HyperModelFitOptions): Promise<FitResult> {
    this.fits++;
    if (this.hangAt !== undefined && this.fits === this.hangAt.fit) {
      writeFileSync(this.hangAt.marker, JSON.stringify(hp.values));
      await new Promise(() => setInterval(() => undefined, 1000)); // killed here
    }
    return super.fit(hp, model, x, y, options);
  }
}

async function main(): Promise<void> {
  const [directory, hang] = process.argv.slice(2) as [string, string | undefined];
  const { RandomSearch } = await import('../../lib/tuner/random-search.js');
  const { data } = await import('./_keras.js');
  const model = new CrashModel(hang === undefined ? undefined : { fit: Number(hang), marker: join(directory, 'hanging.json') });
  const tuner = new RandomSearch(model, { ...CRASH_OPTIONS, directory });
  await tuner.search(data.X, data.y, CRASH_FIT);
  console.log(JSON.stringify(tuner.oracle.trials.map((t) => ({ id: t.id, status: t.status, values: t.hyperparameters.values, score: t.score }))));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
