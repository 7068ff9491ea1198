import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HtmlReport, escapeHtml, externalResources, formatNumber } from '../../lib/report/html.js';
import { renderSvg, strategyStyles } from '../../lib/report/render.js';

describe('escapeHtml', () => {
  it('escapes markup characters', () => {
    expect(escapeHtml(`<a & "b" 'c'>`)).toBe('&lt;a &amp; &quot;b&quot; &#39;c&#39;&gt;');
  });
});

describe('formatNumber', () => {
  it('shows integers as is, others with four significant digits', () => {
    expect(formatNumber(12)).toBe('12');
    expect(formatNumber(12.3456)).toBe('12.35');
    expect(formatNumber(0.000123456)).toBe('1.235e-4');
    expect(formatNumber(NaN)).toBe('–');
    expect(formatNumber(undefined)).toBe('–');
  });
});

describe('externalResources', () => {
  it('finds scripts, stylesheets, images and CSS urls', () => {
    const html = '<script src="https://cdn/x.js"></script><link rel="stylesheet" href="s.css"><img src="a.png"><style>p{background:url(http://x/y.png)}</style>';
    expect(externalResources(html)).toEqual(['https://cdn/x.js', 's.css', 'a.png', 'http://x/y.png']);
  });

  it('ignores SVG namespaces, anchors within the page and data URLs', () => {
    expect(externalResources('<svg xmlns="http://www.w3.org/2000/svg"><use href="#m"/></svg><img src="data:image/png;base64,AA">')).toEqual([]);
  });
});

describe('HtmlReport', () => {
  it('writes one self-contained page with its plots inline', async () => {
    const page = new HtmlReport('A <title>', 'sub');
    page.heading('Numbers').table([{ a: 1.5, b: 'x' }], [{ header: 'a', cell: (r) => r.a }, { header: 'b', cell: (r) => r.b }]);
    await page.plot({
      id: 'p',
      title: 'A plot',
      caption: 'caption',
      data: [{ x: 1, y: 2 }],
      spec: { data: { values: [{ x: 1, y: 2 }] }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } },
    });
    const path = page.write(join(mkdtempSync(join(tmpdir(), 'tk-html-')), 'sub', 'page.html'));
    const html = readFileSync(path, 'utf8');
    expect(html).toContain('<title>A &lt;title&gt;</title>');
    expect(html).toContain('<td class="num">1.5</td>');
    expect(html).toMatch(/<figure id="fig-p"><svg [^>]*role="img" aria-label="A plot"><title>A plot<\/title>/);
    expect(externalResources(html)).toEqual([]);
    expect(html).not.toContain('<script');
  });
});

describe('renderSvg', () => {
  it('renders a Vega-Lite spec to SVG in Node', async () => {
    const svg = await renderSvg({ title: 'T', data: { values: [{ x: 1, y: 2 }] }, mark: 'bar', encoding: { x: { field: 'x', type: 'ordinal' }, y: { field: 'y', type: 'quantitative' } } });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('>T</text>');
  });
});

describe('strategyStyles', () => {
  it('gives built-in strategies fixed colours and peers a dash', () => {
    expect(strategyStyles([{ name: 'random' }, { name: 'optuna_tpe', peer: true }, { name: 'mine' }])).toEqual({
      random: { color: '#000000', dash: [] },
      optuna_tpe: { color: '#CC79A7', dash: [6, 3] },
      mine: { color: '#E69F00', dash: [] },
    });
  });
});
