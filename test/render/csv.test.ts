import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES, csvChunks, csvField, neutralise, renderCsvTable } from '../../src/render/csv.js';
import type { Cell, RowSource, Table } from '../../src/render/document.js';
import { TextCodes, TextColumn } from '../../src/schema/columns.js';
import { recordsOf } from '../helpers/records.js';

/** The locale and currency a CSV words a text's figures with. */
const EN = { locale: 'en-GB', currency: 'EUR' };

const text = fc.string({
  unit: fc.constantFrom('a', 'Z', ' ', ',', ';', '"', '\n', '\r', '\t', '=', '+', '-', '@', 'é', '日', '😀'),
  maxLength: 10,
});
const rows = fc.array(
  fc.record({ name: text, count: fc.integer({ min: -1e9, max: 1e9 }), amount: fc.integer({ min: -1e11, max: 1e11 }).map((c) => c / 100) }),
  { maxLength: 20 },
);

function table(data: { name: string; count: number; amount: number }[]): Table {
  return {
    name: 't',
    columns: [
      { key: 'name', label: 'Name', type: 'text' },
      { key: 'count', label: 'Count', type: 'int' },
      { key: 'amount', label: 'Amount', type: 'money' },
    ],
    rows: data,
  };
}

async function readBack(csv: string) {
  const [header, ...records] = (await recordsOf(Buffer.from(csv, 'utf8'))).map((r) => r.fields);
  return { header, rows: records.map((f) => ({ name: f[0], count: Number(f[1]), amount: Number(f[2]) })) };
}

describe('CSV renderer', () => {
  it('writes tables that read back to the same values (--no-formula-escape)', async () => {
    await fc.assert(
      fc.asyncProperty(rows, fc.boolean(), async (data, excel) => {
        const csv = renderCsvTable(table(data), { excel, formulaEscape: false, ...EN });
        const back = await readBack(csv);
        expect(back.header).toEqual(['name', 'count', 'amount']);
        expect(back.rows).toEqual(data);
      }),
    );
  });

  it('neutralises text cells that start like a formula, and only those, and leaves numbers alone', async () => {
    await fc.assert(
      fc.asyncProperty(rows, async (data) => {
        const back = await readBack(renderCsvTable(table(data), { excel: false, formulaEscape: true, ...EN }));
        expect(back.rows).toEqual(data.map((r) => ({ ...r, name: /^[=+\-@\t\r]/.test(r.name) ? `'${r.name}` : r.name })));
      }),
    );
  });

  it.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ['@SUM(1+9)', "'@SUM(1+9)"],
    ['+44 20 7946 0958', "'+44 20 7946 0958"],
    ['-2+3', "'-2+3"],
    ['\tcmd', "'\tcmd"],
    ['Müller GmbH', 'Müller GmbH'],
  ])('neutralise(%j)', (input, output) => {
    expect(neutralise(input)).toBe(output);
  });

  it('writes a large table in chunks that add up to exactly one CSV', () => {
    const data = Array.from({ length: 9000 }, (_, i) => ({ name: i % 7 === 0 ? `a,"b"\n${i}` : `n${i}`, count: i, amount: i / 100 }));
    const chunks = [...csvChunks(table(data), { excel: true, formulaEscape: true, ...EN })].map((c) => Buffer.from(c).toString('utf8'));
    // Chunks of about CHUNK_BYTES (each ends with a whole row).
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(Buffer.byteLength(chunk)).toBeLessThan(CHUNK_BYTES + 100);
    for (const chunk of chunks) expect(chunk.endsWith('\r\n')).toBe(true);
    const whole = stringify([['name', 'count', 'amount'], ...data.map((r) => [r.name, String(r.count), String(r.amount)])], {
      record_delimiter: '\r\n',
      quoted_match: [/[\r\n]/],
    });
    expect(chunks.join('')).toBe(`\ufeff${whole}`);
  });

  it('quotes a field exactly as csv-stringify does with our options (its own writer stands in for it)', () => {
    const field = fc.string({
      unit: fc.constantFrom('a', ' ', ',', '"', "'", '\n', '\r', '\t', '\0', '=', '+', '-', '@', 'é', '😀'),
      maxLength: 8,
    });
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 5 }), fc.boolean(), (fields, excel) => {
        const end = excel ? '\r\n' : '\n';
        const expected = stringify([fields], { record_delimiter: end, quoted_match: [/[\r\n]/, /^'[=+\-@\t\r\0]/] });
        expect(fields.map(csvField).join(',') + end).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('writes rows read by position (a listing without an object per row) exactly as the same rows given as objects', () => {
    fc.assert(
      fc.property(rows, fc.boolean(), fc.boolean(), (data, excel, formulaEscape) => {
        const objects = table(data);
        const reads: string[] = [];
        const source: RowSource = {
          length: data.length,
          reader: (column) => (i) => {
            reads.push(column.key);
            return (data[i] as Record<string, Cell>)[column.key];
          },
        };
        const opts = { excel, formulaEscape, ...EN };
        expect(renderCsvTable({ ...objects, rows: source }, opts)).toBe(renderCsvTable(objects, opts));
        expect(reads).toHaveLength(data.length * 3);
      }),
    );
  });

  it('copies a text kept as UTF-8 bytes into the CSV as csv-stringify writes the text, and reads no string for it', () => {
    // Every character quoting or the formula guard looks at, at the start, inside and at the end; non-ASCII of 2, 3 and 4 bytes.
    const cell = fc.string({
      unit: fc.constantFrom('a', ' ', ',', ';', '"', "'", '\n', '\r', '\t', '\0', '=', '+', '-', '@', 'é', '日', '😀', '\uD800'),
      maxLength: 9,
    });
    const data = fc.array(fc.record({ id: cell, kind: fc.constantFrom('=x', "'-", 'a"b', 'plain', ''), note: cell }), { maxLength: 30 });
    fc.assert(
      fc.property(data, fc.boolean(), fc.boolean(), (list, excel, formulaEscape) => {
        const id = new TextColumn();
        const kind = new TextCodes();
        for (const r of list) {
          id.push(r.id);
          kind.push(r.kind);
        }
        const stored: Record<string, TextColumn | TextCodes> = { id, kind };
        const columns: Table['columns'] = [
          { key: 'id', label: 'id', type: 'text' },
          { key: 'kind', label: 'kind', type: 'text' },
          { key: 'n', label: 'n', type: 'int' },
          { key: 'note', label: 'note', type: 'text' },
        ];
        const stringsRead: string[] = [];
        const source: RowSource = {
          length: list.length,
          reader: (column) => (i) => {
            if (column.key !== 'n') stringsRead.push(column.key);
            return column.key === 'n' ? -i : (list[i] as Record<string, string>)[column.key];
          },
          spans: (column) => {
            const texts = stored[column.key];
            return texts && ((i, into) => texts.span(i, into));
          },
        };
        const csv = renderCsvTable({ name: 't', columns, rows: source }, { excel, formulaEscape, ...EN });
        // The oracle: csv-stringify on the texts, neutralised here as the OWASP guard says.
        const guard = (t: string) => (formulaEscape && /^[=+\-@\t\r\0]/.test(t) ? `'${t}` : t);
        const expected = stringify(
          [['id', 'kind', 'n', 'note'], ...list.map((r, i) => [guard(r.id), guard(r.kind), String(-i), guard(r.note)])],
          { record_delimiter: excel ? '\r\n' : '\n', quoted_match: [/[\r\n]/, /^'[=+\-@\t\r\0]/] },
        );
        // A lone surrogate is kept as UTF-8 keeps it: U+FFFD.
        expect(csv).toBe(`${excel ? '\ufeff' : ''}${expected.replaceAll('\uD800', '\uFFFD')}`);
        // Only `note` has no bytes: it alone is read as strings.
        expect(new Set(stringsRead)).toEqual(new Set(list.length > 0 ? ['note'] : []));
      }),
      { numRuns: 1000 },
    );
  });

  it('writes money to the cent and other figures to 12 digits exactly as the number conversions of JavaScript do', () => {
    const value = fc.oneof(
      fc.double({ noNaN: false }),
      fc.double({ min: -1e13, max: 1e13 }),
      fc.integer({ min: -1e15, max: 1e15 }).map((c) => c / 100),
      fc.integer({ min: -1e6, max: 1e6 }).map((c) => c / 1e6),
      fc.constantFrom(0, -0, 0.005, -0.005, 1e-7, 9_999_999_999_999.99, 10_000_000_000_000, 1e21, 0.1 + 0.2, 1 / 3, 2 / 3),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 20 }), (values) => {
        const t: Table = {
          name: 't',
          columns: [
            { key: 'm', label: 'm', type: 'money' },
            { key: 'e', label: 'e', type: 'estimate' },
            { key: 'p', label: 'p', type: 'percent' },
          ],
          rows: values.map((v) => ({ m: v, e: -v, p: v })),
        };
        const cent = (v: number) => (Math.round(v * 100) / 100).toString();
        const twelve = (v: number) => (Number.isInteger(v) ? v.toString() : Number(v.toPrecision(12)).toString());
        const expected = values.map((v) => `${cent(v)},${cent(-v)},${twelve(v)}\n`).join('');
        expect(renderCsvTable(t, { excel: false, formulaEscape: true, ...EN })).toBe(`m,e,p\n${expected}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('adds a BOM and CRLF for --excel, neither by default', () => {
    const t = table([{ name: 'Hélène', count: 1, amount: 2.5 }]);
    expect(renderCsvTable(t, { excel: true, formulaEscape: true, ...EN })).toBe('\ufeffname,count,amount\r\nHélène,1,2.5\r\n');
    expect(renderCsvTable(t, { excel: false, formulaEscape: true, ...EN })).toBe('name,count,amount\nHélène,1,2.5\n');
  });

  it('writes an estimate as computed, to the cent: only human views show it in whole units', () => {
    const t: Table = {
      name: 't',
      columns: [{ key: 'headroom', label: 'headroom', type: 'estimate' }],
      rows: [{ headroom: 178_129_200.004 }, { headroom: 0.125 }],
    };
    expect(renderCsvTable(t, { excel: false, formulaEscape: true, ...EN })).toBe('headroom\n178129200\n0.13\n');
    // Exact (a bigint of ten-thousandths): to the cent too, never the raw ten-thousandths.
    const exact = { ...t, rows: [{ headroom: 123_455_049n }] };
    expect(renderCsvTable(exact, { excel: false, formulaEscape: true, ...EN })).toBe('headroom\n12345.5\n');
  });

  it('writes exact money (a bigint of ten-thousandths) to the cent, as numbers are written, at any size', () => {
    const csv = renderCsvTable(
      {
        name: 't',
        columns: [
          { key: 'amount', label: 'Amount', type: 'money' },
          { key: 'unit', label: 'Unit', type: 'money', digits: 4 },
        ],
        rows: [
          // ...678,950 ten-thousandths: 12,345,678,901,234,567.895 -> .90 (half away from zero), written 12345678901234567.9.
          { amount: 123_456_789_012_345_678_950n, unit: 250n },
          { amount: -12_345_000n, unit: 12_345n },
          { amount: 10_000n, unit: -49n },
        ],
      },
      { excel: false, formulaEscape: true, ...EN },
    );
    expect(csv).toBe('amount,unit\n12345678901234567.9,0.025\n-1234.5,1.2345\n1,-0.0049\n');
  });
});

describe('words (a text holding figures)', () => {
  it('are worded with the locale and currency given, then quoted and neutralised as any text', () => {
    const t: Table = {
      name: 't',
      columns: [{ key: 'why', label: 'why', type: 'text' }],
      rows: [{ why: (n) => `averaging ${n.money(1234567.891)}` }, { why: (n) => `-${n.percent(0.5, 0)}` }],
    };
    // en-GB: comma groups (so the field is quoted); de-DE: dot groups, comma decimals, € after a no-break space.
    expect(renderCsvTable(t, { excel: false, formulaEscape: true, ...EN })).toBe('why\n"averaging €1,234,567.89"\n"\'-50%"\n');
    expect(renderCsvTable(t, { excel: false, formulaEscape: true, locale: 'de-DE', currency: 'EUR' })).toBe(
      'why\n"averaging 1.234.567,89\u00a0€"\n"\'-50\u00a0%"\n',
    );
  });
});
