/**
 * scikit-optimize's three plots of an optimization result (`plot_convergence`,
 * `plot_evaluations`, `plot_objective`) as Vega-Lite specs: the best value
 * after n calls; where the evaluations fell (a histogram per dimension, a
 * scatter per pair of dimensions, coloured by order); and the partial
 * dependence of the objective on each dimension and each pair, from a
 * Gaussian process fitted to the evaluations (scikit-optimize plots its last
 * surrogate; a GP on the evaluations works for every result, random search
 * and forests included).
 */
import { Rng } from '../../core/rng.js';
import type { OptimizeResult } from '../../search/samplers/gp/optimizer.js';
import { Optimizer } from '../../search/samplers/gp/optimizer.js';
import type { Dimension } from '../../search/space/dimensions.js';
import type { ParamSet } from '../../search/space/parameter-grid.js';
import type { Plot, VegaLiteSpec } from '../render.js';
import { OKABE_ITO } from '../render.js';
import { bestSoFar } from '../statistics.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** One result's points as value arrays in the space's order. */
function pointsOf(result: OptimizeResult<unknown>): unknown[][] {
  return result.xIters.map((x) => (Array.isArray(x) ? [...x] : result.space.fromParams(x as ParamSet)));
}

function scaleOf(dim: Dimension): Record<string, unknown> {
  if (dim.kind === 'categorical') return {};
  return dim.prior === 'log-uniform' ? { type: 'log' } : { zero: false };
}

function fieldType(dim: Dimension): 'quantitative' | 'nominal' {
  return dim.kind === 'categorical' ? 'nominal' : 'quantitative';
}

/**
 * The best value after n calls, one line per run (scikit-optimize's
 * `plot_convergence`), with the known minimum as a dashed rule when given.
 * @example
 * ```ts
 * minimizeConvergencePlot([{ name: 'gp', result: await gpMinimize(f, space) }], { trueMinimum: 0.397887 });
 * ```
 */
export function minimizeConvergencePlot(runs: readonly { readonly name: string; readonly result: Pick<OptimizeResult<unknown>, 'funcVals'> }[], options: { readonly trueMinimum?: number | undefined; readonly title?: string | undefined } = {}): Plot {
  const data = runs.flatMap(({ name, result }) => {
    const best = bestSoFar(result.funcVals, 'minimize');
    return best.map((v, i) => ({ run: name, calls: i + 1, best: v }));
  });
  const title = options.title ?? 'Convergence plot';
  const lines = {
    transform: [{ filter: 'isFinite(datum.best)' }],
    mark: { type: 'line', interpolate: 'step-after', point: { filled: true, size: 25 } },
    encoding: {
      x: { field: 'calls', type: 'quantitative', title: 'number of calls n' },
      y: { field: 'best', type: 'quantitative', title: 'min f(x) after n calls', scale: { zero: false } },
      color: { field: 'run', type: 'nominal', title: 'run', scale: { range: [...OKABE_ITO.slice(4), ...OKABE_ITO.slice(0, 4)] } },
    },
  };
  const rule = options.trueMinimum === undefined ? [] : [{ data: { values: [{ y: options.trueMinimum }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#D55E00' }, encoding: { y: { field: 'y', type: 'quantitative' } } }];
  const spec = { $schema: SCHEMA, title, width: 480, height: 260, data: { values: data }, layer: [lines, ...rule] } as unknown as VegaLiteSpec;
  const caption = `The smallest value found after n calls${runs.length > 1 ? ', one line per run' : ''}${options.trueMinimum === undefined ? '' : `; dashed: the true minimum ${options.trueMinimum}`}.`;
  return { id: 'convergence', title, caption, data, spec };
}

/**
 * Where the evaluations fell (scikit-optimize's `plot_evaluations`): on the
 * diagonal a histogram of each dimension's values, below it a scatter of
 * each pair coloured by the order of evaluation, the best point as a red star.
 * @example
 * ```ts
 * evaluationsPlot(result);
 * ```
 */
export function evaluationsPlot(result: OptimizeResult<unknown>, options: { readonly title?: string | undefined } = {}): Plot {
  const { space } = result;
  const pts = pointsOf(result);
  const bestIndex = result.funcVals.reduce((b, v, i) => (Number.isFinite(v) && (b < 0 || v < (result.funcVals[b] as number)) ? i : b), -1);
  const data = pts.map((p, i) => ({ ...Object.fromEntries(space.names.map((n, j) => [n, p[j]])), order: i + 1, best: i === bestIndex }));
  const size = Math.max(110, Math.min(180, Math.floor(560 / space.nDims)));
  const rows = space.names.map((ri, i) =>
    space.names.slice(0, i + 1).map((cj, j) => {
      const di = space.dimensions[i] as Dimension;
      const dj = space.dimensions[j] as Dimension;
      if (i === j) {
        const x = di.kind === 'categorical' ? { field: ri, type: 'nominal' } : { field: ri, type: 'quantitative', bin: { maxbins: 15 }, scale: scaleOf(di) };
        return { width: size, height: size, mark: { type: 'bar', color: '#0072B2' }, encoding: { x: { ...x, title: ri }, y: { aggregate: 'count', type: 'quantitative', title: 'evaluations' } } };
      }
      const enc = {
        x: { field: cj, type: fieldType(dj), title: cj, scale: scaleOf(dj) },
        y: { field: ri, type: fieldType(di), title: ri, scale: scaleOf(di) },
      };
      return {
        width: size,
        height: size,
        layer: [
          { mark: { type: 'point', filled: true, size: 30 }, encoding: { ...enc, color: { field: 'order', type: 'quantitative', title: 'evaluation', scale: { scheme: 'viridis' } } } },
          { transform: [{ filter: 'datum.best' }], mark: { type: 'point', shape: 'cross', filled: true, size: 160, color: '#D55E00' }, encoding: enc },
        ],
      };
    }),
  );
  const title = options.title ?? 'Evaluations';
  const spec = { $schema: SCHEMA, title, data: { values: data }, vconcat: rows.map((cells) => ({ hconcat: cells })), resolve: { scale: { color: 'shared' } } } as unknown as VegaLiteSpec;
  return { id: 'evaluations', title, caption: 'Diagonal: how often each value of a dimension was evaluated. Below: each pair of dimensions, coloured by the order of evaluation; red cross: the best point.', data, spec };
}

/** Options of {@link objectivePlot}. */
export interface ObjectivePlotOptions {
  readonly title?: string | undefined;
  /** Grid values per dimension for the 1-D curves (and per axis, halved, for the 2-D maps). @default 40 */
  readonly nPoints?: number | undefined;
  /** Random points of the space each partial-dependence value averages over. @default 100 */
  readonly nSamples?: number | undefined;
  /** Seed of the samples and the GP fit. @default 0 */
  readonly randomState?: number | undefined;
}

/** The axis of a heat map's band: numbers shortened and thinned, categories as they are. */
function bandAxis(dim: Dimension): Record<string, unknown> {
  return dim.kind === 'categorical' ? {} : { format: '.3~g', formatType: 'number', labelOverlap: 'greedy', labelAngle: 0 };
}

/** The values of a dimension to plot the partial dependence at. */
function gridOf(dim: Dimension, n: number): unknown[] {
  if (dim.kind === 'categorical') return [...dim.categories];
  if (dim.kind === 'integer' && dim.size <= n) return Array.from({ length: dim.size }, (_, k) => dim.low + k * dim.step);
  return [...new Set(Array.from({ length: n }, (_, k) => dim.fromUnit((k + 0.5) / n)))];
}

/**
 * The partial dependence of the objective (scikit-optimize's
 * `plot_objective`): on the diagonal, the surrogate's mean along each
 * dimension averaged over random values of the others; below it, the same on
 * each pair of dimensions as a heat map, with the evaluations as points and
 * the best as a red cross. The surrogate is a GP fitted to the evaluations.
 * @example
 * ```ts
 * objectivePlot(await gpMinimize(f, [[-5.0, 10.0], [0.0, 15.0]], { nCalls: 30 }));
 * ```
 */
export function objectivePlot(result: OptimizeResult<unknown>, options: ObjectivePlotOptions = {}): Plot {
  const { space } = result;
  const pts = pointsOf(result);
  const model = new Optimizer(space, { randomState: options.randomState ?? 0 });
  pts.forEach((p, i) => model.tell(space.named ? space.toParams(p) : p, result.funcVals[i]));
  const rng = new Rng(options.randomState ?? 0);
  const samples = Array.from({ length: options.nSamples ?? 100 }, () => space.sample(rng));
  const at = (fixed: ReadonlyMap<number, unknown>): number => {
    const batch = samples.map((s) => s.map((v, j) => (fixed.has(j) ? fixed.get(j) : v)));
    const mean = model.predict(batch.map((p) => (space.named ? space.toParams(p) : p)) as never);
    return mean.reduce((a, b) => a + b, 0) / mean.length;
  };
  const n = options.nPoints ?? 40;
  const curves: Record<string, unknown>[] = [];
  const maps: Record<string, unknown>[] = [];
  space.dimensions.forEach((di, i) => {
    for (const v of gridOf(di, n)) curves.push({ dim: space.names[i], x: v, y: at(new Map([[i, v]])) });
    for (let j = 0; j < i; j++) {
      const dj = space.dimensions[j] as Dimension;
      for (const a of gridOf(di, Math.ceil(n / 2))) for (const b of gridOf(dj, Math.ceil(n / 2))) maps.push({ pair: `${space.names[i]}|${space.names[j]}`, y: a, x: b, z: at(new Map([[i, a], [j, b]])) });
    }
  });
  const bestIndex = result.funcVals.reduce((b, v, k) => (Number.isFinite(v) && (b < 0 || v < (result.funcVals[b] as number)) ? k : b), -1);
  const evals = pts.map((p, k) => ({ ...Object.fromEntries(space.names.map((nm, j) => [nm, p[j]])), best: k === bestIndex }));
  const size = Math.max(110, Math.min(180, Math.floor(560 / space.nDims)));
  const rows = space.names.map((ri, i) =>
    space.names.slice(0, i + 1).map((cj, j) => {
      const di = space.dimensions[i] as Dimension;
      const dj = space.dimensions[j] as Dimension;
      if (i === j) {
        return {
          width: size,
          height: size,
          data: { values: curves.filter((c) => c.dim === ri) },
          mark: di.kind === 'categorical' ? { type: 'point', filled: true, size: 60, color: '#0072B2' } : { type: 'line', color: '#0072B2' },
          encoding: { x: { field: 'x', type: fieldType(di), title: ri, scale: scaleOf(di) }, y: { field: 'y', type: 'quantitative', title: 'partial dependence', scale: { zero: false } } },
        };
      }
      const rect = di.kind === 'categorical' || dj.kind === 'categorical' || (di.kind === 'integer' && di.prior !== 'log-uniform') || (dj.kind === 'integer' && dj.prior !== 'log-uniform');
      return {
        width: size,
        height: size,
        layer: [
          {
            data: { values: maps.filter((m) => m.pair === `${ri}|${cj}`) },
            mark: rect ? { type: 'rect' } : { type: 'square', size: Math.ceil((size / Math.ceil(n / 2)) ** 2) + 4, opacity: 1 },
            encoding: {
              x: { field: 'x', type: rect ? 'ordinal' : fieldType(dj), title: cj, ...(rect ? { axis: bandAxis(dj) } : { scale: scaleOf(dj) }) },
              y: { field: 'y', type: rect ? 'ordinal' : fieldType(di), title: ri, ...(rect ? { sort: 'descending', axis: bandAxis(di) } : { scale: scaleOf(di) }) },
              color: { field: 'z', type: 'quantitative', legend: null, scale: { scheme: 'viridis', reverse: true } },
            },
          },
          ...(rect
            ? []
            : [
                {
                  data: { values: evals },
                  mark: { type: 'point', filled: true, size: 14, color: '#000000', opacity: 0.7 },
                  encoding: { x: { field: cj, type: fieldType(dj) }, y: { field: ri, type: fieldType(di) } },
                },
                {
                  data: { values: evals.filter((e) => e.best) },
                  mark: { type: 'point', shape: 'cross', filled: true, size: 160, color: '#D55E00' },
                  encoding: { x: { field: cj, type: fieldType(dj) }, y: { field: ri, type: fieldType(di) } },
                },
              ]),
        ],
      };
    }),
  );
  const title = options.title ?? 'Partial dependence of the objective';
  const spec = { $schema: SCHEMA, title, vconcat: rows.map((cells) => ({ hconcat: cells })), resolve: { scale: { color: 'independent' } } } as unknown as VegaLiteSpec;
  return {
    id: 'objective',
    title,
    caption: 'Diagonal: the objective along each dimension, averaged over the others (a Gaussian process fitted to the evaluations). Below: the same on each pair of dimensions (yellow is lower), with the evaluations as black points and the best as a red cross.',
    data: [...curves.map((c) => ({ kind: 'curve', ...c })), ...maps.map((m) => ({ kind: 'map', ...m }))],
    spec,
  };
}
