/** The one number formatter: expected texts written by hand from the rules in src/render/numbers.ts. */
import { describe, expect, it } from 'vitest';
import { formatCell } from '../../src/render/format.js';
import { numberFormat } from '../../src/render/numbers.js';
import { currencyCode, supportedLocale } from '../../src/schema/config.js';

const NBSP = '\u00a0';

describe('numberFormat', () => {
  const gb = numberFormat('en-GB', 'EUR');
  const de = numberFormat('de-DE', 'USD');

  it.each([
    [1234.5, undefined, '€1,234.50'], // to the cent, however large
    [12.5, undefined, '€12.50'],
    [12, undefined, '€12.00'], // a column of money lines up: every figure has its cents
    [12.004, undefined, '€12.00'],
    [-14151.2, undefined, '-€14,151.20'],
    [-0.004, undefined, '€0.00'], // never -€0.00
    [0.025, 4, '€0.025'], // unit costs keep up to 4 decimals
    [2.5, 4, '€2.50'],
    [250, 4, '€250.00'],
  ])('money %d (digits %s) in en-GB EUR: %s', (value, digits, text) => {
    expect(gb.money(value, digits)).toBe(text);
  });

  it('never writes the code glued to the figure (no "USD119.500.000")', () => {
    expect(de.money(119_500_000)).toBe(`119.500.000,00${NBSP}$`);
    expect(numberFormat('en-GB', 'USD').money(119_500_000)).toBe('$119,500,000.00');
    expect(numberFormat('en-GB', '£').money(5.5)).toBe('£5.50');
    // The yen has no minor unit.
    expect(numberFormat('ja-JP', 'JPY').money(1234.4)).toBe('￥1,234');
  });

  it.each([
    [15_456_754.87, '€15,457k'],
    [1_230_156.13, '€1,230k'],
    [1500, '€2k'], // 1.5 thousand: half away from zero
    [-1500, '-€2k'],
    [499.99, '€0k'],
    [-499.99, '€0k'], // never -€0k
    // Exact, from ten-thousandths: 499,999.9999 -> 500 thousand; 499,499.9999 -> 499; 499,500.0000 -> 500 (half away).
    [4_999_999_999n, '€500k'],
    [4_994_999_999n, '€499k'],
    [4_995_000_000n, '€500k'],
  ])('money in thousands %s in en-GB EUR: %s', (value, text) => {
    expect(gb.thousands(value)).toBe(text);
  });

  it('writes thousands in the locale, the k beside the figure', () => {
    expect(de.thousands(15_456_754.87)).toBe(`15.457k${NBSP}$`);
  });

  describe('exact money: a bigint is ten-thousandths (schema/money.ts), rounded once to the cent', () => {
    it.each([
      // 2^53 + 4,950 = 9,007,199,254,745,942 ten-thousandths = 900,719,925,474.5942: .59.
      [2n ** 53n + 4_950n, '€900,719,925,474.59'],
      // ...678,950 ten-thousandths = ...567.8950: the half cent goes away from zero, .90. As a float the
      // units would be 1.2345678901234568e20: no cents left, and the last units wrong.
      [123_456_789_012_345_678_950n, '€12,345,678,901,234,567.90'],
      [-123_456_789_012_345_678_950n, '-€12,345,678,901,234,567.90'],
      [123_456_789_012_345_678_949n, '€12,345,678,901,234,567.89'],
      [12_345_000n, '€1,234.50'],
      [-49n, '€0.00'], // -0.0049 rounds to zero, never -€0.00
      [50n, '€0.01'],
    ])('%s -> %s', (units, text) => {
      expect(gb.money(units)).toBe(text);
    });

    it('in the locale, and with the decimals a unit cost asks for', () => {
      expect(de.money(123_456_789_012_345_678_950n)).toBe(`12.345.678.901.234.567,90${NBSP}$`);
      expect(gb.money(250n, 4)).toBe('€0.025');
      expect(gb.money(12_345n, 4)).toBe('€1.2345');
      // JPY rounds once, from the exact value, to whole yen: 1,234.4999 -> 1,234.
      expect(numberFormat('ja-JP', 'JPY').money(12_344_999n)).toBe('￥1,234');
    });

    it('is exact where a float of the same value is not', () => {
      const units = 123_456_789_012_345_678_950n;
      expect(gb.money(Number(units) / 10_000)).not.toBe(gb.money(units));
    });
  });

  it('estimates from the market are whole currency units, rounded once; money from orders keeps its cents', () => {
    // The noisy figure: a market-based headroom of €178,129,200.00.
    expect(formatCell(178_129_200, 'estimate', { locale: 'en-GB', currency: 'EUR' })).toBe('€178,129,200');
    // An exact estimate (a bigint of ten-thousandths, e.g. plan focus's headroom): 12,345.5000 rounds once to 12,346, not as an integer count.
    expect(formatCell(123_455_000n, 'estimate', { locale: 'en-GB', currency: 'EUR' })).toBe('€12,346');
    expect(formatCell(123_449_999n, 'estimate', { locale: 'en-GB', currency: 'EUR' })).toBe('€12,345');
    expect(gb.estimate(-4_000n)).toBe('€0');
    expect(gb.estimate(1234.5)).toBe('€1,235'); // rounded once, half away from zero, from the value as computed
    expect(gb.estimate(1234.49)).toBe('€1,234');
    expect(gb.estimate(-0.4)).toBe('€0'); // never -€0
    expect(de.estimate(119_500_000.75)).toBe(`119.500.001${NBSP}$`);
    expect(formatCell(178_129_200, 'money', { locale: 'en-GB', currency: 'EUR' })).toBe('€178,129,200.00');
  });

  it('counts are whole, grouped in the locale', () => {
    expect(gb.int(1957.2)).toBe('1,957');
    expect(gb.int(8952.8)).toBe('8,953');
    expect(de.int(23188)).toBe('23.188');
  });

  it('shares are percentages, differences of shares percentage points', () => {
    expect(gb.percent(0.1234)).toBe('12.3%');
    expect(gb.percent(0.6, 0)).toBe('60%');
    expect(de.percent(0.1234)).toBe(`12,3${NBSP}%`);
    expect(gb.points(0.1)).toBe('+10.0 pts');
    expect(gb.points(-0.034)).toBe('-3.4 pts');
    expect(gb.points(0)).toBe('0.0 pts');
  });

  it('drives the cells of every view', () => {
    const opts = { locale: 'en-GB', currency: 'EUR' };
    expect(formatCell(1957.2, 'int', opts)).toBe('1,957');
    expect(formatCell(0.1, 'points', opts)).toBe('+10.0 pts');
    expect(formatCell(0.025, 'money', { ...opts, digits: 4 })).toBe('€0.025');
    expect(formatCell(Number.NaN, 'money', opts)).toBe('');
    expect(formatCell(2n ** 53n + 4_950n, 'money', opts)).toBe('€900,719,925,474.59');
    // A column naming its decimals shows them all, so a column lines up; without, no trailing zeros.
    expect(formatCell(124, 'number', { ...opts, digits: 1 })).toBe('124.0');
    expect(formatCell(57.64, 'number', { ...opts, digits: 1 })).toBe('57.6');
    expect(formatCell(5, 'number', opts)).toBe('5');
    expect(formatCell(4.5, 'number', opts)).toBe('4.5');
  });
});

describe('config currency and locale', () => {
  it.each([
    ['EUR', 'EUR'],
    ['eur', 'EUR'],
    ['€', 'EUR'],
    ['$', 'USD'],
    ['£', 'GBP'],
    ['Euro', undefined],
    ['XYZ', undefined],
  ])('currency %s is %s', (given, code) => {
    expect(currencyCode(given)).toBe(code);
  });

  it('accepts BCP 47 locales only', () => {
    expect(supportedLocale('de-DE')).toBe('de-DE');
    expect(supportedLocale('not a locale')).toBeUndefined();
  });
});
