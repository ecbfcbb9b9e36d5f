import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { productsCommand } from '../../src/cli/commands/products.js';
import { segmentCommand } from '../../src/cli/commands/segment.js';
import { runCli, tempDir } from '../helpers/cli.js';

// Every figure below is worked by hand in fixtures/products/README.md.
const FIXTURE = ['--data', 'fixtures/products', '--as-of', '2026-06-30'];
const json = async (args: string[]) => {
  const r = await runCli(['products', ...FIXTURE, '--format', 'json', ...args]);
  expect(r.code).toBe(0);
  return { data: JSON.parse(r.stdout), stderr: r.stderr };
};

describe('plan products on the hand-checked fixture (fixtures/products/README.md)', () => {
  it('ranks products with potential, revenue, penetration, headroom and tiers', async () => {
    const { data, stderr } = await json([]);
    expect(
      data.products.map((p: Record<string, unknown>) => [
        p.rank,
        p.product,
        p.potential,
        p.revenue,
        p.buyers,
        p.penetration,
        p.accountHeadroom,
        p.whitespaceHeadroom,
        p.headroom,
        p.tier,
        p.headroomUnits,
        p.nextBestFor,
      ]),
    ).toEqual([
      [1, 'P1', 9800, 1400, 6, 0.6, 4100, 4400, 8500, 'A', 850, 2],
      [2, 'P3', 7800, 100, 1, 0.1, 4100, 3600, 7700, 'A', 77, 0],
      [3, 'P2', 8400, 1370, 6, 0.6, 3030, 4000, 7030, 'B', null, 2],
    ]);
    expect(data.totals).toMatchObject({ accounts: 10, products: 3, buyers: 8, potential: 26000, revenue: 2870, headroom: 23230 });
    // O04 (no product, 50), O09 (P9, 70), O20 (X1 not in customers.csv, 90).
    expect(data.unplaced.withoutProduct).toEqual({ rows: 1, amount: 50 });
    expect(data.unplaced.unknownProducts).toMatchObject({ rows: 1, amount: 70 });
    expect(data.unplaced.unknownCustomers).toEqual({ customers: 1, amount: 90 });
    expect(stderr).toContain('orders.csv:10: left out of every product: 1 row for 1 product no input lists: "P9"');
  });

  it('--by industry: the product x segment matrix', async () => {
    const { data } = await json(['--by', 'industry']);
    expect(
      data.bySegment.map((r: Record<string, unknown>) => [r.product, r.segment, r.buyers, r.potential, r.revenue, r.headroom]),
    ).toEqual([
      ['P1', 'Health', 2, 4800, 150, 4650],
      ['P1', 'Retail', 4, 5000, 1250, 3850],
      ['P3', 'Health', 0, 4800, 0, 4800],
      ['P3', 'Retail', 1, 3000, 100, 2900],
      ['P2', 'Health', 2, 6400, 1100, 5300],
      ['P2', 'Retail', 4, 2000, 270, 1730],
    ]);
  });

  it("--accounts: each account's top product and next best product with the reason", async () => {
    const { data } = await json(['--accounts']);
    expect(data.accounts.map((a: Record<string, unknown>) => [a.id, a.topProduct, a.topHeadroom, a.nextBest, a.nextBestHeadroom])).toEqual([
      ['H4', 'P2', 800, 'P2', 800],
      ['R4', 'P1', 500, 'P1', 500],
      ['R5', 'P1', 500, 'P1', 500],
      ['R3', 'P1', 300, 'P2', 200],
      ['H3', 'P2', 800, null, null],
      ['H1', 'P3', 600, null, null],
      ['H2', 'P1', 600, null, null],
      ['R6', 'P1', 350, null, null],
      ['R1', 'P3', 300, null, null],
      ['R2', 'P3', 200, null, null],
    ]);
    expect(data.accounts[0].reason).toBe('bought by 2 of 3 buying peers in Health (67%), not yet by this account');
    const table = await runCli(['products', ...FIXTURE, '--accounts', '--top', '2', '--format', 'csv']);
    expect(table.stdout.trim().split('\n')).toHaveLength(3);
  });

  it("says where a product's revenue comes from: its order lines, not the account's revenue that plan segment takes", async () => {
    const r = await runCli(['products', ...FIXTURE, '--format', 'md']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('our revenue for it is its order lines in orders.csv dated in the 12 months to --as-of, returns netted;');
  });

  it('--accounts --compare is a usage error (exit 2): the moves would be of products, not of the accounts listed', async () => {
    const r = await runCli(['products', ...FIXTURE, '--accounts', '--compare', 'earlier.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--compare shows moves of the product ranking, not of accounts: leave out --accounts (or --compare)');
  });

  it('gives the same ranking from market.csv product rows', async () => {
    const { data } = await json(['--market', 'fixtures/products/market-products.csv']);
    expect(data.products.map((p: Record<string, unknown>) => [p.product, p.potential, p.headroom])).toEqual([
      ['P1', 9800, 8500],
      ['P3', 7800, 7700],
      ['P2', 8400, 7030],
    ]);
  });

  it('says what it needs without products.csv or product rows (exit 66)', async () => {
    const r = await runCli(['products', '--data', 'fixtures/segment', '--format', 'json']);
    expect(r.code).toBe(66);
    expect(r.stderr).toContain('needs products.csv or market.csv rows with a product column');
  });
});

describe('plan schedule gives the next best product as a call reason when products are present', () => {
  it('names the product of each account the README finds one for (H4, R3: Gloves; R4, R5: Paper), no other', async () => {
    // fixtures/products with one rep owning every account and no contacts.csv: every account is due.
    const dir = join(tempDir(), 'products-schedule');
    cpSync('fixtures/products', dir, { recursive: true });
    const lines = readFileSync(join(dir, 'customers.csv'), 'utf8').trim().split('\n');
    writeFileSync(join(dir, 'customers.csv'), `${lines.map((l, i) => `${l},${i === 0 ? 'owner' : 'A'}`).join('\n')}\n`);
    writeFileSync(join(dir, 'reps.csv'), 'id,name,role,calls_per_day\nA,Anna,inside,20\n');
    const r = await runCli(['schedule', '--data', dir, '--as-of', '2026-06-30', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const calls = JSON.parse(r.stdout)
      .slots.filter((s: { call?: unknown }) => s.call)
      .map((s: { call: { account: string; reasons: string[] } }) => s.call);
    const named = Object.fromEntries(
      calls.map((c: { account: string; reasons: string[] }) => [c.account, c.reasons.find((x) => x.startsWith('next best product: '))]),
    );
    expect(named).toEqual({
      H1: undefined,
      H2: undefined,
      H3: undefined,
      H4: 'next best product: Gloves',
      R1: undefined,
      R2: undefined,
      R3: 'next best product: Gloves',
      R4: 'next best product: Paper',
      R5: 'next best product: Paper',
      R6: undefined,
    });
  });
});

describe('plan products without a product column in orders.csv', () => {
  it('warns that no order line names a product, and ranks by potential alone', async () => {
    const dir = join(tempDir(), 'no-product');
    cpSync('fixtures/products', dir, { recursive: true });
    const orders = readFileSync(join(dir, 'orders.csv'), 'utf8').trim().split('\n');
    const at = (orders[0] as string).split(',').indexOf('product');
    writeFileSync(
      join(dir, 'orders.csv'),
      `${orders
        .map((l) =>
          l
            .split(',')
            .filter((_, i) => i !== at)
            .join(','),
        )
        .join('\n')}\n`,
    );
    const r = await runCli(['products', '--data', dir, '--as-of', '2026-06-30', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('W_NO_PRODUCT');
    // Headroom = potential (README: 9,800, 8,400, 7,800), none bought.
    expect(JSON.parse(r.stdout).products.map((p: Record<string, unknown>) => [p.product, p.headroom, p.buyers])).toEqual([
      ['P1', 9800, 0],
      ['P2', 8400, 0],
      ['P3', 7800, 0],
    ]);
  });
});

describe('--help examples', () => {
  it.each([
    ['products', productsCommand.examples],
    ['segment', segmentCommand.examples],
  ])('every example of plan %s runs, in order (the JSON one written is the one compared with)', async (_, examples) => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    for (const example of examples) {
      const args = example
        .split(/\s+/)
        .slice(1)
        .map((a) => (a.endsWith('.json') ? join(dir, a) : a));
      const r = await runCli(args.includes('--as-of') ? args : [...args, '--as-of', '2026-11-27']);
      expect(r.code, `${example}\n${r.stderr}`).toBe(0);
    }
  });
});

describe('a broken products.csv', () => {
  it('stops with exit 65 and the line of the problem', async () => {
    const dir = join(tempDir(), 'broken-products');
    cpSync('fixtures/products', dir, { recursive: true });
    writeFileSync(join(dir, 'products.csv'), `${readFileSync(join(dir, 'products.csv'), 'utf8')}P1,Paper,office,,60%,10\n`);
    const r = await runCli(['products', '--data', dir, '--as-of', '2026-06-30']);
    expect(r.code).toBe(65);
    expect(r.stderr).toContain('products.csv:7: product "P1" appears twice (first on line 2) with another share (E_DUPLICATE_KEY)');
  });
});
