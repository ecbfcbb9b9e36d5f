/**
 * OrderTally.merge (issue 14): the order lines of a file cut into ranges,
 * each range into a tally of its own (lines counted from its start), merged
 * in file order, hold exactly what one tally of all the lines holds: sums,
 * counts, first lines, customers and labels in first-seen order, returns in
 * the order they came, an order whose lines straddle a cut counted once.
 * And the tally's batches (addBytes queues, flush folds): lines given as
 * bytes, typed rows among them, flushed anywhere, hold what typed rows one
 * by one hold.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { type OrderTally, orderTally, type TallySetup } from '../../src/core/cost.js';
import { parseIsoDay } from '../../src/schema/calendar.js';
import { KeyTable } from '../../src/schema/keys.js';
import { customerFigures } from '../helpers/tally.js';

const day = (text: string) => parseIsoDay(text) as number;

const SETUP: TallySetup = {
  window: { from: day('2026-01-01'), to: day('2026-06-30') },
  synonyms: { Visit: 'field' },
  revenueWindow: { from: day('2025-10-01'), to: day('2026-03-31') },
  periods: [
    { from: day('2026-04-01'), to: day('2026-06-30') },
    { from: day('2025-04-01'), to: day('2025-06-30') },
  ],
};

interface Line {
  customer_id: string | undefined;
  date: number;
  channel: string;
  amount: number;
  order_id: string | undefined;
}

/** Everything a tally tells, in the order it tells it (no sorting: order is part of the result). */
function snapshot(t: OrderTally) {
  return {
    customers: customerFigures(t).map((figures, i) => ({
      ...figures,
      periods: [0, 1].map((p) => t.periodAmount(i, p)),
      periodRows: t.periodRows(i),
      periodFirst: t.periodFirstLine(i),
    })),
    returns: [...t.returns],
    unknown: t.unknownChannels(),
    records: t.records,
    outside: t.outsideWindow,
    overflow: t.overflowLine,
    revenueRows: t.revenueRows,
    periodOutside: t.periodOutside,
    coverage: { ...t.coverage },
    periodCoverage: { ...t.periodCoverage },
    source: t.revenueSource('orders.csv'),
    noCustomer: t.noCustomerIndex(),
  };
}

/** Lines from 2 (after the header), all into one tally. */
function whole(lines: readonly Line[]): OrderTally {
  const t = orderTally(SETUP);
  lines.forEach((l, k) => {
    t.add({ ...l, line: k + 2 });
  });
  return t;
}

/** The lines cut before each index of `cuts`: the first range into `t`, the others into their own tallies (lines from 1), merged. */
function merged(lines: readonly Line[], cuts: readonly number[]): OrderTally {
  const bounds = [0, ...cuts, lines.length];
  const t = orderTally(SETUP);
  for (let r = 0; r + 1 < bounds.length; r++) {
    const from = bounds[r] as number;
    const range = r === 0 ? t : orderTally(SETUP);
    // Line numbers: global k + 2 in the first range; local (from 1) in the others, lineBase = from + 1 added back.
    for (let k = from; k < (bounds[r + 1] as number); k++)
      range.add({ ...lines[k], line: r === 0 ? k + 2 : k - from + 1 } as Line & { line: number });
    if (r > 0) expect(t.merge(range.partial().partial, from + 1)).toBe(true);
  }
  return t;
}

const pick = <T>(...values: T[]) => fc.constantFrom(...values);
const line: fc.Arbitrary<Line> = fc.record({
  customer_id: pick<string | undefined>('C1', 'C2', 'C3', 'Ç4', undefined),
  date: pick('2025-05-01', '2025-11-15', '2026-01-01', '2026-02-10', '2026-05-05', '2026-06-30', '2026-07-01').map(day),
  channel: pick('field', 'phone', 'email', 'web', 'Visit', 'fax', 'EDI?'),
  amount: pick(0, 100_000, 12_345_600, -50_000, -1),
  order_id: pick<string | undefined>('O1', 'O1', 'O2', 'O3', undefined),
});

describe('OrderTally.merge', () => {
  it('ranges merged in file order hold what one pass holds (any lines, any cuts)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(line, fc.boolean()), { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 4 }), (drawn, raw) => {
        // Half the lines another line of the order before them (its customer, channel and order id).
        const lines: Line[] = [];
        for (const [l, again] of drawn) {
          const before = lines.at(-1);
          lines.push(again && before ? { ...l, customer_id: before.customer_id, channel: before.channel, order_id: before.order_id } : l);
        }
        const cuts = [...new Set(raw.map((c) => c % (lines.length + 1)))].sort((a, b) => a - b);
        expect(snapshot(merged(lines, cuts))).toEqual(snapshot(whole(lines)));
      }),
      { numRuns: 400 },
    );
  });

  it('an order whose lines straddle a cut is one order; the same order id after another customer is two', () => {
    const at = (customer: string, order: string | undefined, channel = 'web'): Line => ({
      customer_id: customer,
      date: day('2026-02-01'),
      channel,
      amount: 100_000,
      order_id: order,
    });
    // O1 of C1: lines 2, 3 | 4 (one order); O1 of C2 (another order), O1 of C2 by phone (another).
    const lines = [at('C1', 'O1'), at('C1', 'O1'), at('C1', 'O1'), at('C2', 'O1'), at('C2', 'O1', 'phone')];
    const t = merged(lines, [2]);
    expect(t.orders(0, 3)).toBe(1);
    expect(t.amount(0, 3)).toBe(300_000);
    expect(t.orders(1, 3)).toBe(1);
    expect(t.orders(1, 1)).toBe(1);
    // A cut with only a return between the lines of an order: still one order (returns do not end one).
    const withReturn = [at('C1', 'O1'), { ...at('C1', 'O9'), amount: -5 }, at('C1', 'O1')];
    expect(merged(withReturn, [1]).orders(0, 3)).toBe(1);
    expect(merged(withReturn, [2]).orders(0, 3)).toBe(1);
  });

  it('first lines are global: the second range adds its line base', () => {
    const lines: Line[] = [
      { customer_id: 'C1', date: day('2026-02-01'), channel: 'web', amount: 1, order_id: undefined },
      { customer_id: 'C2', date: day('2026-02-01'), channel: 'fax', amount: 1, order_id: undefined },
    ];
    const t = merged(lines, [1]);
    expect(t.firstLine(1)).toBe(3);
    expect(t.unknownChannels()).toEqual([{ label: 'fax', rows: 1, units: 1, firstLine: 3 }]);
  });

  it('customers new to the tally get indices in the order they came in the range merged, not in the order of its slots', () => {
    // 400 customers in a shuffled order (k * 173 mod 400: 173 is prime to 400, so each once); the first
    // range has every third of them, the second range all of them: 267 new ones, found in the order of its table's slots.
    const ids = Array.from({ length: 400 }, (_, k) => `C${(k * 173) % 400}`);
    const at = (customer: string): Line => ({
      customer_id: customer,
      date: day('2026-02-01'),
      channel: 'web',
      amount: 100,
      order_id: undefined,
    });
    const first = ids.filter((_, k) => k % 3 === 0).reverse();
    const lines = [...first, ...ids].map(at);
    const t = merged(lines, [first.length]);
    const expected = [...first, ...ids.filter((_, k) => k % 3 !== 0)];
    expect(Array.from({ length: t.customers }, (_, i) => t.customerId(i))).toEqual(expected);
    expect(customerFigures(t)).toEqual(customerFigures(whole(lines)));
    expect(t.firstLine(expected.indexOf(ids[1] as string))).toBe(first.length + 3);
    expect(t.rowsOf(0)).toBe(2);
  });

  it('refuses to merge sums that may have passed the exact range', () => {
    const big = 500_000_000_000 * 10_000;
    const a = orderTally(SETUP);
    const b = orderTally(SETUP);
    a.add({ customer_id: 'C1', date: day('2026-02-01'), channel: 'web', amount: big, order_id: undefined, line: 2 });
    b.add({ customer_id: 'C1', date: day('2026-02-01'), channel: 'web', amount: big, order_id: undefined, line: 1 });
    expect(a.merge(b.partial().partial, 2)).toBe(false);
  });
});

/**
 * Lines into a tally as the byte reader gives them: each batch's lines as bytes in one buffer (the same buffer,
 * refilled for every batch, as a scanner reuses its own), flushed at its end; `typed` lines through `add` among them.
 */
function batched(lines: readonly Line[], typed: readonly boolean[], ends: readonly number[], expected?: number): OrderTally {
  const t = orderTally(SETUP);
  if (expected !== undefined) t.expect(expected);
  const buffer = new Uint8Array(1 << 16);
  const bounds = [...new Set([0, ...ends.map((e) => e % (lines.length + 1)), lines.length])].sort((a, b) => a - b);
  for (let b = 0; b + 1 < bounds.length; b++) {
    let used = 0;
    const put = (text: string | undefined) => {
      if (text === undefined) return [-1, -1] as const;
      const n = Buffer.from(text).copy(buffer, used);
      used += n;
      return [used - n, used] as const;
    };
    for (let k = bounds[b] as number; k < (bounds[b + 1] as number); k++) {
      const l = lines[k] as Line;
      if (typed[k]) {
        t.add({ ...l, line: k + 2 });
        continue;
      }
      const [keyStart, keyEnd] = put(l.customer_id ?? '');
      const [orderStart, orderEnd] = put(l.order_id);
      t.addBytes(buffer, keyStart, keyEnd, t.labelIndex(l.channel), l.date, l.amount, orderStart, orderEnd, k + 2);
    }
    t.flush();
    // The next batch overwrites the buffer: nothing of this one may be read after its flush.
    buffer.fill(0x3f, 0, used);
  }
  return t;
}

describe('OrderTally batches', () => {
  it('lines given as bytes, typed rows among them, flushed at any line, hold what typed rows one by one hold', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(line, fc.boolean(), fc.boolean()), { maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (drawn, ends) => {
          const lines: Line[] = [];
          for (const [l, again] of drawn) {
            const before = lines.at(-1);
            lines.push(again && before ? { ...l, customer_id: before.customer_id, channel: before.channel, order_id: before.order_id } : l);
          }
          const typed = drawn.map(([, , t]) => t);
          expect(snapshot(batched(lines, typed, ends))).toEqual(snapshot(whole(lines)));
        },
      ),
      { numRuns: 400 },
    );
  });

  // 3,000 lines of 1,200 customers in a scrambled order (k * 7919 mod 1,200), a typed row every 500th line.
  const lines: Line[] = Array.from({ length: 3000 }, (_, k) => ({
    customer_id: `C${(k * 7919) % 1200}`,
    date: day(k % 5 === 0 ? '2025-11-15' : '2026-02-10'),
    channel: ['field', 'phone', 'email', 'web', 'fax'][k % 5] as string,
    amount: k % 11 === 0 ? -100 : 100 * k,
    order_id: `O${k >> 1}`,
  }));
  const typed = lines.map((_, k) => k % 500 === 250);

  it('a batch longer than the queue, thousands of customers in random order, ranges merged over shared customers', () => {
    const one = snapshot(whole(lines));
    expect(one.customers).toHaveLength(1200);
    expect(snapshot(batched(lines, typed, []))).toEqual(one);
    expect(snapshot(batched(lines, typed, [1, 1000, 2999]))).toEqual(one);
    // Ranges whose customers overlap: the second range has all 1,200 (more than a merge batch), 600 of them new.
    expect(snapshot(merged(lines, [600, 1900]))).toEqual(one);
  });

  it('told how many lines will come, too few, about right or too many, holds what it holds untold', () => {
    const one = snapshot(whole(lines));
    // 1,200 customers: room made for fewer (the records grow past it), for as many, for far more (never filled).
    for (const expected of [0, 500, 1200, 3000, 200_000])
      expect(snapshot(batched(lines, typed, [1000], expected)), `${expected}`).toEqual(one);
  });

  it('refused the room it was told of (no address space), grows as customers come and holds the same', () => {
    const one = snapshot(whole(lines));
    // The key table's part refused after the tally's own arrays were made: neither is kept.
    const refuse = vi.spyOn(KeyTable.prototype, 'reserve').mockImplementation(() => {
      throw new RangeError('Array buffer allocation failed');
    });
    try {
      expect(snapshot(batched(lines, typed, [1000], 3000))).toEqual(one);
      expect(refuse).toHaveBeenCalledOnce();
    } finally {
      refuse.mockRestore();
    }
  });
});
