/**
 * What commands hand to renderers: titled tables of typed columns, a few
 * key figures, bar charts and notes, plus the full result for JSON. The
 * column type decides formatting in table/md and raw values in CSV.
 */

import type { ByteSpan } from '../schema/columns.js';
import type { NumberFormat } from './numbers.js';

/**
 * How a column's numbers read (render/numbers.ts): `int` counts (whole),
 * `money` with the currency, `percent` a share 0..1, `points` a difference of
 * shares in percentage points, `number` any other figure, `bar` a share drawn.
 * `estimate` is money estimated from market figures (market spend, potential,
 * headroom): shown to whole currency units, since its cents mean nothing;
 * money from orders and revenue (`money`) is shown to the cent. Both are
 * rounded once, from the value as computed; CSV and JSON keep the cents.
 */
/** `gain`: a relative change as a signed percent (+83%), the way plan time prints a capacity gain. */
export type CellType = 'text' | 'int' | 'number' | 'money' | 'estimate' | 'percent' | 'gain' | 'points' | 'date' | 'bar';

const NUMERIC: ReadonlySet<CellType> = new Set(['int', 'number', 'money', 'estimate', 'percent', 'gain', 'points']);

/** Figures (aligned right in tables), as opposed to text, dates and bars. */
export function isNumeric(type: CellType): boolean {
  return NUMERIC.has(type);
}

/**
 * Words for people that may hold figures: a text, or a function of the
 * number formatter, so prose formats its numbers as the tables do (config
 * locale and currency) without the view knowing the locale.
 */
export type Prose = string | Words;

/**
 * Words with figures in them, worded by a view as a function of the number
 * formatter: a note, a figure, or a text cell (a "why" column) that every
 * renderer words with the run's formatter, CSV and JSON included, so a figure
 * in words reads as the human views show that figure.
 */
export type Words = (format: NumberFormat) => string;

export function prose(text: Prose, format: NumberFormat): string {
  return typeof text === 'string' ? text : text(format);
}

export interface Column {
  key: string;
  label: string;
  type: CellType;
  /** Decimals for `number` (default 2), `percent` and `points` (default 1); most decimals for `money`. */
  digits?: number;
  /**
   * Which columns a narrow terminal keeps: 1 always (what a row is and its
   * main figure), 2 by default, 3 first to go. Ties: the rightmost goes first.
   */
  priority?: 1 | 2 | 3;
  /**
   * A text column shown whole on a narrow terminal while other columns can go
   * instead: a name whose cut reads as another (`Manufacturing…` for three
   * segments). When it cannot be whole even with every other column that can
   * go gone, the table is laid out as if it were not whole.
   */
  whole?: boolean;
  /**
   * A text column of several words that each matter (flags, a reason): on a narrow terminal its cells take more
   * lines rather than being cut, the column no narrower than its longest word.
   */
  wrap?: boolean;
  /**
   * Money (`money`, `estimate`) that a terminal too narrow for the table's compact columns of priority 1 and 2 shows
   * to whole currency units, else in whole thousands (`€15,457k`), said in a note: figures a row adds up (a revenue
   * bridge), each needed. Every compact column of the table is shown alike.
   */
  compact?: boolean;
  /** In CSV and JSON only: too wide for the terminal and md views. */
  detail?: boolean;
  /**
   * A `percent` column of parts of a whole: of the table's rows (`true`), or of each set of rows with one value in
   * the column of this key (a rep's tiers). The human views round each whole's shares together, by largest
   * remainder (render/format.ts `partsOfWhole`), so the shares shown add to exactly 100%; CSV and JSON keep each exact.
   */
  parts?: true | string;
  /** In the terminal and md views only (a bar drawing a share already in another column). */
  visual?: boolean;
  /** Reads the cell from the row (default: `row[key]`), so a view can hand core results over without copying them. */
  get?: (row: Row) => Cell;
}

/** The value of a column in a row. */
export function cellOf(row: Row, column: Column): Cell {
  return column.get ? column.get(row) : row[column.key];
}

/**
 * A cell's value. A bigint is exact money: the scaled integer of
 * schema/money.ts (ten-thousandths), for totals past what a number holds to
 * the cent; it is rounded once, when printed. Words (a function of the number
 * formatter) are a text cell that holds figures.
 */
export type Cell = string | number | bigint | boolean | null | undefined | Words;
export type Row = Record<string, Cell>;

export interface Table {
  /** Machine name (CSV file name in reports). */
  name: string;
  title?: Prose;
  columns: Column[];
  rows: Rows;
}

/**
 * Rows read by position, without an object per row: a listing of a million
 * accounts hands its columnar result over as it is (views/segment.ts), and
 * renderers read each cell through the column's reader.
 */
export interface RowSource {
  readonly length: number;
  /** Reads the column's cell of row i. */
  reader(column: Column): (i: number) => Cell;
  /**
   * For a text column kept as UTF-8 bytes: reads row i's text as its bytes
   * into `into` (the same text `reader` gives), for renderers that write bytes.
   */
  spans?(column: Column): ((i: number, into: ByteSpan) => void) | undefined;
}

export type Rows = readonly Row[] | RowSource;

/**
 * Characters per chunk of a large text output (JSON; CSV is written as bytes,
 * render/csv.ts): a million-row listing is written a chunk at a time, never
 * built as one string. Small enough that a
 * chunk is an ordinary young object (V8 puts strings past 128 KB in the
 * large-object space, where the chunks of a long listing piled up until a full
 * collection: 190 MB for 1M accounts).
 */
export const CHUNK_CHARS = 1 << 15;

/** A reader of the column's cells by row position, for either kind of rows. */
export function cellReader(rows: Rows, column: Column): (i: number) => Cell {
  if ('reader' in rows) return rows.reader(column);
  const list = rows as readonly Row[];
  return (i) => cellOf(list[i] as Row, column);
}

export interface Figure {
  label: string;
  /** A typed value, or words (type `text`) that may hold figures. */
  value: Cell;
  type: CellType;
  /** Decimals, as a column's `digits`: a figure reads as the same figure in a table. */
  digits?: number;
}

/** Horizontal bars, values as shares 0..1 (e.g. order share against cost share). */
export interface BarChart {
  /** Words, or a function of the number formatter when the title holds a figure. */
  title: Prose;
  series: string[];
  rows: { label: string; values: number[] }[];
}

export interface Document {
  title: string;
  figures: Figure[];
  /** The first table is the primary one: it is what `--format csv` writes. */
  tables: Table[];
  charts: BarChart[];
  notes: Prose[];
  /** Everything the command computed, for `--format json`. */
  data: unknown;
}

export interface FormatOptions {
  currency: string;
  locale: string;
  color: boolean;
  /** `--excel`: BOM + CRLF in CSV. */
  excel: boolean;
  /** Keep CSV text cells as they are (machine consumers). */
  formulaEscape: boolean;
  /** Terminal columns the table view fits into; undefined when not a terminal (nothing is cut). */
  width?: number;
  /** Table rows shown in the terminal view, over all its tables (undefined: all, `--all`). */
  maxRows?: number;
  /** `--columns`: the columns to show (keys as in CSV), in this order. */
  columns?: readonly string[];
  /** `--wide`: every column, detail ones included, nothing cut or dropped. */
  wide?: boolean;
}

/**
 * The columns a human view (table, md) shows: `--columns` in their order
 * when the table has any of them, else every column (`--wide`) or those
 * that are not CSV/JSON detail.
 */
export function viewColumns(table: Table, opts: Pick<FormatOptions, 'columns' | 'wide'>): Column[] {
  if (opts.columns && opts.columns.length > 0) {
    const picked = opts.columns.flatMap((key) => table.columns.filter((c) => c.key === key));
    if (picked.length > 0) return picked;
  }
  return opts.wide ? [...table.columns] : table.columns.filter((c) => !c.detail);
}
