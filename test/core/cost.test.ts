import { describe, expect, it } from 'vitest';
import { createChannelResolver, resolveChannelCosts } from '../../src/core/channels.js';
import { analyseCost, type CostOptions, costWindow, OrderTally, type Placement, type Shift, shiftProblem } from '../../src/core/cost.js';
import { type Day, parseIsoDay } from '../../src/schema/calendar.js';
import { defaultConfig } from '../../src/schema/config.js';
import { toUnits } from '../../src/schema/money.js';

const day = (text: string): Day => parseIsoDay(text) as Day;
const config = defaultConfig();
const article = (unitCost: Record<string, number> = {}) => resolveChannelCosts(config.channelCosts, { unitCost });
const WINDOW = { from: day('2026-01-01'), to: day('2026-12-31') };

interface Line {
  customer: string;
  channel: string;
  amount: number;
  date?: string;
  order?: string;
}

/** Folds literal order lines (line numbers from 2) into a tally, as the readers do. */
function tally(lines: Line[], resolve = createChannelResolver(), window = WINDOW): OrderTally {
  const t = new OrderTally(window, resolve);
  lines.forEach((l, i) => {
    t.add({
      customer_id: l.customer,
      channel: l.channel,
      amount: toUnits(l.amount),
      date: day(l.date ?? '2026-06-01'),
      order_id: l.order,
      line: i + 2,
    });
  });
  return t;
}

const repeat = (n: number, line: Line): Line[] => Array.from({ length: n }, () => ({ ...line }));
const analyse = (t: OrderTally, options: Partial<CostOptions> = {}) =>
  analyseCost(t, { costs: article({ field: 100 }), by: 'channel', shifts: [], ...options });
const channel = (a: ReturnType<typeof analyseCost>, name: string) => a.channels.find((c) => c.channel === name);

describe('channel names', () => {
  const resolve = createChannelResolver();
  it.each([
    ['field', 'field'],
    ['Visit', 'field'],
    ['rep', 'field'],
    ['Field Sales', 'field'],
    ['field_sales', 'field'],
    ['Telephone', 'phone'],
    ['tel.', 'phone'],
    ['call', 'phone'],
    ['PHONE', 'phone'],
    ['E-Mail', 'email'],
    ['mail', 'email'],
    ['EDI', 'web'],
    ['Portal', 'web'],
    ['online', 'web'],
    ['Webshop', 'web'],
    ['web shop', 'web'],
    ['Außendienst', undefined],
    ['fax', undefined],
  ])('%s -> %s', (label, expected) => {
    expect(resolve(label)).toBe(expected);
  });

  it('config synonyms add names and override the defaults, never our own four names', () => {
    const custom = createChannelResolver({ Außendienst: 'field', mail: 'web', web: 'email' });
    expect(custom('außendienst')).toBe('field');
    expect(custom('Mail')).toBe('web');
    expect(custom('web')).toBe('web');
  });
});

describe('cost window', () => {
  it('is the 12 months up to --as-of by default, as plan segment sums revenue', () => {
    expect(costWindow(day('2026-11-27'))).toEqual({ from: day('2025-11-28'), to: day('2026-11-27') });
  });
  it('takes --from and --to as given', () => {
    expect(costWindow(day('2026-11-27'), day('2026-01-01'), day('2026-06-30'))).toEqual({ from: day('2026-01-01'), to: day('2026-06-30') });
    expect(costWindow(day('2026-11-27'), undefined, day('2026-02-28'))).toEqual({ from: day('2025-03-01'), to: day('2026-02-28') });
  });
});

describe('the 100 : 1 : 0.01 rule (DOMAIN.md idea 3)', () => {
  // 2 field orders (1,500.00), 10 by phone (1,000.00), 100 by e-mail (1,000.00), 50 on the web (1,000.00).
  const lines = [
    { customer: 'C1', channel: 'field', amount: 1000 },
    { customer: 'C1', channel: 'field', amount: 500 },
    ...repeat(10, { customer: 'C2', channel: 'phone', amount: 100 }),
    ...repeat(100, { customer: 'C3', channel: 'email', amount: 10 }),
    ...repeat(50, { customer: 'C3', channel: 'web', amount: 20 }),
  ];

  it('with a field order at 100: field 200, phone 10, e-mail 1, web 0.50; total 211.50', () => {
    const a = analyse(tally(lines));
    expect(a.channels.map((c) => [c.channel, c.costPerOrder, c.orders, c.revenue, c.cost])).toEqual([
      ['field', 100, 2, 1500, 200],
      ['phone', 1, 10, 1000, 10],
      ['email', 0.01, 100, 1000, 1],
      ['web', 0.01, 50, 1000, 0.5],
    ]);
    expect(a.totals).toMatchObject({ customers: 3, orders: 162, revenue: 4500, cost: 211.5, costPerOrder: 1.31, costToRevenue: 0.047 });
    // 2 of 162 orders (1.2%) carry 200 of 211.50 cost (94.6%).
    expect(channel(a, 'field')).toMatchObject({
      orderShare: 0.012346,
      costShare: 0.945626,
      costToRevenue: 0.133333,
      averageOrder: 750,
      customers: 1,
    });
    expect(channel(a, 'email')).toMatchObject({ orderShare: 0.617284, costShare: 0.004728, averageOrder: 10 });
  });

  it('scaled by default so that a field order costs 250: phone 2.50, e-mail and web 0.025', () => {
    const a = analyseCost(tally(lines), { costs: article(), by: 'channel', shifts: [] });
    expect(a.channels.map((c) => c.cost)).toEqual([500, 25, 2.5, 1.25]);
    expect(a.totals.cost).toBe(528.75);
    expect(a.costs.scale).toEqual({ channel: 'field', cost: 250, byDefault: true });
  });

  it('--unit-cost phone=3 sets the scale from the phone; --channel-cost sets one channel outright', () => {
    const costs = resolveChannelCosts(config.channelCosts, { unitCost: { phone: 3 }, costs: { web: 0 } });
    expect(costs.costs).toEqual({ field: 300, phone: 3, email: 0.03, web: 0 });
    expect([costs.scale, costs.outright]).toEqual([{ channel: 'phone', cost: 3, byDefault: false }, [{ channel: 'web', cost: 0 }]]);
    const a = analyseCost(tally(lines), { costs, by: 'channel', shifts: [] });
    expect(a.channels.map((c) => c.cost)).toEqual([600, 30, 3, 0]);
  });

  it('the benchmark preset is absolute: field 300, phone 30, e-mail 20, web 4', () => {
    const costs = resolveChannelCosts({ ...config.channelCosts, preset: 'benchmark' });
    expect(costs.costs).toEqual({ field: 300, phone: 30, email: 20, web: 4 });
    expect(costs.scale).toBeNull();
    expect(analyseCost(tally(lines), { costs, by: 'channel', shifts: [] }).totals.cost).toBe(600 + 300 + 2000 + 200);
  });
});

describe('counting', () => {
  it('lines of one order (same order_id, customer and channel in a row) count once; their amounts add up', () => {
    const t = tally([
      { customer: 'C1', channel: 'field', amount: 10, order: 'O1' },
      { customer: 'C1', channel: 'field', amount: 20, order: 'O1' },
      { customer: 'C1', channel: 'phone', amount: 5, order: 'O1' }, // same id, other channel: another order
      { customer: 'C1', channel: 'phone', amount: 5, order: 'O2' },
      { customer: 'C1', channel: 'field', amount: 1, order: 'O1' }, // not adjacent: counted again
      { customer: 'C1', channel: 'field', amount: 1 },
      { customer: 'C1', channel: 'field', amount: 1 }, // no order_id: every row is an order
    ]);
    // Amounts in money units (ten-thousandths): field 10 + 20 + 1 + 1 + 1 = 33, phone 5 + 5 = 10.
    expect([t.orders(0, 0), t.amount(0, 0), t.orders(0, 1), t.amount(0, 1)]).toEqual([4, 330_000, 2, 100_000]);
  });

  it('returns (negative amounts) are counted apart and never netted into orders, revenue or cost', () => {
    const a = analyse(
      tally([
        { customer: 'C1', channel: 'field', amount: 300 },
        { customer: 'C1', channel: 'field', amount: -120.5 },
        { customer: 'C1', channel: 'web', amount: -0.5 },
        { customer: 'C1', channel: 'field', amount: 0 },
      ]),
    );
    expect(channel(a, 'field')).toMatchObject({ orders: 2, revenue: 300, cost: 200, returns: 1, returned: -120.5 });
    expect(channel(a, 'web')).toMatchObject({ orders: 0, revenue: 0, cost: 0, returns: 1, returned: -0.5 });
    expect(a.totals).toMatchObject({ orders: 2, revenue: 300, returns: 2, returned: -121 });
  });

  it('counts only orders dated inside the window; the others are counted as outside', () => {
    const a = analyse(
      tally([
        { customer: 'C1', channel: 'phone', amount: 10, date: '2025-12-31' },
        { customer: 'C1', channel: 'phone', amount: 10, date: '2026-01-01' },
        { customer: 'C2', channel: 'phone', amount: 10, date: '2026-12-31' },
        { customer: 'C3', channel: 'phone', amount: 10, date: '2027-01-01' },
      ]),
    );
    expect(a.totals).toMatchObject({ customers: 2, orders: 2, revenue: 20, rows: 4, outsideWindow: 2 });
  });

  it('leaves unknown channels out of the costs and counts them by label with their first line', () => {
    const lines = [
      { customer: 'C1', channel: 'Außendienst', amount: 50 },
      { customer: 'C1', channel: 'fax', amount: 10 },
      { customer: 'C2', channel: 'Außendienst', amount: 25 },
      { customer: 'C2', channel: 'field', amount: 25 },
    ];
    const a = analyse(tally(lines));
    expect(a.unknownChannels).toEqual([
      { label: 'Außendienst', rows: 2, units: 750_000, firstLine: 2 },
      { label: 'fax', rows: 1, units: 100_000, firstLine: 3 },
    ]);
    expect(a.totals).toMatchObject({ orders: 1, revenue: 25, cost: 100 });
    const mapped = analyse(tally(lines, createChannelResolver({ Außendienst: 'field' })));
    expect(mapped.unknownChannels.map((u) => u.label)).toEqual(['fax']);
    expect(mapped.totals).toMatchObject({ orders: 3, revenue: 100, cost: 300 });
  });

  it('reports orders for customers missing from customers.csv with counts and first lines', () => {
    const t = tally([
      { customer: 'C1', channel: 'web', amount: 1 },
      { customer: 'X9', channel: 'web', amount: 1 },
      { customer: 'X8', channel: 'web', amount: 1 },
      { customer: 'X9', channel: 'phone', amount: -1 },
      { customer: 'X9', channel: 'fax', amount: 1 },
    ]);
    t.checkCustomers();
    t.markKnown('C1');
    t.markKnown('C7'); // in customers.csv without orders: nothing to say
    const a = analyse(t, { by: 'customer' });
    expect(a.unknownCustomers).toEqual({
      rows: 4,
      distinct: 2,
      top: [
        { key: 'X9', count: 3, firstLine: 3 },
        { key: 'X8', count: 1, firstLine: 4 },
      ],
    });
    // Equal cost shares: ranked by id.
    expect(a.customers.map((c) => [c.id, c.known])).toEqual([
      ['C1', true],
      ['X8', false],
      ['X9', false],
    ]);
  });

  it('sums cents exactly: a thousand orders of 0.10 are 100.00, not 99.9999999999986', () => {
    const lines = repeat(1000, { customer: 'C1', channel: 'web', amount: 0.1 });
    let float = 0;
    for (const l of lines) float += l.amount;
    expect(float).not.toBe(100);
    expect(analyse(tally(lines)).totals.revenue).toBe(100);
    expect(
      analyse(tally([...repeat(3, { customer: 'C1', channel: 'web', amount: 0.1 }), { customer: 'C2', channel: 'web', amount: 0.2 }]))
        .totals.revenue,
    ).toBe(0.5);
  });

  it('keeps grand totals exact beyond 2^53 cents (BigInt), rounded to the cent once', () => {
    const t = new OrderTally(WINDOW, createChannelResolver());
    // 1,500 customers of about 450 billion each (just under the bound of 900 billion per customer and channel):
    // the total, about 6.8e17 money units or 6.8e15 cents, is past what a float sum of units keeps exact.
    let exact = 0n;
    let float = 0;
    for (let i = 0; i < 1500; i++) {
      const units = 4_503_599_627_370_497 + i * 7;
      t.add({ customer_id: `C${i}`, channel: 'web', amount: units, date: day('2026-06-01'), order_id: undefined, line: i + 2 });
      exact += BigInt(units);
      float += units;
    }
    const cents = (exact + 50n) / 100n; // ten-thousandths -> cents, half up (all positive)
    expect(BigInt(Math.round(float / 100))).not.toBe(cents); // the float sum would be off
    expect(analyse(t).totals.revenueCents).toBe(cents.toString());
  });
});

describe('what-if shifts', () => {
  const shift = (text: string, from: Shift['from'], to: Shift['to'], share: number, tier?: Shift['tier']): Shift => ({
    text,
    from,
    to,
    share,
    tier,
  });
  const costs = article();

  it('field:phone=30% moves 3 of 10 field orders: 2,500 -> 1,757.50, saving 742.50', () => {
    const a = analyseCost(tally(repeat(10, { customer: 'C1', channel: 'field', amount: 100 })), {
      costs,
      by: 'channel',
      shifts: [shift('field:phone=30%', 'field', 'phone', 0.3)],
    });
    expect(a.shift).toMatchObject({ before: 2500, after: 1757.5, saving: 742.5, savingShare: 0.297 });
    expect(channel(a, 'field')?.after).toEqual({ orders: 7, cost: 1750, saving: 750 });
    expect(channel(a, 'phone')?.after).toEqual({ orders: 3, cost: 7.5, saving: -7.5 });
  });

  it("shares apply to the orders before any shift, and shifts for all tiers add to a tier's own", () => {
    const lines = [
      ...repeat(10, { customer: 'A1', channel: 'field', amount: 100 }),
      ...repeat(10, { customer: 'C1', channel: 'field', amount: 100 }),
    ];
    const placement = (id: string): Placement | undefined => ({ segment: 'S', tier: id.startsWith('A') ? 'A' : 'C' });
    // C: 5 of 10 field orders to the web; A untouched. Field 15 x 250 = 3,750; web 5 x 0.025 = 0.125: after 3,750.125 and
    // saving 1,249.875, each exact and rounded once to the cent (half away from zero): 3,750.13 and 1,249.88.
    const a = analyseCost(tally(lines), { costs, by: 'tier', shifts: [shift('C:field:web=50%', 'field', 'web', 0.5, 'C')], placement });
    expect(a.shift).toMatchObject({ before: 5000, after: 3750.13, saving: 1249.88 });
    // Plus field:phone=20% everywhere: A 8 field + 2 phone, C 3 field + 5 web + 2 phone.
    const b = analyseCost(tally(lines), {
      costs,
      by: 'tier',
      shifts: [shift('C:field:web=50%', 'field', 'web', 0.5, 'C'), shift('field:phone=20%', 'field', 'phone', 0.2)],
      placement,
    });
    expect(b.channels.map((c) => c.after?.orders)).toEqual([11, 4, 0, 5]);
    expect(b.shift?.after).toBe(2760.13);
    expect(b.groups.map((g) => [g.group, g.customers, g.orders, g.cost])).toEqual([
      ['A', 1, 10, 2500],
      ['C', 1, 10, 2500],
    ]);
  });

  it.each([
    [[shift('field:phone=60%', 'field', 'phone', 0.6), shift('field:web=50%', 'field', 'web', 0.5)], '110% of field orders elsewhere'],
    [
      [shift('field:phone=60%', 'field', 'phone', 0.6), shift('C:field:web=50%', 'field', 'web', 0.5, 'C')],
      '110% of field orders in tier C',
    ],
    [[shift('phone:web=101%', 'phone', 'web', 1.01)], '101% of phone orders'],
    [[shift('web:web=10%', 'web', 'web', 0.1)], 'moves web orders to web'],
  ])('refuses more than 100%% out of one channel: %#', (shifts, message) => {
    expect(shiftProblem(shifts)).toContain(message);
  });

  it.each([
    [[shift('A:field:web=60%', 'field', 'web', 0.6, 'A'), shift('C:field:web=60%', 'field', 'web', 0.6, 'C')]],
    [[shift('field:phone=50%', 'field', 'phone', 0.5), shift('field:web=50%', 'field', 'web', 0.5)]],
  ])('accepts up to 100%% per tier: %#', (shifts) => {
    expect(shiftProblem(shifts)).toBeUndefined();
  });
});

describe('customers', () => {
  // Field order 250: a field order is "small" when worth less than 2,500 (cost >= 10% of value).
  const lines = [
    ...repeat(10, { customer: 'SMALL', channel: 'field', amount: 100 }), // flagged: all field, 250 vs 100
    ...repeat(10, { customer: 'BIG', channel: 'field', amount: 5000 }), // field, but large orders
    ...repeat(4, { customer: 'MIXED', channel: 'visit', amount: 100 }),
    ...repeat(6, { customer: 'MIXED', channel: 'web', amount: 100 }), // 40% field: not mostly
    ...repeat(5, { customer: 'HALF', channel: 'field', amount: 2500 }),
    ...repeat(5, { customer: 'HALF', channel: 'email', amount: 10 }), // 50% field, 250 = 10% of 2,500: flagged
    { customer: 'FREE', channel: 'phone', amount: 0 },
  ];
  const a = analyseCost(tally(lines), { costs: article(), by: 'customer', shifts: [] });
  const byId = new Map(a.customers.map((c) => [c.id, c]));

  it('flags customers ordering mostly through a costly channel with small orders', () => {
    expect(a.customers.filter((c) => c.flagged).map((c) => c.id)).toEqual(['SMALL', 'HALF']);
    expect(a.totals.flagged).toBe(2);
    expect(a.flagRule.costlyChannels).toEqual(['field']);
    // The figures a flagged customer's "why" is worded from: 10 of 10 orders by field at 100 each; 5 of 10 at 2,500.
    expect(byId.get('SMALL')?.costly).toEqual({ channels: ['field'], orders: 10, share: 1, averageOrder: 100 });
    expect(byId.get('HALF')?.costly).toEqual({ channels: ['field'], orders: 5, share: 0.5, averageOrder: 2500 });
    expect(byId.get('BIG')?.costly).toBeNull();
  });

  it('ranks by cost as a share of revenue, cost without revenue first', () => {
    expect(a.customers.map((c) => [c.rank, c.id, c.costToRevenue])).toEqual([
      [1, 'FREE', null],
      [2, 'SMALL', 2.5],
      [3, 'MIXED', 1.00015],
      [4, 'HALF', 0.099612], // 1,250.13 / 12,550
      [5, 'BIG', 0.05],
    ]);
    expect(byId.get('MIXED')).toMatchObject({
      orders: 10,
      revenue: 1000,
      cost: 1000.15,
      mainChannel: 'web',
      mainChannelShare: 0.6,
      ordersByChannel: { field: 4, phone: 0, email: 0, web: 6 },
    });
  });

  it('--top keeps the first N', () => {
    expect(analyseCost(tally(lines), { costs: article(), by: 'customer', shifts: [], top: 2 }).customers.map((c) => c.id)).toEqual([
      'FREE',
      'SMALL',
    ]);
  });
});
