/**
 * The traps of issue 11 (fixtures/trust/README.md): real exports that used
 * to give a wrong figure with exit 0. Each is now the right figure or a
 * located message; the expected figures are worked out by hand in the README
 * and in the comments here.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const DIR = 'fixtures/trust';
const AS_OF = ['--as-of', '2026-11-27'];
/** An empty data folder, so that only the files named on the command line are read. */
const empty = () => tempDir('plan-trust-');

const lines = (stderr: string) => stderr.trim().split('\n');
const json = (stdout: string) => JSON.parse(stdout);

describe('decimal marks are decided per column from the values, never from the delimiter alone', () => {
  it('stops on a column whose values are all ambiguous (92.893: three decimals or a thousands separator?)', async () => {
    const r = await runCli(['cost', '--data', empty(), '--orders', `${DIR}/decimal-ambiguous.csv`, ...AS_OF, '--format', 'json']);
    expect(r.code).toBe(65);
    expect(lines(r.stderr)).toEqual([
      'plan: error: fixtures/trust/decimal-ambiguous.csv:2:4 [column "amount"]: could be 92.893 or 92893 (and 2 more values like it), and no value of the column shows the decimal mark (like 93.2 or 1.234,5); give --decimal-point or --decimal-comma (value "92.893") (E_DECIMAL_AMBIGUOUS)',
      'plan: error: fixtures/trust/decimal-ambiguous.csv: 1 error',
    ]);
    expect(r.stdout).toBe('');
  });

  it.each([
    // 92.893 + 1.250 + 7.500 = 101.643, printed to the cent.
    ['--decimal-point', 101.64],
    // 92,893 + 1,250 + 7,500.
    ['--decimal-comma', 101643],
    ['--decimal-comma=orders', 101643],
  ])('reads them as told with %s: revenue %d', async (flag, revenue) => {
    const args = flag.includes('=') ? flag.split('=') : [flag];
    const r = await runCli(['cost', '--data', empty(), '--orders', `${DIR}/decimal-ambiguous.csv`, ...AS_OF, '--format', 'json', ...args]);
    expect(r.code).toBe(0);
    expect(json(r.stdout).totals.revenue).toBe(revenue);
  });

  it('a value that decides (93.2) settles the column, even in a ; file and after ambiguous ones', async () => {
    const r = await runCli(['cost', '--data', empty(), '--orders', `${DIR}/decimal-late-evidence.csv`, ...AS_OF, '--format', 'json']);
    expect(r.code).toBe(0);
    // 92.893 + 1.250 + 93.2 = 187.343.
    expect(json(r.stdout).totals).toMatchObject({ revenue: 187.34, revenueCents: '18734' });
  });

  it('1.234.567 (grouping points) shows a decimal comma in a , file', async () => {
    const r = await runCli(['cost', '--data', empty(), '--orders', `${DIR}/decimal-comma-evidence.csv`, ...AS_OF, '--format', 'json']);
    expect(r.code).toBe(0);
    // 1,234,567 + 1,500 + 2.5.
    expect(json(r.stdout).totals.revenue).toBe(1236069.5);
  });

  it('evidence after the records held back, against values already read the other way, is an error', async () => {
    // 10,000 ambiguous amounts (read with a decimal comma in a ; file: 1.250 = 1,250), then 0.5: a decimal point.
    const dir = empty();
    const rows = Array.from({ length: 10_000 }, (_, i) => `C${i % 7};2026-03-01;web;1.250`);
    writeFileSync(join(dir, 'orders.csv'), `customer_id;date;channel;amount\n${rows.join('\n')}\nC1;2026-03-02;web;0.5\n`);
    const r = await runCli(['cost', '--data', dir, ...AS_OF, '--format', 'json']);
    expect(r.code).toBe(65);
    expect(lines(r.stderr)[0]).toBe(
      `plan: error: ${dir}/orders.csv:2:4 [column "amount"]: read with a decimal comma (and 9,999 more values like it), but "0.5" on line 10002 shows a decimal point; give --decimal-point so that every value is read alike (value "1.250") (E_DECIMAL_CONFLICT)`,
    );
    const fixed = await runCli(['cost', '--data', dir, ...AS_OF, '--format', 'json', '--decimal-point']);
    // 10,000 x 1.25 + 0.5.
    expect(json(fixed.stdout).totals.revenue).toBe(12500.5);
  });
});

describe('money is exact and rounded once, when printed', () => {
  it('sums sub-cent amounts exactly: 8 x 0.125 = 1.00 and 8 x 0.004 = 0.03, not 1.04 and 0', async () => {
    const r = await runCli([
      'cost',
      '--data',
      empty(),
      '--orders',
      `${DIR}/money-sub-cent.csv`,
      ...AS_OF,
      '--by',
      'customer',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const byId = Object.fromEntries(json(r.stdout).customers.map((c: { id: string; revenue: number }) => [c.id, c.revenue]));
    expect(byId).toEqual({ C1: 1, C2: 0.03 });
    // 1.00 + 0.032 = 1.032.
    expect(json(r.stdout).totals).toMatchObject({ revenue: 1.03, revenueCents: '103' });
  });

  it('1,000 lines of 0.125 are 125.00 and 1,000 lines of 0.004 are 4.00 (rounding each line made 130 and 0)', async () => {
    const dir = empty();
    const rows = [
      ...Array.from({ length: 1000 }, () => 'C1,2026-03-01,web,0.125'),
      ...Array.from({ length: 1000 }, () => 'C2,2026-03-01,web,0.004'),
    ];
    writeFileSync(join(dir, 'orders.csv'), `customer_id,date,channel,amount\n${rows.join('\n')}\n`);
    const r = await runCli(['cost', '--data', dir, ...AS_OF, '--by', 'customer', '--format', 'json']);
    const byId = Object.fromEntries(json(r.stdout).customers.map((c: { id: string; revenue: number }) => [c.id, c.revenue]));
    expect(byId).toEqual({ C1: 125, C2: 4 });
  });

  it('a fifth decimal is rounded half away from zero, with a warning', async () => {
    const dir = empty();
    writeFileSync(join(dir, 'orders.csv'), 'customer_id,date,channel,amount\nC1,2026-03-01,web,0.00005\nC1,2026-03-02,web,0.00005\n');
    const r = await runCli(['cost', '--data', dir, ...AS_OF, '--format', 'json']);
    // Each line is 0.0001 (1 ten-thousandth, rounded up from a half): 0.0002 in all, 0.00 to the cent.
    expect(json(r.stdout).totals).toMatchObject({ revenue: 0, orders: 2 });
    expect(lines(r.stderr)).toEqual([
      `plan: warning: ${dir}/orders.csv:2:4 [record 1, column "amount"]: more than 4 decimals; rounded to 4 (first of this column; others not listed) (value "0.00005") (W_MONEY_ROUNDED)`,
    ]);
  });

  it('refuses absurd values with a located error and the bound', async () => {
    const money = await runCli(['cost', '--data', empty(), '--orders', `${DIR}/money-absurd.csv`, ...AS_OF]);
    expect(money.code).toBe(65);
    expect(lines(money.stderr).slice(0, 2)).toEqual([
      `plan: error: fixtures/trust/money-absurd.csv:2:4 [record 1, column "amount"]: beyond the largest amount read (900,000,000,000 in absolute value) (value "${'9'.repeat(57)}...") (E_RANGE)`,
      'plan: error: fixtures/trust/money-absurd.csv:4:4 [record 3, column "amount"]: beyond the largest amount read (900,000,000,000 in absolute value) (value "1e400") (E_RANGE)',
    ]);
    const r = await runCli([
      'validate',
      '--data',
      empty(),
      '--reps',
      `${DIR}/reps-absurd.csv`,
      '--activities',
      `${DIR}/activities-absurd.csv`,
    ]);
    expect(r.code).toBe(65);
    expect(lines(r.stderr)).toEqual([
      'plan: error: fixtures/trust/reps-absurd.csv:2:4 [record 1, column "calls_per_day"]: more than 1,000 calls a day (a dialer at two a minute makes 960 in 8 hours) (value "1e7") (E_RANGE)',
      'plan: error: fixtures/trust/activities-absurd.csv:2:4 [record 1, column "hours"]: more hours than a week has (168) (value "200") (E_RANGE)',
    ]);
  });
});

describe('where revenue comes from, status, rows without a customer', () => {
  const DATA = `${DIR}/revenue-annual`;
  const NOTE = `plan: note: revenue (what each account bought from us) is ${DATA}/orders.csv summed from 2025-11-28 to 2026-11-27 (the 12 months to --as-of): 3 lines, total 1,600.49, of which 1 line (99.99) without a customer id; "Annual Revenue" and "revenue" are the account's own turnover in ${DATA}/customers.csv, passed through, not revenue with us (map one to revenue_12m in plan.config.json "columns" if it is)`;
  const NO_CUSTOMER = `plan: warning: ${DATA}/orders.csv:5: 1 order line without a customer id (revenue 99.99), counted apart as "no customer" (W_NO_CUSTOMER)`;

  it("takes revenue from orders.csv, not from a CRM's turnover columns, and says so on stderr and in JSON", async () => {
    const r = await runCli(['segment', '--data', DATA, ...AS_OF, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(lines(r.stderr)).toEqual([NOTE, NO_CUSTOMER]);
    const data = json(r.stdout);
    expect(data.revenueSource).toEqual({
      kind: 'orders',
      file: `${DATA}/orders.csv`,
      window: { from: '2025-11-28', to: '2026-11-27' },
      rows: 3,
      total: 1600.49,
      totalCents: '160049',
      noCustomer: { rows: 1, revenue: 99.99, revenueCents: '9999' },
    });
    // A1 1,200.00 + 300.50; headroom 8,499.50 + 10,000 + 10,000 + 7 x 10,000 whitespace.
    expect(data.segments[0]).toMatchObject({ accounts: 3, customers: 1, prospects: 2, revenue: 1500.5, headroom: 98499.5 });
  });

  it('without a status column, an account with order revenue in the window is a customer', async () => {
    const r = await runCli(['segment', '--data', DATA, ...AS_OF, '--accounts', '--format', 'json']);
    const status = Object.fromEntries(
      json(r.stdout).accounts.map((a: { id: string; status: string; revenue: number }) => [a.id, [a.status, a.revenue]]),
    );
    expect(status).toEqual({ A1: ['customer', 1500.5], A2: ['prospect', 0], A3: ['prospect', 0] });
    // The turnover columns pass through as they are.
    expect(json(r.stdout).accounts.find((a: { id: string }) => a.id === 'A1').extra).toEqual({
      'Annual Revenue': '5000000',
      revenue: '250000',
    });
  });

  it('plan contact without market.csv reads orders.csv for the status too', async () => {
    const dir = empty();
    for (const f of ['customers.csv', 'orders.csv', 'contacts.csv']) copyFileSync(join(DATA, f), join(dir, f));
    const r = await runCli(['contact', '--data', dir, ...AS_OF, '--accounts', '--format', 'json']);
    const status = Object.fromEntries(json(r.stdout).accounts.map((a: { id: string; status: string }) => [a.id, a.status]));
    expect(status).toEqual({ A1: 'customer', A2: 'prospect', A3: 'prospect' });
  });

  it('plan cost counts a line without a customer apart, with its revenue and cost', async () => {
    const r = await runCli(['cost', '--data', DATA, ...AS_OF, '--by', 'customer', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(lines(r.stderr)).toEqual([
      // Tiers (customers.csv and market.csv are there) rest on the same revenue.
      NOTE.replace('plan: note: revenue', 'plan: note: for the tiers, revenue'),
      // A web order costs 0.025 (article preset): 0.03 to the cent.
      `plan: warning: ${DATA}/orders.csv:5: 1 order line without a customer id (revenue 99.99, cost 0.03), counted apart as "no customer" (W_NO_CUSTOMER)`,
    ]);
    const data = json(r.stdout);
    expect(data.noCustomer).toEqual({ rows: 1, firstLine: 5, orders: 1, revenue: 99.99, cost: 0.03 });
    expect(data.customers.map((c: { id: string }) => c.id)).toEqual(['A1']);
    // In the channel figures: web 300.50 + 99.99.
    expect(data.channels.find((c: { channel: string }) => c.channel === 'web')).toMatchObject({ orders: 2, revenue: 400.49 });
    // The channel table (no per-customer figures kept) says the same of it.
    expect(json((await runCli(['cost', '--data', DATA, ...AS_OF, '--format', 'json'])).stdout).noCustomer).toEqual(data.noCustomer);
    const strict = await runCli(['cost', '--data', DATA, ...AS_OF, '--strict']);
    expect(strict.code).toBe(65);
  });

  it('plan cost, contact and schedule say the source in JSON too', async () => {
    const cost = json((await runCli(['cost', '--data', DATA, ...AS_OF, '--by', 'tier', '--format', 'json'])).stdout);
    expect(cost.revenueSource).toMatchObject({ kind: 'orders', rows: 3, total: 1600.49, noCustomer: { rows: 1, revenue: 99.99 } });
    const contact = json((await runCli(['contact', '--data', DATA, ...AS_OF, '--format', 'json'])).stdout);
    expect(contact.revenueSource).toMatchObject({ kind: 'orders', total: 1600.49 });
    const schedule = await runCli(['schedule', '--data', 'fixtures/demo', ...AS_OF, '--format', 'json']);
    expect(json(schedule.stdout).revenueSource).toEqual({ kind: 'column', file: 'fixtures/demo/customers.csv', column: 'revenue_12m' });
    expect(lines(schedule.stderr)[0]).toBe(
      'plan: note: revenue (what each account bought from us) is the "revenue_12m" column of fixtures/demo/customers.csv; without that column plan sums orders.csv over the 12 months to --as-of',
    );
  });

  it('says where revenue came from after a run that succeeded, before its warnings', async () => {
    const ok = await runCli(['contact', '--data', DATA, ...AS_OF, '--format', 'json']);
    expect(ok.code).toBe(0);
    // After the run: before its warnings, once.
    expect(lines(ok.stderr).filter((l) => l.startsWith('plan: note: revenue'))).toEqual([NOTE]);
    expect(lines(ok.stderr)[0]).toBe(NOTE);
  });

  it('says nothing of revenue when a file read after it fails the run', async () => {
    const dir = tempDir();
    for (const f of ['customers.csv', 'market.csv', 'orders.csv']) copyFileSync(join(DATA, f), join(dir, f));
    // Revenue is settled from orders.csv before contacts.csv is read, whose header then stops the run.
    writeFileSync(join(dir, 'contacts.csv'), 'id,date\nA1,2026-01-01\n');
    const failed = await runCli(['contact', '--data', dir, ...AS_OF, '--format', 'json']);
    expect(failed.code).toBe(65);
    expect(failed.stderr).toContain('missing column "customer_id"');
    expect(failed.stderr).not.toContain('revenue (what each account bought from us)');
  });

  it('plan contact counts a touch without a customer apart', async () => {
    const r = await runCli(['contact', '--data', DATA, ...AS_OF, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(lines(r.stderr)).toContain(
      `plan: warning: ${DATA}/contacts.csv:3: 1 touch without a customer id, counted apart as "no customer" (W_NO_CUSTOMER)`,
    );
  });
});

describe('empty windows are said on stderr in every format', () => {
  const DATA = `${DIR}/old-export`;
  const ORDERS = `plan: warning: ${DATA}/orders.csv: 0 of 3 order lines (0%) fall in the window 2025-11-28 to 2026-11-27 (the 12 months to --as-of), but the file's dates run from 2019-03-04 to 2019-11-02; check --as-of 2026-11-27 or the export's period (W_EMPTY_WINDOW)`;
  const CONTACTS = `plan: warning: ${DATA}/contacts.csv: 0 of 2 touches (0%) fall in the window 2025-11-28 to 2026-11-27 (the 365 days to --as-of), but the file's dates run from 2019-03-01 to 2019-07-12; check --as-of 2026-11-27 or the export's period (W_EMPTY_WINDOW)`;

  it.each(['json', 'csv', 'md', 'table'])('plan cost --format %s', async (format) => {
    const r = await runCli(['cost', '--data', DATA, ...AS_OF, '--format', format]);
    expect(r.code).toBe(0);
    expect(lines(r.stderr)).toEqual([ORDERS]);
  });

  it('plan contact and plan validate', async () => {
    expect(lines((await runCli(['contact', '--data', DATA, ...AS_OF, '--format', 'json'])).stderr)).toEqual([CONTACTS]);
    const v = await runCli(['validate', '--data', DATA, ...AS_OF]);
    expect(lines(v.stderr)).toEqual([
      `plan: note: revenue (what each account bought from us) is ${DATA}/orders.csv summed from 2025-11-28 to 2026-11-27 (the 12 months to --as-of): 0 lines, total 0.00`,
      ORDERS,
      CONTACTS,
    ]);
  });

  it('is quiet when the window holds the rows (--as-of in the export period)', async () => {
    const r = await runCli(['cost', '--data', DATA, '--as-of', '2019-12-31', '--format', 'json']);
    expect(r.stderr).toBe('');
  });
});

describe('per-file reading options', () => {
  const DATA = `${DIR}/encodings`;
  const exact = (stdout: string) =>
    json(stdout).segments.map((s: { segment: string; accounts: number; marketSpend: number }) => [s.segment, s.accounts, s.marketSpend]);
  const EXPECTED = [
    ['Köln', 1, 80000],
    ['Málaga', 1, 37500],
    ['Bonn', 1, 10000],
  ];

  it('--encoding without a file name re-decodes only files that are not UTF-8, and says so', async () => {
    const r = await runCli(['segment', '--data', DATA, '--encoding', 'windows-1252', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(exact(r.stdout)).toEqual(EXPECTED);
    expect(json(r.stdout).coverage).toMatchObject({ exact: 3, none: 0 });
    expect(lines(r.stderr)).toContain(
      `plan: warning: ${DATA}/market.csv: valid UTF-8, so read as UTF-8 and not as windows-1252: --encoding without a file name applies to files that are not UTF-8; give --encoding market=windows-1252 to force it (W_ENCODING_NOT_APPLIED)`,
    );
  });

  it('--encoding customers=windows-1252 names the file; config "files" does the same', async () => {
    const r = await runCli(['segment', '--data', DATA, '--encoding', 'customers=windows-1252', '--format', 'json']);
    expect(exact(r.stdout)).toEqual(EXPECTED);
    expect(r.stderr).not.toContain('W_ENCODING_NOT_APPLIED');
    const dir = empty();
    for (const f of ['customers.csv', 'market.csv']) copyFileSync(join(DATA, f), join(dir, f));
    writeFileSync(join(dir, 'plan.config.json'), JSON.stringify({ files: { customers: { encoding: 'windows-1252' } } }));
    const configured = await runCli(['segment', '--data', dir, '--format', 'json']);
    expect(exact(configured.stdout)).toEqual(EXPECTED);
  });

  it('forcing windows-1252 on the UTF-8 market.csv garbles its keys: the accounts no longer match', async () => {
    const r = await runCli([
      'segment',
      '--data',
      DATA,
      '--encoding',
      'customers=windows-1252',
      '--encoding',
      'market=windows-1252',
      '--format',
      'json',
    ]);
    expect(json(r.stdout).coverage).toMatchObject({ exact: 1, none: 2 });
  });

  it('config "files" sets the delimiter, decimal mark and date format of one file; a bad one names its key', async () => {
    const dir = empty();
    copyFileSync(`${DIR}/decimal-ambiguous.csv`, join(dir, 'orders.csv'));
    writeFileSync(
      join(dir, 'plan.config.json'),
      JSON.stringify({ files: { orders: { delimiter: 'semicolon', decimal: 'comma', dateFormat: 'YYYY-MM-DD' } } }),
    );
    const r = await runCli(['cost', '--data', dir, ...AS_OF, '--format', 'json']);
    expect(json(r.stdout).totals.revenue).toBe(101643);
    // The command line wins over the config for the same file.
    const cli = await runCli(['cost', '--data', dir, ...AS_OF, '--format', 'json', '--decimal-point', 'orders']);
    expect(json(cli.stdout).totals.revenue).toBe(101.64);
    writeFileSync(join(dir, 'plan.config.json'), JSON.stringify({ files: { orders: { dateFormat: 'QQ.MM.YYYY' } } }));
    const bad = await runCli(['cost', '--data', dir, ...AS_OF]);
    expect(bad.code).toBe(65);
    expect(bad.stderr).toContain('files.orders.dateFormat: dateFormat takes D (or DD), M (or MM) and YYYY (or YY) once each');
  });

  it('a header that is not UTF-8 gets the encoding hint, not "missing column"', async () => {
    const r = await runCli(['validate', '--data', `${DIR}/header-cp1252`]);
    expect(r.code).toBe(65);
    expect(lines(r.stderr)).toContain(
      `plan: error: ${DIR}/header-cp1252/customers.csv:1:1: the header is not valid UTF-8 (looks like windows-1252; re-run with --encoding customers=windows-1252) (E_ENCODING)`,
    );
    expect((await runCli(['validate', '--data', `${DIR}/header-cp1252`, '--encoding', 'customers=windows-1252'])).code).toBe(0);
  });

  it.each([
    [
      ['--encoding', 'custmers=latin1'],
      '--encoding custmers=latin1: "custmers" is not an input file (use customers, market, orders, contacts, reps, activities, absences, products)',
    ],
    [
      ['--decimal-comma', 'orders', '--decimal-point', 'orders'],
      '--decimal-comma and --decimal-point name the same file; give one of them per file',
    ],
    [['--delimiter', 'market=;;'], '--delimiter takes one character or comma, semicolon, tab, pipe (not ";;")'],
  ])('%j is a usage error', async (args, message) => {
    const r = await runCli(['validate', '--data', DATA, ...args]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)[0]).toBe(`plan: error: ${message}`);
  });
});

describe('dates as exports write them', () => {
  const DATA = `${DIR}/dates`;

  it('M/D/YY reads 11/8/2026 and 12/1/10 8:26 (2010-12-01: outside the window)', async () => {
    const r = await runCli(['cost', '--data', DATA, ...AS_OF, '--date-format', 'M/D/YY', '--by', 'customer', '--format', 'json']);
    expect(r.code).toBe(0);
    const byId = Object.fromEntries(
      json(r.stdout).customers.map((c: { id: string; orders: number; revenue: number }) => [c.id, [c.orders, c.revenue]]),
    );
    expect(byId).toEqual({ D1: [1, 10], D2: [1, 7.5] });
    expect(json(r.stdout).totals).toMatchObject({ rows: 3, outsideWindow: 1 });
  });

  it('a two-digit year under YYYY is a located error with the format to give', async () => {
    const r = await runCli(['cost', '--data', DATA, ...AS_OF, '--date-format', 'MM/DD/YYYY']);
    expect(r.code).toBe(65);
    expect(lines(r.stderr)[0]).toBe(
      `plan: error: ${DATA}/orders.csv:3:2 [record 2, column "date"]: not a date as MM/DD/YYYY (--date-format) or YYYY-MM-DD; a two-digit year: give --date-format MM/DD/YY (value "12/1/10 8:26") (E_DATE)`,
    );
  });

  it('--date-format contacts=d.m.yyyy applies to contacts.csv only, in either case', async () => {
    const r = await runCli(['contact', '--data', DATA, ...AS_OF, '--date-format', 'contacts=d.m.yyyy', '--accounts', '--format', 'json']);
    expect(r.code).toBe(0);
    const last = Object.fromEntries(json(r.stdout).accounts.map((a: { id: string; lastTouch: string }) => [a.id, a.lastTouch]));
    expect(last).toEqual({ D1: '2026-11-08', D2: '2026-02-01' });
  });

  it('an unusable format is a usage error listing what is accepted', async () => {
    const r = await runCli(['cost', '--data', DATA, '--date-format', 'YYYY/QQ/DD']);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)[0]).toBe(
      'plan: error: --date-format takes D (or DD), M (or MM) and YYYY (or YY) once each, in any order and either case, separated by / . - or a space: e.g. DD.MM.YYYY, MM/DD/YYYY, M/D/YY, YYYY-MM-DD (not "YYYY/QQ/DD")',
    );
  });
});

describe('market cells suppressed as 0', () => {
  it('a row with firms and a spend of 0 is left out like (D), with a count; 0 employees are unknown', async () => {
    const r = await runCli(['segment', '--data', `${DIR}/market-zero`, '--accounts', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(lines(r.stderr).slice(1)).toEqual([
      `plan: warning: ${DIR}/market-zero/market.csv:2: 1 market row with firms but a spend of 0 left out as suppressed (line 2): a cell the source withheld and wrote as 0; their accounts take a wildcard row or go unmatched (W_ZERO_SPEND)`,
      `plan: warning: ${DIR}/market-zero/market.csv:4: 1 market row with firms but 0 employees: employees read as unknown, as suppressed (line 4); --scale-by employees does not use them (W_ZERO_EMPLOYEES)`,
    ]);
    // Z1 takes Retail / *: 900,000 / 300 firms = 3,000 of potential, not 0.
    expect(json(r.stdout).accounts.find((a: { id: string }) => a.id === 'Z1')).toMatchObject({
      segment: 'Retail / *',
      match: 'wildcard',
      potential: 3000,
    });
  });
});

describe('Salesforce ids', () => {
  it('15- and 18-character ids of one record are one account, with a warning', async () => {
    const r = await runCli(['cost', '--data', `${DIR}/salesforce`, ...AS_OF, '--by', 'customer', '--format', 'json']);
    expect(r.code).toBe(0);
    const known = Object.fromEntries(json(r.stdout).customers.map((c: { id: string; known: boolean }) => [c.id, c.known]));
    expect(known).toEqual({ '001A0000006Vm9rIAC': true, '0015g00000XyZ1aAAF': true, '0015g00000qRsTuAAK': true });
    expect(lines(r.stderr)).toEqual([
      `plan: warning: ${DIR}/salesforce/orders.csv: 15- and 18-character Salesforce ids both appear ("001A0000006Vm9r" on ${DIR}/salesforce/orders.csv line 2, "0015g00000qRsTuAAK" on ${DIR}/salesforce/orders.csv line 4): every id is read in its 18-character form, so the two forms of one record are one account (W_SALESFORCE_IDS)`,
    ]);
  });

  it('both forms of one record in customers.csv are a duplicate, explained', async () => {
    const r = await runCli(['validate', '--data', empty(), '--customers', `${DIR}/salesforce/customers-both.csv`]);
    expect(r.code).toBe(65);
    expect(lines(r.stderr)[0]).toBe(
      `plan: error: ${DIR}/salesforce/customers-both.csv:3:1 [record 2, column "id"]: duplicate id (first on line 2); 001A0000006Vm9r is the 15-character form of Salesforce id 001A0000006Vm9rIAC (value "001A0000006Vm9r") (E_DUPLICATE_ID)`,
    );
  });
});

describe('footers', () => {
  it('Total: 2 rows,,, and Source: CRM export,,, are notes of the export, not accounts', async () => {
    const r = await runCli(['validate', '--data', empty(), '--customers', `${DIR}/footers.csv`, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(json(r.stdout).files.find((f: { file: string }) => f.file === 'customers.csv').rows).toBe(2);
    expect(lines(r.stderr)).toEqual([
      `plan: warning: ${DIR}/footers.csv:4:1 [record 3, column "id"]: a note of the export (total, source, generated...), not data; skipped (value "Total: 2 rows") (W_FOOTER_ROW)`,
      `plan: warning: ${DIR}/footers.csv:5:1 [record 4, column "id"]: a note of the export (total, source, generated...), not data; skipped (value "Source: CRM export") (W_FOOTER_ROW)`,
    ]);
  });
});

describe('a Salesforce report export', () => {
  it('its Grand Totals line and the copyright, confidentiality, generated-by and company lines under it are not accounts', async () => {
    const r = await runCli([
      'validate',
      '--data',
      empty(),
      '--customers',
      `${DIR}/salesforce-report.csv`,
      '--preset',
      'salesforce',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(json(r.stdout).files.find((f: { file: string }) => f.file === 'customers.csv').rows).toBe(2);
    const skipped = lines(r.stderr)
      .filter((l) => /W_(TOTAL|FOOTER)_ROW/.test(l))
      .map((l) => /^plan: warning: \S+:(\d+):1 .*\((W_\w+)\)$/.exec(l)?.slice(1).join(' '));
    expect(skipped).toEqual(['6 W_TOTAL_ROW', '9 W_FOOTER_ROW', '10 W_FOOTER_ROW', '11 W_FOOTER_ROW', '12 W_FOOTER_ROW']);
  });
});

describe('plan validate', () => {
  it('exits 66 when it finds no input file at all', async () => {
    const dir = empty();
    const r = await runCli(['validate', '--data', dir]);
    expect(r.code).toBe(66);
    expect(lines(r.stderr)[0]).toBe(
      `plan: error: no input file found in ${dir} (expected customers.csv, market.csv, orders.csv, contacts.csv, reps.csv, activities.csv, absences.csv, products.csv; give --data DIR)`,
    );
  });

  it('does not warn about unknown customers when customers.csv itself failed to read', async () => {
    const r = await runCli(['validate', '--data', `${DIR}/customers-broken`, ...AS_OF]);
    expect(r.code).toBe(65);
    expect(r.stderr).toContain('(E_CSV_QUOTE)');
    expect(r.stderr).not.toContain('W_UNKNOWN_KEY');
  });
});
