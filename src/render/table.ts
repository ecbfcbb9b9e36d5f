/**
 * The terminal view: the only module that touches colour. Tables are laid
 * out here (no table library: cells are measured and cut once, so rendering
 * is linear in the text): columns fit the terminal width by priority, text is
 * cut at a word boundary with an ellipsis, a long document shows its first
 * rows with "N more rows (--all)". Without a terminal width (piped) nothing
 * is cut or dropped. Every text from input has its control characters
 * escaped.
 */
import { Chalk } from 'chalk';
import {
  type BarChart,
  type Cell,
  type Column,
  type Table as DocTable,
  type Document,
  type FormatOptions,
  isNumeric,
  prose,
  viewColumns,
} from './document.js';
import { escapeControls } from './escape.js';
import { bar, formatCell, formatFigure, numbersOf, shownReader } from './format.js';
import type { NumberFormat } from './numbers.js';
import { fitWidth, pad, textWidth, truncate, wrapText } from './terminal.js';

type Paint = InstanceType<typeof Chalk>;

const GAP = 2;
/** Text columns are cut no narrower than this while other columns can go instead (key columns: KEY_TEXT_MIN). */
const TEXT_MIN = 12;
const KEY_TEXT_MIN = 20;
/** A table that does not fit the rows left is cut only with this many left; else it and the rest wait for --all. */
const MIN_START = 20;

export function renderTable(doc: Document, opts: FormatOptions): string {
  const chalk = new Chalk({ level: opts.color ? 1 : 0 });
  const width = opts.width;
  const numbers = numbersOf(opts);
  const line = (text: string) => (width === undefined ? text : truncate(text, width));
  const out: string[] = [chalk.bold(line(escapeControls(doc.title))), ''];
  if (doc.figures.length > 0) {
    const labels = doc.figures.map((f) => escapeControls(f.label));
    const labelWidth = Math.min(Math.max(...labels.map(textWidth)), width === undefined ? Number.POSITIVE_INFINITY : Math.floor(width / 2));
    doc.figures.forEach((f, i) => {
      const label = pad(truncate(labels[i] as string, labelWidth), labelWidth);
      const value = escapeControls(formatFigure(f, opts));
      const room = width === undefined ? Number.POSITIVE_INFINITY : width - labelWidth - 4;
      const lines = room === Number.POSITIVE_INFINITY ? [value] : wrapText(value, Math.max(room, 10));
      lines.forEach((text, k) => {
        out.push(`  ${k === 0 ? label : ' '.repeat(labelWidth)}  ${text}`);
      });
    });
    out.push('');
  }
  for (const chart of doc.charts) out.push(renderChart(chart, chalk, width, numbers), '');
  let budget = opts.maxRows ?? Number.POSITIVE_INFINITY;
  const hidden = new Set<string>();
  let compacted: Compacted;
  const waiting: string[] = [];
  for (const table of doc.tables) {
    const rows = table.rows.length;
    const take = Math.min(rows, budget);
    if (waiting.length > 0 || (take < rows && take < MIN_START)) {
      waiting.push(table.name);
      continue;
    }
    budget -= take;
    const laid = layTable(table, take, opts, chalk);
    for (const label of laid.hidden) hidden.add(label);
    if (compacted !== 'thousands') compacted = laid.compacted ?? compacted;
    out.push(laid.text, '');
  }
  if (waiting.length > 0) {
    out.push(
      line(
        escapeControls(
          `… ${waiting.length} more table${waiting.length === 1 ? '' : 's'} (--all): ${waiting.slice(0, 20).join(', ')}${waiting.length > 20 ? ', …' : ''}`,
        ),
      ),
      '',
    );
  }
  const notes = doc.notes.map((n) => escapeControls(prose(n, numbers)));
  if (compacted === 'units') notes.push(`Money to whole currency units to fit ${width} columns; --wide shows the cents.`);
  if (compacted === 'thousands')
    notes.push(
      `Money in whole thousands (k: ${numbers.thousands(1_234_000)} = ${numbers.estimate(1_234_000)}) to fit ${width} columns; --wide shows it to the cent.`,
    );
  if (hidden.size > 0) {
    notes.push(`Not shown to fit ${width} columns: ${[...hidden].join(', ')} (--wide shows every column, --columns picks them).`);
  }
  for (const note of notes) {
    for (const text of width === undefined ? [note] : wrapText(note, width)) out.push(chalk.dim(text));
  }
  return `${out.join('\n').trimEnd()}\n`;
}

interface Laid {
  text: string;
  /** Labels of the columns dropped to fit the width. */
  hidden: string[];
  /** Its `compact` money shown to whole units or in thousands to keep its columns. */
  compacted: Compacted;
}

type Compacted = 'units' | 'thousands' | undefined;

/** One table: the first `take` rows, its columns fitted to the width. */
function layTable(table: DocTable, take: number, opts: FormatOptions, chalk: Paint): Laid {
  const title = table.title === undefined ? '' : escapeControls(prose(table.title, numbersOf(opts)));
  const heading = title ? `${chalk.bold(opts.width === undefined ? title : truncate(title, opts.width))}\n` : '';
  if (table.rows.length === 0) return { text: `${heading}(none)`, hidden: [], compacted: undefined };
  const all = viewColumns(table, opts);
  let cells: string[][] = [];
  const readers = all.map((c) => shownReader(table, c));
  for (let r = 0; r < take; r++) {
    cells.push(
      all.map((c, j) => escapeControls(formatCell((readers[j] as (i: number) => Cell)(r), c.type, { ...opts, digits: c.digits }))),
    );
  }
  let fit = fitColumns(all, cells, opts);
  let compacted: Compacted;
  // A compact column that matters (priority 1 or 2) pushed out: its money in whole units, then in thousands.
  const lost = (f: Fit) => all.some((c, i) => c.compact && (c.priority ?? 2) < 3 && !f.columns.includes(i));
  if (lost(fit)) {
    const n = numbersOf(opts);
    for (const level of ['units', 'thousands'] as const) {
      const shown = level === 'units' ? n.estimate : n.thousands;
      const small = cells.map((row, r) =>
        all.map((c, j) => {
          const value = (readers[j] as (i: number) => Cell)(r);
          return c.compact && (typeof value === 'number' || typeof value === 'bigint') ? shown(value) : (row[j] as string);
        }),
      );
      [cells, fit, compacted] = [small, fitColumns(all, small, opts), level];
      if (!lost(fit)) break;
    }
  }
  const shown = fit.columns.map((i) => all[i] as Column);
  const widths = fit.widths;
  const headLines = fit.labels;
  const lines: string[] = [];
  const cellLines = (c: Column, text: string, w: number): string[] => {
    if (c.type !== 'text' && c.type !== 'date') return [text];
    return c.wrap && textWidth(text) > w ? wrapText(text, w) : [truncate(text, w)];
  };
  for (let k = 0; k < (headLines[0]?.length ?? 0); k++) {
    lines.push(
      joinCells(
        shown.map((c, j) => {
          const text = headLines[j]?.[k] ?? '';
          return chalk.bold(pad(text, widths[j] as number, isNumeric(c.type)));
        }),
      ),
    );
  }
  lines.push(chalk.dim(joinCells(widths.map((w) => '─'.repeat(w)))));
  for (const row of cells) {
    // A wrapped cell takes more lines; the row's other cells stay on its first.
    const parts = shown.map((c, j) => cellLines(c, row[fit.columns[j] as number] as string, widths[j] as number));
    const height = Math.max(...parts.map((p) => p.length));
    for (let k = 0; k < height; k++)
      lines.push(joinCells(shown.map((c, j) => pad(parts[j]?.[k] ?? '', widths[j] as number, isNumeric(c.type)))));
  }
  if (take < table.rows.length) {
    const more = table.rows.length - take;
    lines.push(chalk.dim(`… ${numbersOf(opts).int(more)} more row${more === 1 ? '' : 's'} (--all)`));
  }
  const hidden = all.filter((c, i) => !fit.columns.includes(i) && !c.visual).map((c) => c.label || c.key);
  return { text: heading + lines.join('\n'), hidden, compacted };
}

/** Cells joined by the gap, trailing spaces dropped. */
function joinCells(cells: string[]): string {
  return cells.join(' '.repeat(GAP)).trimEnd();
}

interface Fit {
  /** Indexes (into the view's columns) of the columns kept, in order. */
  columns: number[];
  widths: number[];
  /** Each kept column's label in one or two lines. */
  labels: string[][];
}

/**
 * Widths for the columns: each as wide as its widest cell and label; when
 * that is wider than the terminal, labels first take two lines, then text
 * columns are cut (not below TEXT_MIN), then the least important columns go
 * (priority 3, then 2, the rightmost first; priority 1 stays), and what is
 * left is cut further if need be. `--wide` and `--columns` keep every column.
 */
function fitColumns(columns: Column[], cells: string[][], opts: FormatOptions): Fit {
  const limit = opts.width;
  const cap = limit ?? Number.POSITIVE_INFINITY;
  const content = columns.map((c, i) => {
    let w = 0;
    for (const row of cells) {
      const text = row[i] as string;
      // Text is measured no further than the terminal could show.
      w = Math.max(w, c.type === 'text' || c.type === 'date' ? fitWidth(text, cap).width : textWidth(text));
    }
    return w;
  });
  const labels = columns.map((c) => escapeControls(c.label));
  const labelOne = labels.map(textWidth);
  const labelTwo = labels.map((l) => twoLineWidth(l));
  const isText = columns.map((c) => c.type === 'text' || c.type === 'date');
  const longestWord = columns.map((c, i) => {
    if (!c.wrap) return 0;
    let w = 0;
    for (const row of cells) for (const word of (row[i] as string).split(' ')) w = Math.max(w, textWidth(word));
    return w;
  });
  let kept = columns.map((_, i) => i);
  const keepAll = opts.wide === true || (opts.columns !== undefined && opts.columns.length > 0);

  let keepWhole = true;
  const natural = (i: number) => Math.max(content[i] as number, labelOne[i] as number);
  const total = (widths: number[]) => widths.reduce((a, b) => a + b, 0) + GAP * Math.max(0, widths.length - 1);
  const layout = (floor?: number): number[] | undefined => {
    if (limit === undefined) return kept.map(natural);
    let widths = kept.map(natural);
    if (total(widths) <= limit) return widths;
    // Labels on two lines.
    widths = kept.map((i) => Math.max(content[i] as number, labelTwo[i] as number));
    if (total(widths) <= limit) return widths;
    // Text columns cut, the widest first, down to the floor.
    const texts = kept.map((i, j) => (isText[i] ? j : -1)).filter((j) => j >= 0);
    const min = (j: number) => {
      const column = columns[kept[j] as number];
      // A wrapped column is laid out as a cut one would be (the same columns kept), never narrower than its longest word.
      const least =
        column?.whole && keepWhole
          ? Number.POSITIVE_INFINITY
          : Math.max(column?.priority === 1 ? KEY_TEXT_MIN : TEXT_MIN, longestWord[kept[j] as number] as number);
      return Math.min(widths[j] as number, floor ?? least);
    };
    const fixed = total(widths) - texts.reduce((a, j) => a + (widths[j] as number), 0);
    const room = limit - fixed;
    const level = waterLevel(
      texts.map((j) => widths[j] as number),
      texts.map(min),
      room,
    );
    if (level === undefined) return undefined;
    for (const j of texts) widths[j] = Math.max(min(j), Math.min(widths[j] as number, level));
    return total(widths) <= limit ? widths : undefined;
  };

  const all = kept;
  const dropUntilFit = () => {
    let widths = layout();
    while (widths === undefined && !keepAll) {
      const drop = dropCandidate(kept, columns);
      if (drop === undefined) break;
      kept = kept.filter((i) => i !== drop);
      widths = layout();
    }
    return widths;
  };
  let widths = dropUntilFit();
  if (widths === undefined && columns.some((c) => c.whole)) {
    // Not whole even with every other column gone: laid out as if no column were whole (it is cut as any key column).
    keepWhole = false;
    kept = all;
    widths = dropUntilFit();
  }
  widths ??= layout(3) ?? kept.map((i) => Math.max(Math.min(content[i] as number, 3), labelTwo[i] as number));
  const split = kept.map((i, j) => {
    const label = labels[i] as string;
    const w = widths[j] as number;
    if (textWidth(label) <= w) return [label];
    const lines = wrapText(label, w);
    return lines.length <= 2 ? lines : [lines[0] as string, truncate(lines.slice(1).join(' '), w)];
  });
  const height = Math.max(1, ...split.map((l) => l.length));
  // Two-line labels sit on the lower line when alone.
  const labelsOut = split.map((l) => (l.length < height ? [...Array(height - l.length).fill(''), ...l] : l));
  return { columns: kept, widths, labels: labelsOut };
}

/** The least important column left: highest priority number, the rightmost among equals; never priority 1. */
function dropCandidate(kept: number[], columns: Column[]): number | undefined {
  let best: number | undefined;
  let bestPriority = 1;
  for (const i of kept) {
    const p = columns[i]?.priority ?? 2;
    if (p > 1 && p >= bestPriority) {
      best = i;
      bestPriority = p;
    }
  }
  return best;
}

/**
 * The largest level L such that sum(max(min_i, min(w_i, L))) <= room, or
 * undefined when even the minimums do not fit.
 */
function waterLevel(widths: number[], mins: number[], room: number): number | undefined {
  const used = (level: number) => widths.reduce((a, w, j) => a + Math.max(mins[j] as number, Math.min(w, level)), 0);
  if (used(0) > room) return undefined;
  let lo = 0;
  let hi = Math.max(0, ...widths);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (used(mid) <= room) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The narrowest width at which a label takes at most two lines. */
function twoLineWidth(label: string): number {
  const one = textWidth(label);
  const words = label.split(' ');
  if (words.length < 2) return one;
  let best = one;
  for (let k = 1; k < words.length; k++) {
    best = Math.min(best, Math.max(textWidth(words.slice(0, k).join(' ')), textWidth(words.slice(k).join(' '))));
  }
  return best;
}

function renderChart(chart: BarChart, chalk: Paint, width: number | undefined, numbers: NumberFormat): string {
  const percent = (share: number) => numbers.percent(share);
  const labels = chart.rows.map((r) => escapeControls(r.label));
  const labelWidth = Math.min(Math.max(...labels.map(textWidth), 4), width === undefined ? 40 : Math.floor(width / 3));
  const barWidth = width === undefined ? 30 : Math.max(5, Math.min(30, width - labelWidth - 13));
  const paint = [chalk.cyan, chalk.yellow, chalk.magenta, chalk.green];
  const colour = (i: number) => paint[i % paint.length] as (s: string) => string;
  const title = escapeControls(prose(chart.title, numbers));
  const lines = [chalk.bold(width === undefined ? title : truncate(title, width))];
  // Bars are drawn relative to the largest value; the labels keep the true share.
  const scale = Math.max(...chart.rows.flatMap((r) => r.values), 0) || 1;
  const legend = chart.series.map((s, i) => colour(i)(`■ ${escapeControls(s)}`)).join('  ');
  lines.push(`  ${' '.repeat(labelWidth)}  ${legend}`);
  chart.rows.forEach((row, r) => {
    row.values.forEach((v, i) => {
      const label = i === 0 ? pad(truncate(labels[r] as string, labelWidth), labelWidth) : ' '.repeat(labelWidth);
      const pct = pad(percent(v), 7, true);
      lines.push(`  ${label}  ${pct} ${colour(i)(bar(v / scale, barWidth))}`.trimEnd());
    });
  });
  return lines.join('\n');
}
