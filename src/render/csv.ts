/** CSV of the primary table: raw values, byte-stable, safe to open in Excel (BAD_INPUTS.md F1-F3). */

import { type ByteSpan, byteSpan } from '../schema/columns.js';
import { unitsText } from '../schema/money.js';
import { type Cell, type Column, cellReader, type Document, type FormatOptions, type Table, type Words } from './document.js';
import { type NumberFormat, numberFormat } from './numbers.js';

const FORMULA_START = /^[=+\-@\t\r\0]/;

/** OWASP CSV injection guard: a text cell that a spreadsheet would run as a formula gets a leading `'`. */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** What a CSV is written with: `--excel`, the formula guard, and the locale and currency that word a text's figures. */
export type CsvOptions = Pick<FormatOptions, 'excel' | 'formulaEscape' | 'locale' | 'currency'>;

/** A cell's field; words (a text holding figures) come worded by `csvChunks` as the human views word them. */
export function csvValue(value: Exclude<Cell, Words>, column: Column, formulaEscape: boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // Exact money (ten-thousandths) to the cent, written as a number is: 1234.5, 1234.
  if (typeof value === 'bigint')
    return column.type === 'money' || column.type === 'estimate' ? plainDecimal(unitsText(value, column.digits ?? 2)) : value.toString();
  if (typeof value === 'number') {
    // Money (estimates too: CSV keeps what was computed) to the cent, unless the column asks for more digits (unit costs like 0.025).
    if ((column.type === 'money' || column.type === 'estimate') && column.digits === undefined)
      return (Math.round(value * 100) / 100).toString();
    return Number.isInteger(value) ? value.toString() : twelveDigits(value);
  }
  return formulaEscape ? neutralise(value) : value;
}

/**
 * A number to 12 significant digits, as `Number(x.toPrecision(12)).toString()`
 * writes it. When the shortest text of x has 12 digits or fewer, that is the
 * text (x lies within half a unit in the 17th digit of it, so rounding to 12
 * digits lands on it and reads back as x): one conversion instead of three.
 */
function twelveDigits(value: number): string {
  const text = value.toString();
  let digits = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x65) return Number(value.toPrecision(12)).toString(); // 'e': an exponent; not counted here
    // Leading zeros (0.00123) are not significant.
    if (c >= 0x30 && c <= 0x39 && (digits > 0 || c !== 0x30)) digits++;
  }
  return digits <= 12 ? text : Number(value.toPrecision(12)).toString();
}

/** `1234.50` -> `1234.5`, `1234.00` -> `1234`. */
function plainDecimal(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/**
 * A field as csv-stringify writes it with our options (held to it by
 * test/render/csv.test.ts): quoted when it holds a comma, a quote or a line
 * end, or starts like a neutralised formula (`'=`), quotes doubled.
 */
const QUOTED = /[",\r\n]|^'[=+\-@\t\r\0]/;
export function csvField(text: string): string {
  return QUOTED.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Bytes per chunk of CSV output: each chunk is one write (the writer batches
 * 64 KiB). Bytes live outside the JavaScript heap, and a chunk ends with a
 * whole row.
 */
export const CHUNK_BYTES = 1 << 16;

const encoder = new TextEncoder();
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
/** Bytes that make a field quoted (`QUOTED`): quote, comma, CR, LF. */
const SPECIAL = byteSet('",\r\n');
/** First bytes a spreadsheet runs as a formula (`FORMULA_START`). */
const FORMULA = byteSet('=+-@\t\r\0');

function byteSet(chars: string): Uint8Array {
  const set = new Uint8Array(256);
  for (const c of chars) set[c.charCodeAt(0)] = 1;
  return set;
}

/**
 * CSV as UTF-8 bytes, a chunk at a time. A text kept as bytes (`RowSource.spans`)
 * is copied as it is, quoted and neutralised on its bytes exactly as
 * `csvField(csvValue(...))` does on its string; any other cell goes through
 * `csvValue` and is encoded.
 */
class CsvBytes {
  private chunk = new Uint8Array(2 * CHUNK_BYTES);
  at = 0;

  /** Makes room for n more bytes. */
  private room(n: number): Uint8Array {
    if (this.at + n > this.chunk.length) {
      const bigger = new Uint8Array(Math.max(2 * this.chunk.length, this.at + n));
      bigger.set(this.chunk.subarray(0, this.at));
      this.chunk = bigger;
    }
    return this.chunk;
  }

  /** The bytes so far, handed over (never written to again). */
  take(): Uint8Array {
    const full = this.chunk.subarray(0, this.at);
    this.chunk = new Uint8Array(2 * CHUNK_BYTES);
    this.at = 0;
    return full;
  }

  text(text: string): void {
    const out = this.room(3 * text.length);
    let at = this.at;
    for (let k = 0; k < text.length; k++) {
      const c = text.charCodeAt(k);
      if (c >= 0x80) {
        at += encoder.encodeInto(k === 0 ? text : text.slice(k), out.subarray(at)).written;
        break;
      }
      out[at++] = c;
    }
    this.at = at;
  }

  /**
   * Money to the cent as `(Math.round(value * 100) / 100).toString()` writes
   * it (1234.5, 1234, -0.05, 0 for -0), digit by digit: a decimal of 15
   * digits or fewer is the shortest text of the double nearest it. False
   * (nothing written) past 15 digits, or for NaN and infinities.
   */
  money(value: number): boolean {
    const c = Math.round(value * 100);
    if (!(Math.abs(c) < 1e15)) return false;
    const out = this.room(20);
    let at = this.at;
    if (c < 0) out[at++] = 0x2d;
    const abs = Math.abs(c);
    const fraction = abs % 100;
    let whole = (abs - fraction) / 100;
    // The whole part's digits, last first, then turned around.
    const from = at;
    do {
      const digit = whole % 10;
      out[at++] = 0x30 + digit;
      whole = (whole - digit) / 10;
    } while (whole > 0);
    for (let x = from, y = at - 1; x < y; x++, y--) {
      const t = out[x] as number;
      out[x] = out[y] as number;
      out[y] = t;
    }
    if (fraction !== 0) {
      const ones = fraction % 10;
      out[at++] = 0x2e;
      out[at++] = 0x30 + (fraction - ones) / 10;
      if (ones !== 0) out[at++] = 0x30 + ones;
    }
    this.at = at;
    return true;
  }

  /**
   * A text cell, as `csvField(formulaEscape ? neutralise(text) : text)`: a
   * text of ASCII that needs neither quotes nor the guard is copied in one pass.
   */
  textField(text: string, formulaEscape: boolean): void {
    const n = text.length;
    const first = text.charCodeAt(0);
    const second = text.charCodeAt(1);
    if (
      n > 0 &&
      first < 0x80 &&
      !(formulaEscape && FORMULA[first] === 1) &&
      !(first === APOSTROPHE && second < 0x80 && FORMULA[second] === 1)
    ) {
      const out = this.room(n);
      let at = this.at;
      let k = 0;
      for (; k < n; k++) {
        const c = text.charCodeAt(k);
        if (c >= 0x80 || SPECIAL[c] === 1) break;
        out[at++] = c;
      }
      if (k === n) {
        this.at = at;
        return;
      }
    }
    this.text(csvField(formulaEscape ? neutralise(text) : text));
  }

  /** A text field from its UTF-8 bytes: as `csvField(formulaEscape ? neutralise(text) : text)`. */
  field({ bytes, start, end }: ByteSpan, formulaEscape: boolean): void {
    if (start === end) return;
    const out = this.room(2 * (end - start) + 3);
    const first = bytes[start] as number;
    const neutral = formulaEscape && FORMULA[first] === 1;
    let at = this.at;
    // `'` then a formula start is quoted, whether neutralised here or so written.
    if (!neutral && !(first === APOSTROPHE && end - start > 1 && FORMULA[bytes[start + 1] as number] === 1)) {
      let k = start;
      while (k < end && SPECIAL[bytes[k] as number] === 0) out[at++] = bytes[k++] as number;
      if (k === end) {
        this.at = at;
        return;
      }
      at = this.at;
    }
    out[at++] = QUOTE;
    if (neutral) out[at++] = APOSTROPHE;
    for (let k = start; k < end; k++) {
      const b = bytes[k] as number;
      if (b === QUOTE) out[at++] = QUOTE;
      out[at++] = b;
    }
    out[at++] = QUOTE;
    this.at = at;
  }
}

/** The table as CSV in chunks of UTF-8 bytes (header first, `--excel`: BOM and CRLF), cells read by position. */
export function* csvChunks(table: Table, opts: CsvOptions): Generator<Uint8Array> {
  const columns = table.columns.filter((c) => !c.visual);
  const end = opts.excel ? '\r\n' : '\n';
  const out = new CsvBytes();
  out.text(`${opts.excel ? '\ufeff' : ''}${columns.map((c) => csvField(c.key)).join(',')}${end}`);
  const cells = columns.map((c) => cellReader(table.rows, c));
  const spans = columns.map((c) => (c.type === 'text' && 'spans' in table.rows ? table.rows.spans?.(c) : undefined));
  // Money to the cent (as csvValue writes it), written from its digits.
  const money = columns.map((c) => (c.type === 'money' || c.type === 'estimate') && c.digits === undefined);
  const span = byteSpan();
  const { formulaEscape } = opts;
  // The run's formatter, made for the first cell in words: Intl's data costs a CSV of figures alone some 15 ms.
  let numbers: NumberFormat | undefined;
  const words = (cell: (n: NumberFormat) => string) => {
    numbers ??= numberFormat(opts.locale, opts.currency);
    return cell(numbers);
  };
  const last = columns.length - 1;
  for (let i = 0; i < table.rows.length; i++) {
    for (let j = 0; j <= last; j++) {
      const bytes = spans[j];
      if (bytes) {
        bytes(i, span);
        out.field(span, formulaEscape);
      } else {
        const cell = (cells[j] as (i: number) => Cell)(i);
        // Words are a text: a "why" reads in CSV as in the table (figures by the run's formatter); numbers stay numbers.
        const value = typeof cell === 'function' ? words(cell) : cell;
        // Only a text can need quotes: numbers and booleans are written as they are.
        if (typeof value === 'string') out.textField(value, formulaEscape);
        else if (!(money[j] && typeof value === 'number' && out.money(value)))
          out.text(csvValue(value, columns[j] as Column, formulaEscape));
      }
      out.text(j === last ? end : ',');
    }
    if (out.at >= CHUNK_BYTES) yield out.take();
  }
  if (out.at > 0) yield out.take();
}

export function renderCsvTable(table: Table, opts: CsvOptions): string {
  return Buffer.concat([...csvChunks(table, opts)]).toString('utf8');
}

export function renderCsv(doc: Document, opts: FormatOptions): Iterable<Uint8Array> {
  const table = doc.tables[0];
  return table ? csvChunks(table, opts) : [];
}
