import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ContactAccount,
  type ContactCustomer,
  type ContactList,
  type ContactState,
  cadenceFor,
  compareRisk,
  contactAccounts,
  contactState,
  contractMonths,
  createContactFold,
  FLAGS,
  NO_TOUCHES,
  PHASES,
  phaseDays,
  phaseOf,
  type TouchSummary,
  touchClassifier,
} from '../../src/core/contact.js';
import { addMonths, type Day, monthsBetween, parseIsoDay } from '../../src/schema/calendar.js';
import { defaultConfig } from '../../src/schema/config.js';

function d(text: string): Day {
  const day = parseIsoDay(text);
  if (day === undefined) throw new Error(`not a date: ${text}`);
  return day;
}

const config = defaultConfig();
const rules = { cadence: config.cadence, postSaleDays: config.postSaleDays };
const AS_OF = d('2026-11-27');

function account(over: Partial<ContactAccount> = {}): ContactAccount {
  return {
    id: 'A1',
    name: 'Acme',
    owner: 'R1',
    status: 'customer',
    tier: 'B',
    tierSource: 'status',
    contractStart: null,
    contractEnd: null,
    extra: {},
    ...over,
  };
}

function touches(over: Partial<TouchSummary> = {}): TouchSummary {
  return { ...NO_TOUCHES, ...over };
}

const phase = (name: string) => PHASES.indexOf(name);

describe('touch types', () => {
  const classify = touchClassifier({ Webinar: 'other', CALL: 'other' });
  it.each([
    ['visit', 'sales'],
    ['Meeting', 'sales'],
    ['E-Mail', 'sales'],
    [' email ', 'sales'],
    ['billing', 'other'],
    ['complaint', 'other'],
    ['webinar', 'other'], // from config, keys case-insensitive
    ['call', 'other'], // config overrides a default
    ['trade fair', undefined],
  ])('%s -> %s', (type, cls) => {
    expect(classify(type)).toBe(cls);
  });
});

describe('cadence', () => {
  it.each([
    ['customer', 'A', 14],
    ['prospect', 'A', 30],
    ['customer', 'B', 30],
    ['prospect', 'B', 30],
    ['customer', 'C', 90],
    ['prospect', 'C', 90],
    ['lost', 'A', null],
    ['customer', null, null],
  ] as const)('%s in tier %s: %s days', (status, tier, days) => {
    expect(cadenceFor(status, tier, config.cadence)).toBe(days);
  });

  it('takes tiers from the segment analysis, else from status', () => {
    const row = (id: string, status: ContactCustomer['status']): ContactCustomer => ({
      id,
      name: undefined,
      status,
      owner: undefined,
      contract_start: undefined,
      contract_end: undefined,
      revenue_12m: undefined,
      line: 2,
    });
    const rows = [row('X', 'customer'), row('Y', 'prospect'), row('Z', 'lost'), row('W', undefined)];
    expect(contactAccounts(rows).map((a) => [a.id, a.status, a.tier, a.tierSource])).toEqual([
      ['X', 'customer', 'B', 'status'],
      ['Y', 'prospect', 'C', 'status'],
      ['Z', 'lost', null, 'status'],
      ['W', 'prospect', 'C', 'status'], // no status, no revenue, no contract: a prospect (segment statusOf)
    ]);
    const tiers = new Map([
      ['X', 'A' as const],
      ['Y', 'A' as const],
    ]);
    expect(contactAccounts(rows, tiers).map((a) => [a.id, a.tier, a.tierSource])).toEqual([
      ['X', 'A', 'segment'],
      ['Y', 'A', 'segment'],
      ['Z', null, 'status'],
      ['W', 'C', 'status'],
    ]);
  });
});

describe('overdue: exactly at the cadence is within it, one day over is overdue', () => {
  it.each([
    // tier, status, days since the last touch, overdue, days overdue
    ['B', 'customer', 30, false, 0],
    ['B', 'customer', 31, true, 1],
    ['A', 'customer', 14, false, 0],
    ['A', 'customer', 15, true, 1],
    ['A', 'prospect', 30, false, 0],
    ['A', 'prospect', 31, true, 1],
    ['C', 'customer', 90, false, 0],
    ['C', 'customer', 91, true, 1],
    ['C', 'customer', 0, false, 0],
  ] as const)('tier %s %s, %i days since: overdue %s', (tier, status, since, overdue, daysOverdue) => {
    const s = contactState(account({ tier, status }), touches({ lastTouch: AS_OF - since }), AS_OF, rules);
    expect(s.flags.includes('overdue')).toBe(overdue);
    expect(s.daysOverdue).toBe(daysOverdue);
    expect(s.withinCadence).toBe(!overdue);
    expect(s.daysSinceTouch).toBe(since);
  });

  it('counts touches of every kind: a recent service touch keeps a stale sales relationship within cadence', () => {
    const s = contactState(account(), touches({ lastTouch: AS_OF - 3, lastSalesTouch: AS_OF - 200, other90: 1 }), AS_OF, rules);
    expect(s.flags).toEqual([]);
    expect(s.daysSinceSalesTouch).toBe(200);
  });

  it('an account never touched is overdue, with no number of days', () => {
    const s = contactState(account(), NO_TOUCHES, AS_OF, rules);
    expect(s).toMatchObject({ neverTouched: true, daysOverdue: null, daysSinceTouch: null, withinCadence: false });
    expect(s.flags).toEqual(['overdue']);
  });

  it('lost accounts are not judged', () => {
    const s = contactState(account({ status: 'lost', tier: 'A' }), NO_TOUCHES, AS_OF, rules);
    expect(s).toMatchObject({ cadence: null, neverTouched: false, daysOverdue: null, withinCadence: null, flags: [] });
  });
});

describe('renewal-risk: contract_end 0-90 days ahead and overdue', () => {
  it.each([
    // days to renewal, days since last touch, flagged
    [90, 31, true],
    [91, 31, false],
    [0, 31, true],
    [-1, 31, false], // ended yesterday
    [45, 30, false], // within cadence
    [45, 31, true],
  ])('renewal in %i days, last touch %i days ago: %s', (toRenewal, since, flagged) => {
    const a = account({ contractStart: d('2024-01-01'), contractEnd: AS_OF + toRenewal });
    const s = contactState(
      a,
      touches({ lastTouch: AS_OF - since, lastSalesTouch: AS_OF - since, firstSalesSinceStart: d('2024-01-10') }),
      AS_OF,
      rules,
    );
    expect(s.flags.includes('renewal-risk')).toBe(flagged);
    expect(s.contract.daysToRenewal).toBe(toRenewal);
    expect(s.contract.renewalDue).toBe(toRenewal >= 0 && toRenewal <= 90);
  });
});

describe('post-sale-silence: the first 60 days passed without a sales touch, and none since', () => {
  // postSaleDays 60: the window is contract_start .. contract_start + 59.
  const start = d('2026-09-01');
  const windowEnd = d('2026-10-30');
  it.each([
    // as-of, first sales touch since the start, state, flagged
    ['2026-10-30', null, 'due', false], // the window's last day
    ['2026-10-31', null, 'silent', true], // one day after it
    ['2026-11-27', '2026-10-30', 'done', false], // a sales touch on the window's last day
    ['2026-11-27', '2026-10-31', 'late', false], // one day after the window: the silence is broken
    ['2026-11-27', null, 'silent', true],
    ['2026-08-31', null, 'n/a', false], // not started
  ] as const)('as of %s, first sales touch %s: %s', (asOf, firstSales, state, flagged) => {
    const a = account({ contractStart: start, contractEnd: d('2028-08-31') });
    const first = firstSales === null ? null : d(firstSales);
    const s = contactState(
      a,
      touches({ lastTouch: d('2026-08-20'), lastSalesTouch: first ?? d('2026-08-20'), firstSalesSinceStart: first }),
      d(asOf),
      rules,
    );
    expect(s.postSale).toBe(state);
    expect(s.flags.includes('post-sale-silence')).toBe(flagged);
    if (state !== 'n/a') expect(s.postSaleWindowEnd).toBe(windowEnd);
  });

  it('applies to customers only, and follows config postSaleDays', () => {
    const a = account({ status: 'prospect', contractStart: start });
    expect(contactState(a, NO_TOUCHES, AS_OF, rules).postSale).toBe('n/a');
    // 30 days: the window is 2026-09-01 .. 2026-09-30.
    expect(contactState(account({ contractStart: start }), NO_TOUCHES, d('2026-09-30'), { ...rules, postSaleDays: 30 }).postSale).toBe(
      'due',
    );
    expect(contactState(account({ contractStart: start }), NO_TOUCHES, d('2026-10-01'), { ...rules, postSaleDays: 30 }).postSale).toBe(
      'silent',
    );
  });
});

describe('service-only: touches in the last 365 days, none of them sales (through the fold)', () => {
  const fold = createContactFold(
    [account({ id: 'S1' }), account({ id: 'S2' }), account({ id: 'S3' }), account({ id: 'S4', status: 'lost', tier: null })],
    { asOf: AS_OF, ...rules, touchTypes: {} },
  );
  let line = 1;
  const add = (id: string, date: Day, type: string) => fold.add({ customer_id: id, date, type, line: ++line });
  add('S1', AS_OF - 364, 'call'); // the window's first day
  add('S1', AS_OF - 10, 'service');
  add('S2', AS_OF - 365, 'call'); // one day before it
  add('S2', AS_OF - 10, 'billing');
  add('S3', AS_OF - 400, 'call'); // no touch in the last 365 days at all
  add('S4', AS_OF - 10, 'support'); // lost: not judged
  it.each([
    ['S1', false, { sales365: 1, other365: 1, sales90: 0, other90: 1 }],
    ['S2', true, { sales365: 0, other365: 1, sales90: 0, other90: 1 }],
    ['S3', false, { sales365: 0, other365: 0 }],
    ['S4', false, { sales365: 0, other365: 1 }],
  ])('%s service-only %s', (id, flagged, counts) => {
    const s = fold.state(id) as ContactState;
    expect(s.flags.includes('service-only')).toBe(flagged);
    expect(s).toMatchObject(counts);
  });

  it('the 90-day window is as-of - 89 .. as-of', () => {
    const f = createContactFold([account()], { asOf: AS_OF, ...rules, touchTypes: {} });
    f.add({ customer_id: 'A1', date: AS_OF - 89, type: 'visit', line: 2 });
    f.add({ customer_id: 'A1', date: AS_OF - 90, type: 'visit', line: 3 });
    expect(f.touches('A1')).toMatchObject({ sales90: 1, sales365: 2, lastSalesTouch: AS_OF - 89 });
  });
});

describe('contract phase arithmetic', () => {
  it.each([
    ['2025-10-30', '2027-10-29', 24],
    ['2028-02-29', '2029-02-28', 12], // leap day start, ends on the last day of February
    ['2028-02-29', '2029-02-27', 12], // ... or the day before the clamped anniversary
    ['2026-01-31', '2026-02-27', 1],
    ['2026-01-31', '2026-02-28', 1],
    ['2026-01-01', '2026-12-31', 12],
    ['2026-01-01', '2026-01-10', 1], // at least one month
    ['2026-01-01', '2026-02-14', 1], // 1 month and 14 days
    ['2026-01-01', '2026-02-15', 2], // 1 month and 15 days rounds up
  ])('%s .. %s is %i months', (start, end, months) => {
    expect(contractMonths(d(start), d(end))).toBe(months);
  });

  it.each([
    // contract start, end, day, month N, of M, days to renewal
    ['2028-02-29', '2029-02-28', '2028-02-29', 1, 12, 365],
    ['2028-02-29', '2029-02-28', '2028-03-28', 1, 12, 337],
    ['2028-02-29', '2029-02-28', '2028-03-29', 2, 12, 336],
    ['2028-02-29', '2029-02-28', '2029-01-29', 12, 12, 30],
    ['2028-02-29', '2029-02-28', '2029-02-28', 12, 12, 0], // Feb 28 reaches the clamped anniversary; N stays <= M
    ['2028-01-31', '2029-01-30', '2028-02-28', 1, 12, 337],
    ['2028-01-31', '2029-01-30', '2028-02-29', 2, 12, 336], // the last day of February reaches the 31st
    ['2028-01-31', '2029-01-30', '2028-04-29', 3, 12, 276],
    ['2028-01-31', '2029-01-30', '2028-04-30', 4, 12, 275], // the last day of April reaches the 31st
    ['2026-02-20', '2028-03-01', '2028-02-27', 25, 24, 3],
  ])('contract %s..%s on %s: month %i of %i, %i days to renewal', (start, end, at, month, months, toRenewal) => {
    const s = contactState(account({ contractStart: d(start), contractEnd: d(end) }), NO_TOUCHES, d(at), rules);
    expect(s.contract).toMatchObject({ phase: 'running', months, daysToRenewal: toRenewal });
    expect(s.contract.month).toBe(Math.min(month, months));
  });

  it('contracts without dates have no phase, renewal or post-sale state', () => {
    const s = contactState(account(), touches({ lastTouch: AS_OF - 100 }), AS_OF, rules);
    expect(s.contract).toEqual({ phase: 'no dates', month: null, months: null, daysToRenewal: null, renewalDue: false });
    expect(s.postSale).toBe('n/a');
    expect(s.flags).toEqual(['overdue']);
  });

  it('a contract with only an end still has a renewal; one with only a start a month', () => {
    const endOnly = contactState(account({ contractEnd: AS_OF + 10 }), touches({ lastTouch: AS_OF - 40 }), AS_OF, rules);
    expect(endOnly.contract).toEqual({ phase: 'running', month: null, months: null, daysToRenewal: 10, renewalDue: true });
    expect(endOnly.flags).toEqual(['renewal-risk', 'overdue']);
    const startOnly = contactState(account({ contractStart: d('2026-01-27') }), touches({ lastTouch: AS_OF }), AS_OF, rules);
    expect(startOnly.contract).toMatchObject({ month: 11, months: null, daysToRenewal: null });
  });

  it.each([
    // touch day, phase (contract 2028-01-31 .. 2029-01-30)
    ['2027-11-01', 'none'], // start - 91 days
    ['2027-11-02', '90 days before start'],
    ['2028-01-30', '90 days before start'],
    ['2028-01-31', 'month 1'],
    ['2028-02-28', 'month 1'],
    ['2028-02-29', 'months 2-3'], // month end of a leap February
    ['2028-04-29', 'months 2-3'],
    ['2028-04-30', 'months 4-6'], // the last day of April stands for the 31st
    ['2028-11-01', 'months 10-12'], // end - 90 days
    ['2028-11-02', 'last 90 days'], // end - 89 days
    ['2029-01-30', 'last 90 days'],
  ])('a touch on %s falls in %s', (day, name) => {
    expect(phaseOf(d(day), d('2028-01-31'), d('2029-01-30'))).toBe(name === 'none' ? -1 : phase(name));
  });

  it('phases: month 37+ and the edges', () => {
    expect(phaseOf(d('2028-10-31'), d('2028-01-31'), d('2029-01-30'))).toBe(phase('months 10-12'));
    expect(phaseOf(d('2029-01-31'), d('2028-01-31'), d('2029-01-30'))).toBe(-1); // after the end
    expect(phaseOf(d('2030-01-31'), d('2027-01-01'), null)).toBe(phase('months 37+'));
    expect(phaseOf(d('2029-12-31'), d('2027-01-01'), null)).toBe(phase('months 34-36'));
    expect(phaseOf(d('2026-01-01'), null, d('2026-03-01'))).toBe(phase('last 90 days'));
    expect(phaseOf(d('2025-12-01'), null, d('2026-03-01'))).toBe(-1);
    expect(phaseOf(d('2026-01-01'), null, null)).toBe(-1);
  });

  it('a touch falls in the month phase of its whole months since the start (all days, leap years, month ends)', () => {
    // 2024-01-01 .. 2031-12-31 covers two leap days and every month end.
    const start = fc.integer({ min: d('2024-01-01'), max: d('2031-12-31') });
    fc.assert(
      fc.property(start, fc.integer({ min: 0, max: 1500 }), (s, offset) => {
        const m = monthsBetween(s, s + offset);
        const expected = m === 0 ? phase('month 1') : Math.min(2 + Math.floor(m / 3), phase('months 37+'));
        expect(phaseOf(s + offset, s, null)).toBe(expected);
        // The day a phase begins is the start plus its months, clamped to the month's end.
        expect(s + offset >= addMonths(s, m)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('days per phase always add up to the days of the contract within the window', () => {
    const day = fc.integer({ min: d('2024-01-01'), max: d('2030-12-31') });
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 1200 }), day, (start, length, from) => {
        const end = start + length;
        const to = from + 364;
        const days = phaseDays(start, end, from, to);
        const total = days.reduce((n, x) => n + x, 0);
        const inside = (lo: number, hi: number) => Math.max(0, Math.min(hi, to) - Math.max(lo, from) + 1);
        expect(total).toBe(inside(start - 90, end));
      }),
      { numRuns: 2000 },
    );
  });

  it('a touch counts in the phase whose days contain its day (touches and exposure agree)', () => {
    const day = fc.integer({ min: d('2024-01-01'), max: d('2030-12-31') });
    const maybe = (a: fc.Arbitrary<number>) => fc.option(a, { nil: null });
    fc.assert(
      fc.property(
        maybe(day),
        fc.integer({ min: 0, max: 1200 }),
        fc.boolean(),
        fc.integer({ min: -200, max: 1400 }),
        (start, length, hasEnd, offset) => {
          const base = start ?? d('2026-06-15');
          const end = hasEnd || start === null ? base + length : null;
          const t = base + offset;
          const days = phaseDays(start, end, t, t);
          const p = phaseOf(t, start, end);
          expect([...days].map((x, i) => (x > 0 ? i : -1)).filter((i) => i >= 0)).toEqual(p < 0 ? [] : [p]);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('days per phase of a calendar-year contract add up to the year', () => {
    const days = phaseDays(d('2026-01-01'), d('2026-12-31'), d('2026-01-01'), d('2026-12-31'));
    // Jan 31; Feb + Mar 28 + 31; Apr-Jun 30 + 31 + 30; Jul-Sep 31 + 31 + 30; Oct 1-2; Oct 3 - Dec 31 = 90.
    const byName = Object.fromEntries(PHASES.map((p, i) => [p, days[i]]).filter(([, n]) => (n as number) > 0));
    expect(byName).toEqual({ 'month 1': 31, 'months 2-3': 59, 'months 4-6': 91, 'months 7-9': 92, 'months 10-12': 2, 'last 90 days': 90 });
  });

  it('days per phase are clipped to the window and cover the 90 days before a leap-day start', () => {
    // Window 2027-12-01 .. 2028-04-30; start 2028-02-29: 2027-12-01 .. 2028-02-28 is 31 + 31 + 28 = 90 days before.
    const days = phaseDays(d('2028-02-29'), d('2029-02-27'), d('2027-12-01'), d('2028-04-30'));
    // Month 1: 2028-02-29 .. 2028-03-28 = 29 days; months 2-3 from 2028-03-29 .. 2028-04-30 = 3 + 30 = 33.
    expect([days[phase('90 days before start')], days[phase('month 1')], days[phase('months 2-3')], days[phase('months 4-6')]]).toEqual([
      90, 29, 33, 0,
    ]);
  });
});

describe('the fold', () => {
  const accounts: ContactAccount[] = [
    account({ id: 'C1', owner: 'R1', contractStart: d('2026-01-01'), contractEnd: d('2026-12-31') }),
    account({ id: 'C2', owner: 'R2', tier: 'A' }),
    account({ id: 'C3', owner: '', status: 'prospect', tier: 'C' }),
  ];
  const make = () => createContactFold(accounts, { asOf: AS_OF, ...rules, touchTypes: { webinar: 'other' } });
  const rows: [string, string, string][] = [
    ['C1', '2026-01-15', 'visit'], // month 1
    ['C1', '2026-06-01', 'service'], // months 4-6
    ['C1', '2026-10-10', 'call'], // last 90 days
    ['C1', '2026-11-30', 'call'], // after as-of: ignored
    ['C2', '2026-11-20', 'webinar'], // other (config)
    ['C2', '2026-11-01', 'newsletter'], // unknown type
    ['C2', '2026-11-02', 'newsletter'],
    ['X9', '2026-11-01', 'call'], // unknown customer
    ['X9', '2026-11-02', 'call'],
    ['X8', '2026-11-03', 'call'],
  ];
  const load = () => {
    const f = make();
    rows.forEach(([id, date, type], i) => {
      f.add({ customer_id: id, date: d(date), type, line: i + 2 });
    });
    return f;
  };

  it('counts what it ignores, each row once', () => {
    const f = load();
    expect(f.ignored()).toEqual({
      unknownCustomers: {
        rows: 3,
        distinct: 2,
        top: [
          { key: 'X9', count: 2, firstLine: 9 },
          { key: 'X8', count: 1, firstLine: 11 },
        ],
      },
      unknownTypes: [{ type: 'newsletter', count: 2, firstLine: 7 }],
      afterAsOf: { rows: 1, firstLine: 5 },
      noCustomer: { rows: 0, firstLine: null },
    });
    expect(f.coverage.rows).toBe(rows.length);
    // The touch after the as-of day changes nothing.
    expect(f.touches('C1')).toEqual({
      lastTouch: d('2026-10-10'),
      lastSalesTouch: d('2026-10-10'),
      firstSalesSinceStart: d('2026-01-15'),
      sales90: 1,
      other90: 0,
      sales365: 2,
      other365: 1,
    });
  });

  it('sums by tier and rep, and counts touches by contract phase per account-month', () => {
    const a = load().finish();
    // C1: B, last touch 48 days ago -> overdue, renewal in 34 days -> renewal-risk. C2: A, 7 days -> within.
    // C3: prospect C, never touched -> overdue.
    expect(a.totals).toMatchObject({ accounts: 3, judged: 3, withinCadence: 1, withinShare: 0.333333, neverTouched: 1, renewalsDue: 1 });
    expect(a.totals.flags).toEqual({ 'renewal-risk': 1, 'post-sale-silence': 0, overdue: 2, 'service-only': 1 });
    expect(a.totals).toMatchObject({ touchesRead: 10, touchesCounted: 4, sales365: 2, other365: 2 });
    expect(a.byTier.map((g) => [g.key, g.judged, g.withinCadence])).toEqual([
      ['A', 1, 1],
      ['B', 1, 0],
      ['C', 1, 0],
    ]);
    expect(a.byRep.map((g) => [g.key, g.accounts, g.withinShare])).toEqual([
      ['R1', 1, 0],
      ['R2', 1, 1],
      ['(none)', 1, 0],
    ]);
    // The window is 2025-11-28 .. 2026-11-27. C1's 90 days before start are 2025-10-03 .. 2025-12-31, of which
    // 2025-11-28 .. 2025-12-31 (34 days) in the window; month 1 = 31 days with 1 sales touch: 30 / 31 per 30 days.
    const byName = Object.fromEntries(a.phases.map((p) => [p.phase, p]));
    expect(byName['90 days before start']).toMatchObject({ accounts: 1, accountDays: 34, sales: 0, other: 0, touchRate: 0 });
    expect(byName['month 1']).toMatchObject({ accounts: 1, accountDays: 31, sales: 1, other: 0, salesRate: 0.967742 });
    expect(byName['months 4-6']).toMatchObject({ accountDays: 91, sales: 0, other: 1, touchRate: 0.32967 });
    // Last 90 days: 2026-10-03 .. 2026-11-27 in the window = 56 days, 1 sales touch: 30 / 56 = 0.535714 per 30 days.
    expect(byName['last 90 days']).toMatchObject({ accountDays: 56, sales: 1, touchRate: 0.535714, touchShareOfPeak: 0.553571 });
    expect(byName['month 1']?.touchShareOfPeak).toBe(1);
  });

  it('filters by rep (summary and phases) and by flag (the list), ranked by risk', () => {
    const f = load();
    const r1 = f.finish({ rep: 'R1', list: true });
    expect(r1.totals.accounts).toBe(1);
    expect(r1.byRep.map((g) => g.key)).toEqual(['R1']);
    expect(r1.phases.reduce((n, p) => n + p.sales + p.other, 0)).toBe(3);
    expect(f.finish({ rep: 'R2' }).phases).toEqual([]);
    expect(f.finish({ list: true }).accounts.map((s) => s.account.id)).toEqual(['C1', 'C3', 'C2']);
    expect(f.finish({ list: true, flags: ['service-only'] }).accounts.map((s) => s.account.id)).toEqual(['C2']);
    expect(f.finish({ list: true, flags: ['overdue', 'service-only'] }).accounts.map((s) => s.account.id)).toEqual(['C1', 'C3', 'C2']);
    expect(f.finish().accounts.length).toBe(0);
    const top = f.finish({ list: true, limit: 1 });
    expect([top.accounts.map((s) => s.account.id), top.listed, top.totals.accounts]).toEqual([['C1'], 3, 3]);
  });

  /** Accounts of any tier, status, owner and contract, with up to 4 touches each. */
  const anyAccount = fc.record({
    tier: fc.constantFrom('A', 'B', 'C', null),
    status: fc.constantFrom('customer', 'prospect', 'lost'),
    owner: fc.constantFrom('R1', 'R2', ''),
    start: fc.option(fc.integer({ min: AS_OF - 900, max: AS_OF + 30 }), { nil: null }),
    length: fc.integer({ min: 0, max: 1100 }),
    touches: fc.array(fc.tuple(fc.integer({ min: AS_OF - 500, max: AS_OF }), fc.constantFrom('call', 'service')), { maxLength: 4 }),
  });
  type AnyAccount = typeof anyAccount extends fc.Arbitrary<infer T> ? T : never;
  /** The fold over such accounts (ids sharing prefixes, so ties on the keys are broken by id). */
  const foldOf = (specs: AnyAccount[]) => {
    const list = specs.map((a, k) =>
      account({
        id: `X${String(k % 7).padStart(2, '0')}-${k}`,
        tier: a.tier,
        status: a.status,
        owner: a.owner,
        contractStart: a.start,
        contractEnd: a.start === null ? null : a.start + a.length,
      }),
    );
    const f = createContactFold(list, { asOf: AS_OF, ...rules, touchTypes: {} });
    specs.forEach((a, k) => {
      for (const [date, type] of a.touches) f.add({ customer_id: list[k]?.id as string, date, type, line: 2 });
    });
    return { list, f };
  };

  it('ranks on compact keys exactly as compareRisk orders the states', () => {
    fc.assert(
      fc.property(fc.array(anyAccount, { minLength: 1, maxLength: 40 }), (specs) => {
        const { f } = foldOf(specs);
        const expected = [...f.states()].sort(compareRisk).map((s) => s.account.id);
        expect(f.finish({ list: true }).accounts.map((s) => s.account.id)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("tallies, lists and ranks what the accounts' states say (the states counted and sorted here)", () => {
    const flagSets = fc.subarray([...FLAGS]);
    // The risk order as docs/contact.md words it, written out again: urgent flag, more flags, never touched,
    // more days overdue, sooner renewal (among renewals due), tier, id.
    const order = (s: ContactState) => [
      s.flags.length === 0 ? FLAGS.length : FLAGS.indexOf(s.flags[0] as (typeof FLAGS)[number]),
      -s.flags.length,
      s.neverTouched ? 0 : 1,
      -(s.daysOverdue ?? -1),
      s.contract.renewalDue ? (s.contract.daysToRenewal as number) : Number.POSITIVE_INFINITY,
      ({ A: 0, B: 1, C: 2 } as Record<string, number>)[s.account.tier ?? ''] ?? 3,
    ];
    const byRisk = (a: ContactState, b: ContactState) => {
      const x = order(a);
      const y = order(b);
      for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return (x[k] as number) - (y[k] as number);
      return a.account.id < b.account.id ? -1 : 1;
    };
    const count = (states: ContactState[]) => ({
      accounts: states.length,
      judged: states.filter((s) => s.cadence !== null).length,
      withinCadence: states.filter((s) => s.withinCadence === true).length,
      neverTouched: states.filter((s) => s.neverTouched).length,
      renewalsDue: states.filter((s) => s.contract.renewalDue).length,
      postSaleDue: states.filter((s) => s.postSale === 'due').length,
      flags: Object.fromEntries(FLAGS.map((flag) => [flag, states.filter((s) => s.flags.includes(flag)).length])),
    });
    fc.assert(
      fc.property(
        fc.array(anyAccount, { minLength: 1, maxLength: 40 }),
        flagSets,
        fc.integer({ min: 1, max: 45 }),
        (specs, wanted, top) => {
          const { list, f } = foldOf(specs);
          const states = [...f.states()];
          const r = f.finish({ list: true, flags: wanted, limit: top });
          expect(r.totals).toMatchObject(count(states));
          for (const g of r.byTier) expect(g).toMatchObject(count(states.filter((s) => (s.account.tier ?? '(none)') === g.key)));
          for (const g of r.byRep) expect(g).toMatchObject(count(states.filter((s) => (s.account.owner || '(none)') === g.key)));
          const listed = states.filter((s) => wanted.length === 0 || s.flags.some((flag) => wanted.includes(flag))).sort(byRisk);
          expect(r.listed).toBe(listed.length);
          expect([...r.accounts]).toEqual(listed.slice(0, top));
          for (const s of states) expect(f.overdue(list.findIndex((a) => a.id === s.account.id))).toBe(s.flags.includes('overdue'));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("counts each account's sales touches of the 365 days to as-of (plan focus's default period)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            account: fc.integer({ min: 0, max: 4 }),
            day: fc.integer({ min: AS_OF - 400, max: AS_OF + 5 }),
            type: fc.constantFrom('call', 'visit', 'service', 'newsletter'),
          }),
          { maxLength: 80 },
        ),
        (touches) => {
          const list = ['K0', 'K1', 'K2', 'K3'].map((id) => account({ id }));
          const f = createContactFold(list, { asOf: AS_OF, ...rules, touchTypes: {} });
          const expected = new Uint32Array(4);
          touches.forEach((t, k) => {
            f.add({ customer_id: `K${t.account}`, date: t.day, type: t.type, line: k + 2 });
            // K4 is unknown, newsletter no touch type, service not sales; the window is AS_OF - 364 .. AS_OF.
            const sales = t.type === 'call' || t.type === 'visit';
            if (t.account < 4 && sales && t.day > AS_OF - 365 && t.day <= AS_OF) expected[t.account] = (expected[t.account] as number) + 1;
          });
          expect(Array.from(f.yearSales())).toEqual(Array.from(expected));
        },
      ),
    );
  });

  it('--top N: the first N of the whole ranking, also when candidates are cut along the way', () => {
    // 12,000 accounts: more than the 4,096 candidates kept at a time, so the cut runs.
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const tiers = ['A', 'B', 'C', null] as const;
    const list = Array.from({ length: 12_000 }, (_, k) =>
      account({
        id: `Y${String(next(100_000)).padStart(6, '0')}-${k}`,
        tier: tiers[next(4)] ?? null,
        contractStart: next(3) === 0 ? null : AS_OF - next(800),
        contractEnd: next(2) === 0 ? null : AS_OF + next(400) - 100,
      }),
    );
    const f = createContactFold(list, { asOf: AS_OF, ...rules, touchTypes: {} });
    for (const a of list) {
      for (let t = next(4); t > 0; t--) f.add({ customer_id: a.id, date: AS_OF - next(400), type: next(2) ? 'call' : 'service', line: 2 });
    }
    const all = f.finish({ list: true });
    const ids = (accounts: ContactList) => accounts.map((s) => s.account.id);
    expect(all.listed).toBe(12_000);
    for (const top of [1, 5, 500, 3000, 12_000, 20_000]) {
      const some = f.finish({ list: true, limit: top });
      expect(some.listed).toBe(12_000);
      expect(ids(some.accounts)).toEqual(ids(all.accounts).slice(0, top));
    }
    const flagged = f.finish({ list: true, flags: ['overdue'], limit: 100 });
    expect(ids(flagged.accounts)).toEqual(ids(f.finish({ list: true, flags: ['overdue'] }).accounts).slice(0, 100));
    expect(flagged.listed).toBe(all.accounts.toJSON().filter((s) => s.flags.includes('overdue')).length);
  });

  it('takes planned touches for later days (plan schedule)', () => {
    const f = load();
    expect(f.state('C1', AS_OF + 7)?.flags).toEqual(['renewal-risk', 'overdue']);
    expect(f.addTouch('C1', AS_OF + 3, 'sales')).toBe(true);
    expect(f.addTouch('nobody', AS_OF + 3, 'sales')).toBe(false);
    const s = f.state('C1', AS_OF + 7) as ContactState;
    expect(s).toMatchObject({ lastTouch: AS_OF + 3, daysSinceTouch: 4, daysOverdue: 0, flags: [] });
    expect(s.contract.daysToRenewal).toBe(27);
    // Planned touches stay out of the phase chart.
    expect(f.finish().phases.find((p) => p.phase === 'last 90 days')?.sales).toBe(1);
  });

  it('forks: planned touches go to the copy, the fold stays as contacts.csv has it (plan contact beside plan schedule)', () => {
    const f = load();
    const before = JSON.stringify(f.finish({ list: true }));
    const ledger = f.fork();
    expect(ledger.addTouch('C1', AS_OF + 3, 'sales')).toBe(true);
    expect(ledger.addTouch('nobody', AS_OF + 3, 'sales')).toBe(false);
    expect(ledger.state('C1', AS_OF + 7)).toMatchObject({ lastTouch: AS_OF + 3, daysSinceTouch: 4, flags: [] });
    expect(f.state('C1', AS_OF + 7)?.flags).toEqual(['renewal-risk', 'overdue']);
    expect(JSON.stringify(f.finish({ list: true }))).toBe(before);
    // A second fork starts from the file again.
    expect(f.fork().state('C1', AS_OF + 7)?.flags).toEqual(['renewal-risk', 'overdue']);
  });
});

describe('ranking by risk', () => {
  const state = (id: string, over: Partial<ContactAccount>, t: Partial<TouchSummary>) =>
    contactState(account({ id, ...over }), touches(t), AS_OF, rules);
  it('puts the most urgent first, id last', () => {
    const states = [
      state('n-ok', {}, { lastTouch: AS_OF - 1 }),
      state('m-service', {}, { lastTouch: AS_OF - 1, other365: 1 }),
      state('k-over-10', {}, { lastTouch: AS_OF - 40 }),
      state('j-over-50', {}, { lastTouch: AS_OF - 80 }),
      state('i-never', {}, {}),
      state('h-over-10-A', { tier: 'A' }, { lastTouch: AS_OF - 24 }),
      state('g-over-10', {}, { lastTouch: AS_OF - 40 }),
      state('f-silent', { contractStart: AS_OF - 100 }, { lastTouch: AS_OF - 1, other365: 1 }),
      state('e-silent-over', { contractStart: AS_OF - 100 }, { lastTouch: AS_OF - 40, other365: 1 }),
      state('d-renewal-5', { contractEnd: AS_OF + 5 }, { lastTouch: AS_OF - 40 }),
      state('c-renewal-60', { contractEnd: AS_OF + 60 }, { lastTouch: AS_OF - 100 }),
      state('b-renewal-60', { contractEnd: AS_OF + 60 }, { lastTouch: AS_OF - 100 }),
      state('a-lost', { status: 'lost', tier: null }, {}),
    ];
    expect(states.sort(compareRisk).map((s) => s.account.id)).toEqual([
      'b-renewal-60', // 70 days overdue, before 10 days overdue
      'c-renewal-60',
      'd-renewal-5',
      'e-silent-over', // three flags before one
      'f-silent',
      'i-never',
      'j-over-50',
      'h-over-10-A', // tier A before B at the same days overdue
      'g-over-10',
      'k-over-10',
      'm-service',
      'n-ok', // within cadence (0 days overdue) before not judged
      'a-lost',
    ]);
  });

  it('orders as the rule reads, part by part, however far back the last touch is', () => {
    const FLAG_ORDER = ['renewal-risk', 'post-sale-silence', 'overdue', 'service-only'];
    const TIERS: Record<string, number> = { A: 0, B: 1, C: 2 };
    // The rule as written (riskKey before it was packed into two numbers): six parts compared in turn, then the id.
    const parts = (s: ContactState) => [
      s.flags.length === 0 ? 4 : FLAG_ORDER.indexOf(s.flags[0] as string),
      -s.flags.length,
      s.neverTouched ? 0 : 1,
      -(s.daysOverdue ?? -1),
      s.contract.renewalDue ? (s.contract.daysToRenewal as number) : Number.MAX_SAFE_INTEGER,
      TIERS[s.account.tier ?? ''] ?? 3,
    ];
    const byRule = (a: ContactState, b: ContactState) => {
      const pa = parts(a);
      const pb = parts(b);
      for (let k = 0; k < pa.length; k++) if (pa[k] !== pb[k]) return (pa[k] as number) < (pb[k] as number) ? -1 : 1;
      return a.account.id < b.account.id ? -1 : a.account.id > b.account.id ? 1 : 0;
    };
    const someDay = fc.option(fc.integer({ min: AS_OF - 2 ** 31 + 1, max: AS_OF + 400 }), { nil: null });
    const near = fc.option(fc.integer({ min: AS_OF - 400, max: AS_OF + 400 }), { nil: null });
    const one = fc
      .record({
        id: fc.constantFrom('a', 'b', 'c'),
        status: fc.constantFrom('customer', 'prospect', 'lost'),
        tier: fc.constantFrom('A', 'B', 'C', null),
        contractStart: near,
        contractEnd: near,
        lastTouch: someDay,
        lastSalesTouch: near,
        other365: fc.integer({ min: 0, max: 2 }),
      })
      .map((r) =>
        state(
          r.id,
          {
            status: r.status as ContactAccount['status'],
            tier: r.tier as ContactAccount['tier'],
            contractStart: r.contractStart,
            contractEnd: r.contractEnd,
          },
          { lastTouch: r.lastTouch, lastSalesTouch: r.lastSalesTouch, other365: r.other365 },
        ),
      );
    fc.assert(
      fc.property(one, one, (a, b) => {
        expect(Math.sign(compareRisk(a, b))).toBe(byRule(a, b));
      }),
      { numRuns: 5000 },
    );
  });
});
