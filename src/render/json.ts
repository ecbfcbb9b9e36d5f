/**
 * JSON of the full result: stable key order (as built), two-space indent,
 * newline at the end, `undefined` written as null, words (render/document.ts
 * `Words`: a "why" that holds figures) as the text the human views show.
 * Large arrays are written element by element, so a million-account listing
 * is never one string; the bytes are exactly those of JSON.stringify with
 * `jsonReplacer` (test/render/json.test.ts).
 */
import { isSequence } from '../schema/columns.js';
import { CHUNK_CHARS, type Document, type FormatOptions } from './document.js';
import { type NumberFormat, numberFormat } from './numbers.js';

/** Arrays longer than this are streamed element by element. */
const STREAM_ARRAYS = 256;

type Replacer = (key: string, value: unknown) => unknown;

/** JSON.stringify's replacer of every JSON output: undefined as null, words worded by the run's formatter. */
export function jsonReplacer(numbers: NumberFormat): Replacer {
  return (_key, value) => (value === undefined ? null : typeof value === 'function' ? value(numbers) : value);
}

export function renderJson(doc: Document, opts: Pick<FormatOptions, 'locale' | 'currency'>): Iterable<string> {
  return batched(jsonChunks(doc.data, numberFormat(opts.locale, opts.currency)));
}

export function* jsonChunks(value: unknown, numbers: NumberFormat, streamArrays = STREAM_ARRAYS): Generator<string> {
  yield* write(value, '', '', streamArrays, jsonReplacer(numbers));
  yield '\n';
}

function* write(input: unknown, key: string, indent: string, streamArrays: number, replacer: Replacer): Generator<string> {
  // A list built as it is read (schema/columns.ts): its elements, one at a time, as the array it stands for.
  if (isSequence(input) && input.length > streamArrays) {
    yield* elements(input.length, (i) => input.at(i), indent, streamArrays, replacer);
    return;
  }
  let value = input as { toJSON?: (key: string) => unknown } | unknown;
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: (key: string) => unknown }).toJSON(key);
  }
  value = replacer(key, value);
  const inner = `${indent}  `;
  if (Array.isArray(value) && value.length > streamArrays) {
    const array = value;
    yield* elements(array.length, (i) => array[i], indent, streamArrays, replacer);
    return;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && holdsLargeArray(value as object, streamArrays)) {
    const entries = Object.entries(value as object).filter(([, v]) => typeof v !== 'symbol');
    if (entries.length === 0) {
      yield '{}';
      return;
    }
    yield '{\n';
    for (let i = 0; i < entries.length; i++) {
      const [k, v] = entries[i] as [string, unknown];
      yield `${inner}${JSON.stringify(k)}: `;
      yield* write(v, k, inner, streamArrays, replacer);
      yield i < entries.length - 1 ? ',\n' : `\n${indent}}`;
    }
    return;
  }
  // Anything small: JSON.stringify itself, indented to where it stands (JSON strings hold no raw newline).
  const text = JSON.stringify(value, replacer, 2) ?? 'null';
  yield indent === '' ? text : text.replaceAll('\n', `\n${indent}`);
}

/** An array's elements, one at a time. */
function* elements(
  length: number,
  at: (i: number) => unknown,
  indent: string,
  streamArrays: number,
  replacer: Replacer,
): Generator<string> {
  const inner = `${indent}  `;
  yield '[\n';
  for (let i = 0; i < length; i++) {
    yield inner;
    yield* write(at(i), String(i), inner, streamArrays, replacer);
    yield i < length - 1 ? ',\n' : `\n${indent}]`;
  }
}

/** Whether an object (or a lazily given one) has a large array within its first two levels. */
function holdsLargeArray(value: object, streamArrays: number, depth = 0): boolean {
  for (const v of Object.values(value)) {
    if (Array.isArray(v) && v.length > streamArrays) return true;
    if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') return true;
    if (depth < 1 && v !== null && typeof v === 'object' && !Array.isArray(v) && holdsLargeArray(v, streamArrays, depth + 1)) return true;
  }
  return false;
}

function* batched(pieces: Iterable<string>): Generator<string> {
  let buffer: string[] = [];
  let size = 0;
  for (const piece of pieces) {
    buffer.push(piece);
    size += piece.length;
    if (size >= CHUNK_CHARS) {
      yield buffer.join('');
      buffer = [];
      size = 0;
    }
  }
  if (size > 0) yield buffer.join('');
}
