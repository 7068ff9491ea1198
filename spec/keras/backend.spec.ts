import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidParameterError, TunekitError } from '../../lib/core/errors.js';
import { captureWarnings } from '../../lib/core/warnings.js';
import { parseMissingKernel, releaseFailedTape, resetBackendNotices } from '../../lib/keras/backend.js';
import { KerasClassifier, availableBackends, getBackendName, loadTensorFlow, setBackend } from '../../lib/keras/index.js';
import { blobs, convnet, mlp } from './_models.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

/** Runs an ES module snippet in a fresh Node process (with tsx, so it can import our .ts files). */
async function child(code: string, env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: root,
    env: { ...process.env, ...env, TUNEKIT_BACKEND: env.TUNEKIT_BACKEND ?? '' },
  });
  return stdout.trim();
}

describe('loading TensorFlow.js', () => {
  it('does not happen when tunekit or its keras module is imported', async () => {
    const out = await child(`
      const tunekit = await import('./lib/index.ts');
      const keras = await import('./lib/keras/index.ts');
      new tunekit.KerasClassifier({ epochs: 2 });
      console.log(typeof globalThis._tfengine, typeof tunekit.KerasClassifier, keras.getBackendName());
    `);
    expect(out).toBe('undefined function undefined');
  });

  it('happens on the first fit, on the wasm backend when tfjs-node is not installed', async () => {
    const out = await child(`
      const { KerasClassifier, getBackendName, availableBackends } = await import('./lib/keras/index.ts');
      const { mlp } = await import('./spec/keras/_models.ts');
      await new KerasClassifier({ model: mlp, epochs: 1 }).fit([[0], [1], [2], [3]], [0, 1, 0, 1]);
      console.log(typeof globalThis._tfengine, getBackendName(), (await availableBackends()).join(','));
    `);
    expect(out).toBe('object wasm wasm,cpu');
  });

  it('picks the tensorflow backend of tfjs-node first when it is registered', async () => {
    // stands in for an installed @tensorflow/tfjs-node, which registers the 'tensorflow' backend
    const out = await child(`
      const tf = await import('@tensorflow/tfjs');
      tf.registerBackend('tensorflow', () => tf.findBackend('cpu'), 3);
      const { loadTensorFlow, getBackendName } = await import('./lib/keras/index.ts');
      await loadTensorFlow();
      console.log(getBackendName());
    `);
    expect(out).toBe('tensorflow');
  });

  it('follows TUNEKIT_BACKEND', async () => {
    const code = `const k = await import('./lib/keras/index.ts'); await k.loadTensorFlow(); console.log(k.getBackendName());`;
    expect(await child(code, { TUNEKIT_BACKEND: 'cpu' })).toBe('cpu');
    expect(await child(code, { TUNEKIT_BACKEND: 'WASM' })).toBe('wasm');
  });

  it('rejects an unknown TUNEKIT_BACKEND with the valid names', async () => {
    const out = await child(`const k = await import('./lib/keras/index.ts'); try { await k.loadTensorFlow(); } catch (e) { console.log(e.name + ': ' + e.message); }`, { TUNEKIT_BACKEND: 'gpu' });
    expect(out).toBe('InvalidParameterError: The "TUNEKIT_BACKEND" environment variable of tunekit must be one of "tensorflow" (or "node"), "wasm" or "cpu". Got "gpu" instead.');
  });
});

describe('setBackend', () => {
  afterEach(async () => {
    await setBackend('wasm');
  });

  it('switches the backend of later fits', async () => {
    expect(await setBackend('cpu')).toBe('cpu');
    expect(getBackendName()).toBe('cpu');
    const { X, y } = blobs(20);
    const clf = new KerasClassifier({ model: mlp, epochs: 1, randomState: 0 });
    await clf.fit(X, y);
    expect(clf.backend).toBe('cpu');
    clf.dispose();
  });

  it('rejects unknown and missing backends', async () => {
    const unknown = setBackend('webgpu' as never);
    await expect(unknown).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(unknown).rejects.toThrow('The "name" argument of setBackend must be one of "tensorflow" (or "node"), "wasm" or "cpu". Got "webgpu" instead.');
    const error = await setBackend('node').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TunekitError);
    expect((error as Error).message).toMatch(/^The TensorFlow\.js backend "tensorflow" is not available \(.*\)\. Install @tensorflow\/tfjs-node \(the same version as @tensorflow\/tfjs\) to use it, or choose another backend\.$/);
    expect(await availableBackends()).toEqual(['wasm', 'cpu']);
  });
});

describe('kernels missing from the wasm backend', () => {
  it('train the model on cpu, with a one-line notice given once, and leak nothing', async () => {
    await loadTensorFlow();
    expect(tf.getBackend()).toBe('wasm');
    resetBackendNotices();
    const X = Array.from({ length: 24 }, (_, i) => Array.from({ length: 16 }, (_, j) => Math.sin(i * 3 + j * (i % 2 ? 1 : -1))));
    const y = X.map((_, i) => i % 2);
    const before = tf.memory().numTensors;
    const clf = new KerasClassifier({ model: convnet, epochs: 2, batchSize: 8, randomState: 0 });
    const first = await captureWarnings(() => clf.fit(X, y));
    expect(first.warnings).toEqual([
      {
        category: 'BackendWarning',
        message: 'KerasClassifier: the wasm backend has no "Conv2DBackpropFilter" kernel, which training this model needs; the model is trained and run on the cpu backend instead.',
      },
    ]);
    expect(clf.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('wasm');
    expect((await clf.predict(X)).length).toBe(24);
    const second = await captureWarnings(() => clf.fit(X, y));
    expect(second.warnings).toEqual([]);
    clf.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('still fall back to cpu when the kernel is only missed mid-training', async () => {
    await loadTensorFlow();
    resetBackendNotices();
    const sqrt = tf.getKernel('Sqrt', 'wasm')!;
    tf.unregisterKernel('Sqrt', 'wasm'); // Adam's update needs it; the forward and backward passes do not
    try {
      const { X, y } = blobs(20);
      const clf = new KerasClassifier({ model: mlp, optimizer: 'adam', epochs: 1, randomState: 0 });
      const { warnings } = await captureWarnings(() => clf.fit(X, y));
      expect(warnings.map((w) => w.message)).toEqual([
        'KerasClassifier: the wasm backend has no "Sqrt" kernel, which training this model needs; the model is trained and run on the cpu backend instead.',
      ]);
      expect(clf.backend).toBe('cpu');
      clf.dispose();
    } finally {
      tf.registerKernel(sqrt);
    }
  });

  it('are named by parseMissingKernel', () => {
    expect(parseMissingKernel(new Error("Kernel 'UnsortedSegmentSum' not registered for backend 'wasm'"))).toEqual({ kernel: 'UnsortedSegmentSum', backend: 'wasm' });
    expect(parseMissingKernel(new Error('other'))).toBeUndefined();
  });

  it('leave gradient tensors on the tape, which releaseFailedTape frees', async () => {
    await loadTensorFlow();
    const before = tf.memory().numTensors;
    const conv = convnet({}, { nFeaturesIn: 16, nOutputs: 1, classes: [0, 1], nClasses: 2, targetType: 'binary', outputActivation: 'sigmoid' });
    const x = tf.ones([2, 16]);
    const weights = tf.memory().numTensors;
    expect(() => tf.tidy(() => void tf.variableGrads(() => tf.sum(conv.apply(x) as tf.Tensor) as tf.Scalar))).toThrow(/Conv2DBackpropFilter/);
    expect(tf.memory().numTensors).toBeGreaterThan(weights);
    expect(releaseFailedTape(tf)).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(weights);
    conv.dispose();
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('an uncaught error after the wasm backend has loaded', () => {
  it('is reported by Node itself, not after a line of the backend bundle', async () => {
    const script = `
      const { KerasClassifier, getBackendName } = await import('./lib/keras/index.ts');
      const { mlp } = await import('./spec/keras/_models.ts');
      await new KerasClassifier({ model: mlp, epochs: 1 }).fit([[0], [1], [2], [3]], [0, 1, 0, 1]);
      if (getBackendName() !== 'wasm') throw new Error('expected the wasm backend, got ' + getBackendName());
      setTimeout(() => { throw new Error('the user script failed here'); }, 0);
    `;
    const failure = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      env: { ...process.env, TUNEKIT_BACKEND: 'wasm' },
    }).then(
      () => undefined,
      (error: { stderr: string; code: number }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure!.stderr).toContain('Error: the user script failed here');
    const longest = Math.max(...failure!.stderr.split('\n').map((line) => line.length));
    expect(longest).toBeLessThan(1000); // the bundle's minified line is ~40 KB
    expect(failure!.stderr).not.toContain('tf-backend-wasm');
  });
});
