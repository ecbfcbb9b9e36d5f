/**
 * io/table.ts's UniqueKeys (the readers' check that ids are unique, with the
 * line each was first seen on) against a Map of strings: keys in increasing
 * byte order are kept without a table until the first one out of order, from
 * which on every key is interned; the answers must not depend on when that
 * happens, nor on whether keys come as text or as bytes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UniqueKeys } from '../../src/io/table.js';

/** What UniqueKeys answers for each key in turn, by a Map: the first line of a repeated key, else undefined. */
function byMap(keys: string[]): (number | undefined)[] {
  const first = new Map<string, number>();
  return keys.map((key, i) => {
    const line = first.get(key);
    if (line === undefined) first.set(key, i + 2);
    return line;
  });
}

function byUniqueKeys(keys: string[], asBytes: boolean[], expected: number): (number | undefined)[] {
  const unique = new UniqueKeys(expected);
  return keys.map((key, i) => {
    if (!asBytes[i % asBytes.length]) return unique.add(key, i + 2);
    // The key inside other bytes, as the byte path hands it on.
    const bytes = Buffer.from(`,${key},`);
    return unique.addBytes(bytes, 1, bytes.length - 1, i + 2);
  });
}

describe('UniqueKeys: duplicate ids and the line each was first seen on', () => {
  const key = fc.string({ unit: fc.constantFrom('C', '1', '0', '9', 'Ç', 'D', 'é', '語', ' '), maxLength: 4 });

  it('answers as a Map does, keys sorted for a while then in any order, as text or bytes', () => {
    fc.assert(
      fc.property(
        fc.array(key, { maxLength: 60 }),
        fc.array(key, { maxLength: 60 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(0, 3, 1000),
        (head, tail, asBytes, expected) => {
          // A run in increasing byte order (no repeats), then anything (repeats of the run's keys too).
          const run = [...new Set(head)].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
          const keys = [...run, ...tail, ...run.slice(0, 3)];
          expect(byUniqueKeys(keys, asBytes, expected)).toStrictEqual(byMap(keys));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a key equal to the one before, a prefix of it, or smaller only in a later byte is out of order', () => {
    const keys = ['C1', 'C10', 'C10', 'C1', 'C2', 'C11', 'C2', 'Ç1', 'D', 'Ç1'];
    expect(byUniqueKeys(keys, [true], 0)).toStrictEqual([undefined, undefined, 3, 2, undefined, undefined, 6, undefined, undefined, 9]);
  });

  it('a million ids in order, then one repeated: its first line', () => {
    const unique = new UniqueKeys();
    const bytes = Buffer.alloc(8);
    let repeats = 0;
    for (let i = 0; i < 1_000_000; i++) {
      bytes.write(`C${String(i).padStart(7, '0')}`, 0);
      if (unique.addBytes(bytes, 0, 8, i + 2) !== undefined) repeats++;
    }
    expect(repeats).toBe(0);
    expect(unique.add('C0999999', 1_000_002)).toBe(1_000_001);
    expect(unique.add('C0000000', 1_000_003)).toBe(2);
    expect(unique.add('C1000000', 1_000_004)).toBeUndefined();
  });
});
