/** CSV of the primary table: raw values, byte-stable, safe to open in Excel (BAD_INPUTS.md F1-F3). */
import { unitsText } from '../schema/money.js';
import { type Cell, CHUNK_CHARS, type Column, cellReader, type Document, type FormatOptions, type Table } from './document.js';

const FORMULA_START = /^[=+\-@\t\r\0]/;

/** OWASP CSV injection guard: a text cell that a spreadsheet would run as a formula gets a leading `'`. */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function csvValue(value: Cell, column: Column, formulaEscape: boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // Exact money (ten-thousandths) to the cent, written as a number is: 1234.5, 1234.
  if (typeof value === 'bigint')
    return column.type === 'money' || column.type === 'estimate' ? plainDecimal(unitsText(value, column.digits ?? 2)) : value.toString();
  if (typeof value === 'number') {
    // Money (estimates too: CSV keeps what was computed) to the cent, unless the column asks for more digits (unit costs like 0.025).
    if ((column.type === 'money' || column.type === 'estimate') && column.digits === undefined)
      return (Math.round(value * 100) / 100).toString();
    return Number.isInteger(value) ? value.toString() : Number(value.toPrecision(12)).toString();
  }
  return formulaEscape ? neutralise(value) : value;
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

/** The table as CSV text in chunks (header first, `--excel`: BOM and CRLF), cells read by position. */
export function* csvChunks(table: Table, opts: Pick<FormatOptions, 'excel' | 'formulaEscape'>): Generator<string> {
  const columns = table.columns.filter((c) => !c.visual);
  const end = opts.excel ? '\r\n' : '\n';
  yield `${opts.excel ? '\ufeff' : ''}${columns.map((c) => csvField(c.key)).join(',')}${end}`;
  const cells = columns.map((c) => cellReader(table.rows, c));
  const last = columns.length - 1;
  let chunk = '';
  for (let i = 0; i < table.rows.length; i++) {
    for (let j = 0; j <= last; j++) {
      chunk += csvField(csvValue((cells[j] as (i: number) => Cell)(i), columns[j] as Column, opts.formulaEscape));
      chunk += j === last ? end : ',';
    }
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

export function renderCsvTable(table: Table, opts: Pick<FormatOptions, 'excel' | 'formulaEscape'>): string {
  return [...csvChunks(table, opts)].join('');
}

export function renderCsv(doc: Document, opts: FormatOptions): Iterable<string> {
  const table = doc.tables[0];
  return table ? csvChunks(table, opts) : [''];
}
