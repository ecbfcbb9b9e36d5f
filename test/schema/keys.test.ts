import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyTable } from '../../src/schema/keys.js';

describe('KeyTable', () => {
  it('interns keys to dense indices in first-seen order, as a Map of strings would', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 3000 }), (keys) => {
        const table = new KeyTable();
        const reference = new Map<string, number>();
        for (const key of keys) {
          const i = table.internText(key);
          expect(table.added).toBe(!reference.has(key));
          if (!reference.has(key)) reference.set(key, reference.size);
          expect(i).toBe(reference.get(key));
        }
        expect(table.size).toBe(reference.size);
        for (const [key, i] of reference) {
          expect(table.findText(key)).toBe(i);
          expect(table.key(i)).toBe(key);
        }
        expect(table.findText('not one of them: too long')).toBe(-1);
      }),
      { numRuns: 100 },
    );
  });

  it('internAll gives batches of keys the indices one intern after another gives them, across growth', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'ü', '\0'), maxLength: 12 }), { maxLength: 3000 }),
        fc.array(fc.nat({ max: 700 }), { maxLength: 12 }),
        (keys, sizes) => {
          const one = new KeyTable();
          const batched = new KeyTable();
          // All keys in one buffer, separated by a byte no key has; batches of the drawn sizes, then the rest.
          const bytes = Buffer.from(keys.map((k) => `${k},`).join(''));
          const spans = new Int32Array(2 * keys.length);
          let at = 0;
          keys.forEach((k, j) => {
            const n = Buffer.byteLength(k);
            spans[2 * j] = at;
            spans[2 * j + 1] = n;
            at += n + 1;
          });
          const expected = keys.map((k) => one.internText(k));
          const got = new Int32Array(keys.length);
          let from = 0;
          for (const size of [...sizes, keys.length]) {
            const count = Math.min(size, keys.length - from);
            batched.internAll(bytes, spans.subarray(2 * from, 2 * (from + count)), count, got.subarray(from, from + count));
            from += count;
          }
          expect([...got]).toEqual(expected);
          expect(batched.size).toBe(one.size);
          const handed = batched.handOver();
          expect(handed.size).toBe(one.size);
          for (let i = 0; i < batched.size; i++) {
            const start = handed.spans[2 * i] as number;
            expect(Buffer.from(handed.bytes.subarray(start, start + (handed.spans[2 * i + 1] as number))).toString()).toBe(one.key(i));
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('findMany finds a batch of keys as one find after another does (-1 for a key not in the table)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'ü', '\0'), maxLength: 12 }), { maxLength: 2000 }),
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'ü'), maxLength: 12 }), { maxLength: 600 }),
        (stored, wanted) => {
          const table = new KeyTable();
          for (const k of stored) table.internText(k);
          const bytes = Buffer.from(wanted.map((k) => `${k},`).join(''));
          const spans = new Int32Array(2 * wanted.length);
          let at = 0;
          wanted.forEach((k, j) => {
            spans[2 * j] = at;
            spans[2 * j + 1] = Buffer.byteLength(k);
            at += Buffer.byteLength(k) + 1;
          });
          const got = new Int32Array(wanted.length);
          table.findMany(bytes, spans, wanted.length, got);
          // The reference: the position of each key's first occurrence among the stored keys.
          expect([...got]).toEqual(wanted.map((k) => [...new Set(stored)].indexOf(k)));
          expect(table.size).toBe(new Set(stored).size);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('looks keys up by bytes inside a larger buffer, and says whether an index is a given key', () => {
    const table = new KeyTable();
    const bytes = Buffer.from('x,C1,Grüße,C1');
    expect(table.intern(bytes, 2, 4)).toBe(0);
    expect(table.intern(bytes, 5, 12)).toBe(1);
    expect(table.intern(bytes, 13, 15)).toBe(0);
    expect(table.added).toBe(false);
    expect(table.key(1)).toBe('Grüße');
    expect(table.is(0, bytes, 13, 15)).toBe(true);
    expect(table.is(1, bytes, 13, 15)).toBe(false);
    expect(table.find(bytes, 0, 1)).toBe(-1);
  });

  it('sized for the keys expected, holds them without growing', () => {
    const table = new KeyTable(5000);
    const capacity = table.capacity;
    expect(capacity).toBeGreaterThanOrEqual(5000);
    for (let i = 0; i < 5000; i++) expect(table.internText(`id-${i}`)).toBe(i);
    expect(table.capacity).toBe(capacity);
    for (let i = 0; i < 5000; i++) expect(table.findText(`id-${i}`)).toBe(i);
    expect(table.findText('id-5000')).toBe(-1);
  });

  it('reserves room for the keys indexed by key, and still grows past it', () => {
    const table = new KeyTable();
    table.reserve(3000);
    expect(table.capacity).toBe(3000);
    table.reserve(10);
    expect(table.capacity).toBe(3000);
    for (let i = 0; i < 5000; i++) expect(table.internText(`id-${i}`)).toBe(i);
    expect(table.capacity).toBeGreaterThanOrEqual(5000);
    for (let i = 0; i < 5000; i++) expect(table.key(i)).toBe(`id-${i}`);
    expect(table.findText('id-4999')).toBe(4999);
    expect(table.findText('id-5000')).toBe(-1);
  });

  it('grows past its first capacity (a million ids)', () => {
    const table = new KeyTable();
    for (let i = 0; i < 100_000; i++) expect(table.internText(`C${i}`)).toBe(i);
    expect(table.capacity).toBeGreaterThanOrEqual(100_000);
    expect(table.findText('C99999')).toBe(99_999);
    expect(table.key(54_321)).toBe('C54321');
  });

  it('tells keys apart by every byte and by length: NUL bytes, keys of 0 to 24 bytes around the eight kept in a slot', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '\0', 'é', '界'), maxLength: 24 });
    fc.assert(
      fc.property(fc.array(text, { maxLength: 400 }), (keys) => {
        const table = new KeyTable();
        const reference = new Map<string, number>();
        for (const key of keys) {
          if (!reference.has(key)) reference.set(key, reference.size);
          expect(table.internText(key)).toBe(reference.get(key));
        }
        for (const [key, i] of reference) {
          expect(table.findText(key)).toBe(i);
          expect(table.findText(`${key}\0`)).toBe(reference.get(`${key}\0`) ?? -1);
          expect(table.key(i)).toBe(key);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps keys apart that share a hash (found by search among 200,000 keys of 8, 12 and 20 bytes)', () => {
    for (const length of [8, 12, 20]) {
      // Keys of one length sharing their first eight bytes but the shortest: a shared hash is all a slot can tell.
      const keys = Array.from({ length: 200_000 }, (_, i) =>
        length === 8 ? `k${String(i).padStart(7, '0')}` : `prefix::${String(i).padStart(length - 8, '0')}`,
      );
      const byHash = new Map<number, string>();
      const pairs: [string, string][] = [];
      for (const key of keys) {
        const bytes = Buffer.from(key);
        const h = KeyTable.hashOf(bytes, 0, bytes.length);
        const other = byHash.get(h);
        if (other === undefined) byHash.set(h, key);
        else pairs.push([other, key]);
      }
      expect(pairs.length).toBeGreaterThan(0);
      const table = new KeyTable();
      keys.forEach((key, i) => {
        if (table.internText(key) !== i) expect.fail(`${key} interned as ${table.findText(key)}, not ${i}`);
      });
      const index = new Map(keys.map((key, i) => [key, i]));
      for (const [a, b] of pairs) {
        expect(table.findText(a)).toBe(index.get(a));
        expect(table.findText(b)).toBe(index.get(b));
        expect(table.key(table.findText(b))).toBe(b);
      }
    }
  });

  it('hands over its slots: each key in one of them, as its index + 1 (0: an empty slot)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ maxLength: 12 }), { maxLength: 3000 }), (keys) => {
        const table = new KeyTable();
        for (const key of keys) table.internText(key);
        const { size, slots } = table.handOver();
        expect(size).toBe(keys.length);
        const held = slots.filter((_, at) => at % 4 === 0 && slots[at] !== 0);
        expect([...held].sort((a, b) => a - b)).toEqual(keys.map((_, i) => i + 1));
      }),
      { numRuns: 100 },
    );
  });

  it("findAll finds another table's keys (its handOver) here: their indices here, or -1 (keys of 0 to 24 bytes)", () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '\0', 'é', '界'), maxLength: 24 });
    fc.assert(
      fc.property(fc.array(text, { maxLength: 600 }), fc.array(text, { maxLength: 600 }), (here, there) => {
        const table = new KeyTable();
        const other = new KeyTable();
        for (const key of here) table.internText(key);
        for (const key of there) other.internText(key);
        const out = new Int32Array(other.size).fill(-2);
        table.findAll(other.handOver(), out);
        expect([...out]).toEqual(Array.from({ length: other.size }, (_, j) => table.findText(other.key(j))));
        expect(table.size).toBe(new Set(here).size);
      }),
      { numRuns: 200 },
    );
  });

  it('findAll tells apart keys that share a hash and their first eight bytes, by the rest of their bytes', () => {
    // Keys of 12 and 20 bytes that share their first eight (one past the length tag): pairs sharing a hash, by search.
    for (const length of [12, 20]) {
      const byHash = new Map<number, string>();
      let pair: [string, string] | undefined;
      for (let i = 0; !pair; i++) {
        const key = `prefix::${String(i).padStart(length - 8, '0')}`;
        const bytes = Buffer.from(key);
        const h = KeyTable.hashOf(bytes, 0, bytes.length);
        const before = byHash.get(h);
        if (before === undefined) byHash.set(h, key);
        else pair = [before, key];
      }
      const [a, b] = pair;
      const table = new KeyTable();
      table.internText('x');
      table.internText(a);
      const other = new KeyTable();
      other.internText(b);
      other.internText(a);
      const out = new Int32Array(2);
      table.findAll(other.handOver(), out);
      expect([...out]).toEqual([-1, 1]);
    }
  });
});
