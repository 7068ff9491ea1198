/**
 * Reports: statistics of benchmark runs, Vega-Lite plots rendered to SVG in Node,
 * self-contained HTML pages for the strategy benchmark suite and for any search.
 * `vega` and `vega-lite` load on the first render only.
 *
 *     import { searchReport } from 'tunekit/report';
 * @module tunekit/report
 */
export * from './statistics.js';
export * from './wilcoxon.js';
export * from './comparison.js';
export * from './render.js';
export * from './html.js';
export * from './search-record.js';
export * from './importance.js';
export * from './plots/curve-plots.js';
export * from './plots/search-plots.js';
export * from './plots/optimize-plots.js';
export * from './optimize-report.js';
export * from './plots/suite-plots.js';
export * from './search-report.js';
export * from './suite-types.js';
export * from './suite-summary.js';
export * from './suite-report.js';
