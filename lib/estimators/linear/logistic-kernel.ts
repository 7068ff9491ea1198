/**
 * The objectives of LogisticRegression's L-BFGS solver on the WebAssembly kernels:
 * the same values and gradients as {@link BinaryLogisticLoss} and
 * {@link MultinomialLogisticLoss} (the plain reference the specs compare with), in one
 * pass over the rows per evaluation, on rows copied into the kernels' memory once.
 *
 * Parameter layout as there: binary `[w_0 … w_{p-1}, b]`; multinomial one block of
 * `p (+1)` per class, class after class.
 */
import type { KernelRows } from './linear-kernels.js';
import { linearKernels } from './linear-kernels.js';

/** An objective on kernel memory: free it with `dispose` once the solver is done. */
export interface KernelObjective {
  readonly dim: number;
  /** f(w), writing the gradient into `grad`. */
  valueAndGradient(w: Float64Array, grad: Float64Array): number;
  dispose(): void;
}

/** Allocates blocks of the kernel module and frees them all at once. */
class Blocks {
  private readonly taken: number[] = [];

  alloc(bytes: number): number {
    const ptr = linearKernels.alloc(bytes);
    this.taken.push(ptr);
    return ptr;
  }

  /** Allocates and fills a float64 block. */
  f64(values: ArrayLike<number>): number {
    const ptr = this.alloc(values.length * 8);
    linearKernels.f64(ptr, values.length).set(values);
    return ptr;
  }

  releaseAll(): void {
    for (let k = this.taken.length - 1; k >= 0; k--) linearKernels.release(this.taken[k] as number);
    this.taken.length = 0;
  }
}

/**
 * Σ swᵢ · (log(1 + e^zᵢ) - yᵢ zᵢ) + ½ l2 ‖w‖², zᵢ = xᵢ·w + b, with labels y in {0, 1}.
 */
export class BinaryLogisticKernel implements KernelObjective {
  readonly dim: number;
  private readonly blocks = new Blocks();
  private readonly y: number;
  private readonly sw: number;
  private readonly w: number;
  private readonly grad: number;

  constructor(
    private readonly X: KernelRows,
    y01: Float64Array,
    sampleWeight: Float64Array,
    private readonly l2: number,
    private readonly fitIntercept: boolean,
  ) {
    const p = X.columns;
    this.dim = p + (fitIntercept ? 1 : 0);
    this.y = this.blocks.f64(y01);
    this.sw = this.blocks.f64(sampleWeight);
    this.w = this.blocks.alloc(p * 8 + 16);
    this.grad = this.blocks.alloc(p * 8 + 16);
  }

  valueAndGradient(w: Float64Array, grad: Float64Array): number {
    const { X, l2 } = this;
    const p = X.columns;
    linearKernels.f64(this.w, p).set(w.subarray(0, p));
    const b = this.fitIntercept ? (w[p] as number) : 0;
    let f = linearKernels.exports.binary_logistic(X.ptr, X.rows, p, this.w, b, this.y, this.sw, this.grad);
    const g = linearKernels.f64(this.grad, p + 1);
    let penalty = 0;
    for (let j = 0; j < p; j++) {
      const wj = w[j] as number;
      penalty += wj * wj;
      grad[j] = (g[j] as number) + l2 * wj;
    }
    if (this.fitIntercept) grad[p] = g[p] as number;
    f += 0.5 * l2 * penalty;
    return f;
  }

  dispose(): void {
    this.blocks.releaseAll();
  }
}

/**
 * Σ swᵢ · (log Σ_k e^{z_ik} - z_i,yᵢ) + ½ l2 Σ_k ‖w_k‖², with labels as class codes.
 */
export class MultinomialLogisticKernel implements KernelObjective {
  readonly dim: number;
  private readonly block: number;
  private readonly blocks = new Blocks();
  private readonly codes: number;
  private readonly sw: number;
  private readonly w: number;
  private readonly grad: number;
  private readonly scratch: number;

  constructor(
    private readonly X: KernelRows,
    codes: Int32Array,
    private readonly nClasses: number,
    sampleWeight: Float64Array,
    private readonly l2: number,
    private readonly fitIntercept: boolean,
  ) {
    this.block = X.columns + (fitIntercept ? 1 : 0);
    this.dim = this.block * nClasses;
    const codesPtr = this.blocks.alloc(codes.length * 4);
    linearKernels.i32(codesPtr, codes.length).set(codes);
    this.codes = codesPtr;
    this.sw = this.blocks.f64(sampleWeight);
    this.w = this.blocks.alloc(this.dim * 8 + 16);
    this.grad = this.blocks.alloc(this.dim * 8 + 16);
    // the kernel's per-chunk values: K classes × 64 rows
    this.scratch = this.blocks.alloc(nClasses * 64 * 8 + 16);
  }

  valueAndGradient(w: Float64Array, grad: Float64Array): number {
    const { X, l2, block, nClasses: K, dim } = this;
    const p = X.columns;
    linearKernels.f64(this.w, dim).set(w);
    let f = linearKernels.exports.multinomial_logistic(
      X.ptr, X.rows, p, K, this.w, block, this.fitIntercept ? 1 : 0, this.codes, this.sw, this.grad, this.scratch, 0,
    );
    grad.set(linearKernels.f64(this.grad, dim));
    let penalty = 0;
    for (let k = 0; k < K; k++) {
      const o = k * block;
      for (let j = 0; j < p; j++) {
        const wj = w[o + j] as number;
        penalty += wj * wj;
        grad[o + j] = (grad[o + j] as number) + l2 * wj;
      }
    }
    f += 0.5 * l2 * penalty;
    return f;
  }

  dispose(): void {
    this.blocks.releaseAll();
  }
}
