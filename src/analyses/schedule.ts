/** plan schedule: each rep's weekly call list over the dataset's accounts, reps and touches. */
import { type CallTimes, planSchedule, type ScheduleResult, type ScheduleWeek, weekdaysWorked } from '../core/schedule.js';
import { grouped, PlanError } from '../errors.js';
import {
  type Day,
  dayParts,
  formatDay,
  formatIsoWeek,
  type IsoWeek,
  isoWeekOf,
  mondayOfIsoWeek,
  parseIsoDay,
  WEEKDAY_NAMES,
  weekday,
} from '../schema/calendar.js';
import type { Config } from '../schema/config.js';
import type { Dataset, Needs } from './dataset.js';

export interface ScheduleRequest {
  /** --week: the ISO week to plan (default: this week from --as-of on; on a weekend, next week). */
  week?: IsoWeek;
  /** --from: plan from this day instead. */
  from?: Day;
  /** --weeks: how many weeks (default 1). */
  weeks?: number;
  rep?: string;
  /** --planned-share for every rep (default: reps.csv, else config). */
  plannedShare?: number;
  /** --holidays: a country code like DE, or DE-BY. */
  holidays?: string;
}

export function scheduleNeeds(): Needs {
  return { accounts: { passthrough: false, reach: true }, touches: true, products: { accounts: false, ifPresent: true } };
}

export async function runSchedule(ds: Dataset, request: ScheduleRequest): Promise<ScheduleResult> {
  const repsFile = ds.require('reps').label;
  const reps = await ds.reps();
  if (request.rep !== undefined && !reps.some((r) => r.id === request.rep)) {
    throw new PlanError('usage', `--rep ${request.rep}: no such rep in ${repsFile}${repHint(request.rep, reps)}`);
  }
  const weeks = weeksOf(request, ds.asOf, weekdaysWorked(reps, request.rep));
  const asked = firstDay(request, ds.asOf);
  const start = (weeks[0] as ScheduleWeek).from;
  if (start !== asked) ds.note(startMovedNote(request.from === undefined ? '--as-of' : '--from', asked, start, request.rep));
  const holidays = request.holidays ? await publicHolidays(request.holidays, weeks, ds.config.locale) : new Map<Day, string>();
  const absences = ds.has('absences') ? await ds.absences() : [];
  const { reach } = await ds.accounts();
  // Planned calls count as touches for later weeks: on a copy, so the touches stay as contacts.csv has them.
  const touches = (await ds.touches()).fork();
  const result = planSchedule(reps, absences, reach, touches, {
    weeks,
    asOf: ds.asOf,
    plannedShare: request.plannedShare,
    defaultShare: ds.config.plannedShare,
    callsPerDay: ds.config.callsPerDay,
    rep: request.rep,
    holidays,
    withMarket: ds.has('market'),
    times: callTimes(ds.config.callTimes),
    repsFile,
    revenueSource: (await ds.accounts()).revenueSource,
  });
  for (const p of result.problems) ds.problems.add(p);
  warnReferences(ds, result);
  const files = ['reps', 'customers', 'absences'] as const;
  if (files.some((key) => ds.has(key) && ds.problems.errorCount(ds.require(key).label) > 0))
    throw new PlanError('data', 'cannot plan: see the problems above');
  return result;
}

/**
 * --week W / --from D, then --weeks N. By default the week of --as-of from
 * that day on, Monday to Friday (a run on a Monday plans this week, on a
 * Wednesday its Wednesday to Sunday); on a Saturday or Sunday, the next week.
 * Days before the first are not planned. A start after a Monday (--from or
 * --as-of) from which to Sunday no rep planned works a day (`worked`: their
 * weekdays; --from on a Saturday with reps who work Monday to Friday) moves
 * to the next Monday: a week of no working day would plan nothing.
 */
export function weeksOf(
  request: Pick<ScheduleRequest, 'week' | 'from' | 'weeks'>,
  asOf: Day,
  worked: ReadonlySet<number> = new Set([1, 2, 3, 4, 5]),
): ScheduleWeek[] {
  let start = firstDay(request, asOf);
  const monday = mondayOfIsoWeek(isoWeekOf(start));
  const dayLeft = Array.from({ length: monday + 7 - start }, (_, i) => weekday(start + i)).some((d) => worked.has(d));
  if (start > monday && !dayLeft) start = monday + 7;
  const firstMonday = mondayOfIsoWeek(isoWeekOf(start));
  return Array.from({ length: request.weeks ?? 1 }, (_, i) => {
    const monday = firstMonday + 7 * i;
    return { label: formatIsoWeek(isoWeekOf(monday)), monday, from: i === 0 ? start : monday };
  });
}

/** The first day asked for: --from, --week's Monday, else --as-of (on a weekend, the next Monday). */
function firstDay(request: Pick<ScheduleRequest, 'week' | 'from'>, asOf: Day): Day {
  if (request.from !== undefined) return request.from;
  if (request.week) return mondayOfIsoWeek(request.week);
  return weekday(asOf) >= 6 ? mondayOfIsoWeek(isoWeekOf(asOf)) + 7 : asOf;
}

/** `--from 2026-12-05 (Sat): no rep works Sat or Sun; planning from Mon 2026-12-07 (2026-W50)`. */
function startMovedNote(option: string, asked: Day, start: Day, rep: string | undefined): string {
  const name = (day: Day) => WEEKDAY_NAMES[weekday(day) - 1] as string;
  const left = Array.from({ length: start - asked }, (_, i) => name(asked + i));
  const days = left.length === 1 ? left[0] : `${left.slice(0, -1).join(', ')} or ${left[left.length - 1]}`;
  const who = rep === undefined ? 'no rep works' : `${rep} does not work`;
  return `${option} ${formatDay(asked)} (${name(asked)}): ${who} ${days}; planning from ${name(start)} ${formatDay(start)} (${formatIsoWeek(isoWeekOf(start))})`;
}

/** Config callTimes in minutes. */
export function callTimes(c: Config['callTimes']): CallTimes {
  const [h, m] = c.dayStart.split(':').map(Number) as [number, number];
  return {
    dayStart: h * 60 + m,
    dayMinutes: Math.round(c.dayHours * 60),
    step: c.stepMinutes,
    visitMinutes: c.visitMinutes ?? null,
    callMinutes: c.callMinutes ?? null,
  };
}

/**
 * Public holidays (type "public" in date-holidays) of a country, or of a
 * country's state with CC-ST, on the days of the planned weeks. Names in the
 * config locale's language when date-holidays has it.
 */
async function publicHolidays(code: string, weeks: readonly ScheduleWeek[], locale: string): Promise<Map<Day, string>> {
  const { default: Holidays } = await import('date-holidays');
  const [country, state] = code.split('-') as [string, string | undefined];
  const lookup = new Holidays();
  const countries = lookup.getCountries();
  if (!countries[country])
    throw new PlanError('usage', `--holidays ${code}: unknown country code "${country}" (ISO 3166-1 alpha-2, like DE, FR, US)`);
  if (state !== undefined && !lookup.getStates(country)?.[state]) {
    throw new PlanError(
      'usage',
      `--holidays ${code}: "${state}" is not a state of ${country} (${Object.keys(lookup.getStates(country) ?? {}).join(', ') || 'none known'})`,
    );
  }
  const hd = state === undefined ? new Holidays(country) : new Holidays(country, state);
  hd.setLanguages(locale.split('-')[0] ?? 'en');
  const first = (weeks[0] as ScheduleWeek).from;
  const last = (weeks[weeks.length - 1] as ScheduleWeek).monday + 6;
  const days = new Map<Day, string>();
  for (let year = dayParts(first).year; year <= dayParts(last).year; year++) {
    for (const h of hd.getHolidays(year)) {
      if (h.type !== 'public') continue;
      const day = parseIsoDay(h.date.slice(0, 10));
      if (day === undefined || day < first || day > last) continue;
      days.set(day, days.has(day) ? `${days.get(day)}, ${h.name}` : h.name);
    }
  }
  return days;
}

/** Owners not in reps.csv and absences of unknown reps: warnings (errors with --strict). */
function warnReferences(ds: Dataset, result: ScheduleResult): void {
  const owners = result.unknownOwners;
  if (owners.rows > 0) {
    const list = owners.top
      .map((t) => `${t.key === '' ? '(no owner)' : `"${t.key}"`} ×${grouped(t.count)} (first on line ${t.firstLine})`)
      .join(', ');
    ds.problems.add({
      severity: 'warning',
      file: ds.require('customers').label,
      line: owners.top[0]?.firstLine ?? 0,
      code: 'W_UNKNOWN_OWNER',
      message: `${grouped(owners.rows)} account${owners.rows === 1 ? ' is' : 's are'} not planned, their owner not being in reps.csv: ${list}${owners.distinct > owners.top.length ? ', ...' : ''}; add those reps to reps.csv, or give the accounts an owner it lists`,
    });
  }
  const absences = result.absencesOfUnknownReps;
  if (absences > 0) {
    ds.problems.add({
      severity: 'warning',
      file: ds.require('absences').label,
      line: 0,
      code: 'W_UNKNOWN_KEY',
      message: `ignored: ${absences} absence${absences === 1 ? '' : 's'} of reps not in reps.csv`,
    });
  }
}

/** What to give --rep instead: the id differing only in case, else the ids reps.csv has (the first 10). */
function repHint(wanted: string, reps: readonly { id: string }[]): string {
  const sameButCase = reps.find((r) => r.id.toLowerCase() === wanted.toLowerCase());
  if (sameButCase) return ` (ids match exactly: did you mean ${sameButCase.id}?)`;
  if (reps.length === 0) return ' (it lists no rep)';
  const ids = reps.slice(0, 10).map((r) => r.id);
  return `; its reps are ${ids.join(', ')}${reps.length > ids.length ? `, ... (${reps.length} in all)` : ''}`;
}
