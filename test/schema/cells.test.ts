import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDay } from '../../src/schema/calendar.js';
import {
  CellError,
  compileDateFormat,
  DecimalColumn,
  dateFormatProblem,
  decimalEvidence,
  looksLikeMojibake,
  mojibakeBytes,
  parseMoney,
  parseNumber,
  SalesforceIds,
  salesforce18,
  salesforceForm,
} from '../../src/schema/cells.js';

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

describe('decimalEvidence: what one value says about its column', () => {
  it.each([
    ['93.2', 'point'],
    ['0.125', 'point'], // a group never starts with 0
    ['1234.567', 'point'], // four digits before: no thousands separator
    ['1,234.50', 'point'],
    ['1,234,567', 'point'], // two commas: grouping
    ['.5', 'point'],
    ['1.5e3', 'point'],
    ['€ 1 234.5', 'point'],
    ['1,7', 'comma'],
    ['0,125', 'comma'],
    ['1.234,5', 'comma'],
    ['1.234.567', 'comma'], // two points: grouping
    ['-12,50', 'comma'],
    ['60,5%', 'comma'],
    ['92.893', 'ambiguous'],
    ['1,234', 'ambiguous'],
    ['-1.250', 'ambiguous'],
    ['1234', undefined],
    ['-7', undefined],
    ['', undefined],
    ['Retail', undefined],
    ['#N/A', undefined],
    ['1.2.3.x', undefined],
  ] as const)('%s -> %s', (raw, expected) => {
    expect(decimalEvidence(raw)).toBe(expected);
  });
});

describe('DecimalColumn: one mark per column, from evidence', () => {
  it('reads ambiguous values with the guess until a value decides, and is satisfied when it agrees', () => {
    const col = new DecimalColumn(undefined, 'comma');
    expect(col.markFor('ambiguous', 2, '1.250')).toBe('comma');
    expect(col.markFor('comma', 3, '2,5')).toBe('comma');
    expect(col.markFor('ambiguous', 4, '3.500')).toBe('comma');
    expect(col.problem()).toBeUndefined();
  });

  it('a column no value decides is a problem at its first ambiguous value, with the count', () => {
    const col = new DecimalColumn(undefined, 'point');
    for (const [line, value] of [
      [2, '92.893'],
      [3, '1,250'],
      [4, '12'],
    ] as const)
      col.markFor(decimalEvidence(value), line, value);
    expect(col.problem()).toEqual({
      code: 'E_DECIMAL_AMBIGUOUS',
      line: 2,
      value: '92.893',
      message:
        'could be 92.893 or 92893 (and 1 more value like it), and no value of the column shows the decimal mark (like 93.2 or 1.234,5); give --decimal-point or --decimal-comma',
    });
  });

  it('a decision against values already read is a conflict; observed (held-back) evidence decides before any is read', () => {
    const late = new DecimalColumn(undefined, 'comma');
    late.markFor('ambiguous', 2, '1.250');
    expect(late.markFor('point', 9, '0.5')).toBe('point');
    expect(late.problem()?.code).toBe('E_DECIMAL_CONFLICT');
    const held = new DecimalColumn(undefined, 'comma');
    expect(held.waiting).toBe(false);
    held.observe('ambiguous', 2, '1.250');
    expect(held.waiting).toBe(true); // a reader holds records back from here
    held.observe('point', 9, '0.5');
    expect(held.waiting).toBe(false);
    expect(held.markFor('ambiguous', 2, '1.250')).toBe('point');
    expect(held.problem()).toBeUndefined();
  });

  it('an option fixes the mark whatever the values say', () => {
    const col = new DecimalColumn('comma', 'point');
    expect(col.markFor('point', 2, '93.2')).toBe('comma');
    expect(col.markFor('ambiguous', 3, '1.250')).toBe('comma');
    expect(col.problem()).toBeUndefined();
  });
});

describe('parseMoney: exact ten-thousandths from the text', () => {
  const money = (raw: string, decimal: 'point' | 'comma' = 'point') => {
    let rounded = false;
    const units = parseMoney(raw, decimal, () => {
      rounded = true;
    });
    return units instanceof CellError ? `error: ${units.message}` : { units, rounded };
  };
  it.each([
    ['0.125', 1250],
    ['0.004', 40],
    ['1,234.50', 12_345_000],
    ['-20.25', -202_500],
    ['-0', 0],
    ['1e3', 10_000_000],
    ['1.5E-2', 150],
    ['900000000000', 9_000_000_000_000_000],
    ['0.1', 1000], // not 0.1 * 10000 = 1000.0000000000001
  ])('%s is %d money units', (raw, units) => {
    expect(money(raw)).toEqual({ units, rounded: false });
  });
  it('rounds a fifth decimal half away from zero, and says so', () => {
    expect(money('0.00005')).toEqual({ units: 1, rounded: true });
    expect(money('-0.00005')).toEqual({ units: -1, rounded: true });
    expect(money('12.34564')).toEqual({ units: 123_456, rounded: true });
    expect(money('1,23456', 'comma')).toEqual({ units: 12_346, rounded: true });
  });
  it.each(['900000000000.0001', '9'.repeat(309), '1e400', '-1e13'])('refuses %s beyond the bound', (raw) => {
    expect(money(raw)).toBe('error: beyond the largest amount read (900,000,000,000 in absolute value)');
  });
  it('reads every plain amount (up to 14 whole digits, up to 6 decimals, either mark) as exact integer arithmetic does', () => {
    const MAX = 900_000_000_000n * 10_000n;
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.stringMatching(/^\d{1,14}$/),
        fc.option(fc.stringMatching(/^\d{0,6}$/)),
        fc.constantFrom('point' as const, 'comma' as const),
        (negative, whole, fraction, decimal) => {
          const raw = `${negative ? '-' : ''}${whole}${fraction === null ? '' : (decimal === 'point' ? '.' : ',') + fraction}`;
          const frac = fraction ?? '';
          if (frac.length > 4 || (frac === '' && fraction !== null)) return; // rounding and '1.' are the slow path's cases above
          const units = BigInt(whole) * 10_000n + BigInt(frac.padEnd(4, '0'));
          const expected = units > MAX ? 'beyond' : Number(negative ? -units : units) + 0;
          const got = parseMoney(raw, decimal);
          expect(got instanceof CellError ? (got.code === 'E_RANGE' ? 'beyond' : got.message) : got).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('compileDateFormat: D, M, Y in any order, either case, / . - or space', () => {
  const read = (format: string, text: string) => {
    const day = compileDateFormat(format).read(text);
    return day === undefined ? undefined : formatDay(day);
  };
  it.each([
    ['MM/DD/YYYY', '11/8/2026', '2026-11-08'], // leading zeros optional
    ['MM/DD/YYYY', '11/08/2026 08:26:00', '2026-11-08'],
    ['M/D/YY', '12/1/10 8:26', '2010-12-01'],
    ['M/D/YY', '12/1/68', '2068-12-01'], // 00-68: 2000s
    ['M/D/YY', '12/1/69', '1969-12-01'], // 69-99: 1900s
    ['M/D/YY', '12/1/2010', '2010-12-01'],
    ['dd.mm.yyyy', '08.11.2026', '2026-11-08'],
    ['D.M.YYYY', '1.2.2026 14:05', '2026-02-01'],
    ['YYYY-MM-DD', '2026-2-3', '2026-02-03'],
    ['DD-MM-YYYY', '31-12-2026 11:59 PM', '2026-12-31'],
    ['YYYY/DD/MM', '2026/31/12', '2026-12-31'],
    ['DD MM YYYY', '31 12 2026', '2026-12-31'],
  ])('%s reads %s as %s', (format, text, expected) => {
    expect(read(format, text)).toBe(expected);
  });
  it.each([
    ['MM/DD/YYYY', '12/1/10'], // a two-digit year under YYYY
    ['MM/DD/YYYY', '2/30/2026'], // not a calendar day
    ['DD.MM.YYYY', '08/11/2026'], // another separator
    ['MM/DD/YYYY', '11/8/2026x'],
  ])('%s does not read %s', (format, text) => {
    expect(read(format, text)).toBeUndefined();
  });
  it.each(['YYYY/QQ/DD', 'DD.MM', 'DD.MM.YYY', 'DD.DD.YYYY', 'DD_MM_YYYY', ''])('%j is not a format', (format) => {
    expect(dateFormatProblem(format)).toBe(
      `--date-format takes D (or DD), M (or MM) and YYYY (or YY) once each, in any order and either case, separated by / . - or a space: e.g. DD.MM.YYYY, MM/DD/YYYY, M/D/YY, YYYY-MM-DD (not "${format}")`,
    );
  });
});

describe('Salesforce ids', () => {
  it.each([
    // Worked by hand in fixtures/trust/README.md: 001A0 -> I, 00000 -> A, 6Vm9r -> C.
    ['001A0000006Vm9r', '001A0000006Vm9rIAC'],
    // 00300 -> A, 00000 -> A, 3T2PG: capitals at 1, 3 and 4 -> 2 + 8 + 16 = 26 -> '0' (A-Z are 0-25, then 0-5).
    ['00300000003T2PG', '00300000003T2PGAA0'],
    ['0015g00000XyZ1a', '0015g00000XyZ1aAAF'],
  ])('%s is %s', (id15, id18) => {
    expect(salesforce18(id15)).toBe(id18);
  });
  it.each([
    ['001A0000006Vm9r', false, 15],
    ['001A0000006Vm9rIAC', false, 18],
    ['001A0000006Vm9riac', false, 18], // Salesforce compares the suffix case-insensitively
    ['001A0000006Vm9rAAA', false, undefined], // a wrong suffix
    ['000000000012345', false, undefined], // a zero-padded number: no letter
    ['ABCDEFGHIJKLMNO', false, undefined], // no reserved 0 in sixth place
    ['ABCDEFGHIJKLMNO', true, 15], // --preset salesforce takes any 15 letters and digits
    ['C0001', true, undefined],
  ] as const)('%s (loose %s) has form %s', (id, loose, form) => {
    expect(salesforceForm(id, loose)).toBe(form);
  });
  it('ids become their 18-character form only when every observed id has the shape', () => {
    const sf = new SalesforceIds(false);
    for (const id of ['001A0000006Vm9r', '0015g00000XyZ1aAAF']) sf.observe(id);
    sf.settle();
    expect(sf.normalize('001A0000006Vm9r', 2)).toBe('001A0000006Vm9rIAC');
    expect(sf.normalize('0015g00000XyZ1aaaf', 3)).toBe('0015g00000XyZ1aAAF');
    expect(sf.normalize('C0001', 4)).toBe('C0001');
    expect(sf.first).toEqual({ 15: { line: 2, value: '001A0000006Vm9r' }, 18: { line: 3, value: '0015g00000XyZ1aaaf' } });
    const mixed = new SalesforceIds(false);
    mixed.observe('001A0000006Vm9r');
    expect(mixed.open).toBe(true); // Salesforce-shaped so far: a reader holds records back
    mixed.observe('C0001');
    expect(mixed.open).toBe(false);
    mixed.settle();
    expect(mixed.normalize('001A0000006Vm9r', 2)).toBe('001A0000006Vm9r');
  });
});

describe('mojibakeBytes: looksLikeMojibake on UTF-8 bytes, without decoding', () => {
  it.each([
    ['CafÃ© Central', true],
    ['donâ€™t', true],
    ['bad \ufffd char', true],
    ['Ã\u0080', true],
    ['Ã\u00bf', true],
    // Ã then À, â then ‚: not what a wrong decoding leaves.
    ['Ã\u00c0', false],
    ['â‚¬', false],
    ['Müller Straße', false],
    ['Ã', false],
    ['â€', true],
    ['', false],
  ])('%s: %s', (text, expected) => {
    const bytes = Buffer.from(`xx${text}yy`);
    expect(mojibakeBytes(bytes, 2, bytes.length - 2)).toBe(expected);
    expect(looksLikeMojibake(text)).toBe(expected);
  });

  it('agrees with looksLikeMojibake on any text, within any bounds of its bytes', () => {
    const unit = fc.constantFrom('a', ' ', '"', 'Ã', 'â', '€', '©', '\u0080', '\u00bf', '\u00c0', '\ufffd', '\uffef', '語', 'Â', '\u20ac');
    fc.assert(
      fc.property(
        fc.string({ unit, maxLength: 12 }),
        fc.string({ unit, maxLength: 4 }),
        fc.string({ unit, maxLength: 4 }),
        (text, before, after) => {
          const bytes = Buffer.from(before + text + after);
          const start = Buffer.byteLength(before);
          expect(mojibakeBytes(bytes, start, start + Buffer.byteLength(text))).toBe(looksLikeMojibake(text));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
