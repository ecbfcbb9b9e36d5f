import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHUNK_CHARS } from '../../src/render/document.js';
import { jsonChunks, renderJson } from '../../src/render/json.js';
import { type NumberFormat, numberFormat } from '../../src/render/numbers.js';
import { Sequence } from '../../src/schema/columns.js';

/** A list whose elements are built when read (as listings hand theirs over). */
class Built extends Sequence<unknown> {
  reads = 0;
  constructor(private readonly items: readonly unknown[]) {
    super();
  }
  get length() {
    return this.items.length;
  }
  at(k: number): unknown {
    this.reads++;
    return this.items[k];
  }
}

const numbers = numberFormat('en-GB', 'EUR');
// Words (a "why" with figures) are written as the text the formatter words.
const replacer = (_key: string, value: unknown) =>
  value === undefined ? null : typeof value === 'function' ? (value as (n: NumberFormat) => string)(numbers) : value;
const reference = (value: unknown) => `${JSON.stringify(value, replacer, 2)}\n`;

// JSON values plus `undefined` (written as null) and lazily given parts (toJSON, Sequence), as commands hand them over.
const value = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 2 }),
    fc.constant(undefined),
    tie('array'),
    tie('object'),
    tie('lazy'),
    tie('built'),
    tie('words'),
  ),
  array: fc.array(tie('any'), { maxLength: 12 }),
  object: fc.dictionary(fc.string({ maxLength: 6 }), tie('any'), { maxKeys: 6 }),
  lazy: tie('array').map((inner) => ({ toJSON: () => inner })),
  built: tie('array').map((inner) => new Built(inner as unknown[])),
  words: fc.double({ min: -1e9, max: 1e9, noNaN: true }).map((x) => (n: NumberFormat) => `averaging ${n.money(x)}`),
}));

describe('JSON renderer', () => {
  it('streams exactly the bytes of JSON.stringify, whatever is streamed and whatever is not', () => {
    fc.assert(
      fc.property(value.any, fc.integer({ min: 0, max: 4 }), (v, streamArrays) => {
        expect([...jsonChunks(v, numbers, streamArrays)].join('')).toBe(reference(v));
      }),
      { numRuns: 500 },
    );
  });

  it('writes a large listing in chunks, never as one string', () => {
    const accounts = Array.from({ length: 20_000 }, (_, i) => ({
      id: `C${i}`,
      name: `Name "${i}"\n`,
      headroom: i * 1.5,
      tier: i % 3 ? 'B' : null,
    }));
    const data = { totals: { accounts: accounts.length }, accounts: { toJSON: () => accounts } };
    const chunks = [
      ...renderJson({ title: '', figures: [], tables: [], charts: [], notes: [], data }, { locale: 'en-GB', currency: 'EUR' }),
    ];
    expect(chunks.length).toBeGreaterThan(10);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(CHUNK_CHARS + 1000);
    expect(chunks.join('')).toBe(reference(data));
  });

  it('writes a long Sequence element by element, each element built once', () => {
    const accounts = new Built(Array.from({ length: 1000 }, (_, i) => ({ id: `C${i}`, extra: { web: `w${i}` } })));
    const data = { accounts, n: 1 };
    const text = [
      ...renderJson({ title: '', figures: [], tables: [], charts: [], notes: [], data }, { locale: 'en-GB', currency: 'EUR' }),
    ].join('');
    expect(accounts.reads).toBe(1000);
    expect(text).toBe(reference({ accounts: accounts.toJSON(), n: 1 }));
  });
});
