/**
 * What commands hand to renderers: titled tables of typed columns, a few
 * key figures, bar charts and notes, plus the full result for JSON. The
 * column type decides formatting in table/md and raw values in CSV.
 */

export type CellType = 'text' | 'int' | 'number' | 'money' | 'percent' | 'date' | 'bar';

export interface Column {
  key: string;
  label: string;
  type: CellType;
  /** Decimals for `number` (default 2) and `percent` (default 1). */
  digits?: number;
  /** In CSV and JSON only: too wide for the terminal and md views. */
  detail?: boolean;
  /** In the terminal and md views only (a bar drawing a share already in another column). */
  visual?: boolean;
  /** Reads the cell from the row (default: `row[key]`), so a view can hand core results over without copying them. */
  get?: (row: Row) => Cell;
}

/** The value of a column in a row. */
export function cellOf(row: Row, column: Column): Cell {
  return column.get ? column.get(row) : row[column.key];
}

export type Cell = string | number | boolean | null | undefined;
export type Row = Record<string, Cell>;

export interface Table {
  /** Machine name (CSV file name in reports). */
  name: string;
  title?: string;
  columns: Column[];
  rows: Row[];
}

export interface Figure {
  label: string;
  value: Cell;
  type: CellType;
}

/** Horizontal bars, values as shares 0..1 (e.g. order share against cost share). */
export interface BarChart {
  title: string;
  series: string[];
  rows: { label: string; values: number[] }[];
}

export interface Document {
  title: string;
  figures: Figure[];
  /** The first table is the primary one: it is what `--format csv` writes. */
  tables: Table[];
  charts: BarChart[];
  notes: string[];
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
}
