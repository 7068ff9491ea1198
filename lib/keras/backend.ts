/**
 * TensorFlow.js, loaded lazily, and the choice of its backend.
 *
 * Nothing here imports `@tensorflow/tfjs` at module load: {@link loadTensorFlow}
 * does, on the first fit of a Keras wrapper (or a call to {@link setBackend}), so
 * `import 'tunekit'` never loads TensorFlow.js. The wrappers and the user's build
 * function share the one `@tensorflow/tfjs` instance npm installs as our peer.
 *
 * The backend is chosen once, at load: the `tensorflow` backend of
 * `@tensorflow/tfjs-node` when that optional package is installed and loads, else
 * `wasm` (`@tensorflow/tfjs-backend-wasm`, our dependency), else `cpu`. The
 * `TUNEKIT_BACKEND` environment variable overrides the automatic choice, and
 * {@link setBackend} overrides both.
 *
 * The wasm backend lacks some training kernels (`Conv2DBackpropFilter` for Conv2D,
 * `UnsortedSegmentSum` for Embedding...). {@link missingTrainingKernel} finds out
 * before training whether a model needs one, so that the wrapper trains that model
 * on cpu instead, with a one-line {@link backendNotice}.
 */
import type * as TfModule from '@tensorflow/tfjs';
import { InvalidParameterError, TunekitError } from '../core/errors.js';
import { registerResourceProbe } from '../core/estimator.js';
import { formatValue } from '../core/validate.js';
import { warn } from '../core/warnings.js';

/** The TensorFlow.js module (`import * as tf from '@tensorflow/tfjs'`). */
export type Tf = typeof TfModule;

/** The backends tunekit chooses between: tfjs-node's native `tensorflow`, `wasm` and `cpu`. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** The backends in order of preference. */
export const BACKEND_NAMES: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

const ALIASES: Readonly<Record<string, BackendName>> = {
  tensorflow: 'tensorflow',
  node: 'tensorflow',
  'tfjs-node': 'tensorflow',
  wasm: 'wasm',
  cpu: 'cpu',
};

/** The environment variable that picks the backend (`tensorflow`, `node`, `wasm` or `cpu`). */
export const BACKEND_ENV = 'TUNEKIT_BACKEND';

// Held in variables so that TypeScript and bundlers do not resolve them at build time:
// tfjs-node is optional and the wasm backend may be missing from a bundle.
const TFJS_NODE: string = '@tensorflow/tfjs-node';
const TFJS_WASM: string = '@tensorflow/tfjs-backend-wasm';

interface Loaded {
  readonly tf: Tf;
  /** Why a backend package could not be loaded, by backend. */
  readonly failures: ReadonlyMap<BackendName, string>;
}

let loading: Promise<Loaded> | undefined;
let loaded: Loaded | undefined;
let requested: BackendName | undefined;

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] ?? error.name : String(error);
}

/** Normalises a backend name; throws the standard message for anything else. */
export function checkBackendName(owner: string, name: string, value: unknown, kind: 'argument' | 'variable'): BackendName {
  const resolved = typeof value === 'string' ? ALIASES[value.trim().toLowerCase()] : undefined;
  if (resolved !== undefined) return resolved;
  const expected = 'one of "tensorflow" (or "node"), "wasm" or "cpu"';
  throw new InvalidParameterError(`The "${name}" ${kind === 'variable' ? 'environment variable' : 'argument'} of ${owner} must be ${expected}. Got ${formatValue(value)} instead.`, {
    owner,
    argument: name,
    value,
    expected,
  });
}

function envBackend(): BackendName | undefined {
  const raw = process.env[BACKEND_ENV];
  if (raw === undefined || raw.trim() === '') return undefined;
  return checkBackendName('tunekit', BACKEND_ENV, raw, 'variable');
}

function registered(tf: Tf, name: BackendName): boolean {
  return tf.findBackendFactory(name) !== null && tf.findBackendFactory(name) !== undefined;
}

/** Stops tfjs-backend-cpu from printing its "install tfjs-node" banner: our verbose output names the backend. */
function quietCpuBanner(tf: Tf): void {
  const cpu = tf.findBackend('cpu') as unknown as { firstUse?: boolean } | null;
  if (cpu !== null && typeof cpu === 'object' && 'firstUse' in cpu) cpu.firstUse = false;
}

async function activate(state: Loaded, name: BackendName): Promise<void> {
  const { tf, failures } = state;
  if (!registered(tf, name)) {
    const why = failures.get(name);
    const how =
      name === 'tensorflow'
        ? 'Install @tensorflow/tfjs-node (the same version as @tensorflow/tfjs) to use it'
        : `Install @tensorflow/tfjs-backend-${name} to use it`;
    throw new TunekitError(`The TensorFlow.js backend "${name}" is not available${why ? ` (${why})` : ''}. ${how}, or choose another backend.`);
  }
  if (name === 'cpu') quietCpuBanner(tf);
  if (!(await tf.setBackend(name))) throw new TunekitError(`The TensorFlow.js backend "${name}" failed to initialise.`);
}

async function autoSelect(state: Loaded): Promise<void> {
  for (const name of BACKEND_NAMES) {
    if (!registered(state.tf, name)) continue;
    if (name === 'cpu') quietCpuBanner(state.tf);
    if (await state.tf.setBackend(name)) return;
  }
  throw new TunekitError('No TensorFlow.js backend could be initialised (tried tensorflow, wasm and cpu).');
}

async function importAll(): Promise<Loaded> {
  const failures = new Map<BackendName, string>();
  try {
    await import(TFJS_NODE);
  } catch (error) {
    failures.set('tensorflow', describe(error));
  }
  const tf = (await import('@tensorflow/tfjs')) as Tf;
  try {
    await import(TFJS_WASM);
  } catch (error) {
    failures.set('wasm', describe(error));
  }
  return { tf, failures };
}

/** The process events whose handlers the wasm backend's emscripten runtime installs. */
const PROCESS_EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

/**
 * Runs `fn` (which may start the wasm backend) and then removes the `uncaughtException`
 * and `unhandledRejection` handlers it added. The wasm backend's emscripten runtime
 * installs handlers that rethrow from inside its minified bundle, so that any uncaught
 * error of the user's script was printed after a ~40 KB line of the bundle's source;
 * without them Node reports the error itself, as it would have without TensorFlow.js.
 * Handlers that were there before (the user's own) are kept.
 */
async function withoutBackendProcessHandlers<T>(fn: () => Promise<T>): Promise<T> {
  if (typeof process === 'undefined' || typeof process.listeners !== 'function') return fn();
  const emitter = process as unknown as {
    listeners(event: string): ((...args: unknown[]) => void)[];
    removeListener(event: string, listener: (...args: unknown[]) => void): void;
  };
  const before = new Map(PROCESS_EVENTS.map((event) => [event, new Set(emitter.listeners(event))] as const));
  try {
    return await fn();
  } finally {
    for (const event of PROCESS_EVENTS) {
      const kept = before.get(event)!;
      for (const listener of emitter.listeners(event)) if (!kept.has(listener)) emitter.removeListener(event, listener);
    }
  }
}

async function load(): Promise<Loaded> {
  if (loaded !== undefined) return loaded;
  loading ??= (async () => {
    const fromEnv = envBackend();
    const state = await importAll();
    registerResourceProbe('tensors', () => state.tf.memory().numTensors);
    const wanted = requested ?? fromEnv;
    await withoutBackendProcessHandlers(() => (wanted !== undefined ? activate(state, wanted) : autoSelect(state)));
    loaded = state;
    return state;
  })();
  try {
    return await loading;
  } catch (error) {
    loading = undefined; // let a later call retry (e.g. after fixing TUNEKIT_BACKEND)
    throw error;
  }
}

/**
 * Imports TensorFlow.js (once) and selects its backend: tfjs-node's `tensorflow`
 * when installed, else `wasm`, else `cpu` (see {@link setBackend} and
 * `TUNEKIT_BACKEND` to choose). Also registers the `tensors` resource probe that
 * searches use to detect leaked tensors.
 *
 * @throws {InvalidParameterError} when `TUNEKIT_BACKEND` holds an unknown name.
 * @example
 * ```ts
 * const tf = await loadTensorFlow();
 * tf.getBackend(); // 'wasm' on a fresh install
 * ```
 */
export async function loadTensorFlow(): Promise<Tf> {
  return (await load()).tf;
}

/**
 * Chooses the TensorFlow.js backend for every later fit and prediction (it wins
 * over `TUNEKIT_BACKEND`). Loads TensorFlow.js if needed.
 *
 * @param name `'tensorflow'` (alias `'node'`: needs `@tensorflow/tfjs-node`), `'wasm'` or `'cpu'`.
 * @returns the backend now in use.
 * @throws {InvalidParameterError} for an unknown name; {@link TunekitError} when the backend is not installed.
 * @example
 * ```ts
 * await setBackend('cpu');
 * getBackendName(); // 'cpu'
 * ```
 */
export async function setBackend(name: BackendName | 'node'): Promise<BackendName> {
  const wanted = checkBackendName('setBackend', 'name', name, 'argument');
  requested = wanted;
  const state = await load();
  await withoutBackendProcessHandlers(() => activate(state, wanted));
  return wanted;
}

/**
 * The backend TensorFlow.js currently uses, or `undefined` before TensorFlow.js is
 * loaded (by the first fit, {@link loadTensorFlow} or {@link setBackend}).
 */
export function getBackendName(): string | undefined {
  return loaded?.tf.getBackend();
}

/**
 * The backends that could be used on this machine (their packages load), in order
 * of preference. Loads TensorFlow.js.
 */
export async function availableBackends(): Promise<BackendName[]> {
  const { tf } = await load();
  return BACKEND_NAMES.filter((name) => registered(tf, name));
}

/**
 * Runs `fn` with `name` as the active backend and restores the previous one after.
 * The backend is global to TensorFlow.js: do not interleave fits that need
 * different backends (searches run their fits one at a time).
 */
export async function withBackend<T>(tf: Tf, name: string, fn: () => Promise<T>): Promise<T> {
  const previous = tf.getBackend();
  if (previous === name) return fn();
  if (name === 'cpu') quietCpuBanner(tf);
  if (!(await withoutBackendProcessHandlers(() => tf.setBackend(name)))) {
    throw new TunekitError(`The TensorFlow.js backend "${name}" failed to initialise.`);
  }
  try {
    return await fn();
  } finally {
    if (tf.getBackend() === name) await tf.setBackend(previous);
  }
}

const MISSING_KERNEL = /Kernel '([^']+)' not registered for backend '([^']+)'/;

/** The kernel and backend named by a "Kernel 'X' not registered for backend 'Y'" error. */
export function parseMissingKernel(error: unknown): { kernel: string; backend: string } | undefined {
  const match = error instanceof Error ? MISSING_KERNEL.exec(error.message) : null;
  return match ? { kernel: match[1] as string, backend: match[2] as string } : undefined;
}

/**
 * Disposes what a gradient computation that threw left behind. TensorFlow.js keeps
 * the tensors saved for the backward pass on the tape and frees them only when
 * the pass completes, so a kernel that throws mid-gradient leaks them. Returns the
 * number of tensors freed.
 */
export function releaseFailedTape(tf: Tf): number {
  const state = (tf.engine() as unknown as { state?: { activeTape?: unknown; gradientDepth?: number } }).state;
  if (state === undefined || state.gradientDepth !== 0 || !Array.isArray(state.activeTape)) return 0;
  let freed = 0;
  for (const node of state.activeTape as { saved?: TfModule.Tensor[] }[]) {
    for (const tensor of node.saved ?? []) {
      if (!tensor.isDisposed) {
        tensor.dispose();
        freed++;
      }
    }
  }
  state.activeTape = null;
  return freed;
}

/**
 * Runs one forward and backward pass of `model` on `x` (a couple of rows) on the
 * active backend, without changing the model, and returns the first kernel the
 * backend lacks for it, or `undefined` when it has them all.
 */
export function missingTrainingKernel(tf: Tf, model: TfModule.LayersModel, x: TfModule.Tensor): string | undefined {
  const frozen = model.nonTrainableWeights.map((w) => tf.keep(w.read().clone()));
  try {
    tf.tidy(() => {
      const variables = model.trainableWeights.map((w) => w.read() as TfModule.Variable);
      tf.variableGrads(() => {
        const out = model.apply(x, { training: true }) as TfModule.Tensor | TfModule.Tensor[];
        const outputs = Array.isArray(out) ? out : [out];
        return tf.addN(outputs.map((o) => tf.sum(o))) as TfModule.Scalar;
      }, variables.length > 0 ? variables : undefined);
    });
    return undefined;
  } catch (error) {
    releaseFailedTape(tf);
    const missing = parseMissingKernel(error);
    if (missing !== undefined) return missing.kernel;
    throw error;
  } finally {
    // a training-mode pass moves BatchNormalization's statistics: put them back
    model.nonTrainableWeights.forEach((w, i) => w.write(frozen[i] as TfModule.Tensor));
    tf.dispose(frozen);
  }
}

const noticed = new Set<string>();

/**
 * The one-line notice that a model trains on cpu because `backend` lacks `kernel`
 * (a `BackendWarning`, given once per backend and kernel per process).
 */
export function backendNotice(owner: string, backend: string, kernel: string): void {
  const key = `${backend}\u0000${kernel}`;
  if (noticed.has(key)) return;
  noticed.add(key);
  warn(
    `${owner}: the ${backend} backend has no "${kernel}" kernel, which training this model needs; the model is trained and run on the cpu backend instead.`,
    'BackendWarning',
  );
}

/** Forgets which notices were given (for tests). */
export function resetBackendNotices(): void {
  noticed.clear();
}
