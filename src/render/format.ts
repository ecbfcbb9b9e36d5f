import type { Cell, CellType, Figure } from './document.js';
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
