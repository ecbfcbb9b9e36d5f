/**
 * plan schedule's result as documents: one row per slot (free ones too) for
 * CSV and JSON, and per rep and week a list grouped by day for the terminal
 * and Markdown, where consecutive free slots of a day read as one line.
 */
import type { DayPlan, RepWeek, ScheduleResult, Slot } from '../core/schedule.js';
import type { Column, Document, Figure, Prose, Row, Table } from '../render/document.js';
import type { PrintDocument, PrintPage, PrintRow, PrintSummary } from '../render/html-schedule.js';
import type { CalendarEvent, CalendarSpec } from '../render/ics.js';
import type { NumberFormat } from '../render/numbers.js';
import { type Day, formatDay, WEEKDAY_NAMES, weekday } from '../schema/calendar.js';

export interface ScheduleDocuments {
  /** CSV and JSON: the slots table first. */
  document: Document;
  /** table and md: capacity by rep and week, then each rep's week by day. */
  grouped: Document;
}

const SLOT_COLUMNS: Column[] = [
  { key: 'week', label: 'week', type: 'text' },
  { key: 'rep', label: 'rep', type: 'text' },
  { key: 'rep_name', label: 'rep name', type: 'text' },
  { key: 'date', label: 'date', type: 'date' },
  { key: 'weekday', label: 'day', type: 'text' },
  { key: 'slot', label: 'slot', type: 'int' },
  { key: 'start', label: 'start', type: 'text' },
  { key: 'end', label: 'end', type: 'text' },
  { key: 'kind', label: 'kind', type: 'text' },
  { key: 'rank', label: 'rank', type: 'int' },
  { key: 'account', label: 'account', type: 'text' },
  { key: 'name', label: 'name', type: 'text' },
  { key: 'phone', label: 'phone', type: 'text' },
  { key: 'channel', label: 'channel', type: 'text' },
  { key: 'reasons', label: 'why', type: 'text' },
  { key: 'tier', label: 'tier', type: 'text' },
  { key: 'area', label: 'area', type: 'text' },
  { key: 'region', label: 'region', type: 'text', detail: true },
  { key: 'postcode', label: 'postcode', type: 'text', detail: true },
  { key: 'urgency', label: 'urgency', type: 'int', detail: true },
  { key: 'due', label: 'due', type: 'text', detail: true },
  { key: 'days_overdue', label: 'days overdue', type: 'int', detail: true },
  { key: 'days_to_renewal', label: 'days to renewal', type: 'int', detail: true },
  { key: 'headroom', label: 'headroom', type: 'estimate', detail: true },
  { key: 'address', label: 'address', type: 'text', detail: true },
  { key: 'city', label: 'city', type: 'text', detail: true },
  { key: 'contact', label: 'contact', type: 'text', detail: true },
];

const REP_COLUMNS: Column[] = [
  { key: 'rep', label: 'rep', type: 'text', priority: 1 },
  { key: 'name', label: 'name', type: 'text' },
  { key: 'role', label: 'role', type: 'text', priority: 3 },
  { key: 'week', label: 'week', type: 'text' },
  { key: 'working_days', label: 'days', type: 'int', priority: 3 },
  { key: 'calls_per_day', label: 'calls/day', type: 'number', digits: 1, priority: 3 },
  { key: 'capacity', label: 'capacity', type: 'int' },
  { key: 'planned_share', label: 'share', type: 'percent', digits: 0, priority: 3 },
  { key: 'planned_slots', label: 'planned slots', type: 'int' },
  { key: 'planned', label: 'planned', type: 'int', detail: true },
  { key: 'free', label: 'free', type: 'int', priority: 3 },
  { key: 'accounts', label: 'accounts', type: 'int', priority: 3 },
  { key: 'due_calls', label: 'due', type: 'int' },
  { key: 'not_fitted', label: 'not fitted', type: 'int', priority: 1 },
  { key: 'not_fitted_a', label: 'A', type: 'int', priority: 3 },
  { key: 'not_fitted_b', label: 'B', type: 'int', priority: 3 },
  { key: 'not_fitted_c', label: 'C', type: 'int', priority: 3 },
  { key: 'share_needed', label: 'share needed', type: 'percent', digits: 0, priority: 3 },
  { key: 'calls_per_day_needed', label: 'calls/day needed', type: 'int', priority: 3 },
  { key: 'off', label: 'off', type: 'text' },
];

const DAY_COLUMNS: Column[] = [
  { key: 'day', label: 'day', type: 'text', priority: 1 },
  { key: 'time', label: 'time', type: 'text', priority: 1 },
  { key: 'rank', label: '#', type: 'int', priority: 3 },
  { key: 'account', label: 'account', type: 'text', priority: 3 },
  { key: 'name', label: 'name', type: 'text', priority: 1 },
  { key: 'channel', label: 'how', type: 'text' },
  { key: 'phone', label: 'phone', type: 'text', priority: 3 },
  { key: 'area', label: 'area', type: 'text', priority: 3 },
  { key: 'reasons', label: 'why', type: 'text', priority: 1 },
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Tue 01 Dec` */
export function dayLabel(date: Day, weekday: string): string {
  const iso = formatDay(date);
  return `${weekday} ${iso.slice(8, 10)} ${MONTHS[Number(iso.slice(5, 7)) - 1]}`;
}

/** Minutes after midnight -> `HH:MM`. */
export function clock(minutes: number): string {
  const h = Math.floor(minutes / 60) % 24;
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

function groupInto<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Counts and shares in prose, as the number formatter writes them (config locale). */
type Words = Pick<NumberFormat, 'int' | 'percent'>;

/** `1 slot`, `12 slots`: a count and its word, singular for one. */
const counted = (n: Pick<NumberFormat, 'int'>, count: number, word: string) => `${n.int(count)} ${word}${count === 1 ? '' : 's'}`;
const pct = (n: Words, x: number) => n.percent(x, 0);

/** Working weekdays a rep does not work, runs with the same reason merged: `Tue 01 Dec to Thu 03 Dec absent (vacation)`. */
export function offDays(r: RepWeek): string {
  const runs: { first: DayPlan; last: DayPlan }[] = [];
  let previous: DayPlan | undefined;
  for (const d of r.days) {
    const run = runs[runs.length - 1];
    if (d.status !== 'work') {
      if (run && previous === run.last && previous.status === d.status && previous.note === d.note) run.last = d;
      else runs.push({ first: d, last: d });
    }
    previous = d;
  }
  return runs
    .map(({ first, last }) => {
      const when =
        first === last
          ? dayLabel(first.date, first.weekday)
          : `${dayLabel(first.date, first.weekday)} to ${dayLabel(last.date, last.weekday)}`;
      return `${when} ${first.status}${first.note ? ` (${first.note})` : ''}`;
    })
    .join(', ');
}

/** What a rep with due calls that did not fit should hear, or '' when all fitted. */
export function shortfallNote(r: RepWeek, n: Words): string {
  if (r.notFitted === 0) return '';
  const tiers = (['A', 'B', 'C'] as const)
    .filter((t) => r.notFittedByTier[t] > 0)
    .map((t) => `${t} ${n.int(r.notFittedByTier[t])}`)
    .join(', ');
  return `${r.rep} ${r.week}: ${n.int(r.notFitted)} of ${counted(n, r.dueCalls, 'due call')} did not fit (${tiers}); ${cureOf(r, n)}.`;
}

/** What would make every due call fit: `a planned share of 85% or 33 calls a day at 60% planned would cover them`; '' when all fitted. */
export function cureOf(r: RepWeek, n: Words): string {
  const fit = fitOf(r, n);
  return fit.endsWith('planned') ? `${fit} would cover them` : fit;
}

/** `a planned share of 85% or 33 calls a day at 60% planned`, or why nothing would; '' when all fitted. */
function fitOf(r: RepWeek, n: Words): string {
  if (r.notFitted === 0) return '';
  const cures: string[] = [];
  if (r.shareNeeded !== null) cures.push(`a planned share of ${pct(n, r.shareNeeded)}`);
  if (r.callsPerDayNeeded !== null) cures.push(`${n.int(r.callsPerDayNeeded)} calls a day at ${pct(n, r.plannedShare)} planned`);
  if (cures.length > 0) return cures.join(' or ');
  return r.workingDays === 0 ? 'no working day this week' : 'more than the whole capacity: only more calls a day would cover them';
}

function slotRow(s: Slot, repName: string): Row {
  const c = s.call;
  return {
    week: s.week,
    rep: s.rep,
    rep_name: repName,
    date: formatDay(s.date),
    weekday: s.weekday,
    slot: s.slot,
    start: clock(s.start),
    end: clock(s.end),
    kind: s.kind,
    rank: c?.rank ?? null,
    account: c?.account ?? '',
    name: c?.name ?? '',
    phone: c?.phone ?? '',
    channel: c?.channel ?? '',
    reasons: c ? c.reasons.join('; ') : '',
    tier: c?.tier ?? '',
    area: c?.area ?? '',
    region: c?.region ?? '',
    postcode: c?.postcode ?? '',
    urgency: c?.urgency ?? null,
    due: c ? c.due : null,
    days_overdue: c?.daysOverdue ?? null,
    days_to_renewal: c?.daysToRenewal ?? null,
    headroom: c?.headroom ?? null,
    address: c?.address ?? '',
    city: c?.city ?? '',
    contact: c?.contact ?? '',
  };
}

function repRow(r: RepWeek): Row {
  return {
    rep: r.rep,
    name: r.name,
    role: r.role,
    week: r.week,
    working_days: r.workingDays,
    calls_per_day: r.callsPerDay,
    capacity: r.capacity,
    planned_share: r.plannedShare,
    planned_slots: r.plannedSlots,
    planned: r.planned,
    free: r.free,
    accounts: r.accounts,
    due_calls: r.dueCalls,
    not_fitted: r.notFitted,
    not_fitted_a: r.notFittedByTier.A,
    not_fitted_b: r.notFittedByTier.B,
    not_fitted_c: r.notFittedByTier.C,
    share_needed: r.shareNeeded,
    calls_per_day_needed: r.callsPerDayNeeded,
    off: offDays(r),
  };
}

/** A rep's week by day: planned calls one per row, a day's run of free slots as one row, days off as one row. */
export function dayRows(r: RepWeek, slots: readonly Slot[]): Row[] {
  const rows: Row[] = [];
  const byDay = new Map<Day, Slot[]>();
  for (const s of slots) {
    groupInto(byDay, s.date, s);
  }
  for (const d of r.days) {
    const label = dayLabel(d.date, d.weekday);
    if (d.status !== 'work') {
      rows.push({ day: label, name: `${d.status}${d.note ? `: ${d.note}` : ''}` });
      continue;
    }
    const list = byDay.get(d.date) ?? [];
    let first = true;
    const day = () => {
      const text = first ? label : '';
      first = false;
      return text;
    };
    for (const entry of dayEntries(list)) {
      if (entry.call) rows.push({ day: day(), time: clock(entry.start), ...callCells(entry.call) });
      else
        rows.push({
          day: day(),
          time: `${clock(entry.start)}-${clock(entry.end)}`,
          name: `free: ${entry.free} slot${entry.free === 1 ? '' : 's'}`,
        });
    }
    if (list.length === 0) rows.push({ day: day(), name: 'no slots' });
  }
  return rows;
}

/** The heading of one rep's week: `R01 David Wagner, field, 2026-W49: 25 slots, 15 planned, 10 free`. */
export function repHeading(r: RepWeek, n: Words): string {
  const who = [r.rep, r.name].filter(Boolean).join(' ');
  return `${who}, ${r.role}, ${r.week}: ${counted(n, r.capacity, 'slot')}, ${n.int(r.planned)} planned, ${n.int(r.free)} free`;
}

function notesOf(result: ScheduleResult): Prose[] {
  const notes: Prose[] = [
    (n) =>
      `Capacity = calls per day x working days (absences${result.rules.holidays > 0 ? ' and public holidays' : ''} taken out); planned = floor(capacity x planned share), default ${pct(n, result.rules.defaultShare)}${result.rules.plannedShare !== null ? `, ${pct(n, result.rules.plannedShare)} for every rep by --planned-share` : ''}; the rest is free and stays free.`,
    `Priority: overdue in whole cadences, renewal nearing, post-sale follow-up, ${result.rules.withMarket ? 'headroom (market.csv)' : 'headroom (none without market.csv)'}, then id. Reasons count from the first planned day of the week. ${callTimesNote(result.rules)}`,
  ];
  for (const r of result.reps) {
    if (r.notFitted > 0) notes.push((n) => shortfallNote(r, n));
  }
  return notes;
}

/** `Calls from 09:00 on a 15-minute grid; visits 90 min, calls 20 min.` */
export function callTimesNote(rules: ScheduleResult['rules']): string {
  const hours = rules.dayMinutes % 60 === 0 ? `${rules.dayMinutes / 60}-hour` : `${rules.dayMinutes}-minute`;
  const durations =
    rules.visitMinutes === null && rules.callMinutes === null
      ? `a slot is the ${hours} day shared by the day's calls, rounded down to ${rules.stepMinutes} minutes`
      : `visits ${rules.visitMinutes ?? 'share the day'}${rules.visitMinutes === null ? '' : ' min'}, calls ${rules.callMinutes ?? 'share the day'}${rules.callMinutes === null ? '' : ' min'}`;
  return `Calls from ${clock(rules.dayStart)} on a ${rules.stepMinutes}-minute grid; ${durations} (config callTimes).`;
}

function figuresOf(result: ScheduleResult): Figure[] {
  const t = result.totals;
  const weeks = result.weeks.map((w) => w.label);
  return [
    {
      label: 'weeks',
      value: weeks.length > 2 ? `${weeks[0]} to ${weeks[weeks.length - 1]} (${weeks.length})` : weeks.join(', '),
      type: 'text',
    },
    { label: 'reps', value: t.reps, type: 'int' },
    { label: 'capacity', value: (n) => counted(n, t.capacity, 'slot'), type: 'text' },
    { label: 'planned', value: (n) => `${counted(n, t.planned, 'call')} in ${counted(n, t.plannedSlots, 'planned slot')}`, type: 'text' },
    { label: 'free', value: (n) => counted(n, t.free, 'slot'), type: 'text' },
    {
      label: 'due, not fitted',
      value: (n) =>
        t.notFitted === 0
          ? `every one of ${counted(n, t.dueCalls, 'due call')} fitted`
          : `${n.int(t.notFitted)} of ${counted(n, t.dueCalls, 'due call')} (A ${n.int(t.notFittedByTier.A)}, B ${n.int(t.notFittedByTier.B)}, C ${n.int(t.notFittedByTier.C)})`,
      type: 'text',
    },
  ];
}

/** A table whose rows are built on first use: html and ics runs never pay for a row per slot. */
function lazyTable(name: string, title: Prose | undefined, columns: Column[], build: () => Row[]): Table {
  let rows: Row[] | undefined;
  return {
    name,
    ...(title === undefined ? {} : { title }),
    columns,
    get rows() {
      rows ??= build();
      return rows;
    },
  };
}

export function scheduleDocuments(result: ScheduleResult): ScheduleDocuments {
  const names = new Map(result.reps.map((r) => [r.rep, r.name]));
  const figures = figuresOf(result);
  const notes = notesOf(result);
  const title = `Call lists ${result.weeks.map((w) => w.label).join(', ')}`;
  const capacity: Table = { name: 'reps', title: 'Capacity by rep and week', columns: REP_COLUMNS, rows: result.reps.map(repRow) };
  const document: Document = {
    title,
    figures,
    tables: [lazyTable('slots', undefined, SLOT_COLUMNS, () => result.slots.map((s) => slotRow(s, names.get(s.rep) ?? ''))), capacity],
    charts: [],
    notes,
    // Built when JSON is written only.
    data: { toJSON: () => scheduleJson(result) },
  };
  const slotsOf = slotsByRepWeek(result);
  const grouped: Document = {
    title,
    figures,
    tables: [
      capacity,
      ...result.reps.map(
        (r): Table =>
          lazyTable(
            `${r.rep}-${r.week}`,
            (n) => repHeading(r, n),
            DAY_COLUMNS,
            () => dayRows(r, slotsOf.get(`${r.rep}\u0000${r.week}`) ?? []),
          ),
      ),
    ],
    charts: [],
    notes,
    data: document.data,
  };
  return { document, grouped };
}

function jsonDay(d: DayPlan) {
  return {
    date: formatDay(d.date),
    weekday: d.weekday,
    status: d.status,
    note: d.note,
    slots: d.slots,
    planned: d.planned,
    slotMinutes: d.slotMinutes,
  };
}

/** The whole result for --format json: dates as YYYY-MM-DD, times as HH:MM, one object per slot. */
export function scheduleJson(result: ScheduleResult) {
  return {
    asOf: formatDay(result.asOf),
    revenueSource: result.revenueSource,
    weeks: result.weeks.map((w) => ({ week: w.label, monday: formatDay(w.monday), from: formatDay(w.from) })),
    rules: { ...result.rules, dayStart: clock(result.rules.dayStart) },
    totals: result.totals,
    reps: result.reps.map((r) => ({
      rep: r.rep,
      name: r.name,
      role: r.role,
      region: r.region,
      week: r.week,
      callsPerDay: r.callsPerDay,
      callsPerDaySource: r.callsPerDaySource,
      plannedShare: r.plannedShare,
      shareSource: r.shareSource,
      workingDays: r.workingDays,
      capacity: r.capacity,
      plannedSlots: r.plannedSlots,
      planned: r.planned,
      free: r.free,
      accounts: r.accounts,
      eligible: r.eligible,
      dueCalls: r.dueCalls,
      dueFitted: r.dueFitted,
      notFitted: r.notFitted,
      notFittedByTier: r.notFittedByTier,
      shareNeeded: r.shareNeeded,
      callsPerDayNeeded: r.callsPerDayNeeded,
      days: r.days.map(jsonDay),
    })),
    slots: result.slots.map((s) => ({
      week: s.week,
      rep: s.rep,
      date: formatDay(s.date),
      weekday: s.weekday,
      slot: s.slot,
      start: clock(s.start),
      end: clock(s.end),
      kind: s.kind,
      call: s.call,
    })),
    unknownOwners: result.unknownOwners,
    absencesOfUnknownReps: result.absencesOfUnknownReps,
  };
}

function slotsByRepWeek(result: ScheduleResult): Map<string, Slot[]> {
  const map = new Map<string, Slot[]>();
  for (const s of result.slots) {
    const key = `${s.rep}\u0000${s.week}`;
    groupInto(map, key, s);
  }
  return map;
}

/**
 * One printable sheet per rep and week: the day's calls in order, runs of
 * free slots as one line; then the manager's summary sheet, which alone says
 * what did not fit (the reps' sheets stay the reps').
 */
export function schedulePrint(result: ScheduleResult, n: NumberFormat): PrintDocument {
  const slots = slotsByRepWeek(result);
  const pages = result.reps.map((r): PrintPage => {
    const list = slots.get(`${r.rep}\u0000${r.week}`) ?? [];
    const sunday = r.monday + 6;
    const notes = [offDays(r)].filter(Boolean);
    if (r.accounts === 0) notes.push('No accounts owned: every slot is free.');
    return {
      title: [r.rep, r.name].filter(Boolean).join(' \u00b7 '),
      subtitle: [
        r.role,
        r.region,
        `${r.week}, ${dayLabel(r.from, weekdayName(r.from))} to ${dayLabel(sunday, 'Sun')} ${formatDay(sunday).slice(0, 4)}`,
      ]
        .filter(Boolean)
        .join(' \u00b7 '),
      summary: `${counted(n, r.capacity, 'slot')}: ${n.int(r.planned)} planned, ${n.int(r.free)} free \u00b7 ${counted(n, r.workingDays, 'working day')} x ${n.number(r.callsPerDay)} call${r.callsPerDay === 1 ? '' : 's'} \u00b7 planned share ${pct(n, r.plannedShare)}`,
      notes,
      days: r.days.map((d) => {
        const label = dayLabel(d.date, d.weekday);
        if (d.status !== 'work') return { label, off: `${d.status}${d.note ? `: ${d.note}` : ''}`, rows: [] };
        return { label, rows: printRows(list.filter((s) => s.date === d.date)) };
      }),
    };
  });
  const weeks = result.weeks.map((w) => w.label).join(', ');
  return {
    title: `Call lists ${weeks}`,
    lang: n.locale,
    footer: `plan schedule, as of ${formatDay(result.asOf)}. # = priority this week. Planned calls by priority; free slots are yours to fill.`,
    pages,
    summary: result.reps.length > 0 ? managerSummary(result, n) : undefined,
  };
}

/** The manager's sheet: capacity and due calls by rep and week, and what would cover those that did not fit. */
function managerSummary(result: ScheduleResult, n: Words): PrintSummary {
  const t = result.totals;
  return {
    title: `For the sales manager: ${result.weeks.map((w) => w.label).join(', ')}`,
    subtitle: `Not for the reps' sheets. ${counted(n, t.capacity, 'slot')}, ${counted(n, t.planned, 'planned call')}, ${n.int(t.free)} free; ${
      t.notFitted === 0
        ? `every one of ${counted(n, t.dueCalls, 'due call')} fitted.`
        : `${n.int(t.notFitted)} of ${counted(n, t.dueCalls, 'due call')} did not fit (A ${n.int(t.notFittedByTier.A)}, B ${n.int(t.notFittedByTier.B)}, C ${n.int(t.notFittedByTier.C)}).`
    }`,
    columns: [
      { label: 'rep' },
      { label: 'week', code: true },
      { label: 'slots', numeric: true },
      { label: 'planned', numeric: true },
      { label: 'due', numeric: true },
      { label: 'not fitted', numeric: true },
      { label: 'A', numeric: true },
      { label: 'B', numeric: true },
      { label: 'C', numeric: true },
      { label: 'would fit them all' },
    ],
    rows: result.reps.map((r) => [
      [r.rep, r.name].filter(Boolean).join(' '),
      r.week,
      n.int(r.capacity),
      n.int(r.planned),
      n.int(r.dueCalls),
      n.int(r.notFitted),
      n.int(r.notFittedByTier.A),
      n.int(r.notFittedByTier.B),
      n.int(r.notFittedByTier.C),
      fitOf(r, n),
    ]),
    notes: [
      'Due = overdue under the cadence, never touched, or falling due this week. A due call that did not fit waits for a later week or a free slot.',
    ],
  };
}

type PlannedCall = NonNullable<Slot['call']>;

/** A day's slots as shown: each planned call, and each run of free slots as one entry. */
function dayEntries(
  slots: readonly Slot[],
): ({ start: number; end: number } & ({ call: PlannedCall; free?: undefined } | { call?: undefined; free: number }))[] {
  const entries: ({ start: number; end: number } & ({ call: PlannedCall; free?: undefined } | { call?: undefined; free: number }))[] = [];
  for (let i = 0; i < slots.length; i++) {
    const s = slots[i] as Slot;
    if (s.call) {
      entries.push({ start: s.start, end: s.end, call: s.call });
      continue;
    }
    let j = i;
    while (j + 1 < slots.length && !(slots[j + 1] as Slot).call) j++;
    entries.push({ start: s.start, end: (slots[j] as Slot).end, free: j - i + 1 });
    i = j;
  }
  return entries;
}

/** What a planned call shows in a day listing. */
function callCells(c: PlannedCall) {
  return {
    rank: c.rank,
    account: c.account,
    name: c.name,
    channel: c.channel,
    phone: c.phone,
    area: c.area,
    reasons: c.reasons.join('; '),
  };
}

/** `Hauptstr. 5, 20095 Hamburg`: the parts customers.csv has ('' without street and city). */
export function addressOf(c: Pick<PlannedCall, 'address' | 'postcode' | 'city'>): string {
  if (!c.address && !c.city) return '';
  return [c.address, [c.postcode, c.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

const weekdayName = (day: Day) => WEEKDAY_NAMES[weekday(day) - 1] as string;

function printRows(slots: readonly Slot[]): PrintRow[] {
  const rows: PrintRow[] = [];
  for (const entry of dayEntries(slots)) {
    if (entry.call)
      rows.push({ time: clock(entry.start), ...callCells(entry.call), address: addressOf(entry.call), contact: entry.call.contact });
    else rows.push({ time: `${clock(entry.start)}–${clock(entry.end)}`, free: `${entry.free} free slot${entry.free === 1 ? '' : 's'}` });
  }
  if (rows.length === 0) rows.push({ time: '', free: 'no slots' });
  return rows;
}

/** Safe in a UID: letters, digits and . _ - kept, anything else percent-encoded. */
const uidPart = (text: string) => encodeURIComponent(text).replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * One event per planned call. Its UID names the call, not where it lies: week, rep, account and which of the
 * account's calls this week it is (`2026-W49/R01/K1001/1@plan-schedule`, parts percent-encoded, so `/` parts them
 * alone), so a re-plan that moves the call to another day or slot updates the event imported before. SEQUENCE is
 * the as-of day (days since 1970-01-01): a plan made on a later day is a later revision of the same events, and
 * the same inputs and --as-of give the same bytes.
 */
export function scheduleCalendar(result: ScheduleResult, timezone: string): CalendarSpec {
  const names = new Map(result.reps.map((r) => [r.rep, r.name]));
  const events: CalendarEvent[] = [];
  for (const s of result.slots) {
    const c = s.call;
    if (!c) continue;
    const what = c.channel === 'visit' ? 'Visit' : 'Call';
    events.push({
      uid: `${uidPart(s.week)}/${uidPart(s.rep)}/${uidPart(c.account)}/${c.call}@plan-schedule`,
      date: s.date,
      start: s.start,
      minutes: s.end - s.start,
      summary: `${what}: ${c.name || c.account} (${c.account})`,
      description: [
        `Why: ${c.reasons.join('; ')}`,
        `Phone: ${c.phone || '-'}`,
        `Account: ${c.account}${c.tier ? `, tier ${c.tier}` : ''}${c.area ? `, ${c.area}` : ''}`,
        `Rep: ${[s.rep, names.get(s.rep)].filter(Boolean).join(' ')}, priority #${c.rank} in ${s.week}`,
      ].join('\n'),
      // A visit's location is where to drive (a calendar app maps it): the street address when customers.csv has one.
      location: c.channel === 'call' ? c.phone : addressOf(c) || [c.postcode, c.region].filter(Boolean).join(' '),
    });
  }
  return { name: `Call lists ${result.weeks.map((w) => w.label).join(', ')}`, timezone, stamp: result.asOf, sequence: result.asOf, events };
}
