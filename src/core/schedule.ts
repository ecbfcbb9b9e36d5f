/**
 * Weekly call lists (DOMAIN.md idea 5): plan 60% of each rep's calls from
 * the company's priorities and leave 40% to the rep's judgement. Capacity is
 * calls per day times working days (absences and public holidays taken
 * out); the planned share of it, rounded down, goes to the rep's own
 * accounts by priority; the rest is free and stays free.
 *
 * The contact rules (cadence, overdue, renewal, post-sale follow-up) come
 * from the contact core, tiers and headroom from the segment analysis: this
 * module only ranks, counts and places calls. It is pure: the caller hands
 * in typed rows, the contact fold and the weeks.
 */
import type { Problem } from '../errors.js';
import { type Day, WEEKDAY_NAMES, weekday } from '../schema/calendar.js';
import type { Config, Coverage } from '../schema/config.js';
import type { AbsenceRow, RepRow } from '../schema/files.js';
import type { ContactAccount, ContactState, TouchLedger } from './contact.js';
import { type UnknownKeyReport, UnknownKeys } from './references.js';
import type { RevenueSource } from './revenue.js';
import type { Tier } from './segment.js';

// ---------------------------------------------------------------- inputs

/** One account as the schedule needs it: the contact core's account plus how to reach it. */
export interface ScheduleAccount {
  account: ContactAccount;
  /** Line in customers.csv (for problems). */
  line: number;
  phone: string;
  region: string;
  postcode: string;
  /** Street (or whole address), city and the person to ask for; '' when customers.csv has none. */
  address: string;
  city: string;
  contact: string;
  /** Headroom from the segment analysis (market.csv); null without market data. */
  headroom: number | null;
  /** Coverage channel of the account's segment; null without market data. */
  coverage: Coverage | null;
  /** The account's next best product (its name), when products are known (core/products.ts); null otherwise. */
  nextBest?: string | null;
}

export interface ScheduleWeek {
  /** ISO week, `2026-W49`. */
  label: string;
  monday: Day;
  /** First day planned: the Monday, or a later day of that week with `--from`. */
  from: Day;
}

export interface ScheduleOptions {
  weeks: readonly ScheduleWeek[];
  asOf: Day;
  /** `--planned-share`: overrides reps.csv and config for every rep. */
  plannedShare: number | undefined;
  /** Config plannedShare (DOMAIN.md idea 5: 0.6). */
  defaultShare: number;
  callsPerDay: Config['callsPerDay'];
  /** Only this rep (`--rep`). */
  rep: string | undefined;
  /** Public holidays (`--holidays CC`), day -> name; they apply to every rep. */
  holidays: ReadonlyMap<Day, string>;
  /** Tier and headroom come from market.csv (reasons name them). */
  withMarket: boolean;
  /** The working day and the grid calls start on (config callTimes; default DEFAULT_TIMES). */
  times?: CallTimes;
  /** File label for problems about reps.csv. */
  repsFile: string;
  /** Where the revenue behind tiers and headroom came from (with market.csv). */
  revenueSource?: RevenueSource | null;
}

/**
 * When calls happen (config callTimes): the day from `dayStart` for
 * `dayMinutes`, every start on a grid of `step` minutes from `dayStart`. A
 * visit lasts `visitMinutes`, a call `callMinutes`; unset, a slot is the day
 * shared by the rep's calls that day, rounded down to the step (one step at
 * least).
 */
export interface CallTimes {
  /** Minutes after midnight. */
  dayStart: number;
  dayMinutes: number;
  step: number;
  visitMinutes: number | null;
  callMinutes: number | null;
}

// ---------------------------------------------------------------- rules

/** 09:00 for 8 hours on a 15-minute grid, slots sharing the day (config callTimes defaults). */
export const DEFAULT_TIMES: CallTimes = { dayStart: 9 * 60, dayMinutes: 8 * 60, step: 15, visitMinutes: null, callMinutes: null };

/** A day's slot when no duration is configured: the day shared by its slots, rounded down to the grid, one step at least. */
export function slotMinutes(times: CallTimes, slots: number): number {
  if (slots <= 0) return 0;
  return Math.max(times.step, Math.floor(times.dayMinutes / slots / times.step) * times.step);
}

/** The next start on the grid at or after `minutes`. */
export function onGrid(times: CallTimes, minutes: number): number {
  return times.dayStart + Math.ceil((minutes - times.dayStart) / times.step) * times.step;
}
/** Reps without a role count as field reps (the article's rep). */
export const DEFAULT_ROLE = 'field';
/** Postcode characters that make an area (German PLZ: the two-digit zone). */
export const POSTCODE_PREFIX = 2;
const DEFAULT_DAYS = [1, 2, 3, 4, 5];
/** Tolerance for products like 0.6 x 35 = 20.999999999999996. */
const EPS = 1e-9;
const down = (x: number) => Math.floor(x + EPS);

/** Planned slots: capacity times the planned share, rounded down (the rest is free). */
export function plannedSlots(capacity: number, share: number): number {
  return Math.min(capacity, down(capacity * share));
}

/** Slots of each working day: floor(calls x (k+1)) - floor(calls x k), so a week holds floor(calls x days). */
export function slotsPerDay(callsPerDay: number, days: number): number[] {
  return Array.from({ length: days }, (_, k) => down(callsPerDay * (k + 1)) - down(callsPerDay * k));
}

/**
 * `total` spread over buckets in proportion to their sizes, rounding up
 * cumulatively so earlier buckets (days) take the remainder: bucket k gets
 * ceil(total x S_k / S) - ceil(total x S_{k-1} / S), where S_k is the size of
 * buckets 0..k. Never more than a bucket holds when total <= S.
 */
export function spread(total: number, sizes: readonly number[]): number[] {
  const sum = sizes.reduce((a, b) => a + b, 0);
  if (sum === 0) return sizes.map(() => 0);
  let before = 0;
  let cumulative = 0;
  return sizes.map((size) => {
    cumulative += size;
    const upTo = Math.ceil((total * cumulative) / sum);
    const n = upTo - before;
    before = upTo;
    return n;
  });
}

/**
 * How urgent an account is this week, in whole cadences: 0 not due this
 * week, 1 falls due during the week, 2 overdue by up to one cadence (or
 * never touched), 3 by up to two, and so on.
 */
export function urgencyOf(state: ContactState, lastDay: Day): number {
  const cadence = state.cadence;
  if (cadence === null) return 0;
  if (state.neverTouched || state.daysSinceTouch === null) return 2;
  if (state.daysSinceTouch > cadence) return 1 + Math.floor((state.daysSinceTouch - 1) / cadence);
  return dueDayOf(state) <= lastDay ? 1 : 0;
}

/** The last day an account stays within its cadence without a touch (last touch + cadence). */
function dueDayOf(state: ContactState): Day {
  return state.at - (state.daysSinceTouch ?? 0) + (state.cadence ?? 0);
}

/** Visit or call: inside reps call; others visit unless the segment's coverage is inside or digital. */
export function channelFor(role: string, coverage: Coverage | null): 'visit' | 'call' {
  if (role.toLowerCase() === 'inside') return 'call';
  return coverage === 'inside' || coverage === 'digital' ? 'call' : 'visit';
}

/** Compact numbers for reasons: 950, 12.5k, 120k, 3.4M (market figures are estimates). */
export function compact(value: number): string {
  const trim = (n: number) => (n >= 100 ? String(Math.round(n)) : n.toFixed(1).replace(/\.0$/, ''));
  if (value >= 999_950) return `${trim(value / 1e6)}M`;
  if (value >= 999.5) return `${trim(value / 1e3)}k`;
  return String(Math.round(value));
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

// ---------------------------------------------------------------- reps and days

export interface RepSettings {
  id: string;
  name: string;
  role: string;
  region: string;
  email: string;
  line: number;
  callsPerDay: number;
  callsPerDaySource: 'reps.csv' | 'config';
  plannedShare: number;
  shareSource: 'option' | 'reps.csv' | 'config';
  /** ISO weekdays the rep works (1 = Monday). */
  days: number[];
}

/** ISO weekdays (1 = Monday) worked by the reps planned (one with `rep`), reps.csv `days` or Monday to Friday. */
export function weekdaysWorked(reps: readonly Pick<RepRow, 'id' | 'days'>[], rep?: string): Set<number> {
  return new Set(reps.filter((r) => rep === undefined || r.id === rep).flatMap((r) => r.days ?? DEFAULT_DAYS));
}

/**
 * Calls per day from reps.csv, else config callsPerDay by role (no role =
 * field); planned share from --planned-share, else reps.csv, else config.
 * A rep with neither calls per day nor a configured role is an error.
 */
export function repSettings(
  reps: readonly RepRow[],
  options: Pick<ScheduleOptions, 'plannedShare' | 'defaultShare' | 'callsPerDay' | 'repsFile'>,
): { reps: RepSettings[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const byRole = new Map(Object.entries(options.callsPerDay).map(([role, n]) => [role.toLowerCase(), n]));
  const out: RepSettings[] = [];
  for (const row of reps) {
    const role = row.role ?? DEFAULT_ROLE;
    const configured = byRole.get(role.toLowerCase());
    const callsPerDay = row.calls_per_day ?? configured;
    if (callsPerDay === undefined) {
      problems.push({
        severity: 'error',
        file: options.repsFile,
        line: row.line,
        code: 'E_NO_CALLS_PER_DAY',
        message: `rep ${row.id}: no calls_per_day, and role "${role}" has no calls per day in config callsPerDay (${[...byRole.keys()].join(', ')})`,
      });
      continue;
    }
    const share = options.plannedShare ?? row.planned_share ?? options.defaultShare;
    out.push({
      id: row.id,
      name: row.name ?? '',
      role,
      region: row.region ?? '',
      email: row.email ?? '',
      line: row.line,
      callsPerDay,
      callsPerDaySource: row.calls_per_day === undefined ? 'config' : 'reps.csv',
      plannedShare: share,
      shareSource: options.plannedShare !== undefined ? 'option' : row.planned_share !== undefined ? 'reps.csv' : 'config',
      days: row.days ?? DEFAULT_DAYS,
    });
  }
  return { reps: out, problems };
}

export type DayStatus = 'work' | 'absent' | 'holiday';

export interface DayPlan {
  date: Day;
  weekday: string;
  status: DayStatus;
  /** Absence reason or holiday name. */
  note: string;
  slots: number;
  /** Planned slots of the day; once planned, the calls it got. */
  planned: number;
  /** Minutes per slot and the first slot's start (minutes after midnight). */
  slotMinutes: number;
}

/** The rep's working weekdays from `week.from` to Sunday, each working, absent or a holiday, with its slots. */
export function repDays(
  rep: Pick<RepSettings, 'days' | 'callsPerDay' | 'plannedShare'>,
  week: ScheduleWeek,
  absences: readonly Pick<AbsenceRow, 'from' | 'to' | 'reason'>[],
  holidays: ReadonlyMap<Day, string>,
  times: CallTimes = DEFAULT_TIMES,
): DayPlan[] {
  const days: DayPlan[] = [];
  for (let date = week.from; date <= week.monday + 6; date++) {
    if (!rep.days.includes(weekday(date))) continue;
    const away = absences.find((a) => a.from <= date && date <= a.to);
    const holiday = holidays.get(date);
    const status: DayStatus = away ? 'absent' : holiday !== undefined ? 'holiday' : 'work';
    days.push({
      date,
      weekday: WEEKDAY_NAMES[weekday(date) - 1] as string,
      status,
      note: away ? (away.reason ?? '') : (holiday ?? ''),
      slots: 0,
      planned: 0,
      slotMinutes: 0,
    });
  }
  const working = days.filter((d) => d.status === 'work');
  const slots = slotsPerDay(rep.callsPerDay, working.length);
  const capacity = slots.reduce((a, b) => a + b, 0);
  const planned = spread(plannedSlots(capacity, rep.plannedShare), slots);
  working.forEach((d, k) => {
    d.slots = slots[k] as number;
    d.planned = planned[k] as number;
    d.slotMinutes = slotMinutes(times, d.slots);
  });
  return days;
}

// ---------------------------------------------------------------- priority

export interface Candidate {
  item: ScheduleAccount;
  state: ContactState;
  urgency: number;
  /** Days to renewal when it is within the renewal window (contact core), else null. */
  renewal: number | null;
  /** Post-sale follow-up: due (window runs) or silent (window passed, no sales touch). */
  postSale: boolean;
  headroom: number;
  /** Days since the last touch over the cadence (never touched: 1, just overdue). */
  ratio: number;
  /** Calls the cadence asks for this week (more than 1 only for cadences under 7 days). */
  callsAsked: number;
  reasons: string[];
  rank: number;
}

/**
 * Priority, most urgent first: overdue in whole cadences (urgencyOf), then
 * renewal nearing (sooner first), post-sale follow-up due, headroom (most
 * first), how far past the cadence exactly, then id.
 */
export function comparePriority(a: Candidate, b: Candidate): number {
  const id = (c: Candidate) => c.item.account.id;
  return (
    b.urgency - a.urgency ||
    (a.renewal ?? Number.MAX_SAFE_INTEGER) - (b.renewal ?? Number.MAX_SAFE_INTEGER) ||
    Number(b.postSale) - Number(a.postSale) ||
    b.headroom - a.headroom ||
    b.ratio - a.ratio ||
    (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0)
  );
}

/**
 * An account's place in this week's ranking, with the reasons a rep reads.
 * Null when it is not planned this week: no cadence (lost), or not due, no
 * post-sale follow-up open, and touched within the last half cadence (a
 * call is pulled forward by at most half a cadence).
 */
export function candidateOf(
  item: ScheduleAccount,
  state: ContactState,
  week: ScheduleWeek,
  workDays: readonly Day[],
  withMarket: boolean,
): Candidate | null {
  const cadence = state.cadence;
  if (cadence === null) return null;
  const lastDay = week.monday + 6;
  const urgency = urgencyOf(state, lastDay);
  const postSale = state.postSale === 'due' || state.postSale === 'silent';
  if (urgency === 0 && !postSale && (state.daysSinceTouch ?? 0) < cadence / 2) return null;
  const reasons: string[] = [];
  if (state.neverTouched) reasons.push('never touched');
  else if ((state.daysOverdue ?? 0) > 0) reasons.push(`overdue ${plural(state.daysOverdue as number, 'day')}`);
  else {
    const due = dueDayOf(state);
    reasons.push(due <= lastDay ? `due by ${WEEKDAY_NAMES[weekday(due) - 1]}` : `due in ${plural(due - state.at, 'day')}`);
  }
  const renewal = state.contract.renewalDue ? (state.contract.daysToRenewal as number) : null;
  if (renewal !== null) reasons.push(renewal === 0 ? 'renewal today' : `renewal in ${plural(renewal, 'day')}`);
  if (state.postSale === 'due') reasons.push('post-sale follow-up due');
  if (state.postSale === 'silent') reasons.push('post-sale silence');
  const headroom = item.headroom ?? 0;
  if (withMarket && item.account.tier !== null)
    reasons.push(headroom > 0 ? `${item.account.tier}-tier, headroom ${compact(headroom)}` : `${item.account.tier}-tier`);
  if (item.nextBest) reasons.push(`next best product: ${item.nextBest}`);
  return {
    item,
    state,
    urgency,
    renewal,
    postSale,
    headroom,
    ratio: state.daysSinceTouch === null ? 1 : state.daysSinceTouch / cadence,
    callsAsked: callsAsked(cadence, workDays),
    reasons,
    rank: 0,
  };
}

/** Calls a cadence under a week asks for: as many working days as fit at least `cadence` days apart; else 1. */
export function callsAsked(cadence: number, workDays: readonly Day[]): number {
  if (cadence >= 7 || workDays.length === 0) return 1;
  let n = 0;
  let last = Number.NEGATIVE_INFINITY;
  for (const d of workDays) {
    if (d - last >= cadence) {
      n++;
      last = d;
    }
  }
  return n;
}

// ---------------------------------------------------------------- results

export interface Slot {
  week: string;
  rep: string;
  date: Day;
  weekday: string;
  /** 1-based within the day: planned slots first, then free ones. */
  slot: number;
  /** Minutes after midnight (local time in the config time zone). */
  start: number;
  end: number;
  kind: 'planned' | 'free';
  /** Planned calls only. */
  call: PlannedCall | null;
}

export interface PlannedCall {
  account: string;
  name: string;
  phone: string;
  region: string;
  postcode: string;
  address: string;
  city: string;
  contact: string;
  /** Region and postcode prefix the day is grouped by. */
  area: string;
  tier: Tier | null;
  channel: 'visit' | 'call';
  /** Place in the rep's ranking this week (1 = most urgent). */
  rank: number;
  urgency: number;
  reasons: string[];
  daysOverdue: number | null;
  daysToRenewal: number | null;
  headroom: number | null;
  /** Call n of the calls its cadence asks this week. */
  call: number;
  calls: number;
  /** Counted as due under its cadence this week. */
  due: boolean;
}

export type TierCounts = Record<Tier, number>;

export interface RepWeek {
  rep: string;
  name: string;
  role: string;
  region: string;
  email: string;
  week: string;
  monday: Day;
  from: Day;
  callsPerDay: number;
  callsPerDaySource: RepSettings['callsPerDaySource'];
  plannedShare: number;
  shareSource: RepSettings['shareSource'];
  days: DayPlan[];
  workingDays: number;
  capacity: number;
  /** floor(capacity x planned share). */
  plannedSlots: number;
  /** Planned slots that got a call (fewer only when the rep has fewer accounts to call). */
  planned: number;
  /** capacity - planned: free slots, including planned slots no account needed. */
  free: number;
  /** Accounts the rep owns, and those considered this week (see candidateOf: not lost, due or pulled forward). */
  accounts: number;
  eligible: number;
  /** Calls due under the cadence this week (overdue or falling due), planned, and not fitted. */
  dueCalls: number;
  dueFitted: number;
  notFitted: number;
  notFittedByTier: TierCounts;
  /** Smallest planned share (whole percent) that would fit every due call; null if even 100% would not. */
  shareNeeded: number | null;
  /** Smallest whole number of calls a day that would fit them at this planned share; null without working days or share. */
  callsPerDayNeeded: number | null;
}

export interface ScheduleResult {
  asOf: Day;
  /** Where the revenue behind tiers and headroom came from; null without market.csv. */
  revenueSource: RevenueSource | null;
  weeks: ScheduleWeek[];
  rules: {
    defaultShare: number;
    plannedShare: number | null;
    dayStart: number;
    dayMinutes: number;
    stepMinutes: number;
    visitMinutes: number | null;
    callMinutes: number | null;
    postcodePrefix: number;
    withMarket: boolean;
    holidays: number;
  };
  reps: RepWeek[];
  slots: Slot[];
  totals: {
    reps: number;
    capacity: number;
    plannedSlots: number;
    planned: number;
    free: number;
    dueCalls: number;
    notFitted: number;
    notFittedByTier: TierCounts;
  };
  /** Accounts whose owner is not in reps.csv (empty owners included as ""), never planned. */
  unknownOwners: UnknownKeyReport;
  /** Absence rows of reps not in reps.csv. */
  absencesOfUnknownReps: number;
  problems: Problem[];
}

const emptyTiers = (): TierCounts => ({ A: 0, B: 0, C: 0 });

/** Area key for grouping a day's calls: region, then postcode (sorting by it groups prefixes). */
function areaOf(item: ScheduleAccount): string {
  return [item.region, item.postcode.slice(0, POSTCODE_PREFIX)].filter(Boolean).join(' ');
}

const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function compareArea(a: Candidate, b: Candidate): number {
  return text(a.item.region.toLowerCase(), b.item.region.toLowerCase()) || text(a.item.postcode, b.item.postcode) || a.rank - b.rank;
}

// ---------------------------------------------------------------- the plan

/**
 * Plans every rep's weeks in order. Planned calls are added to the contact
 * fold as sales touches on their day, so a later week sees them.
 */
export function planSchedule(
  reps: readonly RepRow[],
  absences: readonly AbsenceRow[],
  accounts: readonly ScheduleAccount[],
  touches: TouchLedger,
  options: ScheduleOptions,
): ScheduleResult {
  const settings = repSettings(reps, options);
  const times = options.times ?? DEFAULT_TIMES;
  const known = new Set(reps.map((r) => r.id));
  const unknownOwners = new UnknownKeys(known);
  const byOwner = new Map<string, ScheduleAccount[]>();
  for (const item of accounts) {
    const owner = item.account.owner;
    if (!unknownOwners.check(owner, item.line)) continue;
    groupInto(byOwner, owner, item);
  }
  const absencesByRep = new Map<string, AbsenceRow[]>();
  let absencesOfUnknownReps = 0;
  for (const a of absences) {
    if (!known.has(a.rep)) {
      absencesOfUnknownReps++;
      continue;
    }
    groupInto(absencesByRep, a.rep, a);
  }
  const planned = settings.reps.filter((r) => options.rep === undefined || r.id === options.rep);

  const repWeeks: { rep: number; week: number; result: RepWeek; slots: Slot[] }[] = [];
  options.weeks.forEach((week, w) => {
    planned.forEach((rep, r) => {
      const out = planRepWeek(rep, week, absencesByRep.get(rep.id) ?? [], byOwner.get(rep.id) ?? [], touches, options);
      repWeeks.push({ rep: r, week: w, ...out });
      for (const s of out.slots) if (s.call) touches.addTouch(s.call.account, s.date, 'sales');
    });
  });
  repWeeks.sort((a, b) => a.rep - b.rep || a.week - b.week);

  const results = repWeeks.map((x) => x.result);
  const totals = {
    reps: planned.length,
    capacity: sum(results, (r) => r.capacity),
    plannedSlots: sum(results, (r) => r.plannedSlots),
    planned: sum(results, (r) => r.planned),
    free: sum(results, (r) => r.free),
    dueCalls: sum(results, (r) => r.dueCalls),
    notFitted: sum(results, (r) => r.notFitted),
    notFittedByTier: emptyTiers(),
  };
  for (const r of results) for (const t of ['A', 'B', 'C'] as const) totals.notFittedByTier[t] += r.notFittedByTier[t];
  return {
    asOf: options.asOf,
    revenueSource: options.revenueSource ?? null,
    weeks: [...options.weeks],
    rules: {
      defaultShare: options.defaultShare,
      plannedShare: options.plannedShare ?? null,
      dayStart: times.dayStart,
      dayMinutes: times.dayMinutes,
      stepMinutes: times.step,
      visitMinutes: times.visitMinutes,
      callMinutes: times.callMinutes,
      postcodePrefix: POSTCODE_PREFIX,
      withMarket: options.withMarket,
      holidays: options.holidays.size,
    },
    reps: results,
    slots: repWeeks.flatMap((x) => x.slots),
    totals,
    unknownOwners: unknownOwners.report(),
    absencesOfUnknownReps,
    problems: settings.problems,
  };
}

/** Appends `value` to the list under `key`, creating it on first use. */
function groupInto<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function sum<T>(items: readonly T[], f: (t: T) => number): number {
  return items.reduce((n, t) => n + f(t), 0);
}

/** One rep, one week: capacity, ranking, selection, placement on days and slots. */
export function planRepWeek(
  rep: RepSettings,
  week: ScheduleWeek,
  absences: readonly AbsenceRow[],
  owned: readonly ScheduleAccount[],
  touches: TouchLedger,
  options: Pick<ScheduleOptions, 'withMarket' | 'holidays' | 'times'>,
): { result: RepWeek; slots: Slot[] } {
  const times = options.times ?? DEFAULT_TIMES;
  const days = repDays(rep, week, absences, options.holidays, times);
  const work = days.filter((d) => d.status === 'work' && d.slots > 0);
  const workDays = work.map((d) => d.date);
  const capacity = sum(days, (d) => d.slots);
  const plannedTotal = sum(days, (d) => d.planned);

  // Rank the rep's accounts as they stand on the first planned day.
  const ranked: Candidate[] = [];
  for (const item of owned) {
    const state = touches.state(item.account.id, week.from);
    if (!state) continue;
    const c = candidateOf(item, state, week, workDays, options.withMarket);
    if (c) ranked.push(c);
  }
  ranked.sort(comparePriority);
  ranked.forEach((c, i) => {
    c.rank = i + 1;
  });

  // Select in priority order; an account whose cadence is under a week takes its calls on days at least a cadence apart.
  const remaining = new Map(work.map((d) => [d.date, d.planned]));
  let open = plannedTotal;
  const singles: Candidate[] = [];
  const placed = new Map<Day, { c: Candidate; call: number; calls: number }[]>(work.map((d) => [d.date, []]));
  const callsOf = new Map<Candidate, number>();
  for (const c of ranked) {
    if (open === 0) break;
    if (c.callsAsked === 1) {
      singles.push(c);
      callsOf.set(c, 1);
      open--;
      continue;
    }
    const cadence = c.state.cadence as number;
    const chosen: Day[] = [];
    let last = Number.NEGATIVE_INFINITY;
    for (const d of workDays) {
      if (open === 0 || chosen.length === c.callsAsked) break;
      if ((remaining.get(d) as number) > 0 && d - last >= cadence) {
        chosen.push(d);
        remaining.set(d, (remaining.get(d) as number) - 1);
        open--;
        last = d;
      }
    }
    chosen.forEach((d, i) => {
      (placed.get(d) as { c: Candidate; call: number; calls: number }[]).push({ c, call: i + 1, calls: chosen.length });
    });
    if (chosen.length > 0) callsOf.set(c, chosen.length);
  }

  // Single calls fill the days in area order (region, postcode), spread over the days in proportion to what is left.
  singles.sort(compareArea);
  const targets = spread(
    singles.length,
    work.map((d) => remaining.get(d.date) as number),
  );
  let next = 0;
  work.forEach((d, k) => {
    const list = placed.get(d.date) as { c: Candidate; call: number; calls: number }[];
    for (let i = 0; i < (targets[k] as number); i++) list.push({ c: singles[next++] as Candidate, call: 1, calls: 1 });
  });

  const slots: Slot[] = [];
  for (const d of days) {
    if (d.slots === 0) continue;
    const calls = (placed.get(d.date) ?? []).sort((a, b) => compareArea(a.c, b.c) || a.call - b.call);
    // Slots one after the other, each starting on the grid.
    let at = times.dayStart;
    for (let s = 0; s < d.slots; s++) {
      const entry = calls[s];
      const call = entry ? plannedCall(entry.c, entry.call, entry.calls, rep.role) : null;
      const minutes = (call ? (call.channel === 'visit' ? times.visitMinutes : times.callMinutes) : null) ?? d.slotMinutes;
      slots.push({
        week: week.label,
        rep: rep.id,
        date: d.date,
        weekday: d.weekday,
        slot: s + 1,
        start: at,
        end: at + minutes,
        kind: entry ? 'planned' : 'free',
        call,
      });
      at = onGrid(times, at + minutes);
    }
    d.planned = calls.length;
  }

  // Due calls: what the cadence asks this week of accounts overdue or falling due.
  let dueCalls = 0;
  let dueFitted = 0;
  const notFittedByTier = emptyTiers();
  for (const c of ranked) {
    if (c.urgency < 1) continue;
    const fitted = callsOf.get(c) ?? 0;
    dueCalls += c.callsAsked;
    dueFitted += Math.min(fitted, c.callsAsked);
    const tier = c.item.account.tier;
    if (tier !== null) notFittedByTier[tier] += c.callsAsked - Math.min(fitted, c.callsAsked);
  }
  const plannedCalls = slots.filter((s) => s.kind === 'planned').length;
  const workingDays = days.filter((d) => d.status === 'work').length;
  const notFitted = dueCalls - dueFitted;
  return {
    result: {
      rep: rep.id,
      name: rep.name,
      role: rep.role,
      region: rep.region,
      email: rep.email,
      week: week.label,
      monday: week.monday,
      from: week.from,
      callsPerDay: rep.callsPerDay,
      callsPerDaySource: rep.callsPerDaySource,
      plannedShare: rep.plannedShare,
      shareSource: rep.shareSource,
      days,
      workingDays,
      capacity,
      plannedSlots: plannedTotal,
      planned: plannedCalls,
      free: capacity - plannedCalls,
      accounts: owned.length,
      eligible: ranked.length,
      dueCalls,
      dueFitted,
      notFitted,
      notFittedByTier,
      shareNeeded: notFitted > 0 ? shareNeeded(dueCalls, capacity) : null,
      callsPerDayNeeded: notFitted > 0 ? callsPerDayNeeded(dueCalls, workingDays, rep.plannedShare) : null,
    },
    slots,
  };
}

function plannedCall(c: Candidate, call: number, calls: number, role: string): PlannedCall {
  const { item, state } = c;
  const reasons = calls > 1 ? [...c.reasons, `call ${call} of ${calls} (cadence ${plural(state.cadence as number, 'day')})`] : c.reasons;
  return {
    account: item.account.id,
    name: item.account.name,
    phone: item.phone,
    region: item.region,
    postcode: item.postcode,
    address: item.address,
    city: item.city,
    contact: item.contact,
    area: areaOf(item),
    tier: item.account.tier,
    channel: channelFor(role, item.coverage),
    rank: c.rank,
    urgency: c.urgency,
    reasons,
    daysOverdue: state.daysOverdue,
    daysToRenewal: c.renewal,
    headroom: item.headroom,
    call,
    calls,
    due: c.urgency >= 1,
  };
}

/** Smallest whole-percent share s with floor(capacity x s) >= due; null if due > capacity. */
export function shareNeeded(due: number, capacity: number): number | null {
  if (due > capacity || capacity === 0) return null;
  for (let pct = 0; pct <= 100; pct++) if (plannedSlots(capacity, pct / 100) >= due) return pct / 100;
  return null;
}

/** Smallest whole calls per day c with floor(floor(c x days) x share) >= due; null without days or share. */
export function callsPerDayNeeded(due: number, days: number, share: number): number | null {
  if (days === 0 || share <= 0) return null;
  let c = Math.max(1, Math.floor(due / (share * days)));
  while (plannedSlots(down(c * days), share) < due) c++;
  return c;
}
