import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordsOfText as tokenizeText } from '../../src/io/records.js';
import { recordsOf } from '../helpers/records.js';

const SPECTRUM = join(import.meta.dirname, '..', 'fixtures', 'csv-spectrum');
const nonBlank = (records: { fields: string[] }[]) =>
  records.map((r) => r.fields).filter((f) => !(f.length === 0 || (f.length === 1 && f[0] === '')));

describe('csv-spectrum conformance', () => {
  const names = readdirSync(join(SPECTRUM, 'csvs')).map((f) => f.replace(/\.csv$/, ''));
  it.each(names.filter((n) => n !== 'location_coordinates'))('%s parses to its expected records', async (name) => {
    const records = nonBlank(await recordsOf(readFileSync(join(SPECTRUM, 'csvs', `${name}.csv`))));
    const expected = JSON.parse(readFileSync(join(SPECTRUM, 'json', `${name}.json`), 'utf8')) as Record<string, string>[];
    const [header, ...rows] = records;
    expect(rows.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i]])))).toEqual(expected);
  });

  it('location_coordinates parses without loss (its JSON is known to be wrong)', async () => {
    const bytes = readFileSync(join(SPECTRUM, 'csvs', 'location_coordinates.csv'));
    const records = nonBlank(await recordsOf(bytes));
    const lines = bytes.toString('utf8').split(/\r?\n/).filter(Boolean);
    expect(records).toHaveLength(lines.length);
    for (const [i, r] of records.entries()) expect(r.join(',')).toBe(lines[i]);
  });
});

describe('scanner', () => {
  const sink = () => {
    const problems: { code: string; line: number; message: string }[] = [];
    return { problems, sink: { problem: (p: { code: string; line: number; message: string }) => problems.push(p) } };
  };

  it('gives physical lines when quoted fields hold newlines', () => {
    const records = tokenizeText('a,b\n"x\ny",1\r\n"p\r\nq\rr",2\nlast,3', { delimiter: ',' }, sink().sink);
    expect(records.map((r) => r.line)).toEqual([1, 2, 4, 7]);
    expect(records[2]?.fields).toEqual(['p\r\nq\rr', '2']);
  });

  it('accepts bare CR and mixed line ends and never leaves a CR in the last field', () => {
    expect(tokenizeText('a,b\r1,2\r\n3,4\n5,6\r', { delimiter: ',' }, sink().sink).map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });

  it('keeps a stray quote in an unquoted field and marks it', () => {
    const [, row] = tokenizeText('a,b\n1,37°36\'37.8"N\n', { delimiter: ',' }, sink().sink);
    expect(row?.fields).toEqual(['1', '37°36\'37.8"N']);
    expect(row?.strayQuotes).toEqual([1]);
  });

  it('reports a quote inside a quoted field, skips that record and goes on', () => {
    const s = sink();
    const records = tokenizeText('a;b\n1;"pedro "pdet" holanda"\n2;ok\n', { delimiter: ';' }, s.sink);
    expect(records.map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['2', 'ok'],
    ]);
    expect(s.problems).toEqual([expect.objectContaining({ code: 'E_CSV_QUOTE', line: 2 })]);
  });

  it('names the lines a skipped record took when a quote opened on an earlier line ran on to a later quote', () => {
    const s = sink();
    // The quote opened on line 2 closes before `Markt` on line 4: lines 2-4 are one record, skipped (three customers lost).
    const text = 'id,name\n"C1,Weber\nC2,Lehmann\nC3,"Markt, Inc."\nC4,Schulz\n';
    const records = tokenizeText(text, { delimiter: ',' }, s.sink);
    expect(records.map((r) => r.fields)).toEqual([
      ['id', 'name'],
      ['C4', 'Schulz'],
    ]);
    expect(s.problems).toEqual([
      expect.objectContaining({
        code: 'E_CSV_QUOTE',
        line: 4,
        message: expect.stringMatching(/; record skipped \(lines 2-4: a quoted field opened on line 2 runs to here\)$/),
      }),
    ]);
  });

  it('hints at backslash escapes', () => {
    const s = sink();
    tokenizeText('a;b\n"\\"Hacksaw\\" Jim Duggan";1987\n', { delimiter: ';' }, s.sink);
    expect(s.problems[0]?.message).toContain('backslash');
  });

  it('fails on an unterminated quote, naming the line it opened on and the lines it swallowed', () => {
    expect(() => tokenizeText('a,b\n1,2\n"blaaa\nbla,4\n5,6\n', { delimiter: ',' }, sink().sink)).toThrow(
      expect.objectContaining({
        problems: [expect.objectContaining({ line: 3, code: 'E_CSV_QUOTE', message: expect.stringContaining('3 lines swallowed') })],
      }),
    );
  });
});

/** RFC 4180 writer for the generator: quote when needed, double quotes. */
function toCsv(rows: string[][], eol: string): string {
  const cell = (v: string) => (/[",\r\n]/.test(v) || v === '' ? `"${v.replaceAll('"', '""')}"` : v);
  return rows.map((r) => r.map(cell).join(',')).join(eol) + eol;
}

describe('differential: the scanner yields exactly what csv-parse yields', () => {
  const text = fc.string({ unit: fc.constantFrom('a', 'b', 'Z', ' ', ',', '"', '\n', '\r', 'é', '日', '😀', ';', "'"), maxLength: 12 });
  const table = fc
    .integer({ min: 1, max: 5 })
    .chain((width) => fc.array(fc.array(text, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 30 }));

  it('on generated CSV with quotes, doubled quotes, newlines, CRLF, BOMs and any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        table,
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 8 }),
        async (rows, eol, bom, chunkSizes) => {
          const bytes = Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(toCsv(rows, eol), 'utf8')]);
          const ours = nonBlank(await recordsOf(bytes, { chunkSizes }));
          const reference = (parse(bytes, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][]).filter(
            (f) => !(f.length === 1 && f[0] === ''),
          );
          expect(ours).toEqual(reference);
          expect(ours).toEqual(rows.filter((r) => !(r.length === 1 && r[0] === '')));
        },
      ),
      { numRuns: 300 },
    );
  });
});
