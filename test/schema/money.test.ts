import { describe, expect, it } from 'vitest';
import {
  centsOfUnits,
  centsText,
  ExactSum,
  MAX_MONEY_UNITS,
  moneyOf,
  roundUnits,
  unitsOfCents,
  unitsText,
} from '../../src/schema/money.js';

describe('money units (ten-thousandths) to printed money', () => {
  it.each([
    [1250, 0.13], // 0.125: half away from zero
    [-1250, -0.13],
    [1249, 0.12],
    [40, 0],
    [-49, 0], // never -0
    [12_345_000, 1234.5],
    [MAX_MONEY_UNITS, 900_000_000_000],
  ])('%d -> %d', (units, money) => {
    expect(Object.is(moneyOf(units), money)).toBe(true);
  });

  it('rounds BigInt sums exactly, where a float would not even hold the units', () => {
    // 2^60 = 1,152,921,504,606,846,976; + 74 units ends in ...7,050: 11,529,215,046,068,470.50 cents -> ...471 (half away).
    expect(centsText(2n ** 60n + 74n)).toBe('11529215046068471');
    expect(centsText(-(2n ** 60n) - 74n)).toBe('-11529215046068471');
    expect(Number(2n ** 60n + 74n)).toBe(2 ** 60); // floats are 256 apart there
  });

  it.each([
    // [units, decimals, text]: rounded once, half away from zero, from the exact integer.
    [12_345_000n, 2, '1234.50'],
    [1250n, 2, '0.13'],
    [-1250n, 2, '-0.13'],
    [-49n, 2, '0.00'],
    [250n, 4, '0.0250'],
    [12_345_000n, 0, '1235'],
    [12_344_999n, 0, '1234'],
    [7n, 3, '0.001'],
    [2n ** 60n + 74n, 2, '115292150460684.71'],
  ])('unitsText(%s, %d) = %s', (units, decimals, text) => {
    expect(unitsText(units, decimals)).toBe(text);
  });

  it('counts in 10^-decimals, and back from the cents of JSON', () => {
    expect(roundUnits(12_345_678n, 2)).toBe(123_457n);
    expect(roundUnits(-12_345_678n, 3)).toBe(-1_234_568n);
    expect(unitsOfCents('11529215046068471')).toBe(1_152_921_504_606_847_100n);
    expect(unitsOfCents('-5')).toBe(-500n);
  });

  it.each([
    // [units, cents]: half away from zero, worked out by hand; 2^52 - 50 = 4,503,599,627,370,446 units (...704.46 cents).
    [1250, 13],
    [-1250, -13],
    [1249, 12],
    [-49, 0], // never -0
    [49.6, 1], // a float sum: to a whole unit first, as roundUnits does (50 units = half a cent -> 1)
    [2 ** 52 - 50, 45_035_996_273_704],
    [2 ** 53 - 1, 90_071_992_547_410], // past 2^52: the BigInt path
    [-(2 ** 53 - 1), -90_071_992_547_410],
  ])('centsOfUnits(%d) = %d, as roundUnits(_, 2) says', (units, cents) => {
    expect(Object.is(centsOfUnits(units), cents)).toBe(true);
    expect(centsOfUnits(units)).toBe(Number(roundUnits(units, 2)));
  });

  it('centsOfUnits agrees with roundUnits near every multiple of 50 units', () => {
    for (const base of [0, 1e6, 2 ** 40, 2 ** 51, 2 ** 52 - 200]) {
      for (let d = -150; d <= 150; d++) {
        for (const u of [base + d, -(base + d)]) expect(centsOfUnits(u)).toBe(Number(roundUnits(u, 2)));
      }
    }
  });

  it('ExactSum moves to BigInt past 2^50', () => {
    const sum = new ExactSum();
    for (let i = 0; i < 4; i++) sum.add(2 ** 52 + 1);
    sum.add(3n);
    expect(sum.value()).toBe(4n * (2n ** 52n + 1n) + 3n);
  });
});
