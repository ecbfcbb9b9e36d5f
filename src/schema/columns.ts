/**
 * Columnar storage for what a listing keeps of a million accounts: texts as
 * UTF-8 bytes in one growing buffer (`TextColumn`), repeated texts as codes
 * into a small table (`TextCodes`), and `Sequence`, a list whose elements are
 * built only when read (JSON writes one element at a time). No object and no
 * string per account is kept: a 1M-account listing holds its texts as bytes
 * and its figures in typed arrays (docs/DEVELOPING.md, "Listings").
 */
import { ownText } from './cells.js';
import { grown } from './keys.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Where a stored text's UTF-8 bytes are, `bytes[start, end)`: filled in place
 * by `span` (no object per cell) and read before the next. A renderer that
 * writes bytes (render/csv.ts) copies them without decoding the text.
 */
export interface ByteSpan {
  bytes: Uint8Array;
  start: number;
  end: number;
}

export function byteSpan(): ByteSpan {
  return { bytes: new Uint8Array(0), start: 0, end: 0 };
}

/** Texts read by position: as strings, or as the UTF-8 bytes they are kept as. */
export interface Texts {
  get(i: number): string;
  span(i: number, into: ByteSpan): void;
}

/** Bytes per block of a TextColumn (a longer text gets a block of its own size). */
const BLOCK = 1 << 20;
/** Where a text is: block * SPAN + offset in the block (exact in a double). */
const SPAN = 2 ** 32;

/**
 * Texts kept as UTF-8 bytes, read back by position. The bytes fill blocks of
 * 1 MiB that are never copied or grown (no doubling, no copy at the peak); a
 * text never spans two blocks.
 */
export class TextColumn implements Texts {
  length = 0;
  private blocks: Uint8Array[] = [new Uint8Array(BLOCK)];
  private used = 0;
  /** Where text i ends (block * SPAN + offset); it starts where text i-1 ends, or at its block's start. */
  private ends = new Float64Array(1 << 8);

  push(text: string): void {
    if (this.length === this.ends.length) this.ends = grown(this.ends, this.ends.length * 2);
    let block = this.blocks[this.blocks.length - 1] as Uint8Array;
    // At most 3 bytes per UTF-16 code unit.
    if (this.used + text.length * 3 > block.length) {
      const { read, written } = encoder.encodeInto(text, block.subarray(this.used));
      if (read === text.length) this.used += written;
      else {
        block = new Uint8Array(Math.max(BLOCK, text.length * 3));
        this.blocks.push(block);
        this.used = encoder.encodeInto(text, block).written;
      }
    } else this.used += encoder.encodeInto(text, block.subarray(this.used)).written;
    this.ends[this.length++] = (this.blocks.length - 1) * SPAN + this.used;
  }

  private startOf(i: number): number {
    const end = this.ends[i] as number;
    const before = i === 0 ? 0 : (this.ends[i - 1] as number);
    const block = Math.floor(end / SPAN);
    return Math.floor(before / SPAN) === block ? before : block * SPAN;
  }

  private bytesOf(i: number): Uint8Array {
    const start = this.startOf(i);
    const block = this.blocks[Math.floor(start / SPAN)] as Uint8Array;
    const from = start % SPAN;
    return block.subarray(from, from + ((this.ends[i] as number) - start));
  }

  get(i: number): string {
    const start = this.startOf(i);
    const end = this.ends[i] as number;
    return start === end ? '' : decoder.decode(this.bytesOf(i));
  }

  span(i: number, into: ByteSpan): void {
    const start = this.startOf(i);
    const from = start % SPAN;
    into.bytes = this.blocks[Math.floor(start / SPAN)] as Uint8Array;
    into.start = from;
    into.end = from + ((this.ends[i] as number) - start);
  }

  /** Texts i and j compared as JavaScript compares strings (UTF-16 code units), -1, 0 or 1. */
  compare(i: number, j: number): number {
    const a = this.bytesOf(i);
    const b = this.bytesOf(j);
    const n = Math.min(a.length, b.length);
    for (let k = 0; k < n; k++) {
      const x = a[k] as number;
      const y = b[k] as number;
      if (x !== y) {
        // ASCII agrees with code units; else compare the texts (UTF-8 byte order is code point order, not UTF-16's).
        if (x < 0x80 && y < 0x80) return x < y ? -1 : 1;
        const s = this.get(i);
        const t = this.get(j);
        return s < t ? -1 : s > t ? 1 : 0;
      }
    }
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
  }
}

/** Texts that repeat (industries, regions, owners): a code per position into a table of the distinct texts. */
export class TextCodes implements Texts {
  length = 0;
  /** The distinct texts, in the order they first came. */
  readonly texts: string[] = [];
  /** Their UTF-8 bytes, encoded when first asked for (`span`). */
  private bytes: Uint8Array[] = [];
  private codes = new Int32Array(1 << 8);
  private seen = new Map<string, number>();

  /** Appends `text` (a new text is kept as an owned copy: `ownText`). */
  push(text: string): void {
    if (this.length === this.codes.length) this.codes = grown(this.codes, this.codes.length * 2);
    this.codes[this.length++] = this.code(text);
  }

  get(i: number): string {
    return this.texts[this.codes[i] as number] as string;
  }

  span(i: number, into: ByteSpan): void {
    const c = this.codes[i] as number;
    let bytes = this.bytes[c];
    if (bytes === undefined) {
      bytes = encoder.encode(this.texts[c] as string);
      this.bytes[c] = bytes;
    }
    into.bytes = bytes;
    into.start = 0;
    into.end = bytes.length;
  }

  /** The code of a text (added when new). */
  code(text: string): number {
    let c = this.seen.get(text);
    if (c === undefined) {
      c = this.texts.length;
      const owned = ownText(text);
      this.texts.push(owned);
      this.seen.set(owned, c);
    }
    return c;
  }

  codeAt(i: number): number {
    return this.codes[i] as number;
  }
}

/** Small integers by position (codes, days), in a growing Int32Array. */
export class IntColumn {
  length = 0;
  private values = new Int32Array(1 << 8);

  push(value: number): void {
    if (this.length === this.values.length) this.values = grown(this.values, this.values.length * 2);
    this.values[this.length++] = value;
  }

  get(i: number): number {
    return this.values[i] as number;
  }

  set(i: number, value: number): void {
    this.values[i] = value;
  }

  /** The values pushed so far (a view, not a copy). */
  view(): Int32Array {
    return this.values.subarray(0, this.length);
  }
}

/** Numbers by position (money units, counts; NaN for none), in a growing Float64Array. */
export class NumberColumn {
  length = 0;
  private values = new Float64Array(1 << 8);

  push(value: number): void {
    if (this.length === this.values.length) this.values = grown(this.values, this.values.length * 2);
    this.values[this.length++] = value;
  }

  /** The values pushed so far (a view, not a copy). */
  view(): Float64Array {
    return this.values.subarray(0, this.length);
  }
}

/** Passed-through columns of a file (`extra` of its rows), one TextColumn each, '' where a row has none. */
export class ExtraColumns {
  private columns = new Map<string, TextColumn>();

  /** The column names, in the order they came. */
  keys(): string[] {
    return [...this.columns.keys()];
  }

  /** Row `n` (the rows before it were added). */
  add(n: number, extra: Readonly<Record<string, string>> | undefined): void {
    if (extra)
      for (const key in extra) {
        let column = this.columns.get(key);
        if (!column) {
          column = new TextColumn();
          for (let i = 0; i < n; i++) column.push('');
          this.columns.set(key, column);
        }
        column.push(extra[key] as string);
      }
    for (const column of this.columns.values()) if (column.length === n) column.push('');
  }

  get(i: number, key: string): string {
    return this.columns.get(key)?.get(i) ?? '';
  }

  /** The column of `key` (undefined when the file has none of that name). */
  column(key: string): TextColumn | undefined {
    return this.columns.get(key);
  }

  /** Row i's columns as an object (a row's `extra`). */
  object(i: number): Record<string, string> {
    const extra: Record<string, string> = {};
    for (const [key, column] of this.columns) extra[key] = column.get(i);
    return extra;
  }
}

const SEQUENCE = Symbol.for('plan.sequence');

/**
 * A list read by position whose elements are built when read. JSON writes it
 * as an array (render/json.ts streams a long one element by element); views
 * read its cells by position without building the elements.
 */
export abstract class Sequence<T> {
  readonly [SEQUENCE] = true;
  abstract readonly length: number;
  abstract at(k: number): T;

  *[Symbol.iterator](): Generator<T> {
    for (let k = 0; k < this.length; k++) yield this.at(k);
  }

  map<U>(f: (item: T, k: number) => U): U[] {
    const out: U[] = [];
    for (let k = 0; k < this.length; k++) out.push(f(this.at(k), k));
    return out;
  }

  /** Every element, built (small lists, tests; JSON.stringify). */
  toJSON(): T[] {
    return this.map((x) => x);
  }
}

/** The elements of `sequence` through `f`, each built when read. */
export function mapSequence<T, U>(sequence: Sequence<T>, f: (item: T) => U): Sequence<U> {
  return new (class extends Sequence<U> {
    readonly length = sequence.length;
    at(k: number): U {
      return f(sequence.at(k));
    }
  })();
}

export function isSequence(value: unknown): value is Sequence<unknown> {
  return typeof value === 'object' && value !== null && (value as { [SEQUENCE]?: unknown })[SEQUENCE] === true;
}
