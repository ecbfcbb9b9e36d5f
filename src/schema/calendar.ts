/**
 * Calendar days as integers (days since 1970-01-01). A date in an export is
 * a day, not an instant: no time zone can shift it (SPEC section 1).
 */
export type Day = number;

export function dayFromParts(year: number, month: number, day: number): Day | undefined {
  if (month < 1 || month > 12 || day < 1 || year < 1 || year > 9999 || day > daysInMonth(year, month)) return undefined;
  return daysFromCivil(year, month, day);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): Day {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The inverse (civil_from_days). */
export function dayParts(day: Day): { year: number; month: number; day: number } {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d };
}

export function formatDay(day: Day): string {
  const p = dayParts(day);
  return `${String(p.year).padStart(4, '0')}-${pad2(p.month)}-${pad2(p.day)}`;
}

const ISO_TIME = /^[T ]\d{2}:\d{2}/;

/** `YYYY-MM-DD`, or an ISO date-time whose date part is taken as written. */
export function parseIsoDay(text: string): Day | undefined {
  // Fixed positions, no regex: this runs for every date cell of millions of rows.
  if (text.length < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  if (year < 0 || month < 0 || day < 0) return undefined;
  if (text.length > 10 && !ISO_TIME.test(text.slice(10))) return undefined;
  return dayFromParts(year, month, day);
}

function digits(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export function weekday(day: Day): number {
  // 1970-01-01 was a Thursday (4).
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** Adds calendar months; the 31st of a shorter month becomes its last day. */
export function addMonths(day: Day, months: number): Day {
  const p = dayParts(day);
  const total = p.year * 12 + (p.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = daysInMonth(year, month);
  return dayFromParts(year, month, Math.min(p.day, last)) as Day;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (MONTH_DAYS[month - 1] as number);
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
