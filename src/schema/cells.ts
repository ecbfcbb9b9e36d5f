/**
 * Cell parsers: raw strings -> typed values. BAD_INPUTS.md cases 40-46.
 * Each returns a value, `undefined` for missing, or a `CellError`.
 */
import { type Day, dayFromParts, parseIsoDay, WEEKDAY_NAMES } from './calendar.js';

/**
 * A copy of a string that does not keep the text it was cut from alive.
 * Fields are slices of large decoded chunks; V8 makes a slice of 13 or more
 * characters point into its parent, so keeping one keeps the whole chunk.
 */
export function ownText(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}

export class CellError {
  constructor(
    readonly code: string,
    readonly message: string,
  ) {}
}

export type DecimalMark = 'point' | 'comma';

export interface CellOptions {
  decimal: DecimalMark;
  /** `--date-format`, e.g. `DD.MM.YYYY`, `MM/DD/YYYY`; ISO is always accepted. */
  dateFormat: string | undefined;
  /** Cell texts that mean "missing" besides the empty string (config `nullValues`). */
  nullValues: ReadonlySet<string>;
}

/** Unicode white space incl. NBSP, ideographic space, zero-width characters (case 45). */
const EDGE_SPACE = /^(?:\s|\u200b|\u200c|\u200d|\u2060|\ufeff)+|(?:\s|\u200b|\u200c|\u200d|\u2060|\ufeff)+$/g;
const INNER_ODD_SPACE = /[\u00a0\u2000-\u200b\u202f\u205f\u3000]/g;

const ODD_SPACE = /[\u00a0\u2000-\u200d\u202f\u205f\u2060\u3000\ufeff]/;

/** Trims Unicode white space and folds odd inner spaces (the result equals `raw` when nothing was invisible). */
export function cleanKey(raw: string): string {
  const first = raw.charCodeAt(0);
  const last = raw.charCodeAt(raw.length - 1);
  // Fast path: printable edges and no odd space inside (nearly every cell).
  if (first > 32 && first < 127 && last > 32 && last < 127 && !ODD_SPACE.test(raw)) return raw;
  return raw.replace(EDGE_SPACE, '').replace(INNER_ODD_SPACE, ' ');
}

const SPREADSHEET_ERRORS = new Set(['#N/A', '#VALUE!', '#REF!', '#DIV/0!', '#NAME?', '#NUM!', '#NULL!', '#SPILL!', '#CALC!']);

export function isSpreadsheetError(text: string): boolean {
  return text.length > 2 && text.charCodeAt(0) === 35 && SPREADSHEET_ERRORS.has(text.toUpperCase());
}

const CURRENCY = /[€$£¥₹]|\b(?:EUR|USD|GBP|CHF)\b/g;
const GROUP_SPACES = /[\s\u00a0\u202f\u2009']/g;
const POINT_PLAIN = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$|^\.\d+$/;
const POINT_GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const POINT_INDIAN = /^\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?$/;
const COMMA_PLAIN = /^\d+(?:,\d+)?$|^,\d+$/;
const COMMA_GROUPED = /^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/;

/** `1234.5`, `1,234.50`, `1.234,50` (decimal comma), currency symbols and spaces stripped. */
export function parseNumber(raw: string, decimal: DecimalMark): number | CellError {
  const plain = plainNumber(raw, decimal === 'point' ? 46 : 44);
  if (plain !== undefined) return plain;
  let text = raw.replace(CURRENCY, '').replace(GROUP_SPACES, '');
  if (/^\([\d.,]+\)$/.test(text) || /\d-$/.test(text)) {
    return new CellError('E_NUMBER', 'accounting-style negative number; write it as -1234.50');
  }
  let sign = 1;
  if (text.startsWith('-') || text.startsWith('+')) {
    sign = text.startsWith('-') ? -1 : 1;
    text = text.slice(1);
  }
  let normal: string | undefined;
  if (decimal === 'point') {
    if (POINT_PLAIN.test(text)) normal = text;
    else if (POINT_GROUPED.test(text) || POINT_INDIAN.test(text)) normal = text.replaceAll(',', '');
    else if (COMMA_PLAIN.test(text) && text.includes(',')) {
      return new CellError('E_NUMBER', 'decimal comma in a file read with a decimal point; give --decimal-comma if the file uses it');
    }
  } else if (COMMA_PLAIN.test(text)) normal = text.replace(',', '.');
  else if (COMMA_GROUPED.test(text)) normal = text.replaceAll('.', '').replace(',', '.');
  else if (POINT_PLAIN.test(text) || POINT_GROUPED.test(text)) {
    return new CellError('E_NUMBER', 'decimal point in a file read with a decimal comma; give --decimal-point if the file uses it');
  }
  if (normal === undefined) return new CellError('E_NUMBER', 'not a number');
  const value = sign * Number(normal);
  return Number.isFinite(value) ? value : new CellError('E_NUMBER', 'not a number');
}

/**
 * `-?digits[.digits]` (or with the decimal comma) by a scan, without the
 * regexes below: nearly every number cell of a large export looks like this.
 */
function plainNumber(raw: string, mark: number): number | undefined {
  const n = raw.length;
  const i = raw.charCodeAt(0) === 45 ? 1 : 0;
  if (i >= n) return undefined;
  let marks = 0;
  for (let k = i; k < n; k++) {
    const c = raw.charCodeAt(k);
    if (c === mark && k > i && k < n - 1) marks++;
    else if (c < 48 || c > 57) return undefined;
  }
  if (marks > 1) return undefined;
  return Number(mark === 44 && marks === 1 ? raw.replace(',', '.') : raw);
}

/** Money as integer cents, so that sums are exact (SPEC section 3). */
export function parseCents(raw: string, decimal: DecimalMark): number | CellError {
  const value = parseNumber(raw, decimal);
  if (value instanceof CellError) return value;
  return Math.round(value * 100);
}

/** Shares: `0.6`, `60%`, `60 %`. */
export function parseShare(raw: string, decimal: DecimalMark): number | CellError {
  const percent = /%\s*$/.test(raw);
  const value = parseNumber(raw.replace(/%\s*$/, ''), decimal);
  if (value instanceof CellError) return value;
  return percent ? value / 100 : value;
}

const EXCEL_SCIENTIFIC = /^\d(?:[.,]\d+)?E\+\d+$/i;

/** Identifiers stay strings (leading zeros kept, case 41); Excel's 1.23E+15 is refused (case 46). */
export function parseId(raw: string): string | CellError {
  const value = cleanKey(raw);
  if (EXCEL_SCIENTIFIC.test(value)) {
    return new CellError('E_ID_PRECISION', 'looks like a number Excel turned into scientific notation; its digits are lost');
  }
  return value;
}

const DATE_HINTS: [RegExp, string][] = [
  [/^\d{1,2}\/\d{1,2}\/\d{2,4}/, 'looks like M/D/YYYY or D/M/YYYY; give --date-format MM/DD/YYYY or DD/MM/YYYY'],
  [/^\d{1,2}\.\d{1,2}\.\d{2,4}/, 'looks like DD.MM.YYYY; give --date-format DD.MM.YYYY'],
  [/^\d{5}(?:\.\d+)?$/, 'looks like an Excel serial day number; format the column as a date before exporting'],
];

/** Compiles `--date-format` (tokens YYYY, MM, DD, M, D; any separators). */
export function compileDateFormat(format: string): (text: string) => Day | undefined {
  const order: ('Y' | 'M' | 'D')[] = [];
  const pattern = format.replace(/YYYY|MM|DD|M|D|[.*+?^${}()|[\]\\]/g, (token) => {
    if (token === 'YYYY') {
      order.push('Y');
      return '(\\d{4})';
    }
    if (token === 'MM' || token === 'M') {
      order.push('M');
      return token === 'MM' ? '(\\d{2})' : '(\\d{1,2})';
    }
    if (token === 'DD' || token === 'D') {
      order.push('D');
      return token === 'DD' ? '(\\d{2})' : '(\\d{1,2})';
    }
    return `\\${token}`;
  });
  if (order.length !== 3 || new Set(order).size !== 3) throw new Error(`bad date format "${format}" (use YYYY, MM and DD)`);
  const regex = new RegExp(`^${pattern}(?:$|[T ]\\d{1,2}:\\d{2})`);
  return (text) => {
    const m = regex.exec(text);
    if (!m) return undefined;
    const parts = { Y: 0, M: 0, D: 0 };
    order.forEach((key, i) => {
      parts[key] = Number(m[i + 1]);
    });
    return dayFromParts(parts.Y, parts.M, parts.D);
  };
}

export function parseDay(raw: string, custom: ((text: string) => Day | undefined) | undefined): Day | CellError {
  const text = raw.trim();
  const iso = parseIsoDay(text);
  if (iso !== undefined) return iso;
  const other = custom?.(text);
  if (other !== undefined) return other;
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) return new CellError('E_DATE', 'not a calendar date');
  const hint = DATE_HINTS.find(([re]) => re.test(text))?.[1];
  return new CellError('E_DATE', `not an ISO date (YYYY-MM-DD)${hint ? `; ${hint}` : ''}`);
}

/** Working days: `Mon-Fri`, `Mon,Tue,Thu`, `Mon-Wed,Fri` -> ISO weekdays (1 = Monday). */
export function parseWeekdays(raw: string): number[] | CellError {
  const index = (name: string) => WEEKDAY_NAMES.findIndex((d) => d.toLowerCase() === name.trim().slice(0, 3).toLowerCase()) + 1;
  const days = new Set<number>();
  for (const part of raw.split(/[,;/ ]+/).filter(Boolean)) {
    const [from, to, extra] = part.split('-');
    const a = index(from ?? '');
    const b = to === undefined ? a : index(to);
    if (a === 0 || b === 0 || extra !== undefined || b < a) {
      return new CellError('E_DAYS', 'not a list of weekdays (e.g. Mon-Fri or Mon,Tue,Thu)');
    }
    for (let d = a; d <= b; d++) days.add(d);
  }
  if (days.size === 0) return new CellError('E_DAYS', 'no working days');
  return [...days].sort((x, y) => x - y);
}

const MOJIBAKE = /\ufffd|Ã[\u0080-\u00bf]|â€/;

export function looksLikeMojibake(text: string): boolean {
  return MOJIBAKE.test(text);
}
