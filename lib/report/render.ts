/**
 * Plots as Vega-Lite specs, rendered to SVG in Node by `vega` (no browser, no
 * canvas: text widths are estimated). `vega` and `vega-lite` are imported on the
 * first render only, so importing the report module stays cheap.
 *
 * The palette is Okabe & Ito's (2008), chosen to stay distinguishable with the
 * common colour-vision deficiencies; peers are drawn dashed in the colour family
 * of the strategy they match.
 */
import type * as VegaModule from 'vega';
import type * as VegaLiteModule from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

/** A Vega-Lite specification. */
export type VegaLiteSpec = TopLevelSpec;

/** A plot: its spec and the rows it draws (`spec` embeds `data` as its main data source). */
export interface Plot {
  /** A stable identifier (used as the figure's HTML id). */
  readonly id: string;
  readonly title: string;
  /** One or two sentences under the figure: what is drawn and how to read it. */
  readonly caption: string;
  /** The rows of the main layer, exactly as plotted. */
  readonly data: readonly Readonly<Record<string, unknown>>[];
  readonly spec: VegaLiteSpec;
}

/** Okabe-Ito colours, black first. */
export const OKABE_ITO = ['#000000', '#E69F00', '#56B4E9', '#009E73', '#0072B2', '#D55E00', '#CC79A7', '#999999'] as const;

const STRATEGY_COLORS: Readonly<Record<string, string>> = {
  grid: '#999999',
  random: '#000000',
  gp_ei: '#0072B2',
  gp_hedge: '#56B4E9',
  tpe: '#009E73',
  successive_halving: '#E69F00',
  hyperband: '#D55E00',
  optuna_random: '#666666',
  optuna_tpe: '#CC79A7',
};

/** Colour and dash of a strategy on every plot of a report. */
export interface StrategyStyle {
  readonly color: string;
  /** Empty for a solid line; `[6, 3]` for peers. */
  readonly dash: readonly number[];
}

/**
 * The style of each strategy: a fixed colour for the built-in names, Okabe-Ito
 * colours in turn for the others; peers dashed.
 * @example
 * ```ts
 * strategyStyles([{ name: 'random' }, { name: 'optuna_tpe', peer: true }]);
 * // { random: { color: '#000000', dash: [] }, optuna_tpe: { color: '#CC79A7', dash: [6, 3] } }
 * ```
 */
export function strategyStyles(strategies: readonly { readonly name: string; readonly peer?: boolean | undefined }[]): Record<string, StrategyStyle> {
  const out: Record<string, StrategyStyle> = {};
  const used = new Set(strategies.map((s) => STRATEGY_COLORS[s.name]).filter((c): c is string => c !== undefined));
  const free = OKABE_ITO.filter((c) => !used.has(c));
  let next = 0;
  for (const s of strategies) {
    const color = STRATEGY_COLORS[s.name] ?? ((free.length > 0 ? free : OKABE_ITO)[next++ % Math.max(1, free.length > 0 ? free.length : OKABE_ITO.length)] as string);
    out[s.name] = { color, dash: s.peer === true ? [6, 3] : [] };
  }
  return out;
}

/** The shared look of every plot: fonts, sizes, grid, white background. */
export const PLOT_CONFIG = {
  font: 'Helvetica, Arial, sans-serif',
  background: 'white',
  padding: 8,
  title: { fontSize: 14, anchor: 'start', offset: 10, subtitleFontSize: 11, subtitleColor: '#555555' },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#e6e6e6', domainColor: '#888888', tickColor: '#888888' },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', symbolStrokeWidth: 2.5, labelLimit: 260 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  view: { stroke: '#dddddd' },
  range: { category: [...OKABE_ITO] },
} as const;

interface VegaModules {
  readonly vega: typeof VegaModule;
  readonly vl: typeof VegaLiteModule;
}

let modules: Promise<VegaModules> | undefined;

function loadVega(): Promise<VegaModules> {
  modules ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vl]) => ({ vega, vl }));
  return modules;
}

/**
 * Renders a Vega-Lite spec to an SVG string (the report's shared config applied).
 * @example
 * ```ts
 * const svg = await renderSvg({ data: { values: [{ x: 1, y: 2 }] }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } });
 * svg.startsWith('<svg'); // true
 * ```
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const { vega, vl } = await loadVega();
  const withConfig = { ...spec, config: { ...PLOT_CONFIG, ...((spec as { config?: object }).config ?? {}) } } as unknown as VegaLiteSpec;
  const compiled = vl.compile(withConfig).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Warn });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Renders a plot to an SVG with an accessible title.
 * @example
 * ```ts
 * const svg = await renderPlot(plot);
 * ```
 */
export async function renderPlot(plot: Plot): Promise<string> {
  const svg = await renderSvg(plot.spec);
  const title = plot.title.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return svg.replace(/^<svg([^>]*)>/, `<svg$1 role="img" aria-label="${title}"><title>${title}</title>`);
}
