/**
 * Cell parsers: raw strings -> typed values. BAD_INPUTS.md cases 40-46.
 * Each returns a value, `undefined` for missing, or a `CellError`.
 */

import { grouped } from '../errors.js';
import { type Day, dayFromParts, parseIsoDay, WEEKDAY_NAMES } from './calendar.js';
import { MAX_MONEY, MAX_MONEY_UNITS, MONEY_DECIMALS, MONEY_SCALE } from './money.js';

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
  /**
   * The decimal mark to read a number cell of `column` with: fixed by
   * --decimal-comma / --decimal-point, else decided per column from the
   * values (DecimalColumn). The reader keeps the evidence.
   */
  decimalMark(column: string, raw: string): DecimalMark;
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
  const normal = normalizeNumber(raw, decimal);
  if (normal instanceof CellError) return normal;
  const value = Number(normal);
  return Number.isFinite(value) ? value : new CellError('E_NUMBER', 'not a number');
}

/**
 * A number cell as a plain decimal text (`-1234.50`, `1.5e3`): grouping,
 * currency and spaces removed, the decimal mark made a point. Money is
 * scaled from this text, never through a float.
 */
export function normalizeNumber(raw: string, decimal: DecimalMark): string | CellError {
  let text = raw.replace(CURRENCY, '').replace(GROUP_SPACES, '');
  if (/^\([\d.,]+\)$/.test(text) || /\d-$/.test(text)) {
    return new CellError('E_NUMBER', 'accounting-style negative number; write it as -1234.50');
  }
  let sign = '';
  if (text.startsWith('-') || text.startsWith('+')) {
    sign = text.startsWith('-') ? '-' : '';
    text = text.slice(1);
  }
  let normal: string | undefined;
  if (decimal === 'point') {
    if (POINT_PLAIN.test(text)) normal = text;
    else if (POINT_GROUPED.test(text) || POINT_INDIAN.test(text)) normal = text.replaceAll(',', '');
    else if (COMMA_PLAIN.test(text) && text.includes(',')) {
      return new CellError('E_NUMBER', 'decimal comma in a column read with a decimal point; give --decimal-comma if the file uses it');
    }
  } else if (COMMA_PLAIN.test(text)) normal = text.replace(',', '.');
  else if (COMMA_GROUPED.test(text)) normal = text.replaceAll('.', '').replace(',', '.');
  else if (POINT_PLAIN.test(text) || POINT_GROUPED.test(text)) {
    return new CellError('E_NUMBER', 'decimal point in a column read with a decimal comma; give --decimal-point if the file uses it');
  }
  if (normal === undefined) return new CellError('E_NUMBER', 'not a number');
  return sign + normal;
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

// ---------------------------------------------------------------- decimal marks

/**
 * What one number cell says about its column's decimal mark:
 * - `point`: `93.2`, `0.125`, `1234.567`, `1,234.50`, `1,234,567`;
 * - `comma`: `1,7`, `0,125`, `1.234,5`, `1.234.567`;
 * - `ambiguous`: one separator followed by exactly three digits after one to
 *   three digits that do not start with 0 (`92.893`, `1,234`): a decimal
 *   with three places, or a thousands separator;
 * - undefined: nothing to say (`1234`, `-7`, text).
 */
export type DecimalEvidence = DecimalMark | 'ambiguous' | undefined;

const EVIDENCE_SHAPE = /^[-+]?[\d.,]*\d[\d.,]*(?:[eE][+-]?\d+)?%?$/;
const AMBIGUOUS_SHAPE = /^[-+]?[1-9]\d{0,2}[.,]\d{3}%?$/;

export function decimalEvidence(raw: string): DecimalEvidence {
  // Fast path: digits only (the common cell of a count or a whole amount).
  let plain = raw.length > 0;
  for (let k = 0; k < raw.length && plain; k++) {
    const c = raw.charCodeAt(k);
    plain = c >= 48 && c <= 57;
  }
  if (plain) return undefined;
  const text = raw.replace(CURRENCY, '').replace(GROUP_SPACES, '');
  if (!EVIDENCE_SHAPE.test(text)) return undefined;
  const point = text.lastIndexOf('.');
  const comma = text.lastIndexOf(',');
  if (point < 0 && comma < 0) return undefined;
  if (AMBIGUOUS_SHAPE.test(text)) return 'ambiguous';
  // Both marks: the last one is the decimal mark (1,234.5 or 1.234,5).
  if (point >= 0 && comma >= 0) return point > comma ? 'point' : 'comma';
  // One kind: twice or more is grouping (1.234.567), once is the decimal mark.
  const sep = point >= 0 ? '.' : ',';
  const twice = text.indexOf(sep) !== text.lastIndexOf(sep);
  return (sep === '.') !== twice ? 'point' : 'comma';
}

export interface DecimalProblem {
  code: 'E_DECIMAL_AMBIGUOUS' | 'E_DECIMAL_CONFLICT';
  line: number;
  value: string;
  message: string;
}

/**
 * The decimal mark of one number column, from evidence (README "Numbers"):
 * fixed by an option, else the mark of the first value that decides
 * (decimalEvidence), never the delimiter alone. Until a value decides, values
 * are read with `guess` (the delimiter's usual mark: comma in a `;` file,
 * else point) and the ambiguous ones are counted: if no value ever decides,
 * or the first that does says the other mark, the column cannot be trusted
 * (`problem()`). A reader that holds back its first records (io/table.ts)
 * lets evidence anywhere in them decide before any value is read.
 */
export class DecimalColumn {
  private decided: { mark: DecimalMark; line: number; value: string } | undefined;
  private guessed: { count: number; line: number; value: string } | undefined;
  private sawAmbiguous = false;

  constructor(
    readonly fixed: DecimalMark | undefined,
    readonly guess: DecimalMark,
  ) {}

  /** Takes a value's evidence without reading it (held-back records). */
  observe(evidence: DecimalEvidence, line: number, value: string): void {
    if (this.fixed !== undefined || this.decided !== undefined || evidence === undefined) return;
    if (evidence === 'ambiguous') this.sawAmbiguous = true;
    else this.decided = { mark: evidence, line, value };
  }

  /** An ambiguous value was observed and no value decided yet: a reader holds records back while it can. */
  get waiting(): boolean {
    return this.sawAmbiguous && this.fixed === undefined && this.decided === undefined;
  }

  /** The mark to read a value with (its evidence taken first). */
  markFor(evidence: DecimalEvidence, line: number, value: string): DecimalMark {
    if (this.fixed !== undefined) return this.fixed;
    this.observe(evidence, line, value);
    if (this.decided !== undefined) return this.decided.mark;
    if (evidence === 'ambiguous') {
      if (this.guessed) this.guessed.count++;
      else this.guessed = { count: 1, line, value };
    }
    return this.guess;
  }

  /** The mark the column reads with once decided (or fixed); undefined while no value decided it. */
  get mark(): DecimalMark | undefined {
    return this.fixed ?? this.decided?.mark;
  }

  /** Where the column's mark was decided, for messages. */
  get decidedBy(): { line: number; value: string } | undefined {
    return this.decided;
  }

  /** After the file: why its ambiguous values cannot be trusted, if they cannot. */
  problem(): DecimalProblem | undefined {
    const g = this.guessed;
    if (g === undefined) return undefined;
    const others = g.count > 1 ? ` (and ${grouped(g.count - 1)} more value${g.count > 2 ? 's' : ''} like it)` : '';
    if (this.decided === undefined) {
      const [a, b] = readings(g.value);
      return {
        code: 'E_DECIMAL_AMBIGUOUS',
        line: g.line,
        value: g.value,
        message: `could be ${a} or ${b}${others}, and no value of the column shows the decimal mark (like 93.2 or 1.234,5); give --decimal-point or --decimal-comma`,
      };
    }
    if (this.decided.mark === this.guess) return undefined;
    return {
      code: 'E_DECIMAL_CONFLICT',
      line: g.line,
      value: g.value,
      message: `read with a decimal ${this.guess}${others}, but "${this.decided.value}" on line ${this.decided.line} shows a decimal ${this.decided.mark}; give --decimal-${this.decided.mark} so that every value is read alike`,
    };
  }
}

/** The two readings of an ambiguous value, for messages: `92.893` -> 92.893 or 92893. */
function readings(value: string): [string, string] {
  const digits = value.replace(/[^\d.,-]/g, '');
  const sep = /[.,]/.exec(digits)?.[0] ?? '.';
  return [digits.replace(sep, '.'), digits.replace(sep, '')];
}

// ---------------------------------------------------------------- money

/**
 * Money as a scaled integer (schema/money.ts: ten-thousandths), exact from
 * the text: `0.125` is 1250 whatever floats would make of it. More than four
 * decimals are rounded half away from zero (`onRounded` is told); a value
 * beyond MAX_MONEY (or non-finite) is an error.
 */
export function parseMoney(raw: string, decimal: DecimalMark, onRounded?: () => void): number | CellError {
  const plain = plainMoney(raw, decimal === 'point' ? 46 : 44);
  if (plain !== undefined) return plain;
  const normal = normalizeNumber(raw, decimal);
  if (normal instanceof CellError) return normal;
  const units = scaleDecimal(normal, onRounded);
  return units === undefined ? new CellError('E_RANGE', `beyond the largest amount read (${grouped(MAX_MONEY)} in absolute value)`) : units;
}

/**
 * `-?digits[mark digits]` with at most 12 whole digits and 4 decimals, as
 * money units by a scan (nearly every amount of a large export): the value
 * normalizeNumber and scaleDecimal give it, without their regexes; undefined
 * for anything else (they decide).
 */
function plainMoney(raw: string, mark: number): number | undefined {
  const n = raw.length;
  const from = raw.charCodeAt(0) === 45 ? 1 : 0;
  let k = from;
  let whole = 0;
  for (; k < n; k++) {
    const d = raw.charCodeAt(k) - 48;
    if (d < 0 || d > 9) break;
    whole = whole * 10 + d;
  }
  if (k === from || k - from > 12) return undefined;
  let units = whole * MONEY_SCALE;
  if (k < n) {
    if (raw.charCodeAt(k) !== mark) return undefined;
    const fracFrom = ++k;
    let frac = 0;
    for (; k < n; k++) {
      const d = raw.charCodeAt(k) - 48;
      if (d < 0 || d > 9) return undefined;
      frac = frac * 10 + d;
    }
    const digits = k - fracFrom;
    if (digits === 0 || digits > MONEY_DECIMALS) return undefined;
    units += frac * 10 ** (MONEY_DECIMALS - digits);
  }
  if (units > MAX_MONEY_UNITS) return undefined;
  return from === 1 && units !== 0 ? -units : units;
}

const DECIMAL_TEXT = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** `-1234.56789` -> -12345679 (ten-thousandths), or undefined beyond MAX_MONEY. */
function scaleDecimal(normal: string, onRounded?: () => void): number | undefined {
  const m = DECIMAL_TEXT.exec(normal);
  if (!m) return undefined;
  const [, sign, int = '', frac = '', exp] = m;
  let whole = int;
  let fraction = frac;
  if (exp !== undefined) {
    // Move the point; exponents beyond any amount end here, before building long strings.
    const shift = Number(exp);
    const digits = int + frac;
    if (!/[1-9]/.test(digits)) return 0;
    if (shift > 20) return undefined;
    if (shift < -20) {
      onRounded?.();
      return 0;
    }
    const point = int.length + shift;
    const padded = point < 0 ? '0'.repeat(-point) + digits : digits.padEnd(point, '0');
    const at = Math.max(point, 0);
    whole = padded.slice(0, at);
    fraction = padded.slice(at);
  }
  whole = whole.replace(/^0+/, '');
  if (whole.length > 12) return undefined;
  let units = Number(whole || '0') * MONEY_SCALE + Number(fraction.slice(0, MONEY_DECIMALS).padEnd(MONEY_DECIMALS, '0'));
  const rest = fraction.slice(MONEY_DECIMALS);
  if (/[1-9]/.test(rest)) {
    onRounded?.();
    if (rest.charCodeAt(0) >= 53) units += 1;
  }
  if (units > MAX_MONEY_UNITS) return undefined;
  return sign === '-' && units !== 0 ? -units : units;
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

/** What `--date-format` accepts, for its usage error. */
export const DATE_FORMAT_RULE =
  'D (or DD), M (or MM) and YYYY (or YY) once each, in any order and either case, separated by / . - or a space: e.g. DD.MM.YYYY, MM/DD/YYYY, M/D/YY, YYYY-MM-DD';

/**
 * Two-digit years (`YY`): 00-68 are 2000-2068, 69-99 are 1969-1999, as
 * POSIX strptime's %y reads them.
 */
export function fullYear(twoDigits: number): number {
  return twoDigits <= 68 ? 2000 + twoDigits : 1900 + twoDigits;
}

const DATE_TOKEN = /^(?:D{1,2}|M{1,2}|Y{4}|Y{2})$/;
/** A time after the date (`8:26`, `08:26:00.5 PM`, `T08:26Z`): read past, the day is taken as written. */
const TIME_PART =
  '(?:(?:[T ]\\s*)\\d{1,2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:\\s*[AaPp]\\.?[Mm]\\.?)?(?:\\s*(?:Z|[+-]\\d{2}:?\\d{2}))?)?\\s*$';

/** Why `format` is not a usable `--date-format`, or undefined when it is. */
export function dateFormatProblem(format: string): string | undefined {
  const parts = format
    .trim()
    .toUpperCase()
    .split(/([/.\- ])/);
  const tokens = parts.filter((_, i) => i % 2 === 0);
  const kinds = tokens.map((t) => t.charAt(0));
  if (tokens.length !== 3 || !tokens.every((t) => DATE_TOKEN.test(t)) || new Set(kinds).size !== 3) {
    return `--date-format takes ${DATE_FORMAT_RULE} (not "${format}")`;
  }
  return undefined;
}

/**
 * Compiles `--date-format` (dateFormatProblem says what is accepted): day and
 * month with or without leading zeros whatever the format says (`MM/DD/YYYY`
 * reads `11/8/2026`), `YY` with the pivot of fullYear, a time after the date
 * ignored. A 2-digit year under `YYYY` does not match (the hint says YY).
 */
export interface DateReader {
  format: string;
  read(text: string): Day | undefined;
}

export function compileDateFormat(format: string): DateReader {
  const problem = dateFormatProblem(format);
  if (problem) throw new Error(problem);
  const parts = format
    .trim()
    .toUpperCase()
    .split(/([/.\- ])/);
  const order: string[] = [];
  const pattern = parts
    .map((part, i) => {
      if (i % 2 === 1) return part === ' ' ? '\\s+' : `\\${part}`;
      order.push(part);
      return part === 'YYYY' ? '(\\d{4})' : part === 'YY' ? '(\\d{2}|\\d{4})' : '(\\d{1,2})';
    })
    .join('');
  const regex = new RegExp(`^${pattern}${TIME_PART}`);
  const read = (text: string): Day | undefined => {
    const m = regex.exec(text);
    if (!m) return undefined;
    let year = 0;
    let month = 0;
    let day = 0;
    order.forEach((token, i) => {
      const text = m[i + 1] as string;
      const value = Number(text);
      if (token.startsWith('Y')) year = text.length === 2 ? fullYear(value) : value;
      else if (token.startsWith('M')) month = value;
      else day = value;
    });
    return dayFromParts(year, month, day);
  };
  return { format, read };
}

export function parseDay(raw: string, custom: DateReader | undefined): Day | CellError {
  const text = raw.trim();
  const iso = parseIsoDay(text);
  if (iso !== undefined) return iso;
  const other = custom?.read(text);
  if (other !== undefined) return other;
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) return new CellError('E_DATE', 'not a calendar date');
  if (custom) {
    const shortYear = /YYYY/i.test(custom.format) && /^\d{1,2}[/.\- ]\d{1,2}[/.\- ]\d{2}(?:$|[T ])/.test(text);
    const hint = shortYear ? `; a two-digit year: give --date-format ${custom.format.replace(/yyyy/i, 'YY')}` : '';
    return new CellError('E_DATE', `not a date as ${custom.format} (--date-format) or YYYY-MM-DD${hint}`);
  }
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

/**
 * looksLikeMojibake of the UTF-8 text bytes[start, end), without decoding it:
 * U+FFFD (EF BF BD), Ã and U+0080-U+00BF (C3 83, C2 80-BF), â€ (C3 A2, E2 82 AC).
 */
export function mojibakeBytes(bytes: Uint8Array, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const c = bytes[k] as number;
    if (c === 0xef) {
      if (k + 2 < end && bytes[k + 1] === 0xbf && bytes[k + 2] === 0xbd) return true;
    } else if (c === 0xc3 && k + 3 < end) {
      const d = bytes[k + 1];
      const e = bytes[k + 2];
      const f = bytes[k + 3] as number;
      if (d === 0x83 && e === 0xc2 && f >= 0x80 && f <= 0xbf) return true;
      if (d === 0xa2 && e === 0xe2 && f === 0x82 && k + 4 < end && bytes[k + 4] === 0xac) return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------- Salesforce ids

const SUFFIX_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ALNUM_15 = /^[a-zA-Z0-9]{15}$/;
const ALNUM_18 = /^[a-zA-Z0-9]{18}$/;
/** Key prefix (3), pod (2), the reserved `0`, record number (9). */
const SALESFORCE_SHAPE = /^[a-zA-Z0-9]{5}0[a-zA-Z0-9]{9}$/;

/**
 * The 18-character form of a 15-character Salesforce id: three letters, one
 * per five characters, encoding which of them are capitals (Salesforce's
 * checksum, so that the id survives case-insensitive tools).
 */
export function salesforce18(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let flags = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) flags |= 1 << i;
    }
    suffix += SUFFIX_CHARS[flags];
  }
  return id15 + suffix;
}

export type SalesforceForm = 15 | 18 | undefined;

/**
 * 15 for a 15-character Salesforce id, 18 for an 18-character one whose
 * suffix is the checksum of its first 15 (case-insensitively, as Salesforce
 * compares it), undefined for anything else. `loose` (--preset salesforce)
 * takes any 15 letters and digits; otherwise the sixth character must be
 * the reserved `0` and the id must hold a letter (zero-padded numbers are
 * not Salesforce ids).
 */
export function salesforceForm(id: string, loose: boolean): SalesforceForm {
  if (id.length === 15) return ALNUM_15.test(id) && (loose || (SALESFORCE_SHAPE.test(id) && /[a-zA-Z]/.test(id))) ? 15 : undefined;
  if (id.length !== 18 || !ALNUM_18.test(id)) return undefined;
  const head = id.slice(0, 15);
  if (!loose && !SALESFORCE_SHAPE.test(head)) return undefined;
  return salesforce18(head).slice(15) === id.slice(15).toUpperCase() ? 18 : undefined;
}

/**
 * Whether an id column holds Salesforce ids, and their 18-character form.
 * Evidence (README "Identifiers"): `--preset salesforce` (`loose`), or every
 * id observed has the Salesforce shape (salesforceForm) and one at least
 * holds a letter. Until `settle()`, ids are observed, not changed.
 */
export class SalesforceIds {
  private on: boolean;
  private settled: boolean;
  private shaped = 0;
  private other = 0;
  private letter = false;
  /** The first 15- and 18-character ids read, for the warning when both appear. */
  first: { 15?: { line: number; value: string }; 18?: { line: number; value: string } } = {};

  constructor(readonly loose: boolean) {
    this.on = loose;
    this.settled = loose;
  }

  /** Whether more ids could still make them Salesforce ids (none observed yet, or only Salesforce-shaped ones). */
  get open(): boolean {
    return !this.settled && this.other === 0;
  }

  observe(id: string): void {
    if (id === '') return;
    if (salesforceForm(id, this.loose) === undefined) this.other++;
    else {
      this.shaped++;
      this.letter ||= /[a-zA-Z]/.test(id);
    }
  }

  /** Decides from what was observed (a loose reader is on from the start); once. */
  settle(): void {
    if (this.settled) return;
    this.settled = true;
    this.on = this.shaped > 0 && this.other === 0 && this.letter;
  }

  get active(): boolean {
    return this.on;
  }

  /** The id as the run keys it: a Salesforce id in its 18-character form (suffix in capitals), anything else as it is. */
  normalize(id: string, line: number): string {
    if (!this.on) return id;
    const form = salesforceForm(id, this.loose);
    if (form === undefined) return id;
    this.first[form] ??= { line, value: id };
    return salesforce18(id.slice(0, 15));
  }
}
