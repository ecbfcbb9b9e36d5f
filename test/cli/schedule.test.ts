import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { weeksOf } from '../../src/analyses/schedule.js';
import { scheduleCommand } from '../../src/cli/commands/schedule.js';
import { type CalendarEvent, foldLines, loadIcsRenderer } from '../../src/render/ics.js';
import { type Day, formatDay, parseIsoDay } from '../../src/schema/calendar.js';
import { DEMO, DEMO_AS_OF, runCli, tempDir } from '../helpers/cli.js';

// fixtures/schedule/README.md derives every figure of the fixture by hand.
const FIXTURE = 'fixtures/schedule';
const FIXTURE_AS_OF = '2027-03-06';
const fixture = (...args: string[]) => runCli(['schedule', '--data', FIXTURE, '--as-of', FIXTURE_AS_OF, ...args]);
const json = async (...args: string[]) => {
  const r = await fixture('--format', 'json', ...args);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

interface JsonSlot {
  week: string;
  rep: string;
  date: string;
  weekday: string;
  slot: number;
  start: string;
  end: string;
  kind: 'planned' | 'free';
  call: { account: string; rank: number; reasons: string[]; channel: string; calls: number } | null;
}

describe('plan schedule on the demo', () => {
  // Hand-derived from fixtures/demo/reps.csv and absences.csv for 2026-W49 (Mon 2026-11-30 .. Sun 2026-12-06):
  // calls a day x working days, then floor(capacity x share) with share 0.6 (R02: 0.5 in reps.csv).
  const expected: [string, number, number, number][] = [
    ['R01', 5, 25, 15],
    ['R02', 5, 20, 10], // 4 a day, share 0.5
    ['R03', 5, 115, 69], // 23 x 5 = 115; 69.0
    ['R04', 5, 20, 12],
    ['R05', 5, 30, 18],
    ['R06', 4, 96, 57], // absent Fri 2026-12-04 (training): 24 x 4 = 96; 57.6
    ['R07', 5, 85, 51],
    ['R08', 4, 16, 9], // works Mon-Thu: 4 x 4 = 16; 9.6
    ['R09', 5, 25, 15],
    ['R10', 5, 100, 60],
    ['R11', 1, 5, 3], // Mon-Thu, on vacation 2026-12-01..04: Monday only; 3.0
    ['R12', 5, 25, 15],
  ];

  it("prints each demo rep's week with planned slots exactly floor(share x capacity)", async () => {
    const r = await runCli(['schedule', '--data', DEMO, '--week', '2026-W49', '--as-of', DEMO_AS_OF, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.reps.map((x: Record<string, unknown>) => [x.rep, x.workingDays, x.capacity, x.plannedSlots])).toEqual(expected);
    // Every demo rep has more due accounts than planned slots: every planned slot holds a call.
    for (const x of data.reps) {
      expect(x.planned).toBe(x.plannedSlots);
      expect(x.free).toBe(x.capacity - x.plannedSlots);
      expect(data.slots.filter((s: JsonSlot) => s.rep === x.rep && s.kind === 'planned')).toHaveLength(x.plannedSlots);
    }
    expect(data.slots.filter((s: JsonSlot) => s.rep === 'R06' && s.date === '2026-12-04')).toHaveLength(0);
    expect(new Set(data.slots.filter((s: JsonSlot) => s.rep === 'R11').map((s: JsonSlot) => s.date))).toEqual(new Set(['2026-11-30']));
    // Market data: reasons name tier and headroom; owners not in reps.csv are counted.
    expect(data.slots.find((s: JsonSlot) => s.call)?.call.reasons.join('; ')).toMatch(/-tier/);
    expect(r.stderr).toMatch(/51 accounts are not planned, their owner not being in reps.csv: \(no owner\) ×32 .*"R999" ×19/);
  });

  it('prints the table grouped by rep and day; run on a Monday, it plans that week', async () => {
    const r = await runCli(['schedule', '--data', DEMO, '--as-of', '2026-11-30', '--format', 'table', '--quiet']);
    expect(r.code).toBe(0);
    for (const [rep, , capacity, planned] of expected) {
      expect(r.stdout).toMatch(
        new RegExp(`\\n${rep} [^\\n]*, 2026-W49: ${capacity} slots, ${planned} planned, ${capacity - planned} free\\n`),
      );
    }
    expect(r.stdout).toContain('Fri 04 Dec absent (training)');
    expect(r.stdout).toMatch(/\nTue 01 Dec +absent: vacation\n/);
  });
});

describe('the week planned by default', () => {
  const week = (asOf: string) =>
    weeksOf({ week: undefined, from: undefined, weeks: undefined }, parseIsoDay(asOf) as Day).map((w) => [
      w.label,
      formatDay(w.monday),
      formatDay(w.from),
    ]);

  it.each([
    ['2026-11-30', 'Monday: this week, all of it', ['2026-W49', '2026-11-30', '2026-11-30']],
    ['2026-12-02', 'Wednesday: this week from Wednesday', ['2026-W49', '2026-11-30', '2026-12-02']],
    ['2026-12-04', 'Friday: this week, Friday on', ['2026-W49', '2026-11-30', '2026-12-04']],
    ['2026-12-05', 'Saturday: next week', ['2026-W50', '2026-12-07', '2026-12-07']],
    ['2026-12-06', 'Sunday: next week', ['2026-W50', '2026-12-07', '2026-12-07']],
  ])('as of %s (%s)', (asOf, _why, expected) => {
    expect(week(asOf)).toEqual([expected]);
  });

  const from = (day: string, worked?: number[]) =>
    weeksOf({ week: undefined, from: parseIsoDay(day), weeks: 2 }, parseIsoDay('2026-11-27') as Day, worked && new Set(worked)).map((w) => [
      w.label,
      formatDay(w.monday),
      formatDay(w.from),
    ]);

  it.each([
    ['2026-12-05', 'Saturday, reps Mon-Fri: the next week', undefined, ['2026-W50', '2026-12-07', '2026-12-07']],
    ['2026-12-06', 'Sunday, reps Mon-Fri: the next week', undefined, ['2026-W50', '2026-12-07', '2026-12-07']],
    ['2026-12-05', 'Saturday, a rep works Saturdays: from that Saturday', [1, 2, 3, 4, 5, 6], ['2026-W49', '2026-11-30', '2026-12-05']],
    ['2026-12-06', 'Sunday, a rep works Saturdays only: the next week', [6], ['2026-W50', '2026-12-07', '2026-12-07']],
    ['2026-12-04', 'Friday, reps Mon-Thu: the next week', [1, 2, 3, 4], ['2026-W50', '2026-12-07', '2026-12-07']],
    ['2026-12-04', 'Friday, reps Mon-Fri: from Friday', undefined, ['2026-W49', '2026-11-30', '2026-12-04']],
  ])('--from %s (%s), then --weeks 2', (day, _why, worked, first) => {
    const [label, monday] = first as string[];
    const next = parseIsoDay(monday as string) as Day;
    // The second week is the one after the first, from its Monday.
    const second = [`2026-W${Number((label as string).slice(6)) + 1}`, formatDay(next + 7), formatDay(next + 7)];
    expect(from(day, worked)).toEqual([first, second]);
  });

  it('plans the next week as of a Friday when the reps work Monday to Thursday', () => {
    const weeks = weeksOf({ week: undefined, from: undefined, weeks: undefined }, parseIsoDay('2026-12-04') as Day, new Set([1, 2, 3, 4]));
    expect(weeks.map((w) => [w.label, formatDay(w.from)])).toEqual([['2026-W50', '2026-12-07']]);
  });

  it('says on stderr where a --from no rep works from moved to', async () => {
    const plan = (...args: string[]) => runCli(['schedule', '--data', FIXTURE, '--as-of', '2027-03-01', '--format', 'json', ...args]);
    // fixtures/schedule: F1 and E1 work Mon-Fri, I1 Mon-Wed; 2027-03-06 is a Saturday.
    const saturday = await plan('--from', '2027-03-06');
    expect(saturday.code, saturday.stderr).toBe(0);
    expect(saturday.stderr).toContain(
      'plan: note: --from 2027-03-06 (Sat): no rep works Sat or Sun; planning from Mon 2027-03-08 (2027-W10)\n',
    );
    const data = JSON.parse(saturday.stdout);
    expect(data.weeks).toEqual([{ week: '2027-W10', monday: '2027-03-08', from: '2027-03-08' }]);
    // As --week 2027-W10 plans it, with the hand-checked 16 slots of F1 (4 a day, away on Wednesday).
    expect(data.reps.find((r: { rep: string }) => r.rep === 'F1').capacity).toBe(16);
    // I1 works Mon-Wed: from Thursday the rest of the week is none of I1's.
    const thursday = await plan('--from', '2027-03-04', '--rep', 'I1');
    expect(thursday.stderr).toContain(
      'plan: note: --from 2027-03-04 (Thu): I1 does not work Thu, Fri, Sat or Sun; planning from Mon 2027-03-08 (2027-W10)\n',
    );
    // A day some rep works stays the first, without a word.
    const friday = await plan('--from', '2027-03-05', '--quiet');
    expect(JSON.parse(friday.stdout).weeks).toEqual([{ week: '2027-W09', monday: '2027-03-01', from: '2027-03-05' }]);
  });

  it('leaves the days before a mid-week run unplanned', async () => {
    const r = await runCli(['schedule', '--data', 'fixtures/schedule', '--as-of', '2027-03-10', '--rep', 'F1', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const dates = new Set(JSON.parse(r.stdout).slots.map((s: JsonSlot) => s.date));
    // F1 works Mon, Tue, Thu, Fri and is away on Wednesday 10: from Wednesday on, Thursday and Friday are left.
    expect([...dates].sort()).toEqual(['2027-03-11', '2027-03-12']);
  });
});

describe('plan schedule on the hand-checked fixture', () => {
  it('plans F1 as fixtures/schedule/README.md derives it', async () => {
    const data = await json();
    const f1 = data.slots.filter((s: JsonSlot) => s.rep === 'F1');
    expect(f1.map((s: JsonSlot) => [s.weekday, s.start, s.end, s.call?.account ?? 'free'])).toEqual([
      ['Mon', '09:00', '11:00', 'A06'],
      ['Mon', '11:00', '13:00', 'A02'],
      ['Mon', '13:00', '15:00', 'A07'],
      ['Mon', '15:00', '17:00', 'free'],
      ['Tue', '09:00', '11:00', 'A03'],
      ['Tue', '11:00', '13:00', 'A04'],
      ['Tue', '13:00', '15:00', 'free'],
      ['Tue', '15:00', '17:00', 'free'],
      ['Thu', '09:00', '11:00', 'A01'],
      ['Thu', '11:00', '13:00', 'A10'],
      ['Thu', '13:00', '15:00', 'free'],
      ['Thu', '15:00', '17:00', 'free'],
      ['Fri', '09:00', '11:00', 'A11'],
      ['Fri', '11:00', '13:00', 'A12'],
      ['Fri', '13:00', '15:00', 'free'],
      ['Fri', '15:00', '17:00', 'free'],
    ]);
    const calls = f1.filter((s: JsonSlot) => s.call).sort((a: JsonSlot, b: JsonSlot) => (a.call?.rank ?? 0) - (b.call?.rank ?? 0));
    expect(calls.map((s: JsonSlot) => [s.call?.rank, s.call?.account, s.call?.reasons.join('; '), s.call?.channel])).toEqual([
      [1, 'A02', 'overdue 90 days', 'visit'],
      [2, 'A10', 'overdue 48 days', 'visit'],
      [3, 'A03', 'overdue 5 days; renewal in 30 days', 'visit'],
      [4, 'A01', 'overdue 30 days', 'visit'],
      [5, 'A11', 'overdue 18 days', 'visit'],
      [6, 'A04', 'overdue 3 days', 'visit'],
      [7, 'A06', 'never touched', 'visit'],
      [8, 'A07', 'due by Fri', 'visit'],
      [9, 'A12', 'due in 13 days; renewal in 10 days', 'visit'],
    ]);
    expect(
      data.reps.map((r: Record<string, unknown>) => [
        r.rep,
        r.workingDays,
        r.capacity,
        r.plannedShare,
        r.plannedSlots,
        r.planned,
        r.free,
        r.eligible,
        r.dueCalls,
        r.notFitted,
      ]),
    ).toEqual([
      ['F1', 4, 16, 0.6, 9, 9, 7, 10, 8, 0],
      ['I1', 3, 60, 0.5, 30, 2, 58, 2, 1, 0],
      ['E1', 5, 25, 0.6, 15, 0, 25, 0, 0, 0],
    ]);
    expect(data.totals).toMatchObject({ reps: 3, capacity: 101, plannedSlots: 54, planned: 11, free: 90, dueCalls: 9, notFitted: 0 });
  });

  it('plans the inside rep: calls, spread in proportion to the slots, 15-minute slots (480 / 20 = 24, down to the grid)', async () => {
    const data = await json('--rep', 'I1');
    const calls = data.slots.filter((s: JsonSlot) => s.call);
    expect(
      calls.map((s: JsonSlot) => [s.date, s.slot, s.start, s.end, s.call?.account, s.call?.channel, s.call?.reasons.join('; ')]),
    ).toEqual([
      ['2027-03-08', 1, '09:00', '09:15', 'B01', 'call', 'overdue 5 days'],
      ['2027-03-09', 1, '09:00', '09:15', 'B02', 'call', 'due in 9 days'],
    ]);
    expect(data.slots).toHaveLength(60);
    // Free slots follow on the grid: 20 a day from 09:00 every 15 minutes, the last at 13:45.
    const monday = data.slots.filter((s: JsonSlot) => s.date === '2027-03-08');
    expect(monday.map((s: JsonSlot) => s.start).slice(0, 3)).toEqual(['09:00', '09:15', '09:30']);
    expect(monday[19].start).toBe('13:45');
    expect(data.reps.map((r: { rep: string }) => r.rep)).toEqual(['I1']);
  });

  it('times calls by config callTimes: durations of visits and calls, each start on the grid', async () => {
    const dir = tempDir();
    cpSync(FIXTURE, dir, { recursive: true });
    writeFileSync(join(dir, 'plan.config.json'), JSON.stringify({ callTimes: { dayStart: '08:00', visitMinutes: 45, callMinutes: 20 } }));
    const r = await runCli(['schedule', '--data', dir, '--as-of', FIXTURE_AS_OF, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const slots: JsonSlot[] = JSON.parse(r.stdout).slots;
    const monday = (rep: string) => slots.filter((s) => s.rep === rep && s.date === '2027-03-08').map((s) => `${s.start}-${s.end}`);
    // F1: A06, A02, A07 visit for 45 minutes each, then a free slot of 480 / 4 = 120 minutes.
    expect(monday('F1')).toEqual(['08:00-08:45', '08:45-09:30', '09:30-10:15', '10:15-12:15']);
    // I1: B01 is a 20-minute call; the next start is the next quarter hour, then free 15-minute slots.
    expect(monday('I1').slice(0, 3)).toEqual(['08:00-08:20', '08:30-08:45', '08:45-09:00']);
    expect(r.stdout).toContain('"stepMinutes": 15');
  });

  it('warns about owners and absences not in reps.csv; --strict makes them errors (exit 65)', async () => {
    const r = await fixture('--format', 'csv');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'customers.csv:16: 2 accounts are not planned, their owner not being in reps.csv: "Z9" ×1 (first on line 16), (no owner) ×1 (first on line 17); add those reps to reps.csv, or give the accounts an owner it lists (W_UNKNOWN_OWNER)',
    );
    expect(r.stderr).toContain('absences.csv: ignored: 1 absence of reps not in reps.csv');
    const strict = await fixture('--format', 'csv', '--strict');
    expect(strict.code).toBe(65);
    expect(strict.stderr).toMatch(/error: .*2 accounts are not planned/);
    expect(strict.stdout).toBe('');
  });

  it('says how many due calls did not fit, by tier, and what would cover them', async () => {
    const data = await json('--planned-share', '25%', '--rep', 'F1');
    expect(data.reps[0]).toMatchObject({
      capacity: 16,
      plannedSlots: 4,
      planned: 4,
      dueCalls: 8,
      dueFitted: 4,
      notFitted: 4,
      notFittedByTier: { A: 0, B: 2, C: 2 },
      shareNeeded: 0.5,
      callsPerDayNeeded: 8,
      shareSource: 'option',
    });
    expect(data.slots.filter((s: JsonSlot) => s.call).map((s: JsonSlot) => s.call?.account)).toEqual(['A02', 'A03', 'A01', 'A10']);
    const table = await fixture('--planned-share', '25%', '--rep', 'F1', '--format', 'table');
    expect(table.stdout).toContain(
      'F1 2027-W10: 4 of 8 due calls did not fit (B 2, C 2); a planned share of 50% or 8 calls a day at 25% planned would cover them.',
    );
  });

  it('counts calls planned in an earlier week as touches in the next', async () => {
    const data = await json('--rep', 'F1', '--weeks', '2');
    expect(data.weeks.map((w: { week: string }) => w.week)).toEqual(['2027-W10', '2027-W11']);
    const w11 = data.slots.filter((s: JsonSlot) => s.week === '2027-W11');
    expect(w11).toHaveLength(20);
    expect(w11.filter((s: JsonSlot) => s.call).map((s: JsonSlot) => [s.date, s.call?.account, s.call?.reasons.join('; ')])).toEqual([
      ['2027-03-15', 'A05', 'due in 7 days; post-sale follow-up due'],
    ]);
    expect(data.reps[1]).toMatchObject({ week: '2027-W11', capacity: 20, plannedSlots: 12, planned: 1, free: 19 });
  });

  it('takes public holidays out with --holidays (Good Friday 2027 in Germany)', async () => {
    const data = await json('--rep', 'F1', '--week', '2027-W12', '--holidays', 'de');
    expect(data.reps[0]).toMatchObject({ workingDays: 4, capacity: 16, plannedSlots: 9 });
    expect(data.reps[0].days.find((d: { date: string }) => d.date === '2027-03-26')).toMatchObject({
      status: 'holiday',
      note: 'Good Friday',
      slots: 0,
    });
    expect(data.slots.filter((s: JsonSlot) => s.date === '2027-03-26')).toHaveLength(0);
    const without = await json('--rep', 'F1', '--week', '2027-W12');
    expect(without.reps[0]).toMatchObject({ workingDays: 5, capacity: 20, plannedSlots: 12 });
  });

  it('starts at --from within a week', async () => {
    const data = await json('--rep', 'F1', '--from', '2027-03-11');
    expect(data.weeks).toEqual([{ week: '2027-W10', monday: '2027-03-08', from: '2027-03-11' }]);
    expect(data.reps[0]).toMatchObject({ workingDays: 2, capacity: 8, plannedSlots: 4 });
    expect(new Set(data.slots.map((s: JsonSlot) => s.date))).toEqual(new Set(['2027-03-11', '2027-03-12']));
  });

  it('writes one CSV row per slot, free slots included', async () => {
    const r = await fixture('--format', 'csv', '--quiet');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'week,rep,rep_name,date,weekday,slot,start,end,kind,rank,account,name,phone,channel,reasons,tier,area,region,postcode,urgency,due,days_overdue,days_to_renewal,headroom,address,city,contact',
    );
    expect(lines).toHaveLength(1 + 101);
    expect(lines.filter((l) => l.includes(',free,'))).toHaveLength(90);
    expect(lines[1]).toBe(
      `2027-W10,F1,Fiona Field,2027-03-08,Mon,1,09:00,11:00,planned,7,A06,Zeta Prospect Ltd,"'+49 40 1006",visit,never touched,C,North,North,,2,true,,,,,,`,
    );
    expect(lines).toContain('2027-W10,F1,Fiona Field,2027-03-08,Mon,4,15:00,17:00,free,,,,,,,,,,,,,,,,,,');
  });

  it('writes Markdown grouped by rep and day', async () => {
    const r = await fixture('--format', 'md', '--quiet');
    expect(r.stdout).toContain('## F1 Fiona Field, field, 2027-W10: 16 slots, 9 planned, 7 free');
    expect(r.stdout).toContain('| Mon 08 Mar | 09:00 | 7 | A06 | Zeta Prospect Ltd | visit | +49 40 1006 | North | never touched |');
    expect(r.stdout).toContain('|  | 15:00-17:00 |  |  | free: 1 slot |');
    expect(r.stdout).toContain('| Wed 10 Mar |  |  |  | absent: training |');
    expect(r.stdout).toContain('\\<script\\>alert("x")\\</script\\> & Söhne');
  });

  it("prints calls a day as reps.csv has them: 4.5 is not rounded to 5 in a sheet's capacity line", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'customers.csv'), 'id,name,owner\nK1,Kappa AG,R1\n');
    // 4.5 calls a day on Mondays and Tuesdays: 2 x 4.5 = 9 slots (floor of 9.0), of which floor(9 x 0.6) = 5 planned.
    writeFileSync(join(dir, 'reps.csv'), 'id,name,calls_per_day,days\nR1,Rita,4.5,Mon-Tue\n');
    const html = await runCli(['schedule', '--data', dir, '--as-of', FIXTURE_AS_OF, '--quiet', '--format', 'html']);
    expect(html.code, html.stderr).toBe(0);
    expect(html.stdout).toContain('9 slots: 1 planned, 8 free \u00b7 2 working days x 4.5 calls \u00b7 planned share 60%');
  });

  it('shows calls a day with one decimal in every row of the capacity table (4.5 beside 5.0); JSON keeps the numbers', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'customers.csv'), 'id,name,owner\nK1,Kappa AG,R1\nK2,Kilo AG,R2\n');
    // Mondays and Tuesdays: Rita 2 x 4.5 = 9 slots, Rolf 2 x 5 = 10.
    writeFileSync(join(dir, 'reps.csv'), 'id,name,calls_per_day,days\nR1,Rita,4.5,Mon-Tue\nR2,Rolf,5,Mon-Tue\n');
    const args = ['schedule', '--data', dir, '--as-of', FIXTURE_AS_OF, '--quiet'];
    const md = await runCli([...args, '--format', 'md']);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toContain('| R1 | Rita | field | 2027-W10 | 2 | 4.5 | 9 |');
    expect(md.stdout).toContain('| R2 | Rolf | field | 2027-W10 | 2 | 5.0 | 10 |');
    const table = await runCli([...args, '--format', 'table']);
    expect(table.stdout).toMatch(/\nR2 +Rolf +field +2027-W10 +2 +5\.0 +10 /);
    const json = JSON.parse((await runCli([...args, '--format', 'json'])).stdout);
    expect(json.reps.map((r: { callsPerDay: number }) => r.callsPerDay)).toEqual([4.5, 5]);
  });

  it('says one slot, one call and one working day in the singular', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'customers.csv'), 'id,name,owner\nK1,Kappa AG,R1\n');
    // One call a day on Mondays, all of it planned: 1 slot, 1 planned; K1, never touched, is the 1 due call.
    writeFileSync(join(dir, 'reps.csv'), 'id,name,calls_per_day,days\nR1,Rita,1,Mon\n');
    const args = ['schedule', '--data', dir, '--as-of', FIXTURE_AS_OF, '--planned-share', '100%', '--quiet'];
    const table = await runCli([...args, '--format', 'table']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/capacity\s+1 slot\n/);
    expect(table.stdout).toMatch(/planned\s+1 call in 1 planned slot\n/);
    expect(table.stdout).toMatch(/free\s+0 slots\n/);
    expect(table.stdout).toMatch(/due, not fitted\s+every one of 1 due call fitted\n/);
    expect(table.stdout).toContain('R1 Rita, field, 2027-W10: 1 slot, 1 planned, 0 free');
    const html = await runCli([...args, '--format', 'html']);
    expect(html.stdout).toContain('1 slot: 1 planned, 0 free \u00b7 1 working day x 1 call \u00b7 planned share 100%');
    expect(html.stdout).toContain('1 slot, 1 planned call, 0 free; every one of 1 due call fitted.');
  });

  it('gives byte-identical output for the same input, in every format', async () => {
    for (const format of ['csv', 'json', 'md', 'table', 'html', 'ics']) {
      const a = await fixture('--format', format, '--quiet', '--weeks', '2');
      const b = await fixture('--format', format, '--quiet', '--weeks', '2');
      expect(a.code).toBe(0);
      expect(b.stdout, format).toBe(a.stdout);
    }
  });
});

describe('plan schedule --format ics, read back by ical.js', () => {
  it('writes one calendar with an event per planned call, in the config time zone', async () => {
    const r = await fixture('--format', 'ics', '--quiet');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    const calendar = new ICAL.Component(ICAL.parse(r.stdout));
    const zones = calendar.getAllSubcomponents('vtimezone');
    expect(zones.map((z) => z.getFirstPropertyValue('tzid'))).toEqual(['Europe/Berlin']);
    const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    expect(events).toHaveLength(11);
    const first = events[0] as ICAL.Event;
    expect(first.summary).toBe('Visit: Zeta Prospect Ltd (A06)');
    expect(first.description).toBe(
      'Why: never touched\nPhone: +49 40 1006\nAccount: A06, tier C, North\nRep: F1 Fiona Field, priority #7 in 2027-W10',
    );
    expect(first.uid).toBe('2027-W10/F1/A06/1@plan-schedule');
    // The as-of day 2027-03-06 counted from 1970-01-01: 57 years (14 of them leap) x 365 + 14 + 31 + 28 + 5.
    expect(first.component.getFirstPropertyValue('sequence')).toBe(57 * 365 + 14 + 31 + 28 + 5);
    const start = first.component.getFirstProperty('dtstart');
    expect(start?.getParameter('tzid')).toBe('Europe/Berlin');
    expect(first.startDate.toString()).toBe('2027-03-08T09:00:00');
    expect(first.endDate.toString()).toBe('2027-03-08T11:00:00');
    // 09:00 in Berlin in March (CET, UTC+1) is 08:00 UTC.
    expect(first.startDate.toJSDate().toISOString()).toBe('2027-03-08T08:00:00.000Z');
    expect(first.component.getFirstPropertyValue('dtstamp')?.toString()).toBe('2027-03-06T00:00:00Z');
    const call = events.find((e) => e.summary.startsWith('Call:')) as ICAL.Event;
    expect(call.summary).toBe('Call: Nu Inside GmbH (B01)');
    expect(call.location).toBe('+49 711 2001');
    const escaped = events.find((e) => e.uid.includes('A04')) as ICAL.Event;
    expect(escaped.summary).toBe('Visit: <script>alert("x")</script> & Söhne (A04)');
    expect(new Set(events.map((e) => e.uid)).size).toBe(11);
  });

  it('keeps a moved call the same event (same UID), a later revision (larger SEQUENCE), so a re-import replaces it', async () => {
    const dir = tempDir();
    cpSync(FIXTURE, dir, { recursive: true });
    // F1 is away on Monday 8 March too: A06, Monday 09:00 in the first plan, moves to Tuesday 09:00.
    writeFileSync(join(dir, 'absences.csv'), `${readFileSync(join(FIXTURE, 'absences.csv'), 'utf8')}F1,2027-03-08,2027-03-08,training\n`);
    const eventsOf = async (data: string, asOf: string) => {
      const r = await runCli(['schedule', '--data', data, '--as-of', asOf, '--rep', 'F1', '--format', 'ics', '--quiet']);
      expect(r.code, r.stderr).toBe(0);
      return new ICAL.Component(ICAL.parse(r.stdout)).getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    };
    // Saturday and the day after: both plan 2027-W10 whole.
    const before = await eventsOf(FIXTURE, '2027-03-06');
    const after = await eventsOf(dir, '2027-03-07');
    const a06 = (events: ICAL.Event[]) => events.filter((e) => e.summary.endsWith('(A06)'));
    expect(a06(before).map((e) => [e.uid, e.startDate.toString(), e.sequence])).toEqual([
      ['2027-W10/F1/A06/1@plan-schedule', '2027-03-08T09:00:00', 20883],
    ]);
    expect(a06(after).map((e) => [e.uid, e.startDate.toString(), e.sequence])).toEqual([
      ['2027-W10/F1/A06/1@plan-schedule', '2027-03-09T09:00:00', 20884],
    ]);
    expect(after[0]?.component.getFirstPropertyValue('dtstamp')?.toString()).toBe('2027-03-07T00:00:00Z');
  });

  it("gives a visit's street address as its LOCATION when customers.csv has one (else postcode and region)", async () => {
    const dir = tempDir();
    cpSync(FIXTURE, dir, { recursive: true });
    const customers = readFileSync(join(FIXTURE, 'customers.csv'), 'utf8').split('\n');
    // Two more columns: A06 (a visit, no postcode) gets a street and a city; A01 (a visit, postcode 22041) none.
    const withAddress = customers.map((line, i) =>
      line === '' ? line : i === 0 ? `${line},address,city` : line.startsWith('A06,') ? `${line},"Kai 1, Tor 2",Hamburg` : `${line},,`,
    );
    writeFileSync(join(dir, 'customers.csv'), withAddress.join('\n'));
    const r = await runCli(['schedule', '--data', dir, '--as-of', FIXTURE_AS_OF, '--format', 'ics', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const events = new ICAL.Component(ICAL.parse(r.stdout)).getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    const locationOf = (id: string) => events.find((e) => e.summary.endsWith(`(${id})`))?.location;
    expect(locationOf('A06')).toBe('Kai 1, Tor 2, Hamburg');
    expect(locationOf('A01')).toBe('22041 North');
    expect(r.stdout).toContain('LOCATION:Kai 1\\, Tor 2\\, Hamburg\r\n');
  });

  it('writes the calendar properties before its first component (RFC 5545 3.4), also with no event', async () => {
    for (const args of [[], ['--planned-share', '0']]) {
      const r = await fixture('--format', 'ics', '--quiet', ...args);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.split('\r\n');
      const firstComponent = lines.findIndex((l, i) => i > 0 && l.startsWith('BEGIN:'));
      const head = lines.slice(0, firstComponent < 0 ? lines.indexOf('END:VCALENDAR') : firstComponent);
      expect(head).toContain('X-WR-TIMEZONE:Europe/Berlin');
      expect(lines.filter((l) => l.startsWith('X-WR-TIMEZONE'))).toHaveLength(1);
      // After the last component only the calendar's end.
      expect(lines.slice(lines.lastIndexOf(args.length ? 'X-WR-TIMEZONE:Europe/Berlin' : 'END:VEVENT') + 1)).toEqual(['END:VCALENDAR', '']);
    }
  });

  it('writes the same bytes whatever the time zone of the machine', async () => {
    const before = process.env.TZ;
    try {
      process.env.TZ = 'UTC';
      const utc = (await fixture('--format', 'ics', '--quiet')).stdout;
      process.env.TZ = 'Pacific/Chatham';
      const chatham = (await fixture('--format', 'ics', '--quiet')).stdout;
      process.env.TZ = 'America/Los_Angeles';
      const la = (await fixture('--format', 'ics', '--quiet')).stdout;
      expect(chatham).toBe(utc);
      expect(la).toBe(utc);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it('folds lines exactly as ical-generator does (RFC 5545 3.1), only faster', async () => {
    const { foldLines: libraryFold } = await import('ical-generator');
    const unit = fc.constantFrom('a', 'Z', ' ', ',', ';', 'ä', 'ß', '€', '中', '😀', '\\n');
    fc.assert(
      fc.property(fc.array(fc.string({ unit, maxLength: 300 }), { maxLength: 6 }), (lines) => {
        const text = lines.join('\r\n');
        expect(foldLines(text)).toBe(libraryFold(text));
      }),
      { numRuns: 500 },
    );
  });

  it('writes the same bytes as ical-generator folding the whole calendar', async () => {
    const day = parseIsoDay('2027-03-08') as number;
    const events: CalendarEvent[] = Array.from({ length: 300 }, (_, i) => ({
      uid: `2027-W10-R${i % 7}-${i}@plan-schedule`,
      date: day + (i % 5),
      start: 540 + (i % 10) * 24,
      minutes: 24,
      summary: `Call: Müller & Söhne «${'ü'.repeat(i % 40)}» 😀 (K${i})`,
      description: `Why: overdue ${i} days; renewal in ${i % 90} days; A-tier, headroom 120k\nPhone: +49 30 ${i}\n${'Straße '.repeat(i % 13)}`,
      location: i % 2 ? `+49 30 ${i}` : '',
    }));
    const spec = { name: 'Call lists 2027-W10', timezone: 'Europe/Berlin', stamp: day - 3, sequence: day - 3, events };
    const fast = await loadIcsRenderer('Europe/Berlin', 'plan.config.json');
    const library = await loadIcsRenderer('Europe/Berlin', 'plan.config.json', { libraryFolding: true });
    expect(fast(spec)).toBe(library(spec));
    expect(fast({ ...spec, events: [] })).toBe(library({ ...spec, events: [] }));
    expect(fast({ ...spec, events: events.slice(0, 1) })).toBe(library({ ...spec, events: events.slice(0, 1) }));
  });

  it('refuses a time zone it cannot describe, before reading the inputs (exit 65)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'plan.config.json'), '{ "timezone": "Mars/Olympus_Mons" }');
    const r = await fixture('--format', 'ics', '--config', join(dir, 'plan.config.json'));
    expect(r.code).toBe(65);
    expect(r.stderr).toContain('timezone "Mars/Olympus_Mons" is not a time zone known for calendar output');
  });
});

describe('plan schedule refuses what it cannot plan', () => {
  it.each([
    [['--week', '2026-49'], '--week takes an ISO week like 2026-W49'],
    [['--week', '2027-W53'], '--week takes an ISO week like 2026-W49'], // 2027 has 52 ISO weeks (2026 has 53)
    [['--week', '2027-W10', '--from', '2027-03-08'], '--week and --from exclude each other'],
    [['--from', '08.03.2027'], '--from takes a date YYYY-MM-DD or an ISO week'],
    [['--weeks', '0'], '--weeks takes a number of weeks above 0'],
    [['--weeks', '54'], '--weeks takes at most 53'],
    [['--planned-share', '150%'], '--planned-share: "150%" is more than 100%'],
    [['--holidays', 'Germany'], '--holidays takes a country code like DE'],
    [['--holidays', 'XX'], '--holidays XX: unknown country code "XX"'],
    [['--holidays', 'DE-QQ'], '--holidays DE-QQ: "QQ" is not a state of DE'],
    [['--rep', 'R9'], '--rep R9: no such rep in fixtures/schedule/reps.csv; its reps are F1, I1, E1'],
    [['--rep', 'f1'], '--rep f1: no such rep in fixtures/schedule/reps.csv (ids match exactly: did you mean F1?)'],
  ])('%j: exit 2', async (args, message) => {
    const r = await fixture(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('needs reps.csv (exit 66) and calls per day for every rep (exit 65)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'customers.csv'), 'id,owner\nK1,R1\n');
    const missing = await runCli(['schedule', '--data', dir]);
    expect(missing.code).toBe(66);
    writeFileSync(join(dir, 'reps.csv'), 'id,role\nR1,hunter\n');
    const noCalls = await runCli(['schedule', '--data', dir]);
    expect(noCalls.code).toBe(65);
    expect(noCalls.stderr).toContain(
      'reps.csv:2: rep R1: no calls_per_day, and role "hunter" has no calls per day in config callsPerDay (field, inside)',
    );
  });

  it('plans without contacts.csv: every account counts as never touched', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'customers.csv'), 'id,owner,status\nK1,R1,customer\nK2,R1,prospect\nK3,R1,lost\n');
    writeFileSync(join(dir, 'reps.csv'), 'id,calls_per_day,days\nR1,1,Mon-Fri\n');
    const r = await runCli(['schedule', '--data', dir, '--as-of', FIXTURE_AS_OF, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.reps[0]).toMatchObject({ capacity: 5, plannedSlots: 3, planned: 2, eligible: 2 });
    expect(data.slots.filter((s: JsonSlot) => s.call).map((s: JsonSlot) => s.call?.reasons)).toEqual([
      ['never touched'],
      ['never touched'],
    ]);
  });
});

describe('plan schedule documentation', () => {
  it('docs/schedule.md and the README show the examples exactly as --help does, and each runs', async () => {
    const block = scheduleCommand.examples.map((e) => `$ ${e}`).join('\n');
    expect(readFileSync('docs/schedule.md', 'utf8')).toContain(block);
    expect(readFileSync('README.md', 'utf8')).toContain(block);
    const dir = tempDir();
    for (const example of scheduleCommand.examples) {
      const args = example
        .split(' ')
        .slice(1)
        .map((a) => (/\.(html|ics|csv)$/.test(a) ? join(dir, a) : a));
      const r = await runCli([...args, '--quiet']);
      expect(r.code, `${example}\n${r.stderr}`).toBe(0);
    }
    expect(readFileSync(join(dir, 'calls.html'), 'utf8')).toContain('<!doctype html>');
    expect(readFileSync(join(dir, 'r04.ics'), 'utf8')).toContain('BEGIN:VCALENDAR');
    expect(readFileSync(join(dir, 'weeks.csv'), 'utf8')).toMatch(/^week,rep,rep_name,date,/);
  });
});
