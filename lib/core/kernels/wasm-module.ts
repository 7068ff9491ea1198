/**
 * A WebAssembly module of numeric kernels and the memory it works in.
 *
 * The kernels are written in AssemblyScript (`wasm/assembly/`), compiled at install
 * time by `scripts/build-wasm.mjs` and embedded as base64 (`generated/`), so loading
 * needs no file access. A module is compiled and instantiated on first use.
 *
 * Memory: each module owns one linear memory. This class hands out blocks of it with a
 * first-fit free list (16-byte aligned, for SIMD loads), growing the memory when no
 * free block is large enough. Growing replaces `memory.buffer`, so a typed-array view
 * must never be kept across an `alloc`: ask {@link WasmKernelModule.f64} for a fresh one.
 * Blocks are freed explicitly, usually in a `finally` (see {@link WasmKernelModule.scoped}).
 */

const PAGE = 65536;
const ALIGN = 16;

/** Decodes base64 without Node's Buffer (so the core stays usable in a browser). */
function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** The parts of the WebAssembly API used here (the project's `lib` has no DOM types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: object };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface FreeBlock {
  start: number;
  end: number;
}

/** What every kernel module exports besides its kernels. */
export interface KernelExports {
  readonly memory: WasmMemory;
  heap_base(): number;
}

/** A lazily instantiated kernel module with an allocator over its memory. */
export class WasmKernelModule<E extends KernelExports> {
  private instance: E | undefined;
  /** Free blocks sorted by start; the top of the heap is `top`. */
  private readonly free: FreeBlock[] = [];
  private readonly sizes = new Map<number, number>();
  private top = 0;

  constructor(
    readonly name: string,
    private readonly base64: string,
  ) {}

  /** The module's exports (compiled and instantiated on the first call). */
  get exports(): E {
    if (this.instance === undefined) {
      const module = new wasmApi.Module(decodeBase64(this.base64));
      const instance = new wasmApi.Instance(module, { env: { abort: () => { throw new Error(`wasm kernel ${this.name} aborted`); } } });
      this.instance = instance.exports as unknown as E;
      this.top = align(this.instance.heap_base() + ALIGN);
    }
    return this.instance;
  }

  /** Reserves `bytes` bytes and returns their address (16-byte aligned). */
  alloc(bytes: number): number {
    const size = align(Math.max(bytes, ALIGN));
    const exports = this.exports;
    for (let k = 0; k < this.free.length; k++) {
      const block = this.free[k] as FreeBlock;
      if (block.end - block.start >= size) {
        const ptr = block.start;
        block.start += size;
        if (block.start === block.end) this.free.splice(k, 1);
        this.sizes.set(ptr, size);
        return ptr;
      }
    }
    const ptr = this.top;
    const needed = ptr + size;
    const have = exports.memory.buffer.byteLength;
    if (needed > have) exports.memory.grow(Math.ceil((needed - have) / PAGE));
    this.top = needed;
    this.sizes.set(ptr, size);
    return ptr;
  }

  /** Returns a block from {@link alloc} to the free list (merging neighbours). */
  release(ptr: number): void {
    const size = this.sizes.get(ptr);
    if (size === undefined) throw new Error(`wasm kernel ${this.name}: release of an unknown block at ${ptr}`);
    this.sizes.delete(ptr);
    let start = ptr;
    let end = ptr + size;
    // merge with the blocks before and after; a block ending at the top lowers the top
    let k = 0;
    while (k < this.free.length && (this.free[k] as FreeBlock).start < start) k++;
    const before = this.free[k - 1];
    if (before !== undefined && before.end === start) {
      start = before.start;
      this.free.splice(k - 1, 1);
      k--;
    }
    const after = this.free[k];
    if (after !== undefined && after.start === end) {
      end = after.end;
      this.free.splice(k, 1);
    }
    if (end === this.top) this.top = start;
    else this.free.splice(k, 0, { start, end });
  }

  /** Runs `body` with an allocator whose blocks are all released when it returns or throws. */
  scoped<R>(body: (alloc: (bytes: number) => number) => R): R {
    const taken: number[] = [];
    try {
      return body((bytes) => {
        const ptr = this.alloc(bytes);
        taken.push(ptr);
        return ptr;
      });
    } finally {
      for (let k = taken.length - 1; k >= 0; k--) this.release(taken[k] as number);
    }
  }

  /** A float64 view of `length` values at `ptr` (valid until the next allocation). */
  f64(ptr: number, length: number): Float64Array {
    return new Float64Array(this.exports.memory.buffer, ptr, length);
  }

  /** An int32 view of `length` values at `ptr` (valid until the next allocation). */
  i32(ptr: number, length: number): Int32Array {
    return new Int32Array(this.exports.memory.buffer, ptr, length);
  }

  /** Bytes in use (allocated and not released): for leak checks in tests. */
  get bytesInUse(): number {
    let sum = 0;
    for (const size of this.sizes.values()) sum += size;
    return sum;
  }

  /** The size of the module's memory in bytes (it grows and never shrinks). */
  get memoryBytes(): number {
    return this.instance === undefined ? 0 : this.instance.memory.buffer.byteLength;
  }
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}
