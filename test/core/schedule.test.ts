import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ContactAccount, cadenceFor, createContactFold } from '../../src/core/contact.js';
import {
  callsAsked,
  callsPerDayNeeded,
  channelFor,
  compact,
  plannedSlots,
  planSchedule,
  repDays,
  repSettings,
  type ScheduleAccount,
  type ScheduleOptions,
  type ScheduleResult,
  type ScheduleWeek,
  shareNeeded,
  slotsPerDay,
  spread,
} from '../../src/core/schedule.js';
import type { Tier } from '../../src/core/segment.js';
import { type Day, formatDay, formatIsoWeek, isoWeekOf, parseIsoDay, weekday } from '../../src/schema/calendar.js';
import { type Config, defaultConfig } from '../../src/schema/config.js';
import type { AbsenceRow, RepRow } from '../../src/schema/files.js';
import { scheduleCalendar } from '../../src/views/schedule.js';

function d(text: string): Day {
  const day = parseIsoDay(text);
  if (day === undefined) throw new Error(`not a date: ${text}`);
  return day;
}

const config = defaultConfig();
const AS_OF = d('2027-03-05'); // a Friday
const W10: ScheduleWeek = { label: '2027-W10', monday: d('2027-03-08'), from: d('2027-03-08') };

function week(monday: Day, from = monday): ScheduleWeek {
  return { label: formatIsoWeek(isoWeekOf(monday)), monday, from };
}

function rep(over: Partial<RepRow> = {}): RepRow {
  return {
    id: 'R1',
    name: 'Rep One',
    role: 'field',
    calls_per_day: 4,
    days: [1, 2, 3, 4, 5],
    region: undefined,
    email: undefined,
    planned_share: undefined,
    line: 2,
    ...over,
  };
}

interface AccountSpec {
  id: string;
  owner?: string;
  status?: ContactAccount['status'];
  tier?: Tier | null;
  start?: string;
  end?: string;
  region?: string;
  postcode?: string;
  headroom?: number | null;
  coverage?: ScheduleAccount['coverage'];
  touches?: [string, string][];
}

function item(spec: AccountSpec, line: number): ScheduleAccount {
  const status = spec.status ?? 'customer';
  return {
    account: {
      id: spec.id,
      name: `Name of ${spec.id}`,
      owner: spec.owner ?? 'R1',
      status,
      tier: spec.tier !== undefined ? spec.tier : status === 'customer' ? 'B' : status === 'prospect' ? 'C' : null,
      tierSource: spec.tier !== undefined ? 'segment' : 'status',
      contractStart: spec.start ? d(spec.start) : null,
      contractEnd: spec.end ? d(spec.end) : null,
      extra: {},
    },
    line,
    phone: `+49 ${line}`,
    region: spec.region ?? '',
    postcode: spec.postcode ?? '',
    address: '',
    city: '',
    contact: '',
    headroom: spec.headroom ?? null,
    coverage: spec.coverage ?? null,
  };
}

interface Setup {
  reps?: RepRow[];
  absences?: AbsenceRow[];
  accounts: AccountSpec[];
  options?: Partial<ScheduleOptions>;
  cadence?: Config['cadence'];
}

function plan(setup: Setup): ScheduleResult {
  const items = setup.accounts.map((a, i) => item(a, i + 2));
  const cadence = setup.cadence ?? config.cadence;
  const fold = createContactFold(
    items.map((i) => i.account),
    { asOf: AS_OF, cadence, postSaleDays: config.postSaleDays, touchTypes: {} },
  );
  let line = 2;
  for (const a of setup.accounts)
    for (const [date, type] of a.touches ?? []) fold.add({ customer_id: a.id, date: d(date), type, line: line++ });
  return planSchedule(setup.reps ?? [rep()], setup.absences ?? [], items, fold, {
    weeks: [W10],
    asOf: AS_OF,
    plannedShare: undefined,
    defaultShare: config.plannedShare,
    callsPerDay: config.callsPerDay,
    rep: undefined,
    holidays: new Map(),
    withMarket: false,
    repsFile: 'reps.csv',
    ...setup.options,
  });
}

const calls = (r: ScheduleResult) => r.slots.filter((s) => s.call).map((s) => s.call?.account);

describe('arithmetic', () => {
  it.each([
    [25, 0.6, 15],
    [35, 0.6, 21], // 0.6 x 35 = 20.999999999999996 in floating point
    [16, 0.6, 9],
    [96, 0.6, 57],
    [5, 0.6, 3],
    [20, 0.5, 10],
    [7, 1, 7],
    [7, 0, 0],
  ])('planned slots of capacity %i at share %f: %i', (capacity, share, expected) => {
    expect(plannedSlots(capacity, share)).toBe(expected);
  });

  it.each([
    [4, 4, [4, 4, 4, 4]],
    [4.5, 4, [4, 5, 4, 5]],
    [2.4, 5, [2, 2, 3, 2, 3]],
    [5, 0, []],
  ])('%f calls a day over %i days: %j', (cpd, days, expected) => {
    expect(slotsPerDay(cpd, days)).toEqual(expected);
  });

  it.each([
    [9, [4, 4, 4, 4], [3, 2, 2, 2]],
    [2, [10, 10, 10], [1, 1, 0]],
    [1, [3, 3, 3, 3, 3], [1, 0, 0, 0, 0]],
    [57, [24, 24, 24, 24], [15, 14, 14, 14]],
    [0, [3, 3], [0, 0]],
    [5, [0, 5, 0], [0, 5, 0]],
    [3, [], []],
  ])('spread %i over %j: %j', (total, sizes, expected) => {
    expect(spread(total, sizes)).toEqual(expected);
  });

  it.each([
    [950, '950'],
    [999.4, '999'],
    [1000, '1k'],
    [12_500, '12.5k'],
    [120_000, '120k'],
    [209_860.37, '210k'],
    [3_400_000, '3.4M'],
  ])('compact(%f) = %s', (value, text) => {
    expect(compact(value)).toBe(text);
  });

  it.each([
    ['inside', 'field', 'call'],
    ['Inside', null, 'call'],
    ['field', 'field', 'visit'],
    ['field', null, 'visit'],
    ['field', 'inside', 'call'],
    ['field', 'digital', 'call'],
    ['key account', 'field', 'visit'],
  ] as const)('a %s rep and coverage %s: %s', (role, coverage, channel) => {
    expect(channelFor(role, coverage)).toBe(channel);
  });

  const mon = d('2027-03-08');
  it.each([
    [14, [mon, mon + 1, mon + 2, mon + 3, mon + 4], 1],
    [7, [mon, mon + 1, mon + 2, mon + 3, mon + 4], 1],
    [3, [mon, mon + 1, mon + 2, mon + 3, mon + 4], 2], // Mon, Thu
    [2, [mon, mon + 1, mon + 2, mon + 3, mon + 4], 3], // Mon, Wed, Fri
    [1, [mon, mon + 1, mon + 2], 3],
    [3, [mon], 1],
    [2.5, [mon, mon + 1, mon + 2, mon + 3, mon + 4], 2],
  ])('cadence %f over %j working days asks %i calls', (cadence, days, n) => {
    expect(callsAsked(cadence, days)).toBe(n);
  });

  it.each([
    [8, 16, 0.5],
    [9, 16, 0.57], // floor(16 x 0.57) = 9
    [16, 16, 1],
    [17, 16, null],
    [1, 0, null],
  ])('%i due calls in %i slots need share %s', (due, capacity, share) => {
    expect(shareNeeded(due, capacity)).toBe(share);
  });

  it.each([
    [8, 4, 0.25, 8],
    [162, 1, 0.6, 270],
    [10, 5, 0.6, 4], // floor(floor(4 x 5) x 0.6) = 12 >= 10; 3 a day gives 9
    [5, 0, 0.6, null],
    [5, 5, 0, null],
  ])('%i due calls over %i days at share %f need %s calls a day', (due, days, share, expected) => {
    expect(callsPerDayNeeded(due, days, share)).toBe(expected);
  });
});

describe('reps and their days', () => {
  it('takes calls per day from reps.csv, else by role; share from the option, else reps.csv, else config', () => {
    const { reps, problems } = repSettings(
      [
        rep({ id: 'A', calls_per_day: 7, planned_share: 0.5 }),
        rep({ id: 'B', calls_per_day: undefined, role: 'Inside' }),
        rep({ id: 'C', calls_per_day: undefined, role: undefined }),
        rep({ id: 'D', calls_per_day: undefined, role: 'hunter', line: 9 }),
      ],
      { plannedShare: undefined, defaultShare: 0.6, callsPerDay: config.callsPerDay, repsFile: 'reps.csv' },
    );
    expect(reps.map((r) => [r.id, r.callsPerDay, r.callsPerDaySource, r.plannedShare, r.shareSource])).toEqual([
      ['A', 7, 'reps.csv', 0.5, 'reps.csv'],
      ['B', 20, 'config', 0.6, 'config'],
      ['C', 5, 'config', 0.6, 'config'],
    ]);
    expect(problems).toEqual([expect.objectContaining({ severity: 'error', line: 9, code: 'E_NO_CALLS_PER_DAY' })]);
    const forced = repSettings([rep({ planned_share: 0.5 })], {
      plannedShare: 0.8,
      defaultShare: 0.6,
      callsPerDay: {},
      repsFile: 'reps.csv',
    });
    expect(forced.reps[0]).toMatchObject({ plannedShare: 0.8, shareSource: 'option' });
  });

  it('takes absences and holidays out of the working days, and starts at --from', () => {
    const settings = { days: [1, 2, 3, 4], callsPerDay: 5, plannedShare: 0.6 };
    const absences = [{ from: d('2027-03-02'), to: d('2027-03-09'), reason: 'vacation' }];
    const holidays = new Map([[d('2027-03-11'), 'Test Day']]);
    const days = repDays(settings, W10, absences, holidays);
    expect(days.map((x) => [x.weekday, x.status, x.note, x.slots, x.planned])).toEqual([
      ['Mon', 'absent', 'vacation', 0, 0],
      ['Tue', 'absent', 'vacation', 0, 0],
      ['Wed', 'work', '', 5, 3],
      ['Thu', 'holiday', 'Test Day', 0, 0],
    ]);
    const late = repDays(settings, { ...W10, from: d('2027-03-10') }, [], new Map());
    expect(late.map((x) => x.weekday)).toEqual(['Wed', 'Thu']);
  });
});

describe('planSchedule', () => {
  it('ranks by urgency in whole cadences, renewal, post-sale, headroom, then id, and says why', () => {
    const r = plan({
      reps: [rep({ calls_per_day: 20, days: [1] })],
      options: { withMarket: true },
      accounts: [
        { id: 'K1', tier: 'B', touches: [['2027-01-07', 'visit']], headroom: 5000 }, // 60 days: overdue 30, urgency 2
        { id: 'K2', tier: 'B', touches: [['2026-11-08', 'call']], headroom: 0 }, // 120 days: urgency 4
        { id: 'K3', tier: 'B', touches: [['2027-02-01', 'call']], end: '2027-04-07', start: '2026-04-08' }, // overdue 5, renewal 30
        { id: 'K4', tier: 'A', touches: [['2027-02-10', 'call']], headroom: 120_000 }, // A 14: 26 days, overdue 12 -> urgency 2
        { id: 'K5', tier: 'B', touches: [['2027-02-10', 'call']], headroom: 900 }, // due 2027-03-12: urgency 1
        { id: 'K6', tier: 'B', start: '2027-02-15', touches: [['2027-02-20', 'service']] }, // post-sale due, not due by cadence
        { id: 'K7', tier: 'C', touches: [['2027-03-01', 'visit']] }, // 7 of 90 days: not planned
        { id: 'K8', status: 'lost', tier: null }, // never planned
        { id: 'K0', tier: 'B', touches: [['2027-01-07', 'visit']], headroom: 5000 }, // K1's twin: id decides
      ],
    });
    const byId = new Map(r.slots.filter((s) => s.call).map((s) => [s.call?.account, s.call]));
    expect(
      [...byId.values()].sort((a, b) => (a?.rank ?? 0) - (b?.rank ?? 0)).map((c) => [c?.account, c?.urgency, c?.reasons.join('; ')]),
    ).toEqual([
      ['K2', 4, 'overdue 90 days; B-tier'],
      ['K3', 2, 'overdue 5 days; renewal in 30 days; B-tier'],
      ['K4', 2, 'overdue 12 days; A-tier, headroom 120k'],
      ['K0', 2, 'overdue 30 days; B-tier, headroom 5k'],
      ['K1', 2, 'overdue 30 days; B-tier, headroom 5k'],
      ['K5', 1, 'due by Fri; B-tier, headroom 900'],
      ['K6', 0, 'due in 14 days; post-sale follow-up due; B-tier'],
    ]);
    expect(r.reps[0]).toMatchObject({ eligible: 7, dueCalls: 6, dueFitted: 6, notFitted: 0 });
  });

  it('counts due calls that do not fit, by tier, with the share and calls a day that would cover them', () => {
    const accounts: AccountSpec[] = ['A', 'A', 'B', 'B', 'B', 'C'].map((tier, i) => ({
      id: `K${i}`,
      tier: tier as Tier,
      touches: [['2026-01-01', 'call']],
    }));
    const r = plan({ reps: [rep({ calls_per_day: 1, days: [1, 2, 3, 4, 5] })], accounts });
    // capacity 5, planned floor(3) = 3; 6 due, 3 fit: the A (overdue longest in cadences) first.
    expect(r.reps[0]).toMatchObject({
      capacity: 5,
      plannedSlots: 3,
      planned: 3,
      dueCalls: 6,
      notFitted: 3,
      shareNeeded: null,
      callsPerDayNeeded: 2,
    });
    expect(r.reps[0]?.notFittedByTier).toEqual({ A: 0, B: 2, C: 1 });
  });

  it('gives a rep with no accounts all slots free, and counts owners not in reps.csv', () => {
    const r = plan({
      reps: [rep({ id: 'R1' }), rep({ id: 'R2', line: 3 })],
      accounts: [
        { id: 'K1', owner: 'R1' },
        { id: 'K2', owner: 'R9' },
        { id: 'K3', owner: '' },
        { id: 'K4', owner: 'R9' },
      ],
    });
    const r2 = r.reps.find((x) => x.rep === 'R2');
    expect(r2).toMatchObject({ capacity: 20, plannedSlots: 12, planned: 0, free: 20, accounts: 0 });
    expect(r.unknownOwners).toMatchObject({
      rows: 3,
      distinct: 2,
      top: [
        { key: 'R9', count: 2, firstLine: 3 },
        { key: '', count: 1, firstLine: 4 },
      ],
    });
    expect(calls(r)).toEqual(['K1']);
  });

  it('calls an account more than once a week only when its cadence is shorter, at least a cadence apart', () => {
    const r = plan({
      reps: [rep({ calls_per_day: 10 })],
      cadence: { ...config.cadence, A: 2 },
      accounts: [
        { id: 'FAST', tier: 'A', touches: [['2027-03-01', 'call']] },
        { id: 'SLOW', tier: 'B', touches: [['2027-01-01', 'call']] },
      ],
    });
    const fast = r.slots.filter((s) => s.call?.account === 'FAST');
    expect(fast.map((s) => [s.weekday, s.call?.call, s.call?.calls])).toEqual([
      ['Mon', 1, 3],
      ['Wed', 2, 3],
      ['Fri', 3, 3],
    ]);
    expect(fast[1]?.call?.reasons.at(-1)).toBe('call 2 of 3 (cadence 2 days)');
    expect(r.slots.filter((s) => s.call?.account === 'SLOW')).toHaveLength(1);
  });

  it("names each of an account's calls in a week in the calendar by its ordinal, not its day: week/rep/account/n", () => {
    const r = plan({
      reps: [rep({ calls_per_day: 10 })],
      cadence: { ...config.cadence, A: 2 },
      accounts: [{ id: 'FAST', tier: 'A', touches: [['2027-03-01', 'call']] }],
    });
    const events = scheduleCalendar(r, 'Europe/Berlin').events;
    expect(events.map((e) => [e.uid, formatDay(e.date)])).toEqual([
      ['2027-W10/R1/FAST/1@plan-schedule', '2027-03-08'],
      ['2027-W10/R1/FAST/2@plan-schedule', '2027-03-10'],
      ['2027-W10/R1/FAST/3@plan-schedule', '2027-03-12'],
    ]);
  });

  it('counts calls planned in earlier weeks as touches for later ones', () => {
    const W11 = week(d('2027-03-15'));
    const r = plan({
      reps: [rep({ calls_per_day: 1, days: [1] })],
      options: { weeks: [W10, W11], plannedShare: 1 },
      accounts: [
        { id: 'K1', touches: [['2026-12-01', 'call']] },
        { id: 'K2', touches: [['2026-12-02', 'call']] },
      ],
    });
    // One call a week: K1 (longer overdue) in W10; K2 in W11, when K1 was called 7 days before.
    expect(r.slots.map((s) => [s.week, s.call?.account, s.call?.reasons[0]])).toEqual([
      ['2027-W10', 'K1', 'overdue 67 days'],
      ['2027-W11', 'K2', 'overdue 73 days'],
    ]);
  });

  it('places calls by region and postcode, then rank, and slots them from 09:00', () => {
    const r = plan({
      reps: [rep({ calls_per_day: 2, days: [1, 2], planned_share: 1 })],
      accounts: [
        { id: 'S1', region: 'South', postcode: '80331', touches: [['2026-01-01', 'call']] },
        { id: 'N2', region: 'North', postcode: '20095', touches: [['2026-06-01', 'call']] },
        { id: 'N1', region: 'north', postcode: '10115', touches: [['2026-09-01', 'call']] },
        { id: 'S2', region: 'South', postcode: '70173', touches: [['2026-10-01', 'call']] },
      ],
    });
    expect(r.slots.map((s) => [s.weekday, s.slot, s.start, s.end, s.call?.account, s.call?.area])).toEqual([
      ['Mon', 1, 540, 780, 'N1', 'north 10'],
      ['Mon', 2, 780, 1020, 'N2', 'North 20'],
      ['Tue', 1, 540, 780, 'S2', 'South 70'],
      ['Tue', 2, 780, 1020, 'S1', 'South 80'],
    ]);
  });
});

// ---------------------------------------------------------------- properties

const MONDAY = d('2027-03-08');
const arbRep = (i: number) =>
  fc.record({
    id: fc.constant(`R${i}`),
    name: fc.constant(`Rep ${i}`),
    role: fc.constantFrom<string | undefined>('field', 'inside', undefined),
    calls_per_day: fc.option(fc.constantFrom(1, 2, 2.5, 4, 5, 7, 12, 23), { nil: undefined }),
    days: fc.option(
      fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }).map((a) => a.sort((x, y) => x - y)),
      { nil: undefined },
    ),
    region: fc.constant(undefined),
    email: fc.constant(undefined),
    planned_share: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    line: fc.constant(i + 2),
  });

const arbWorld = fc.integer({ min: 1, max: 3 }).chain((nReps) =>
  fc.record({
    reps: fc.tuple(...Array.from({ length: nReps }, (_, i) => arbRep(i))),
    accounts: fc.array(
      fc.record({
        owner: fc.constantFrom(...Array.from({ length: nReps }, (_, i) => `R${i}`), 'R9', ''),
        status: fc.constantFrom<ContactAccount['status']>('customer', 'customer', 'prospect', 'lost'),
        tier: fc.constantFrom<Tier | undefined>('A', 'B', 'C', undefined),
        start: fc.option(fc.integer({ min: -500, max: 20 }), { nil: undefined }),
        length: fc.integer({ min: 30, max: 800 }),
        region: fc.constantFrom('North', 'South', ''),
        postcode: fc.constantFrom('10115', '20095', '80331', ''),
        headroom: fc.option(fc.integer({ min: 0, max: 500_000 }), { nil: null }),
        touches: fc.array(fc.tuple(fc.integer({ min: -400, max: 0 }), fc.constantFrom('call', 'visit', 'service')), { maxLength: 3 }),
      }),
      { maxLength: 40 },
    ),
    absences: fc.array(
      fc.record({
        rep: fc.integer({ min: 0, max: nReps }),
        from: fc.integer({ min: -3, max: 20 }),
        length: fc.integer({ min: 0, max: 6 }),
      }),
      { maxLength: 4 },
    ),
    holidays: fc.uniqueArray(fc.integer({ min: 0, max: 20 }), { maxLength: 4 }),
    weeks: fc.integer({ min: 1, max: 3 }),
    fromOffset: fc.integer({ min: 0, max: 6 }),
    share: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    cadence: fc.record({
      A: fc.constantFrom(2, 3, 14),
      B: fc.constantFrom(5, 30),
      C: fc.constantFrom(90),
      prospectA: fc.constantFrom(3, 30),
    }),
    withMarket: fc.boolean(),
  }),
);

type World = typeof arbWorld extends fc.Arbitrary<infer T> ? T : never;

function runWorld(
  w: World,
  order?: (items: ScheduleAccount[]) => ScheduleAccount[],
): { result: ScheduleResult; items: ScheduleAccount[]; absences: AbsenceRow[]; holidays: Map<Day, string> } {
  const items = w.accounts.map((a, i) =>
    item(
      {
        id: `K${String(i).padStart(2, '0')}`,
        owner: a.owner,
        status: a.status,
        tier: a.tier,
        region: a.region,
        postcode: a.postcode,
        headroom: a.headroom,
        coverage: a.headroom === null ? null : 'field',
      },
      i + 2,
    ),
  );
  items.forEach((it, i) => {
    const a = w.accounts[i] as World['accounts'][number];
    if (a.start !== undefined) {
      it.account.contractStart = AS_OF + a.start;
      it.account.contractEnd = AS_OF + a.start + a.length;
    }
  });
  const ordered = order ? order(items) : items;
  const fold = createContactFold(
    ordered.map((x) => x.account),
    { asOf: AS_OF, cadence: w.cadence, postSaleDays: 60, touchTypes: {} },
  );
  let line = 2;
  w.accounts.forEach((a, i) => {
    for (const [offset, type] of a.touches)
      fold.add({ customer_id: `K${String(i).padStart(2, '0')}`, date: AS_OF + offset, type, line: line++ });
  });
  const absences: AbsenceRow[] = w.absences.map((a, i) => ({
    rep: `R${a.rep}`,
    from: MONDAY + a.from,
    to: MONDAY + a.from + a.length,
    reason: 'away',
    line: i + 2,
  }));
  const holidays = new Map(w.holidays.map((h) => [MONDAY + h, `holiday ${h}`]));
  const weeks = Array.from({ length: w.weeks }, (_, i) => week(MONDAY + 7 * i, i === 0 ? MONDAY + w.fromOffset : MONDAY + 7 * i));
  const result = planSchedule(w.reps, absences, ordered, fold, {
    weeks,
    asOf: AS_OF,
    plannedShare: w.share,
    defaultShare: 0.6,
    callsPerDay: config.callsPerDay,
    rep: undefined,
    holidays,
    withMarket: w.withMarket,
    repsFile: 'reps.csv',
  });
  return { result, items, absences, holidays };
}

describe('properties over random reps, accounts and calendars', () => {
  it('planned never exceeds the share of capacity; capacity is calls per day x days actually worked', () => {
    fc.assert(
      fc.property(arbWorld, (w) => {
        const { result, absences, holidays } = runWorld(w);
        for (const r of result.reps) {
          const row = w.reps.find((x) => x.id === r.rep) as RepRow;
          const share = w.share ?? row.planned_share ?? 0.6;
          const cpd = row.calls_per_day ?? (row.role === 'inside' ? 20 : 5);
          const worked = [];
          const wk = result.weeks.find((x) => x.label === r.week) as ScheduleWeek;
          for (let day = wk.from; day <= wk.monday + 6; day++) {
            if (!(row.days ?? [1, 2, 3, 4, 5]).includes(weekday(day))) continue;
            if (holidays.has(day) || absences.some((a) => a.rep === r.rep && a.from <= day && day <= a.to)) continue;
            worked.push(day);
          }
          expect(r.workingDays).toBe(worked.length);
          expect(r.capacity).toBe(Math.floor(cpd * worked.length + 1e-9));
          expect(r.plannedSlots).toBe(Math.floor(r.capacity * share + 1e-9));
          expect(r.planned).toBeLessThanOrEqual(r.plannedSlots);
          expect(r.planned).toBeLessThanOrEqual(r.capacity * share + 1e-9);
          const slots = result.slots.filter((s) => s.rep === r.rep && s.week === r.week);
          expect(slots).toHaveLength(r.capacity);
          expect(slots.filter((s) => s.kind === 'planned')).toHaveLength(r.planned);
          expect(r.free).toBe(r.capacity - r.planned);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('puts no slot on an absence, a holiday, a day off or a day before --from', () => {
    fc.assert(
      fc.property(arbWorld, (w) => {
        const { result, absences, holidays } = runWorld(w);
        for (const s of result.slots) {
          const row = w.reps.find((x) => x.id === s.rep) as RepRow;
          const wk = result.weeks.find((x) => x.label === s.week) as ScheduleWeek;
          expect(holidays.has(s.date)).toBe(false);
          expect(absences.some((a) => a.rep === s.rep && a.from <= s.date && s.date <= a.to)).toBe(false);
          expect(row.days ?? [1, 2, 3, 4, 5]).toContain(weekday(s.date));
          expect(s.date).toBeGreaterThanOrEqual(wk.from);
          expect(s.date).toBeLessThanOrEqual(wk.monday + 6);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('calls an account at most once a week unless its cadence is under a week, and then at least a cadence apart', () => {
    fc.assert(
      fc.property(arbWorld, (w) => {
        const { result, items } = runWorld(w);
        const byId = new Map(items.map((x) => [x.account.id, x.account]));
        const seen = new Map<string, Day[]>();
        for (const s of result.slots) {
          if (!s.call) continue;
          const key = `${s.week}/${s.call.account}`;
          seen.set(key, [...(seen.get(key) ?? []), s.date]);
        }
        for (const [key, days] of seen) {
          if (days.length === 1) continue;
          const a = byId.get(key.split('/')[1] as string) as ContactAccount;
          const cadence = cadenceFor(a.status, a.tier, w.cadence) as number;
          expect(cadence).toBeLessThan(7);
          const sorted = [...days].sort((x, y) => x - y);
          for (let i = 1; i < sorted.length; i++) expect((sorted[i] as number) - (sorted[i - 1] as number)).toBeGreaterThanOrEqual(cadence);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives every planned call a reason, a channel, and plans only the rep own accounts that have a cadence', () => {
    fc.assert(
      fc.property(arbWorld, (w) => {
        const { result, items } = runWorld(w);
        const byId = new Map(items.map((x) => [x.account.id, x.account]));
        for (const s of result.slots) {
          if (s.kind === 'free') {
            expect(s.call).toBeNull();
            continue;
          }
          const c = s.call;
          expect(c).not.toBeNull();
          expect(c?.reasons.length).toBeGreaterThan(0);
          for (const reason of c?.reasons ?? []) expect(reason.trim()).not.toBe('');
          expect(['visit', 'call']).toContain(c?.channel);
          const a = byId.get(c?.account as string) as ContactAccount;
          expect(a.owner).toBe(s.rep);
          expect(a.status).not.toBe('lost');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same output for the same input, whatever the order of the accounts', () => {
    fc.assert(
      fc.property(arbWorld, (w) => {
        const a = runWorld(w).result;
        const b = runWorld(w).result;
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
        const reversed = runWorld(w, (items) => [...items].reverse()).result;
        expect(JSON.stringify(reversed.slots)).toBe(JSON.stringify(a.slots));
        expect(JSON.stringify(reversed.reps)).toBe(JSON.stringify(a.reps));
      }),
      { numRuns: 200 },
    );
  });
});
