/**
 * The contact fold over ranges (issue 14): touches cut into ranges, each
 * range into a fold of the same accounts made from their data
 * (`accountsData`, `rangeContactFold`, as a worker thread makes it; lines from 1),
 * merged in file order, give what one fold of all the touches gives: every
 * account's touches and state, the analysis (groups, phases, ranked list)
 * and the rows left out with their first lines.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ContactAccount, createContactFold, rangeContactFold } from '../../src/core/contact.js';
import { type Day, parseIsoDay } from '../../src/schema/calendar.js';
import { defaultConfig } from '../../src/schema/config.js';

const d = (text: string) => parseIsoDay(text) as Day;
const config = defaultConfig();
const RULES = {
  asOf: d('2026-11-27'),
  cadence: config.cadence,
  postSaleDays: config.postSaleDays,
  touchTypes: { webinar: 'other' as const },
};

function account(id: string, owner: string, over: Partial<ContactAccount> = {}): ContactAccount {
  const base: ContactAccount = {
    id,
    name: `Name ${id}`,
    owner,
    status: 'customer',
    tier: 'B',
    tierSource: 'status',
    contractStart: null,
    contractEnd: null,
    extra: {},
  };
  return { ...base, ...over };
}

const ACCOUNTS: ContactAccount[] = [
  account('C1', 'R1', { contractStart: d('2026-01-01'), contractEnd: d('2026-12-31') }),
  account('C2', 'R2', { tier: 'A', contractStart: d('2025-12-15') }),
  account('Ç3', '', { status: 'prospect', tier: 'C' }),
  account('C4', 'R1', { contractStart: d('2024-03-01'), contractEnd: d('2026-02-28'), tier: 'A' }),
  // A repeated id: the last one wins.
  account('C2', 'R3', { status: 'lost', tier: null }),
  account('C\n5', 'R2', { contractStart: d('2026-06-01') }),
];

interface Touch {
  customer_id: string | undefined;
  date: Day;
  type: string;
}

const fold = () => createContactFold(ACCOUNTS, RULES);

/** Everything the fold tells. */
function snapshot(f: ReturnType<typeof fold>) {
  const analysis = f.finish({ list: true });
  return {
    touches: ACCOUNTS.map((a) => f.touches(a.id)),
    states: [...f.states()],
    yearSales: [...f.yearSales()],
    analysis: { ...analysis, accounts: [...analysis.accounts] },
    ignored: f.ignored(),
    coverage: { ...f.coverage },
  };
}

function whole(touches: readonly Touch[]) {
  const f = fold();
  touches.forEach((t, k) => {
    f.add({ ...t, line: k + 2 });
  });
  return f;
}

function merged(touches: readonly Touch[], cuts: readonly number[]) {
  const bounds = [0, ...cuts, touches.length];
  const f = fold();
  const data = f.accountsData();
  for (let r = 0; r + 1 < bounds.length; r++) {
    const from = bounds[r] as number;
    const range = r === 0 ? f : rangeContactFold(data, RULES);
    for (let k = from; k < (bounds[r + 1] as number); k++) range.add({ ...(touches[k] as Touch), line: r === 0 ? k + 2 : k - from + 1 });
    if (r > 0) f.merge(range.partial().partial, from + 1);
  }
  return f;
}

const pick = <T>(...values: T[]) => fc.constantFrom(...values);
const touch: fc.Arbitrary<Touch> = fc.record({
  customer_id: pick<string | undefined>('C1', 'C2', 'Ç3', 'C4', 'C\n5', 'X9', 'X8', undefined),
  date: pick('2024-05-01', '2025-12-01', '2026-01-20', '2026-03-01', '2026-09-15', '2026-11-20', '2026-11-27', '2026-12-01').map(d),
  type: pick('visit', 'call', 'service', 'webinar', 'newsletter', 'Fax', 'meeting'),
});

describe('the contact fold over ranges', () => {
  it('ranges merged in file order hold what one fold holds (any touches, any cuts)', () => {
    fc.assert(
      fc.property(fc.array(touch, { maxLength: 50 }), fc.array(fc.nat(), { maxLength: 4 }), (touches, raw) => {
        const cuts = [...new Set(raw.map((c) => c % (touches.length + 1)))].sort((a, b) => a - b);
        expect(snapshot(merged(touches, cuts))).toEqual(snapshot(whole(touches)));
      }),
      { numRuns: 300 },
    );
  });

  it('first lines of what was left out are the whole file’s', () => {
    const touches: Touch[] = [
      { customer_id: 'C1', date: d('2026-03-01'), type: 'visit' },
      { customer_id: 'X9', date: d('2026-03-01'), type: 'visit' },
      { customer_id: 'C1', date: d('2026-03-01'), type: 'newsletter' },
      { customer_id: undefined, date: d('2026-03-01'), type: 'visit' },
      { customer_id: 'C1', date: d('2026-12-01'), type: 'visit' },
    ];
    const ignored = merged(touches, [1]).ignored();
    expect(ignored.unknownCustomers.top).toEqual([{ key: 'X9', count: 1, firstLine: 3 }]);
    expect(ignored.unknownTypes).toEqual([{ type: 'newsletter', count: 1, firstLine: 4 }]);
    expect(ignored.noCustomer).toEqual({ rows: 1, firstLine: 5 });
    expect(ignored.afterAsOf).toEqual({ rows: 1, firstLine: 6 });
  });
});
