/** The report folder: report.html, report.json and one CSV per section, built from the sections' documents. */
import { round6 } from '../core/segment-accounts.js';
import { renderCsvTable } from '../render/csv.js';
import { type Document, type FormatOptions, prose, type Table } from '../render/document.js';
import { formatFigure, numbersOf } from '../render/format.js';
import { escapeHtml, htmlPage, htmlTable, svgBars } from '../render/html.js';
import { jsonReplacer } from '../render/json.js';
import { REPORT_SCHEMA_VERSION, type ReportJson } from './schema.js';
import { HEADLINES, type Metrics, type ReportSection, type SectionRun } from './sections.js';
import type { MetricValue } from './thresholds.js';

/** A section of the report: its run, or why it was skipped. */
export type SectionOutcome = { section: Pick<ReportSection, 'name' | 'title'> } & (
  | { run: SectionRun; skipped?: undefined }
  | { run?: undefined; skipped: string }
);

export interface ReportMeta {
  asOf: string;
  dataDir: string;
  version: string;
  format: FormatOptions;
  problems: ReportJson['problems'];
}

export function buildReport(outcomes: SectionOutcome[], meta: ReportMeta) {
  const metrics: Metrics = {};
  for (const o of outcomes) if (o.run) Object.assign(metrics, o.run.metrics);
  const json: ReportJson = {
    schema: 'plan-report',
    schemaVersion: REPORT_SCHEMA_VERSION,
    generator: `plan ${meta.version}`,
    asOf: meta.asOf,
    dataDir: meta.dataDir,
    sections: outcomes.map((o) =>
      o.run
        ? {
            name: o.section.name,
            title: o.section.title,
            ...(o.run.empty ? { status: 'empty' as const, reason: o.run.empty } : { status: 'ok' as const }),
            note: o.run.note ?? null,
            data: plain(o.run.document.data),
          }
        : { name: o.section.name, title: o.section.title, status: 'skipped' as const, reason: o.skipped },
    ),
    metrics: Object.fromEntries(Object.entries(metrics).map(([k, m]) => [k, { count: m.count, of: m.of ?? null, share: shareOf(m) }])),
    thresholds: [],
    problems: meta.problems,
  };
  return {
    json,
    metrics,
    files(): Record<string, string> {
      const files: Record<string, string> = {
        'report.html': html(outcomes, meta),
        'report.json': `${JSON.stringify(json, jsonReplacer(numbersOf(meta.format)), 2)}\n`,
      };
      for (const o of outcomes) for (const { table, file } of csvFiles(o)) files[file] = renderCsvTable(table, meta.format);
      return files;
    },
    summary(outDir: string): Document {
      return {
        title: `Report written to ${outDir}`,
        figures: [],
        tables: [
          {
            name: 'sections',
            columns: [
              { key: 'section', label: 'section', type: 'text' },
              // Why a section was skipped, and each file, read whole on a narrow terminal.
              { key: 'status', label: 'status', type: 'text', wrap: true },
              { key: 'file', label: 'CSV', type: 'text', wrap: true },
            ],
            rows: outcomes.map((o) => ({
              section: o.section.name,
              status: o.run ? (o.run.empty ? `nothing to judge: ${o.run.empty}` : 'ok') : `skipped: ${o.skipped}`,
              file: csvFiles(o)
                .map((f) => f.file)
                .join(' '),
            })),
          },
        ],
        charts: [],
        notes: [`Open ${outDir}/report.html; every figure is in ${outDir}/report.json.`],
        data: json,
      };
    },
  };
}

/** The CSV of each table a section writes: its first table as `<section>.csv`, others it shows as `<section>-<table>.csv`. */
function csvFiles(o: SectionOutcome): { table: Table; file: string }[] {
  if (!o.run) return [];
  const { tables } = o.run.document;
  return tables.flatMap((table, i) =>
    i === 0
      ? [{ table, file: `${o.section.name}.csv` }]
      : o.run?.tables.includes(table.name)
        ? [{ table, file: `${o.section.name}-${table.name}.csv` }]
        : [],
  );
}

function html(outcomes: SectionOutcome[], meta: ReportMeta): string {
  const n = numbersOf(meta.format);
  const subtitle = `As of ${meta.asOf} · data: ${meta.dataDir} · plan ${meta.version}`;
  const judged = outcomes.filter((o) => o.run && !o.run.empty);
  const headlines = judged
    .flatMap((o) => (o.run?.headline ?? []).filter((h) => h.action !== undefined).map((h) => ({ h, o })))
    .map((x, order) => ({ ...x, order }))
    .sort((a, b) => (a.h.priority ?? 2) - (b.h.priority ?? 2) || a.order - b.order)
    .slice(0, HEADLINES)
    .sort((a, b) => a.order - b.order);
  const tiles = headlines.map(
    ({ h, o }) =>
      `<div class="headline"><div class="value">${escapeHtml(formatFigure({ label: '', value: h.value, type: h.type }, meta.format))}</div><div class="label">${escapeHtml(prose(h.label, n))}</div><div class="action">${escapeHtml(prose(h.action ?? '', n))} <a href="#${escapeHtml(o.section.name)}">More</a></div></div>`,
  );
  const opening =
    judged.length === 0
      ? `<p class="empty">There is nothing to judge in this data yet. What to provide:</p><ul>${outcomes.map((o) => `<li>${escapeHtml(o.section.title)}: ${escapeHtml(o.run?.empty ?? o.skipped)}</li>`).join('')}</ul>`
      : `<div class="headlines">${tiles.join('')}</div>`;
  const contents = `<h3>In this report</h3><ol class="contents">${outcomes
    .map(
      (o) =>
        `<li><a href="#${escapeHtml(o.section.name)}">${escapeHtml(o.section.title)}</a>${state(o) ? ` <span class="state">(${escapeHtml(state(o))})</span>` : ''}</li>`,
    )
    .join('')}</ol>`;
  const first = `<section id="summary"><h2>What needs attention</h2>${opening}${contents}</section>`;
  // With nothing judged, the list of what to provide is the whole page: each section would only repeat its line.
  if (judged.length === 0)
    return htmlPage('Sales planning report', subtitle, `<section id="summary"><h2>What needs attention</h2>${opening}</section>`);
  const sections = outcomes.map((o) => {
    const head = `<section class="part" id="${escapeHtml(o.section.name)}"><h2>${escapeHtml(o.section.title)}</h2>`;
    if (!o.run) return `${head}<p class="empty">Not in this report: it ${escapeHtml(o.skipped)}.</p></section>`;
    const run = o.run;
    if (run.empty) return `${head}<p class="empty">Nothing to judge here. ${escapeHtml(run.empty)}</p></section>`;
    const files = csvFiles(o);
    const shown = run.document.tables.filter((t) => run.tables.includes(t.name));
    const tables = shown.map((t) =>
      htmlTable(t, meta.format, { maxRows: run.topN, maxPriority: 2, csv: files.find((f) => f.table === t)?.file }),
    );
    const elsewhere = files.filter((f) => !shown.includes(f.table));
    const also =
      elsewhere.length === 0
        ? ''
        : `<p class="more">Also in this folder: ${elsewhere.map((f) => `<a href="${escapeHtml(f.file)}">${escapeHtml(f.file)}</a> (${f.table.title === undefined ? '' : `${escapeHtml(prose(f.table.title, n))}, `}${n.int(f.table.rows.length)} rows)`).join(', ')}.</p>`;
    const notes = run.document.notes.map((note) => `<p class="note">${escapeHtml(prose(note, n))}</p>`).join('');
    return [
      head,
      `<p class="summary">${escapeHtml(prose(run.summary, n))}</p>`,
      run.note ? `<p class="note">${escapeHtml(run.note)}</p>` : '',
      ...run.charts.map((chart) => svgBars(chart, n)),
      ...tables,
      also,
      notes ? `<details><summary>How these figures are worked out</summary>${notes}</details>` : '',
      '</section>',
    ].join('\n');
  });
  return htmlPage('Sales planning report', subtitle, [first, ...sections].join('\n'));
}

/** A section's state in a word, when it did not run as usual. */
function state(o: SectionOutcome): string {
  if (!o.run) return `not in this report: ${o.skipped}`;
  return o.run.empty ? 'nothing to judge' : '';
}

/** A metric's share as the sections write shares: rounded to 6 decimals (thresholds compare the exact share). */
function shareOf(m: MetricValue): number | null {
  const share = m.share ?? (m.of ? m.count / m.of : null);
  return share === null ? null : round6(share);
}

/** A view may hand its JSON lazily (toJSON); report.json holds it as plain data. */
function plain(data: unknown): unknown {
  const lazy = data as { toJSON?: () => unknown } | null;
  return typeof lazy?.toJSON === 'function' ? lazy.toJSON() : data;
}
