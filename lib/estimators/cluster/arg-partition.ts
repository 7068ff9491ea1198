/**
 * numpy 1.24's `argpartition` for float64 values without NaN (`introselect_` with
 * `arg=true` in `numpy/core/src/npysort/selection.cpp`): median-of-3 quickselect
 * with an unguarded partition, a median-of-medians-of-5 pivot past a depth limit,
 * a selection sort for a kth near the start and a linear scan for the last
 * position. Which indices land where, ties and the order of the elements on each
 * side of kth included, is numpy's, so code that reads more than the kth position
 * (scikit-learn's relocation of empty k-means clusters reads the last few) gets
 * numpy's answer.
 */

/** The indices of `values` arranged as `np.argpartition(values, kth)` arranges them. */
export function argPartition(values: Float64Array, kth: number): Int32Array {
  const n = values.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (n > 0) introselect(values, order, 0, n, kth);
  return order;
}

/** Works on order[offset, offset + num), selecting position offset + kth. */
function introselect(v: Float64Array, order: Int32Array, offset: number, num: number, kth: number): void {
  const at = (i: number): number => v[order[offset + i] as number] as number;
  const swap = (i: number, j: number): void => {
    const t = order[offset + i] as number;
    order[offset + i] = order[offset + j] as number;
    order[offset + j] = t;
  };
  let low = 0;
  let high = num - 1;

  if (kth - low < 3) {
    // dumb_select over [low, high]
    for (let i = 0; i <= kth - low; i++) {
      let minIndex = low + i;
      let minValue = at(low + i);
      for (let k = low + i + 1; k <= high; k++) {
        if (at(k) < minValue) {
          minIndex = k;
          minValue = at(k);
        }
      }
      swap(low + i, minIndex);
    }
    return;
  }
  if (kth === num - 1) {
    // the last maximum goes last
    let maxIndex = low;
    let maxValue = at(low);
    for (let k = low + 1; k < num; k++) {
      if (!(at(k) < maxValue)) {
        maxIndex = k;
        maxValue = at(k);
      }
    }
    swap(kth, maxIndex);
    return;
  }

  let depthLimit = 2 * (31 - Math.clz32(num));
  while (low + 1 < high) {
    let ll = low + 1;
    let hh = high;
    if (depthLimit > 0 || hh - ll < 5) {
      const mid = low + Math.floor((high - low) / 2);
      // median3_swap: the median to low, the smallest to low + 1
      if (at(high) < at(mid)) swap(high, mid);
      if (at(high) < at(low)) swap(high, low);
      if (at(low) < at(mid)) swap(low, mid);
      swap(mid, low + 1);
    } else {
      const mid = ll + medianOfMedians5(v, order, offset + ll, hh - ll);
      swap(mid, low);
      ll--;
      hh++;
    }
    depthLimit--;
    // unguarded partition around the pivot at low
    const pivot = at(low);
    for (;;) {
      do ll++;
      while (at(ll) < pivot);
      do hh--;
      while (pivot < at(hh));
      if (hh < ll) break;
      swap(ll, hh);
    }
    swap(low, hh);
    if (hh >= kth) high = hh - 1;
    if (hh <= kth) low = ll;
  }
  if (high === low + 1 && at(high) < at(low)) swap(high, low);
}

/** `median_of_median5_` over order[offset, offset + num): the index (relative) of the pivot. */
function medianOfMedians5(v: Float64Array, order: Int32Array, offset: number, num: number): number {
  const right = num - 1;
  const nMedians = Math.floor((right + 1) / 5);
  for (let i = 0, subLeft = 0; i < nMedians; i++, subLeft += 5) {
    const m = median5(v, order, offset + subLeft);
    const t = order[offset + subLeft + m] as number;
    order[offset + subLeft + m] = order[offset + i] as number;
    order[offset + i] = t;
  }
  if (nMedians > 2) introselect(v, order, offset, nMedians, Math.floor(nMedians / 2));
  return Math.floor(nMedians / 2);
}

/** `median5_`: sorts a few of five entries and returns the position (0..4) of their median. */
function median5(v: Float64Array, order: Int32Array, offset: number): number {
  const at = (i: number): number => v[order[offset + i] as number] as number;
  const swap = (i: number, j: number): void => {
    const t = order[offset + i] as number;
    order[offset + i] = order[offset + j] as number;
    order[offset + j] = t;
  };
  if (at(1) < at(0)) swap(1, 0);
  if (at(4) < at(3)) swap(4, 3);
  if (at(3) < at(0)) swap(3, 0);
  if (at(4) < at(1)) swap(4, 1);
  if (at(2) < at(1)) swap(2, 1);
  if (at(3) < at(2)) return at(3) < at(1) ? 1 : 3;
  return 2;
}
