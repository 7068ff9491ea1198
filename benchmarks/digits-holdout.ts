/**
 * The data and split of the multi-fidelity benchmarks (`multi-fidelity.ts`,
 * `continuation-check.ts`): digits pixels / 16 and one fixed hold-out (75% train),
 * its order drawn by the project's `Rng(0)`.
 */
import { Rng, loadDigits } from '../lib/index.js';

export interface DigitsHoldout {
  readonly X: number[][];
  readonly y: number[];
  readonly trainRows: Int32Array;
  readonly testRows: Int32Array;
}

export async function digitsHoldout(): Promise<DigitsHoldout> {
  const digits = await loadDigits();
  const X = digits.data.map((row) => row.map((v) => v / 16));
  const y = digits.target;
  const rng = new Rng(0);
  const order = Int32Array.from({ length: X.length }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.integer(0, i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const nTrain = Math.round(0.75 * X.length);
  return { X, y, trainRows: order.slice(0, nTrain), testRows: order.slice(nTrain) };
}
