/**
 * The input pipeline every command shares:
 * bytes -> encoding -> delimiter -> CSV records with line numbers (the
 * byte scanner, via io/records.ts) -> header mapping -> typed rows (the
 * file's row schema, schema/files.ts). Rows stream in batches; every problem
 * is collected with its location, and a file with errors throws at its end.
 */

import { grouped, PlanError, type Problem } from '../errors.js';
import { DecimalColumn, type DecimalMark, decimalEvidence, SalesforceIds } from '../schema/cells.js';
import type { Config, FileKey, FileReading } from '../schema/config.js';
import { type CellContext, type FileSpec, leavingOut } from '../schema/files.js';
import { grown, KeyTable } from '../schema/keys.js';
import { type BadByte, type DecodeReport, decodeChunks, detectEncoding, encodingHint, refuseNonCsv } from './decode.js';
import { FOOTER_MESSAGES, footerKind } from './footers.js';
import { ALIASES, columnLookup, didYouMean, type HeaderColumn, isSystemColumn, normalizeHeader, PRESETS } from './headers.js';
import type { ProblemLog } from './problems.js';
import { type RawRecord, RecordReader } from './records.js';
import { ByteScanner, countLineBreaks, QUOTED, type RecordBatch } from './scan.js';
import { sniffDelimiter } from './sniff.js';
import { type InputRef, openInput } from './source.js';

export interface ReadOptions {
  /** --encoding without a file name: for the files that are not valid UTF-8 (decode.ts). */
  encoding?: string;
  delimiter?: string;
  /** Undefined: decided per number column from its values (DecimalColumn). */
  decimal?: DecimalMark;
  dateFormat?: string;
  /** `--encoding customers=windows-1252` and the like: per file, over config `files`, over the options above. */
  files?: Partial<Record<FileKey, FileReading>>;
  preset?: string;
  /** `--null`: cell texts read as missing, besides config nullValues and the empty cell. */
  nullValues?: string[];
  /** `--rename-duplicates`: a repeated column name becomes NAME__2 (a warning) instead of an error (case 34). */
  renameDuplicates?: boolean;
  /** `--quote CHAR`: the quote character when it is not `"` (e.g. `'`, BAD_INPUTS.md case 28). */
  quote?: string;
  /** `--skip-rows N`: lines above the header that detection does not catch (report titles, filters). */
  skipRows?: number;
  /** `--skip-footer N`: records at the end that are not data (notes, totals). */
  skipFooter?: number;
}

export interface ReadContext {
  options: ReadOptions;
  config: Config;
  problems: ProblemLog;
  stdin: NodeJS.ReadableStream;
  /** PLAN_THREADS of the run's environment: threads for a large file (io/parallel.ts threadsFor). */
  threads?: string;
  /** Called with bytes read so far and the total when known (progress bars). */
  onProgress?: (label: string, bytes: number, total: number | undefined) => void;
  /** Canonical columns found in each file's header, by label (filled as files are read). */
  headers?: Map<string, string[]>;
  /** Each file's header as written, with the canonical name of each column it maps to. */
  headerNames?: Map<string, { original: string; canonical?: string }[]>;
  /** Informational notes (detected dialect, skipped preamble) for --verbose. */
  onInfo?: (message: string) => void;
  /** The first 15- and 18-character Salesforce ids read in the run, for the warning when both appear. */
  salesforce?: { 15?: { file: string; line: number; value: string }; 18?: { file: string; line: number; value: string }; warned?: boolean };
}

/** How one file is read: `--encoding customers=X`, then config `files`, then the options for every file. */
export function readingFor(ctx: Pick<ReadContext, 'options' | 'config'>, key: FileKey): FileReading & { encodingForFile: boolean } {
  const cli: FileReading = ctx.options.files?.[key] ?? {};
  const config: FileReading = ctx.config.files[key] ?? {};
  const fileEncoding = cli.encoding ?? config.encoding;
  return {
    encoding: fileEncoding ?? ctx.options.encoding,
    encodingForFile: fileEncoding !== undefined,
    delimiter: cli.delimiter ?? config.delimiter ?? ctx.options.delimiter,
    decimal: cli.decimal ?? config.decimal ?? ctx.options.decimal,
    dateFormat: cli.dateFormat ?? config.dateFormat ?? ctx.options.dateFormat,
  };
}

export const SNIFF_CHARS = 64 * 1024;
/** Row counts that suggest an export hit a cap (BAD_INPUTS.md case 18). */
const SUSPICIOUS_COUNTS = new Set([1000, 5000, 10000, 50000, 65535, 65536, 100000, 1048575, 1048576]);
const HEADER_SEARCH_RECORDS = 20;
/**
 * The first records of a file are evidence: anywhere in them, a value decides
 * its number column's decimal mark, and their ids whether they are
 * Salesforce ids (README "Numbers", "Identifiers"). While a question is open
 * (an ambiguous value no value decided yet, ids all Salesforce-shaped so
 * far), records are held back untyped; most files open none and hold nothing.
 */
export const EVIDENCE_RECORDS = 10_000;

/** What a command reads of a file: only some columns (faster, leaner), with or without unknown columns. */
export interface ReadRequest {
  /** Canonical columns to type; the required ones are always included. Default: all. */
  columns?: readonly string[];
  /**
   * Columns typed for their problems only (warnings and errors located as
   * when read), left out of the rows: the caller never reads their values
   * (plan segment's summary checks names it does not show). The byte path
   * checks such free text on its bytes, without decoding it.
   */
  checked?: readonly string[];
  /** Keep unknown columns in `extra` (files that pass them through). Default: the file's own setting. */
  passthrough?: boolean;
  /** Yield an empty batch once the header is read, before any record is typed (the caller reads other files then). */
  headerFirst?: boolean;
}

/** The columns of `request.checked` that rows leave out: not also asked for, required or the unique key. */
export function checkedOnly<Row>(spec: FileSpec<Row>, request: ReadRequest): ReadonlySet<string> {
  const kept = new Set([...(request.columns ?? spec.columns), ...spec.requiredGroups.flat(), ...(spec.uniqueKey ? [spec.uniqueKey] : [])]);
  return new Set((request.checked ?? []).filter((c) => !kept.has(c)));
}

/** Reads a whole (small) file into an array. */
export async function readAll<Row>(spec: FileSpec<Row>, input: InputRef, ctx: ReadContext, request: ReadRequest = {}): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const batch of readTable(spec, input, ctx, request)) for (const row of batch) rows.push(row);
  return rows;
}

/** Feeds every row of a stream to `add` (for folds over large files). */
export async function fold<Row>(rows: AsyncIterable<Row[]>, add: (row: Row) => void): Promise<void> {
  for await (const batch of rows) for (const row of batch) add(row);
}

export async function* readTable<Row>(
  spec: FileSpec<Row>,
  input: InputRef,
  ctx: ReadContext,
  request: ReadRequest = {},
): AsyncIterable<Row[]> {
  const label = input.label;
  const problem = (p: Omit<Problem, 'file'>) => ctx.problems.add({ ...p, file: label });

  const source = await openInput(input, ctx.stdin);
  const bytes = peekable(source.chunks, (n) => ctx.onProgress?.(label, n, source.size));
  const head = await bytes.peek();
  if (head.length === 0) throw new PlanError('data', `${label}: file is empty (0 bytes); export it again, with at least its header row`);
  refuseNonCsv(head, label);
  const reading = readingFor(ctx, spec.key);
  const detected = await detectEncoding(head, reading.encoding, reading.encodingForFile);
  if (detected.reason === 'bom' && detected.encoding !== 'utf-8')
    ctx.onInfo?.(`${label}: ${detected.encoding.toUpperCase()} (byte-order mark)`);
  const report: DecodeReport = { badBytes: [], badByteCount: 0, likely: undefined };
  const text = peekableText(decodeChunks(bytes.all(), detected, label, report));

  // Delimiter: --delimiter, Excel's `sep=` line, or sniffed (case 19-22).
  const sample = await text.peek(SNIFF_CHARS);
  let skipSepLine = false;
  let delimiter = reading.delimiter;
  const sepLine = /^sep=(.)\r?\n/.exec(sample);
  if (sepLine) {
    skipSepLine = true;
    delimiter ??= sepLine[1];
  }
  if (!delimiter) {
    const sniffed = sniffDelimiter(skipSepLine ? sample.slice((sepLine?.[0] ?? '').length) : sample, ctx.options.quote);
    if (sniffed.kind === 'ambiguous') {
      throw new PlanError(
        'data',
        `${label}: cannot tell the delimiter (${sniffed.candidates.map(nameDelimiter).join(' or ')} both fit); give --delimiter`,
      );
    }
    delimiter = sniffed.delimiter;
    ctx.onInfo?.(`${label}: delimiter ${nameDelimiter(delimiter)}`);
  }
  // Until a value decides, a number column reads with the delimiter's usual mark, and its ambiguous values are counted.
  const guess: DecimalMark = delimiter === ';' ? 'comma' : 'point';
  const decimals = new Map<string, DecimalColumn>();
  const decimalColumn = (column: string): DecimalColumn => {
    let col = decimals.get(column);
    if (!col) {
      col = new DecimalColumn(reading.decimal, guess);
      decimals.set(column, col);
    }
    return col;
  };
  const salesforce = spec.accountIdColumn ? new SalesforceIds(ctx.options.preset === 'salesforce') : undefined;

  const scanner = new RecordReader({ delimiter, quote: ctx.options.quote }, { problem });
  const cx: CellContext = {
    decimalMark: (column, raw) => {
      const col = decimalColumn(column);
      return col.mark ?? col.markFor(decimalEvidence(raw), currentLine, raw);
    },
    dateFormat: reading.dateFormat,
    nullValues: new Set([...ctx.config.nullValues, ...(ctx.options.nullValues ?? [])]),
    warn: () => {},
    normalizeId: (column, id) => (salesforce && column === spec.accountIdColumn ? salesforce.normalize(id, currentLine) : id),
  };
  const wanted = request.columns
    ? new Set([...request.columns, ...(request.checked ?? []), ...spec.requiredGroups.flat(), ...(spec.uniqueKey ? [spec.uniqueKey] : [])])
    : undefined;
  const passthrough = request.passthrough ?? spec.passthrough;
  const schema = leavingOut(spec.schema(cx, wanted ? [...wanted] : undefined), checkedOnly(spec, request));
  const lookup = columnLookup(spec.columns, ALIASES[spec.key], PRESETS[ctx.options.preset ?? '']?.[spec.key], ctx.config.columns[spec.key]);

  let header: HeaderColumn[] | undefined;
  let width = 0;
  const preamble: RawRecord[] = [];
  let records = 0;
  let blankRun: number[] = [];
  let lastRecord: RawRecord | undefined;
  const warnedColumns = new Set<string>();
  const unnamed = new Map<number, { count: number; first?: { line: number; value: string } }>();
  const seenKeys = spec.uniqueKey ? new UniqueKeys() : undefined;
  let canonicalIndex = new Map<string, number>();
  let columnsToRead: HeaderColumn[] = [];
  /** Number columns (and the account id column) whose values are evidence while records are held back. */
  let evidenceColumns: [string, number][] = [];
  let idIndex = -1;
  /** Records with exactly one field more than the header (case 32: a header name is missing). */
  let oneLonger = 0;
  let currentLine = 0;
  let currentRecord = 0;

  cx.warn = (column, code, message, value) => {
    // U+FFFD from bytes that are not UTF-8 is reported as E_ENCODING, not as damage upstream.
    if (code === 'W_MOJIBAKE' && report.badByteCount > 0) return;
    const key = `${column}\0${code}`;
    if (warnedColumns.has(key)) return;
    warnedColumns.add(key);
    const index = canonicalIndex.get(column);
    problem({
      severity: 'warning',
      line: currentLine,
      record: currentRecord,
      column: index === undefined ? undefined : index + 1,
      columnName: index === undefined ? column : header?.[index]?.original,
      code,
      message: `${message} (first of this column; others not listed)`,
      value,
    });
  };

  const resolveHeader = (record: RawRecord, skipped: number) => {
    header = record.fields.map((original, index) => {
      const normalized = normalizeHeader(original);
      const mapped = lookup.get(normalized);
      const canonical = mapped !== undefined && spec.columns.includes(mapped) ? mapped : undefined;
      return { index, original, normalized: mapped ?? normalized, canonical };
    });
    width = header.length;
    checkHeader(spec, header, record, label, problem, ctx.onInfo, ctx.options.renameDuplicates, report, reading.delimiter);
    canonicalIndex = new Map(header.filter((h) => h.canonical).map((h) => [h.canonical as string, h.index]));
    evidenceColumns = spec.numberColumns
      .filter((c) => canonicalIndex.has(c) && (!wanted || wanted.has(c)))
      .map((c) => [c, canonicalIndex.get(c) as number]);
    idIndex = spec.accountIdColumn ? (canonicalIndex.get(spec.accountIdColumn) ?? -1) : -1;
    ctx.headers?.set(label, [...canonicalIndex.keys()]);
    ctx.headerNames?.set(
      label,
      header.map((h) => ({ original: h.original, canonical: h.canonical })),
    );
    for (const h of header) if (h.normalized === '') unnamed.set(h.index, { count: 0 });
    // Columns this read never looks at are not copied out of the text (column 1 always is: blank-line test).
    const skip = new Uint8Array(header.length);
    for (const h of header) {
      const unused = h.canonical
        ? wanted !== undefined && !wanted.has(h.canonical)
        : h.normalized !== '' && (!passthrough || isSystemColumn(h.original));
      if (unused && h.index > 0) skip[h.index] = 1;
    }
    scanner.skip = skip;
    columnsToRead = header.filter((h) => skip[h.index] !== 1);
    if (skipped > 0) {
      problem({
        severity: 'warning',
        line: record.line,
        code: 'W_PREAMBLE',
        message: `header found on line ${record.line}; ${skipped} line${skipped === 1 ? '' : 's'} above it skipped`,
      });
    }
  };

  /** A totals row or a note was seen: single-cell records after it are notes too. */
  let afterFooter = false;
  const toRow = (record: RawRecord, number: number): Row | undefined => {
    const cols = header as HeaderColumn[];
    const fields = record.fields;
    currentLine = record.line;
    currentRecord = number;
    const footer = footerKind(fields, afterFooter);
    if (footer) {
      afterFooter = true;
      problem({
        severity: 'warning',
        line: record.line,
        record: number,
        column: 1,
        columnName: cols[0]?.original,
        ...FOOTER_MESSAGES[footer],
        value: fields[0],
      });
      return undefined;
    }
    if (fields.length < width) {
      const truncated = record === lastRecord && scanner.endedWithoutNewline;
      problem({
        severity: truncated ? 'error' : 'warning',
        line: record.line,
        record: number,
        code: truncated ? 'E_TRUNCATED' : 'W_FIELDS_SHORT',
        message: truncated
          ? `last record has ${fields.length} of ${width} fields and the file has no final newline: the export looks cut off`
          : `expected ${width} fields, found ${fields.length}; padded with empty values`,
      });
      if (truncated) return undefined;
    } else if (fields.length > width) {
      const extra = fields.slice(width);
      if (extra.every((f) => f.trim() === '')) {
        problem({
          severity: 'warning',
          line: record.line,
          record: number,
          code: 'W_FIELDS_EXTRA',
          message: `expected ${width} fields, found ${fields.length}; the extra ones are empty and were ignored`,
        });
      } else {
        if (fields.length === width + 1) oneLonger++;
        problem({
          severity: 'error',
          line: record.line,
          record: number,
          column: width + 1,
          code: 'E_FIELDS',
          message: `expected ${width} fields, found ${fields.length}`,
          value: extra.find((f) => f.trim() !== ''),
        });
        return undefined;
      }
    }
    if (record.strayQuotes) {
      for (const i of record.strayQuotes) {
        const name = cols[i]?.canonical ?? cols[i]?.original ?? String(i + 1);
        const key = `${name}\0W_STRAY_QUOTE`;
        if (warnedColumns.has(key)) continue;
        warnedColumns.add(key);
        problem({
          severity: 'warning',
          line: record.line,
          record: number,
          column: i + 1,
          columnName: cols[i]?.original,
          code: 'W_STRAY_QUOTE',
          message: 'quote character inside an unquoted field, kept as text (first of this column)',
          value: fields[i],
        });
      }
    }
    const raw: Record<string, string> = {};
    let extra: Record<string, string> | undefined;
    for (const col of columnsToRead) {
      const value = fields[col.index] ?? '';
      if (col.canonical) {
        if (!wanted || wanted.has(col.canonical)) raw[col.canonical] = value;
      } else if (col.normalized === '') {
        if (value.trim() !== '') {
          const u = unnamed.get(col.index) as {
            count: number;
            first?: { line: number; value: string };
          };
          u.count++;
          u.first ??= { line: record.line, value };
        }
      } else if (passthrough && !isSystemColumn(col.original)) {
        extra ??= {};
        extra[col.original] = value;
      }
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const name = String(issue.path[0] ?? '');
        const index = canonicalIndex.get(name);
        problem({
          severity: 'error',
          line: record.line,
          record: number,
          column: index === undefined ? undefined : index + 1,
          columnName: index === undefined ? name : cols[index]?.original,
          code: ((issue as { params?: { code?: string } }).params?.code ?? 'E_VALUE') as string,
          message: issue.message,
          value: index === undefined ? undefined : fields[index],
        });
      }
      return undefined;
    }
    const row = parsed.data as Row & {
      line: number;
      extra?: Record<string, string>;
    };
    row.line = record.line;
    if (passthrough) row.extra = extra ?? {};
    if (seenKeys && spec.uniqueKey) {
      const key = (row as Record<string, unknown>)[spec.uniqueKey] as string;
      const before = seenKeys.add(key, record.line);
      if (before !== undefined) {
        const index = canonicalIndex.get(spec.uniqueKey) ?? 0;
        problem({
          severity: 'error',
          line: record.line,
          record: number,
          column: index + 1,
          columnName: cols[index]?.original,
          ...duplicateKey(spec.uniqueKey, before, fields[index] ?? '', key),
        });
        return undefined;
      }
    }
    return row;
  };

  let sepSkipped = !skipSepLine;
  let toSkip = ctx.options.skipRows ?? 0;
  const footerSize = ctx.options.skipFooter ?? 0;
  const footer: RawRecord[] = [];
  const held: [RawRecord, number][] = [];
  const emit = (record: RawRecord, number: number, out: Row[]) => {
    const row = toRow(record, number);
    if (row) out.push(row);
  };
  /** Evidence of one of the first records: its number cells' decimal marks and its account id. */
  const observe = (record: RawRecord) => {
    const fields = record.fields;
    for (const [column, index] of evidenceColumns) {
      const value = fields[index];
      if (value) decimalColumn(column).observe(decimalEvidence(value), record.line, value);
    }
    if (salesforce && idIndex >= 0) salesforce.observe((fields[idIndex] ?? '').trim());
  };
  /** A question the evidence so far leaves open. */
  const open = () => salesforce?.open === true || [...decimals.values()].some((c) => c.waiting);
  /** The evidence is in (or its window is over): type the held records. */
  const settle = (out: Row[]) => {
    salesforce?.settle();
    for (const [record, number] of held) emit(record, number, out);
    held.length = 0;
  };
  /** A data record, held back while it may be one of the last --skip-footer records, or evidence. */
  const accept = (record: RawRecord, out: Row[]) => {
    if (footerSize > 0) {
      footer.push(record);
      if (footer.length <= footerSize) return;
      record = footer.shift() as RawRecord;
    }
    records++;
    if (records > EVIDENCE_RECORDS) return emit(record, records, out);
    observe(record);
    if (records < EVIDENCE_RECORDS && open()) {
      held.push([record, records]);
      return;
    }
    settle(out);
    emit(record, records, out);
  };
  try {
    for await (const chunk of located(tokenizeWith(scanner, text.all()), label, ctx)) {
      const out: Row[] = [];
      for (let k = 0; k < chunk.batch.length; k++) {
        const record = chunk.batch[k] as RawRecord;
        if (!sepSkipped) {
          sepSkipped = true;
          continue;
        }
        if (toSkip > 0) {
          toSkip--;
          continue;
        }
        if (record.fields.length === 0 || (record.fields.length === 1 && record.fields[0] === '')) {
          if (header && records > 0) blankRun.push(record.line);
          continue;
        }
        if (!header) {
          preamble.push(record);
          const found = findHeader(preamble, spec, lookup);
          if (found === undefined) {
            if (preamble.length >= HEADER_SEARCH_RECORDS) resolveHeader(preamble[0] as RawRecord, 0);
            else continue;
          } else resolveHeader(preamble[found] as RawRecord, found === 0 ? 0 : (preamble[found] as RawRecord).line - 1);
          const rest = preamble.slice((found ?? 0) + 1);
          preamble.length = 0;
          if (request.headerFirst) yield [];
          for (const r of rest) accept(r, out);
          continue;
        }
        if (blankRun.length > 0) {
          problem({
            severity: 'warning',
            line: blankRun[0] as number,
            code: 'W_BLANK_LINE',
            message: `blank line${blankRun.length > 1 ? `s (${blankRun.length})` : ''} skipped`,
          });
          blankRun = [];
        }
        if (chunk.final && k === chunk.batch.length - 1) lastRecord = record;
        accept(record, out);
      }
      if (out.length > 0) yield out;
    }
  } catch (error) {
    // A structural error ends the file: the records held back as evidence are still typed (and counted).
    const out: Row[] = [];
    if (header) settle(out);
    if (out.length > 0) yield out;
    throw error;
  }
  const out: Row[] = [];
  if (!header) {
    if (preamble.length === 0) throw new PlanError('data', `${label}: no header row and no data`);
    resolveHeader(preamble[0] as RawRecord, 0);
    if (request.headerFirst) yield [];
    for (const r of preamble.slice(1)) accept(r, out);
  }
  settle(out);
  if (out.length > 0) yield out;
  if (footer.length > 0)
    ctx.onInfo?.(
      `${label}: ${footer.length} last record${footer.length === 1 ? '' : 's'} skipped (--skip-footer), from line ${(footer[0] as RawRecord).line}`,
    );
  finishFile(records, unnamed, problem);
  if (records > 1 && oneLonger === records) {
    problem({
      severity: 'error',
      line: 1,
      code: 'E_HEADER_SHORT',
      message: `the header has ${width} names but every row has ${width + 1} fields: a column name is missing from the header`,
    });
  }
  if (report.badByteCount > 0)
    await reportBadBytes(input, ctx.stdin, report, delimiter, ctx.options.quote ?? '"', header as HeaderColumn[], problem, spec.key);
  reportDecimals(decimals, canonicalIndex, header as HeaderColumn[], problem);
  reportEncodingChoice(detected, report, reading.encoding, spec.key, label, problem, ctx.onInfo);
  if (salesforce) noteSalesforceForms(ctx, salesforce, label, problem);
  const errors = ctx.problems.errorCount(label);
  if (errors > 0) throw new PlanError('data', `${label}: ${grouped(errors)} error${errors === 1 ? '' : 's'}`, ctx.problems.errorsOf(label));
}

function finishFile(
  records: number,
  unnamed: Map<number, { count: number; first?: { line: number; value: string } }>,
  problem: (p: Omit<Problem, 'file'>) => void,
): void {
  for (const [index, u] of unnamed) {
    if (u.count === 0) {
      problem({
        severity: 'warning',
        line: 1,
        column: index + 1,
        code: 'W_UNNAMED_EMPTY',
        message: 'column without a name and without values; ignored',
      });
    } else {
      problem({
        severity: 'error',
        line: u.first?.line ?? 1,
        column: index + 1,
        code: 'E_UNNAMED',
        message: `${grouped(u.count)} non-empty value${u.count === 1 ? '' : 's'} under a column without a name`,
        value: u.first?.value,
      });
    }
  }
  if (records === 0)
    problem({
      severity: 'warning',
      line: 1,
      code: 'W_EMPTY',
      message: 'header only: 0 records',
    });
  if (SUSPICIOUS_COUNTS.has(records)) {
    problem({
      severity: 'warning',
      line: 0,
      code: 'W_ROUND_COUNT',
      message: `exactly ${grouped(records)} records: an export limit may have cut the file`,
    });
  }
}

/** Which of the first records is the header: the first that names every required group. */
function findHeader<Row>(records: RawRecord[], spec: FileSpec<Row>, lookup: Map<string, string>): number | undefined {
  for (let i = 0; i < records.length; i++) {
    const names = new Set((records[i] as RawRecord).fields.map((f) => lookup.get(normalizeHeader(f))));
    if (spec.requiredGroups.every((group) => group.some((c) => names.has(c)))) return i;
  }
  return undefined;
}

function checkHeader<Row>(
  spec: FileSpec<Row>,
  header: HeaderColumn[],
  record: RawRecord,
  label: string,
  problem: (p: Omit<Problem, 'file'>) => void,
  info?: (message: string) => void,
  renameDuplicates = false,
  report?: DecodeReport,
  /** The delimiter the user gave (--delimiter or config), not one detected. */
  givenDelimiter?: string,
): void {
  // A header the file cannot be read by is a located problem like any other; reading stops.
  const fail = (code: string, message: string, column?: number): never => {
    const p = { severity: 'error' as const, line: record.line, column, code, message };
    problem(p);
    throw new PlanError('data', `${label}: header not usable; file not read`, [{ ...p, file: label }]);
  };
  // Bytes that are not UTF-8 in the header: the encoding is wrong, not the column names.
  const garbled = header.findIndex((h) => h.original.includes('\ufffd'));
  if (garbled >= 0 && report && report.badByteCount > 0) {
    fail('E_ENCODING', `the header is not valid UTF-8 (${encodingHint(report, spec.key)})`, garbled + 1);
  }
  // One column holding another delimiter while the user gave one: the delimiter given is not the file's.
  const other = header.length === 1 ? /[;,\t|]/.exec(header[0]?.original ?? '')?.[0] : undefined;
  if (other !== undefined && givenDelimiter !== undefined && other !== givenDelimiter) {
    fail(
      'E_DELIMITER',
      `the header is one column with ${nameDelimiter(other)}s in it, but the delimiter given is ${nameDelimiter(givenDelimiter)}; give --delimiter ${spec.key}=${other === '\t' ? 'tab' : other} or leave --delimiter out to detect it`,
    );
  }
  // A whole row in one quoted field: a `;` file re-saved by Excel (case 27).
  if (other !== undefined) {
    fail(
      'E_WHOLE_ROW_QUOTED',
      'each line is a single quoted field holding the delimiters (a file re-saved by Excel?); export it again as plain CSV',
    );
  }
  // Duplicate names, after mapping (case 34).
  const byName = new Map<string, number[]>();
  for (const h of header) {
    if (h.normalized === '') continue;
    const key = h.canonical ?? h.normalized;
    byName.set(key, [...(byName.get(key) ?? []), h.index + 1]);
  }
  const duplicates = [...byName].filter(([, positions]) => positions.length > 1);
  if (duplicates.length > 0 && renameDuplicates) {
    // --rename-duplicates: the first keeps its name, the others become NAME__2, NAME__3 (passed through, never merged).
    const renamed: string[] = [];
    for (const [, positions] of duplicates) {
      positions.slice(1).forEach((position, i) => {
        const h = header[position - 1] as HeaderColumn;
        const name = `${h.original}__${i + 2}`;
        renamed.push(`"${h.original}" at column ${position} -> "${name}"`);
        h.original = name;
        h.normalized = normalizeHeader(name);
        h.canonical = undefined;
      });
    }
    problem({
      severity: 'warning',
      line: record.line,
      code: 'W_DUPLICATE_COLUMN',
      message: `duplicate column names renamed: ${renamed.join('; ')}`,
    });
  } else if (duplicates.length > 0) {
    fail(
      'E_DUPLICATE_COLUMN',
      `duplicate column names: ${duplicates.map(([name, pos]) => `"${name}" at columns ${pos.join(', ')}`).join('; ')}; rename them so that no value is lost`,
      duplicates[0]?.[1][1],
    );
  }
  const present = new Set(header.map((h) => h.canonical).filter(Boolean));
  const unknown = header.filter((h) => !h.canonical && h.normalized !== '' && !isSystemColumn(h.original));
  const missing = spec.requiredGroups.filter((group) => !group.some((c) => present.has(c)));
  if (missing.length > 0) {
    if (present.size === 0 && record.fields.some((f) => /^[\d.,\s-]+$/.test(f) && /\d/.test(f))) {
      fail(
        'E_NO_HEADER',
        `no header row; the first line looks like data. Expected columns: ${spec.requiredGroups.map((g) => g.join(' or ')).join(', ')}`,
      );
    }
    let hinted = false;
    const lines = missing.map((group) => {
      const hint = group.map((c) => unknown.find((u) => didYouMean(u.normalized, [c]) === c)).find(Boolean);
      hinted ||= hint !== undefined;
      return `missing column ${group.map((c) => `"${c}"`).join(' or ')}${hint ? ` (did you mean "${hint.original}"?)` : ''}`;
    });
    // Without a likely typo, show what the file has: the mapping to write is then obvious.
    const names = header.map((h) => `"${h.original}"`);
    if (!hinted && header.length > 1) lines.push(`the file has ${names.slice(0, 12).join(', ')}${names.length > 12 ? ', ...' : ''}`);
    // One column although the line holds more: a delimiter we do not detect (`:`, space; case 22).
    const oneColumn = header.length === 1 ? '; the header is a single column: if the file uses another delimiter, give --delimiter' : '';
    fail('E_MISSING_COLUMN', `${lines.join('; ')}. Rename the column, or map it in plan.config.json "columns"${oneColumn}`);
  }
  // Unknown columns pass through (customers) or are ignored; only a likely typo is worth a warning.
  const unused: string[] = [];
  for (const u of unknown) {
    const hint = didYouMean(
      u.normalized,
      spec.columns.filter((c) => !present.has(c)),
    );
    if (hint) {
      problem({
        severity: 'warning',
        line: record.line,
        column: u.index + 1,
        columnName: u.original,
        code: 'W_UNKNOWN_COLUMN',
        message: `column ${spec.passthrough ? 'passed through as is' : 'not used'}; did you mean "${hint}"?`,
      });
    } else unused.push(u.original);
  }
  if (unused.length > 0)
    info?.(`${label}: column${unused.length > 1 ? 's' : ''} ${spec.passthrough ? 'passed through' : 'not used'}: ${unused.join(', ')}`);
}

async function reportBadBytes(
  input: InputRef,
  stdin: NodeJS.ReadableStream,
  report: DecodeReport,
  delimiter: string,
  quote: string,
  header: HeaderColumn[],
  problem: (p: Omit<Problem, 'file'>) => void,
  key: FileKey,
): Promise<void> {
  const located =
    input.path === '-'
      ? undefined
      : await locateOffsets(
          (await openInput(input, stdin)).chunks,
          report.badBytes.map((b) => b.offset),
          delimiter,
          quote,
        );
  const hex = (b: number) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`;
  // One problem per cell: a Shift_JIS word or `Hélène` holds several bad bytes.
  for (let i = 0; i < report.badBytes.length; ) {
    const at = located?.[i];
    const bytes = [(report.badBytes[i] as BadByte).byte];
    let j = i + 1;
    while (at && j < report.badBytes.length && located?.[j]?.line === at.line && located?.[j]?.field === at.field)
      bytes.push((report.badBytes[j++] as BadByte).byte);
    problem({
      severity: 'error',
      line: at?.line ?? 0,
      column: at?.field,
      columnName: at ? header[at.field - 1]?.original : undefined,
      code: 'E_ENCODING',
      message: `${bytes.length === 1 ? 'byte' : 'bytes'} ${bytes.map(hex).join(', ')}${at ? '' : ` at byte offset ${report.badBytes[i]?.offset}`} ${bytes.length === 1 ? 'is' : 'are'} not valid UTF-8 (${encodingHint(report, key)})`,
    });
    i = j;
  }
  if (report.badByteCount > report.badBytes.length) {
    problem({
      severity: 'error',
      line: 0,
      code: 'E_ENCODING',
      message: `${report.badByteCount - report.badBytes.length} more bytes that are not valid UTF-8`,
    });
  }
}

/**
 * Physical line and 1-based field of byte offsets, by scanning the file again
 * (only when there are bad bytes) with the one scanner: a delimiter or newline
 * inside a quoted field does not start a new field.
 */
async function locateOffsets(
  bytes: AsyncIterable<Buffer>,
  offsets: number[],
  delimiter: string,
  quote: string,
): Promise<{ line: number; field: number }[]> {
  const out: { line: number; field: number }[] = [];
  const scanner = new ByteScanner({ delimiter: delimiter.charCodeAt(0), quote: quote.charCodeAt(0) });
  const take = (batch: RecordBatch) => {
    for (let r = 0; r < batch.count && out.length < offsets.length; r++) {
      const first = batch.firstField[r] as number;
      const last = (batch.firstField[r + 1] as number) - 1;
      if (last < first) continue;
      const recordStart = (batch.start[first] as number) - ((batch.flags[first] as number) & QUOTED);
      const recordEnd = (batch.end[last] as number) + ((batch.flags[last] as number) & QUOTED);
      for (let at = (offsets[out.length] as number) - batch.base; out.length < offsets.length && at <= recordEnd; ) {
        let f = first;
        while (f < last && (batch.start[f + 1] as number) - ((batch.flags[f + 1] as number) & QUOTED) <= at) f++;
        out.push({
          line: (batch.line[r] as number) + countLineBreaks(batch.bytes, recordStart, Math.max(recordStart, at)),
          field: f - first + 1,
        });
        at = (offsets[out.length] as number) - batch.base;
      }
    }
  };
  try {
    for await (const chunk of bytes) {
      take(scanner.push(chunk, false));
      if (out.length >= offsets.length) return out;
    }
    take(scanner.push(Buffer.alloc(0), true));
  } catch {
    // A structural fault the read reported already: the offsets located so far.
  }
  return out;
}

/** Number columns whose ambiguous values no value decided, or that were read with the wrong mark before one did. */
function reportDecimals(
  decimals: ReadonlyMap<string, DecimalColumn>,
  canonicalIndex: ReadonlyMap<string, number>,
  header: HeaderColumn[] | undefined,
  problem: (p: Omit<Problem, 'file'>) => void,
): void {
  for (const [column, col] of decimals) {
    const p = col.problem();
    if (!p) continue;
    const index = canonicalIndex.get(column);
    problem({
      severity: 'error',
      line: p.line,
      column: index === undefined ? undefined : index + 1,
      columnName: index === undefined ? column : header?.[index]?.original,
      code: p.code,
      message: p.message,
      value: p.value,
    });
  }
}

/** --encoding without a file name: say what it did to this file. */
function reportEncodingChoice(
  detected: { reason: string; encoding: string },
  report: DecodeReport,
  option: string | undefined,
  key: FileKey,
  label: string,
  problem: (p: Omit<Problem, 'file'>) => void,
  info?: (message: string) => void,
): void {
  if (detected.reason !== 'fallback' || report.decided === undefined) return;
  if (report.decided !== 'utf-8') {
    info?.(`${label}: read as ${report.decided} (--encoding; the file is not UTF-8)`);
    return;
  }
  problem({
    severity: 'warning',
    line: 0,
    code: 'W_ENCODING_NOT_APPLIED',
    message: `valid UTF-8, so read as UTF-8 and not as ${option}: --encoding without a file name applies to files that are not UTF-8; give --encoding ${key}=${option} to force it`,
  });
}

/** 15- and 18-character forms of Salesforce ids in the same run: one warning, once. */
function noteSalesforceForms(ctx: ReadContext, ids: SalesforceIds, label: string, problem: (p: Omit<Problem, 'file'>) => void): void {
  ctx.salesforce ??= {};
  const seen = ctx.salesforce;
  for (const form of [15, 18] as const) {
    const first = ids.first[form];
    if (first && !seen[form]) seen[form] = { file: label, ...first };
  }
  const short = seen[15];
  const long = seen[18];
  if (!short || !long || seen.warned) return;
  seen.warned = true;
  problem({
    severity: 'warning',
    line: 0,
    code: 'W_SALESFORCE_IDS',
    message: `15- and 18-character Salesforce ids both appear ("${short.value}" on ${short.file} line ${short.line}, "${long.value}" on ${long.file} line ${long.line}): every id is read in its 18-character form, so the two forms of one record are one account`,
  });
}

export function nameDelimiter(d: string): string {
  return d === '\t' ? 'tab' : d === ',' ? 'comma' : d === ';' ? 'semicolon' : d === '|' ? 'pipe' : `"${d}"`;
}

const encoder = new TextEncoder();

/**
 * Key uniqueness for up to millions of ids, the line each was first seen on
 * by its index. No string is kept. The general reader adds typed keys, the
 * byte path (io/fast-read.ts) a clean key's bytes too. While every key comes
 * after the one before in byte order (exports sorted by id), none can repeat:
 * the keys are only kept in order, and compared with the last one. At the
 * first key out of order they go into a KeyTable (schema/keys.ts), in the
 * order they came, and every key after is interned there (a million random
 * lookups in a table that size are mostly cache misses).
 */
export class UniqueKeys {
  /** Undefined while the keys come in increasing order. */
  private keys: KeyTable | undefined;
  private lines: Int32Array;
  /** The keys so far while in order: their bytes one after the other, and where each ends. */
  private sorted: Uint8Array | undefined = new Uint8Array(1 << 16);
  private ends: Int32Array;
  private count = 0;
  private scratch = new Uint8Array(256);

  /** `expected`: about how many keys will come, when known (arrays sized once). */
  constructor(private readonly expected = 0) {
    this.lines = new Int32Array(Math.max(expected, 1 << 10));
    this.ends = new Int32Array(this.lines.length);
  }

  /** Adds the key; returns the line it was first seen on if it is a duplicate. */
  add(key: string, line: number): number | undefined {
    if (this.scratch.length < key.length * 3) this.scratch = new Uint8Array(key.length * 3);
    return this.addBytes(this.scratch, 0, encoder.encodeInto(key, this.scratch).written, line);
  }

  /** The same for a key as its UTF-8 bytes[start, end). */
  addBytes(bytes: Uint8Array, start: number, end: number, line: number): number | undefined {
    const sorted = this.sorted;
    if (sorted !== undefined) {
      const n = this.count;
      const used = n === 0 ? 0 : (this.ends[n - 1] as number);
      if (n === 0 || this.after(sorted, bytes, start, end)) {
        this.keep(bytes, start, end, used + end - start);
        if (n === this.lines.length) this.lines = grown(this.lines, 2 * n);
        this.lines[n] = line;
        this.count = n + 1;
        return undefined;
      }
      this.toTable(sorted);
    }
    const keys = this.keys as KeyTable;
    const i = keys.intern(bytes, start, end);
    if (!keys.added) return this.lines[i];
    if (i >= this.lines.length) this.lines = grown(this.lines, keys.capacity);
    this.lines[i] = line;
    return undefined;
  }

  /** Whether bytes[start, end) comes after the last key kept in byte order. */
  private after(sorted: Uint8Array, bytes: Uint8Array, start: number, end: number): boolean {
    const count = this.count;
    const from = count < 2 ? 0 : (this.ends[count - 2] as number);
    const last = (this.ends[count - 1] as number) - from;
    const n = end - start;
    const common = Math.min(last, n);
    for (let k = 0; k < common; k++) {
      const a = sorted[from + k] as number;
      const b = bytes[start + k] as number;
      if (a !== b) return b > a;
    }
    return n > last;
  }

  /** Keeps bytes[start, end) after the keys so far, ending at `to`. */
  private keep(bytes: Uint8Array, start: number, end: number, to: number): void {
    let sorted = this.sorted as Uint8Array;
    if (to > sorted.length) {
      sorted = this.sorted = grown(sorted, Math.max(2 * sorted.length, to));
    }
    const at = to - (end - start);
    if (end - start <= 32) for (let k = start; k < end; k++) sorted[at + k - start] = bytes[k] as number;
    else sorted.set(bytes.subarray(start, end), at);
    if (this.count === this.ends.length) this.ends = grown(this.ends, 2 * this.count);
    this.ends[this.count] = to;
  }

  /** The keys kept in order into a table, as indices 0..count-1 (their lines stay). */
  private toTable(sorted: Uint8Array): void {
    const keys = new KeyTable(Math.max(this.expected, this.count));
    for (let i = 0, from = 0; i < this.count; i++) {
      const to = this.ends[i] as number;
      keys.intern(sorted, from, to);
      from = to;
    }
    this.keys = keys;
    this.sorted = undefined;
    this.ends = new Int32Array(0);
  }
}

/** The error of a key seen before on line `before` (`raw`: the cell as written, `key`: as the file's keys are read). */
export function duplicateKey(column: string, before: number, raw: string, key: string): Pick<Problem, 'code' | 'message' | 'value'> {
  const forms = raw.trim() !== key ? `; ${raw.trim()} is the 15-character form of Salesforce id ${key}` : '';
  return { code: 'E_DUPLICATE_ID', message: `duplicate ${column} (first on line ${before})${forms}`, value: raw };
}

// ---------------------------------------------------------------- stream helpers

/** Structural errors thrown mid-file get the file's name and join the run's problems. */
async function* located<T>(source: AsyncIterable<T>, label: string, ctx: ReadContext): AsyncIterable<T> {
  try {
    yield* source;
  } catch (error) {
    if (error instanceof PlanError && error.kind === 'data' && error.problems.length > 0) {
      for (const p of error.problems) ctx.problems.add({ ...p, file: label });
      throw new PlanError('data', `${label}: ${error.message}`, ctx.problems.errorsOf(label));
    }
    throw error;
  }
}

/** Decoded text, as UTF-8 bytes, through the byte scanner (io/scan.ts via io/records.ts). */
async function* tokenizeWith(scanner: RecordReader, chunks: AsyncIterable<string>): AsyncIterable<{ batch: RawRecord[]; final: boolean }> {
  for await (const chunk of chunks) {
    const batch = scanner.push(Buffer.from(chunk, 'utf8'), false);
    if (batch.length > 0) yield { batch, final: false };
  }
  yield { batch: scanner.push(Buffer.alloc(0), true), final: true };
}

function peekable(source: AsyncIterable<Buffer>, onBytes: (n: number) => void) {
  const it = source[Symbol.asyncIterator]();
  let first: Buffer | undefined;
  let done = false;
  let total = 0;
  return {
    async peek(): Promise<Buffer> {
      const r = await it.next();
      if (r.done) {
        done = true;
        first = Buffer.alloc(0);
      } else first = r.value;
      total += first.length;
      onBytes(total);
      return first;
    },
    async *all(): AsyncIterable<Buffer> {
      if (first && first.length > 0) yield first;
      if (done) return;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        total += r.value.length;
        onBytes(total);
        yield r.value;
      }
    },
  };
}

function peekableText(source: AsyncIterable<string>) {
  const it = source[Symbol.asyncIterator]();
  const buffered: string[] = [];
  let done = false;
  return {
    async peek(chars: number): Promise<string> {
      let length = buffered.reduce((n, s) => n + s.length, 0);
      while (!done && length < chars) {
        const r = await it.next();
        if (r.done) done = true;
        else {
          buffered.push(r.value);
          length += r.value.length;
        }
      }
      return buffered.join('').slice(0, chars);
    },
    async *all(): AsyncIterable<string> {
      yield* buffered.splice(0);
      if (done) return;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    },
  };
}
