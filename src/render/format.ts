import { type BarChart, type Cell, type CellType, type Column, cellReader, type Figure, type Table } from './document.js';
import { type NumberFormat, numberFormat } from './numbers.js';

export interface CellFormat {
  currency: string;
  locale: string;
  digits?: number;
}

/** Human formatting of one cell for the table, md and html views (render/numbers.ts). */
export function formatCell(value: Cell, type: CellType, opts: CellFormat): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'boolean') return value ? 'yes' : '';
  if (typeof value === 'string') return value;
  const n = numberFormat(opts.locale, opts.currency);
  if (typeof value === 'function') return value(n);
  // An exact bigint of ten-thousandths: money to the cent, an estimate to whole units, each rounded once.
  if (typeof value === 'bigint')
    return type === 'money' ? n.money(value, opts.digits) : type === 'estimate' ? n.estimate(value) : n.int(value);
  if (!Number.isFinite(value)) return '';
  switch (type) {
    case 'int':
      return n.int(value);
    case 'money':
      return n.money(value, opts.digits);
    case 'estimate':
      return n.estimate(value);
    case 'percent':
      return n.percent(value, opts.digits);
    case 'gain':
      return gainText(n, value);
    case 'points':
      return n.points(value, opts.digits);
    case 'bar':
      return bar(value, 10);
    case 'number':
      // A column that names its decimals shows them all, so its figures line up (57.6, 124.0).
      return n.number(value, opts.digits, opts.digits ?? 0);
    default:
      return String(value);
  }
}

/** A relative change to a whole percent, signed: `+83%`, `0%`, `-12%` (plan time's capacity gain). */
export function gainText(n: NumberFormat, gain: number): string {
  const whole = Math.round(gain * 100);
  return `${whole > 0 ? '+' : ''}${n.percent(whole / 100, 0)}`;
}

/** A figure's value as shown. */
export function formatFigure(figure: Figure, opts: CellFormat): string {
  return formatCell(figure.value, figure.type, figure.digits === undefined ? opts : { ...opts, digits: figure.digits });
}

/** The formatter of the config's locale and currency. */
export function numbersOf(opts: CellFormat): NumberFormat {
  return numberFormat(opts.locale, opts.currency);
}

const BLOCKS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar of `width` cells for a share 0..1, with eighth-cell resolution. */
export function bar(share: number, width: number): string {
  const eighths = Math.round(Math.max(0, Math.min(1, share)) * width * 8);
  return '█'.repeat(Math.floor(eighths / 8)) + (BLOCKS[eighths % 8] ?? '');
}

/**
 * Shares that are parts of one whole, as they are shown with `digits` decimals of a percent: rounded together by
 * largest remainder (each part rounded down, then the units still missing to 100% go to the parts that lost the
 * most, the first among equals), so they add to exactly 100%: 33.3% + 33.3% + 33.4%, not 99.9%. A part moves by
 * less than one shown unit. Shares that do not make a whole (a part left out, none at all) are returned as they are.
 */
export function partsOfWhole<T extends number | null | undefined>(shares: readonly T[], digits = 1): T[] {
  const unit = 10 ** (digits + 2);
  const parts = shares.filter((s): s is NonNullable<T> => typeof s === 'number' && Number.isFinite(s));
  const sum = parts.reduce((a, s) => a + s, 0);
  // Shares rounded to 6 decimals by the core may miss 1 by half a millionth each.
  if (parts.length < 2 || parts.some((s) => s < 0) || Math.abs(sum - 1) > parts.length * 5e-7 + 1e-12) return [...shares];
  const scaled = shares.map((s) => (typeof s === 'number' && Number.isFinite(s) ? s * unit : null));
  const floors = scaled.map((x) => (x === null ? 0 : Math.floor(x + 1e-9)));
  let missing = unit - floors.reduce((a, f) => a + f, 0);
  const order = scaled
    .map((x, i) => ({ i, lost: x === null ? -1 : x - (floors[i] as number) }))
    .filter((p) => p.lost >= 0)
    .sort((a, b) => b.lost - a.lost || a.i - b.i);
  for (const { i } of order) {
    if (missing <= 0) break;
    floors[i] = (floors[i] as number) + 1;
    missing--;
  }
  return shares.map((s, i) => (typeof s === 'number' && Number.isFinite(s) ? (floors[i] as number) / unit : s)) as T[];
}

/**
 * A human view's reader of a column's cells: as `cellReader`, but a `parts` column's shares rounded together
 * (`partsOfWhole`) within each whole; a total row (100%) among them is left out of its whole.
 */
export function shownReader(table: Table, column: Column): (i: number) => Cell {
  const read = cellReader(table.rows, column);
  if (column.parts === undefined || column.type !== 'percent') return read;
  const by = column.parts === true ? undefined : table.columns.find((c) => c.key === column.parts);
  const groupOf = by ? cellReader(table.rows, by) : () => '';
  const wholes = new Map<Cell, number[]>();
  for (let i = 0; i < table.rows.length; i++) {
    const key = groupOf(i);
    const rows = wholes.get(key);
    if (rows) rows.push(i);
    else wholes.set(key, [i]);
  }
  const shown: Cell[] = [];
  for (const rows of wholes.values()) {
    const shares = rows.map((i) => {
      const v = read(i);
      return typeof v === 'number' ? v : null;
    });
    // A total row among the parts (its share 1, the others adding to 1): the parts are the other rows.
    const total = shares.lastIndexOf(1);
    const sum = shares.reduce((a: number, s) => a + (s ?? 0), 0);
    const parts = total >= 0 && Math.abs(sum - 2) < 1e-3 ? shares.map((s, k) => (k === total ? null : s)) : shares;
    const rounded = partsOfWhole(parts, column.digits ?? 1);
    if (parts !== shares) rounded[total] = 1;
    rows.forEach((i, k) => {
      shown[i] = shares[k] === null ? read(i) : rounded[k];
    });
  }
  return (i) => shown[i];
}

/**
 * A chart's rows whose every series is a whole (the tiers' share of touches, of headroom): each series' shares as
 * a `parts` column shows them (`partsOfWhole`, to the chart's one decimal), so the labels add to 100% as the table's do.
 */
export function seriesOfParts(rows: BarChart['rows']): BarChart['rows'] {
  const series = (rows[0]?.values ?? []).map((_, s) => partsOfWhole(rows.map((r) => r.values[s] as number)));
  return rows.map((r, i) => ({ label: r.label, values: r.values.map((_, s) => series[s]?.[i] as number) }));
}
