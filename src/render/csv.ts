/** CSV of the primary table: raw values, byte-stable, safe to open in Excel (BAD_INPUTS.md F1-F3). */
import { stringify } from 'csv-stringify/sync';
import type { Cell, Column, Document, FormatOptions, Table } from './document.js';

const FORMULA_START = /^[=+\-@\t\r\0]/;

/** OWASP CSV injection guard: a text cell that a spreadsheet would run as a formula gets a leading `'`. */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function csvValue(value: Cell, column: Column, formulaEscape: boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (column.type === 'money') return (Math.round(value * 100) / 100).toString();
    return Number.isInteger(value) ? value.toString() : Number(value.toPrecision(12)).toString();
  }
  return formulaEscape ? neutralise(value) : value;
}

export function renderCsvTable(table: Table, opts: Pick<FormatOptions, 'excel' | 'formulaEscape'>): string {
  const columns = table.columns.filter((c) => !c.visual);
  const records = [columns.map((c) => c.key), ...table.rows.map((row) => columns.map((c) => csvValue(row[c.key], c, opts.formulaEscape)))];
  const body = stringify(records, {
    record_delimiter: opts.excel ? '\r\n' : '\n',
    quoted_match: [/[\r\n]/, /^'[=+\-@\t\r\0]/],
  });
  return opts.excel ? `\ufeff${body}` : body;
}

export function renderCsv(doc: Document, opts: FormatOptions): string {
  const table = doc.tables[0];
  return table ? renderCsvTable(table, opts) : '';
}
