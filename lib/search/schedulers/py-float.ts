/**
 * The few pieces of Python float arithmetic that decide scikit-learn's halving
 * schedule, reproduced bit for bit: `math.log(x, base)` (a ratio of libm
 * logarithms) and `a // b`.
 *
 * V8's `Math.log` is not correctly rounded (`Math.log(3)` is one unit in the
 * last place below glibc's), and scikit-learn's `floor(log(243, 3))` is 4, not
 * 5, because of that last place. {@link correctlyRoundedLog} computes the
 * logarithm in double-double arithmetic and rounds once, which is what glibc's
 * `log` returns.
 */

type DD = readonly [number, number];

const SPLITTER = 134217729; // 2^27 + 1

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return [s, b - (s - a)];
}

function split(a: number): DD {
  const c = SPLITTER * a;
  const hi = c - (c - a);
  return [hi, a - hi];
}

function twoProd(a: number, b: number): DD {
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

function add(a: DD, b: DD): DD {
  const [s, e] = twoSum(a[0], b[0]);
  return quickTwoSum(s, e + a[1] + b[1]);
}

function mul(a: DD, b: DD): DD {
  const [p, e] = twoProd(a[0], b[0]);
  return quickTwoSum(p, e + a[0] * b[1] + a[1] * b[0]);
}

function div(a: DD, b: DD): DD {
  const q1 = a[0] / b[0];
  let r = add(a, mul([-q1, 0], b));
  const q2 = r[0] / b[0];
  r = add(r, mul([-q2, 0], b));
  const q3 = r[0] / b[0];
  return add(quickTwoSum(q1, q2), [q3, 0]);
}

const LN2: DD = [0.6931471805599453, 2.3190468138462996e-17];

/**
 * The natural logarithm of a positive finite `x`, correctly rounded (barring
 * exact ties): `2 atanh((m - 1) / (m + 1)) + e ln 2` for `x = m 2^e`, summed in
 * double-double precision.
 */
export function correctlyRoundedLog(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return Math.log(x);
  if (x === 1) return 0;
  let e = Math.floor(Math.log2(x));
  let m = x / 2 ** e;
  if (m > Math.SQRT2) {
    m /= 2;
    e += 1;
  } else if (m < Math.SQRT1_2) {
    m *= 2;
    e -= 1;
  }
  const s = div([m - 1, 0], twoSum(m, 1));
  const s2 = mul(s, s);
  let term: DD = s;
  let sum: DD = s;
  for (let k = 3; k < 80; k += 2) {
    term = mul(term, s2);
    const t = div(term, [k, 0]);
    sum = add(sum, t);
    if (Math.abs(t[0]) < 1e-34 * Math.abs(sum[0])) break;
  }
  const logM = mul(sum, [2, 0]);
  const eLn2 = add(twoProd(e, LN2[0]), [e * LN2[1], 0]);
  const total = add(eLn2, logM);
  return total[0] + total[1];
}

/** Python's `math.log(x, base)`: the ratio of the two (correctly rounded) natural logarithms. */
export function pyLog(x: number, base: number): number {
  return correctlyRoundedLog(x) / correctlyRoundedLog(base);
}

/** Python's `a // b` for ints and floats (CPython's `float_floor_div` rounding). */
export function pyFloorDiv(a: number, b: number): number {
  if (Number.isInteger(a) && Number.isInteger(b) && Math.abs(a) < 2 ** 53 && Math.abs(b) < 2 ** 53) return Math.floor(a / b);
  let mod = a % b;
  let d = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) {
    mod += b;
    d -= 1;
  }
  if (d === 0) return 0;
  let floor = Math.floor(d);
  if (d - floor > 0.5) floor += 1;
  return floor;
}
