/**
 * Printable call lists: one sheet per rep and week, then the manager's
 * summary on a sheet of its own (what did not fit is not for the reps'
 * pages). Self-contained (a Content-Security-Policy forbids every fetch and
 * every script), every value from input escaped.
 *
 * Legible at any number of calls: the text never shrinks below 9 pt; a long
 * week continues on the next sheet, with the column headings and the rep's
 * name repeated at its top. Words are never broken inside: cells wrap
 * between words, and codes, phone numbers and times do not wrap at all.
 */
import { escapeHtml } from './html.js';
import { GENERATOR_META } from './index.js';

export interface PrintRow {
  /** `09:00`, or a run of free slots' range `13:00–17:00`. */
  time: string;
  /** Planned call: priority rank, account, how, why. */
  rank?: number;
  account?: string;
  name?: string;
  area?: string;
  /** Street, postcode and city, as far as customers.csv has them. */
  address?: string;
  /** The person to ask for. */
  contact?: string;
  phone?: string;
  channel?: string;
  reasons?: string;
  /** A run of free slots: "2 free slots". */
  free?: string;
}

export interface PrintDay {
  label: string;
  /** Absent or holiday: why; no rows. */
  off?: string;
  rows: PrintRow[];
}

export interface PrintPage {
  title: string;
  subtitle: string;
  summary: string;
  notes: string[];
  days: PrintDay[];
}

/** The manager's sheet: a table of reps (first column the rep) and notes. */
export interface PrintSummary {
  title: string;
  subtitle: string;
  /** `numeric` right-aligned; `code` never wraps (ids, weeks). */
  columns: { label: string; numeric?: boolean; code?: boolean }[];
  rows: string[][];
  notes: string[];
}

export interface PrintDocument {
  title: string;
  lang: string;
  footer: string;
  pages: PrintPage[];
  summary?: PrintSummary;
}

/** Smallest text on a sheet, in points (the issue's "never below 9 pt"). */
export const MIN_PT = 9;

const style = (footer: string) => `
@page { size: A4 portrait; margin: 8mm 10mm 10mm; @bottom-left { content: ${cssString(footer)}; font: ${MIN_PT}pt Arial, sans-serif; color: #666; } @bottom-right { content: counter(page) " / " counter(pages); font: ${MIN_PT}pt Arial, sans-serif; color: #666; } }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font: 10pt/1.3 "Helvetica Neue", Arial, "Liberation Sans", "Noto Sans", "Noto Sans CJK JP", sans-serif; color: #111; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.sheet { width: 210mm; padding: 12mm 10mm; }
.sheet + .sheet { break-before: page; page-break-before: always; }
h1 { font-size: 15pt; margin: 0 0 1mm; }
.sub, .sum { font-size: ${MIN_PT}pt; margin: 0 0 1mm; } .sub { color: #444; } .sum { font-weight: bold; }
.note { font-size: ${MIN_PT}pt; margin: 0 0 1mm; color: #333; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin-top: 2mm; font-size: 9.5pt; line-height: 1.2; }
th, td { text-align: left; vertical-align: top; padding: 0.5mm 1mm; border-bottom: 0.2mm solid #ccc; overflow-wrap: break-word; word-break: normal; hyphens: manual; }
thead { display: table-header-group; }
thead th { font-size: ${MIN_PT}pt; color: #444; border-bottom: 0.4mm solid #111; font-weight: bold; }
thead tr.who th { border-bottom: none; color: #111; font-weight: normal; padding-bottom: 0; }
table.auto { table-layout: auto; }
tr { break-inside: avoid; page-break-inside: avoid; }
tbody { break-inside: avoid; page-break-inside: avoid; }
tr.day th { background: #eee; border-bottom: 0.3mm solid #999; padding-top: 1mm; break-after: avoid; page-break-after: avoid; }
tr.free td, tr.day .rest { color: #555; font-style: italic; }
tr.day .rest { float: right; font-weight: normal; }
tr.off td { color: #555; }
.nw { white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.name { font-weight: bold; }
small, .small { font-size: ${MIN_PT}pt; color: #444; }
.box { display: inline-block; width: 1em; height: 1em; border: 0.25mm solid #333; vertical-align: middle; }
footer { font-size: ${MIN_PT}pt; color: #666; margin-top: 3mm; }
@media screen { body { background: #888; padding: 5mm 0; } tr.who { display: none; } .sheet { background: #fff; margin: 0 auto 5mm; min-height: 297mm; box-shadow: 0 0 3mm #333; } }
@media print { .sheet { width: auto; padding: 0; } footer { display: none; } table { font-size: ${MIN_PT}pt; line-height: 1.1; } td { padding-top: 0.3mm; padding-bottom: 0.3mm; } }
`;

/** The columns of a call list and their share of the width; address and contact only when some call has them. */
interface Col {
  key: 'time' | 'rank' | 'customer' | 'address' | 'contact' | 'why' | 'done';
  label: string;
  weight: number;
}

function columnsFor(rows: readonly PrintRow[]): Col[] {
  const address = rows.some((r) => r.address);
  const cols: Col[] = [
    // The time and, under it, how: visit or call.
    { key: 'time', label: 'time', weight: 6 },
    { key: 'rank', label: '#', weight: 3 },
    { key: 'customer', label: 'customer', weight: address ? 19 : 30 },
  ];
  if (address) cols.push({ key: 'address', label: 'address', weight: 14 });
  cols.push(
    { key: 'contact', label: rows.some((r) => r.contact) ? 'contact, phone' : 'phone', weight: 16 },
    // The widest: its reasons (one a line, "next best product: ..." the longest) are what make a row tall, and a
    // field rep's week of 18 calls fits one A4 page.
    { key: 'why', label: 'why', weight: address ? 37 : 40 },
    { key: 'done', label: 'done', weight: 5 },
  );
  return cols;
}

function cell(key: Col['key'], r: PrintRow): string {
  switch (key) {
    case 'time':
      return `<td class="nw">${escapeHtml(r.time)}${r.channel ? `<br><small>${escapeHtml(r.channel)}</small>` : ''}</td>`;
    case 'rank':
      return `<td class="num">${escapeHtml(r.rank)}</td>`;
    case 'customer':
      return `<td><span class="name">${escapeHtml(r.name || r.account)}</span><br><small><span class="nw">${escapeHtml(r.account)}</span>${r.area ? ` · <span class="nw">${escapeHtml(r.area)}</span>` : ''}</small></td>`;
    case 'address':
      return `<td>${escapeHtml(r.address)}</td>`;
    case 'contact':
      return `<td>${r.contact ? `${escapeHtml(r.contact)}<br>` : ''}<span class="nw">${escapeHtml(r.phone)}</span></td>`;
    case 'why':
      // One reason a line; "B-tier" and "post-sale" keep their hyphen (U+2011 does not break).
      return `<td>${(r.reasons ?? '')
        .split('; ')
        .map((reason) => escapeHtml(reason.replace(/(?<=\p{L})-(?=\p{L})/gu, '\u2011')))
        .join('<br>')}</td>`;
    default:
      return '<td><span class="box"></span></td>';
  }
}

/** A day's heading; the run of free slots that ends the day on its right. */
function dayHead(label: string, span: number, free?: PrintRow): string {
  const rest = free === undefined ? '' : `<span class="rest">${freeText(free)}</span>`;
  return `<tr class="day"><th colspan="${span}">${escapeHtml(label)}${rest}</th></tr>`;
}

/** `13:00–17:00 · 2 free slots`, or `no slots`. */
const freeText = (r: PrintRow) => `${r.time ? `<span class="nw">${escapeHtml(r.time)}</span> · ` : ''}${escapeHtml(r.free)}`;

function rowHtml(r: PrintRow, cols: readonly Col[]): string {
  if (r.free !== undefined)
    // A run of free slots: its whole time range, then how many, on one line across the table.
    return `<tr class="free"><td colspan="${cols.length}">${freeText(r)}</td></tr>`;
  return `<tr>${cols.map((c) => cell(c.key, r)).join('')}</tr>`;
}

function pageHtml(page: PrintPage, footer: string): string {
  const rows = page.days.flatMap((d) => d.rows);
  const cols = columnsFor(rows);
  const total = cols.reduce((a, c) => a + c.weight, 0);
  const span = cols.length;
  const body = page.days
    .map((d) => {
      if (d.off !== undefined)
        return `<tbody>${dayHead(d.label, span)}<tr class="off"><td colspan="${span}">${escapeHtml(d.off)}</td></tr></tbody>`;
      // The free slots that end the day are said in its heading: a line less a day, so a field rep's week fits one page.
      const last = d.rows[d.rows.length - 1];
      const rows = last?.free === undefined ? d.rows : d.rows.slice(0, -1);
      return `<tbody>${dayHead(d.label, span, last?.free === undefined ? undefined : last)}${rows.map((r) => rowHtml(r, cols)).join('')}</tbody>`;
    })
    .join('\n');
  return [
    '<section class="sheet">',
    `<h1>${escapeHtml(page.title)}</h1>`,
    `<p class="sub">${escapeHtml(page.subtitle)}</p>`,
    `<p class="sum">${escapeHtml(page.summary)}</p>`,
    ...page.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`),
    `<table><colgroup>${cols.map((c) => `<col style="width:${((c.weight / total) * 100).toFixed(2)}%">`).join('')}</colgroup>`,
    // Repeated at the top of every printed page the week runs over.
    `<thead><tr class="who"><th colspan="${span}">${escapeHtml(page.title)} · ${escapeHtml(page.subtitle)}</th></tr>`,
    `<tr>${cols.map((c) => `<th class="${c.key === 'rank' ? 'num' : 'nw'}">${escapeHtml(c.label)}</th>`).join('')}</tr></thead>`,
    body,
    '</table>',
    `<footer>${escapeHtml(footer)}</footer></section>`,
  ].join('\n');
}

function summaryHtml(s: PrintSummary, footer: string): string {
  const head = s.columns.map((c) => `<th${c.numeric ? ' class="num"' : ''}>${escapeHtml(c.label)}</th>`).join('');
  const rows = s.rows
    .map(
      (r) =>
        `<tr>${r.map((v, i) => `<td${s.columns[i]?.numeric ? ' class="num"' : s.columns[i]?.code ? ' class="nw"' : ''}>${escapeHtml(v)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return [
    '<section class="sheet summary">',
    `<h1>${escapeHtml(s.title)}</h1>`,
    `<p class="sub">${escapeHtml(s.subtitle)}</p>`,
    `<table class="auto"><thead><tr>${head}</tr></thead><tbody>`,
    rows,
    '</tbody></table>',
    ...s.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`),
    `<footer>${escapeHtml(footer)}</footer></section>`,
  ].join('\n');
}

/** A CSS string literal (the printed footer in the page margin); `<` escaped so no text ends the style element. */
function cssString(text: string): string {
  return `"${text.replace(/[\\"<]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `).replace(/[\n\r\f]/g, ' ')}"`;
}

export function renderPrintHtml(doc: PrintDocument): string {
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'none'; img-src 'none'; base-uri 'none'; form-action 'none'`;
  const pages = doc.pages.length > 0 ? doc.pages : [{ title: doc.title, subtitle: 'No rep to plan.', summary: '', notes: [], days: [] }];
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(doc.lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    GENERATOR_META,
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>${style(doc.footer)}</style>`,
    '</head>',
    '<body>',
    ...pages.map((p) => pageHtml(p, doc.footer)),
    ...(doc.summary ? [summaryHtml(doc.summary, doc.footer)] : []),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
