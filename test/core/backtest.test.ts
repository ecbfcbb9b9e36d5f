import { describe, expect, it } from 'vitest';
import { averageRanks, type BacktestAccount, backtest, spearman } from '../../src/core/backtest.js';
import { sumRevenue12m, sumRevenueAround } from '../../src/core/revenue.js';
import { buildMarket } from '../../src/core/segment.js';
import { dayFromParts } from '../../src/schema/calendar.js';
import { FILES } from '../../src/schema/files.js';
import { readRows, segmentFold } from '../helpers/read.js';

const DIR = 'fixtures/backtest';

describe('fixtures/backtest: a planted outcome worked by hand in its README', () => {
  it('ranks as of T with orders up to T, then measures growth by tier, lift and Spearman', async () => {
    const t = dayFromParts(2025, 6, 30) as number;
    const customers = await readRows(FILES.customers, `${DIR}/customers.csv`);
    const orders = await readRows(FILES.orders, `${DIR}/orders.csv`);
    const market = buildMarket(await readRows(FILES.market, `${DIR}/market.csv`), 'market.csv');

    // As of T: revenue is the orders of the 12 months to T, nothing later.
    const atT = sumRevenue12m(t);
    const around = sumRevenueAround(t, 12);
    for (const o of orders) {
      atT.add(o);
      around.add(o);
    }
    const fold = segmentFold(market.cells, { keepAccounts: true });
    for (const c of customers) fold.add(c, atT.result().get(c.id) ?? 0);
    const analysis = fold.finish();
    expect(analysis.segments.map((s) => [s.segment, s.headroom, s.tier])).toEqual([
      ['Big', 99000, 'A'],
      ['Mid', 19300, 'B'],
      ['Small', 4500, 'C'],
    ]);
    expect(around.outside()).toBe(2);

    const accounts: BacktestAccount[] = analysis.accounts.map((a) => {
      const [before, after] = around.result().get(a.id) ?? [0, 0];
      return { id: a.id, segment: a.segment, tier: a.tier, headroom: a.headroom, before, after };
    });
    expect(accounts.map((a) => [a.id, a.headroom, a.before / 10_000, a.after / 10_000])).toEqual([
      ['B2', 10000, 0, 1500],
      ['B1', 9000, 1000, 3000],
      ['M2', 1800, 200, 300],
      ['M1', 1500, 500, 600],
      ['S2', 400, 100, 150],
      ['S1', 100, 400, 450],
    ]);

    const result = backtest(accounts, analysis.segments);
    expect(result.tiers).toEqual([
      {
        tier: 'A',
        accounts: 2,
        buyingBefore: 1,
        buyingAfter: 2,
        won: 1,
        lost: 0,
        revenueBefore: 1000,
        revenueAfter: 4500,
        growth: 3500,
        revenueBeforeCents: '100000',
        revenueAfterCents: '450000',
        growthCents: '350000',
        growthRate: 3.5,
        growthPerAccount: 1750,
      },
      {
        tier: 'B',
        accounts: 2,
        buyingBefore: 2,
        buyingAfter: 2,
        won: 0,
        lost: 0,
        revenueBefore: 700,
        revenueAfter: 900,
        growth: 200,
        revenueBeforeCents: '70000',
        revenueAfterCents: '90000',
        growthCents: '20000',
        growthRate: 0.285714,
        growthPerAccount: 100,
      },
      {
        tier: 'C',
        accounts: 2,
        buyingBefore: 2,
        buyingAfter: 2,
        won: 0,
        lost: 0,
        revenueBefore: 500,
        revenueAfter: 600,
        growth: 100,
        revenueBeforeCents: '50000',
        revenueAfterCents: '60000',
        growthCents: '10000',
        growthRate: 0.2,
        growthPerAccount: 50,
      },
    ]);
    expect(result.lift).toEqual({ value: 35, a: 1750, c: 50, why: null });
    expect(result.spearman).toEqual({ accounts: { rho: 0.912159, n: 6 }, segments: { rho: 1, n: 3 } });
    expect(result.untiered).toBe(0);
  });
});

describe('spearman', () => {
  it.each([
    ['perfect agreement', [1, 2, 3, 4], [10, 20, 30, 40], 1],
    ['perfect disagreement', [1, 2, 3, 4], [40, 30, 20, 10], -1],
    // Ranks x 1..5, y 2,1,4,3,5: d^2 = 1+1+1+1+0 = 4, rho = 1 - 6*4/(5*24) = 0.8 (no ties: the textbook formula).
    ['no ties, textbook formula', [1, 2, 3, 4, 5], [2, 1, 4, 3, 5], 0.8],
  ])('%s', (_name, x, y, rho) => {
    expect(spearman(x, y)).toEqual({ rho, n: x.length });
  });

  it('gives tied values their average rank', () => {
    expect([...averageRanks([5, 1, 5, 3, 5])]).toEqual([4, 1, 4, 2, 4]);
  });

  it('says nothing below 3 pairs or without spread', () => {
    expect(spearman([1, 2], [1, 2])).toEqual({ rho: null, n: 2 });
    expect(spearman([1, 2, 3], [7, 7, 7])).toEqual({ rho: null, n: 3 });
  });
});

describe('lift', () => {
  const account = (id: string, tier: 'A' | 'B' | 'C' | null, before: number, after: number): BacktestAccount => ({
    id,
    segment: tier ?? '-',
    tier,
    headroom: 0,
    // Money units: ten-thousandths.
    before: before * 10_000,
    after: after * 10_000,
  });

  it('is null, with the reason, when tier C did not grow or is empty', () => {
    expect(backtest([account('a', 'A', 0, 10), account('c', 'C', 10, 5)]).lift).toEqual({
      value: null,
      a: 10,
      c: -5,
      why: 'tier C did not grow, so a ratio says nothing',
    });
    expect(backtest([account('a', 'A', 0, 10)]).lift.why).toBe('no account in tier C');
  });

  it('counts accounts without a tier apart, lost accounts, and no growth rate without revenue before', () => {
    const r = backtest([account('a', 'A', 0, 10), account('x', null, 5, 0), account('b', 'B', 5, 0)]);
    expect(r.untiered).toBe(1);
    expect(r.tiers[0]).toMatchObject({ won: 1, growthRate: null });
    expect(r.tiers[1]).toMatchObject({ lost: 1, growthRate: -1 });
  });
});
