/** Markdown: figures, tables and charts as text, for wikis and tickets. Control characters are shown escaped. */
import { type Cell, type Document, type FormatOptions, prose, viewColumns } from './document.js';
import { escapeControls } from './escape.js';
import { bar, formatCell, formatFigure, numbersOf, shownReader } from './format.js';
import { pad, textWidth } from './terminal.js';

const escapeMd = (text: string) =>
  escapeControls(text.replace(/[\r\n]+/g, ' '))
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/([<>*_`[\]])/g, '\\$1');

export function renderMd(doc: Document, opts: FormatOptions): string {
  const numbers = numbersOf(opts);
  const out: string[] = [`# ${escapeMd(doc.title)}`, ''];
  if (doc.figures.length > 0) {
    for (const f of doc.figures) out.push(`- **${escapeMd(f.label)}**: ${escapeMd(formatFigure(f, opts))}`);
    out.push('');
  }
  for (const chart of doc.charts) {
    out.push(`## ${escapeMd(prose(chart.title, numbers))}`, '', '```text');
    const labels = chart.rows.map((r) => escapeControls(r.label).replace(/`/g, "'"));
    const series = chart.series.map((s) => escapeControls(s).replace(/`/g, "'"));
    const width = Math.max(...labels.map(textWidth));
    const seriesWidth = Math.max(8, ...series.map(textWidth));
    chart.rows.forEach((row, r) => {
      row.values.forEach((v, i) => {
        out.push(
          `${pad(i === 0 ? (labels[r] as string) : '', width)}  ${pad(series[i] ?? '', seriesWidth)} ${pad(numbers.percent(v), 7, true)} ${bar(v, 30)}`.trimEnd(),
        );
      });
    });
    out.push('```', '');
  }
  for (const table of doc.tables) {
    const columns = viewColumns(table, opts);
    if (table.title !== undefined) out.push(`## ${escapeMd(prose(table.title, numbers))}`, '');
    out.push(`| ${columns.map((c) => escapeMd(c.label)).join(' | ')} |`);
    out.push(`| ${columns.map((c) => (c.type === 'text' || c.type === 'date' ? '---' : '---:')).join(' | ')} |`);
    const cells = columns.map((c) => shownReader(table, c));
    for (let i = 0; i < table.rows.length; i++) {
      out.push(
        `| ${columns.map((c, j) => escapeMd(formatCell((cells[j] as (i: number) => Cell)(i), c.type, { ...opts, digits: c.digits }))).join(' | ')} |`,
      );
    }
    out.push('');
  }
  for (const note of doc.notes) out.push(`> ${escapeMd(prose(note, numbers))}`, '');
  return `${out.join('\n').trimEnd()}\n`;
}
