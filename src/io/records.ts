/**
 * CSV records as strings, from the one byte scanner (io/scan.ts): what the
 * general reader (io/table.ts) and the delimiter sniffer take.
 *
 * Text chunks (already decoded, io/decode.ts) go in as UTF-8 bytes; each
 * record comes out with its physical line, its fields as strings (only the
 * columns not in `skip`), the indices of unquoted fields holding a quote
 * (BAD_INPUTS case 24). A record with a character after a closing quote
 * (cases 23, 25) is reported here and skipped; NUL bytes are removed from the
 * fields with one warning per run of them (case 9).
 */
import { grouped, PlanError, type Problem } from '../errors.js';
import { ByteScanner, countLineBreaks, ESCAPED, NON_ASCII, QUOTED, type RecordBatch, STRAY_QUOTE } from './scan.js';

export interface RawRecord {
  fields: string[];
  /** Physical line (1-based) where the record starts. */
  line: number;
  /** Indices of unquoted fields that contain a quote character (case 24). */
  strayQuotes?: number[];
}

export interface RecordOptions {
  delimiter: string;
  quote?: string;
  /** Longest record in characters before we assume a runaway quote (case 39); default 1 MiB. */
  maxRecordChars?: number;
}

export interface RecordSink {
  problem(problem: Omit<Problem, 'file'>): void;
}

/** Synchronous form for small texts (the sniffer) and tests. */
export function recordsOfText(text: string, options: RecordOptions, sink: RecordSink): RawRecord[] {
  return new RecordReader(options, sink).push(Buffer.from(text, 'utf8'), true);
}

export class RecordReader {
  private readonly scanner: ByteScanner;
  private readonly quote: string;
  /** Fields (by index) nobody reads: left as '' instead of decoded, to spare allocations on big files. */
  skip: Uint8Array | undefined;

  constructor(
    options: RecordOptions,
    private readonly sink: RecordSink,
  ) {
    const quote = options.quote ?? '"';
    if (Buffer.byteLength(options.delimiter) !== 1 || options.delimiter.length !== 1)
      throw new PlanError('usage', `the delimiter must be one character, not "${options.delimiter}"`);
    if (Buffer.byteLength(quote) !== 1) throw new PlanError('usage', `the quote must be one ASCII character, not "${quote}"`);
    this.quote = quote;
    this.scanner = new ByteScanner({
      delimiter: options.delimiter.charCodeAt(0),
      quote: quote.charCodeAt(0),
      maxRecordChars: options.maxRecordChars ?? 1 << 20,
    });
  }

  /** Set when the text ended without a final newline (case 18). */
  get endedWithoutNewline(): boolean {
    return this.scanner.endedWithoutNewline;
  }

  /** The records completed by these bytes (UTF-8); `final` says no bytes follow. */
  push(bytes: Buffer, final: boolean): RawRecord[] {
    const batch = this.scanner.push(bytes, final);
    const records: RawRecord[] = [];
    const buf = batch.bytes;
    // One decode per batch: an ASCII field (unquoted, not marked NON_ASCII) is a slice of it, others decode as UTF-8.
    const text = buf.toString('latin1');
    const nuls = buf.indexOf(0) !== -1;
    const skip = this.skip;
    let bad = 0;
    for (let r = 0; r < batch.count; r++) {
      const line = batch.line[r] as number;
      if (bad < batch.badQuotes.length && batch.badQuotes[bad]?.record === r) {
        this.badClosingQuote(batch, r, bad++);
        continue;
      }
      const first = batch.firstField[r] as number;
      const n = (batch.firstField[r + 1] as number) - first;
      const fields: string[] = new Array(n);
      let stray: number[] | undefined;
      for (let k = 0; k < n; k++) {
        const f = first + k;
        const flag = batch.flags[f] as number;
        if (flag & STRAY_QUOTE) {
          stray ??= [];
          stray.push(k);
        }
        if (skip !== undefined && skip[k] === 1) {
          fields[k] = '';
          continue;
        }
        let value =
          (flag & (QUOTED | NON_ASCII)) === 0
            ? text.slice(batch.start[f], batch.end[f])
            : buf.toString('utf8', batch.start[f], batch.end[f]);
        if (flag & ESCAPED) value = value.replaceAll(this.quote + this.quote, this.quote);
        fields[k] = value;
      }
      if (nuls) this.removeNuls(batch, r, fields);
      records.push(stray ? { fields, line, strayQuotes: stray } : { fields, line });
    }
    return records;
  }

  /** NUL bytes out of a record's fields, one warning per run (a padded or truncated file). */
  private removeNuls(batch: RecordBatch, r: number, fields: string[]): void {
    const buf = batch.bytes;
    const first = batch.firstField[r] as number;
    const recordStart = (batch.start[first] as number) - ((batch.flags[first] as number) & QUOTED);
    for (let k = 0; k < fields.length; k++) {
      const f = first + k;
      const end = batch.end[f] as number;
      let at = buf.indexOf(0, batch.start[f]);
      if (at === -1 || at >= end) continue;
      while (at !== -1 && at < end) {
        let runEnd = at + 1;
        while (runEnd < end && buf[runEnd] === 0) runEnd++;
        this.sink.problem({
          severity: 'warning',
          line: (batch.line[r] as number) + countLineBreaks(buf, recordStart, at),
          code: 'W_NUL',
          message: `${runEnd - at === 1 ? 'NUL byte' : `${grouped(runEnd - at)} NUL bytes`} removed (a truncated or padded file?)`,
        });
        at = buf.indexOf(0, runEnd);
      }
      fields[k] = (fields[k] as string).replaceAll('\0', '');
    }
  }

  private badClosingQuote(batch: RecordBatch, r: number, index: number): void {
    const buf = batch.bytes;
    const { line, at } = batch.badQuotes[index] as { line: number; at: number };
    const first = batch.line[r] as number;
    const backslash = buf[at - 2] === 92;
    const hint = backslash
      ? '; the file seems to escape quotes with a backslash: re-export it with doubled quotes ("")'
      : '; a quote inside a quoted field must be doubled ("")';
    // Up to 20 characters before it (from the start of its line at most: the record before is not part of the problem), 10 after.
    const lineStart = buf.lastIndexOf(10, at - 1) + 1;
    const before = buf.toString('utf8', Math.max(lineStart, at - 80), at).slice(-20);
    const after = buf.toString('utf8', at, Math.min(buf.length, at + 40)).slice(0, 10);
    this.sink.problem({
      severity: 'error',
      line,
      record: undefined,
      column: batch.fieldsOf(r),
      code: 'E_CSV_QUOTE',
      message: `unexpected character after a closing quote${hint}; record skipped${spanned(first, line)}`,
      value: (before + after).replace(/[\r\n]+/g, ' '),
    });
  }
}

/** A skipped record that began on an earlier line: the lines a quoted field joined into it (they are all lost). */
function spanned(first: number, last: number): string {
  return first < last ? ` (lines ${first}-${last}: a quoted field opened on line ${first} runs to here)` : '';
}
