import { describe, expect, it } from 'vitest';
import { CellError, parseNumber } from '../../src/schema/cells.js';

const value = (raw: string, decimal: 'point' | 'comma') => {
  const n = parseNumber(raw, decimal);
  return n instanceof CellError ? `error: ${n.message}` : n;
};

describe('parseNumber (plain numbers are scanned, the rest goes through the patterns)', () => {
  it.each([
    ['1234.5', 'point', 1234.5],
    ['-12', 'point', -12],
    ['0', 'point', 0],
    ['.5', 'point', 0.5],
    ['-.5', 'point', -0.5],
    ['1,234.50', 'point', 1234.5],
    ['12,19,417', 'point', 1219417],
    ['€ 1 234.50', 'point', 1234.5],
    ['1.5e3', 'point', 1500],
    ['1234,5', 'comma', 1234.5],
    ['-0,25', 'comma', -0.25],
    ['1.234,50', 'comma', 1234.5],
    [',5', 'comma', 0.5],
  ] as const)('%s (decimal %s) is %d', (raw, decimal, expected) => {
    expect(value(raw, decimal)).toBe(expected);
  });

  it.each([
    ['12.', 'point', 'error: not a number'],
    ['1.2.3', 'point', 'error: not a number'],
    ['-', 'point', 'error: not a number'],
    ['1,7', 'point', 'error: decimal comma in a column read with a decimal point; give --decimal-comma if the file uses it'],
    ['1234.5', 'comma', 'error: decimal point in a column read with a decimal comma; give --decimal-point if the file uses it'],
    ['1,2,3', 'comma', 'error: not a number'],
    ['(1,234.00)', 'point', 'error: accounting-style negative number; write it as -1234.50'],
    ['12-', 'point', 'error: accounting-style negative number; write it as -1234.50'],
  ] as const)('%s (decimal %s) is refused', (raw, decimal, expected) => {
    expect(value(raw, decimal)).toBe(expected);
  });
});
