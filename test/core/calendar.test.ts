import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  dayFromParts,
  dayParts,
  formatDay,
  isoWeekOf,
  mondayOfIsoWeek,
  monthsBetween,
  parseIsoDay,
  parseIsoWeek,
  weekday,
} from '../../src/schema/calendar.js';

const day = (iso: string) => parseIsoDay(iso) as number;

describe('calendar days', () => {
  it('agree with Date.UTC for every day from year 1 to 9999 (sampled)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -719162, max: 2932896 }), (d) => {
        const date = new Date(d * 86_400_000);
        expect(dayParts(d)).toEqual({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() });
        expect(dayFromParts(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate())).toBe(d);
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ['2028-02-29', 2028, 2, 29],
    ['2000-02-29', 2000, 2, 29],
    ['1970-01-01', 1970, 1, 1],
  ])('%s is a day', (iso, y, m, d) => {
    expect(dayParts(day(iso))).toEqual({ year: y, month: m, day: d });
  });

  it.each(['2027-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-1-05', '26-01-05', '2026/01/05', '2026-01-05x'])(
    '%s is not',
    (iso) => {
      expect(parseIsoDay(iso)).toBeUndefined();
    },
  );

  it('takes the date part of an ISO date-time as written, whatever the zone', () => {
    expect(formatDay(day('2026-11-27T23:59:00-11:00'))).toBe('2026-11-27');
    expect(formatDay(day('2026-11-27 00:00:00Z'))).toBe('2026-11-27');
  });

  it('adds months, clamping to the month end', () => {
    expect(formatDay(addMonths(day('2026-01-31'), 1))).toBe('2026-02-28');
    expect(formatDay(addMonths(day('2028-01-31'), 1))).toBe('2028-02-29');
    expect(formatDay(addMonths(day('2028-02-29'), 12))).toBe('2029-02-28');
    expect(formatDay(addMonths(day('2026-03-31'), -1))).toBe('2026-02-28');
    expect(formatDay(addMonths(day('2026-11-27'), -12))).toBe('2025-11-27');
  });

  it('counts whole months, a month-end counting as reached', () => {
    expect(monthsBetween(day('2026-01-31'), day('2026-02-28'))).toBe(1);
    expect(monthsBetween(day('2026-01-15'), day('2026-02-14'))).toBe(0);
    expect(monthsBetween(day('2028-02-29'), day('2029-02-28'))).toBe(12);
  });

  it('knows the weekday', () => {
    expect(weekday(day('2026-11-27'))).toBe(5);
    expect(weekday(day('2026-11-30'))).toBe(1);
    expect(weekday(day('2026-11-29'))).toBe(7);
  });
});

describe('ISO weeks', () => {
  it.each([
    ['2026-11-30', 2026, 49],
    ['2026-12-31', 2026, 53],
    ['2027-01-03', 2026, 53],
    ['2027-01-04', 2027, 1],
    ['2024-12-30', 2025, 1],
  ])('%s is in %d-W%d', (iso, year, week) => {
    expect(isoWeekOf(day(iso))).toEqual({ year, week });
  });

  it('parses weeks, and refuses a week 53 that does not exist', () => {
    expect(formatDay(mondayOfIsoWeek(parseIsoWeek('2026-W49') as { year: number; week: number }))).toBe('2026-11-30');
    expect(parseIsoWeek('2026W53')).toEqual({ year: 2026, week: 53 });
    expect(parseIsoWeek('2025-W53')).toBeUndefined();
    expect(parseIsoWeek('2026-W00')).toBeUndefined();
  });
});
