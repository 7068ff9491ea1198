/**
 * Sending estimators and functions to worker threads and processes.
 *
 * Functions and classes cannot cross threads; modules can. A class or function
 * registered with {@link registerTransferable} is described by the module that
 * exports it (`{ module, export }`), and a worker imports that module to get it
 * back. Every built-in estimator registers itself this way; a user estimator or a
 * Keras build function registers with one line in the file that defines it:
 *
 * ```ts fragment
 * export class MyEstimator extends BaseEstimator<MyParams> { ... }
 * registerTransferable(MyEstimator, import.meta.url);
 * ```
 *
 * {@link toTransferable} turns an estimator (with nested estimators and plain
 * params) into structured-clonable data, {@link fromTransferable} rebuilds it.
 * Instances of other registered classes that have a `getConfig()` method (Keras
 * callbacks) travel as their config and are rebuilt with `new Class(config)`.
 */
import { InvalidParameterError } from './errors.js';
import { formatValue } from './validate.js';

/** Where a class or function is exported: a module URL and the export's name. */
export interface ModuleRef {
  /** The module's URL (`import.meta.url` of the defining file, or `new URL('./x.ts', import.meta.url)`). */
  readonly module: string | URL;
  /** The name it is exported under. */
  readonly export: string;
}

const MODULE_REF = Symbol.for('tunekit.moduleRef');

interface Tagged {
  [MODULE_REF]?: { module: string; export: string };
}

/**
 * Records where a class or function is exported, so that it can be sent to
 * worker threads (`nJobs > 1`). Call it in the module that exports `target`.
 *
 * @param target a class (an estimator) or a function (a Keras build function, a scorer)
 * @param moduleUrl the defining module's `import.meta.url`
 * @param exportName the name it is exported under; defaults to `target.name`
 * @returns `target`, for chaining
 *
 * @example
 * ```ts fragment
 * export function buildModel(params, meta) { ... }
 * registerTransferable(buildModel, import.meta.url);
 * ```
 */
export function registerTransferable<T extends object>(target: T, moduleUrl: string | URL, exportName?: string): T {
  const name = exportName ?? (target as { name?: string }).name;
  if (typeof target !== 'function' || !name) {
    throw new InvalidParameterError(
      `registerTransferable needs a named class or function and the URL of the module that exports it. Got ${formatValue(target)} instead.`,
      { owner: 'registerTransferable', argument: 'target', value: target, expected: 'a named class or function' },
    );
  }
  Object.defineProperty(target, MODULE_REF, { value: { module: String(moduleUrl), export: name }, configurable: true });
  return target;
}

/** Where a registered class or function lives, or undefined. */
export function moduleRefOf(target: unknown): { module: string; export: string } | undefined {
  if ((typeof target !== 'function' && typeof target !== 'object') || target === null) return undefined;
  return Object.prototype.hasOwnProperty.call(target, MODULE_REF) ? (target as Tagged)[MODULE_REF] : undefined;
}

/** True for a `{ module, export }` object. */
export function isModuleRef(value: unknown): value is ModuleRef {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (typeof v.module === 'string' || v.module instanceof URL) && typeof v.export === 'string' && Object.keys(v).length === 2;
}

/** Imports the module of a {@link ModuleRef} and returns the named export. */
export async function resolveModuleRef<T = unknown>(ref: ModuleRef): Promise<T> {
  const url = String(ref.module);
  const mod = (await import(url)) as Record<string, unknown>;
  if (!(ref.export in mod)) {
    throw new InvalidParameterError(
      `The module ${url} has no export named "${ref.export}". Its exports are: ${Object.keys(mod).map((k) => `"${k}"`).join(', ')}.`,
      { owner: 'resolveModuleRef', argument: 'export', value: ref.export, expected: 'an export of the module' },
    );
  }
  return mod[ref.export] as T;
}

/** Structured-clonable data describing a value, estimators and functions by module. */
export type Transferable =
  | null
  | undefined
  | boolean
  | number
  | string
  | ArrayBufferView
  | readonly Transferable[]
  | { readonly $estimator: { module: string; export: string }; readonly params: Transferable }
  | { readonly $function: { module: string; export: string } }
  | { readonly $instance: { module: string; export: string }; readonly config: Transferable }
  | { readonly $object: Readonly<Record<string, Transferable>> };

function isEstimatorLike(value: unknown): value is { getParams(deep?: boolean): Record<string, unknown> } {
  return typeof value === 'object' && value !== null && typeof (value as { getParams?: unknown }).getParams === 'function' && typeof (value as { fit?: unknown }).fit === 'function';
}

const HOW_TO =
  'Worker threads (nJobs > 1) receive estimators and functions by module: call registerTransferable(Thing, import.meta.url) ' +
  'in the module that exports it, or pass { module: new URL("./file.ts", import.meta.url).href, export: "name" } as the value. ' +
  'Or run with nJobs: 1.';

/**
 * Converts a value (an estimator, its params, plain data) into structured-clonable
 * data for a worker.
 *
 * @throws {InvalidParameterError} for a class or function that was not registered,
 *   naming where it was found and how to register it.
 */
export function toTransferable(value: unknown, path = 'value'): Transferable {
  if (value === null || value === undefined || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return value.map((v, i) => toTransferable(v, `${path}[${i}]`));
  if (isEstimatorLike(value)) {
    const ref = moduleRefOf(value.constructor);
    if (ref === undefined) {
      throw new InvalidParameterError(`Cannot send ${value.constructor.name} (at ${path}) to a worker: its class is not registered. ${HOW_TO}`, {
        owner: 'nJobs',
        argument: path,
        value,
        expected: 'a registered estimator class',
      });
    }
    return { $estimator: ref, params: toTransferable(value.getParams(false), `${path}.params`) };
  }
  if (typeof value === 'function') {
    const ref = moduleRefOf(value);
    if (ref === undefined) {
      throw new InvalidParameterError(`Cannot send the function ${value.name || '(anonymous)'} (at ${path}) to a worker. ${HOW_TO}`, {
        owner: 'nJobs',
        argument: path,
        value,
        expected: 'a registered function',
      });
    }
    return { $function: ref };
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as object | null;
    const withConfig = value as { getConfig?: () => unknown; constructor: unknown };
    const instanceRef = typeof withConfig.getConfig === 'function' ? moduleRefOf(withConfig.constructor) : undefined;
    if (instanceRef !== undefined) {
      // a registered class rebuilt from its config (e.g. a callback): new Ctor(getConfig())
      return { $instance: instanceRef, config: toTransferable(withConfig.getConfig!(), `${path}.config`) };
    }
    if (proto !== Object.prototype && proto !== null) {
      throw new InvalidParameterError(
        `Cannot send ${formatValue(value)} (at ${path}) to a worker: only plain data, typed arrays, registered estimators and functions can travel. ${HOW_TO}`,
        { owner: 'nJobs', argument: path, value, expected: 'plain data' },
      );
    }
    const out: Record<string, Transferable> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toTransferable(v, `${path}.${k}`);
    return { $object: out };
  }
  throw new InvalidParameterError(`Cannot send ${formatValue(value)} (at ${path}) to a worker. ${HOW_TO}`, {
    owner: 'nJobs',
    argument: path,
    value,
    expected: 'plain data',
  });
}

/** Rebuilds what {@link toTransferable} described, importing modules as needed. */
export async function fromTransferable(spec: Transferable): Promise<unknown> {
  if (spec === null || spec === undefined || typeof spec !== 'object') return spec;
  if (ArrayBuffer.isView(spec)) return spec;
  if (Array.isArray(spec)) return Promise.all(spec.map((s) => fromTransferable(s as Transferable)));
  const s = spec as Record<string, unknown>;
  if ('$estimator' in s) {
    const Ctor = await resolveModuleRef<new (params: unknown) => unknown>(s.$estimator as ModuleRef);
    return new Ctor(await fromTransferable(s.params as Transferable));
  }
  if ('$function' in s) return resolveModuleRef(s.$function as ModuleRef);
  if ('$instance' in s) {
    const Ctor = await resolveModuleRef<new (config: unknown) => unknown>(s.$instance as ModuleRef);
    return new Ctor(await fromTransferable(s.config as Transferable));
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s.$object as Record<string, Transferable>)) out[k] = await fromTransferable(v);
  return out;
}
