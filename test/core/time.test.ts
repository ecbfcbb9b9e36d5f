import { describe, expect, it } from 'vitest';
import {
  activityClassMap,
  analyseTime,
  callsPerWeekOf,
  capacityGain,
  checkWhatIf,
  FREED_CLASS,
  normalizeActivity,
  type TimeOptions,
  tallyActivities,
  type WhatIf,
} from '../../src/core/time.js';
import { mondayOfIsoWeek, parseIsoDay } from '../../src/schema/calendar.js';
import type { ActivityRow, RepRow } from '../../src/schema/files.js';

function day(text: string): number {
  const d = parseIsoDay(text);
  if (d === undefined) throw new Error(`not a date: ${text}`);
  return d;
}

const W10 = mondayOfIsoWeek({ year: 2026, week: 10 }); // Monday 2026-03-02
const AS_OF = day('2026-03-31');
let line = 1;
const row = (rep: string, activity: string, hours: number, when: { week?: number; date?: number } = { week: W10 }): ActivityRow => ({
  rep,
  activity,
  hours,
  date: when.date,
  week: when.week,
  line: ++line,
});

const rep = (fields: Partial<RepRow> & { id: string }): RepRow => ({
  name: undefined,
  role: undefined,
  calls_per_day: undefined,
  days: undefined,
  region: undefined,
  email: undefined,
  planned_share: undefined,
  line: 2,
  ...fields,
});

const options = (over: Partial<TimeOptions> = {}): TimeOptions => ({
  classes: activityClassMap({}),
  hoursPerWeek: 40,
  weeks: undefined,
  whatIf: undefined,
  supportHourlyCost: undefined,
  reps: undefined,
  callsPerDay: { field: 5, inside: 20 },
  ...over,
});

const analyse = (rows: ActivityRow[], over: Partial<TimeOptions> = {}) =>
  analyseTime(tallyActivities(rows, { from: undefined, to: undefined }, AS_OF), options(over));

const whatIf = (over: Partial<WhatIf>): WhatIf => ({ reassign: [], cut: [], convert: 1, ...over });

describe('activity classes', () => {
  const defaults = activityClassMap({});
  it.each([
    ['Customer Visits', 'selling'],
    ['sales calls', 'selling'],
    ['Prospecting', 'selling'],
    ['demos', 'selling'],
    ['Travel', 'travel'],
    ['driving', 'travel'],
    ['Planning visits', 'admin'],
    [' order-entry ', 'admin'],
    ['ORDER_ENTRY', 'admin'],
    ['Reporting', 'admin'],
    ['CRM  updates', 'admin'],
    ['quotes', 'admin'],
    ['Internal meetings', 'internal'],
    ['training', 'internal'],
    ['Invoicing', 'service'],
    ['complaints', 'service'],
    ['Contract issues', 'service'],
  ])('%j is %s', (name, cls) => {
    expect(defaults.get(normalizeActivity(name))).toBe(cls);
  });

  it('knows no class for an unknown name', () => {
    expect(defaults.get(normalizeActivity('misc'))).toBeUndefined();
  });

  it('merges the config over the defaults, matching names after normalising', () => {
    const map = activityClassMap({ 'Trade Fairs': 'selling', TRAVEL: 'admin' });
    expect(map.get('trade fairs')).toBe('selling');
    expect(map.get('travel')).toBe('admin');
    expect(map.get('order entry')).toBe('admin');
  });
});

describe('the period', () => {
  it('reads a week given as an ISO week or as any day of it as that ISO week', () => {
    const rows = [row('R1', 'travel', 10, { week: W10 }), row('R1', 'travel', 10, { week: day('2026-03-11') })];
    const tally = tallyActivities(rows, { from: undefined, to: undefined }, AS_OF);
    expect([...tally.mondays].sort()).toEqual([W10, day('2026-03-09')]);
    expect(analyseTime(tally, options()).period).toEqual({ from: null, to: '2026-03-31', weeks: 2, weeksFrom: 'data' });
  });

  it('counts a week whole when its Monday is in --from..--to, and a dated row on its date', () => {
    const rows = [
      row('R1', 'travel', 10, { week: W10 }), // Monday 2026-03-02: before --from
      row('R1', 'travel', 7, { week: day('2026-03-12') }), // W11, Monday 03-09
      row('R1', 'travel', 3, { date: day('2026-03-03') }), // a Tuesday, before --from
      row('R1', 'travel', 2, { date: day('2026-03-15') }),
    ];
    const tally = tallyActivities(rows, { from: day('2026-03-04'), to: day('2026-03-15') }, AS_OF);
    expect(tally.counted).toEqual({ rows: 2, hours: 9 });
    expect(tally.outsidePeriod).toEqual({ rows: 2, hours: 13 });
  });

  it('leaves out rows after --as-of by default', () => {
    const rows = [row('R1', 'travel', 10, { week: W10 }), row('R1', 'travel', 5, { date: day('2026-04-01') })];
    const tally = tallyActivities(rows, { from: undefined, to: undefined }, AS_OF);
    expect(tally.counted.hours).toBe(10);
    expect(tally.outsidePeriod.rows).toBe(1);
  });

  it('counts rows without date or week only when no period is given', () => {
    const rows = [row('R1', 'travel', 10, {}), row('R1', 'sales calls', 10, { week: W10 })];
    const open = tallyActivities(rows, { from: undefined, to: undefined }, AS_OF);
    expect(open.counted.hours).toBe(20);
    expect(open.undated).toEqual({ rows: 1, hours: 10, counted: true });
    const closed = tallyActivities(rows, { from: day('2026-03-01'), to: undefined }, AS_OF);
    expect(closed.counted.hours).toBe(10);
    expect(closed.undated).toEqual({ rows: 1, hours: 10, counted: false });
  });

  it('reads a file with no dates or weeks as one week', () => {
    const a = analyse([row('R1', 'travel', 30, {}), row('R1', 'sales calls', 10, {})]);
    expect(a.period.weeks).toBe(1);
    expect(a.period.weeksFrom).toBe('assumed');
    expect(a.team.fte).toBe(1);
  });

  it('takes the date over the week and reports rows where they disagree', () => {
    const r = row('R1', 'travel', 10, { week: W10, date: day('2026-03-20') });
    const tally = tallyActivities([r], { from: undefined, to: undefined }, AS_OF);
    expect(tally.weekMismatch).toEqual([r.line]);
    expect([...tally.mondays]).toEqual([day('2026-03-16')]);
  });
});

describe('shares', () => {
  it('counts unknown activities in all hours, never as selling', () => {
    const a = analyse([row('R1', 'sales calls', 10), row('R1', 'misc', 10), row('R1', 'order entry', 80)]);
    expect(a.team.sellingShare).toBe(0.1);
    expect(a.team.nonSellingShare).toBe(0.9);
    expect(a.unknown).toEqual([{ activity: 'misc', hours: 10, reps: 1, line: expect.any(Number) }]);
    expect(a.team.classes.map((c) => c.class)).toEqual(['selling', 'travel', 'admin', 'internal', 'service', 'unknown']);
  });

  it('ranks reps by selling share, lowest first, and names those below the team', () => {
    const a = analyse([
      row('R1', 'sales calls', 4),
      row('R1', 'travel', 36),
      row('R2', 'sales calls', 8),
      row('R2', 'travel', 32),
      row('R3', 'sales calls', 12),
      row('R3', 'travel', 28),
    ]);
    // Team: 24 of 120 h = 20%; R1 10% is 10 points below.
    expect(a.team.sellingShare).toBe(0.2);
    expect(a.reps.map((r) => [r.rep, r.sellingShare, r.gapToTeam])).toEqual([
      ['R1', 0.1, -0.1],
      ['R2', 0.2, 0],
      ['R3', 0.3, 0.1],
    ]);
    expect(a.furthestBelow.map((r) => r.rep)).toEqual(['R1']);
  });

  it('turns a 30% share into 1.5 days of a five-day week (DOMAIN.md idea 8)', () => {
    const a = analyse([row('R1', 'invoicing', 8), row('R1', 'contract issues', 4), row('R1', 'sales calls', 28)]);
    const service = a.team.classes.find((c) => c.class === 'service');
    expect(service).toMatchObject({ hours: 12, share: 0.3, daysPerWeek: 1.5 });
  });

  it('works out days a week and the gap to the team from the hours, never from shares already rounded', () => {
    // 2.5 of 18 h: a share of 0.138889 (rounded to 6 places); 5 x 2.5 / 18 = 0.694444, where 5 x 0.138889 = 0.694445.
    const days = analyse([row('R1', 'order entry', 2.5), row('R1', 'sales calls', 15.5)]);
    expect(days.team.classes.find((c) => c.class === 'admin')).toMatchObject({ share: 0.138889, daysPerWeek: 0.694444 });
    // R1 sells 2 of 3 h (0.666667), the team 2 of 6 (0.333333): the gap is 1/3 = 0.333333, not 0.666667 - 0.333333 = 0.333334.
    const gap = analyse([row('R1', 'sales calls', 2), row('R1', 'travel', 1), row('R2', 'travel', 3)]);
    expect(gap.reps.map((r) => [r.rep, r.sellingShare, r.gapToTeam])).toEqual([
      ['R2', 0, -0.333333],
      ['R1', 0.666667, 0.333333],
    ]);
  });
});

describe('what-if', () => {
  // The article's case: selling 12% of a 40-hour week; order entry and invoicing (10%) reassigned -> 22%.
  const article = [
    row('R1', 'customer visits', 4.8),
    row('R1', 'order entry', 2),
    row('R1', 'invoicing', 2),
    row('R1', 'travel', 31.2),
    row('R2', 'customer visits', 4.8),
    row('R2', 'order entry', 2),
    row('R2', 'invoicing', 2),
    row('R2', 'travel', 31.2),
  ];

  it('reproduces 12% -> 22% = +83% and the equivalent reps', () => {
    const a = analyse(article, { whatIf: whatIf({ reassign: ['order entry', 'invoicing'] }) });
    const w = a.whatIf;
    expect(a.team.sellingShare).toBe(0.12);
    expect(w?.sellingShareAfter).toBe(0.22);
    expect(w?.gain).toBeCloseTo(22 / 12 - 1, 6);
    expect(Math.round((w?.gain ?? 0) * 100)).toBe(83);
    // Team FTE = 80 h / (40 h x 1 week) = 2; 2 x 0.8333 = 1.67 reps.
    expect(a.team.fte).toBe(2);
    expect(w?.equivalentReps).toBeCloseTo(2 * (22 / 12 - 1), 5);
    expect(w?.freedHours).toBe(8);
    expect(w?.after.find((c) => c.class === 'service')).toMatchObject({ hours: 0, share: 0 });
  });

  it('cuts a share of an activity and converts a share of the freed hours', () => {
    const rows = [row('R1', 'sales calls', 10), row('R1', 'internal meetings', 20), row('R1', 'travel', 70)];
    const a = analyse(rows, { whatIf: whatIf({ cut: [{ activity: 'internal meetings', share: 0.5 }], convert: 0.8 }) });
    const w = a.whatIf;
    // 10 h freed, 8 h become selling: 18 of 100 h; the other 2 h show as freed, not selling.
    expect(w).toMatchObject({ cutHours: 10, reassignedHours: 0, freedHours: 10, convertedHours: 8, unconvertedHours: 2 });
    expect(w?.sellingShareAfter).toBe(0.18);
    expect(w?.gain).toBe(0.8);
    expect(w?.after.find((c) => c.class === FREED_CLASS)).toMatchObject({ hours: 2, share: 0.02 });
    expect(w?.after.find((c) => c.class === 'internal')).toMatchObject({ hours: 10 });
  });

  it('does not divide by zero selling time: "from no selling time"', () => {
    const rows = [row('R1', 'order entry', 10), row('R1', 'travel', 30)];
    const a = analyse(rows, { whatIf: whatIf({ reassign: ['order entry'] }) });
    expect(a.team.sellingShare).toBe(0);
    expect(a.whatIf).toMatchObject({ sellingShareAfter: 0.25, gain: null, gainNote: 'from no selling time', equivalentReps: null });
    expect(a.reps[0]?.gain).toBeNull();
  });

  it.each([
    [0, 0.1, 'from no selling time'],
    [0, 0, 'no selling time before or after'],
  ])('capacityGain(%d, %d) says %j', (before, after, note) => {
    expect(capacityGain(before, after)).toEqual({ gain: null, note });
  });

  it('prices the reassigned hours (not the cut ones) at the support hourly cost', () => {
    const rows = [
      row('R1', 'sales calls', 10),
      row('R1', 'invoicing', 6),
      row('R1', 'internal meetings', 4),
      row('R1', 'sales calls', 10, { week: W10 + 7 }),
      row('R1', 'invoicing', 6, { week: W10 + 7 }),
    ];
    const a = analyse(rows, {
      supportHourlyCost: 30,
      whatIf: whatIf({ reassign: ['invoicing'], cut: [{ activity: 'internal meetings', share: 1 }] }),
    });
    expect(a.whatIf?.support).toEqual({ hourlyCost: 30, hours: 12, cost: 360, costPerWeek: 180 });
  });

  it("grows each rep's calls a week with that rep's selling hours", () => {
    const reps: RepRow[] = [rep({ id: 'R1', calls_per_day: 4, days: [1, 2, 3, 4] }), rep({ id: 'R2', role: 'inside' })];
    const rows = [
      row('R1', 'customer visits', 10),
      row('R1', 'order entry', 5),
      row('R2', 'sales calls', 20),
      row('R2', 'order entry', 5),
      row('R3', 'sales calls', 20),
    ];
    const a = analyse(rows, { reps, whatIf: whatIf({ reassign: ['order entry'] }) });
    // R1: 4 x 4 days = 16 a week, selling 10 -> 15 h (+50%): +8. R2: 20 x 5 = 100, 20 -> 25 h: +25. R3 has no rate.
    expect(a.whatIf?.calls).toEqual({
      perWeekBefore: 116,
      perWeekAfter: 149,
      extraPerWeek: 33,
      reps: 2,
      withoutRate: ['R3'],
      withoutSelling: [],
    });
  });

  it.each([
    [{ calls_per_day: 6, days: [1, 2, 3, 4, 5] }, 30],
    [{ role: 'field' }, 25],
    [{ role: 'Inside', days: [1, 2, 3] }, 60],
    [{ role: 'partner' }, null],
  ])('callsPerWeekOf(%j) = %j', (fields, expected) => {
    expect(callsPerWeekOf(rep({ id: 'R', ...fields }), { field: 5, inside: 20 })).toBe(expected);
  });
});

describe('checkWhatIf', () => {
  const tally = tallyActivities(
    [row('R1', 'sales calls', 10), row('R1', 'order entry', 5), row('R1', 'invoicing', 5)],
    { from: undefined, to: undefined },
    AS_OF,
  );
  const classes = activityClassMap({});
  it.each([
    [whatIf({ reassign: ['order entry'], cut: [{ activity: 'invoicing', share: 0.5 }] }), []],
    [whatIf({ reassign: ['order entri'] }), ['absent']],
    [whatIf({ reassign: ['travel'] }), ['absent']],
    [whatIf({ reassign: ['sales calls'] }), ['selling']],
    [whatIf({ reassign: ['order entry'], cut: [{ activity: 'order entry', share: 0.5 }] }), ['twice']],
  ])('%j -> %j', (w, problems) => {
    expect(checkWhatIf(tally, w, classes).map((i) => i.problem)).toEqual(problems);
  });
});
