/** The terminal view: the only module that touches colour and cli-table3. */
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { type BarChart, cellOf, type Table as DocTable, type Document, type FormatOptions } from './document.js';
import { bar, formatCell, padEnd, wrap } from './format.js';

const RIGHT = new Set(['int', 'number', 'money', 'percent']);
const MAX_TEXT = 40;

export function renderTable(doc: Document, opts: FormatOptions): string {
  const chalk = new Chalk({ level: opts.color ? 1 : 0 });
  const out: string[] = [chalk.bold(doc.title), ''];
  if (doc.figures.length > 0) {
    const width = Math.max(...doc.figures.map((f) => f.label.length));
    for (const f of doc.figures) out.push(`  ${padEnd(f.label, width)}  ${formatCell(f.value, f.type, opts)}`);
    out.push('');
  }
  for (const chart of doc.charts) out.push(renderChart(chart, chalk), '');
  for (const full of doc.tables) {
    const table = { ...full, columns: full.columns.filter((c) => !c.detail) };
    out.push(renderOne(table, opts, chalk), '');
  }
  for (const note of doc.notes) out.push(chalk.dim(note));
  return `${out.join('\n').trimEnd()}\n`;
}

function renderOne(table: DocTable, opts: FormatOptions, chalk: InstanceType<typeof Chalk>): string {
  const t = new Table({
    head: table.columns.map((c) => chalk.bold(c.label)),
    colAligns: table.columns.map((c) => (RIGHT.has(c.type) ? 'right' : 'left')),
    style: { head: [], border: [], compact: true },
    chars: opts.color ? {} : undefined,
  });
  for (const row of table.rows) {
    t.push(
      table.columns.map((c) => {
        const text = formatCell(cellOf(row, c), c.type, {
          ...opts,
          digits: c.digits,
        });
        return c.type === 'text' ? wrap(text, MAX_TEXT) : text;
      }),
    );
  }
  const title = table.title ? `${chalk.bold(table.title)}\n` : '';
  return table.rows.length === 0 ? `${title}(none)` : `${title}${t.toString()}`;
}

function renderChart(chart: BarChart, chalk: InstanceType<typeof Chalk>): string {
  const width = Math.max(...chart.rows.map((r) => r.label.length), 4);
  const paint = [chalk.cyan, chalk.yellow, chalk.magenta, chalk.green];
  const lines = [chalk.bold(chart.title)];
  // Bars are drawn relative to the largest value; the labels keep the true share.
  const scale = Math.max(...chart.rows.flatMap((r) => r.values), 0) || 1;
  lines.push(
    `  ${' '.repeat(width)}  ${chart.series.map((s, i) => (paint[i % paint.length] as (s: string) => string)(`■ ${s}`)).join('  ')}`,
  );
  for (const row of chart.rows) {
    row.values.forEach((v, i) => {
      const label = i === 0 ? padEnd(row.label, width) : ' '.repeat(width);
      const pct = `${(v * 100).toFixed(1)}%`.padStart(6);
      lines.push(`  ${label}  ${pct} ${(paint[i % paint.length] as (s: string) => string)(bar(v / scale, 30))}`);
    });
  }
  return lines.join('\n');
}
