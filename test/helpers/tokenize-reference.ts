/**
 * A reference for test/io/scan.test.ts only: the string tokenizer the readers
 * used before the byte scanner (src/io/scan.ts) replaced it, written
 * independently of it. The differential test holds the byte scanner to it
 * (records, lines, stray and bad quotes, errors) on messy generated text.
 */
import { PlanError, type Problem } from '../../src/errors.js';
import { unterminatedQuote } from '../../src/io/scan.js';

export interface RawRecord {
  fields: string[];
  /** Physical line (1-based) where the record starts. */
  line: number;
  /** Indices of unquoted fields that contain a quote character (case 24). */
  strayQuotes?: number[];
}

export interface TokenizeOptions {
  delimiter: string;
  quote?: string;
  /** Longest record in characters before we assume a runaway quote (case 39). */
  maxRecordChars?: number;
}

export interface TokenizeSink {
  problem(problem: Omit<Problem, 'file'>): void;
}

const LF = 10;
const CR = 13;
const MAX_RECORD_CHARS = 1 << 20;

/** Synchronous form for small texts and tests. */
export function tokenizeText(text: string, options: TokenizeOptions, sink: TokenizeSink): RawRecord[] {
  return new StringTokenizer(options, sink).push(text, true);
}

export class StringTokenizer {
  private pending = '';
  private line = 1;
  private readonly delim: number;
  private readonly quote: number;
  private readonly quoteChar: string;
  private readonly maxRecordChars: number;
  /** Set when the text ended without a final newline (case 18). */
  endedWithoutNewline = false;
  /** Fields (by index) nobody reads: left as '' instead of copied out, to spare allocations on big files. */
  skip: Uint8Array | undefined;

  constructor(
    options: TokenizeOptions,
    private readonly sink: TokenizeSink,
  ) {
    if (options.delimiter.length !== 1) throw new PlanError('usage', `the delimiter must be one character, not "${options.delimiter}"`);
    this.delim = options.delimiter.charCodeAt(0);
    this.quoteChar = options.quote ?? '"';
    this.quote = this.quoteChar.charCodeAt(0);
    this.maxRecordChars = options.maxRecordChars ?? MAX_RECORD_CHARS;
  }

  push(chunk: string, final: boolean): RawRecord[] {
    let text = this.pending.length > 0 ? this.pending + chunk : chunk;
    if (text.includes('\0')) text = this.stripNuls(text);
    const records: RawRecord[] = [];
    const n = text.length;
    const D = this.delim;
    const Q = this.quote;
    let i = 0;
    let line = this.line;
    // Positions of the next quote and CR, found lazily: most lines have neither.
    let nextQuote = -1;
    let nextCR = -1;
    const delimiter = String.fromCharCode(D);
    record: while (i < n) {
      const recordStart = i;
      const recordLine = line;
      // Fast path: a complete line without quotes or bare CRs splits natively.
      if (nextQuote < i) nextQuote = indexOrEnd(text, this.quoteChar, i);
      if (nextCR < i) nextCR = indexOrEnd(text, '\r', i);
      const nl = text.indexOf('\n', i);
      if (nl > i && nextQuote > nl && nextCR >= nl - 1) {
        const end = nextCR === nl - 1 ? nl - 1 : nl;
        if (end > i) {
          records.push({ fields: text.slice(i, end).split(delimiter), line: recordLine });
          line++;
          i = nl + 1;
          continue;
        }
      }
      let c = text.charCodeAt(i);
      if (c === LF || c === CR) {
        if (c === CR && i + 1 === n && !final) break;
        i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
        records.push({ fields: [], line: recordLine });
        line++;
        continue;
      }
      const fields: string[] = [];
      let stray: number[] | undefined;
      for (;;) {
        if (i < n && text.charCodeAt(i) === Q) {
          const open = i;
          let value = '';
          let from = i + 1;
          let j = from;
          for (;;) {
            const q = text.indexOf(this.quoteChar, j);
            if (q === -1 || (q + 1 === n && !final)) {
              if (!final) {
                if (n - recordStart > this.maxRecordChars) this.runaway(recordLine);
                i = recordStart;
                line = recordLine;
                break record;
              }
              this.unterminated(recordLine, text, recordStart, open);
            }
            if (text.charCodeAt(q + 1) === Q) {
              value += text.slice(from, q + 1);
              j = q + 2;
              from = j;
              continue;
            }
            value += text.slice(from, q);
            line += countLines(text, open, q);
            i = q + 1;
            break;
          }
          fields.push(value);
          c = i < n ? text.charCodeAt(i) : -1;
          if (c === D) {
            i++;
            continue;
          }
          if (c === LF || c === CR || c === -1) break;
          // Something other than a delimiter after a closing quote (cases 23, 25).
          this.badClosingQuote(text, i, recordLine, line, fields.length);
          i = skipToLineEnd(text, i);
          if (i === n && !final) {
            i = recordStart;
            line = recordLine;
            break record;
          }
          i += text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? 2 : i < n ? 1 : 0;
          line++;
          continue record;
        }
        let j = i;
        while (j < n) {
          c = text.charCodeAt(j);
          if (c === D || c === LF || c === CR) break;
          j++;
        }
        if (j === n && !final) {
          if (n - recordStart > this.maxRecordChars) this.runaway(recordLine);
          i = recordStart;
          line = recordLine;
          break record;
        }
        const skip = this.skip;
        const value = skip !== undefined && skip[fields.length] === 1 ? '' : text.slice(i, j);
        if (value.includes(this.quoteChar)) {
          stray ??= [];
          stray.push(fields.length);
        }
        fields.push(value);
        i = j;
        if (j < n && c === D) {
          i++;
          continue;
        }
        break;
      }
      // End of record: LF, CRLF, bare CR, or end of text.
      if (i < n) {
        c = text.charCodeAt(i);
        if (c === CR && i + 1 === n && !final) {
          i = recordStart;
          line = recordLine;
          break;
        }
        i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
        line++;
      } else {
        this.endedWithoutNewline = true;
      }
      records.push(stray ? { fields, line: recordLine, strayQuotes: stray } : { fields, line: recordLine });
    }
    this.pending = i < n ? text.slice(i) : '';
    this.line = line;
    return records;
  }

  private stripNuls(text: string): string {
    let line = this.line;
    let from = 0;
    let at = text.indexOf('\0');
    while (at !== -1) {
      line += countLines(text, from, at);
      // One warning per run: NUL padding is thousands of them in a row.
      let end = at + 1;
      while (text.charCodeAt(end) === 0) end++;
      from = end;
      this.sink.problem({
        severity: 'warning',
        line,
        code: 'W_NUL',
        message: `${end - at === 1 ? 'NUL byte' : `${(end - at).toLocaleString('en')} NUL bytes`} removed (a truncated or padded file?)`,
      });
      at = text.indexOf('\0', end);
    }
    return text.replaceAll('\0', '');
  }

  private unterminated(recordLine: number, text: string, recordStart: number, open: number): never {
    // The record may span lines (quoted line breaks, bare CRs) before the quote that never closes.
    throw unterminatedQuote(recordLine + countLines(text, recordStart, open), countLines(text, open, text.length));
  }

  private runaway(recordLine: number): never {
    throw new PlanError('data', 'record too long', [
      {
        severity: 'error',
        file: '',
        line: recordLine,
        code: 'E_CSV_TOO_LONG',
        message: `record longer than ${this.maxRecordChars.toLocaleString('en')} characters (an unterminated quote?)`,
      },
    ]);
  }

  private badClosingQuote(text: string, at: number, first: number, line: number, field: number): void {
    const backslash = text.charCodeAt(at - 2) === 92;
    const hint = backslash
      ? '; the file seems to escape quotes with a backslash: re-export it with doubled quotes ("")'
      : '; a quote inside a quoted field must be doubled ("")';
    this.sink.problem({
      severity: 'error',
      line,
      record: undefined,
      column: field,
      code: 'E_CSV_QUOTE',
      message: `unexpected character after a closing quote${hint}; record skipped${first < line ? ` (lines ${first}-${line}: a quoted field opened on line ${first} runs to here)` : ''}`,
      // From the start of this line at most: the record before is not part of the problem.
      value: text.slice(Math.max(0, at - 20, text.lastIndexOf('\n', at - 1) + 1), at + 10).replace(/[\r\n]+/g, ' '),
    });
  }
}

function indexOrEnd(text: string, what: string, from: number): number {
  const at = text.indexOf(what, from);
  return at === -1 ? text.length : at;
}

/** Physical line breaks in text[from, to): LF, CRLF and bare CR each count once. */
export function countLines(text: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === LF) count++;
    else if (c === CR && text.charCodeAt(k + 1) !== LF) count++;
  }
  return count;
}

function skipToLineEnd(text: string, from: number): number {
  let k = from;
  while (k < text.length) {
    const c = text.charCodeAt(k);
    if (c === LF || c === CR) return k;
    k++;
  }
  return k;
}
