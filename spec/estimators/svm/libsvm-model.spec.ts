import { describe, expect, it } from 'vitest';
import { parseModel, readModelStruct } from '../../../lib/estimators/svm/libsvm-model.js';

describe('parseModel', () => {
  it('reads the header and the coefficients of libsvm\'s saved model', () => {
    const text = [
      'svm_type c_svc',
      'kernel_type rbf',
      'gamma 0.5',
      'nr_class 3',
      'total_sv 3',
      'rho 0.199599 -0.450035 -0.545282',
      'label 2 0 1',
      'nr_sv 1 1 1',
      'SV',
      '0.7634659402433814 0.5 1:0 2:0 ',
      '-1.450923745643373 1.421927696617035 1:1 2:1 ',
      '-0.5 -0.5 1:1 2:0 ',
      '',
    ].join('\n');
    const model = parseModel(text, Int32Array.from([0, 4, 1]));
    expect(Array.from(model.labels)).toEqual([2, 0, 1]);
    expect(Array.from(model.nSV)).toEqual([1, 1, 1]);
    expect(Array.from(model.rho)).toEqual([0.199599, -0.450035, -0.545282]);
    expect(model.coef.map((row: Float64Array) => Array.from(row))).toEqual([
      [0.7634659402433814, -1.450923745643373, -0.5],
      [0.5, 1.421927696617035, -0.5],
    ]);
    expect(Array.from(model.svIndices)).toEqual([0, 4, 1]);
  });
});

describe('readModelStruct', () => {
  /** A fake wasm heap holding a two-class model at byte 0 and its arrays after it. */
  function memory(nrClassFromAccessor = 2) {
    const buffer = new ArrayBuffer(1024);
    const i32 = new Int32Array(buffer);
    const f64 = new Float64Array(buffer);
    const at = { coefRows: 200, coef: 256, rho: 320, indices: 400, label: 440, nSV: 460 };
    i32[96 / 4] = 2; // nr_class
    i32[100 / 4] = 3; // l
    i32[108 / 4] = at.coefRows; // sv_coef
    i32[at.coefRows / 4] = at.coef;
    f64.set([0.5, -1, 0.25], at.coef / 8);
    i32[112 / 4] = at.rho;
    f64[at.rho / 8] = 0.123456789012345;
    i32[124 / 4] = at.indices;
    i32.set([3, 1, 2], at.indices / 4); // 1-based
    i32[128 / 4] = at.label;
    i32.set([1, 0], at.label / 4);
    i32[132 / 4] = at.nSV;
    i32.set([2, 1], at.nSV / 4);
    return { HEAP32: i32, HEAPF64: f64, _svm_get_nr_class: () => nrClassFromAccessor };
  }

  it('reads the fields of libsvm 3.22\'s svm_model, doubles exactly', () => {
    const model = readModelStruct(memory(), 0, Int32Array.from([2, 0, 1]))!;
    expect(Array.from(model.labels)).toEqual([1, 0]);
    expect(Array.from(model.nSV)).toEqual([2, 1]);
    expect(Array.from(model.rho)).toEqual([0.123456789012345]);
    expect(Array.from(model.coef[0]!)).toEqual([0.5, -1, 0.25]);
  });

  it('refuses a layout that disagrees with libsvm\'s accessors', () => {
    expect(readModelStruct(memory(3), 0, Int32Array.from([2, 0, 1]))).toBeUndefined();
    expect(readModelStruct(memory(), 0, Int32Array.from([0, 1, 2]))).toBeUndefined();
  });
});
