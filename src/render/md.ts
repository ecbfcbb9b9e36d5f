/** Markdown: figures, tables and charts as text, for wikis and tickets. */
import type { Document, FormatOptions } from './document.js';
import { bar, formatCell } from './format.js';

const escape = (text: string) =>
  text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/([<>*_`[\]])/g, '\\$1');

export function renderMd(doc: Document, opts: FormatOptions): string {
  const out: string[] = [`# ${escape(doc.title)}`, ''];
  if (doc.figures.length > 0) {
    for (const f of doc.figures) out.push(`- **${escape(f.label)}**: ${escape(formatCell(f.value, f.type, opts))}`);
    out.push('');
  }
  for (const chart of doc.charts) {
    out.push(`## ${escape(chart.title)}`, '', '```text');
    const width = Math.max(...chart.rows.map((r) => r.label.length));
    for (const row of chart.rows) {
      row.values.forEach((v, i) => {
        out.push(
          `${(i === 0 ? row.label : '').padEnd(width)}  ${(chart.series[i] ?? '').padEnd(8)} ${`${(v * 100).toFixed(1)}%`.padStart(6)} ${bar(v, 30)}`,
        );
      });
    }
    out.push('```', '');
  }
  for (const full of doc.tables) {
    const table = { ...full, columns: full.columns.filter((c) => !c.detail) };
    if (table.title) out.push(`## ${escape(table.title)}`, '');
    out.push(`| ${table.columns.map((c) => escape(c.label)).join(' | ')} |`);
    out.push(`| ${table.columns.map((c) => (c.type === 'text' || c.type === 'date' ? '---' : '---:')).join(' | ')} |`);
    for (const row of table.rows) {
      out.push(`| ${table.columns.map((c) => escape(formatCell(row[c.key], c.type, { ...opts, digits: c.digits }))).join(' | ')} |`);
    }
    out.push('');
  }
  for (const note of doc.notes) out.push(`> ${escape(note)}`, '');
  return `${out.join('\n').trimEnd()}\n`;
}
