/**
 * The JSON form of what a persistent storage keeps: parameters, attributes,
 * values. Plain JSON plus what trial records need and JSON lacks: `NaN` and
 * `±Infinity` (`{"$num":"NaN"}`), typed arrays (`{"$typed":"Float64Array","data":[...]}`),
 * `undefined` inside arrays (`{"$undef":1}`; object fields that are undefined
 * are left out), and registered estimators, classes and functions
 * (`{"$ref": ...}`, by the module that exports them, see `registerTransferable`).
 * A plain object with a key starting with `$` is wrapped (`{"$obj":{...}}`) so
 * it is never mistaken for one of these forms.
 */
import { createHash } from 'node:crypto';
import { InvalidParameterError } from '../../core/errors.js';
import type { Transferable } from '../../core/transfer.js';
import { fromTransferable, toTransferable } from '../../core/transfer.js';
import { formatValue } from '../../core/validate.js';

const TYPED = {
  Float64Array,
  Float32Array,
  Int32Array,
  Int16Array,
  Int8Array,
  Uint32Array,
  Uint16Array,
  Uint8Array,
  Uint8ClampedArray,
} as const;

type TypedName = keyof typeof TYPED;

/**
 * Converts a value into JSON-safe data (see the module comment).
 *
 * @param where names the value in the error message (`"the params of trial 3"`)
 * @throws {InvalidParameterError} for a value a storage cannot keep (an unregistered
 *   class instance or function, a symbol, a bigint), naming where it was found.
 * @example
 * ```ts
 * JSON.stringify(encodeValue({ score: NaN })); // '{"score":{"$num":"NaN"}}'
 * ```
 */
export function encodeValue(value: unknown, where = 'value'): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : { $num: String(value) };
  if (value === undefined) return { $undef: 1 };
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor.name as TypedName;
    if (!(name in TYPED)) throw cannotStore(value, where);
    return { $typed: name, data: Array.from(value as unknown as ArrayLike<number>, (v) => encodeValue(v, where)) };
  }
  if (Array.isArray(value)) return value.map((v, i) => encodeValue(v, `${where}[${i}]`));
  if (typeof value === 'object' || typeof value === 'function') {
    const proto = typeof value === 'object' ? (Object.getPrototypeOf(value) as object | null) : undefined;
    if (typeof value === 'object' && (proto === Object.prototype || proto === null)) {
      const out: Record<string, unknown> = {};
      let dollar = false;
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === undefined) continue;
        if (k.startsWith('$')) dollar = true;
        out[k] = encodeValue(v, `${where}.${k}`);
      }
      return dollar ? { $obj: out } : out;
    }
    let spec: Transferable;
    try {
      spec = toTransferable(value, where);
    } catch {
      throw cannotStore(value, where);
    }
    return { $ref: encodeValue(spec, where) };
  }
  throw cannotStore(value, where);
}

function cannotStore(value: unknown, where: string): InvalidParameterError {
  return new InvalidParameterError(
    `Cannot keep ${formatValue(value)} (${where}) in a persistent storage: it holds JSON data (numbers, strings, booleans, null, arrays, plain objects), ` +
      'typed arrays, and estimators, classes or functions registered with registerTransferable(Thing, import.meta.url). Register it, or use the in-memory storage.',
    { owner: 'storage', argument: where, value, expected: 'JSON data or a registered estimator' },
  );
}

/** The result of {@link decodeValue}: the value, and whether it holds references still to import. */
export interface Decoded {
  readonly value: unknown;
  readonly hasRefs: boolean;
}

const REF = Symbol('tunekit.storedRef');

/**
 * Reverses {@link encodeValue}. References to registered modules are left as
 * placeholders (and `hasRefs` is true) until {@link resolveRefs} imports them.
 * @example
 * ```ts
 * decodeValue({ score: { $num: 'NaN' } }).value; // { score: NaN }
 * ```
 */
export function decodeValue(data: unknown): Decoded {
  let hasRefs = false;
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(walk);
    const o = v as Record<string, unknown>;
    if ('$num' in o) return Number(o.$num);
    if ('$undef' in o) return undefined;
    if ('$typed' in o) {
      const Ctor = TYPED[o.$typed as TypedName];
      return Ctor.from((o.data as unknown[]).map((x) => walk(x) as number));
    }
    if ('$obj' in o) return walkObject(o.$obj as Record<string, unknown>);
    if ('$ref' in o) {
      hasRefs = true;
      return { [REF]: walk(o.$ref) };
    }
    return walkObject(o);
  };
  const walkObject = (o: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = walk(x);
    return out;
  };
  return { value: walk(data), hasRefs };
}

/** Replaces the placeholders {@link decodeValue} left by the estimators, classes and functions they describe. */
export async function resolveRefs(value: unknown): Promise<unknown> {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return Promise.all(value.map(resolveRefs));
  const o = value as Record<string | symbol, unknown>;
  if (REF in o) return fromTransferable(o[REF] as Transferable);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = await resolveRefs(x);
  return out;
}

/**
 * A canonical JSON text of a value: object keys sorted, the same forms as
 * {@link encodeValue}, class instances as their class name and own fields
 * (estimators as their class name and `getParams(false)`), functions by name.
 * Two values with the same canonical text describe the same thing; it is used for
 * study fingerprints and split keys, never decoded.
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [NaN] }); // '{"a":[{"$num":"NaN"}],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  const seen = new Set<object>();
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
    if (typeof v === 'number') return Number.isFinite(v) ? v : { $num: String(v) };
    if (v === undefined) return { $undef: 1 };
    if (typeof v === 'bigint') return { $bigint: String(v) };
    if (typeof v === 'symbol') return { $symbol: String(v.description) };
    if (typeof v === 'function') return { $function: (v as { name?: string }).name || 'anonymous' };
    if (ArrayBuffer.isView(v)) return { $typed: v.constructor.name, data: Array.from(v as unknown as ArrayLike<number>, walk) };
    const o = v as object;
    if (seen.has(o)) return { $cycle: 1 };
    seen.add(o);
    try {
      if (Array.isArray(o)) return o.map(walk);
      if (o instanceof URL) return { $url: o.href };
      const proto = Object.getPrototypeOf(o) as object | null;
      const est = o as { getParams?: (deep?: boolean) => unknown; fit?: unknown };
      if (typeof est.getParams === 'function' && typeof est.fit === 'function') {
        return { $estimator: o.constructor.name, params: walk(est.getParams(false)) };
      }
      const fields = Object.entries(o as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const body = Object.fromEntries(fields.map(([k, x]) => [k, walk(x)]));
      return proto === Object.prototype || proto === null ? body : { $class: o.constructor?.name ?? 'Object', ...body };
    } finally {
      seen.delete(o);
    }
  };
  return JSON.stringify(walk(value));
}

/**
 * A short stable hash (16 hex digits of SHA-256) of a value's {@link canonicalJson}
 * text, or of raw bytes: the same on every machine and every run.
 * @example
 * ```ts
 * stableHash({ alpha: 1 }) === stableHash({ alpha: 1 }); // true
 * ```
 */
export function stableHash(value: unknown): string {
  const hash = createHash('sha256');
  if (ArrayBuffer.isView(value)) hash.update(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  else hash.update(canonicalJson(value));
  return hash.digest('hex').slice(0, 16);
}
