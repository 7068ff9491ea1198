/**
 * Evenly spaced numbers for parameter grids: numpy's `linspace`, `logspace` and
 * `geomspace`, with numpy's semantics (`num`, `endpoint`, `base`) and arithmetic, so a
 * grid written for scikit-learn gives the same candidates here.
 *
 * ```ts
 * new GridSearchCV(new SVC(), { C: logspace(-2, 2, 5), gamma: geomspace(1e-4, 1e-1, 4) });
 * ```
 */
import { checkKnownKeys, checkParam, integerIn, invalidParameter, realIn } from './validate.js';

/** Options of {@link linspace}, {@link logspace} and {@link geomspace}. */
export interface SpacingOptions {
  /** Include `stop` as the last value (otherwise the values stop one step short). @default true */
  readonly endpoint?: boolean | undefined;
}

/** Options of {@link logspace}. */
export interface LogspaceOptions extends SpacingOptions {
  /** The base of the exponents. @default 10 */
  readonly base?: number | undefined;
}

const finite = realIn();

function checkCommon(owner: string, start: unknown, stop: unknown, num: unknown, options: object, keys: readonly string[]): boolean {
  checkParam(owner, 'start', start, finite, { kind: 'argument' });
  checkParam(owner, 'stop', stop, finite, { kind: 'argument' });
  checkParam(owner, 'num', num, integerIn({ min: 0 }), { kind: 'argument' });
  if (typeof options !== 'object' || options === null) {
    throw invalidParameter(owner, 'options', 'an object', options, { kind: 'argument' });
  }
  checkKnownKeys(owner, options, keys, 'option');
  const endpoint = (options as SpacingOptions).endpoint ?? true;
  return checkParam<boolean>(owner, 'endpoint', endpoint, { description: 'a boolean', test: (v) => typeof v === 'boolean' }, { kind: 'option' });
}

/** numpy's linspace arithmetic, without argument checks. */
function spaced(start: number, stop: number, num: number, endpoint: boolean): number[] {
  const div = endpoint ? num - 1 : num;
  const delta = stop - start;
  const out = new Array<number>(num);
  if (div > 0) {
    const step = delta / div;
    // numpy divides first when the step underflows to 0 (denormal spans, numpy gh-5437)
    for (let i = 0; i < num; i++) out[i] = (step === 0 ? (i / div) * delta : i * step) + start;
  } else {
    for (let i = 0; i < num; i++) out[i] = i * delta + start;
  }
  if (endpoint && num > 1) out[num - 1] = stop;
  return out;
}

/**
 * `num` evenly spaced values from `start` to `stop` (numpy's `linspace`): value i is
 * `start + i · (stop − start) / (num − 1)`, or `/ num` without the endpoint. With the
 * endpoint, the last value is exactly `stop`.
 *
 * @throws {InvalidParameterError} for non-finite bounds, a negative or fractional `num`
 *   or an unknown option.
 * @example
 * ```ts
 * linspace(0, 1, 5); // [0, 0.25, 0.5, 0.75, 1]
 * linspace(0, 1, 4, { endpoint: false }); // [0, 0.25, 0.5, 0.75]
 * ```
 */
export function linspace(start: number, stop: number, num = 50, options: SpacingOptions = {}): number[] {
  const endpoint = checkCommon('linspace', start, stop, num, options, ['endpoint']);
  return spaced(start, stop, num, endpoint);
}

/**
 * `num` values spaced evenly on a log scale (numpy's `logspace`): `base` raised to
 * `linspace(start, stop, num)`, so the values run from `base^start` to `base^stop`.
 * Powers are JavaScript's, which may differ from the C library numpy calls in the
 * last bit.
 *
 * @throws {InvalidParameterError} as {@link linspace}, and for a non-finite `base`.
 * @example
 * ```ts
 * logspace(-2, 2, 5); // [0.01, 0.1, 1, 10, 100]
 * logspace(0, 3, 4, { base: 2 }); // [1, 2, 4, 8]
 * ```
 */
export function logspace(start: number, stop: number, num = 50, options: LogspaceOptions = {}): number[] {
  const owner = 'logspace';
  const endpoint = checkCommon(owner, start, stop, num, options, ['endpoint', 'base']);
  const base = checkParam<number>(owner, 'base', options.base ?? 10, finite, { kind: 'option' });
  return spaced(start, stop, num, endpoint).map((e) => base ** e);
}

/**
 * `num` values in geometric progression from `start` to `stop` (numpy's
 * `geomspace`): each value is a constant multiple of the previous one. The first
 * value is exactly `start` and, with the endpoint, the last is exactly `stop`.
 * Both bounds negative gives the negated progression of their magnitudes.
 *
 * @throws {InvalidParameterError} when a bound is zero or the bounds have opposite
 *   signs (numpy returns NaNs there), and as {@link linspace}.
 * @example
 * ```ts
 * geomspace(1, 1000, 4); // [1, 10, 100, 1000]
 * geomspace(-1, -1000, 4); // [-1, -10, -100, -1000]
 * ```
 */
export function geomspace(start: number, stop: number, num = 50, options: SpacingOptions = {}): number[] {
  const owner = 'geomspace';
  const endpoint = checkCommon(owner, start, stop, num, options, ['endpoint']);
  if (start === 0 || stop === 0) {
    throw invalidParameter(owner, start === 0 ? 'start' : 'stop', 'a non-zero number (a geometric sequence cannot include zero)', 0, {
      kind: 'argument',
    });
  }
  if (Math.sign(start) !== Math.sign(stop)) {
    throw invalidParameter(owner, 'stop', `a number of the same sign as start (${start}): a geometric sequence cannot cross zero`, stop, {
      kind: 'argument',
    });
  }
  const sign = start < 0 ? -1 : 1;
  const a = Math.abs(start);
  const b = Math.abs(stop);
  const out = spaced(Math.log10(a), Math.log10(b), num, endpoint).map((e) => 10 ** e);
  if (num > 0) {
    out[0] = a;
    if (num > 1 && endpoint) out[num - 1] = b;
  }
  return sign === 1 ? out : out.map((v) => -v);
}
