/**
 * Small build functions and data shared by the Keras specs (not a spec itself).
 */
import * as tf from '@tensorflow/tfjs';
import type { KerasMeta } from '../../lib/keras/index.js';
import { Rng } from '../../lib/core/rng.js';

/** Params of {@link mlp}. */
export interface MlpParams {
  hidden?: number;
  layers?: number;
  dropout?: number;
}

/** A multi-layer perceptron sized from meta: `layers` hidden relu layers of `hidden` units. */
export function mlp({ hidden = 16, layers = 1, dropout = 0 }: MlpParams, meta: KerasMeta): tf.LayersModel {
  const model = tf.sequential();
  for (let i = 0; i < layers; i++) {
    model.add(tf.layers.dense({ units: hidden, activation: 'relu', ...(i === 0 ? { inputShape: [meta.nFeaturesIn] } : {}) }));
    if (dropout > 0) model.add(tf.layers.dropout({ rate: dropout }));
  }
  model.add(tf.layers.dense({ units: meta.nOutputs, activation: meta.outputActivation, ...(layers === 0 ? { inputShape: [meta.nFeaturesIn] } : {}) }));
  return model;
}

/** A small Conv2D network on square images (flattened rows), which the wasm backend cannot train. */
export function convnet(_params: object, meta: KerasMeta): tf.LayersModel {
  const side = Math.round(Math.sqrt(meta.nFeaturesIn));
  const model = tf.sequential();
  model.add(tf.layers.reshape({ targetShape: [side, side, 1], inputShape: [meta.nFeaturesIn] }));
  model.add(tf.layers.conv2d({ filters: 2, kernelSize: 2, activation: 'relu' }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: meta.nOutputs, activation: meta.outputActivation }));
  return model;
}

/** `n` rows of 3 classes in `d` dimensions, well separated. */
export function blobs(n: number, d = 4, seed = 0): { X: number[][]; y: number[] } {
  const rng = new Rng(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    X.push(Array.from({ length: d }, (_, j) => rng.normal(j % 3 === c ? 2 : -1, 0.6)));
    y.push(c);
  }
  return { X, y };
}

/** Standardises columns in place (mean 0, std 1) and returns the rows. */
export function standardize(rows: number[][]): number[][] {
  const d = rows[0]!.length;
  for (let j = 0; j < d; j++) {
    const mean = rows.reduce((s, r) => s + r[j]!, 0) / rows.length;
    const std = Math.sqrt(rows.reduce((s, r) => s + (r[j]! - mean) ** 2, 0) / rows.length) || 1;
    for (const r of rows) r[j] = (r[j]! - mean) / std;
  }
  return rows;
}

/** A seeded split of row indices: `[train, test]`, stratified when labels are given. */
export function holdout(n: number, testFraction: number, seed = 0, labels?: readonly number[]): [number[], number[]] {
  const rng = new Rng(seed);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const g = labels?.[i] ?? 0;
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(i);
  }
  const train: number[] = [];
  const test: number[] = [];
  for (const rows of groups.values()) {
    rng.shuffle(rows);
    const k = Math.round(rows.length * testFraction);
    test.push(...rows.slice(0, k));
    train.push(...rows.slice(k));
  }
  return [train.sort((a, b) => a - b), test.sort((a, b) => a - b)];
}
