import stringWidth from 'string-width';
import type { Cell, CellType } from './document.js';

/** Human formatting of one cell for table and md views. */
export function formatCell(value: Cell, type: CellType, opts: { currency: string; locale: string; digits?: number }): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'boolean') return value ? 'yes' : '';
  if (typeof value === 'string') return value;
  switch (type) {
    case 'int':
      return value.toLocaleString(opts.locale, { maximumFractionDigits: 0 });
    case 'money':
      return formatMoney(value, opts.currency, opts.locale);
    case 'percent':
      return `${(value * 100).toLocaleString(opts.locale, { minimumFractionDigits: opts.digits ?? 1, maximumFractionDigits: opts.digits ?? 1 })}%`;
    case 'bar':
      return bar(value, 10);
    case 'number':
      return value.toLocaleString(opts.locale, {
        minimumFractionDigits: 0,
        maximumFractionDigits: opts.digits ?? 2,
      });
    default:
      return String(value);
  }
}

export function formatMoney(value: number, currency: string, locale: string): string {
  const abs = Math.abs(value);
  // Cents only where they matter: small amounts that have them.
  const digits = abs >= 1000 || Number.isInteger(abs) ? 0 : 2;
  const text = abs.toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${value < 0 ? '-' : ''}${currency}${text}`;
}

const BLOCKS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar of `width` cells for a share 0..1, with eighth-cell resolution. */
export function bar(share: number, width: number): string {
  const eighths = Math.round(Math.max(0, Math.min(1, share)) * width * 8);
  return '█'.repeat(Math.floor(eighths / 8)) + (BLOCKS[eighths % 8] ?? '');
}

/** Wraps text to a display width (CJK counts double), since cli-table3's own wrap drops CJK. */
export function wrap(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  const lines: string[] = [];
  let line = '';
  for (const ch of text) {
    if (stringWidth(line + ch) > width) {
      lines.push(line);
      line = ch.trimStart();
    } else line += ch;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}
