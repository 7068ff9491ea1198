/**
 * libsvm, through libsvm-js (libsvm 3.22 compiled with emscripten): loaded lazily,
 * once, and wrapped in one call that trains a model and copies it out of wasm
 * memory, which is freed before the call returns.
 *
 * Nothing trained is kept in wasm memory, so fitting thousands of models cannot
 * leak it: predictions are computed in JavaScript from the copied model (see
 * `kernels.ts`). The WebAssembly build is used where it loads, else the asm.js one.
 *
 * libsvm-js's own `SVM` class is bypassed: its command builder replaces a gamma of
 * 0 by 1/nFeatures, its `train` copies every row through the emscripten stack, and
 * the emscripten runtime it loads installs a process-wide `unhandledRejection`
 * handler that exits the process (removed here) and prints a warning on Node
 * (silenced here).
 */
import { createRequire } from 'node:module';
import { DenseMatrix } from '../../core/data.js';
import { FatalError, TunekitError } from '../../core/errors.js';
import { registerResourceProbe } from '../../core/estimator.js';
import type { LibsvmModel, ModelMemory } from './libsvm-model.js';
import { parseModel, readModelStruct } from './libsvm-model.js';

export type { LibsvmModel } from './libsvm-model.js';

/** The trainer: one synchronous call per model. */
export interface Libsvm {
  /** Which build loaded. */
  readonly build: 'wasm' | 'asm';
  /**
   * True when models are read from libsvm's struct (exact doubles), false when from
   * its saved-model text (rho rounded to 6 significant digits).
   */
  readonly exact: boolean;
  /**
   * Trains on the given rows of `X` with libsvm's command-line options
   * (`-s 0 -t 2 -g 0.5 ...`; `-q` is added).
   *
   * @param rows - the rows of X to train on, in this order.
   * @param labels - one target per entry of `rows` (class codes or values).
   * @throws {TunekitError} when libsvm aborts (e.g. wasm memory cannot grow): a
   *   failed fit, after which libsvm is reloaded.
   */
  train(X: DenseMatrix, rows: ArrayLike<number>, labels: ArrayLike<number>, command: string): LibsvmModel;
}

/** The emscripten module exports used here. */
interface EmscriptenLibsvm extends ModelMemory {
  load(): Promise<void>;
  HEAPU8: Uint8Array;
  print: (text: unknown) => void;
  printErr: (text: unknown) => void;
  Pointer_stringify(pointer: number): string;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  _create_svm_nodes(rows: number, columns: number): number;
  _add_instance(problem: number, features: number, columns: number, label: number, row: number): void;
  _libsvm_train_problem(problem: number, command: number): number;
  _serialize_model(model: number): number;
  _svm_get_nr_sv(model: number): number;
  _svm_get_sv_indices(model: number, out: number): void;
  _svm_free_model(model: number): void;
  _free_problem(problem: number): void;
}

/** libsvm-js copies the command into a 256-byte buffer. */
const MAX_COMMAND_LENGTH = 255;

const BUILD_PATHS = { wasm: 'libsvm-js/out/wasm/libsvm.js', asm: 'libsvm-js/out/asm/libsvm.js' } as const;

const require = createRequire(import.meta.url);

let loading: Promise<Libsvm> | undefined;
/** Problems and models currently allocated in wasm memory (0 between fits). */
let liveAllocations = 0;

registerResourceProbe('libsvmAllocations', () => liveAllocations);

/**
 * The libsvm trainer, loaded on first use (later calls get the same instance).
 *
 * @throws {FatalError} when neither the WebAssembly nor the asm.js build of
 *   libsvm-js loads (the message says how to install it).
 */
export function loadLibsvm(): Promise<Libsvm> {
  loading ??= instantiate().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function instantiate(): Promise<Libsvm> {
  const failures: string[] = [];
  for (const build of ['wasm', 'asm'] as const) {
    try {
      const module = requireQuietly(BUILD_PATHS[build]);
      await withTimeout(module.load(), LOAD_TIMEOUT_MS, `${build} build did not initialize`);
      module.print = () => {};
      module.printErr = () => {};
      const trainer = new Trainer(build, module);
      trainer.checkStructLayout();
      return trainer;
    } catch (error) {
      failures.push(`${build}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new FatalError(
    `Could not load libsvm-js, which the SVM estimators need (${failures.join('; ')}). Install it with: npm install libsvm-js`,
  );
}

/** How long an emscripten runtime may take to initialize (it never settles when instantiation fails). */
const LOAD_TIMEOUT_MS = 30_000;

function withTimeout(promise: Promise<void>, ms: number, message: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * Requires an emscripten build without its side effects on the process: no
 * streaming-compile attempt (it fails on file paths and prints a warning) and no
 * `unhandledRejection` handler that exits the process.
 */
function requireQuietly(path: string): EmscriptenLibsvm {
  const listeners = process.listeners('unhandledRejection');
  const wasm = (globalThis as unknown as { WebAssembly?: Record<string, unknown> }).WebAssembly;
  const streaming = wasm?.instantiateStreaming;
  if (wasm) wasm.instantiateStreaming = undefined;
  try {
    // the module object is a thenable: never resolve a promise with it
    return require(path) as EmscriptenLibsvm;
  } finally {
    if (wasm) wasm.instantiateStreaming = streaming;
    for (const listener of process.listeners('unhandledRejection')) {
      if (!listeners.includes(listener)) process.removeListener('unhandledRejection', listener);
    }
  }
}

/** Forgets a build after libsvm aborted (its runtime is unusable), so the next fit reloads it. */
function forget(build: 'wasm' | 'asm'): void {
  loading = undefined;
  liveAllocations = 0;
  try {
    delete require.cache[require.resolve(BUILD_PATHS[build])];
  } catch {
    // not resolvable: nothing cached
  }
}

class Trainer implements Libsvm {
  /** Read models from their struct (set by {@link Trainer.checkStructLayout}). */
  private structLayout = false;
  /** Whether the last model copied was read from its struct. */
  private lastFromStruct = false;

  get exact(): boolean {
    return this.structLayout;
  }

  constructor(
    readonly build: 'wasm' | 'asm',
    private readonly module: EmscriptenLibsvm,
  ) {}

  train(X: DenseMatrix, rows: ArrayLike<number>, labels: ArrayLike<number>, command: string): LibsvmModel {
    const full = `${command} -q 1`;
    if (full.length > MAX_COMMAND_LENGTH || !/^[-+ .\w]*$/.test(full)) {
      throw new FatalError(`Internal error: libsvm options too long or malformed: "${full}".`);
    }
    const m = this.module;
    const d = X.columns;
    const n = rows.length;
    let problem = 0;
    let model = 0;
    let features = 0;
    let text = 0;
    let aborted = false;
    try {
      problem = m._create_svm_nodes(n, d);
      liveAllocations++;
      features = m._malloc(d * 8);
      text = m._malloc(full.length + 1);
      for (let i = 0; i < n; i++) {
        const r = rows[i];
        // the heap views change when wasm memory grows: read them after every malloc
        m.HEAPF64.set(X.values.subarray(r * d, r * d + d), features >> 3);
        m._add_instance(problem, features, d, labels[i], i);
      }
      const bytes = m.HEAPU8;
      for (let i = 0; i < full.length; i++) bytes[text + i] = full.charCodeAt(i);
      bytes[text + full.length] = 0;
      model = m._libsvm_train_problem(problem, text);
      liveAllocations++;
      return this.copyModel(model);
    } catch (error) {
      // emscripten's abort() throws a string; a trap throws a WebAssembly.RuntimeError
      if (typeof error === 'string' || (error instanceof Error && error.name === 'RuntimeError')) {
        aborted = true;
        forget(this.build);
        throw new TunekitError(`libsvm aborted while training (${String(error).slice(0, 200)}).`);
      }
      throw error;
    } finally {
      if (!aborted) this.free(problem, model, features, text);
    }
  }

  private free(problem: number, model: number, features: number, text: number): void {
    const m = this.module;
    if (model !== 0) {
      m._svm_free_model(model);
      liveAllocations--;
    }
    if (problem !== 0) {
      m._free_problem(problem);
      liveAllocations--;
    }
    if (features !== 0) m._free(features);
    if (text !== 0) m._free(text);
  }

  /**
   * Copies a model out of wasm memory: straight from libsvm's `svm_model` struct
   * (exact doubles) when its layout checked out at load time, else from libsvm's
   * saved-model text (rho has 6 significant digits there).
   */
  copyModel(model: number): LibsvmModel {
    const m = this.module;
    const nSV = m._svm_get_nr_sv(model);
    const svIndices = this.readInts(nSV, (out) => m._svm_get_sv_indices(model, out)).map((i) => i - 1);
    this.lastFromStruct = false;
    if (this.structLayout) {
      const fromStruct = readModelStruct(m, model, svIndices);
      this.lastFromStruct = fromStruct !== undefined;
      if (fromStruct !== undefined) return fromStruct;
    }
    const pointer = m._serialize_model(model);
    if (pointer === 0) throw new TunekitError('libsvm could not serialize a trained model.');
    let serialized: string;
    try {
      serialized = m.Pointer_stringify(pointer);
    } finally {
      m._free(pointer);
    }
    return parseModel(serialized, svIndices);
  }

  /** `count` ints written by `write` into a temporary wasm buffer. */
  private readInts(count: number, write: (out: number) => void): Int32Array {
    const m = this.module;
    const out = m._malloc(Math.max(1, count) * 4);
    try {
      write(out);
      return m.HEAP32.slice(out >> 2, (out >> 2) + count);
    } finally {
      m._free(out);
    }
  }

  /**
   * Checks, on a small problem, that the `svm_model` fields read from memory agree
   * with libsvm's accessors and its saved-model text; reading the struct is then
   * used for every model.
   */
  checkStructLayout(): boolean {
    const X = new DenseMatrix(Float64Array.from([0, 0, 1, 1, 1, 0, 0, 1, 2, 2, 0.5, 0.2]), 6, 2);
    const rows = Int32Array.from([0, 1, 2, 3, 4, 5]);
    const labels = Float64Array.from([2, 0, 1, 1, 0, 2]);
    this.structLayout = false;
    try {
      const text = this.train(X, rows, labels, '-s 0 -t 2 -g 0.5 -c 1');
      this.structLayout = true;
      const struct = this.train(X, rows, labels, '-s 0 -t 2 -g 0.5 -c 1');
      const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number): boolean =>
        a.length === b.length && Array.from(a).every((v, i) => Math.abs(v - b[i]) <= tol * Math.max(1, Math.abs(v)));
      this.structLayout =
        this.lastFromStruct &&
        close(struct.labels, text.labels, 0) &&
        close(struct.nSV, text.nSV, 0) &&
        close(struct.rho, text.rho, 1e-5) &&
        struct.coef.length === text.coef.length &&
        struct.coef.every((row, r) => close(row, text.coef[r], 1e-12));
    } catch {
      this.structLayout = false;
    }
    return this.structLayout;
  }
}
