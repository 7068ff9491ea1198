/**
 * Copying a trained libsvm model out of wasm memory: from libsvm's `svm_model`
 * struct (exact doubles) or, as a fallback, from its saved-model text.
 */
import { TunekitError } from '../../core/errors.js';

/** A model copied out of libsvm. */
export interface LibsvmModel {
  /** libsvm's labels, in its internal order (first appearance in the training rows); empty for regression. */
  readonly labels: Int32Array;
  /** The number of support vectors of each label; empty for regression. */
  readonly nSV: Int32Array;
  /** One offset per pair of labels (one for regression): decision = Σ coef·K − rho. */
  readonly rho: Float64Array;
  /** `nr_class − 1` rows (one for regression) of one coefficient per support vector. */
  readonly coef: readonly Float64Array[];
  /** The training row (position in the rows trained on) of each support vector, in model order. */
  readonly svIndices: Int32Array;
}

/** The wasm memory views and accessor a model is read with. */
export interface ModelMemory {
  HEAP32: Int32Array;
  HEAPF64: Float64Array;
  _svm_get_nr_class(model: number): number;
}

/*
 * libsvm 3.22's `struct svm_model` on wasm32: `svm_parameter` (96 bytes), then
 * nr_class, l, SV, sv_coef, rho, probA, probB, sv_indices, label, nSV (4 bytes each).
 */
const MODEL_NR_CLASS = 96;
const MODEL_L = 100;
const MODEL_SV_COEF = 108;
const MODEL_RHO = 112;
const MODEL_SV_INDICES = 124;
const MODEL_LABEL = 128;
const MODEL_NSV = 132;

/**
 * The model read from its struct, or undefined when the fields disagree with
 * libsvm's accessors (an unexpected layout).
 */
export function readModelStruct(m: ModelMemory, model: number, svIndices: Int32Array): LibsvmModel | undefined {
  const i32 = m.HEAP32;
  const f64 = m.HEAPF64;
  const nrClass = i32[(model + MODEL_NR_CLASS) >> 2];
  const l = i32[(model + MODEL_L) >> 2];
  if (nrClass !== m._svm_get_nr_class(model) || l !== svIndices.length || nrClass < 2) return undefined;
  const indices = i32[(model + MODEL_SV_INDICES) >> 2] >> 2;
  for (let s = 0; s < l; s++) if (i32[indices + s] - 1 !== svIndices[s]) return undefined;
  const ints = (field: number, count: number): Int32Array => {
    const pointer = i32[(model + field) >> 2];
    return pointer === 0 ? new Int32Array(0) : i32.slice(pointer >> 2, (pointer >> 2) + count);
  };
  const labels = ints(MODEL_LABEL, nrClass);
  const nSV = ints(MODEL_NSV, nrClass);
  const rhoPointer = i32[(model + MODEL_RHO) >> 2] >> 3;
  const rho = f64.slice(rhoPointer, rhoPointer + (nrClass * (nrClass - 1)) / 2);
  const coefPointers = i32[(model + MODEL_SV_COEF) >> 2] >> 2;
  const coef = Array.from({ length: nrClass - 1 }, (_, r) => {
    const row = i32[coefPointers + r] >> 3;
    return f64.slice(row, row + l);
  });
  return { labels, nSV, rho, coef, svIndices };
}

/**
 * Reads libsvm's saved-model text (`svm_save_model`): the header and the first
 * `nr_class − 1` numbers of each support-vector line. The support vectors'
 * features are not read: they are the training rows at `svIndices`.
 */
export function parseModel(serialized: string, svIndices: Int32Array): LibsvmModel {
  const lines = serialized.split('\n');
  const header = new Map<string, string[]>();
  let at = 0;
  for (; at < lines.length; at++) {
    const line = lines[at].trim();
    if (line === 'SV') break;
    const [key, ...values] = line.split(' ');
    if (key) header.set(key, values);
  }
  const numbers = (key: string): number[] => (header.get(key) ?? []).map(Number);
  const nrClass = numbers('nr_class')[0] ?? 2;
  const totalSV = numbers('total_sv')[0] ?? 0;
  if (totalSV !== svIndices.length) {
    throw new TunekitError(`libsvm reported ${svIndices.length} support vectors but saved ${totalSV}.`);
  }
  const coef = Array.from({ length: nrClass - 1 }, () => new Float64Array(totalSV));
  for (let s = 0; s < totalSV; s++) {
    const tokens = lines[at + 1 + s].split(' ');
    for (let r = 0; r < nrClass - 1; r++) coef[r][s] = Number(tokens[r]);
  }
  return {
    labels: Int32Array.from(numbers('label')),
    nSV: Int32Array.from(numbers('nr_sv')),
    rho: Float64Array.from(numbers('rho')),
    coef,
    svIndices,
  };
}
