/**
 * numpy's legacy bounded integers: masked rejection sampling over the Mersenne
 * Twister's words (`random_interval` and `random_bounded_uint{64,32,16,8}_fill`
 * with `use_masked=True` in numpy 1.24's `random/src/distributions/distributions.c`,
 * the method `RandomState.randint` and the shuffles keep for backward
 * compatibility). A draw in [0, range] takes a word of the dtype's width (8 and
 * 16-bit dtypes share buffered 32-bit words within one call; ranges of 2^32 and
 * more take 64-bit words, high word first), masks it to the smallest all-ones
 * mask over the range and rejects it until it fits. Internal to `core`.
 */
import type { Mt19937 } from './mt19937.js';
import { invalidParameter } from './validate.js';

const TWO_32 = 4294967296;

/** numpy's integer dtypes, for `RandomState.randint`: they decide how many bits a draw uses. */
export type IntegerDtype = 'int64' | 'int32' | 'int16' | 'int8' | 'uint64' | 'uint32' | 'uint16' | 'uint8' | 'bool';

const DTYPE_BOUNDS: Record<IntegerDtype, readonly [number, number, number]> = {
  // [lowest, highest, bits of a draw]; 64-bit dtypes limited to safe integers
  int64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 64],
  uint64: [0, Number.MAX_SAFE_INTEGER, 64],
  int32: [-(2 ** 31), 2 ** 31 - 1, 32],
  uint32: [0, 2 ** 32 - 1, 32],
  int16: [-(2 ** 15), 2 ** 15 - 1, 16],
  uint16: [0, 2 ** 16 - 1, 16],
  int8: [-128, 127, 8],
  uint8: [0, 255, 8],
  bool: [0, 1, 1],
};

/**
 * Checks `randint`'s bounds (one bound means [0, bound)) against the dtype and
 * returns the offset, the inclusive range and the draw width.
 */
export function checkedBounds(
  owner: string,
  low: number,
  high: number | undefined,
  dtype: IntegerDtype,
): { low: number; range: number; width: number } {
  const lo = high === undefined ? 0 : low;
  const hi = high === undefined ? low : high;
  const bounds = DTYPE_BOUNDS[dtype];
  if (bounds === undefined) {
    throw invalidParameter(owner, 'dtype', `one of ${Object.keys(DTYPE_BOUNDS).map((d) => `"${d}"`).join(', ')}`, dtype, { kind: 'argument' });
  }
  for (const [name, v] of [['low', lo], ['high', hi]] as const) {
    if (!Number.isSafeInteger(v)) throw invalidParameter(owner, name, 'a safe integer (|x| < 2^53)', v, { kind: 'argument' });
  }
  const top = hi - 1;
  if (lo < bounds[0]) throw invalidParameter(owner, 'low', `an int >= ${bounds[0]} for dtype ${dtype}`, lo, { kind: 'argument' });
  if (top > bounds[1]) throw invalidParameter(owner, 'high', `an int <= ${bounds[1] + 1} for dtype ${dtype}`, hi, { kind: 'argument' });
  if (lo > top) throw invalidParameter(owner, 'high', `an int > low (${lo})`, hi, { kind: 'argument' });
  const range = top - lo;
  if (range > Number.MAX_SAFE_INTEGER) throw invalidParameter(owner, 'high', `an int with high - low <= 2^53 (low is ${lo})`, hi, { kind: 'argument' });
  return { low: lo, range, width: bounds[2] };
}

/** The smallest all-ones mask >= max (max < 2^53). */
function maskFor(max: number): number {
  if (max < TWO_32) {
    // numpy's gen_mask: smear the highest set bit down (a shuffle asks for one mask per element)
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    return mask >>> 0;
  }
  let bits = 32;
  while (2 ** bits - 1 < max) bits++;
  return 2 ** bits - 1;
}

/** A 64-bit word (high word drawn first) masked by `mask` (>= 2^32 - 1, < 2^53). */
function masked64(bits: Mt19937, mask: number): number {
  const high = bits.nextUint32();
  const low = bits.nextUint32();
  return (high & Math.floor(mask / TWO_32)) * TWO_32 + low;
}

/** `random_interval(max)`: a uniform integer in [0, max] (the shuffles' draw). */
export function randomInterval(bits: Mt19937, max: number): number {
  if (max === 0) return 0;
  const mask = maskFor(max);
  let value: number;
  if (max < TWO_32) {
    do value = (bits.nextUint32() & mask) >>> 0;
    while (value > max);
    return value;
  }
  do value = masked64(bits, mask);
  while (value > max);
  return value;
}

/**
 * `count` draws in [0, range] as numpy's bounded fills make them for a dtype of
 * `width` bits (1 for bool).
 */
export function boundedDraws(bits: Mt19937, range: number, count: number, width: number): number[] {
  const out = new Array<number>(count);
  if (width === 1) return boolDraws(bits, range, out);
  if (range === 0) return out.fill(0);
  if (width === 8 || width === 16) return bufferedDraws(bits, range, width, out);
  if (range === TWO_32 - 1) {
    for (let i = 0; i < count; i++) out[i] = bits.nextUint32();
    return out;
  }
  const mask = maskFor(range);
  for (let i = 0; i < count; i++) {
    let value: number;
    if (range < TWO_32) {
      do value = (bits.nextUint32() & mask) >>> 0;
      while (value > range);
    } else {
      do value = masked64(bits, mask);
      while (value > range);
    }
    out[i] = value;
  }
  return out;
}

/** `random_bounded_bool_fill`: one bit at a time from buffered words. */
function boolDraws(bits: Mt19937, range: number, out: number[]): number[] {
  let buf = 0;
  let left = 0;
  for (let i = 0; i < out.length; i++) {
    if (range === 0) {
      out[i] = 0;
      continue;
    }
    if (left === 0) {
      buf = bits.nextUint32();
      left = 31;
    } else {
      buf >>>= 1;
      left--;
    }
    out[i] = buf & 1;
  }
  return out;
}

/** The 8 and 16-bit fills: masked draws from the bytes or halves of buffered words. */
function bufferedDraws(bits: Mt19937, range: number, width: number, out: number[]): number[] {
  const full = width === 8 ? 0xff : 0xffff;
  const mask = range === full ? full : maskFor(range);
  let buf = 0;
  let left = 0;
  for (let i = 0; i < out.length; i++) {
    let value: number;
    do {
      if (left === 0) {
        buf = bits.nextUint32();
        left = 32 / width - 1;
      } else {
        buf >>>= width;
        left--;
      }
      value = buf & full & mask;
    } while (value > range);
    out[i] = value;
  }
  return out;
}
