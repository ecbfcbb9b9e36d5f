/**
 * Calendar days as integers (days since 1970-01-01). A date in an export is
 * a day, not an instant: no time zone can shift it (SPEC section 1).
 */
export type Day = number;

const MS_PER_DAY = 86_400_000;

export function dayFromParts(year: number, month: number, day: number): Day | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1 || year > 9999) return undefined;
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return Math.round(ms / MS_PER_DAY);
}

export function dayParts(day: Day): {
  year: number;
  month: number;
  day: number;
} {
  const d = new Date(day * MS_PER_DAY);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
  };
}

export function formatDay(day: Day): string {
  const p = dayParts(day);
  return `${String(p.year).padStart(4, '0')}-${pad2(p.month)}-${pad2(p.day)}`;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ]\d{2}:\d{2})/;

/** `YYYY-MM-DD`, or an ISO date-time whose date part is taken as written. */
export function parseIsoDay(text: string): Day | undefined {
  const m = ISO_DAY.exec(text);
  if (!m) return undefined;
  return dayFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export function weekday(day: Day): number {
  // 1970-01-01 was a Thursday (4).
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

export const addDays = (day: Day, n: number): Day => day + n;

/** Adds calendar months; the 31st of a shorter month becomes its last day. */
export function addMonths(day: Day, months: number): Day {
  const p = dayParts(day);
  const total = p.year * 12 + (p.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = daysInMonth(year, month);
  return dayFromParts(year, month, Math.min(p.day, last)) as Day;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whole calendar months from `from` to `to` (to >= from), counting a month once its day is reached. */
export function monthsBetween(from: Day, to: Day): number {
  const a = dayParts(from);
  const b = dayParts(to);
  let months = (b.year - a.year) * 12 + (b.month - a.month);
  if (b.day < a.day && b.day !== daysInMonth(b.year, b.month)) months--;
  return months;
}

export interface IsoWeek {
  year: number;
  week: number;
}

export function isoWeekOf(day: Day): IsoWeek {
  const thursday = day - weekday(day) + 4;
  const year = dayParts(thursday).year;
  const jan1 = dayFromParts(year, 1, 1) as Day;
  return { year, week: Math.floor((thursday - jan1) / 7) + 1 };
}

export function mondayOfIsoWeek(week: IsoWeek): Day {
  const jan4 = dayFromParts(week.year, 1, 4) as Day;
  return jan4 - weekday(jan4) + 1 + (week.week - 1) * 7;
}

export function formatIsoWeek(week: IsoWeek): string {
  return `${week.year}-W${pad2(week.week)}`;
}

const ISO_WEEK = /^(\d{4})-?W(\d{1,2})$/i;

export function parseIsoWeek(text: string): IsoWeek | undefined {
  const m = ISO_WEEK.exec(text.trim());
  if (!m) return undefined;
  const week = { year: Number(m[1]), week: Number(m[2]) };
  if (week.week < 1 || week.week > 53) return undefined;
  // Week 53 exists only in years whose last ISO week is 53.
  if (isoWeekOf(mondayOfIsoWeek(week)).week !== week.week) return undefined;
  return week;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
