import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createChannelResolver } from '../../src/core/channels.js';
import {
  type ContactAccount,
  type ContactCustomer,
  contactAccount,
  contactAccounts,
  createContactFold,
  setSegmentTier,
} from '../../src/core/contact.js';
import { OrderTally } from '../../src/core/cost.js';
import {
  analyseFocus,
  DEFAULT_EASY_SHARE,
  decileOf,
  type FocusAnalysis,
  type FocusGroup,
  type FocusInput,
  type FocusOptions,
  focusInput,
  focusPeriods,
} from '../../src/core/focus.js';
import { periodRevenue, sumRevenue12m } from '../../src/core/revenue.js';
import { buildMarket, DIMENSIONS, type Tier } from '../../src/core/segment.js';
import { PlanError } from '../../src/errors.js';
import { ProblemLog } from '../../src/io/problems.js';
import { type ReadContext, readAll } from '../../src/io/table.js';
import { addMonths, type Day, formatDay, parseIsoDay } from '../../src/schema/calendar.js';
import { defaultConfig } from '../../src/schema/config.js';
import { type ContactRow, type CustomerRow, FILES, type OrderRow } from '../../src/schema/files.js';
import { segmentFold } from '../helpers/read.js';

function d(text: string): Day {
  const day = parseIsoDay(text);
  if (day === undefined) throw new Error(`not a date: ${text}`);
  return day;
}

const config = defaultConfig();

function options(asOf: Day, over: Partial<FocusOptions> = {}): FocusOptions {
  return {
    asOf,
    periods: focusPeriods(asOf),
    cadence: config.cadence,
    postSaleDays: config.postSaleDays,
    easyShare: DEFAULT_EASY_SHARE,
    list: false,
    ...over,
  };
}

type OrderLiteral = Pick<OrderRow, 'customer_id' | 'date' | 'amount' | 'line'>;
type TouchLiteral = Pick<ContactRow, 'customer_id' | 'date' | 'type' | 'line'>;

/**
 * The analysis as a run feeds it: orders through the order tally's period sums, touches through the contact
 * fold, whose onTouch counts sales touches of the current period.
 */
function analyse(input: FocusInput, orders: readonly OrderLiteral[], touches: readonly TouchLiteral[], opts: FocusOptions) {
  const { current, previous } = opts.periods;
  const tally = new OrderTally(current, createChannelResolver(), undefined, [current, previous]);
  for (const o of orders) tally.add({ ...o, channel: 'field', order_id: undefined });
  const n = input.accounts.length;
  const positions = new Int32Array(tally.customers).fill(-1);
  for (let k = 0; k < n; k++) {
    const c = tally.markKnown((input.accounts.at(k) as ContactAccount).id);
    if (c >= 0) positions[c] = k;
  }
  const salesTouches = new Uint32Array(n);
  const contacts = createContactFold(input.accounts, {
    asOf: opts.asOf,
    cadence: opts.cadence,
    postSaleDays: opts.postSaleDays,
    touchTypes: config.touchTypes,
    onTouch: (i, day, sales) => {
      if (sales && day >= current.from && day <= current.to) salesTouches[i] = (salesTouches[i] as number) + 1;
    },
  });
  for (const t of touches) contacts.add(t);
  return analyseFocus({ input, revenue: periodRevenue(tally, positions, n), salesTouches, contacts }, opts);
}

// ---------------------------------------------------------------- periods

describe('focusPeriods', () => {
  const show = (p: ReturnType<typeof focusPeriods>) => [
    formatDay(p.current.from),
    formatDay(p.current.to),
    formatDay(p.previous.from),
    formatDay(p.previous.to),
  ];

  it.each([
    // The default: the 12 months to as-of (the window of revenue_12m), and the 12 months before, back to back.
    ['2026-06-30', undefined, undefined, ['2025-07-01', '2026-06-30', '2024-07-01', '2025-06-30']],
    ['2026-11-27', undefined, undefined, ['2025-11-28', '2026-11-27', '2024-11-28', '2025-11-27']],
    // End of February: the 12 months to 2026-02-28 start on 2025-03-01; the 12 months to 2025-02-28 on the leap day.
    ['2026-02-28', undefined, undefined, ['2025-03-01', '2026-02-28', '2024-02-29', '2025-02-28']],
    // A leap day as-of: 2027-02-28 is 12 months before it, so the period starts on 2027-03-01.
    ['2028-02-29', undefined, undefined, ['2027-03-01', '2028-02-29', '2026-03-01', '2027-02-28']],
    // A quarter against the same quarter a year earlier.
    ['2026-06-30', '2026-01-01', '2026-03-31', ['2026-01-01', '2026-03-31', '2025-01-01', '2025-03-31']],
    // --from alone runs to as-of; --to alone goes back 12 months.
    ['2026-06-30', '2026-04-01', undefined, ['2026-04-01', '2026-06-30', '2025-04-01', '2025-06-30']],
    ['2026-06-30', undefined, '2025-12-31', ['2025-01-01', '2025-12-31', '2024-01-01', '2024-12-31']],
  ])('as of %s, --from %s --to %s', (asOf, from, to, expected) => {
    expect(show(focusPeriods(d(asOf), from ? d(from) : undefined, to ? d(to) : undefined))).toEqual(expected);
  });

  it.each([
    ['2026-06-30', undefined, '2026-07-01', /--to 2026-07-01 is after --as-of 2026-06-30/],
    ['2026-06-30', '2026-05-01', '2026-04-30', /--from 2026-05-01 is after --to 2026-04-30/],
    ['2026-06-30', '2025-06-30', undefined, /spans more than 12 months/],
  ])('as of %s, --from %s --to %s is a usage error', (asOf, from, to, message) => {
    const call = () => focusPeriods(d(asOf), from ? d(from) : undefined, to ? d(to) : undefined);
    expect(call).toThrow(PlanError);
    expect(call).toThrow(message);
  });

  it('never overlaps and leaves no gap for the default period (any as-of)', () => {
    fc.assert(
      fc.property(fc.integer({ min: d('2000-01-01'), max: d('2100-12-31') }), (asOf) => {
        const { current, previous } = focusPeriods(asOf);
        expect(previous.to + 1).toBe(current.from);
        expect(current.from).toBe(addMonths(asOf, -12) + 1);
        expect(previous.from).toBe(addMonths(addMonths(asOf, -12), -12) + 1);
      }),
    );
  });
});

describe('decileOf', () => {
  it.each([
    // 6 accounts fill deciles 1, 2, 4, 6, 7, 9 (floor(p x 10 / 6) + 1).
    [6, [1, 2, 4, 6, 7, 9]],
    [10, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
    [12, [1, 1, 2, 3, 4, 5, 6, 6, 7, 8, 9, 10]],
    [1, [1]],
  ])('%i accounts', (count, expected) => {
    expect(Array.from({ length: count }, (_, p) => decileOf(p, count))).toEqual(expected);
  });
});

// ---------------------------------------------------------------- the hand-checked fixture

const FIXTURE = 'fixtures/focus';
const FIXTURE_AS_OF = d('2026-06-30');

/**
 * A data folder through the real reader and plan segment's analysis (its defaults; revenue from orders when
 * customers.csv has no revenue_12m, as plan segment does), then the fold.
 */
async function analyseFolder(dir: string, asOf: Day, list: boolean): Promise<FocusAnalysis> {
  const ctx: ReadContext = { options: {}, config, problems: new ProblemLog(false), stdin: new PassThrough().end(), headers: new Map() };
  const read = <Row>(spec: { file: string }) =>
    readAll(spec as Parameters<typeof readAll<Row>>[0], { path: join(dir, spec.file), label: spec.file }, ctx);
  const market = buildMarket(await read(FILES.market), 'market.csv');
  expect(market.problems).toEqual([]);
  const dimensions = DIMENSIONS.filter((x) => ctx.headers?.get('market.csv')?.includes(x));
  const customers = await read<CustomerRow>(FILES.customers);
  const orders = await read<OrderRow>(FILES.orders);
  const contacts = await read<ContactRow>(FILES.contacts);
  const fromOrders = !ctx.headers?.get('customers.csv')?.includes('revenue_12m');
  const revenue = sumRevenue12m(asOf);
  if (fromOrders) for (const o of orders) revenue.add(o);
  const segments = segmentFold(market.cells, { by: dimensions, marketDimensions: dimensions });
  for (const c of customers) segments.add(c, fromOrders ? (revenue.result().get(c.id) ?? 0) : undefined);
  segments.finish();
  const placement = segments.placement();
  const accounts = customers.map((c, i) => {
    const account = contactAccount(c);
    setSegmentTier(account, placement.segment(i).tier);
    return account;
  });
  return analyse(focusInput(accounts, placement), orders, contacts, options(asOf, { list }));
}

const analyseFixture = (list = false) => analyseFolder(FIXTURE, FIXTURE_AS_OF, list);

const euros = (x: number) => Math.round(x * 100);

describe('fixtures/focus (every figure worked by hand in fixtures/focus/README.md)', () => {
  let result: FocusAnalysis;
  beforeAll(async () => {
    result = await analyseFixture(true);
  });
  const rep = (id: string) => result.reps.find((g) => g.rep === id) as FocusGroup;
  const group = (key: string) => (key === 'all' ? result.team : rep(key));

  it('compares 2025-07-01..2026-06-30 with 2024-07-01..2025-06-30', () => {
    expect([result.period, result.previous].map((p) => [formatDay(p.from), formatDay(p.to)])).toEqual([
      ['2025-07-01', '2026-06-30'],
      ['2024-07-01', '2025-06-30'],
    ]);
  });

  it('ranks the flagged rep first', () => {
    expect(result.reps.map((g) => [g.rep, g.accounts, g.flags])).toEqual([
      ['R1', 6, ['chasing-easy-orders']],
      ['R2', 6, []],
    ]);
    expect(result.team.flags).toEqual([]);
  });

  // README "Effort by tier": [tier, accounts, sales touches, touch share, headroom (cents), headroom share].
  it.each([
    [
      'R1',
      [
        ['A', 2, 2, 0.1, euros(189_499.5), 0.915682],
        ['B', 1, 2, 0.1, euros(13_749.6), 0.06644],
        ['C', 3, 16, 0.8, euros(3_700), 0.017879],
      ],
    ],
    [
      'R2',
      [
        ['A', 2, 11, 0.733333, euros(159_000), 0.780177],
        ['B', 2, 2, 0.133333, euros(34_000), 0.16683],
        ['C', 2, 2, 0.133333, euros(10_800), 0.052993],
      ],
    ],
    [
      'all',
      [
        ['A', 4, 13, 0.371429, euros(348_499.5), 0.848449],
        ['B', 3, 4, 0.114286, euros(47_749.6), 0.11625],
        ['C', 5, 18, 0.514286, euros(14_500), 0.035301],
      ],
    ],
  ])('%s: sales touches and headroom by tier', (key, expected) => {
    const g = group(key);
    expect(g.effort.byTier.map((t) => [t.tier, t.accounts, t.touches, t.touchShare, t.headroom, t.headroomShare])).toEqual(expected);
  });

  it.each([
    // [group, sales touches, headroom, alignment, easy accounts, easy touches, easy touch share, overdue A]
    ['R1', 20, euros(206_949.1), 0.109208, 3, 16, 0.8, 1],
    ['R2', 15, euros(203_800), 0.939958, 1, 1, 0.066667, 0],
    ['all', 35, euros(410_749.1), 0.437774, 4, 17, 0.485714, 1],
  ])(
    '%s: %i sales touches, alignment index and easy accounts',
    (key, touches, headroom, alignment, easyAccounts, easyTouches, easyShare, overdue) => {
      const g = group(key);
      expect([g.effort.salesTouches, g.effort.headroom, g.effort.alignment]).toEqual([touches, headroom, alignment]);
      expect(g.effort.easy).toEqual({ accounts: easyAccounts, touches: easyTouches, touchShare: easyShare });
      expect(g.overdueTop).toBe(overdue);
    },
  );

  // README "Effort by headroom decile": the filled deciles [decile, accounts, touches, headroom (cents)].
  it.each([
    [
      'R1',
      [
        [1, 1, 1, euros(100_000)],
        [2, 1, 1, euros(89_499.5)],
        [4, 1, 2, euros(13_749.6)],
        [6, 1, 5, euros(1_500)],
        [7, 1, 5, euros(1_200)],
        [9, 1, 6, euros(1_000)],
      ],
    ],
    [
      'R2',
      [
        [1, 1, 5, euros(85_000)],
        [2, 1, 6, euros(74_000)],
        [4, 1, 1, euros(20_000)],
        [6, 1, 1, euros(14_000)],
        [7, 1, 1, euros(10_000)],
        [9, 1, 1, euros(800)],
      ],
    ],
    [
      'all',
      [
        [1, 2, 2, euros(189_499.5)],
        [2, 1, 5, euros(85_000)],
        [3, 1, 6, euros(74_000)],
        [4, 1, 1, euros(20_000)],
        [5, 1, 1, euros(14_000)],
        [6, 2, 3, euros(23_749.6)],
        [7, 1, 5, euros(1_500)],
        [8, 1, 5, euros(1_200)],
        [9, 1, 6, euros(1_000)],
        [10, 1, 1, euros(800)],
      ],
    ],
  ])('%s: sales touches and headroom by headroom decile', (key, expected) => {
    const g = group(key);
    expect(g.effort.byDecile).toHaveLength(10);
    expect(g.effort.byDecile.filter((x) => x.accounts > 0).map((x) => [x.decile, x.accounts, x.touches, x.headroom])).toEqual(expected);
    for (const x of g.effort.byDecile.filter((y) => y.accounts === 0)) expect([x.touches, x.headroom, x.touchShare]).toEqual([0, 0, 0]);
  });

  it('R1 decile shares: 5% of touches on the 48% of headroom in decile 1, 30% on the 0.5% in decile 9', () => {
    const r1 = rep('R1').effort.byDecile;
    expect([r1[0]?.touchShare, r1[0]?.headroomShare]).toEqual([0.05, 0.483211]);
    expect([r1[8]?.touchShare, r1[8]?.headroomShare]).toEqual([0.3, 0.004832]);
  });

  // README "Revenue bridge", in cents: previous + won + growth - decline - lost = current.
  it.each([
    [
      'R1',
      {
        previous: euros(34_500),
        current: euros(43_050.9),
        incremental: euros(8_550.9),
        retained: { accounts: 4, previous: euros(34_500), current: euros(34_550.9) },
        growth: { accounts: 2, amount: euros(2_250.4) },
        decline: { accounts: 2, amount: euros(2_199.5) },
        won: { accounts: 1, amount: euros(8_500) },
        lost: { accounts: 0, amount: 0 },
        easy: { accounts: 3, revenue: euros(26_300), share: 0.610905, incremental: euros(8_800) },
        top: { accounts: 2, revenue: euros(10_500.5), share: 0.243909, incremental: euros(-1_499.5) },
      },
    ],
    [
      'R2',
      {
        previous: euros(40_000),
        current: euros(56_200),
        incremental: euros(16_200),
        retained: { accounts: 3, previous: euros(36_000), current: euros(41_200) },
        growth: { accounts: 2, amount: euros(6_200) },
        decline: { accounts: 1, amount: euros(1_000) },
        won: { accounts: 1, amount: euros(15_000) },
        lost: { accounts: 1, amount: euros(4_000) },
        easy: { accounts: 1, revenue: euros(9_200), share: 0.163701, incremental: euros(200) },
        top: { accounts: 2, revenue: euros(41_000), share: 0.729537, incremental: euros(21_000) },
      },
    ],
    [
      'all',
      {
        previous: euros(74_500),
        current: euros(99_250.9),
        incremental: euros(24_750.9),
        retained: { accounts: 7, previous: euros(70_500), current: euros(75_750.9) },
        growth: { accounts: 4, amount: euros(8_450.4) },
        decline: { accounts: 3, amount: euros(3_199.5) },
        won: { accounts: 2, amount: euros(23_500) },
        lost: { accounts: 1, amount: euros(4_000) },
        easy: { accounts: 4, revenue: euros(35_500), share: 0.357679, incremental: euros(9_000) },
        top: { accounts: 4, revenue: euros(51_500.5), share: 0.518892, incremental: euros(19_500.5) },
      },
    ],
  ])('%s: the revenue bridge, exact to the cent', (key, expected) => {
    const g = group(key);
    expect(g.revenue).toEqual(expected);
    const b = g.revenue;
    expect(b.previous + b.won.amount + b.growth.amount - b.decline.amount - b.lost.amount).toBe(b.current);
  });

  it("names R1's overdue A-tier account: K02 (K01 had a service touch 10 days ago, and every touch counts)", () => {
    expect(result.accounts).toEqual([
      {
        owner: 'R1',
        id: 'K02',
        name: 'St. Anna Hospital',
        status: 'prospect',
        tier: 'A',
        headroom: euros(100_000),
        shareOfWallet: 0,
        touches: 1,
        lastTouch: d('2025-12-01'),
        cadence: 30,
        daysSinceTouch: 211,
        daysOverdue: 181,
        neverTouched: false,
      },
    ]);
  });

  it('counts what it ignored: an order and a touch for K99, an order before both periods, a webinar, a call after as-of', () => {
    expect(result.ignored.orders).toEqual({
      read: 32,
      counted: 30,
      outside: 1,
      noCustomer: null,
      unknownCustomers: { rows: 1, distinct: 1, top: [{ key: 'K99', count: 1, firstLine: 33 }] },
    });
    const touches = result.ignored.touches;
    expect(touches.unknownCustomers.top.map((t) => t.key)).toEqual(['K99']);
    expect(touches.unknownTypes).toEqual([{ type: 'webinar', count: 1, firstLine: 13 }]);
    expect(touches.afterAsOf).toEqual({ rows: 1, firstLine: 15 });
  });

  it('lists no accounts unless asked', async () => {
    expect((await analyseFixture(false)).accounts).toEqual([]);
  });
});

describe('the demo (as of 2026-11-27)', () => {
  it('puts the planted rep who chases easy orders on top, the only one flagged, with overdue A-tier accounts named', async () => {
    const result = await analyseFolder('fixtures/demo', d('2026-11-27'), true);
    // demo.ts pattern 5: R10 has the most customers buying 80% or more of their potential; its other accounts
    // keep at most their first touch, so most of its sales touches go to easy accounts and its A tier waits.
    const [top, ...rest] = result.reps;
    expect(top?.rep).toBe('R10');
    expect(top?.flags).toEqual(['chasing-easy-orders']);
    expect(top?.effort.easy.touchShare).toBeGreaterThan(0.7);
    expect(rest.every((g) => g.flags.length === 0)).toBe(true);
    // Its alignment is the lowest: the others spread their touches evenly over accounts, not by headroom.
    expect(Math.min(...rest.map((g) => g.effort.alignment ?? 1))).toBeGreaterThan(top?.effort.alignment ?? 1);
    expect(result.accounts.length).toBe(top?.overdueTop);
    expect(new Set(result.accounts.map((a) => [a.owner, a.tier].join()))).toEqual(new Set(['R10,A']));
    for (const g of [...result.reps, result.team]) {
      const b = g.revenue;
      expect(b.previous + b.won.amount + b.growth.amount - b.decline.amount - b.lost.amount).toBe(b.current);
    }
  });
});

// ---------------------------------------------------------------- rules on literal rows

const AS_OF = d('2026-06-30');

interface Literal {
  id: string;
  owner?: string;
  tier?: Tier;
  status?: ContactAccount['status'];
  /** Headroom in euros. */
  headroom?: number;
  shareOfWallet?: number | null;
}

const customer = (id: string, owner: string, status: ContactCustomer['status'], line: number): ContactCustomer => ({
  id,
  name: undefined,
  status,
  owner,
  contract_start: undefined,
  contract_end: undefined,
  revenue_12m: undefined,
  line,
});

function input(literals: readonly Literal[]): FocusInput {
  const tiers = new Map(literals.map((l) => [l.id, l.tier ?? 'B']));
  const accounts = contactAccounts(
    literals.map((l, k) => customer(l.id, l.owner ?? 'R1', l.status ?? 'customer', k + 2)),
    tiers,
  );
  return {
    accounts,
    headroom: Float64Array.from(literals, (l) => Math.round((l.headroom ?? 0) * 100)),
    shareOfWallet: Float64Array.from(literals, (l) => l.shareOfWallet ?? Number.NaN),
  };
}

/** An order of `cents` (amounts are read as ten-thousandths: 100 per cent). */
const order = (customer_id: string, date: string, cents: number, line = 2) => ({ customer_id, date: d(date), amount: cents * 100, line });
const touch = (customer_id: string, date: string, type = 'call', line = 2) => ({ customer_id, date: d(date), type, line });

function run(literals: readonly Literal[], orders: ReturnType<typeof order>[], touches: ReturnType<typeof touch>[] = [], over = {}) {
  return analyse(input(literals), orders, touches, options(AS_OF, over));
}

describe('the revenue bridge: each account in exactly one term', () => {
  const PREV = '2025-01-10';
  const CUR = '2026-01-10';
  // [case, previous cents, current cents, term, amount in that term]
  it.each([
    ['retained and grown', 1000, 1500, 'growth', 500],
    ['retained and shrunk', 1500, 1000, 'decline', 500],
    ['retained, flat', 1000, 1000, 'none', 0],
    ['won (nothing before)', 0, 700, 'won', 700],
    ['won after a credit note before (its change)', -200, 700, 'won', 900],
    ['lost', 800, 0, 'lost', 800],
    ['lost, with a credit note now (its change)', 800, -100, 'lost', 900],
    ['credits only, more now: growth', -300, -100, 'growth', 200],
    ['credits only, more then: decline', -100, -300, 'decline', 200],
  ])('%s: %i -> %i cents', (_, previous, current, term, amount) => {
    const orders = [];
    if (previous !== 0) orders.push(order('A1', PREV, previous));
    if (current !== 0) orders.push(order('A1', CUR, current));
    const b = run([{ id: 'A1' }], orders).team.revenue;
    const terms = { won: b.won.amount, growth: b.growth.amount, decline: b.decline.amount, lost: b.lost.amount };
    expect(terms).toEqual({ won: 0, growth: 0, decline: 0, lost: 0, ...(term === 'none' ? {} : { [term]: amount }) });
    expect([b.previous, b.current, b.incremental]).toEqual([previous, current, current - previous]);
    expect(b.retained.accounts).toBe(previous > 0 && current > 0 ? 1 : 0);
  });

  it('counts an order on a period bound in it, and one a day outside in neither', () => {
    const r = run(
      [{ id: 'A1' }],
      [
        order('A1', '2024-06-30', 1), // the day before the previous period
        order('A1', '2024-07-01', 10),
        order('A1', '2025-06-30', 100),
        order('A1', '2025-07-01', 1000),
        order('A1', '2026-06-30', 10000),
        order('A1', '2026-07-01', 100000), // after as-of
      ],
    );
    expect([r.team.revenue.previous, r.team.revenue.current, r.ignored.orders.outside]).toEqual([110, 11000, 2]);
  });

  it('balances for any orders, per rep and for the team, and the reps add up to the team', () => {
    const ids = ['A1', 'A2', 'A3', 'A4', 'A5'];
    const arbOrder = fc.record({
      account: fc.constantFrom(...ids, 'ZZ'),
      day: fc.integer({ min: d('2024-05-01'), max: d('2026-08-01') }),
      // Cents up to a million euros, credit notes included; now and then a huge one (60 of them stay below the
      // bound of exact per-customer sums, MAX_MONEY_UNITS).
      amount: fc.oneof(fc.integer({ min: -10_000_000, max: 100_000_000 }), fc.integer({ min: 2 ** 35, max: 2 ** 40 })),
    });
    fc.assert(
      fc.property(
        fc.array(arbOrder, { maxLength: 60 }),
        fc.array(fc.constantFrom('R1', 'R2', ''), { minLength: 5, maxLength: 5 }),
        (orders, owners) => {
          const r = run(
            ids.map((id, k) => ({ id, owner: owners[k] })),
            orders.map((o) => ({ customer_id: o.account, date: o.day, amount: o.amount * 100, line: 2 })),
          );
          const balance = (b: FocusGroup['revenue']) =>
            BigInt(b.previous) + BigInt(b.won.amount) + BigInt(b.growth.amount) - BigInt(b.decline.amount) - BigInt(b.lost.amount);
          for (const g of [...r.reps, r.team]) {
            expect(balance(g.revenue)).toBe(BigInt(g.revenue.current));
            expect(g.revenue.incremental).toBe(g.revenue.current - g.revenue.previous);
          }
          // An independent sum of the orders in each period.
          const inPeriod = (p: { from: Day; to: Day }) =>
            orders.filter((o) => o.account !== 'ZZ' && o.day >= p.from && o.day <= p.to).reduce((n, o) => n + BigInt(o.amount), 0n);
          expect(BigInt(r.team.revenue.current)).toBe(inPeriod(r.period));
          expect(BigInt(r.team.revenue.previous)).toBe(inPeriod(r.previous));
          for (const key of ['previous', 'current'] as const) {
            expect(r.reps.reduce((n, g) => n + BigInt(g.revenue[key]), 0n)).toBe(BigInt(r.team.revenue[key]));
          }
          for (const key of ['won', 'growth', 'decline', 'lost'] as const) {
            expect(r.reps.reduce((n, g) => n + g.revenue[key].amount, 0)).toBe(r.team.revenue[key].amount);
          }
        },
      ),
    );
  });
});

describe('effort and the flag', () => {
  // R1: A-tier A1 (headroom 900, never touched), easy E1 and E2 (share of wallet >= 80%, headroom 50 each).
  const accounts: Literal[] = [
    { id: 'A1', tier: 'A', headroom: 900, shareOfWallet: 0.1 },
    { id: 'E1', tier: 'C', headroom: 50, shareOfWallet: 0.8 },
    { id: 'E2', tier: 'C', headroom: 50, shareOfWallet: 0.95 },
    { id: 'N1', tier: 'B', headroom: 0, shareOfWallet: 0.79 },
  ];
  const calls = (id: string, n: number) => Array.from({ length: n }, (_, k) => touch(id, formatDay(d('2026-06-01') + k)));

  it.each([
    // [case, touches, flagged, alignment]
    ['most touches on easy accounts, A1 never touched', [...calls('E1', 3), ...calls('E2', 1)], true, 0],
    ['exactly half on easy accounts is not "mostly"', [...calls('E1', 1), ...calls('N1', 1)], false, 0],
    ['most on easy accounts, but A1 touched within 14 days', [...calls('E1', 3), touch('A1', '2026-06-20')], false, 0.277778],
    [
      'A1 touched, but by service only: still not overdue (every touch counts)',
      [...calls('E1', 3), touch('A1', '2026-06-20', 'service')],
      false,
      0,
    ],
    ['no sales touches at all', [], false, null],
  ])('%s', (_, touches, flagged, alignment) => {
    const r = run(accounts, [], touches);
    const g = r.reps[0] as FocusGroup;
    expect(g.flags).toEqual(flagged ? ['chasing-easy-orders'] : []);
    // A's headroom share is 900 / 1000 = 0.9: alignment = A's touch share / 0.9.
    expect(g.effort.alignment).toBe(alignment);
  });

  it('breaks ties of headroom by id in the deciles, wherever the accounts stand in customers.csv', () => {
    // Ten accounts of the same headroom: decile k goes to the k-th id (K0..K9), and Kn has n sales touches.
    const ids = ['K3', 'K0', 'K7', 'K1', 'K9', 'K2', 'K5', 'K8', 'K4', 'K6'];
    for (const order of [ids, [...ids].sort()]) {
      const r = run(
        order.map((id) => ({ id, tier: 'B', headroom: 10 })),
        [],
        order.flatMap((id) => calls(id, Number(id.slice(1)))),
      );
      expect(r.team.effort.byDecile.map((x) => [x.decile, x.accounts, x.touches])).toEqual(
        Array.from({ length: 10 }, (_, k) => [k + 1, 1, k]),
      );
    }
  });

  it('has no alignment without A-tier headroom', () => {
    const r = run(
      [
        { id: 'A1', tier: 'A', headroom: 0 },
        { id: 'B1', tier: 'B', headroom: 10 },
      ],
      [],
      [touch('A1', '2026-06-01'), touch('B1', '2026-06-01')],
    );
    expect(r.team.effort.alignment).toBeNull();
    expect(r.team.effort.byTier[0]).toMatchObject({ tier: 'A', touches: 1, touchShare: 0.5, headroomShare: 0 });
  });

  it('never flags accounts without an owner, and puts them last', () => {
    const r = run(
      accounts.map((a) => ({ ...a, owner: a.id === 'A1' || a.id.startsWith('E') ? '' : 'R9' })),
      [],
      calls('E1', 3),
    );
    expect(r.reps.map((g) => [g.rep, g.flags])).toEqual([
      ['R9', []],
      ['(none)', []],
    ]);
    expect(r.team.overdueTop).toBe(1);
  });

  it('counts only sales touches of the period: not the previous period, not service', () => {
    const r = run(accounts, [], [touch('E1', '2025-06-30'), touch('E1', '2025-07-01'), touch('E1', '2026-06-30', 'billing')]);
    expect(r.team.effort.salesTouches).toBe(1);
  });

  it('orders reps: flagged, then lowest alignment, then most touches on easy accounts, then id', () => {
    const many: Literal[] = [];
    const touches: ReturnType<typeof touch>[] = [];
    // R3 and R4: aligned the same (no A touches: 0), R4 with more touches on easy accounts; R2 aligned; R5 flagged.
    for (const [rep, a, easy, other] of [
      ['R2', 2, 0, 0],
      ['R3', 0, 1, 1],
      ['R4', 0, 2, 0],
      ['R5', 0, 3, 0],
    ] as const) {
      many.push({ id: `${rep}-A`, owner: rep, tier: 'A', headroom: 100 }, { id: `${rep}-E`, owner: rep, tier: 'C', shareOfWallet: 0.9 });
      many.push({ id: `${rep}-O`, owner: rep, tier: 'B' });
      touches.push(...calls(`${rep}-A`, a), ...calls(`${rep}-E`, easy), ...calls(`${rep}-O`, other));
    }
    // R2..R4 keep their A account within cadence with a service touch; R5 leaves it.
    for (const rep of ['R2', 'R3', 'R4']) touches.push(touch(`${rep}-A`, '2026-06-29', 'service'));
    const r = run(many, [], touches);
    expect(r.reps.map((g) => [g.rep, g.flags.length, g.effort.alignment, g.effort.easy.touchShare])).toEqual([
      ['R5', 1, 0, 1],
      ['R4', 0, 0, 1],
      ['R3', 0, 0, 0.5],
      ['R2', 0, 1, 0],
    ]);
  });
});

describe('focusInput', () => {
  it('refuses a placement of other accounts', () => {
    const accounts = contactAccounts([customer('A1', 'R1', 'customer', 2)]);
    expect(() =>
      focusInput(accounts, {
        count: 2,
        segment: () => ({}) as never,
        headroom: () => 0,
        potential: () => 0,
        cell: () => -1,
        whitespace: () => 0,
        cellSegment: () => ({}) as never,
        shareOfWallet: () => null,
        revenueSource: null,
      }),
    ).toThrow(/1 accounts, 2 placed/);
  });
});
