/**
 * The byte-level CSV scanner: bytes in, records of field byte ranges out.
 *
 * One pass over the bytes finds every record (its physical line number) and
 * every field (start and end offsets, whether it was quoted, whether it holds
 * doubled quotes, whether a quote stands inside an unquoted field), in typed
 * arrays reused from batch to batch: no string is made for a field until a
 * caller decodes one, and callers decode only the columns they project.
 *
 * It is the one CSV scanner of plan (io/records.ts gives its records as
 * strings to the general reader, io/fast-read.ts reads orders and contacts from its byte
 * ranges). test/io/scan.test.ts holds it to csv-parse on generated CSV with
 * random chunk boundaries and on the csv-spectrum suite, and to the string
 * tokenizer it replaced (test/helpers/tokenize-reference.ts): records end at LF, CRLF or a bare CR; a line
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
import { structuralIndex } from './structural.js';

const LF = 10;
const CR = 13;

/** Field flags. */
export const QUOTED = 1;
/** A quoted field with doubled quotes inside: decode with `fieldText` (it undoubles them). */
export const ESCAPED = 2;
/** An unquoted field with a quote character in it (kept as text; BAD_INPUTS case 24). */
export const STRAY_QUOTE = 4;
/** An unquoted field with a byte above 0x7F (not ASCII: decode as UTF-8). Quoted fields are not marked. */
export const NON_ASCII = 8;
/**
 * An unquoted field with a control character (below 0x20, DEL) or a plus
 * sign in it: bytes a key cell may not hold as it is (io/fast-read.ts
 * `plainKey`), known here without a second look at the field's bytes.
 * Quoted fields are not marked.
 */
export const CONTROL = 16;

export interface ScanOptions {
  /** Delimiter byte (default `,`). */
  delimiter?: number;
  /** Quote byte (default `"`). */
  quote?: number;
  /** Longest record in characters (UTF-8) before the scanner assumes a runaway quote (default 1 MiB). */
  maxRecordChars?: number;
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
  /** Absolute offset (in the whole input) of bytes[0]. */
  base = 0;
  count = 0;
  fieldCount = 0;
  firstField: Int32Array = new Int32Array(1 << 12);
  line: Int32Array = new Int32Array(1 << 12);
  start: Int32Array = new Int32Array(1 << 14);
  end: Int32Array = new Int32Array(1 << 14);
  flags: Uint8Array = new Uint8Array(1 << 14);
  badQuotes: BadQuote[] = [];
  /** Fields flagged STRAY_QUOTE in the batch (0: no field needs looking at for it). */
  strayQuotes = 0;

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

/** Buffer's own decoder without toString's argument checks (bytes[start, end) are in bounds). */
type Slicing = Buffer & { utf8Slice(start: number, end: number): string };

/** bytes[start, end) (in bounds) decoded as UTF-8. */
export function utf8(bytes: Buffer, start: number, end: number): string {
  return (bytes as Slicing).utf8Slice(start, end);
}

/** The text of a field, UTF-8 decoded, doubled quotes undoubled. */
export function fieldText(batch: RecordBatch, f: number, quote = '"'): string {
  const text = utf8(batch.bytes, batch.start[f] as number, batch.end[f] as number);
  return (batch.flags[f] as number) & ESCAPED ? text.replaceAll(quote + quote, quote) : text;
}

export class ByteScanner {
  private readonly D: number;
  private readonly Q: number;
  private readonly maxRecordChars: number;
  private limit: number;
  private tail: Buffer | undefined;
  /** Absolute offset of the next byte to be pushed. */
  private offset: number;
  private lineNo: number;
  private started = false;
  private readonly batch = new RecordBatch();
  /** Byte classes for unquoted fields: 1 delimiter, CR, LF; 2 the quote; 3 a byte above 0x7F; 4 a control character or `+`. */
  private readonly special = new Uint8Array(256);
  /** The text ended without a final line break (BAD_INPUTS case 18). */
  endedWithoutNewline = false;
  /** With `limit`: the absolute offset of the first record at or after the limit (or the end); -1 until reached. */
  stoppedAt = -1;
  /** Records scanned so far (all pushes). */
  records = 0;

  constructor(options: ScanOptions = {}) {
    this.D = options.delimiter ?? 44;
    this.Q = options.quote ?? 34;
    this.maxRecordChars = options.maxRecordChars ?? 1 << 20;
    this.limit = options.limit ?? Number.POSITIVE_INFINITY;
    this.offset = options.offset ?? 0;
    this.lineNo = options.line ?? 1;
    if (this.offset > 0) this.started = true;
    for (let b = 0x80; b < 256; b++) this.special[b] = 3;
    for (let b = 0; b < 0x20; b++) this.special[b] = 4;
    this.special[0x7f] = 4;
    this.special[0x2b] = 4;
    for (const b of [this.D, LF, CR]) this.special[b] = 1;
    this.special[this.Q] = 2;
  }

  /** Sets `limit` before the bytes at it are pushed (a file split once its first records are read). */
  stopAt(limit: number): void {
    this.limit = limit;
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
   * `headroom`: bytes just before `chunk` in its buffer that the scanner may
   * overwrite (a reader's spare room): a record cut by the previous chunk is
   * finished there instead of in a new buffer of both (no fresh 4 MB per
   * chunk: ~12k of the ~200k page faults of plan cost on the 5M-line bench
   * file).
   */
  push(chunk: Uint8Array, final: boolean, headroom = 0): RecordBatch {
    const batch = this.batch;
    batch.count = 0;
    batch.fieldCount = 0;
    batch.badQuotes = [];
    batch.strayQuotes = 0;
    if (this.done) {
      batch.bytes = Buffer.alloc(0);
      batch.firstField[0] = 0;
      return batch;
    }
    const chunkBuffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let buf: Buffer;
    let base: number;
    const tail = this.tail;
    if (tail !== undefined && tail.length > 0) {
      if (tail.length <= headroom) {
        buf = Buffer.from(chunkBuffer.buffer, chunkBuffer.byteOffset - tail.length, tail.length + chunkBuffer.length);
        buf.set(tail, 0);
      } else buf = Buffer.concat([tail, chunkBuffer]);
      base = this.offset - tail.length;
    } else {
      buf = chunkBuffer;
      base = this.offset;
    }
    this.offset += chunk.length;
    batch.bytes = buf;
    batch.base = base;
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
      // Characters, not bytes, as the message says: counted only once the bytes exceed the limit.
      if (buf.length - end > this.maxRecordChars && utf8Length(buf, end) > this.maxRecordChars) this.runaway();
      this.tail = Buffer.from(buf.subarray(end));
    } else this.tail = undefined;
    return batch;
  }

  /** Scans buf from i; returns where the first unfinished record starts (buf.length when none). */
  private scan(buf: Buffer, from: number, base: number, final: boolean): number {
    const n = buf.length;
    const b = this.batch;
    const limit = this.limit - base;
    let i = from;
    let r = 0;
    this.fieldAt = 0;
    this.at = structuralIndex(buf, from, n, this.D, this.Q);
    this.k = 0;
    while (i < n) {
      if (i >= limit) {
        this.stoppedAt = base + i;
        break;
      }
      if (r + 2 >= b.firstField.length) {
        b.firstField = grow(b.firstField);
        b.line = grow(b.line);
      }
      b.firstField[r] = this.fieldAt;
      b.line[r] = this.lineNo;
      const next = this.record(buf, i, n, final, r);
      if (next < 0) break;
      i = next;
      r++;
    }
    if (final && i >= n && this.stoppedAt < 0) this.stoppedAt = base + n;
    b.firstField[r] = this.fieldAt;
    b.count = r;
    b.fieldCount = this.fieldAt;
    this.records += r;
    return i;
  }

  /** Next field index in the batch (the record being scanned writes from here). */
  private fieldAt = 0;
  /** The structural index of the bytes being scanned (io/structural.ts), ending with their end. */
  private at: Int32Array = new Int32Array(1);
  /** Where in `at` the first structural byte at or after the record being scanned is. */
  private k = 0;

  /**
   * Scans the record starting at p into the batch (fields from `fieldAt`) and
   * returns the offset after its line end, or -1 when the bytes end inside it
   * and more may follow (nothing of it is kept then). It visits only the
   * bytes of the structural index (`at`, from `k`): the fields' other bytes
   * are none of the delimiter, the quote, CR, LF, a control character, `+`
   * or a non-ASCII byte.
   */
  private record(buf: Buffer, p: number, n: number, final: boolean, r: number): number {
    const D = this.D;
    const Q = this.Q;
    const special = this.special;
    const at = this.at;
    const b = this.batch;
    const recordStart = p;
    let k = this.k;
    let line = this.lineNo;
    let f = this.fieldAt;
    /** Offset of a character after a closing quote (the record is bad), or -1. */
    let bad = -1;
    let c = buf[p] as number;
    if (c === LF || c === CR) {
      if (c === CR && p + 1 === n && !final) return -1;
      this.lineNo = line + 1;
      p += c === CR && buf[p + 1] === LF ? 2 : 1;
      while ((at[k] as number) < p) k++;
      this.k = k;
      return p;
    }
    for (;;) {
      if (f + 1 >= b.start.length) {
        b.start = grow(b.start);
        b.end = grow(b.end);
        const flags = new Uint8Array(b.flags.length * 2);
        flags.set(b.flags);
        b.flags = flags;
      }
      if (p < n && buf[p] === Q) {
        const open = p;
        let flag = QUOTED;
        let q = -1;
        let breaks = 0;
        // The closing quote: the structural bytes after the opening one, counting line breaks on the way (LF, CRLF and a
        // bare CR each once), stepping over doubled quotes; delimiters and the rest inside the quotes are text.
        k++;
        for (;;) {
          const s = at[k] as number;
          if (s === n) break;
          k++;
          const cs = buf[s] as number;
          if (cs === Q) {
            if (s + 1 === n && !final) return -1;
            if (buf[s + 1] === Q) {
              flag |= ESCAPED;
              k++;
              continue;
            }
            q = s;
            break;
          }
          if (cs === LF || (cs === CR && buf[s + 1] !== LF)) breaks++;
        }
        if (q === -1) {
          if (!final) return -1;
          this.unterminated(buf, this.lineNo, recordStart, open);
        }
        b.start[f] = open + 1;
        b.end[f] = q;
        b.flags[f] = flag;
        f++;
        line += breaks;
        p = q + 1;
        c = p < n ? (buf[p] as number) : -1;
        if (c === D) {
          p++;
          k++;
          continue;
        }
        if (c === LF || c === CR || c === -1) break;
        // Something other than a delimiter after a closing quote: the record ends with its line.
        const from = p;
        for (;;) {
          p = at[k] as number;
          if (p === n) break;
          c = buf[p] as number;
          if (c === LF || c === CR) break;
          k++;
        }
        if (p === n && !final) return -1;
        bad = from;
        break;
      }
      // An unquoted field ends at the next delimiter, CR or LF: 1 in `special`; on the way, 2 is a stray quote, 3 a
      // byte above 0x7F, 4 a control character or plus sign.
      let flag = 0;
      let j = at[k] as number;
      while (j < n) {
        const kind = special[buf[j] as number] as number;
        if (kind === 1) break;
        if (kind === 2) {
          if ((flag & STRAY_QUOTE) === 0) b.strayQuotes++;
          flag |= STRAY_QUOTE;
        } else if (kind === 3) flag |= NON_ASCII;
        else if (kind === 4) flag |= CONTROL;
        j = at[++k] as number;
      }
      if (j === n && !final) return -1;
      c = j < n ? (buf[j] as number) : -1;
      b.start[f] = p;
      b.end[f] = j;
      b.flags[f] = flag;
      f++;
      p = j;
      if (c === D) {
        p++;
        k++;
        continue;
      }
      break;
    }
    if (p < n) {
      c = buf[p] as number;
      if (c === CR && p + 1 === n && !final) return -1;
      if (bad >= 0) b.badQuotes.push({ record: r, line, at: bad });
      p += c === CR && buf[p + 1] === LF ? 2 : 1;
      line++;
      while ((at[k] as number) < p) k++;
    } else {
      if (bad >= 0) b.badQuotes.push({ record: r, line, at: bad });
      this.endedWithoutNewline = true;
    }
    this.k = k;
    this.fieldAt = f;
    this.lineNo = line;
    return p;
  }

  private unterminated(buf: Buffer, recordLine: number, recordStart: number, open: number): never {
    // The record may span lines (quoted line breaks, bare CRs) before the quote that never closes.
    throw unterminatedQuote(recordLine + countLineBreaks(buf, recordStart, open), countLineBreaks(buf, open, buf.length));
  }

  private runaway(): never {
    throw new PlanError('data', 'record too long', [
      {
        severity: 'error',
        file: '',
        line: this.lineNo,
        code: 'E_CSV_TOO_LONG',
        message: `record longer than ${this.maxRecordChars.toLocaleString('en')} characters (an unterminated quote?)`,
      },
    ]);
  }
}

/** The error for a quote that never closes: where it opened and how many lines it swallowed . */
export function unterminatedQuote(openLine: number, swallowed: number): PlanError {
  return new PlanError('data', 'unterminated quoted field', [
    {
      severity: 'error',
      file: '',
      line: openLine,
      code: 'E_CSV_QUOTE',
      message: `unterminated quoted field opened here; ${swallowed} line${swallowed === 1 ? '' : 's'} swallowed to the end of the file`,
    },
  ]);
}

/** Characters in buf[from, end) read as UTF-8 (continuation bytes do not count). */
function utf8Length(buf: Buffer, from: number): number {
  let n = 0;
  for (let k = from; k < buf.length; k++) if (((buf[k] as number) & 0xc0) !== 0x80) n++;
  return n;
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
