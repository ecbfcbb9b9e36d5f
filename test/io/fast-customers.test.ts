/**
 * customers.csv on the byte path (io/fast-customers.ts over io/fast-read.ts)
 * against the general reader (io/table.ts): the rows (their keys, in order,
 * values and passed-through columns), the problems and the errors must be
 * the same, on generated files and on the demo data, in any chunking; and
 * every command must give the same output from a file (the byte path) as
 * from standard input (the general reader), also when the byte path steps
 * aside after it handed rows on.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTACT_COLUMNS } from '../../src/core/contact.js';
import { SEGMENT_COLUMNS, SEGMENT_LISTING_COLUMNS } from '../../src/core/segment.js';
import { readCustomersFast } from '../../src/io/fast-customers.js';
import { fold, type ReadContext, type ReadRequest, readTable } from '../../src/io/table.js';
import { parseIsoDay } from '../../src/schema/calendar.js';
import { type CustomerRow, FILES } from '../../src/schema/files.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { cell, fileWriter, type ReadOutcome, readContext, readOutcome } from '../helpers/fast-read.js';

interface Outcome extends ReadOutcome {
  rows: CustomerRow[];
  /** Each row's keys in order (toStrictEqual does not compare the order). */
  keys: string[][];
  /** The sink's `header` calls, and rows handed on before the first. */
  headers: number;
  early: number;
}

/** Every column the byte path reads (not lat and lon). */
const ALL = FILES.customers.columns.filter((c) => c !== 'lat' && c !== 'lon');
/** What plan segment's summary asks for: names checked (their warnings), not read. */
const SUMMARY: ReadRequest = {
  columns: SEGMENT_COLUMNS.filter((c) => !SEGMENT_LISTING_COLUMNS.includes(c)),
  checked: SEGMENT_LISTING_COLUMNS,
  passthrough: false,
};
/** What plan segment --accounts, plan segment and plan contact --accounts ask for. */
const REQUESTS: ReadRequest[] = [
  { columns: ALL },
  { columns: [...SEGMENT_COLUMNS], passthrough: true },
  SUMMARY,
  { columns: [...CONTACT_COLUMNS], passthrough: false },
];

async function both(
  path: string,
  request: ReadRequest,
  options: ReadContext['options'] = {},
  windowBytes?: number,
): Promise<{ general: Outcome; fast: Outcome }> {
  const input = { path, label: 'customers.csv' };
  const run = async (fast: boolean): Promise<Outcome> => {
    const rows: CustomerRow[] = [];
    let headers = 0;
    let early = 0;
    const add = (row: CustomerRow) => {
      if (headers === 0) early++;
      rows.push(row);
    };
    const outcome = await readOutcome(options, (ctx) =>
      fast
        ? readCustomersFast(input, ctx, { header: async () => void headers++, add }, request, windowBytes)
        : fold(readTable(FILES.customers, input, ctx, request), add).then(() => void headers++),
    );
    return { ...outcome, rows, keys: rows.map((r) => Object.keys(r)), headers: fast ? headers : 1, early: fast ? early : 0 };
  };
  return { general: await run(false), fast: await run(true) };
}

const write = fileWriter('customers');

describe('customers.csv on the byte path: differential against the general reader', () => {
  const pick = <T>(...values: T[]) => fc.constantFrom(...values);
  /** Mostly cells the byte path reads itself (so that whole records are clean), sometimes cells the schema must type. */
  const cells = (clean: string[], typed: string[]) =>
    fc.oneof({ arbitrary: fc.constantFrom(...clean), weight: 6 }, { arbitrary: fc.constantFrom(...typed), weight: 1 });
  // Ids plain, non-ASCII, repeated (E_DUPLICATE_ID), and cells the schema must type (edges, NBSP, zero-width, errors, quotes).
  const id = cells(['C1', 'C1', 'C2', 'C10', 'Ç5', 'C 6', 'C,9'], [' C3', 'C3 ', 'C"4', 'C\u00a07', 'C\u200b8', '1.2E+15', '#N/A', '']);
  const name = fc.oneof(
    fc.string({ unit: pick('a', ' ', ',', '"', '\n', '\r\n', 'ü', '語', '\u00a0', '#'), maxLength: 8 }),
    cells(['Keller', 'Bäcker & Söhne', 'Keller ', ''], ['MÃ¼ller', 'caf\ufffd', '#N/A', ' Keller']),
  );
  const status = cells(['customer', 'prospect', 'lost', 'Active', 'LEAD', 'churned', ''], [' customer', 'unknown', 'constructor', '#N/A']);
  const label = cells(['Retail', 'Retail', 'Logistics', 'Groß', '', 'Re tail', 'a "b"'], [' Retail', 'Retail\u00a0', '#REF!']);
  const employees = cells(['12', '0', '007', '', '10000000'], ['10000001', '-3', '1.5', ' 12', 'n/a', '1e3', '123456789012345678']);
  const revenue = cells(['100', '1234.56', '0', '', '-5', '0.5', '-0'], ['12.34567', 'abc', ' 12', '1e3', '€5', '99999999999999']);
  const day = cells(['2026-01-15', '2026-12-31', '2025-06-01', ''], ['2026-02-30', '15.01.2026', ' 2026-01-15', '2026-1-5']);
  const phone = cells(['+49 231 17749402', '0231-1774', ''], ['1.2E+15', ' 0231', '#N/A', '0231\u00a0177']);
  const email = cells(['info@a.example', 'a+b@x.example', '', 'Ünï@x.example'], [' x@y']);
  const extra = fc.string({ unit: pick('w', ' ', ',', '"', '\n', 'é'), maxLength: 5 });
  const row = fc.tuple(id, name, status, label, label, employees, revenue, day, day, phone, email, extra, fc.boolean());
  const HEADERS = [
    'id,name,status,industry,region,employees,revenue_12m,contract_start,contract_end,phone,email,website',
    'Account ID,Company Name,Status,Industry,Region,Employees,Revenue LTM,Contract Start,Contract End,Phone,Email,Website',
  ];

  it('yields exactly the rows, problems and errors of the general reader on generated customers files', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 0, maxLength: 30 }),
        fc.record({
          eol: pick('\n', '\r\n'),
          bom: fc.boolean(),
          finalNewline: fc.boolean(),
          quoteAll: fc.boolean(),
          windowBytes: fc.integer({ min: 1, max: 200 }),
          header: pick(...HEADERS),
          request: pick(...REQUESTS),
        }),
        async (rows, { eol, bom, finalNewline, quoteAll, windowBytes, header, request }) => {
          const lines = rows.map((r) =>
            r
              .slice(0, 12)
              .map((v) => cell(v as string, r[12] || quoteAll))
              .join(','),
          );
          const body = [header, ...lines].join(eol) + (finalNewline ? eol : '');
          const path = write(Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(body, 'utf8')]));
          const { general, fast } = await both(path, request, { delimiter: ',' }, windowBytes);
          expect(fast.used, fast.reason).toBe(true);
          expect(fast.headers).toBe(1);
          expect(fast.early).toBe(0);
          expect(fast).toStrictEqual(general);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads a hand-made file as worked out by hand', async () => {
    const path = write(
      [
        'id,name,status,employees,revenue_12m,contract_start,contract_end,website',
        'C1,"Keller, ""A""",Active,12,1234.5,2026-01-01,2026-12-31,www.a',
        'C2,Bé,lead,,,,,',
        'C1,again,customer,1,1,,,x',
        'C3,late,customer,,,2026-05-01,2026-04-30,',
      ].join('\n'),
    );
    const { general, fast } = await both(path, { columns: ALL });
    expect(fast.used).toBe(true);
    expect(fast).toStrictEqual(general);
    // Money in ten-thousandths; days since 1970-01-01; present columns keep their key when empty.
    expect(fast.rows).toStrictEqual([
      {
        id: 'C1',
        name: 'Keller, "A"',
        status: 'customer',
        employees: 12,
        revenue_12m: 12_345_000,
        contract_start: parseIsoDay('2026-01-01'),
        contract_end: parseIsoDay('2026-12-31'),
        line: 2,
        extra: { website: 'www.a' },
      },
      {
        id: 'C2',
        name: 'Bé',
        status: 'prospect',
        employees: undefined,
        revenue_12m: undefined,
        contract_start: undefined,
        contract_end: undefined,
        line: 3,
        extra: { website: '' },
      },
    ]);
    expect(fast.error).toBe('data: customers.csv: 2 errors');
    expect((fast.problems as { shown: { line: number; code: string; message: string }[] }).shown).toMatchObject([
      { line: 4, column: 1, code: 'E_DUPLICATE_ID', message: 'duplicate id (first on line 2)', value: 'C1' },
      { line: 5, column: 7, code: 'E_RANGE', message: 'contract ends before it starts' },
    ]);
  });

  it('on the demo customers, in any chunking, for every request', async () => {
    for (const request of REQUESTS)
      for (const windowBytes of [undefined, 1, 97, 4096]) {
        const { general, fast } = await both('fixtures/demo/customers.csv', request, {}, windowBytes);
        expect(fast.used).toBe(true);
        expect(fast.rows.length).toBe(3000);
        expect(fast).toStrictEqual(general);
      }
  }, 60_000);

  it('checks names a summary does not read on their bytes: rows leave them out, every warning located as when they are read', async () => {
    const path = write(
      [
        'id,name,industry,revenue_12m',
        'C1,Keller,Retail,1',
        'C2,"CafÃ© ""Central""",Retail,2',
        'C3, Leading,Retail,3',
        'C4,donâ€™t stop,Retail,4',
        'C5,#N/A,Retail,5',
        'C6,"Bäcker, Söhne",Retail,6',
      ].join('\n'),
    );
    const read = { columns: ['industry', 'revenue_12m'], passthrough: false };
    for (const windowBytes of [undefined, 1, 7]) {
      const { general, fast } = await both(path, { ...read, checked: ['name'] }, {}, windowBytes);
      const named = await both(path, { ...read, columns: [...read.columns, 'name'] }, {}, windowBytes);
      expect(fast.used).toBe(true);
      expect(fast).toStrictEqual(general);
      // Names checked on their bytes (C1, C6) or typed (the others: C3 as the schema keeps a name, unwarned): none in the rows, the warnings of a read that keeps them.
      expect(fast.keys).toStrictEqual(Array.from({ length: 6 }, () => ['id', 'industry', 'revenue_12m', 'line']));
      expect(fast.problems).toStrictEqual(named.fast.problems);
      expect(named.general.problems).toStrictEqual(named.fast.problems);
      expect(fast.rows.map(({ id, line }) => ({ id, line }))).toStrictEqual(named.fast.rows.map(({ id, line }) => ({ id, line })));
    }
    expect((await both(path, { ...read, checked: ['name'] })).fast.problems).toMatchObject({
      shown: [
        { line: 3, code: 'W_MOJIBAKE', columnName: 'name', value: 'CafÃ© "Central"' },
        { line: 6, code: 'W_SPREADSHEET_ERROR', columnName: 'name', value: '#N/A' },
      ],
    });
  });

  it('reads a file larger than its first MiB in small chunks (read ahead into two buffers) as the general reader does', async () => {
    // About 2 MB: records, mojibake names, duplicate ids and bad cells cut by chunk boundaries past the first MiB.
    const names = ['Keller', '"Becker, Hoffmann"', 'CafÃ© Central', 'Bäcker', 'donâ€™t', ' Edge', '"Groß ""G"""'];
    const lines = ['id,name,status,industry,region,employees,revenue_12m,contract_start,website'];
    for (let i = 0; i < 24_000; i++) {
      const id = i % 4_999 === 4_998 ? `C${i - 3_000}` : `C${i}`;
      const employees = i % 7_001 === 7_000 ? 'n/a' : String(i % 500);
      lines.push(
        `${id},${names[(i * 7) % names.length]},customer,Retail,West,${employees},${i % 900}.5,2026-01-0${1 + (i % 9)},www.x${i}.example`,
      );
    }
    const path = write(`${lines.join('\n')}\n`);
    for (const request of REQUESTS) {
      const { general, fast } = await both(path, request, {}, 4093);
      expect(fast.used).toBe(true);
      expect(fast.rows.length).toBeGreaterThan(23_000);
      expect(fast).toStrictEqual(general);
    }
  }, 60_000);

  it.each([
    ['a record with too few fields', 'id,name\nC1\n', 'a record with another number of fields'],
    ['a totals row', 'id,revenue_12m\nC1,5\nTotal,5\n', 'a totals row or a note'],
    ['Salesforce ids, at the first record', 'id,name\n0015g00000AbCdE,A\nC2,B\n', 'ids that may be Salesforce ids'],
    ['ambiguous decimal marks', 'id,revenue_12m\nC1,1.234\n', 'decimal marks the values do not decide'],
  ])('steps aside on %s, leaving it to the general reader', async (_, content, reason) => {
    const { fast } = await both(write(content), { columns: ALL });
    expect(fast.used).toBe(false);
    expect(fast.reason).toBe(reason);
  });

  it('leaves standard input and lat/lon to the general reader', async () => {
    const sink = { header: async () => {}, add: () => {} };
    const path = write('id,lat\nC1,52.5\n');
    expect(await readCustomersFast({ path: '-', label: '<stdin>' }, readContext(), sink, { columns: ALL })).toEqual({
      used: false,
      reason: 'standard input',
    });
    expect(await readCustomersFast({ path, label: 'c' }, readContext(), sink)).toEqual({
      used: false,
      reason: 'columns not on the byte path: lat, lon',
    });
  });
});

/** JSON output read from standard input, with the file's name where it names its input. */
const labelled = (stdout: string, file: string) => stdout.replaceAll('"<stdin>"', JSON.stringify(file));

describe('every command reads customers.csv on the byte path, to the same output as the general reader', () => {
  const COMMANDS = [
    ['segment', '--format', 'json'],
    ['segment', '--accounts', '--format', 'csv'],
    ['cost', '--format', 'json'],
    ['contact', '--accounts', '--format', 'csv'],
    ['schedule', '--format', 'json'],
    ['products', '--accounts', '--format', 'csv'],
    ['focus', '--format', 'json'],
  ];

  it('on the demo data: the same output as through standard input, and --verbose names the reader', async () => {
    const stdin = readFileSync('fixtures/demo/customers.csv');
    for (const command of COMMANDS) {
      const args = [...command, '--data', 'fixtures/demo', '--as-of', '2026-11-27'];
      const fast = await runCli([...args, '--verbose']);
      const general = await runCli([...args, '--customers', '-'], { stdin });
      expect(fast.code, fast.stderr).toBe(0);
      expect(fast.stderr).toMatch(/customers\.csv: fast reader \(3,000 records, 0 typed one by one\)/);
      expect(labelled(general.stdout, 'fixtures/demo/customers.csv')).toBe(fast.stdout);
    }
  }, 120_000);

  it('when the byte path steps aside at the end of the file, after it handed every row on', async () => {
    // A totals row under the data: the byte path leaves it to the general reader, which reads the file again.
    const data = tempDir('plan-fast-customers-');
    for (const file of ['market.csv', 'orders.csv', 'contacts.csv', 'products.csv', 'reps.csv', 'plan.config.json'])
      writeFileSync(join(data, file), readFileSync(join('fixtures/demo', file)));
    const customers = `${readFileSync('fixtures/demo/customers.csv', 'utf8')}Total,,,,,,99,,,,,,,,,,,\n`;
    writeFileSync(join(data, 'customers.csv'), customers);
    for (const command of COMMANDS) {
      const args = [...command, '--data', data, '--as-of', '2026-11-27'];
      const fast = await runCli([...args, '--verbose']);
      const general = await runCli([...args, '--customers', '-'], { stdin: Buffer.from(customers) });
      expect(fast.code, fast.stderr).toBe(0);
      expect(fast.stderr).toMatch(/customers\.csv: general reader \(a totals row or a note\)/);
      expect(labelled(general.stdout, join(data, 'customers.csv'))).toBe(fast.stdout);
    }
  }, 120_000);
});
