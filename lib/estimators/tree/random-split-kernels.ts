/**
 * The WebAssembly kernels of the random classification splitter
 * (`wasm/assembly/trees.ts`): reading a feature's ranks for a node, counting the
 * classes left of a threshold and partitioning a node, on int32 arrays that live in
 * the kernels' memory.
 *
 * Why WebAssembly for loops this simple: once any `ArrayBuffer` of the process has
 * been detached (a WebAssembly memory that grew — every process that ran one of
 * our other kernels —, a transfer to a worker, tsx's loader), V8 checks for
 * detachment on every typed-array access of optimized JavaScript, which made these
 * loops 15–30% slower than in a fresh process. WebAssembly code has no such check.
 */
import { WASM_BASE64 } from '../../core/kernels/generated/trees.js';
import type { KernelExports } from '../../core/kernels/wasm-module.js';
import { WasmKernelModule } from '../../core/kernels/wasm-module.js';

/** The kernels' exports (addresses are byte offsets into the kernels' memory). */
export interface TreeKernelExports extends KernelExports {
  gather_ranks(column: number, samples: number, xr: number, start: number, end: number, out: number): void;
  read_ranks(column: number, samples: number, xr: number, start: number, end: number): void;
  count_left_two(xr: number, codes: number, start: number, end: number, tr: number, out: number): number;
  count_left_k(xr: number, codes: number, counts: number, k: number, start: number, end: number, tr: number): number;
  partition_left(samples: number, codes: number, xr: number, spillSamples: number, spillCodes: number, start: number, end: number, tr: number): number;
}

/** The random splitter's kernels (instantiated on first use; one memory per thread). */
export const treeKernels = new WasmKernelModule<TreeKernelExports>('trees', WASM_BASE64);

/** Releases the blocks of arrays that were garbage-collected without {@link SplitterArrays.release}. */
const unreleased = new FinalizationRegistry<number[]>((blocks) => {
  for (const ptr of blocks) treeKernels.release(ptr);
});

/**
 * The int32 arrays of one splitter in the kernels' memory: their addresses and views.
 * Call {@link SplitterArrays.release} when done; arrays dropped without it are
 * released when garbage-collected.
 */
export class SplitterArrays {
  /** Addresses of the column-major ranks (n × p), samples, xr, codes, spills, counts (4k) and two outputs. */
  readonly at: { readonly ranks: number; readonly samples: number; readonly xr: number; readonly codes: number; readonly spillSamples: number; readonly spillCodes: number; readonly counts: number; readonly out: number };
  samples!: Int32Array;
  xr!: Int32Array;
  codes!: Int32Array;
  spillSamples!: Int32Array;
  spillCodes!: Int32Array;
  counts!: Int32Array;
  out!: Int32Array;
  private buffer: ArrayBuffer | undefined;
  private readonly blocks: number[] = [];

  constructor(
    private readonly n: number,
    ranks: Int32Array,
    private readonly nClasses: number,
  ) {
    const alloc = (bytes: number): number => {
      const ptr = treeKernels.alloc(bytes);
      this.blocks.push(ptr);
      return ptr;
    };
    this.at = {
      ranks: alloc(4 * ranks.length),
      samples: alloc(4 * n),
      xr: alloc(4 * n),
      codes: alloc(4 * n),
      spillSamples: alloc(4 * n),
      spillCodes: alloc(4 * n),
      counts: alloc(16 * nClasses),
      out: alloc(16),
    };
    treeKernels.i32(this.at.ranks, ranks.length).set(ranks);
    unreleased.register(this, this.blocks, this);
    this.refresh();
  }

  /**
   * Re-creates the views when the kernels' memory has grown since (growth replaces its
   * buffer); call before a synchronous stretch of work that uses them.
   */
  refresh(): void {
    const buffer = treeKernels.exports.memory.buffer;
    if (buffer === this.buffer) return;
    this.buffer = buffer;
    const { at, n } = this;
    this.samples = new Int32Array(buffer, at.samples, n);
    this.xr = new Int32Array(buffer, at.xr, n);
    this.codes = new Int32Array(buffer, at.codes, n);
    this.spillSamples = new Int32Array(buffer, at.spillSamples, n);
    this.spillCodes = new Int32Array(buffer, at.spillCodes, n);
    this.counts = new Int32Array(buffer, at.counts, 4 * this.nClasses);
    this.out = new Int32Array(buffer, at.out, 4);
  }

  /** Returns the arrays' memory to the kernels. */
  release(): void {
    unreleased.unregister(this);
    for (const ptr of this.blocks.splice(0)) treeKernels.release(ptr);
    this.buffer = undefined;
  }
}
