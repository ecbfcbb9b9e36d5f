/**
 * Self-contained, printable HTML: inline CSS and SVG, nothing fetched, every
 * value from input escaped. One page for a command's result, or a report of
 * several sections with page breaks between them.
 */
import { type BarChart, type Cell, type Column, type Document, type FormatOptions, isNumeric, prose, type Table } from './document.js';
import { formatCell, formatFigure, numbersOf, shownReader } from './format.js';
import { GENERATOR_META } from './index.js';
import type { NumberFormat } from './numbers.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

const CSS = `
:root { --ink: #1b1f24; --muted: #5b6470; --line: #d8dde3; --a: #2f6fb0; --b: #e0962c; --c: #8a5cc2; --d: #3c9a5f; }
* { box-sizing: border-box; }
body { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK JP", sans-serif; color: var(--ink); margin: 24px auto; max-width: 1100px; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 2px solid var(--ink); padding-bottom: 4px; }
h3 { font-size: 14px; margin: 16px 0 6px; } .sub { color: var(--muted); margin: 0 0 16px; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 8px; margin: 8px 0 12px; }
.figure { border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; } .figure .label { color: var(--muted); font-size: 11px; }
.figure .value { font-size: 15px; font-weight: 600; overflow-wrap: break-word; }
.wide { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 12px; }
th, td { border-bottom: 1px solid var(--line); padding: 3px 6px; text-align: left; vertical-align: top; overflow-wrap: break-word; word-break: normal; hyphens: manual; }
th { background: #f3f5f7; } td.num, th.num, td.nw { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; } td.nw { text-align: left; }
.note { color: var(--muted); font-size: 12px; margin: 4px 0; } .skipped { color: var(--muted); font-style: italic; }
.more { color: var(--muted); font-size: 11px; } svg { display: block; margin: 6px 0 12px; max-width: 100%; }
.headlines { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 10px; margin: 8px 0 16px; }
.headline { border: 1px solid var(--line); border-left: 4px solid var(--a); border-radius: 6px; padding: 8px 12px; break-inside: avoid; }
.headline .value { font-size: 22px; font-weight: 700; } .headline .label { font-size: 13px; } .headline .action { font-size: 12px; margin-top: 6px; color: var(--muted); }
.summary { font-size: 14px; max-width: 85ch; margin: 6px 0 10px; } .empty { font-size: 14px; padding: 8px 12px; background: #f3f5f7; border-radius: 6px; }
.contents .state { color: var(--muted); } details { margin: 4px 0 8px; } details summary { color: var(--muted); font-size: 12px; cursor: pointer; }
.legend span { display: inline-block; margin-right: 12px; font-size: 11px; } .legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: middle; }
@page { size: A4; margin: 14mm; }
@media print { body { margin: 0; max-width: none; padding: 0; } .wide { overflow: visible; } table { font-size: 10px; } section.page { break-before: page; page-break-before: always; } section.page:first-of-type { break-before: auto; page-break-before: auto; } table, svg, .figures { break-inside: avoid; } h2, h3 { break-after: avoid; page-break-after: avoid; } .headline .value { font-size: 18px; } details { display: none; } }
`;

const COLORS = ['var(--a)', 'var(--b)', 'var(--c)', 'var(--d)'];

export function htmlPage(title: string, subtitle: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
${GENERATOR_META}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="sub">${escapeHtml(subtitle)}</p>
${body}
</body>
</html>
`;
}

/** A document as a section: figures, charts, tables (the first `maxRows` rows of each), notes. */
export function htmlSection(doc: Document, opts: FormatOptions, maxRows = Number.POSITIVE_INFINITY): string {
  const parts: string[] = [];
  if (doc.figures.length > 0) {
    parts.push(
      `<div class="figures">${doc.figures
        .map(
          (f) =>
            `<div class="figure"><div class="label">${escapeHtml(f.label)}</div><div class="value">${escapeHtml(formatFigure(f, opts))}</div></div>`,
        )
        .join('')}</div>`,
    );
  }
  for (const chart of doc.charts) parts.push(svgBars(chart, numbersOf(opts)));
  for (const table of doc.tables) parts.push(htmlTable(table, opts, { maxRows }));
  for (const note of doc.notes) parts.push(`<p class="note">${escapeHtml(prose(note, numbersOf(opts)))}</p>`);
  return parts.join('\n');
}

export function renderHtml(doc: Document, opts: FormatOptions): string {
  return htmlPage(doc.title, '', htmlSection(doc, opts));
}

export interface TableCut {
  /** Rows shown (default: all). */
  maxRows?: number;
  /** Columns shown: those of this priority or more important (default: all but detail ones). */
  maxPriority?: 1 | 2 | 3;
  /** A file beside the page that holds the whole table: linked when rows are cut. */
  csv?: string;
}

/** A table, its first `maxRows` rows and its columns up to `maxPriority`; what is cut is said, and where it is. */
export function htmlTable(table: Table, opts: FormatOptions, cut: TableCut = {}): string {
  const maxRows = cut.maxRows ?? Number.POSITIVE_INFINITY;
  const columns = table.columns.filter((c) => !c.detail && c.type !== 'bar' && (c.priority ?? 2) <= (cut.maxPriority ?? 3));
  const shown = Math.min(table.rows.length, maxRows);
  const n = numbersOf(opts);
  const head = columns.map((c) => `<th${isNumeric(c.type) ? ' class="num"' : ''}>${escapeHtml(c.label)}</th>`).join('');
  const cells = columns.map((c) => shownReader(table, c));
  const lines: string[] = [];
  for (let i = 0; i < shown; i++)
    lines.push(
      `<tr>${columns.map((c, j) => htmlCell(c, formatCell((cells[j] as (i: number) => Cell)(i), c.type, { ...opts, digits: c.digits }))).join('')}</tr>`,
    );
  const body = lines.join('\n');
  const rest = table.rows.length - shown;
  const file = cut.csv === undefined ? '' : `<a href="${escapeHtml(cut.csv)}">${escapeHtml(cut.csv)}</a>`;
  const more =
    rest <= 0
      ? ''
      : `<p class="more">The first ${n.int(shown)} of ${n.int(table.rows.length)} rows${file ? `; all of them, with every column, in ${file}` : ''}.</p>`;
  const title = table.title !== undefined ? `<h3>${escapeHtml(prose(table.title, n))}</h3>` : '';
  return `${title}<div class="wide"><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>${more}`;
}

/** Codes and short single words (ids, `C0/008/04`, tiers) never break; prose wraps between words only. */
const UNBROKEN = /^\S{1,24}$/;

function htmlCell(column: Column, text: string): string {
  const kind = isNumeric(column.type) ? ' class="num"' : UNBROKEN.test(text) || column.type === 'date' ? ' class="nw"' : '';
  return `<td${kind}>${escapeHtml(text)}</td>`;
}

/** Horizontal grouped bars; values are shares 0..1. */
export function svgBars(chart: BarChart, numbers: NumberFormat): string {
  const percent = (share: number) => numbers.percent(share);
  const title = prose(chart.title, numbers);
  const labelWidth = 190;
  const barWidth = 420;
  const bar = 12;
  const gap = 8;
  const groupHeight = chart.series.length * (bar + 2) + gap;
  // A legend only when bars of several series share a row; one measure is named by the title.
  const top = chart.series.length > 1 ? 24 : 4;
  const height = chart.rows.length * groupHeight + top + 4;
  // Bars are drawn relative to the largest value; the labels keep the true share.
  const scale = Math.max(...chart.rows.flatMap((r) => r.values), 0) || 1;
  const bars = chart.rows
    .map((row, r) => {
      const y0 = top + r * groupHeight;
      const label = `<text x="${labelWidth - 6}" y="${y0 + bar}" text-anchor="end" font-size="11">${escapeHtml(row.label)}</text>`;
      const rects = row.values
        .map((v, s) => {
          const w = (Math.max(0, v) / scale) * barWidth;
          const y = y0 + s * (bar + 2);
          return `<rect x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${bar}" fill="${COLORS[s % COLORS.length]}"><title>${escapeHtml(chart.series[s])}: ${escapeHtml(percent(v))}</title></rect><text x="${(labelWidth + w + 4).toFixed(1)}" y="${y + bar - 2}" font-size="10">${escapeHtml(percent(v))}</text>`;
        })
        .join('');
      return label + rects;
    })
    .join('\n');
  const legend = (chart.series.length < 2 ? [] : chart.series)
    .map(
      (s, i) =>
        `<rect x="${labelWidth + i * 130}" y="4" width="10" height="10" fill="${COLORS[i % COLORS.length]}"/><text x="${labelWidth + i * 130 + 14}" y="13" font-size="11">${escapeHtml(s)}</text>`,
    )
    .join('');
  return `<h3>${escapeHtml(title)}</h3>\n<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(title)}" width="${labelWidth + barWidth + 60}" height="${height}" viewBox="0 0 ${labelWidth + barWidth + 60} ${height}">${legend}\n${bars}</svg>`;
}
