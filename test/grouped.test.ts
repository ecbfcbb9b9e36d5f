import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grouped } from '../src/errors.js';

describe('grouped (counts in messages)', () => {
  it('by hand', () => {
    expect([0, 7, 999, 1000, 65536, 1234567, -1234567].map(grouped)).toEqual([
      '0',
      '7',
      '999',
      '1,000',
      '65,536',
      '1,234,567',
      '-1,234,567',
    ]);
    expect(grouped(12345678901234567890n)).toBe('12,345,678,901,234,567,890');
  });
  it("as toLocaleString('en') gives any number (but -0: a count of none is 0)", () => {
    expect(grouped(-0)).toBe('0');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
          fc.double({ noNaN: true }).filter((n) => !Object.is(n, -0)),
        ),
        (n) => {
          expect(grouped(n)).toBe(n.toLocaleString('en'));
        },
      ),
    );
  });
});
