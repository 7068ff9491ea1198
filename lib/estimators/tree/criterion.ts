/**
 * The impurity measures of scikit-learn's tree criteria (`sklearn/tree/_criterion.pyx`),
 * with its floating-point order of operations so that splits compare as there.
 */

/** scikit-learn's `log` in `tree/_utils.pxd`: ln(x) / ln(2). */
export function log2(x: number): number {
  return Math.log(x) / Math.LN2;
}

/** Gini impurity of weighted class counts of total weight `w`. */
export function giniOf(counts: Float64Array, w: number): number {
  let sq = 0;
  for (let c = 0; c < counts.length; c++) sq += (counts[c] as number) * (counts[c] as number);
  return 1 - sq / (w * w);
}

/** Shannon entropy (bits) of weighted class counts of total weight `w`. */
export function entropyOf(counts: Float64Array, w: number): number {
  let entropy = 0;
  for (let c = 0; c < counts.length; c++) {
    const count = counts[c] as number;
    if (count > 0) {
      const q = count / w;
      entropy -= q * log2(q);
    }
  }
  return entropy;
}

/**
 * The proxy improvement of a classification split (`Criterion.proxy_impurity_improvement`):
 * `-wRight * impurityRight - wLeft * impurityLeft`, the right counts being
 * `sumTotal - sumLeft`. Larger is better; it ranks splits of one node like the
 * impurity improvement does.
 */
export function classificationProxy(
  sumLeft: Float64Array,
  sumTotal: Float64Array,
  wLeft: number,
  wRight: number,
  entropy: boolean,
): number {
  const nClasses = sumLeft.length;
  if (entropy) {
    let left = 0;
    let right = 0;
    for (let c = 0; c < nClasses; c++) {
      const cl = sumLeft[c] as number;
      const cr = (sumTotal[c] as number) - cl;
      if (cl > 0) {
        const q = cl / wLeft;
        left -= q * log2(q);
      }
      if (cr > 0) {
        const q = cr / wRight;
        right -= q * log2(q);
      }
    }
    return -wRight * right - wLeft * left;
  }
  let sqLeft = 0;
  let sqRight = 0;
  for (let c = 0; c < nClasses; c++) {
    const cl = sumLeft[c] as number;
    const cr = (sumTotal[c] as number) - cl;
    sqLeft += cl * cl;
    sqRight += cr * cr;
  }
  const giniLeft = 1 - sqLeft / (wLeft * wLeft);
  const giniRight = 1 - sqRight / (wRight * wRight);
  return -wRight * giniRight - wLeft * giniLeft;
}
