/**
 * The byte-level CSV scanner: bytes in, records of field byte ranges out.
 *
 * One pass over the bytes finds every record (its physical line number) and
 * every field (start and end offsets, whether it was quoted, whether it holds
 * doubled quotes, whether a quote stands inside an unquoted field), in typed
 * arrays reused from batch to batch: no string is made for a field until a
 * caller decodes one, and callers decode only the columns they project.
 *
 * It splits exactly as io/tokenize.ts does (test/io/scan.test.ts holds it to
 * tokenize and to csv-parse on generated CSV with random chunk boundaries and
 * on the csv-spectrum suite): records end at LF, CRLF or a bare CR; a line
 * break inside quotes belongs to the field and counts as a physical line; an
 * empty line is a record with no field; a quote inside an unquoted field is
 * kept as text and flagged (BAD_INPUTS case 24); anything but a delimiter or a
 * line end after a closing quote makes the record bad (cases 23, 25: the
 * reader reports it and skips the record, which ends at the end of that line);
 * an unterminated quote is an error located at the line where it opened.
 *
 * Works on any encoding where the delimiter, the quote, CR and LF are single
 * bytes that no other character's bytes contain: UTF-8, Latin-1,
 * windows-125x, Shift_JIS, GBK (their second bytes are 0x40 or more). UTF-16
 * must be transcoded first. A UTF-8 byte order mark at the very start is
 * skipped. NUL bytes are not removed here (the reader decides what to do).
 *
 * For worker threads: `limit` stops the scanner at the first record that
 * starts at or after a byte offset, so a file can be split at record
 * boundaries; `resyncCandidate` guesses where a record starts after an
 * arbitrary offset, and the scanner of the range before checks the guess
 * (`stoppedAt`): a wrong guess is detected, never silently used.
 */
import { PlanError } from '../errors.js';

const LF = 10;
const CR = 13;

/** Field flags. */
export const QUOTED = 1;
/** A quoted field with doubled quotes inside: decode with `fieldText` (it undoubles them). */
export const ESCAPED = 2;
/** An unquoted field with a quote character in it (kept as text; BAD_INPUTS case 24). */
export const STRAY_QUOTE = 4;

export interface ScanOptions {
  /** Delimiter byte (default `,`). */
  delimiter?: number;
  /** Quote byte (default `"`). */
  quote?: number;
  /** Longest record in bytes before the scanner assumes a runaway quote (default 4 MiB). */
  maxRecordBytes?: number;
  /** Absolute byte offset: stop before the first record that starts at or after it (for ranges of a file). */
  limit?: number;
  /** Absolute byte offset of the first byte pushed (a range of a file); default 0. */
  offset?: number;
  /** Physical line number of the first byte pushed; default 1 (only meaningful from the start of a file). */
  line?: number;
}

/** A record whose closing quote is followed by something other than a delimiter or a line end (cases 23, 25). */
export interface BadQuote {
  /** Record index in the batch. */
  record: number;
  /** Physical line of the offending character. */
  line: number;
  /** Byte offset (in `bytes`) of the offending character. */
  at: number;
}

/**
 * Records of one push. Record r has fields firstField[r] .. firstField[r + 1] - 1;
 * field f is bytes[start[f], end[f]) (inside the quotes when quoted).
 */
export class RecordBatch {
  /** The bytes the offsets point into: valid until the next push. */
  bytes: Buffer = Buffer.alloc(0);
  count = 0;
  fieldCount = 0;
  firstField: Int32Array = new Int32Array(1 << 12);
  line: Int32Array = new Int32Array(1 << 12);
  start: Int32Array = new Int32Array(1 << 14);
  end: Int32Array = new Int32Array(1 << 14);
  flags: Uint8Array = new Uint8Array(1 << 14);
  badQuotes: BadQuote[] = [];

  fieldsOf(record: number): number {
    return (this.firstField[record + 1] as number) - (this.firstField[record] as number);
  }

  /** Index of field `column` (0-based) of a record, or -1 when the record is shorter. */
  field(record: number, column: number): number {
    const f = (this.firstField[record] as number) + column;
    return f < (this.firstField[record + 1] as number) ? f : -1;
  }

  isBad(record: number): boolean {
    return this.badQuotes.length > 0 && this.badQuotes.some((b) => b.record === record);
  }
}

/** The text of a field, UTF-8 decoded, doubled quotes undoubled. */
export function fieldText(batch: RecordBatch, f: number, quote = '"'): string {
  const text = batch.bytes.toString('utf8', batch.start[f], batch.end[f]);
  return (batch.flags[f] as number) & ESCAPED ? text.replaceAll(quote + quote, quote) : text;
}

export class ByteScanner {
  private readonly D: number;
  private readonly Q: number;
  private readonly maxRecordBytes: number;
  private readonly limit: number;
  private tail: Buffer | undefined;
  /** Absolute offset of the next byte to be pushed. */
  private offset: number;
  private lineNo: number;
  private started = false;
  private readonly batch = new RecordBatch();
  /** The text ended without a final line break (BAD_INPUTS case 18). */
  endedWithoutNewline = false;
  /** With `limit`: the absolute offset of the first record at or after the limit (or the end); -1 until reached. */
  stoppedAt = -1;
  /** Records scanned so far (all pushes). */
  records = 0;

  constructor(options: ScanOptions = {}) {
    this.D = options.delimiter ?? 44;
    this.Q = options.quote ?? 34;
    this.maxRecordBytes = options.maxRecordBytes ?? 4 << 20;
    this.limit = options.limit ?? Number.POSITIVE_INFINITY;
    this.offset = options.offset ?? 0;
    this.lineNo = options.line ?? 1;
    if (this.offset > 0) this.started = true;
  }

  /** Physical line of the next record. */
  get line(): number {
    return this.lineNo;
  }

  get done(): boolean {
    return this.stoppedAt >= 0;
  }

  /**
   * Scans a chunk (the bytes after the previous chunk). A record cut by the
   * end of the chunk is kept and finished by the next push; `final` says no
   * bytes follow. The batch returned is reused by the next push.
   */
  push(chunk: Uint8Array, final: boolean): RecordBatch {
    const batch = this.batch;
    batch.count = 0;
    batch.fieldCount = 0;
    batch.badQuotes = [];
    if (this.done) {
      batch.bytes = Buffer.alloc(0);
      batch.firstField[0] = 0;
      return batch;
    }
    const chunkBuffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let buf: Buffer;
    let base: number;
    if (this.tail !== undefined && this.tail.length > 0) {
      buf = Buffer.concat([this.tail, chunkBuffer]);
      base = this.offset - this.tail.length;
    } else {
      buf = chunkBuffer;
      base = this.offset;
    }
    this.offset += chunk.length;
    batch.bytes = buf;
    let i = 0;
    if (!this.started) {
      if (buf.length < 3 && !final && buf[0] === 0xef) {
        this.tail = Buffer.from(buf);
        batch.firstField[0] = 0;
        return batch;
      }
      this.started = true;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3;
    }
    const end = this.scan(buf, i, base, final);
    if (end < buf.length && !this.done) {
      if (buf.length - end > this.maxRecordBytes) this.runaway();
      this.tail = Buffer.from(buf.subarray(end));
    } else this.tail = undefined;
    return batch;
  }

  /** Scans buf from i; returns where the first unfinished record starts (buf.length when none). */
  private scan(buf: Buffer, from: number, base: number, final: boolean): number {
    const n = buf.length;
    const D = this.D;
    const Q = this.Q;
    const b = this.batch;
    const limit = this.limit - base;
    let line = this.lineNo;
    let i = from;
    let r = 0;
    let f = 0;
    let firstField = b.firstField;
    let lines = b.line;
    let starts = b.start;
    let ends = b.end;
    let flags = b.flags;
    record: while (i < n) {
      if (i >= limit) {
        this.stoppedAt = base + i;
        break;
      }
      const recordStart = i;
      const recordLine = line;
      const recordFirst = f;
      if (r + 2 >= firstField.length) {
        b.firstField = grow(firstField);
        b.line = grow(lines);
        firstField = b.firstField;
        lines = b.line;
      }
      firstField[r] = f;
      lines[r] = recordLine;
      let c = buf[i] as number;
      if (c === LF || c === CR) {
        if (c === CR && i + 1 === n && !final) break;
        i += c === CR && buf[i + 1] === LF ? 2 : 1;
        line++;
        r++;
        continue;
      }
      for (;;) {
        if (f + 1 >= starts.length) {
          b.start = grow(starts);
          b.end = grow(ends);
          const grown = new Uint8Array(flags.length * 2);
          grown.set(flags);
          b.flags = grown;
          starts = b.start;
          ends = b.end;
          flags = b.flags;
        }
        if (i < n && buf[i] === Q) {
          const open = i;
          let j = i + 1;
          let flag = QUOTED;
          let q: number;
          for (;;) {
            q = buf.indexOf(Q, j);
            if (q === -1 || (q + 1 === n && !final)) {
              if (!final) {
                i = recordStart;
                line = recordLine;
                f = recordFirst;
                break record;
              }
              this.unterminated(buf, recordLine, recordStart, open);
            }
            if (buf[q + 1] === Q) {
              flag |= ESCAPED;
              j = q + 2;
              continue;
            }
            break;
          }
          starts[f] = open + 1;
          ends[f] = q;
          flags[f] = flag;
          f++;
          line += countLineBreaks(buf, open, q);
          i = q + 1;
          c = i < n ? (buf[i] as number) : -1;
          if (c === D) {
            i++;
            continue;
          }
          if (c === LF || c === CR || c === -1) break;
          // Something other than a delimiter after a closing quote: the record ends with its line.
          const at = i;
          const badLine = line;
          while (i < n) {
            c = buf[i] as number;
            if (c === LF || c === CR) break;
            i++;
          }
          if (i === n && !final) {
            i = recordStart;
            line = recordLine;
            f = recordFirst;
            break record;
          }
          if (i < n && c === CR && i + 1 === n && !final) {
            i = recordStart;
            line = recordLine;
            f = recordFirst;
            break record;
          }
          b.badQuotes.push({ record: r, line: badLine, at });
          if (i < n) {
            i += c === CR && buf[i + 1] === LF ? 2 : 1;
            line++;
          } else this.endedWithoutNewline = true;
          r++;
          continue record;
        }
        let j = i;
        let flag = 0;
        while (j < n) {
          c = buf[j] as number;
          if (c === D || c === LF || c === CR) break;
          if (c === Q) flag = STRAY_QUOTE;
          j++;
        }
        if (j === n && !final) {
          i = recordStart;
          line = recordLine;
          f = recordFirst;
          break record;
        }
        starts[f] = i;
        ends[f] = j;
        flags[f] = flag;
        f++;
        i = j;
        if (j < n && c === D) {
          i++;
          continue;
        }
        break;
      }
      if (i < n) {
        c = buf[i] as number;
        if (c === CR && i + 1 === n && !final) {
          i = recordStart;
          line = recordLine;
          f = recordFirst;
          break;
        }
        i += c === CR && buf[i + 1] === LF ? 2 : 1;
        line++;
      } else this.endedWithoutNewline = true;
      r++;
    }
    if (final && i >= n && this.stoppedAt < 0) this.stoppedAt = base + n;
    b.firstField[r] = f;
    b.count = r;
    b.fieldCount = f;
    this.records += r;
    this.lineNo = line;
    return i;
  }

  private unterminated(buf: Buffer, recordLine: number, recordStart: number, open: number): never {
    // The record may span lines (quoted line breaks, bare CRs) before the quote that never closes.
    const openLine = recordLine + countLineBreaks(buf, recordStart, open);
    const swallowed = countLineBreaks(buf, open, buf.length);
    throw new PlanError('data', 'unterminated quoted field', [
      {
        severity: 'error',
        file: '',
        line: openLine,
        code: 'E_CSV_QUOTE',
        message: `unterminated quoted field opened here; ${swallowed} line${swallowed === 1 ? '' : 's'} swallowed to the end of the file`,
      },
    ]);
  }

  private runaway(): never {
    throw new PlanError('data', 'record too long', [
      {
        severity: 'error',
        file: '',
        line: this.lineNo,
        code: 'E_CSV_TOO_LONG',
        message: `record longer than ${this.maxRecordBytes.toLocaleString('en')} bytes (an unterminated quote?)`,
      },
    ]);
  }
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Physical line breaks in buf[from, to): LF, CRLF and bare CR each count once. */
export function countLineBreaks(buf: Uint8Array, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const c = buf[k];
    if (c === LF) count++;
    else if (c === CR && buf[k + 1] !== LF) count++;
  }
  return count;
}

/**
 * Where a record probably starts after byte `from` of a range: just after the
 * first line break at or after `from` (a CRLF taken whole). Only a guess when
 * quoted fields hold line breaks: the scanner of the range before confirms it
 * (`stoppedAt` equals the guess) or the caller re-scans from `stoppedAt`.
 * Returns bytes.length when there is no line break.
 */
export function resyncCandidate(bytes: Uint8Array, from: number): number {
  for (let k = from; k < bytes.length; k++) {
    const c = bytes[k];
    if (c === LF) return k + 1;
    if (c === CR) return bytes[k + 1] === LF ? k + 2 : k + 1;
  }
  return bytes.length;
}
