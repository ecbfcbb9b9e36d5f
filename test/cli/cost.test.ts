import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { costCommand } from '../../src/cli/commands/cost.js';
import { DEMO, DEMO_AS_OF, runCli, tempDir } from '../helpers/cli.js';

// fixtures/cost/basic/README.md derives every figure below by hand.
const BASIC = 'fixtures/cost/basic';
const YEAR = ['--from', '2026-01-01', '--to', '2026-12-31'];
const basic = (...args: string[]) => runCli(['cost', '--data', BASIC, ...YEAR, '--unit-cost', 'field=100', ...args]);
const json = async (...args: string[]) => {
  const r = await basic('--format', 'json', ...args);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

describe('plan cost (CLI)', () => {
  it('costs orders 100 : 1 : 0.01 by channel (field 100, phone 1, e-mail and web 0.01)', async () => {
    const data = await json();
    expect(
      data.channels.map((c: { channel: string; orders: number; revenue: number; cost: number }) => [
        c.channel,
        c.orders,
        c.revenue,
        c.cost,
      ]),
    ).toEqual([
      ['field', 2, 1500, 200],
      ['phone', 2, 500, 2],
      ['email', 2, 200, 0.02],
      ['web', 4, 240, 0.04],
    ]);
    expect(data.totals).toMatchObject({
      orders: 10,
      revenue: 2440,
      cost: 202.06,
      revenueCents: '244000',
      costCents: '20206',
      returns: 1,
      returned: -200,
      rows: 14,
      outsideWindow: 1,
    });
    expect(data.costs).toMatchObject({ preset: 'article', costs: { field: 100, phone: 1, email: 0.01, web: 0.01 } });
    // Its money as the cost per order beside it words it (€100.00, not 100).
    expect(data.costs.basis).toBe(
      'article: relative 100 : 1 : 0.01 (field : phone : e-mail; web as e-mail), scaled so that a field order costs €100.00',
    );
    expect(data.window).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('prints which preset and scale it used, the order/cost share chart and the table', async () => {
    const r = await basic('--format', 'table');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/channel costs\s+article: relative 100 : 1 : 0\.01 .*scaled so that a field order costs €100\.00/);
    expect(r.stdout).toMatch(/cost per order\s+field €100\.00, phone €1\.00, email €0\.01, web €0\.01/);
    expect(r.stdout).toContain('Share of orders against share of cost');
    expect(r.stdout).toMatch(/field\s+20\.0% █+\n\s+99\.0% █+/);
    expect(r.stdout).toMatch(/\ntotal\s+€20\.21\s+10\s+100\.0%\s+€2,440\.00\s/);
  });

  it('CSV carries every figure of every channel and the total', async () => {
    const r = await basic('--format', 'csv');
    expect(r.code).toBe(0);
    const [header, ...rows] = r.stdout.trim().split('\n');
    expect(header).toBe(
      'channel,cost_per_order,customers,orders,order_share,revenue,average_order,cost,cost_share,cost_to_revenue,returns,returned',
    );
    expect(rows).toEqual([
      'field,100,1,2,0.2,1500,750,200,0.989805,0.133333,1,-200',
      'phone,1,1,2,0.2,500,250,2,0.009898,0.004,0,0',
      'email,0.01,1,2,0.2,200,100,0.02,0.000099,0.0001,0,0',
      'web,0.01,2,4,0.4,240,60,0.04,0.000198,0.000167,0,0',
      'total,20.21,5,10,1,2440,244,202.06,1,0.082811,1,-200',
    ]);
  });

  it('--shift field:phone=30% moves 0.6 of 2 field orders: 202.06 -> 142.66, saving 59.40', async () => {
    const data = await json('--shift', 'field:phone=30%');
    expect(data.shift).toMatchObject({ before: 202.06, after: 142.66, saving: 59.4 });
    expect(data.channels[0].after).toEqual({ orders: 1.4, cost: 140, saving: 60 });
    expect(data.channels[1].after).toEqual({ orders: 2.6, cost: 2.6, saving: -0.6 });
    const csv = await basic('--format', 'csv', '--shift', 'field:phone=30%');
    expect(csv.stdout.split('\n')[0]).toMatch(/,orders_after,cost_after,saving$/);
    expect(csv.stdout).toContain('\ntotal,20.21,5,10,1,2440,244,202.06,1,0.082811,1,-200,10,142.66,59.4\n');
  });

  it('words the channel costs basis in the config locale, as the cost per order: field 1.250,50 € in de-DE', async () => {
    const dir = tempDir();
    for (const file of ['orders.csv', 'customers.csv']) writeFileSync(join(dir, file), readFileSync(join(BASIC, file)));
    writeFileSync(join(dir, 'plan.config.json'), JSON.stringify({ currency: '€', locale: 'de-DE' }));
    const r = await runCli(['cost', '--data', dir, ...YEAR, '--unit-cost', 'field=1250.5', '--channel-cost', 'web=0.5', '--format', 'md']);
    expect(r.code, r.stderr).toBe(0);
    const nbsp = '\u00a0';
    expect(r.stdout).toContain(
      `- **channel costs**: article: relative 100 : 1 : 0.01 (field : phone : e-mail; web as e-mail), scaled so that a field order costs 1.250,50${nbsp}€; set outright: web 0,50${nbsp}€\n`,
    );
    expect(r.stdout).toContain(`- **cost per order**: field 1.250,50${nbsp}€,`);
  });

  it('shows the orders a shift moves as they are (1.4 and 2.6, never 1 and 3), and cost % revenue alike in the figures and the total row', async () => {
    const r = await basic('--format', 'md', '--shift', 'field:phone=30%');
    expect(r.code, r.stderr).toBe(0);
    const row = (name: string) =>
      r.stdout
        .split('\n')
        .find((l) => l.startsWith(`| ${name} |`))
        ?.split(' | ');
    // Orders after: field 2 - 0.6 = 1.4, phone 2 + 0.6 = 2.6, the total still 10: the column sums to its total.
    expect(row('field')?.at(-3)).toBe('1.4');
    expect(row('phone')?.at(-3)).toBe('2.6');
    expect(row('total')?.at(-3)).toBe('10.0');
    // Cost % revenue: 202.06 / 2,440 = 8.281%, to two decimals in the figure as in the total row.
    expect(r.stdout).toContain('- **cost % revenue**: 8.28%\n');
    expect(row('total')?.at(-5)).toBe('8.28%');
  });

  it('--shift per tier moves only that tier (tiers from plan segment: Retail A, Trade C)', async () => {
    const data = await json('--by', 'tier', '--shift', 'A:field:phone=50%', '--shift', 'C:email:web=100%');
    expect(
      data.groups.map((g: { group: string; customers: number; orders: number; cost: number }) => [g.group, g.customers, g.orders, g.cost]),
    ).toEqual([
      ['A', 2, 4, 202],
      ['C', 2, 5, 0.05],
      ['(unknown customer)', 1, 1, 0.01],
    ]);
    // A: 1 field order to phone (100 -> 1); C: 2 e-mail orders to web (same cost).
    expect(data.shift).toMatchObject({ before: 202.06, after: 103.06, saving: 99 });
  });

  it.each([
    [['--shift', 'field:phone=60%', '--shift', 'field:web=50%'], '110% of field orders elsewhere'],
    [['--shift', 'field:phone=60%', '--shift', 'C:field:web=50%'], '110% of field orders in tier C'],
    [['--shift', 'field:phone=101%'], '101% of field orders'],
    [['--shift', 'field:phone'], '--shift takes [TIER:]FROM:TO=P%'],
    [['--shift', 'fax:phone=10%'], '--shift takes [TIER:]FROM:TO=P%'],
    [['--by', 'region'], '--by'],
    [['--from', '2026-31-01'], '--from takes a date'],
    [['--from', '2026-12-31', '--to', '2026-01-01'], '--from is after --to'],
    [['--unit-cost', 'field=0'], '--unit-cost takes channel=cost'],
    [['--channel-cost', 'fax=1'], '--channel-cost takes channel=cost'],
    // --top limits the customer listing only: with another --by it would be silently ignored.
    [['--top', '5'], '--top limits the customers of --by customer (not --by channel)'],
    [['--top', '5', '--by', 'tier'], '--top limits the customers of --by customer (not --by tier)'],
  ])('usage errors exit 2: %j', async (args, message) => {
    const r = await runCli(['cost', '--data', BASIC, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('warns about unknown channels with counts and their first line; --strict makes it an error', async () => {
    const r = await basic('--format', 'csv');
    expect(r.stderr).toContain(
      'plan: warning: fixtures/cost/basic/orders.csv:13: 1 row in 1 unknown channel, left out of the costs: "fax" ×1 (first on line 13)',
    );
    const strict = await basic('--format', 'csv', '--strict');
    expect(strict.code).toBe(65);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toContain('plan: error: fixtures/cost/basic/orders.csv:13: 1 row in 1 unknown channel');
  });

  it('maps channel names through config synonyms', async () => {
    const dir = tempDir();
    const config = join(dir, 'plan.config.json');
    writeFileSync(config, JSON.stringify({ channelCosts: { synonyms: { fax: 'phone' } } }));
    const r = await basic('--format', 'json', '--config', config);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('W_UNKNOWN_CHANNEL');
    const data = JSON.parse(r.stdout);
    expect(data.channels[1]).toMatchObject({ channel: 'phone', orders: 3, revenue: 800, cost: 3 });
  });

  it('warns about orders for customers missing from customers.csv (C9, line 14); --strict: exit 65', async () => {
    const r = await basic('--format', 'csv');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'plan: warning: fixtures/cost/basic/orders.csv:14: in the window (2026-01-01 to 2026-12-31): 1 row for 1 unknown customer: "C9" ×1 (first on line 14) (W_UNKNOWN_KEY)',
    );
    const data = await json('--by', 'customer');
    expect(data.customers.find((c: { id: string }) => c.id === 'C9')).toMatchObject({ known: false, orders: 1, revenue: 40 });
    expect(data.unknownCustomers).toEqual({ rows: 1, distinct: 1, top: [{ key: 'C9', count: 1, firstLine: 14 }] });
  });

  it('counts only the date window: the default 12 months to --as-of take in O012 of 2025-11-30', async () => {
    const r = await runCli(['cost', '--data', BASIC, '--as-of', '2026-11-27', '--unit-cost', 'field=100', '--format', 'json']);
    const data = JSON.parse(r.stdout);
    expect(data.window).toEqual({ from: '2025-11-28', to: '2026-11-27' });
    // O012 in; O009 (2026-08-01) and all others too; nothing after 2026-11-27.
    expect(data.channels[0]).toMatchObject({ orders: 3, revenue: 2200, cost: 300 });
    const narrow = await json('--from', '2026-02-01', '--to', '2026-06-30');
    // field O001 (03-02), O002 (04-15); phone O003 (02-10), O004 (05-20); e-mail O006 (06-30); web O011 (06-02).
    // Outside: O005 (01-05), O007-O009 (07-01 on), O012 (2025).
    expect(narrow.channels.map((c: { orders: number }) => c.orders)).toEqual([2, 2, 1, 1]);
    expect(narrow.totals).toMatchObject({ orders: 6, revenue: 2140, outsideWindow: 5 });
  });

  it('flags a customer ordering mostly by field with small orders (--by customer)', async () => {
    const r = await basic('--by', 'customer', '--format', 'csv');
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe(
      'rank,id,known,segment,tier,main_channel,main_channel_share,orders,field_orders,phone_orders,email_orders,web_orders,revenue,average_order,cost,cost_per_order,cost_to_revenue,returns,returned,flag,reason',
    );
    // C1: 2 field orders averaging 750 cost 100 each (>= 10%): flagged, and first by cost share (200 / 1,500).
    expect(lines[1]).toBe(
      '1,C1,yes,Retail,A,field,1,2,2,0,0,0,1500,750,200,100,0.133333,1,-200,move,"100% of orders by field, averaging €750.00"',
    );
  });

  describe("a flagged customer's why reads its figures as the number formatter writes them, in every format", () => {
    // One field order of 1,234,567.891 and one phone order of 10: a field order costs 250,000, at least 10% of
    // 1,234,567.89, so BIG is flagged: 1 of 2 orders (50%) by field, averaging 1,234,567.89 (to the cent, once).
    const dir = tempDir();
    writeFileSync(join(dir, 'orders.csv'), 'customer_id,date,channel,amount\nBIG,2026-03-02,field,1234567.891\nBIG,2026-03-03,phone,10\n');
    const cost = (...args: string[]) =>
      runCli(['cost', '--data', dir, ...YEAR, '--by', 'customer', '--unit-cost', 'field=250000', ...args]);
    const WHY = '50% of orders by field, averaging €1,234,567.89';

    it.each([
      ['table', (out: string) => expect(out).toContain(WHY)],
      ['md', (out: string) => expect(out).toContain(`| ${WHY} |`)],
      ['csv', (out: string) => expect(out.split('\n')[1]).toMatch(new RegExp(`,move,"${WHY}"$`))],
      [
        'json',
        (out: string) => {
          const customer = JSON.parse(out).customers[0];
          expect(customer.reason).toBe(WHY);
          // The figures stay numbers beside the words.
          expect(customer.costly).toEqual({ channels: ['field'], orders: 1, share: 0.5, averageOrder: 1234567.89 });
        },
      ],
      ['html', (out: string) => expect(out).toContain(`${WHY}</td>`)],
    ])('%s', async (format, check) => {
      const r = await cost('--format', format);
      expect(r.code, r.stderr).toBe(0);
      check(r.stdout);
    });

    it("in the config's locale and currency, as every other figure", async () => {
      writeFileSync(join(dir, 'plan.config.json'), '{ "locale": "de-DE", "currency": "USD" }');
      try {
        // de-DE: dot groups, comma decimals, the currency after a no-break space; 50 % with one too.
        const why = '50\u00a0% of orders by field, averaging 1.234.567,89\u00a0$';
        const table = await cost('--format', 'table');
        expect(table.stdout).toContain(why);
        expect(table.stdout).toContain('1.234.577,89\u00a0$'); // revenue, as the why writes its amount
        expect((await cost('--format', 'csv')).stdout).toContain(`,move,"${why}"`);
        expect(JSON.parse((await cost('--format', 'json')).stdout).customers[0].reason).toBe(why);
      } finally {
        writeFileSync(join(dir, 'plan.config.json'), '{}');
      }
    });
  });

  it('reports bad cells with file:line and stops with 65, as the general reader does', async () => {
    const r = await runCli(['cost', '--data', 'fixtures/cost/bad', '--as-of', '2026-11-27']);
    expect(r.code).toBe(65);
    expect(r.stderr).toContain(
      'plan: error: fixtures/cost/bad/orders.csv:3:3 [record 2, column "date"]: not a calendar date (value "2026-13-01") (E_DATE)',
    );
    expect(r.stderr).toContain(
      'plan: error: fixtures/cost/bad/orders.csv:4:5 [record 3, column "amount"]: not a number (value "12abc") (E_NUMBER)',
    );
    expect(r.stderr).toContain('orders.csv:5:2 [record 4, column "customer_id"]: invisible or extra white space trimmed');
    expect(r.stderr).toContain('plan: error: fixtures/cost/bad/orders.csv:6:5 [record 5, column "amount"]: missing value');
    const stdin = await runCli(['cost', '--data', 'fixtures/cost/bad', '--as-of', '2026-11-27', '--orders', '-'], {
      stdin: readFileSync('fixtures/cost/bad/orders.csv'),
    });
    expect(stdin.code).toBe(65);
    expect(stdin.stderr.replaceAll('<stdin>', 'fixtures/cost/bad/orders.csv')).toBe(r.stderr);
  });

  it('shows the demo pattern: field is ~12% of orders but over 90% of the cost; a shift saves', async () => {
    const r = await runCli(['cost', '--data', DEMO, '--as-of', DEMO_AS_OF, '--format', 'json']);
    expect(r.code).toBe(0);
    const field = JSON.parse(r.stdout).channels[0];
    expect(field.channel).toBe('field');
    expect(field.orderShare).toBeGreaterThan(0.1);
    expect(field.orderShare).toBeLessThan(0.14);
    expect(field.costShare).toBeGreaterThan(0.9);
    const shift = await runCli(['cost', '--data', DEMO, '--as-of', DEMO_AS_OF, '--shift', 'field:phone=30%', '--format', 'table']);
    expect(shift.stdout).toMatch(/saving\s+€\d{3},\d{3}/);
    const customers = JSON.parse(
      (await runCli(['cost', '--data', DEMO, '--as-of', DEMO_AS_OF, '--by', 'customer', '--top', '20', '--format', 'json'])).stdout,
    );
    expect(
      customers.customers.filter((c: { flagged: boolean; mainChannel: string }) => c.flagged && c.mainChannel === 'field'),
    ).toHaveLength(20);
  });

  it('the fast reader and the general reader (stdin) give byte-identical output on the demo', async () => {
    for (const by of ['channel', 'customer', 'tier']) {
      const args = ['cost', '--data', DEMO, '--as-of', DEMO_AS_OF, '--by', by, '--format', 'json', '--shift', 'C:field:web=40%'];
      const fast = await runCli(args);
      const general = await runCli([...args, '--orders', '-'], { stdin: readFileSync(join(DEMO, 'orders.csv')) });
      expect(general.stdout).toBe(fast.stdout);
    }
  });

  it('docs/cost.md shows the examples exactly as --help does', () => {
    const doc = readFileSync('docs/cost.md', 'utf8');
    expect(doc).toContain(costCommand.examples.map((e) => `$ ${e}`).join('\n'));
  });
});

describe('plan cost prints money sums exactly at any size', () => {
  // 100 customers of one web order each of 899,999,999,999.9951 (just under the bound of 900 billion a customer):
  // 8,999,999,999,999,951 ten-thousandths each, 899,999,999,999,995,100 in all (far past 2^53) =
  // 89,999,999,999,999.5100, printed 89,999,999,999,999.51. A float there is 1/64 apart: it would print .52.
  const big = () => {
    const dir = tempDir('plan-big-money-');
    const lines = Array.from({ length: 100 }, (_, i) => `C${String(i).padStart(3, '0')},2026-06-01,web,899999999999.9951`);
    writeFileSync(join(dir, 'orders.csv'), ['customer_id,date,channel,amount', ...lines, ''].join('\n'));
    return (...args: string[]) => runCli(['cost', '--data', dir, '--as-of', '2026-11-27', ...args]);
  };

  it('in the figures, the channel row and the total row of every human view, and in CSV', async () => {
    const run = big();
    expect(Number('89999999999999.51') - 89_999_999_999_999).toBe(33 / 64); // what a float holds: .515625
    for (const format of ['table', 'md', 'html']) {
      const r = await run('--format', format);
      expect(r.code, r.stderr).toBe(0);
      // Figure, web row and total row.
      expect(r.stdout.split('€89,999,999,999,999.51').length - 1, format).toBe(3);
      expect(r.stdout, format).not.toContain('999.52');
    }
    const csv = await run('--format', 'csv');
    const rows = csv.stdout.trim().split('\n');
    expect(rows.find((row) => row.startsWith('web,'))).toContain(',89999999999999.51,');
    expect(rows.find((row) => row.startsWith('total,'))).toContain(',89999999999999.51,');
    const json = JSON.parse((await run('--format', 'json')).stdout);
    expect(json.totals.revenueCents).toBe('8999999999999951');
    expect(json.channels.find((c: { channel: string }) => c.channel === 'web').revenueCents).toBe('8999999999999951');
  });
});
