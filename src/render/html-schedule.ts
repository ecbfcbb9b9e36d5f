/**
 * Printable call lists: one A4 page per rep and week, self-contained (no
 * network: a Content-Security-Policy forbids every fetch), every value from
 * input escaped. A page never spills onto a second sheet: the font size is
 * chosen from the number of rows, and a small inline script (allowed by its
 * hash only) shrinks a page's content further should it still not fit.
 */
import { createHash } from 'node:crypto';
import { escapeHtml } from './html.js';

export interface PrintRow {
  time: string;
  /** Planned call: priority rank, account, how, why. */
  rank?: number;
  account?: string;
  name?: string;
  phone?: string;
  channel?: string;
  area?: string;
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

export interface PrintDocument {
  title: string;
  lang: string;
  footer: string;
  pages: PrintPage[];
}

/**
 * Shrinks a page's content, when it is taller than the sheet, by the largest
 * zoom that fits (a binary search: wrapping changes with the zoom). The page
 * box is a fixed 210 x 297 mm, so the measure holds on screen and in print.
 * It marks each page data-fit="ok" or "overflow" (checked by the tests).
 */
const FIT_SCRIPT = `(function(){var pages=document.querySelectorAll('.page');for(var i=0;i<pages.length;i++){var p=pages[i],b=p.querySelector('.fit');if(!b)continue;var s=getComputedStyle(p);var room=p.getBoundingClientRect().height-parseFloat(s.paddingTop)-parseFloat(s.paddingBottom);var k=1,h=b.getBoundingClientRect().height;if(h>room){var lo=0.05,hi=1;for(var n=0;n<14;n++){var mid=(lo+hi)/2;b.style.zoom=String(mid);if(b.getBoundingClientRect().height<=room)lo=mid;else hi=mid;}k=lo;b.style.zoom=String(k);h=b.getBoundingClientRect().height;}b.setAttribute('data-fit',h<=room?'ok':'overflow');b.setAttribute('data-zoom',k.toFixed(3));}})();`;
const FIT_HASH = createHash('sha256').update(FIT_SCRIPT).digest('base64');

/** Usable height of the page's table area in mm (A4 297 mm less 2 x 10 mm padding and about 26 mm of heading). */
const TABLE_MM = 250;
const PT_MM = 0.3528;

/** Font size in pt so that `rows` single-line rows fit: between 5.5 and 9.5 pt. */
export function fontFor(rows: number): number {
  if (rows <= 0) return 9.5;
  const perRow = TABLE_MM / rows - 0.8; // mm per row less cell padding
  const pt = perRow / (1.3 * PT_MM);
  return Math.max(5.5, Math.min(9.5, Math.floor(pt * 4) / 4));
}

const STYLE = `
@page { size: A4 portrait; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: "Helvetica Neue", Arial, "Liberation Sans", "Noto Sans", "Noto Sans CJK JP", sans-serif; color: #111; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.page { width: 210mm; height: 297mm; padding: 10mm; overflow: hidden; break-after: page; page-break-after: always; position: relative; }
.page:last-child { break-after: auto; page-break-after: auto; }
h1 { font-size: 15pt; margin: 0 0 1mm; }
.sub { font-size: 9pt; color: #444; margin: 0 0 1mm; }
.sum { font-size: 9pt; margin: 0 0 1mm; font-weight: bold; }
.note { font-size: 8pt; color: #8a1c1c; margin: 0 0 1mm; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin-top: 2mm; }
th, td { text-align: left; vertical-align: top; padding: 0.2mm 1mm; border-bottom: 0.2mm solid #ccc; overflow: hidden; }
td.nw { white-space: nowrap; text-overflow: ellipsis; }
thead th { font-size: 0.9em; color: #444; border-bottom: 0.4mm solid #111; }
tr.day th { background: #eee; border-bottom: 0.3mm solid #999; padding-top: 0.6mm; }
tr.free td { color: #666; font-style: italic; }
tr.off td { color: #666; }
.box { display: inline-block; width: 0.9em; height: 0.9em; border: 0.25mm solid #333; vertical-align: middle; }
col.time { width: 10%; } col.rank { width: 4%; } col.account { width: 10%; } col.name { width: 23%; }
col.phone { width: 16%; } col.how { width: 6%; } col.why { width: 26%; } col.done { width: 5%; }
footer { position: absolute; bottom: 4mm; left: 10mm; right: 10mm; font-size: 7pt; color: #666; }
@media screen { body { background: #888; } .page { background: #fff; margin: 5mm auto; box-shadow: 0 0 3mm #333; } }
`;

function rowHtml(r: PrintRow): string {
  if (r.free !== undefined)
    // A run of free slots shows its whole time range, over the empty # column.
    return `<tr class="free"><td class="nw" colspan="2">${escapeHtml(r.time)}</td><td colspan="6">${escapeHtml(r.free)}</td></tr>`;
  return (
    `<tr><td class="nw">${escapeHtml(r.time)}</td><td class="nw">${escapeHtml(r.rank)}</td><td class="nw">${escapeHtml(r.account)}</td>` +
    `<td>${escapeHtml(r.name)}${r.area ? ` <small>(${escapeHtml(r.area)})</small>` : ''}</td><td class="nw">${escapeHtml(r.phone)}</td>` +
    `<td class="nw">${escapeHtml(r.channel)}</td><td>${escapeHtml(r.reasons)}</td><td><span class="box"></span></td></tr>`
  );
}

function pageHtml(page: PrintPage, footer: string): string {
  const rows = page.days.reduce((n, d) => n + 1 + Math.max(1, d.rows.length), 0) + page.notes.length;
  const body = page.days
    .map((d) => {
      const head = `<tr class="day"><th colspan="8">${escapeHtml(d.label)}</th></tr>`;
      if (d.off !== undefined) return `<tbody>${head}<tr class="off"><td colspan="8">${escapeHtml(d.off)}</td></tr></tbody>`;
      return `<tbody>${head}${d.rows.map(rowHtml).join('')}</tbody>`;
    })
    .join('\n');
  return [
    `<section class="page"><div class="fit" style="font-size:${fontFor(rows)}pt">`,
    `<h1>${escapeHtml(page.title)}</h1>`,
    `<p class="sub">${escapeHtml(page.subtitle)}</p>`,
    `<p class="sum">${escapeHtml(page.summary)}</p>`,
    ...page.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`),
    '<table><colgroup><col class="time"><col class="rank"><col class="account"><col class="name"><col class="phone"><col class="how"><col class="why"><col class="done"></colgroup>',
    '<thead><tr><th>time</th><th>#</th><th>account</th><th>name</th><th>phone</th><th>how</th><th>why</th><th>done</th></tr></thead>',
    body,
    '</table></div>',
    `<footer>${escapeHtml(footer)}</footer></section>`,
  ].join('\n');
}

export function renderPrintHtml(doc: PrintDocument): string {
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${FIT_HASH}'; img-src 'none'; base-uri 'none'; form-action 'none'`;
  const pages = doc.pages.length > 0 ? doc.pages : [{ title: doc.title, subtitle: 'No rep to plan.', summary: '', notes: [], days: [] }];
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(doc.lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...pages.map((p) => pageHtml(p, doc.footer)),
    `<script>${FIT_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
