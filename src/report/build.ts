/** The report folder: report.html, report.json and one CSV per section, built from the sections' documents. */
import { renderCsvTable } from '../render/csv.js';
import type { Document, Figure, FormatOptions } from '../render/document.js';
import { escapeHtml, htmlPage, htmlSection, svgBars } from '../render/html.js';
import { REPORT_SCHEMA_VERSION, type ReportJson } from './schema.js';
import type { Metrics, ReportSection, SectionRun } from './sections.js';

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

const ROWS_ON_PAGE = 20;

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
            status: 'ok' as const,
            note: o.run.note ?? null,
            data: plain(o.run.document.data),
          }
        : { name: o.section.name, title: o.section.title, status: 'skipped' as const, reason: o.skipped },
    ),
    metrics: Object.fromEntries(
      Object.entries(metrics).map(([k, m]) => [k, { count: m.count, of: m.of ?? null, share: m.share ?? (m.of ? m.count / m.of : null) }]),
    ),
    thresholds: [],
    problems: meta.problems,
  };
  return {
    json,
    metrics,
    files(): Record<string, string> {
      const files: Record<string, string> = {
        'report.html': html(outcomes, meta),
        'report.json': `${JSON.stringify(json, (_k, v) => (v === undefined ? null : v), 2)}\n`,
      };
      for (const o of outcomes) {
        const table = o.run?.document.tables[0];
        if (table) files[`${o.section.name}.csv`] = renderCsvTable(table, meta.format);
      }
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
              { key: 'status', label: 'status', type: 'text' },
              { key: 'file', label: 'CSV', type: 'text' },
            ],
            rows: outcomes.map((o) => ({
              section: o.section.name,
              status: o.run ? 'ok' : `skipped: ${o.skipped}`,
              file: o.run?.document.tables[0] ? `${o.section.name}.csv` : '',
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

function html(outcomes: SectionOutcome[], meta: ReportMeta): string {
  const key: Figure[] = outcomes.flatMap((o) => o.run?.headline ?? []);
  const keyBlock = `<section class="page" id="summary"><h2>The figures that matter</h2>${htmlSection({ title: '', figures: key, tables: [], charts: [], notes: [], data: null }, meta.format)}
<ul>${outcomes.map((o) => `<li><a href="#${escapeHtml(o.section.name)}">${escapeHtml(o.section.title)}</a>${o.skipped ? ` <span class="skipped">(skipped: ${escapeHtml(o.skipped)})</span>` : ''}</li>`).join('')}</ul></section>`;
  const sections = outcomes.map((o) => {
    const head = `<section class="page" id="${escapeHtml(o.section.name)}"><h2>${escapeHtml(o.section.title)}</h2>`;
    if (!o.run) return `${head}<p class="skipped">Skipped: ${escapeHtml(o.skipped)}.</p></section>`;
    const extra = o.run.charts.map((chart) => svgBars(chart)).join('\n');
    const note = o.run.note ? `<p class="note">${escapeHtml(o.run.note)}</p>` : '';
    return `${head}${note}${extra}\n${htmlSection(o.run.document, meta.format, ROWS_ON_PAGE)}</section>`;
  });
  return htmlPage(
    'Sales planning report',
    `As of ${meta.asOf} · data: ${meta.dataDir} · plan ${meta.version}`,
    [keyBlock, ...sections].join('\n'),
  );
}

/** A view may hand its JSON lazily (toJSON); report.json holds it as plain data. */
function plain(data: unknown): unknown {
  const lazy = data as { toJSON?: () => unknown } | null;
  return typeof lazy?.toJSON === 'function' ? lazy.toJSON() : data;
}
