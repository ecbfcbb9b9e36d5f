import { describe, expect, it } from 'vitest';
import { resolveChannelCosts } from '../../src/core/channels.js';
import {
  analyseSegments,
  assignTiers,
  buildMarket,
  chooseCoverage,
  createMatcher,
  type MarketCell,
  type SegmentCustomer,
  sizeFromEmployees,
} from '../../src/core/segment.js';
import { defaultConfig } from '../../src/schema/config.js';
import type { MarketRow } from '../../src/schema/files.js';
import { marketRows, segmentOptions } from '../helpers/read.js';

const config = defaultConfig();
const costs = resolveChannelCosts(config.channelCosts);

function market(rows: Partial<MarketRow>[]): MarketCell[] {
  return buildMarket(marketRows(rows), 'market.csv').cells;
}

function account(id: string, fields: Partial<SegmentCustomer> = {}): SegmentCustomer {
  return {
    id,
    name: id,
    status: undefined,
    industry: undefined,
    region: undefined,
    size: undefined,
    employees: undefined,
    revenue_12m: undefined,
    contract_start: undefined,
    line: 2,
    extra: {},
    ...fields,
  };
}

const options = segmentOptions;

describe('market join', () => {
  const cells = market([
    { industry: 'Retail', region: 'North', size: 'small', spend_per_firm: 1 },
    { industry: 'Retail', region: undefined, size: 'small', spend_per_firm: 2 },
    { industry: 'Retail', region: 'North', size: undefined, spend_per_firm: 3 },
    { industry: undefined, region: undefined, size: undefined, spend_per_firm: 4 },
  ]);
  const match = createMatcher(cells, ['industry', 'region', 'size']);
  const spendOf = (v: Partial<Record<'industry' | 'region' | 'size', string>>) => {
    const m = match({ industry: undefined, region: undefined, size: undefined, ...v });
    return m && { spend: m.cell.spendPerFirm, match: m.match };
  };

  it.each([
    ['all three fixed: exact', { industry: 'Retail', region: 'North', size: 'small' }, { spend: 1, match: 'exact' }],
    ['case does not matter', { industry: 'retail', region: 'NORTH', size: 'Small' }, { spend: 1, match: 'exact' }],
    [
      'most specific wildcard row; region before size on a tie',
      { industry: 'Retail', region: 'North', size: 'large' },
      { spend: 3, match: 'wildcard' },
    ],
    [
      'region unknown to the market: industry + size row',
      { industry: 'Retail', region: 'South', size: 'small' },
      { spend: 2, match: 'wildcard' },
    ],
    ['only the catch-all fits', { industry: 'Food' }, { spend: 4, match: 'wildcard' }],
    ['no segment values at all: the catch-all', {}, { spend: 4, match: 'wildcard' }],
  ])('%s', (_name, values, expected) => {
    expect(spendOf(values)).toEqual(expected);
  });

  it('returns nothing when no row fits', () => {
    const strict = createMatcher(market([{ industry: 'Retail', region: 'North', size: 'small', spend_per_firm: 1 }]), [
      'industry',
      'region',
      'size',
    ]);
    expect(strict({ industry: 'Retail', region: 'North', size: 'large' })).toBeUndefined();
    expect(strict({ industry: undefined, region: undefined, size: undefined })).toBeUndefined();
  });

  it('calls a match exact when the market file has no column for a dimension', () => {
    const byIndustry = createMatcher(market([{ industry: 'Retail', spend_per_firm: 1 }]), ['industry']);
    expect(byIndustry({ industry: 'Retail', region: 'North', size: 'small' })?.match).toBe('exact');
  });
});

describe('market cells', () => {
  it('derives spend per firm from spend / firms', () => {
    expect(market([{ industry: 'A', spend: 1000, firms: 4 }])[0]?.spendPerFirm).toBe(250);
  });

  it('refuses conflicting duplicate keys and ignores identical repeats with a warning', () => {
    const rows = [
      { industry: 'A', spend_per_firm: 1, firms: 2, line: 2 },
      { industry: 'a', spend_per_firm: 1, firms: 2, line: 3 },
      { industry: 'A', spend_per_firm: 9, firms: 2, line: 4 },
    ].map((r) => ({
      region: undefined,
      size: undefined,
      spend: undefined,
      employees: undefined,
      spend_per_employee: undefined,
      product: undefined,
      growth: undefined,
      ...r,
    }));
    const { cells, problems } = buildMarket(rows, 'market.csv');
    expect(cells).toHaveLength(1);
    expect(problems.map((p) => [p.severity, p.line, p.code])).toEqual([
      ['warning', 3, 'W_DUPLICATE_KEY'],
      ['error', 4, 'E_DUPLICATE_KEY'],
    ]);
    expect(problems[1]?.message).toContain('first on line 2');
  });
});

describe('suppressed market figures (BAD_INPUTS.md case 52)', () => {
  it('leaves out a cell whose spend is suppressed, never reading it as 0, and says so', () => {
    const rows = [
      { industry: 'A', firms: 184, spend: Number.NaN, line: 2 },
      { industry: 'B', firms: Number.NaN, spend_per_firm: 500, line: 3 },
      { industry: 'C', firms: 10, spend: 5000, line: 4 },
    ].map((r) => ({
      region: undefined,
      size: undefined,
      spend: undefined,
      spend_per_firm: undefined,
      employees: undefined,
      spend_per_employee: undefined,
      product: undefined,
      growth: undefined,
      ...r,
    }));
    const { cells, problems } = buildMarket(rows, 'market.csv');
    expect(cells.map((c) => [c.key.industry, c.firms, c.spendPerFirm])).toEqual([
      ['B', undefined, 500],
      ['C', 10, 500],
    ]);
    expect(problems).toEqual([
      expect.objectContaining({
        severity: 'warning',
        line: 2,
        code: 'W_SUPPRESSED_CELL',
        message: expect.stringMatching(/^1 market row with a suppressed spend left out \(line 2\)/),
      }),
    ]);
  });
});

describe('potential and headroom', () => {
  const cells = market([{ industry: 'A', firms: 10, spend_per_firm: 1000, growth: 0.1 }]);

  it('headroom is potential minus revenue, never below zero, plus whitespace', () => {
    const result = analyseSegments(
      // revenue_12m in money units (ten-thousandths): 400 and 2,500.
      [account('x', { industry: 'A', revenue_12m: 4_000_000 }), account('y', { industry: 'A', revenue_12m: 25_000_000 })],
      cells,
      options({ by: ['industry'], marketDimensions: ['industry'] }),
    );
    const byId = Object.fromEntries(result.accounts.map((a) => [a.id, a]));
    expect(byId.x).toMatchObject({ potential: 1000, revenue: 400, headroom: 600, shareOfWallet: 0.4 });
    expect(byId.y).toMatchObject({ potential: 1000, revenue: 2500, headroom: 0, shareOfWallet: 2.5 });
    expect(result.segments[0]).toMatchObject({
      accounts: 2,
      firms: 10,
      whitespace: 8,
      marketSpend: 10000,
      revenue: 2900,
      accountHeadroom: 600,
      whitespaceHeadroom: 8000,
      headroom: 8600,
      growthHeadroom: 9460,
    });
  });

  it('takes revenue from a per-id map (orders) when given', () => {
    const result = analyseSegments([account('x', { industry: 'A' })], cells, options(), new Map([['x', 3_000_000]])); // 300.00
    expect(result.accounts.at(0)).toMatchObject({ revenue: 300, headroom: 700 });
  });

  it('scales by employees with spend per employee, or by the cell average without it', () => {
    const withFigure = market([{ industry: 'A', firms: 10, spend_per_firm: 1000, spend_per_employee: 20 }]);
    expect(
      analyseSegments([account('x', { industry: 'A', employees: 30 })], withFigure, options({ scaleBy: 'employees' })).accounts.at(0)
        ?.potential,
    ).toBe(600);
    const result = analyseSegments(
      [account('x', { industry: 'A', employees: 10 }), account('y', { industry: 'A', employees: 30 })],
      cells,
      options({ scaleBy: 'employees' }),
    );
    // Average 20 employees: 1000 / 20 = 50 per employee.
    expect(Object.fromEntries(result.accounts.map((a) => [a.id, a.potential]))).toEqual({ x: 500, y: 1500 });
    expect(result.notes.join(' ')).toContain('average employees');
  });

  it('sizes accounts from employees through the bands', () => {
    expect([0, 49, 50, 249, 250, 10_000].map((e) => sizeFromEmployees(e, config.sizeBands))).toEqual([
      'small',
      'small',
      'medium',
      'medium',
      'large',
      'large',
    ]);
    expect(sizeFromEmployees(undefined, config.sizeBands)).toBeUndefined();
  });

  it('counts accounts that match nothing, and their (no market data) segment', () => {
    const result = analyseSegments([account('x'), account('y', { industry: 'A' })], cells, options());
    expect(result.coverage).toMatchObject({ exact: 0, wildcard: 1, none: 1, unmatched: [expect.objectContaining({ id: 'x' })] });
    expect(result.segments.map((s) => s.segment)).toContain('(no market data)');
  });
});

describe('tiers by cumulative headroom share', () => {
  const cut = { a: 0.8, b: 0.95 };
  it.each([
    ['exactly 80% before: B', [80, 15, 5], ['A', 'B', 'C']],
    ['exactly 95% before: C', [60, 25, 10, 5], ['A', 'A', 'B', 'C']],
    ['one segment holding everything is A', [100, 0], ['A', 'C']],
    ['just under 80% before: A', [79, 16, 5], ['A', 'A', 'C']],
    ['no headroom at all: all C', [0, 0], ['C', 'C']],
  ])('%s', (_name, headrooms, tiers) => {
    expect(assignTiers(headrooms as number[], cut).map((t) => t.tier)).toEqual(tiers);
  });

  it('follows the configured cut-offs', () => {
    expect(assignTiers([50, 30, 20], { a: 0.5, b: 0.8 }).map((t) => t.tier)).toEqual(['A', 'B', 'C']);
  });
});

describe('coverage channel', () => {
  // Field 250 x 12 = 3,000 a year; inside 2.5 x 24 = 60; digital 0.025 x 12 = 0.30; limit 10% of potential.
  it.each([
    [30_000, 'field'],
    [29_999, 'inside'],
    [600, 'inside'],
    [599, 'digital'],
    [0, 'digital'],
  ])('potential %d per firm -> %s', (potential, channel) => {
    expect(chooseCoverage(potential, config.coverage, costs).channel).toBe(channel);
  });

  it('hands over the cost that decided', () => {
    // 3,000 / 40,000 = 7.5% of potential, within 10%; digital when inside's 60 is over 10% of 500 (12%).
    expect(chooseCoverage(40_000, config.coverage, costs).cost).toEqual({
      channel: 'field',
      yearly: 3000,
      share: 0.075,
      limit: 0.1,
      within: true,
    });
    expect(chooseCoverage(500, config.coverage, costs).cost).toEqual({
      channel: 'inside',
      yearly: 60,
      share: 0.12,
      limit: 0.1,
      within: false,
    });
    expect(chooseCoverage(0, config.coverage, costs).cost.share).toBeNull();
  });
});

describe('exact revenue', () => {
  it('sums revenue as integers: one account at the bound and 1,000 of 0.01 are 900,000,000,010.00 exactly', () => {
    const cells = market([{ industry: 'A', firms: 2000, spend_per_firm: 1 }]);
    const accounts = [
      account('big', { industry: 'A', revenue_12m: 9_000_000_000_000_000 }), // 900 billion in ten-thousandths
      ...Array.from({ length: 1000 }, (_, i) => account(`s${i}`, { industry: 'A', revenue_12m: 100 })), // 0.01 each
    ];
    const result = analyseSegments(accounts, cells, options({ by: ['industry'], marketDimensions: ['industry'] }));
    expect(result.segments[0]?.revenue).toBe(900_000_000_010);
    expect(result.totals.revenue).toBe(900_000_000_010);
    // Summing the same figures as floats in currency units (as plan segment did) drifts by cents.
    let float = 900_000_000_000;
    for (let i = 0; i < 1000; i++) float += 0.01;
    expect(Math.round(float * 100) / 100).not.toBe(900_000_000_010);
  });
});

describe('status without a status column', () => {
  it('revenue in the window (from the column or from orders) makes a customer; a contract too; nothing a prospect', () => {
    const cells = market([{ industry: 'A', firms: 10, spend_per_firm: 1000 }]);
    const result = analyseSegments(
      [
        account('ordered', { industry: 'A' }),
        account('contract', { industry: 'A', contract_start: 20000 }),
        account('none', { industry: 'A' }),
      ],
      cells,
      options(),
      new Map([['ordered', 50_000]]), // 5.00 of orders in the 12 months
    );
    const status = Object.fromEntries(result.accounts.map((a) => [a.id, a.status]));
    expect(status).toEqual({ ordered: 'customer', contract: 'customer', none: 'prospect' });
    expect(result.segments[0]).toMatchObject({ customers: 2, prospects: 1 });
  });
});

describe('market cells suppressed as 0', () => {
  it('firms with a spend of 0 leave the row out with a warning; firms with 0 employees make employees unknown', () => {
    const rows: MarketRow[] = [
      {
        industry: 'A',
        region: 'N',
        size: undefined,
        firms: 120,
        spend: 0,
        spend_per_firm: undefined,
        employees: 3400,
        spend_per_employee: undefined,
        growth: undefined,
        product: undefined,
        line: 2,
      },
      {
        industry: 'A',
        region: undefined,
        size: undefined,
        firms: 300,
        spend: 900_000,
        spend_per_firm: undefined,
        employees: 8000,
        spend_per_employee: undefined,
        growth: undefined,
        product: undefined,
        line: 3,
      },
      {
        industry: 'B',
        region: 'N',
        size: undefined,
        firms: 15,
        spend: 45_000,
        spend_per_firm: undefined,
        employees: 0,
        spend_per_employee: undefined,
        growth: undefined,
        product: undefined,
        line: 4,
      },
      {
        industry: 'C',
        region: 'N',
        size: undefined,
        firms: 0,
        spend: 0,
        spend_per_firm: 0,
        employees: 0,
        spend_per_employee: undefined,
        growth: undefined,
        product: undefined,
        line: 5,
      },
    ];
    const built = buildMarket(rows, 'market.csv');
    expect(built.cells.map((c) => [c.line, c.spendPerFirm, c.spendPerEmployee])).toEqual([
      [3, 3000, 112.5], // 900,000 / 300 firms; 900,000 / 8,000 employees
      [4, 3000, undefined], // 0 employees: unknown, not a division by zero
      [5, 0, undefined], // no firms: a real zero
    ]);
    expect(built.problems.map((p) => [p.code, p.line])).toEqual([
      ['W_ZERO_SPEND', 2],
      ['W_ZERO_EMPLOYEES', 4],
    ]);
  });
});
