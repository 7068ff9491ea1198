/**
 * A pipeline's shared work across the candidates of a search (scikit-learn's
 * `Pipeline(memory=...)`, without a disk): the transformers before the final
 * step are fitted once per split and params (the prefix's key), their output on
 * the split's training and test rows is kept, and every candidate with the same
 * prefix fits only its final step on it. The final step's own shared work
 * (SVC's kernel matrix, KNN's neighbours...) is built on the prefix's output and
 * shared in turn, by the candidates with the same prefix and final key; the
 * prefix is shared by every final key (a grid over C × gamma fits the scaler
 * once per split, not once per gamma).
 *
 * A candidate fitted from the state holds the prefix's fitted transformers (shared,
 * never disposed through it) and its own fitted final step; predicting the split's
 * test rows takes the prefix's output as it is.
 */
import type { DenseMatrix, MatrixLike, TargetLike } from '../core/data.js';
import type { AnyEstimator, FitOptions } from '../core/estimator.js';
import { clone, isEstimator } from '../core/estimator.js';
import type { BuiltState, SharedWork, SplitRows, StateBuildContext, WarmStart } from '../core/shared-state.js';
import { classStateKey, sharedWorkOf, stateKey } from '../core/shared-state.js';

/** A step as the pipeline holds it. */
type Step = readonly [name: string, estimator: AnyEstimator | 'passthrough' | null];

/** The prefix fitted on one split: its fitted steps, and the split's rows run through them. */
export interface PrefixState {
  readonly steps: readonly Step[];
  readonly rows: SplitRows;
}

/** One split's state: the prefix (shared beyond this key) and the final step's own state. */
interface PipelineState {
  readonly prefix: PrefixState;
  readonly final: unknown;
}

/** A pipeline fitted from a state, as the pipeline adopts it. */
export interface SharedPipelineFit {
  /** Every step, fitted: the prefix's (shared) and the final one. */
  readonly steps: readonly Step[];
  /** The prefix's steps: shared with other candidates, never disposed through this pipeline. */
  readonly borrowed: ReadonlySet<unknown>;
  /** The split's test rows and the prefix's output on them. */
  readonly shortcut: { readonly X: DenseMatrix; readonly Xt: DenseMatrix };
  readonly nFeatures: number;
}

/** What the pipeline lends this module. */
export interface PipelineHooks {
  /** A transformer fitted on X, and its output on X. */
  readonly fitTransform: (transformer: AnyEstimator, X: MatrixLike, y: TargetLike | undefined, options: FitOptions) => Promise<DenseMatrix>;
  /** Makes the pipeline fitted from a state. */
  readonly adopt: (fit: SharedPipelineFit) => void;
}

/** A pipeline candidate's shared work. */
class PipelineWork implements SharedWork<PipelineState, unknown> {
  readonly key: string;
  readonly warmStart: WarmStart | undefined;

  constructor(
    private readonly prefix: readonly Step[],
    private readonly prefixKey: string,
    private readonly finalName: string,
    /** The final step's clone that this candidate fits. */
    readonly final: AnyEstimator,
    /** Its shared work, when it has some. */
    readonly finalWork: SharedWork | undefined,
    private readonly hooks: PipelineHooks,
  ) {
    this.key = `prefix:${prefixKey}|final:${finalWork === undefined ? 'fit' : classStateKey(final, finalWork)}`;
    this.warmStart = finalWork?.warmStart;
  }

  async build(rows: SplitRows, group: readonly this[], context: StateBuildContext): Promise<BuiltState<PipelineState>> {
    const prefix = await context.share(`pipeline-prefix|${this.prefixKey}`, () => this.fitPrefix(rows, context));
    if (this.finalWork === undefined) return { value: { prefix, final: undefined }, bytes: 0 };
    const inner = await this.finalWork.build(prefix.rows, group.map((g) => g.finalWork) as never, context);
    return { value: { prefix, final: inner.value }, bytes: inner.bytes, dispose: inner.dispose === undefined ? undefined : () => inner.dispose?.() };
  }

  covers(state: PipelineState): boolean {
    return this.finalWork?.covers?.(state.final) ?? true;
  }

  async fit(state: PipelineState, rows: SplitRows, warm: unknown, options: FitOptions): Promise<unknown> {
    const inner = state.prefix.rows;
    let next: unknown;
    if (this.finalWork === undefined) await this.final.fit(inner.XTrain, inner.yTrain, options);
    else next = await this.finalWork.fit(state.final, inner, warm, options);
    const steps = state.prefix.steps;
    this.hooks.adopt({
      steps: [...steps, [this.finalName, this.final]],
      borrowed: new Set(steps.map(([, e]) => e)),
      shortcut: { X: rows.XTest, Xt: inner.XTest },
      nFeatures: rows.XTrain.columns,
    });
    return next;
  }

  /** The prefix's steps fitted on the split's training rows, and the split's rows run through them. */
  private async fitPrefix(rows: SplitRows, context: StateBuildContext): Promise<BuiltState<PrefixState>> {
    let XTrain = rows.XTrain;
    let XTest = rows.XTest;
    const steps: Step[] = [];
    const options: FitOptions = { signal: context.signal, groups: rows.groupsTrain };
    for (const [name, est] of this.prefix) {
      if (est === null || est === 'passthrough') {
        steps.push([name, est]);
        continue;
      }
      const copy = clone(est);
      XTrain = await this.hooks.fitTransform(copy, XTrain, rows.yTrain, options);
      XTest = await (copy as AnyEstimator & { transform(X: MatrixLike): Promise<DenseMatrix> }).transform(XTest);
      steps.push([name, copy]);
    }
    const own = (m: DenseMatrix, of: DenseMatrix): number => (m === of ? 0 : m.values.byteLength);
    return {
      value: { steps, rows: { ...rows, XTrain, XTest } },
      bytes: own(XTrain, rows.XTrain) + own(XTest, rows.XTest),
      dispose: () => steps.forEach(([, e]) => isEstimator(e) && e.dispose?.()),
    };
  }
}

/**
 * The shared work of a pipeline with these steps: none when it has no final
 * estimator, when a prefix step's params cannot be compared by value, or when
 * neither the prefix nor the final step has work to share.
 */
export function pipelineSharedWork(steps: readonly Step[], hooks: PipelineHooks): SharedWork | undefined {
  const last = steps[steps.length - 1];
  if (last === undefined || !isEstimator(last[1])) return undefined;
  const prefix = steps.slice(0, -1);
  const prefixKey = stateKey(prefix.map(([name, est]) => [name, est]));
  if (prefixKey === undefined) return undefined;
  const final = clone(last[1]);
  const finalWork = sharedWorkOf(final);
  const fitsSomething = prefix.some(([, est]) => isEstimator(est));
  if (!fitsSomething && finalWork === undefined) return undefined;
  return new PipelineWork(prefix, prefixKey, last[0], final, finalWork, hooks);
}
