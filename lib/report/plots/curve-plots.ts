/**
 * Curves: per-epoch learning curves of iteratively trained trials (Keras
 * `history`, or a trial's intermediate values), and the results of
 * `learningCurve` and `validationCurve` (mean ± one standard deviation over
 * splits, training and validation).
 */
import type { LearningCurveResult, ValidationCurveResult } from '../../model-selection/curves.js';
import type { Plot, VegaLiteSpec } from '../render.js';

/** One trial's per-epoch metrics. */
export interface EpochTrial {
  /** A label of the trial (`#3`, `random #5`). */
  readonly id: string;
  /** A group to colour by (a strategy); trials without one are coloured by `score`. */
  readonly group?: string | undefined;
  /** The trial's final score (colours the lines when there is no group). */
  readonly score?: number | undefined;
  /** metric name -> value per epoch (epoch 1 first). */
  readonly history: Readonly<Record<string, readonly number[]>>;
}

/** Options of {@link epochCurvesPlot}. */
export interface EpochCurvesOptions {
  readonly id?: string | undefined;
  readonly title?: string | undefined;
  /** The legend title of the groups. @default 'group' */
  readonly groupTitle?: string | undefined;
  /** Metrics to draw, in order. @default every metric of the histories */
  readonly metrics?: readonly string[] | undefined;
}

/**
 * Per-epoch curves of several trials, one panel per metric (training and
 * validation metrics side by side), one line per trial.
 * @example
 * ```ts
 * epochCurvesPlot([{ id: '#0', score: 0.93, history: { loss: [0.9, 0.5], val_accuracy: [0.8, 0.9] } }]);
 * ```
 */
export function epochCurvesPlot(trials: readonly EpochTrial[], options: EpochCurvesOptions = {}): Plot {
  const all = [...new Set(trials.flatMap((t) => Object.keys(t.history)))].sort((a, b) => metricOrder(a) - metricOrder(b) || a.localeCompare(b));
  const metrics = options.metrics ?? all;
  const data = trials.flatMap((t) =>
    metrics.flatMap((m) => (t.history[m] ?? []).map((value, i) => ({ trial: t.id, group: t.group ?? '', score: t.score ?? NaN, metric: m, epoch: i + 1, value }))),
  );
  const grouped = trials.some((t) => t.group !== undefined);
  const title = options.title ?? 'Learning curves per epoch';
  const color = grouped
    ? { field: 'group', type: 'nominal', title: options.groupTitle ?? 'group' }
    : { field: 'score', type: 'quantitative', title: 'trial score', scale: { scheme: 'viridis' } };
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: 'one line per trial; one panel per metric (val_ = on the held-out validation rows)' },
    data: { values: data },
    facet: { column: { field: 'metric', type: 'nominal', title: null, sort: metrics } },
    spec: {
      width: 260,
      height: 200,
      mark: { type: 'line', strokeWidth: 1.3, opacity: 0.75, point: false },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
        y: { field: 'value', type: 'quantitative', title: 'metric value', scale: { zero: false } },
        detail: { field: 'trial', type: 'nominal' },
        color,
      },
    },
    resolve: { scale: { y: 'independent' } },
  } as unknown as VegaLiteSpec;
  return {
    id: options.id ?? 'epoch-curves',
    title,
    caption: `${trials.length} trials. A curve that stops early was pruned, early-stopped or given a small budget by a multi-fidelity scheduler.`,
    data,
    spec,
  };
}

function metricOrder(name: string): number {
  return name.startsWith('val_') ? 1 : 0;
}

function meanStd(values: readonly number[]): { mean: number; std: number } {
  const f = values.filter((v) => Number.isFinite(v));
  if (f.length === 0) return { mean: NaN, std: NaN };
  const mean = f.reduce((s, v) => s + v, 0) / f.length;
  return { mean, std: Math.sqrt(f.reduce((s, v) => s + (v - mean) ** 2, 0) / f.length) };
}

function curveSpec(data: readonly object[], title: string, subtitle: string, xTitle: string, xScale: object, yTitle: string, xType: string): VegaLiteSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle },
    width: 420,
    height: 260,
    data: { values: data },
    encoding: {
      x: { field: 'x', type: xType, title: xTitle, ...(xType === 'quantitative' ? { scale: xScale } : { sort: null }) },
      color: { field: 'set', type: 'nominal', title: null, scale: { domain: ['training', 'validation'], range: ['#0072B2', '#D55E00'] }, legend: { symbolOpacity: 1 } },
    },
    layer: [
      { mark: { type: 'area', opacity: 0.18 }, encoding: { y: { field: 'lo', type: 'quantitative', title: yTitle, scale: { zero: false } }, y2: { field: 'hi' } } },
      { mark: { type: 'line', point: true, strokeWidth: 2 }, encoding: { y: { field: 'mean', type: 'quantitative' } } },
    ],
  } as unknown as VegaLiteSpec;
}

/** Options of {@link learningCurvePlot} and {@link validationCurvePlot}. */
export interface CurvePlotOptions {
  readonly title?: string | undefined;
  /** The score's name on the y axis. @default 'score' */
  readonly scoreName?: string | undefined;
}

/**
 * A `learningCurve` result: mean training and validation scores against the
 * number of training rows, with ± one standard deviation over splits.
 * @example
 * ```ts
 * learningCurvePlot(await learningCurve(new Ridge(), X, y, { cv: 5 }));
 * ```
 */
export function learningCurvePlot(result: LearningCurveResult, options: CurvePlotOptions = {}): Plot {
  const data = result.trainSizesAbs.flatMap((size, i) =>
    (['training', 'validation'] as const).map((set) => {
      const { mean, std } = meanStd((set === 'training' ? result.trainScores : result.testScores)[i] ?? []);
      return { x: size, set, mean, std, lo: mean - std, hi: mean + std };
    }),
  );
  const title = options.title ?? 'Learning curve';
  const yTitle = options.scoreName ?? 'score';
  return {
    id: 'learning-curve',
    title,
    caption: 'A validation score still rising at the largest size says more data would help; a wide gap between the curves says the model overfits.',
    data,
    spec: curveSpec(data, title, 'mean over CV splits; band: ± one standard deviation', 'training rows', { zero: false }, yTitle, 'quantitative'),
  };
}

/**
 * A `validationCurve` result: mean training and validation scores for each
 * value of one parameter (log axis for positive values spanning more than two
 * decades; an ordinal axis for non-numbers).
 * @example
 * ```ts
 * const paramRange = [0.01, 0.1, 1, 10];
 * validationCurvePlot(await validationCurve(new Ridge(), X, y, { paramName: 'alpha', paramRange }), 'alpha', paramRange);
 * ```
 */
export function validationCurvePlot(result: ValidationCurveResult, paramName: string, paramRange: readonly unknown[], options: CurvePlotOptions = {}): Plot {
  const numeric = paramRange.every((v) => typeof v === 'number' && Number.isFinite(v));
  const log = numeric && isLogSpread(paramRange as number[]);
  const data = paramRange.flatMap((value, i) =>
    (['training', 'validation'] as const).map((set) => {
      const { mean, std } = meanStd((set === 'training' ? result.trainScores : result.testScores)[i] ?? []);
      return { x: numeric ? (value as number) : String(value), set, mean, std, lo: mean - std, hi: mean + std };
    }),
  );
  const title = options.title ?? `Validation curve of ${paramName}`;
  return {
    id: `validation-curve-${paramName.replace(/[^A-Za-z0-9]+/g, '-')}`,
    title,
    caption: `Where both curves are low the model underfits; where the training score stays high and the validation score falls away, it overfits. The best ${paramName} is where the validation curve peaks.`,
    data,
    spec: curveSpec(data, title, 'mean over CV splits; band: ± one standard deviation', `${paramName}${log ? ' (log scale)' : ''}`, log ? { type: 'log' } : { zero: false }, options.scoreName ?? 'score', numeric ? 'quantitative' : 'ordinal'),
  };
}

/**
 * True for positive numbers whose largest is over 100 times the smallest: a
 * parameter best seen on a log axis.
 * @example
 * ```ts
 * isLogSpread([0.001, 1, 10]); // true
 * ```
 */
export function isLogSpread(values: readonly number[]): boolean {
  const f = values.filter((v) => Number.isFinite(v));
  if (f.length < 2 || f.some((v) => v <= 0)) return false;
  return Math.max(...f) / Math.min(...f) > 100;
}
