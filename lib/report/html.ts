/**
 * A self-contained HTML report: one file with its CSS and its SVG plots inline,
 * no script, no external stylesheet, font or image, so it opens offline and can
 * be mailed or archived as is.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Plot } from './render.js';
import { renderPlot } from './render.js';

/**
 * Escapes text for HTML content and attribute values.
 * @example
 * ```ts
 * escapeHtml('<a & "b">'); // '&lt;a &amp; &quot;b&quot;&gt;'
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/**
 * A number for a table cell: integers as is, others with 4 significant digits
 * (scientific below 1e-3), NaN and undefined as an en dash.
 * @example
 * ```ts
 * formatNumber(0.000123456); // '1.235e-4'
 * formatNumber(12.3456); // '12.35'
 * ```
 */
export function formatNumber(value: unknown, digits = 4): string {
  if (typeof value !== 'number') return value === undefined || value === null ? '–' : String(value);
  if (!Number.isFinite(value)) return Number.isNaN(value) ? '–' : value > 0 ? '∞' : '−∞';
  if (Number.isInteger(value) && Math.abs(value) < 1e6) return String(value);
  const a = Math.abs(value);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return value.toExponential(digits - 1).replace(/e\+?/, 'e');
  return Number(value.toPrecision(digits)).toString();
}

/** A table column: a header and how to show a row's cell. */
export interface Column<R> {
  readonly header: string;
  readonly cell: (row: R) => unknown;
  /** Right-align (numbers). @default true when the first cell is a number */
  readonly numeric?: boolean | undefined;
  /** The cell is already HTML (not escaped). @default false */
  readonly html?: boolean | undefined;
}

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 15px/1.5 Helvetica, Arial, sans-serif; color: #1a1a1a; margin: 0; background: #fafafa; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 64px; background: #fff; }
h1 { font-size: 26px; margin: 8px 0 4px; }
h2 { font-size: 20px; margin: 36px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 24px 0 6px; }
p, li { max-width: 88ch; }
.subtitle { color: #555; margin: 0 0 16px; }
.meta { font-size: 13px; color: #444; }
.note { border-left: 4px solid #E69F00; background: #fff8ec; padding: 8px 12px; margin: 12px 0; }
.toc { columns: 2; font-size: 14px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.best td { font-weight: 600; }
code { font-size: 13px; background: #f3f3f3; padding: 1px 4px; border-radius: 3px; }
figure { margin: 16px 0 24px; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 13px; color: #444; max-width: 100ch; }
.grid { display: flex; flex-wrap: wrap; gap: 8px 24px; }
.grid figure { margin: 8px 0; }
.swatch { display: inline-block; width: 22px; height: 0; border-top: 3px solid; vertical-align: middle; margin-right: 6px; }
`;

/**
 * Builds a report page piece by piece; plots are rendered when added.
 * @example
 * ```ts
 * const rows = [{ score: 0.97 }, { score: 0.95 }];
 * const page = new HtmlReport('Search report', 'RandomizedSearchCV on digits');
 * page.heading('Top 10');
 * page.table(rows, [{ header: 'score', cell: (r) => r.score }]);
 * await page.plot(historyPlot(record));
 * page.write('report.html');
 * ```
 */
export class HtmlReport {
  private readonly parts: string[] = [];
  private readonly toc: { id: string; text: string }[] = [];

  constructor(
    readonly title: string,
    readonly subtitle?: string,
  ) {}

  /** A section heading (level 2 appears in the contents). */
  heading(text: string, level: 2 | 3 = 2): this {
    const id = `s${this.toc.length + 1}-${text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
    if (level === 2) this.toc.push({ id, text });
    this.parts.push(`<h${level} id="${id}">${escapeHtml(text)}</h${level}>`);
    return this;
  }

  /** A paragraph of text (escaped), or of HTML with `{ html: true }`. */
  paragraph(text: string, options: { readonly html?: boolean; readonly className?: string } = {}): this {
    const cls = options.className === undefined ? '' : ` class="${options.className}"`;
    this.parts.push(`<p${cls}>${options.html === true ? text : escapeHtml(text)}</p>`);
    return this;
  }

  /** A highlighted note (a skipped strategy, a caveat). */
  note(text: string): this {
    return this.paragraph(text, { className: 'note' });
  }

  /** A bulleted list. */
  list(items: readonly string[]): this {
    this.parts.push(`<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`);
    return this;
  }

  /** Raw HTML (already safe). */
  raw(html: string): this {
    this.parts.push(html);
    return this;
  }

  /** A table; `highlight` marks rows in bold. */
  table<R>(rows: readonly R[], columns: readonly Column<R>[], options: { readonly highlight?: (row: R) => boolean; readonly caption?: string } = {}): this {
    const numeric = columns.map((c) => c.numeric ?? (rows.length > 0 && typeof c.cell(rows[0] as R) === 'number'));
    const head = columns.map((c, i) => `<th${numeric[i] ? ' class="num"' : ''}>${escapeHtml(c.header)}</th>`).join('');
    const body = rows
      .map((r) => {
        const cells = columns.map((c, i) => {
          const v = c.cell(r);
          const text = c.html === true ? String(v) : escapeHtml(typeof v === 'number' ? formatNumber(v) : v === undefined || v === null ? '–' : String(v));
          return `<td${numeric[i] ? ' class="num"' : ''}>${text}</td>`;
        });
        return `<tr${options.highlight?.(r) === true ? ' class="best"' : ''}>${cells.join('')}</tr>`;
      })
      .join('\n');
    const caption = options.caption === undefined ? '' : `<caption>${escapeHtml(options.caption)}</caption>`;
    this.parts.push(`<table>${caption}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`);
    return this;
  }

  /** Renders a plot to inline SVG with its caption. */
  async plot(plot: Plot): Promise<this> {
    this.parts.push(await figureHtml(plot));
    return this;
  }

  /** Renders several plots side by side (they wrap on narrow screens). */
  async plots(plots: readonly Plot[]): Promise<this> {
    const figures = await Promise.all(plots.map(figureHtml));
    this.parts.push(`<div class="grid">${figures.join('\n')}</div>`);
    return this;
  }

  /** The whole page. */
  toString(): string {
    const toc =
      this.toc.length < 3 ? '' : `<nav><ul class="toc">${this.toc.map((t) => `<li><a href="#${t.id}">${escapeHtml(t.text)}</a></li>`).join('')}</ul></nav>`;
    return [
      '<!DOCTYPE html>',
      '<html lang="en">',
      '<head>',
      '<meta charset="utf-8">',
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      `<title>${escapeHtml(this.title)}</title>`,
      `<style>${CSS}</style>`,
      '</head>',
      '<body><main>',
      `<h1>${escapeHtml(this.title)}</h1>`,
      this.subtitle === undefined ? '' : `<p class="subtitle">${escapeHtml(this.subtitle)}</p>`,
      toc,
      ...this.parts,
      '</main></body>',
      '</html>',
      '',
    ].join('\n');
  }

  /** Writes the page (creating its folder) and returns the path. */
  write(path: string): string {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, this.toString());
    return path;
  }
}

async function figureHtml(plot: Plot): Promise<string> {
  const svg = await renderPlot(plot);
  return `<figure id="fig-${escapeHtml(plot.id)}">${svg}<figcaption>${escapeHtml(plot.caption)}</figcaption></figure>`;
}

/**
 * The external resources an HTML page would fetch (scripts, stylesheets, images,
 * frames, CSS urls and imports); empty for a self-contained page. SVG namespace
 * declarations are not fetches and are ignored.
 * @example
 * ```ts
 * externalResources('<img src="https://x/y.png">'); // ['https://x/y.png']
 * ```
 */
export function externalResources(html: string): string[] {
  const found: string[] = [];
  const attr = /<(?:script|link|img|iframe|embed|object|source|video|audio|image|use)\b[^>]*?\s(?:src|href|xlink:href|data)\s*=\s*["']?([^"'\s>]+)/gi;
  for (const m of html.matchAll(attr)) if (!(m[1] as string).startsWith('#') && !(m[1] as string).startsWith('data:')) found.push(m[1] as string);
  for (const m of html.matchAll(/url\(\s*["']?([^"')]+)/gi)) if (!(m[1] as string).startsWith('#') && !(m[1] as string).startsWith('data:')) found.push(m[1] as string);
  for (const m of html.matchAll(/@import\s+["']?([^"';\s]+)/gi)) found.push(m[1] as string);
  return found;
}
