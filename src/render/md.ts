/** Markdown: figures, tables and charts as text, for wikis and tickets. */
import { cellOf, type Document, type FormatOptions } from './document.js';
import { bar, formatCell } from './format.js';

const escapeMd = (text: string) =>
  text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/([<>*_`[\]])/g, '\\$1');

export function renderMd(doc: Document, opts: FormatOptions): string {
  const out: string[] = [`# ${escapeMd(doc.title)}`, ''];
  if (doc.figures.length > 0) {
    for (const f of doc.figures) out.push(`- **${escapeMd(f.label)}**: ${escapeMd(formatCell(f.value, f.type, opts))}`);
    out.push('');
  }
  for (const chart of doc.charts) {
    out.push(`## ${escapeMd(chart.title)}`, '', '```text');
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
    if (table.title) out.push(`## ${escapeMd(table.title)}`, '');
    out.push(`| ${table.columns.map((c) => escapeMd(c.label)).join(' | ')} |`);
    out.push(`| ${table.columns.map((c) => (c.type === 'text' || c.type === 'date' ? '---' : '---:')).join(' | ')} |`);
    for (const row of table.rows) {
      out.push(`| ${table.columns.map((c) => escapeMd(formatCell(cellOf(row, c), c.type, { ...opts, digits: c.digits }))).join(' | ')} |`);
    }
    out.push('');
  }
  for (const note of doc.notes) out.push(`> ${escapeMd(note)}`, '');
  return `${out.join('\n').trimEnd()}\n`;
}
