import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  byteSpan,
  ExtraColumns,
  IntColumn,
  isSequence,
  mapSequence,
  Sequence,
  TextCodes,
  TextColumn,
  type Texts,
} from '../../src/schema/columns.js';

// Texts that cross every UTF-8 length and the code-unit / code-point order split (U+E000.. against astral characters).
const text = fc.string({
  unit: fc.constantFrom('a', 'b', 'Z', '0', ' ', ',', 'é', 'ß', '日', '\uE000', '\uFFFD', '😀', '𝄞'),
  maxLength: 12,
});

class Squares extends Sequence<number> {
  constructor(readonly length: number) {
    super();
  }
  at(k: number): number {
    return k * k;
  }
}

/** Each text's bytes as `span` points at them. */
function spans(texts: Texts, n: number): string[] {
  const span = byteSpan();
  return Array.from({ length: n }, (_, i) => {
    texts.span(i, span);
    return Buffer.from(span.bytes.subarray(span.start, span.end)).toString('hex');
  });
}
const utf8 = (t: string) => Buffer.from(t, 'utf8').toString('hex');

describe('TextColumn', () => {
  it("points at each text's UTF-8 bytes (across blocks, a text longer than a block whole)", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(text, fc.constantFrom('', 'é'.repeat(400_000), '\uD800x')), { maxLength: 40 }), (texts) => {
        const column = new TextColumn();
        const codes = new TextCodes();
        for (const t of texts) {
          column.push(t);
          codes.push(t);
        }
        expect(spans(column, texts.length)).toEqual(texts.map(utf8));
        expect(spans(codes, texts.length)).toEqual(texts.map(utf8));
      }),
      { numRuns: 60 },
    );
  });

  it('gives back every text as pushed, however many and however long', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(text, fc.string({ maxLength: 3000 })), { maxLength: 300 }), (texts) => {
        const column = new TextColumn();
        for (const t of texts) column.push(t);
        expect(column.length).toBe(texts.length);
        expect(texts.map((_, i) => column.get(i))).toEqual(texts);
      }),
    );
  });

  it('keeps texts across its 1 MiB blocks, and a text longer than a block whole', () => {
    const texts = ['a'.repeat(700_000), '日'.repeat(200_000), '', 'x', '😀'.repeat(300_000), 'é'.repeat(10), 'b'.repeat(1_100_000), 'c'];
    const column = new TextColumn();
    for (const t of texts) column.push(t);
    expect(texts.map((_, i) => column.get(i) === texts[i])).toEqual(texts.map(() => true));
    expect([column.compare(0, 6), column.compare(6, 0), column.compare(3, 7), column.compare(2, 2)]).toEqual([-1, 1, 1, 0]);
  });

  it('compares two texts as JavaScript compares strings (UTF-16 code units), not as their bytes', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const column = new TextColumn();
        column.push(a);
        column.push(b);
        const expected = a < b ? -1 : a > b ? 1 : 0;
        expect(column.compare(0, 1)).toBe(expected);
        expect(column.compare(1, 0)).toBe(b < a ? -1 : b > a ? 1 : 0);
      }),
      { numRuns: 3000 },
    );
    // The case where byte order and code-unit order disagree: U+FFFD sorts after a surrogate pair in JavaScript.
    const column = new TextColumn();
    column.push('\uFFFD');
    column.push('😀');
    expect(column.compare(0, 1)).toBe(1);
  });
});

describe('TextCodes, IntColumn, ExtraColumns', () => {
  it('TextCodes keeps one text per distinct value and gives each position its own back', () => {
    const codes = new TextCodes();
    const values = ['North', 'South', 'North', '', 'South', 'North'];
    for (const v of values) codes.push(v);
    expect(values.map((_, i) => codes.get(i))).toEqual(values);
    expect(codes.texts).toEqual(['North', 'South', '']);
    expect(values.map((_, i) => codes.codeAt(i))).toEqual([0, 1, 0, 2, 1, 0]);
  });

  it('IntColumn grows past its first capacity and keeps every value', () => {
    const column = new IntColumn();
    for (let i = 0; i < 5000; i++) column.push(i * 7 - 20_000);
    column.set(4999, -1);
    expect([column.length, column.get(0), column.get(1234), column.get(4999)]).toEqual([5000, -20_000, 1234 * 7 - 20_000, -1]);
  });

  it('ExtraColumns gives each row its columns, empty where a row lacked one', () => {
    const extra = new ExtraColumns();
    extra.add(0, { website: 'a.example' });
    extra.add(1, undefined);
    extra.add(2, { website: 'c.example', phone: '+49 1' });
    expect(extra.keys()).toEqual(['website', 'phone']);
    expect([0, 1, 2].map((i) => extra.object(i))).toEqual([
      { website: 'a.example', phone: '' },
      { website: '', phone: '' },
      { website: 'c.example', phone: '+49 1' },
    ]);
    expect(extra.get(2, 'phone')).toBe('+49 1');
    expect(extra.get(2, 'fax')).toBe('');
  });
});

describe('Sequence', () => {
  it('builds its elements when read, and is the array it stands for in JSON', () => {
    const squares = new Squares(4);
    expect(isSequence(squares)).toBe(true);
    expect(isSequence([0, 1, 4, 9])).toBe(false);
    expect([...squares]).toEqual([0, 1, 4, 9]);
    expect(squares.map((x, k) => x + k)).toEqual([0, 2, 6, 12]);
    expect(JSON.stringify({ squares })).toBe('{"squares":[0,1,4,9]}');
    expect(JSON.stringify(mapSequence(squares, (x) => ({ x })))).toBe('[{"x":0},{"x":1},{"x":4},{"x":9}]');
  });
});
