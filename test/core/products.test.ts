import { describe, expect, it } from 'vitest';
import {
  buildCatalog,
  createProductFold,
  PRODUCT_DEFAULTS,
  type ProductAnalysis,
  type ProductCatalog,
  type ProductOptions,
} from '../../src/core/products.js';
import { buildMarket, type MarketCell, type SegmentCustomer } from '../../src/core/segment.js';
import { dayFromParts } from '../../src/schema/calendar.js';
import { defaultConfig } from '../../src/schema/config.js';
import { type CustomerRow, FILES, type MarketRow, type OrderRow, type ProductRow } from '../../src/schema/files.js';
import { marketRows, readRows, segmentFold } from '../helpers/read.js';

const DIR = 'fixtures/products';
const config = defaultConfig();
const asOf = dayFromParts(2026, 6, 30) as number;
const TIERS = { a: 0.5, b: 0.95 };

/** plan segment's fold by industry over the accounts, then the product fold over the same accounts. */
function analyse(
  cells: MarketCell[],
  catalog: ProductCatalog,
  customers: readonly SegmentCustomer[],
  orders: readonly Pick<OrderRow, 'customer_id' | 'date' | 'amount' | 'product' | 'line'>[],
  options: Partial<ProductOptions> = {},
  ordersFirst = true,
) {
  const segments = segmentFold(cells, { tiers: TIERS });
  const products = createProductFold(catalog, cells, {
    asOf,
    tiers: TIERS,
    ...PRODUCT_DEFAULTS,
    keepAccounts: true,
    ...options,
  });
  if (ordersFirst) for (const o of orders) products.addOrder(o);
  for (const c of customers) {
    segments.add(c, 0);
    products.addAccount(c);
  }
  if (!ordersFirst) for (const o of orders) products.addOrder(o);
  segments.finish();
  const analysis = products.finish(segments.placement());
  return Object.assign(analysis, { nextBest: products.nextBest });
}

async function fixture(marketFile = 'market.csv', productRows?: ProductRow[]) {
  const customers = await readRows(FILES.customers, `${DIR}/customers.csv`);
  const orders = await readRows(FILES.orders, `${DIR}/orders.csv`);
  const marketRows = await readRows(FILES.market, `${DIR}/${marketFile}`);
  const market = buildMarket(marketRows, marketFile);
  expect(market.problems).toEqual([]);
  const rows = productRows ?? (await readRows(FILES.products, `${DIR}/products.csv`));
  const { catalog, problems } = buildCatalog(rows, 'products.csv', market.cells);
  expect(problems).toEqual([]);
  return { customers, orders, cells: market.cells, catalog };
}

const byProduct = (a: ProductAnalysis) => Object.fromEntries(a.products.map((p) => [p.product, p]));

describe('fixtures/products: 3 products, 2 segments, worked by hand in its README', () => {
  it('ranks products by headroom with potential, revenue, penetration and tiers', async () => {
    const f = await fixture();
    const a = analyse(f.cells, f.catalog, f.customers, f.orders);
    expect(a.products.map((p) => [p.rank, p.product, p.tier])).toEqual([
      [1, 'P1', 'A'],
      [2, 'P3', 'A'],
      [3, 'P2', 'B'],
    ]);
    const p = byProduct(a);
    expect(p.P1).toMatchObject({
      name: 'Paper',
      category: 'office',
      price: 10,
      accounts: 10,
      buyers: 6,
      penetration: 0.6,
      accountPotential: 5400,
      potential: 9800,
      revenue: 1400,
      accountHeadroom: 4100,
      whitespaceHeadroom: 4400,
      headroom: 8500,
      headroomUnits: 850,
      nextBestFor: 2,
    });
    expect(p.P2).toMatchObject({
      buyers: 6,
      penetration: 0.6,
      accountPotential: 4400,
      potential: 8400,
      revenue: 1370,
      accountHeadroom: 3030,
      whitespaceHeadroom: 4000,
      headroom: 7030,
      headroomUnits: null,
      nextBestFor: 2,
    });
    expect(p.P3).toMatchObject({
      buyers: 1,
      penetration: 0.1,
      potential: 7800,
      revenue: 100,
      accountHeadroom: 4100,
      whitespaceHeadroom: 3600,
      headroom: 7700,
      headroomUnits: 77,
      nextBestFor: 0,
    });
    expect(a.products.map((x) => x.headroomShare)).toEqual([0.365906, 0.331468, 0.302626]);
    expect(a.totals).toEqual({
      accounts: 10,
      products: 3,
      buyers: 8,
      potential: 26000,
      revenue: 2870,
      revenueCents: '287000',
      headroom: 23230,
    });
  });

  it('splits each product by segment (product x segment)', async () => {
    const f = await fixture();
    const a = analyse(f.cells, f.catalog, f.customers, f.orders);
    expect(a.bySegment.map((r) => [r.product, r.segment, r.accounts, r.buyers, r.potential, r.revenue, r.headroom])).toEqual([
      ['P1', 'Health', 4, 2, 4800, 150, 4650],
      ['P1', 'Retail', 6, 4, 5000, 1250, 3850],
      ['P3', 'Health', 4, 0, 4800, 0, 4800],
      ['P3', 'Retail', 6, 1, 3000, 100, 2900],
      ['P2', 'Health', 4, 2, 6400, 1100, 5300],
      ['P2', 'Retail', 6, 4, 2000, 270, 1730],
    ]);
    expect(a.bySegment[0]).toMatchObject({ productRank: 1, segmentRank: 1, segmentTier: 'A', penetration: 0.5, shareOfProduct: 0.547059 });
  });

  it("names each account's top product and next best product, with the reason", async () => {
    const f = await fixture();
    const a = analyse(f.cells, f.catalog, f.customers, f.orders);
    expect(a.accounts.map((x) => [x.rank, x.id, x.topProduct, x.topHeadroom, x.nextBest, x.peerBuyers, x.peers])).toEqual([
      [1, 'H4', 'P2', 800, 'P2', 2, 3],
      [2, 'R4', 'P1', 500, 'P1', 4, 4],
      [3, 'R5', 'P1', 500, 'P1', 4, 5],
      [4, 'R3', 'P1', 300, 'P2', 4, 4],
      [5, 'H3', 'P2', 800, null, null, null],
      [6, 'H1', 'P3', 600, null, null, null],
      [7, 'H2', 'P1', 600, null, null, null],
      [8, 'R6', 'P1', 350, null, null, null],
      [9, 'R1', 'P3', 300, null, null, null],
      [10, 'R2', 'P3', 200, null, null, null],
    ]);
    const h4 = a.accounts[0];
    expect(h4).toMatchObject({
      nextBestHeadroom: 800,
      peerPenetration: 0.666667,
      products: 0,
      revenue: 0,
      segmentTier: 'A',
      segment: 'Health',
    });
    expect(a.accounts.find((x) => x.id === 'R2')).toMatchObject({ products: 3, revenue: 800 });
    // By position (for other commands), without listing accounts.
    expect(a.nextBest(4)?.product).toBe('P1');
    expect(a.nextBest(0)).toBeUndefined();
  });

  it('counts what no product figure takes: no product, unknown products, unknown customers', async () => {
    const f = await fixture();
    const a = analyse(f.cells, f.catalog, f.customers, f.orders);
    expect(a.unplaced.withoutProduct).toEqual({ rows: 1, amount: 50 });
    expect(a.unplaced.unknownProducts).toMatchObject({ rows: 1, distinct: 1, amount: 70, top: [{ key: 'P9', count: 1, firstLine: 10 }] });
    expect(a.unplaced.unknownCustomers).toEqual({ customers: 1, amount: 90 });
  });

  it('gives the same figures from market.csv product rows as from products.csv shares', async () => {
    const f = await fixture();
    const shares = analyse(f.cells, f.catalog, f.customers, f.orders);
    const rows = await readRows(FILES.products, `${DIR}/products.csv`);
    const namesOnly = rows.map((r) => ({ ...r, share: undefined }));
    const m = await fixture('market-products.csv', namesOnly);
    expect(m.cells.map((c) => [c.key.industry, c.firms, c.spendPerFirm])).toEqual([
      ['Retail', 10, 1000],
      ['Health', 8, 2000],
    ]);
    const market = analyse(m.cells, m.catalog, m.customers, m.orders);
    expect(market.products).toEqual(shares.products);
    expect(market.accounts).toEqual(shares.accounts);
  });

  it('does not depend on whether orders or accounts are folded first', async () => {
    const f = await fixture();
    const first = analyse(f.cells, f.catalog, f.customers, f.orders, {}, true);
    const last = analyse(f.cells, f.catalog, f.customers, f.orders, {}, false);
    expect(JSON.stringify(last)).toBe(JSON.stringify(first));
  });

  it.each([
    [0.6, 3, ['H4', 'R3', 'R4', 'R5']],
    [0.8, 3, ['R3', 'R4', 'R5']],
    [0.81, 3, ['R3', 'R4']],
    [0.3, 4, ['R3', 'R4', 'R5']],
    [0.3, 2, ['H2', 'H3', 'H4', 'R3', 'R4', 'R5']],
  ])('peer share %s and at least %s peers: next best product for %j', async (peerShare, minPeers, ids) => {
    const f = await fixture();
    const a = analyse(f.cells, f.catalog, f.customers, f.orders, { peerShare, minPeers });
    expect(
      a.accounts
        .filter((x) => x.nextBest !== null)
        .map((x) => x.id)
        .sort(),
    ).toEqual(ids);
  });
});

describe('buildCatalog', () => {
  const row = (product: string, fields: Partial<ProductRow> = {}, line = 2): ProductRow => ({
    product,
    name: undefined,
    category: undefined,
    industry: undefined,
    share: undefined,
    price: undefined,
    line,
    ...fields,
  });

  it('takes an industry share over the overall one, matching industries without case', () => {
    const { catalog, problems } = buildCatalog(
      [row('A', { share: 0.5 }), row('B', { share: 0.2 }), row('A', { industry: 'Health', share: 0.1 }, 4)],
      'products.csv',
    );
    expect(problems).toEqual([]);
    expect([...catalog.shares('HEALTH')]).toEqual([0.1, 0.2]);
    expect([...catalog.shares('Retail')]).toEqual([0.5, 0.2]);
    expect([...catalog.shares(undefined)]).toEqual([0.5, 0.2]);
  });

  it('refuses shares over 100% in an industry, and the same product twice with another share', () => {
    const { problems } = buildCatalog(
      [
        row('A', { share: 0.5 }, 2),
        row('B', { share: 0.4 }, 3),
        row('B', { industry: 'Health', share: 0.6 }, 4),
        row('A', { share: 0.4 }, 5),
        row('B', { share: 0.4, name: 'Bee' }, 6),
        row('C', { name: 'Sea' }, 7),
      ],
      'products.csv',
    );
    expect(problems.map((p) => [p.severity, p.line, p.code])).toEqual([
      ['error', 5, 'E_DUPLICATE_KEY'],
      ['warning', 6, 'W_DUPLICATE_KEY'],
      ['error', 4, 'E_SHARE_SUM'],
      ['warning', 7, 'W_NO_SHARE'],
    ]);
    expect(problems[2]?.message).toContain('Health');
    expect(problems[2]?.message).toContain('110.0%');
  });

  it('warns about a name given twice differently, and keeps the first', () => {
    const { catalog, problems } = buildCatalog(
      [row('A', { share: 0.1 }), row('A', { name: 'Alpha', industry: 'Y' }, 3), row('A', { name: 'Alfa', industry: 'X' }, 4)],
      'p.csv',
    );
    expect(catalog.products[0]?.name).toBe('Alpha');
    expect(problems).toEqual([
      expect.objectContaining({ code: 'W_CONFLICT', line: 4, columnName: 'name', message: expect.stringContaining('"Alpha" on line 3') }),
    ]);
  });
});

describe('buildMarket with product rows', () => {
  const market = (rows: Partial<MarketRow>[]) => buildMarket(marketRows(rows), 'market.csv');

  it('adds product rows up to the cell, growth weighted by spend', () => {
    const { cells, problems } = market([
      { industry: 'A', product: 'x', firms: 10, spend_per_firm: 300, growth: 0.1 },
      { industry: 'A', product: 'y', firms: 10, spend: 1000, growth: 0 },
      { industry: 'B', firms: 5, spend_per_firm: 50 },
    ]);
    expect(problems).toEqual([]);
    expect(cells.map((c) => [c.key.industry, c.firms, c.spendPerFirm, c.growth, c.line])).toEqual([
      ['A', 10, 400, 0.075, 2],
      ['B', 5, 50, 0, 4],
    ]);
    expect([...(cells[0]?.products ?? [])]).toEqual([
      ['x', 300],
      ['y', 100],
    ]);
  });

  it("keeps a cell's own row and lets product rows split it, never exceed it", () => {
    const { cells, problems } = market([
      { industry: 'A', firms: 10, spend_per_firm: 1000 },
      { industry: 'A', product: 'x', spend_per_firm: 300 },
      { industry: 'B', firms: 10, spend_per_firm: 100 },
      { industry: 'B', product: 'x', spend_per_firm: 80 },
      { industry: 'B', product: 'y', spend_per_firm: 30 },
    ]);
    expect(cells.map((c) => [c.key.industry, c.spendPerFirm, c.products?.size])).toEqual([
      ['A', 1000, 1],
      ['B', 100, 2],
    ]);
    expect(problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        line: 5,
        code: 'E_PRODUCT_SPEND',
        message: expect.stringContaining('110 spend per firm'),
      }),
    ]);
  });

  it('refuses product rows of one cell with different firm counts, or the same product twice', () => {
    const { problems } = market([
      { industry: 'A', product: 'x', firms: 10, spend_per_firm: 300 },
      { industry: 'A', product: 'y', firms: 12, spend_per_firm: 100 },
      { industry: 'A', product: 'x', firms: 10, spend_per_firm: 301 },
    ]);
    expect(problems.map((p) => [p.line, p.code])).toEqual([
      [4, 'E_DUPLICATE_KEY'],
      [3, 'E_DUPLICATE_KEY'],
    ]);
    expect(problems[1]?.message).toContain('different numbers of firms (10 on line 2, 12 here)');
  });
});

describe('order lines are folded', () => {
  it('sums many lines into one figure per account x product', () => {
    const catalog = buildCatalog(
      [
        { product: 'a', name: undefined, category: undefined, industry: undefined, share: 0.5, price: undefined, line: 2 },
        { product: 'b', name: undefined, category: undefined, industry: undefined, share: 0.5, price: undefined, line: 3 },
      ],
      'p.csv',
    ).catalog;
    const fold = createProductFold(catalog, [], { asOf, tiers: TIERS, ...PRODUCT_DEFAULTS, keepAccounts: false });
    for (let i = 0; i < 50_000; i++)
      fold.addOrder({
        customer_id: `C${i % 1000}`,
        date: asOf,
        amount: 100, // one cent, in ten-thousandths
        product: Math.floor(i / 1000) % 2 === 0 ? 'a' : 'b',
        line: i + 2,
      });
    const customers: SegmentCustomer[] = [];
    const account = (id: string): CustomerRow & SegmentCustomer => ({ id, line: 2, extra: {} }) as unknown as CustomerRow & SegmentCustomer;
    for (let i = 0; i < 1000; i++) customers.push(account(`C${i}`));
    const segments = segmentFold([], { tiers: TIERS });
    for (const c of customers) {
      segments.add(c, 0);
      fold.addAccount(c);
    }
    segments.finish();
    const a = fold.finish(segments.placement());
    expect(a.products.map((p) => [p.product, p.buyers, p.revenue])).toEqual([
      ['a', 1000, 250],
      ['b', 1000, 250],
    ]);
  });
});

describe('fixtures/demo: the planted product patterns show', () => {
  const WIPES = 'Disinfectant wipes, 120 pcs';
  it('ranks the undersold service contract first and suggests the wipes to Healthcare accounts that lack them', async () => {
    const D = 'fixtures/demo';
    const cells = buildMarket(await readRows(FILES.market, `${D}/market.csv`), 'market.csv').cells;
    const built = buildCatalog(await readRows(FILES.products, `${D}/products.csv`), 'products.csv', cells);
    expect(built.problems).toEqual([]);
    const customers = await readRows(FILES.customers, `${D}/customers.csv`);
    const orders = await readRows(FILES.orders, `${D}/orders.csv`);
    const segments = segmentFold(cells, { by: ['industry', 'region', 'size'], marketDimensions: ['industry', 'region', 'size'] });
    const fold = createProductFold(built.catalog, cells, {
      asOf: dayFromParts(2026, 11, 27) as number,
      tiers: config.tiers,
      ...PRODUCT_DEFAULTS,
      keepAccounts: true,
    });
    for (const o of orders) fold.addOrder(o);
    for (const c of customers) {
      segments.add(c);
      fold.addAccount(c);
    }
    segments.finish();
    const a = fold.finish(segments.placement());
    expect(a.products[0]).toMatchObject({ product: 'Service contract extension', tier: 'A' });
    expect(a.products[0]?.penetration).toBeLessThan(0.05);
    // Healthcare buyers: the wipes are the next best product of more of them than any other product,
    // and of most that buy 6+ products but not the wipes (those mostly buy the other three core products).
    const industry = new Map(customers.map((c) => [c.id, c.industry]));
    const health = a.accounts.filter((x) => industry.get(x.id) === 'Healthcare' && x.products > 0);
    const counts = new Map<string, number>();
    for (const x of health) if (x.nextBest) counts.set(x.nextBest, (counts.get(x.nextBest) ?? 0) + 1);
    const ranked = [...counts].sort((p, q) => q[1] - p[1]);
    expect(ranked[0]?.[0]).toBe(WIPES);
    const wipesBuyers = new Set(
      orders.filter((o) => o.product === WIPES && o.date > dayFromParts(2025, 11, 27)!).map((o) => o.customer_id),
    );
    const broad = health.filter((x) => x.products >= 6 && !wipesBuyers.has(x.id));
    expect(broad.length).toBeGreaterThan(20);
    expect(broad.filter((x) => x.nextBest === WIPES).length / broad.length).toBeGreaterThan(0.7);
  });
});
