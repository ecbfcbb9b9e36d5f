/**
 * contacts.csv on the byte path (io/fast-contacts.ts over io/fast-read.ts)
 * against the general reader (io/table.ts): the contact fold's every result
 * (each account's touches and state, the phase chart, the ignored touches,
 * the window coverage, the touches handed to onTouch), the problems and the
 * errors must be the same, on generated files and on the demo data, in any
 * chunking.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ContactAccount, contactAccounts, createContactFold } from '../../src/core/contact.js';
import { readContactsFast, TOUCH_COLUMNS } from '../../src/io/fast-contacts.js';
import { fold, type ReadContext, readTable } from '../../src/io/table.js';
import { parseIsoDay } from '../../src/schema/calendar.js';
import { defaultConfig } from '../../src/schema/config.js';
import { FILES } from '../../src/schema/files.js';
import { runCli } from '../helpers/cli.js';
import { AWKWARD_IDS, cell, fileWriter, type ReadOutcome, readOutcome } from '../helpers/fast-read.js';
import { readRows } from '../helpers/read.js';

const AS_OF = parseIsoDay('2026-11-27') as number;
const config = defaultConfig();

const account = (id: string, start: string | null, end: string | null, owner = 'R1'): ContactAccount => ({
  id,
  name: `Account ${id}`,
  owner,
  status: 'customer',
  tier: 'B',
  tierSource: 'status',
  contractStart: start === null ? null : (parseIsoDay(start) as number),
  contractEnd: end === null ? null : (parseIsoDay(end) as number),
  extra: {},
});

/** Ids as customers.csv's schema makes them: plain, non-ASCII, with inner spaces, and one twice (the last wins). */
const ACCOUNTS = [
  account('C1', '2026-01-15', '2027-01-14'),
  account('C2', '2025-06-01', '2026-12-31', 'R2'),
  account('C10', null, null, ''),
  account('Ç5', '2026-10-01', null),
  account('C 6', null, '2027-02-01', 'R2'),
  account('C2', '2024-01-01', '2026-12-15', 'R3'),
];

interface Outcome extends ReadOutcome {
  fold: unknown;
}

/** Everything the fold gives, in a comparable form; `touched`: what onTouch was handed, in order. */
function snapshot(f: ReturnType<typeof createContactFold>, touched: unknown[]) {
  const analysis = f.finish({ list: true });
  return {
    states: [...f.states()],
    ignored: f.ignored(),
    coverage: { ...f.coverage, problem: f.coverage.problem('contacts.csv', 'touches', 'the 365 days to --as-of', AS_OF) ?? null },
    // The ranked accounts as the states they stand for (the list itself holds the fold's closures).
    analysis: { ...analysis, accounts: analysis.accounts.toJSON() },
    touched,
  };
}

async function both(
  path: string,
  options: ReadContext['options'] = {},
  windowBytes?: number,
  accounts: readonly ContactAccount[] = ACCOUNTS,
): Promise<{ general: Outcome; fast: Outcome }> {
  const input = { path, label: 'contacts.csv' };
  const run = async (fast: boolean): Promise<Outcome> => {
    const touched: unknown[] = [];
    const f = createContactFold(accounts, {
      asOf: AS_OF,
      cadence: config.cadence,
      postSaleDays: config.postSaleDays,
      touchTypes: { webinar: 'other', Vor_Ort: 'sales' },
      onTouch: (i, day, sales) => touched.push([i, day, sales]),
    });
    const outcome = await readOutcome(options, (ctx) =>
      fast ? readContactsFast(input, ctx, f, windowBytes) : fold(readTable(FILES.contacts, input, ctx, { columns: TOUCH_COLUMNS }), f.add),
    );
    return { ...outcome, fold: snapshot(f, touched) };
  };
  return { general: await run(false), fast: await run(true) };
}

const write = fileWriter('contacts');

describe('contacts.csv on the byte path: differential against the general reader', () => {
  const pick = <T>(...values: T[]) => fc.constantFrom(...values);
  // Known ids, a repeated one, unknown ones, and cells the schema must type (edges, NBSP, zero-width, errors, quotes, breaks).
  const customer = pick('C1', 'C1', 'C2', 'C10', 'C6', 'X99', ' C1', 'C1 ', ...AWKWARD_IDS);
  // Days in both windows, before them, after --as-of, and cells that are not ISO days.
  const date = pick(
    '2026-11-27',
    '2026-11-28',
    '2026-10-01',
    '2026-09-01',
    '2026-03-15',
    '2025-12-01',
    '2025-11-27',
    '2024-06-30',
    '2027-01-01',
    '2026-02-30',
    '2026-06-01T10:00',
    '27.11.2026',
    '',
    '2026-6-1',
    ' 2026-04-01',
  );
  // Sales, other, configured and unknown types, spellings the classifier folds, and cells the schema must clean.
  const type = pick(
    'call',
    'call',
    'visit',
    'Meeting',
    'E-Mail',
    'support',
    'billing',
    'webinar',
    'Webinar',
    'Vor_Ort',
    'trade fair',
    'newsletter',
    ' call',
    'call\u00a0',
    '',
    '#N/A',
    'Außendienst',
    'a "b"',
  );
  const text = fc.string({ unit: pick('a', ' ', ',', '"', '\n', '\r\n', 'ü', '語'), maxLength: 6 });
  const row = fc.tuple(customer, date, type, text, fc.boolean());

  it('yields exactly the fold, problems and errors of the general reader on generated contacts files', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 0, maxLength: 40 }),
        fc.record({
          eol: pick('\n', '\r\n'),
          bom: fc.boolean(),
          finalNewline: fc.boolean(),
          quoteAll: fc.boolean(),
          windowBytes: fc.integer({ min: 1, max: 200 }),
          header: pick('customer_id,date,type,by', 'by,Customer ID,Type,Date', 'account_id,contact_date,touch_type,by'),
        }),
        async (rows, { eol, bom, finalNewline, quoteAll, windowBytes, header }) => {
          const order = header.startsWith('by') ? [3, 0, 2, 1] : [0, 1, 2, 3];
          const lines = rows.map((r) => order.map((k) => cell(r[k] as string, r[4] || quoteAll)).join(','));
          const body = [header, ...lines].join(eol) + (finalNewline ? eol : '');
          const path = write(Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(body, 'utf8')]));
          const { general, fast } = await both(path, { delimiter: ',' }, windowBytes);
          expect(fast.used, fast.reason).toBe(true);
          expect(fast).toEqual(general);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts a hand-made file as worked out by hand', async () => {
    // C1: a sales touch in the last 90 days and one after --as-of; C2 (its last row wins): support 100 days ago;
    // Ç5: a configured sales type; X99 unknown; one row without a customer; webinar (other) for C 6.
    const path = write(
      [
        'customer_id,date,type',
        'C1,2026-11-20,call',
        'C1,2026-11-28,visit',
        'C2,2026-08-19,support',
        'Ç5,2026-10-02,Vor_Ort',
        'X99,2026-11-01,call',
        ',2026-11-01,call',
        'C 6,2026-05-01,Webinar',
        'C10,2026-05-01,trade fair',
      ].join('\n'),
    );
    const { general, fast } = await both(path);
    expect(fast.used).toBe(true);
    expect(fast).toEqual(general);
    const touched = (fast.fold as { touched: unknown[] }).touched;
    // Positions in ACCOUNTS: C1 0, the second C2 5, Ç5 3, C 6 4; days since 1970-01-01: 2026-11-20 is 20777.
    expect(touched).toEqual([
      [0, 20777, true],
      [5, 20684, false],
      [3, 20728, true],
      [4, 20574, false],
    ]);
    expect((fast.fold as { ignored: unknown }).ignored).toMatchObject({
      unknownCustomers: { rows: 1, distinct: 1, top: [{ key: 'X99', count: 1, firstLine: 6 }] },
      unknownTypes: [{ type: 'trade fair', count: 1, firstLine: 9 }],
      afterAsOf: { rows: 1, firstLine: 3 },
      noCustomer: { rows: 1, firstLine: 7 },
    });
  });

  it('on the demo contacts and accounts, in any chunking', async () => {
    const accounts = contactAccounts(await readRows(FILES.customers, 'fixtures/demo/customers.csv'));
    for (const windowBytes of [undefined, 1, 97, 4096]) {
      const { general, fast } = await both('fixtures/demo/contacts.csv', {}, windowBytes, accounts);
      expect(fast.used).toBe(true);
      expect(fast).toEqual(general);
      expect((fast.fold as { touched: unknown[] }).touched.length).toBeGreaterThan(10_000);
    }
  }, 60_000);

  it.each([
    ['a record with too few fields', 'customer_id,date,type\nC1,2026-03-01\n', 'a record with another number of fields'],
    ['a stray quote', 'customer_id,date,type,outcome\nC1,2026-03-01,call,a 24" screen\n', 'a quote inside an unquoted field'],
    ['an unterminated quote', 'customer_id,date,type\nC1,2026-03-01,"call\nC2,2026-03-01,call\n', 'unterminated quoted field'],
    ['windows-1252 bytes', Buffer.from('customer_id,date,type\nC\xe91,2026-03-01,call\n', 'latin1'), 'bytes that are not UTF-8'],
    ['a totals row', 'customer_id,date,type\nC1,2026-03-01,call\nTotal,,\n', 'a totals row or a note'],
    ['Salesforce ids', 'customer_id,date,type\n0015g00000AbCdE,2026-03-01,call\n', 'Salesforce ids'],
  ])('steps aside on %s, leaving it to the general reader', async (_, content, reason) => {
    const { fast } = await both(write(content));
    expect(fast.used).toBe(false);
    expect(fast.reason).toBe(reason);
  });
});

describe('plan contact and plan focus read contacts.csv on the byte path, to the same results', () => {
  it('on the demo data: the same output as through standard input (the general reader), and --verbose names the reader', async () => {
    const stdin = readFileSync('fixtures/demo/contacts.csv');
    for (const command of [['contact', '--accounts'], ['focus']]) {
      const args = [...command, '--data', 'fixtures/demo', '--as-of', '2026-11-27', '--format', 'csv'];
      const fast = await runCli([...args, '--verbose']);
      const general = await runCli([...args, '--contacts', '-'], { stdin });
      expect(fast.code, fast.stderr).toBe(0);
      expect(fast.stderr).toMatch(/contacts\.csv: fast reader \(18,000 records, 0 typed one by one\)/);
      expect(fast.stdout.split('\n').length).toBeGreaterThan(10);
      expect(general.stdout).toBe(fast.stdout);
    }
  }, 60_000);
});
