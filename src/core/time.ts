/**
 * Direct selling time (DOMAIN.md ideas 7 and 8): how the reps' hours split
 * into selling, travel, admin, internal and service work, and what moving
 * chores off the reps would free. In the article's case reps sold 12% of
 * their time; reassigning chores lifted it to 22%, +83% selling capacity
 * (22 / 12 - 1), as if the company had hired 83% more reps.
 */
import { type Day, formatDay, weekday } from '../schema/calendar.js';
import { ACTIVITY_CLASSES, type ActivityClass } from '../schema/config.js';
import type { ActivityRow, RepRow } from '../schema/files.js';

/** The configured classes, plus `unknown` for activities no mapping knows (their hours still count). */
export type TimeClass = ActivityClass | 'unknown';
export const TIME_CLASSES: readonly TimeClass[] = [...ACTIVITY_CLASSES, 'unknown'];
/** In the what-if: freed hours that do not become selling hours (`--convert` below 100%). */
export const FREED_CLASS = 'freed, not selling';

/**
 * Built-in activity names (after normalising) and their class; `activityClasses` in the config is merged over them.
 * Quotes, proposals and CRM updates are desk work: admin. Invoices, complaints and contract issues are after-sales
 * work that support staff can take: service (the article's "day and a half a week at head office").
 */
export const DEFAULT_ACTIVITY_CLASSES: Readonly<Record<string, ActivityClass>> = {
  'customer visits': 'selling',
  'customer visit': 'selling',
  'sales visits': 'selling',
  visits: 'selling',
  'customer meetings': 'selling',
  'sales calls': 'selling',
  'sales call': 'selling',
  'customer calls': 'selling',
  'cold calls': 'selling',
  prospecting: 'selling',
  demos: 'selling',
  demo: 'selling',
  'product demos': 'selling',
  presentations: 'selling',
  negotiations: 'selling',
  negotiation: 'selling',
  travel: 'travel',
  travelling: 'travel',
  traveling: 'travel',
  'travel time': 'travel',
  driving: 'travel',
  'planning visits': 'admin',
  'visit planning': 'admin',
  'route planning': 'admin',
  planning: 'admin',
  'order entry': 'admin',
  'order processing': 'admin',
  reporting: 'admin',
  reports: 'admin',
  'crm updates': 'admin',
  'crm update': 'admin',
  crm: 'admin',
  'data entry': 'admin',
  quotes: 'admin',
  quotations: 'admin',
  proposals: 'admin',
  expenses: 'admin',
  paperwork: 'admin',
  admin: 'admin',
  administration: 'admin',
  'internal meetings': 'internal',
  'team meetings': 'internal',
  'sales meetings': 'internal',
  meetings: 'internal',
  training: 'internal',
  coaching: 'internal',
  invoicing: 'service',
  invoices: 'service',
  'invoice issues': 'service',
  billing: 'service',
  complaints: 'service',
  'contract issues': 'service',
  returns: 'service',
  claims: 'service',
  'delivery issues': 'service',
  'payment reminders': 'service',
  'customer service': 'service',
};

/** `Order-Entry`, ` order  entry`, `ORDER_ENTRY` -> `order entry`. */
export function normalizeActivity(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim();
}

/** Defaults with the config's mapping merged over them, keys normalised. */
export function activityClassMap(configured: Readonly<Record<string, ActivityClass>>): Map<string, ActivityClass> {
  const map = new Map<string, ActivityClass>();
  for (const [name, cls] of Object.entries(DEFAULT_ACTIVITY_CLASSES)) map.set(normalizeActivity(name), cls);
  for (const [name, cls] of Object.entries(configured)) map.set(normalizeActivity(name), cls);
  return map;
}

export interface TimePeriodOptions {
  /** First day counted; undefined = from the start of the file. */
  from: Day | undefined;
  /** Last day counted; undefined = up to `asOf`. */
  to: Day | undefined;
}

/** Hours of one rep's activity over the period. */
export interface TimeTally {
  from: Day | undefined;
  to: Day;
  /** True when --from or --to was given: rows without date or week cannot be placed and are left out. */
  periodGiven: boolean;
  /** rep -> normalised activity -> hours. */
  hours: Map<string, Map<string, number>>;
  /** Mondays of the ISO weeks with a counted row. */
  mondays: Set<Day>;
  counted: { rows: number; hours: number };
  outsidePeriod: { rows: number; hours: number };
  undated: { rows: number; hours: number; counted: boolean };
  /** Lines whose date is not in the week given on the same row (the date wins). */
  weekMismatch: number[];
  /** First line of each normalised activity counted, for warnings. */
  firstLine: Map<string, number>;
}

const mondayOf = (day: Day): Day => day - weekday(day) + 1;

/**
 * Rows -> hours per rep and activity within the period. A row's day is its
 * date, else the Monday of its week (a `week` cell holding a date stands for
 * that date's ISO week). A week counts whole when its Monday is in the period.
 */
export function tallyActivities(rows: Iterable<ActivityRow>, period: TimePeriodOptions, asOf: Day): TimeTally {
  const { tally, add } = activityTally(period, asOf);
  for (const row of rows) add(row);
  return tally;
}

/**
 * The same tally fed one row at a time (`add`), for a file read as a
 * stream: its rows are never held, only the hours per rep and activity. Each
 * distinct spelling of an activity is normalised once.
 */
export function activityTally(period: TimePeriodOptions, asOf: Day): { tally: TimeTally; add(row: ActivityRow): void } {
  const periodGiven = period.from !== undefined || period.to !== undefined;
  const tally: TimeTally = {
    from: period.from,
    to: period.to ?? asOf,
    periodGiven,
    hours: new Map(),
    mondays: new Set(),
    counted: { rows: 0, hours: 0 },
    outsidePeriod: { rows: 0, hours: 0 },
    undated: { rows: 0, hours: 0, counted: !periodGiven },
    weekMismatch: [],
    firstLine: new Map(),
  };
  const normalized = new Map<string, string>();
  const add = (row: ActivityRow): void => {
    const weekMonday = row.week === undefined ? undefined : mondayOf(row.week);
    if (row.date !== undefined && weekMonday !== undefined && mondayOf(row.date) !== weekMonday) tally.weekMismatch.push(row.line);
    const day = row.date ?? weekMonday;
    if (day === undefined) {
      tally.undated.rows++;
      tally.undated.hours += row.hours;
      if (periodGiven) return;
    } else {
      if ((tally.from !== undefined && day < tally.from) || day > tally.to) {
        tally.outsidePeriod.rows++;
        tally.outsidePeriod.hours += row.hours;
        return;
      }
      tally.mondays.add(mondayOf(day));
    }
    tally.counted.rows++;
    tally.counted.hours += row.hours;
    let rep = tally.hours.get(row.rep);
    if (!rep) {
      rep = new Map();
      tally.hours.set(row.rep, rep);
    }
    let activity = normalized.get(row.activity);
    if (activity === undefined) {
      activity = normalizeActivity(row.activity);
      normalized.set(row.activity, activity);
    }
    rep.set(activity, (rep.get(activity) ?? 0) + row.hours);
    if (!tally.firstLine.has(activity)) tally.firstLine.set(activity, row.line);
  };
  return { tally, add };
}

/** Activity names with hours in the period, sorted. */
export function activitiesIn(tally: TimeTally): string[] {
  const names = new Set<string>();
  for (const rep of tally.hours.values()) for (const name of rep.keys()) names.add(name);
  return [...names].sort(compareText);
}

export interface Cut {
  activity: string;
  /** Share of the activity's hours removed, 0..1. */
  share: number;
}

export interface WhatIf {
  /** Normalised activity names moved off the reps entirely. */
  reassign: string[];
  cut: Cut[];
  /** Share of the freed hours that become selling hours, 0..1. */
  convert: number;
}

export interface WhatIfIssue {
  flag: '--reassign' | '--cut';
  activity: string;
  problem: 'absent' | 'selling' | 'twice';
  message: string;
}

/**
 * What-if names must be activities with hours in the period (a typo frees
 * nothing and would pass silently), must not be selling (freed selling time
 * becoming selling time is no change), and appear once across the flags.
 */
export function checkWhatIf(tally: TimeTally, whatIf: WhatIf, classes: ReadonlyMap<string, ActivityClass>): WhatIfIssue[] {
  const present = new Set(activitiesIn(tally));
  const issues: WhatIfIssue[] = [];
  const seen = new Set<string>();
  const names: { flag: WhatIfIssue['flag']; activity: string }[] = [
    ...whatIf.reassign.map((activity) => ({ flag: '--reassign' as const, activity })),
    ...whatIf.cut.map((c) => ({ flag: '--cut' as const, activity: c.activity })),
  ];
  for (const { flag, activity } of names) {
    if (seen.has(activity)) {
      issues.push({ flag, activity, problem: 'twice', message: `"${activity}" is named more than once in --reassign and --cut` });
      continue;
    }
    seen.add(activity);
    if (!present.has(activity)) {
      issues.push({ flag, activity, problem: 'absent', message: `no activity "${activity}" with hours in the period` });
    } else if (classes.get(activity) === 'selling') {
      issues.push({
        flag,
        activity,
        problem: 'selling',
        message: `"${activity}" is selling time; reassign or cut non-selling activities to free time for selling`,
      });
    }
  }
  return issues;
}

export interface TimeOptions {
  classes: ReadonlyMap<string, ActivityClass>;
  hoursPerWeek: number;
  /** `--weeks N`: the period's length in weeks, instead of the weeks found in the data. */
  weeks: number | undefined;
  whatIf: WhatIf | undefined;
  supportHourlyCost: number | undefined;
  /** reps.csv rows, when present: names and calls a week. */
  reps: readonly RepRow[] | undefined;
  /** Config `callsPerDay` by role, for reps without calls_per_day. */
  callsPerDay: Readonly<Record<string, number>>;
}

export interface ClassHours {
  class: TimeClass | typeof FREED_CLASS;
  hours: number;
  /** Of all hours (unknown activities included); null when there are no hours. */
  share: number | null;
  /** Days of a five-day week this share is (share x 5): 30% = 1.5 days. */
  daysPerWeek: number | null;
}

export interface RepTime {
  rep: string;
  name: string;
  hours: number;
  /** hours / (hoursPerWeek x weeks). */
  fte: number;
  classes: ClassHours[];
  sellingHours: number;
  sellingShare: number | null;
  /** sellingShare - the team's, in share points (negative: below the team). */
  gapToTeam: number | null;
  /** What-if: hours moved off this rep (reassigned + cut). */
  freedHours: number | null;
  newSellingShare: number | null;
  gain: number | null;
  /** reps.csv: calls_per_day (or config callsPerDay by role) x working days a week; null without a rate. */
  callsPerWeek: number | null;
  extraCallsPerWeek: number | null;
}

export interface ActivityTime {
  activity: string;
  class: TimeClass;
  hours: number;
  share: number | null;
  reps: number;
  action: 'reassign' | 'cut' | null;
  /** Share of the activity removed by the what-if: 1 for reassign, the --cut share, 0 otherwise. */
  removedShare: number;
  freedHours: number;
}

export interface UnknownActivity {
  activity: string;
  hours: number;
  reps: number;
  /** First line of activities.csv with it. */
  line: number;
}

export interface TimeWhatIfResult {
  reassign: string[];
  cut: Cut[];
  convert: number;
  reassignedHours: number;
  cutHours: number;
  freedHours: number;
  /** Freed hours that become selling hours (freed x convert). */
  convertedHours: number;
  /** Freed hours that do not (freed - converted): shown as FREED_CLASS after. */
  unconvertedHours: number;
  /** Class hours after; the total is unchanged: reps keep their working week. */
  after: ClassHours[];
  sellingShareBefore: number | null;
  sellingShareAfter: number | null;
  /** new share / old share - 1; null when there was no selling time before. */
  gain: number | null;
  /** "from no selling time" when the gain cannot be a ratio; else null. */
  gainNote: string | null;
  /** Team FTE x gain: the reps the company would have to hire for the same selling time. */
  equivalentReps: number | null;
  calls: {
    perWeekBefore: number;
    perWeekAfter: number;
    extraPerWeek: number;
    /** Reps whose calls a week are counted. */
    reps: number;
    /** Reps with hours but no calls rate (not in reps.csv, no calls_per_day, no role rate). */
    withoutRate: string[];
    /** Reps with a rate but no selling time before: their calls cannot scale. */
    withoutSelling: string[];
  } | null;
  support: {
    hourlyCost: number;
    hours: number;
    cost: number;
    costPerWeek: number;
  } | null;
}

export interface TimeAnalysis {
  period: {
    from: string | null;
    to: string;
    weeks: number;
    /** `data`: distinct ISO weeks with counted rows; `option`: --weeks; `assumed`: no dates or weeks, read as one week. */
    weeksFrom: 'data' | 'option' | 'assumed';
  };
  hoursPerWeek: number;
  rows: {
    counted: number;
    outsidePeriod: number;
    outsidePeriodHours: number;
    undated: number;
    undatedHours: number;
    undatedCounted: boolean;
  };
  team: {
    reps: number;
    hours: number;
    fte: number;
    classes: ClassHours[];
    sellingHours: number;
    sellingShare: number | null;
    nonSellingShare: number | null;
  };
  /** Ranked by selling share, lowest first (the reps furthest below the team), then rep id. */
  reps: RepTime[];
  /** Reps below the team's selling share, furthest first. */
  furthestBelow: { rep: string; name: string; sellingShare: number; gapToTeam: number }[];
  /** By hours, most first, then name. */
  activities: ActivityTime[];
  unknown: UnknownActivity[];
  whatIf: TimeWhatIfResult | null;
  notes: string[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const ratio = (a: number, b: number): number | null => (b > 0 ? round6(a / b) : null);

/** Calls a week of one rep: calls_per_day (else the config rate of the rep's role) x working days (reps.csv days, else 5). */
export function callsPerWeekOf(rep: RepRow | undefined, callsPerDay: Readonly<Record<string, number>>): number | null {
  if (!rep) return null;
  const perDay = rep.calls_per_day ?? (rep.role !== undefined ? callsPerDay[rep.role.toLowerCase()] : undefined);
  if (perDay === undefined) return null;
  return perDay * (rep.days?.length ?? 5);
}

/** Effective capacity gain: new share / old share - 1, or null with a note when there was no selling time. */
export function capacityGain(before: number, after: number): { gain: number | null; note: string | null } {
  if (before > 0) return { gain: round6(after / before - 1), note: null };
  return { gain: null, note: after > 0 ? 'from no selling time' : 'no selling time before or after' };
}

function classHours(byClass: ReadonlyMap<string, number>, total: number, order: readonly string[]): ClassHours[] {
  return (
    order
      // The five classes always; `unknown` and the unconverted freed hours only when there are any.
      .filter((c) => (c === 'unknown' || c === FREED_CLASS ? (byClass.get(c) ?? 0) > 0 : true))
      .map((c) => {
        const hours = byClass.get(c) ?? 0;
        const share = ratio(hours, total);
        return {
          class: c as ClassHours['class'],
          hours: round2(hours),
          share,
          // From the hours, not the rounded share: 2.5 h of 18 is 0.694444 days, not 5 x 0.138889.
          daysPerWeek: total > 0 ? round6((hours / total) * 5) : null,
        };
      })
  );
}

const CLASS_ORDER: readonly string[] = [...TIME_CLASSES, FREED_CLASS];

export function analyseTime(tally: TimeTally, options: TimeOptions): TimeAnalysis {
  const notes: string[] = [];
  const classOf = (activity: string): TimeClass => options.classes.get(activity) ?? 'unknown';
  const weeksFound = tally.mondays.size;
  const weeks = options.weeks ?? (weeksFound > 0 ? weeksFound : 1);
  const weeksFrom = options.weeks !== undefined ? 'option' : weeksFound > 0 ? 'data' : 'assumed';
  if (weeksFrom === 'assumed' && tally.counted.rows > 0)
    notes.push('No row has a date or week: the file is read as one week of hours (set --weeks N otherwise).');
  const fteOf = (hours: number) => round6(hours / (options.hoursPerWeek * weeks));

  const repRows = new Map((options.reps ?? []).map((r) => [r.id, r]));
  const whatIf = options.whatIf && (options.whatIf.reassign.length > 0 || options.whatIf.cut.length > 0) ? options.whatIf : undefined;
  const reassign = new Set(whatIf?.reassign ?? []);
  const cutShare = new Map((whatIf?.cut ?? []).map((c) => [c.activity, c.share]));
  const removedShareOf = (activity: string) => (reassign.has(activity) ? 1 : (cutShare.get(activity) ?? 0));

  const teamBefore = new Map<string, number>();
  const teamAfter = new Map<string, number>();
  const byActivity = new Map<string, { hours: number; reps: number }>();
  let teamTotal = 0;
  let reassignedHours = 0;
  let cutHours = 0;
  const reps: Omit<RepTime, 'gapToTeam'>[] = [];
  /** Each rep's selling share unrounded, for the gap to the team's. */
  const rawShares = new Map<string, number>();
  const callsAcc = { before: 0, extra: 0, reps: 0, withoutRate: [] as string[], withoutSelling: [] as string[] };

  for (const repId of [...tally.hours.keys()].sort(compareText)) {
    const activities = tally.hours.get(repId) as Map<string, number>;
    const before = new Map<string, number>();
    const after = new Map<string, number>();
    let total = 0;
    let freed = 0;
    for (const [activity, hours] of activities) {
      const cls = classOf(activity);
      total += hours;
      before.set(cls, (before.get(cls) ?? 0) + hours);
      const removed = hours * removedShareOf(activity);
      if (reassign.has(activity)) reassignedHours += removed;
      else cutHours += removed;
      freed += removed;
      after.set(cls, (after.get(cls) ?? 0) + hours - removed);
      const a = byActivity.get(activity) ?? { hours: 0, reps: 0 };
      a.hours += hours;
      a.reps++;
      byActivity.set(activity, a);
    }
    const converted = freed * (whatIf?.convert ?? 0);
    after.set('selling', (after.get('selling') ?? 0) + converted);
    if (freed - converted > 0) after.set(FREED_CLASS, freed - converted);
    for (const [c, h] of before) teamBefore.set(c, (teamBefore.get(c) ?? 0) + h);
    for (const [c, h] of after) teamAfter.set(c, (teamAfter.get(c) ?? 0) + h);
    teamTotal += total;

    const sellingBefore = before.get('selling') ?? 0;
    const sellingAfter = after.get('selling') ?? 0;
    const gain = whatIf ? capacityGain(sellingBefore, sellingAfter).gain : null;
    const calls = options.reps ? callsPerWeekOf(repRows.get(repId), options.callsPerDay) : null;
    let extraCalls: number | null = null;
    if (options.reps) {
      if (calls === null) callsAcc.withoutRate.push(repId);
      else {
        callsAcc.before += calls;
        callsAcc.reps++;
        if (sellingBefore > 0) {
          extraCalls = round2(calls * (sellingAfter / sellingBefore - 1));
          callsAcc.extra += calls * (sellingAfter / sellingBefore - 1);
        } else if (whatIf) callsAcc.withoutSelling.push(repId);
      }
    }
    if (total > 0) rawShares.set(repId, sellingBefore / total);
    reps.push({
      rep: repId,
      name: repRows.get(repId)?.name ?? '',
      hours: round2(total),
      fte: fteOf(total),
      classes: classHours(before, total, TIME_CLASSES),
      sellingHours: round2(sellingBefore),
      sellingShare: ratio(sellingBefore, total),
      freedHours: whatIf ? round2(freed) : null,
      newSellingShare: whatIf ? ratio(sellingAfter, total) : null,
      gain,
      callsPerWeek: calls,
      extraCallsPerWeek: whatIf ? extraCalls : null,
    });
  }

  const teamSelling = teamBefore.get('selling') ?? 0;
  const teamShare = ratio(teamSelling, teamTotal);
  const teamFte = fteOf(teamTotal);
  const rankedReps: RepTime[] = reps
    .map((r) => ({
      ...r,
      gapToTeam: rawShares.has(r.rep) && teamTotal > 0 ? round6((rawShares.get(r.rep) as number) - teamSelling / teamTotal) : null,
    }))
    .sort((a, b) => (a.sellingShare ?? -1) - (b.sellingShare ?? -1) || compareText(a.rep, b.rep));
  const furthestBelow = rankedReps
    .filter((r) => r.gapToTeam !== null && r.gapToTeam < 0)
    .map((r) => ({ rep: r.rep, name: r.name, sellingShare: r.sellingShare as number, gapToTeam: r.gapToTeam as number }));

  const activities: ActivityTime[] = [...byActivity.entries()]
    .map(([activity, a]) => {
      const removedShare = removedShareOf(activity);
      return {
        activity,
        class: classOf(activity),
        hours: round2(a.hours),
        share: ratio(a.hours, teamTotal),
        reps: a.reps,
        action: reassign.has(activity) ? ('reassign' as const) : cutShare.has(activity) ? ('cut' as const) : null,
        removedShare,
        freedHours: round2(a.hours * removedShare),
      };
    })
    .sort((a, b) => b.hours - a.hours || compareText(a.activity, b.activity));
  const unknown = activities
    .filter((a) => a.class === 'unknown')
    .map((a) => ({ activity: a.activity, hours: a.hours, reps: a.reps, line: tally.firstLine.get(a.activity) ?? 0 }))
    .sort((a, b) => b.hours - a.hours || compareText(a.activity, b.activity));

  let whatIfResult: TimeWhatIfResult | null = null;
  if (whatIf) {
    const freed = reassignedHours + cutHours;
    const converted = freed * whatIf.convert;
    const sellingAfter = teamAfter.get('selling') ?? 0;
    const { gain, note } = capacityGain(teamSelling, sellingAfter);
    const hourlyCost = options.supportHourlyCost;
    whatIfResult = {
      reassign: [...whatIf.reassign],
      cut: whatIf.cut.map((c) => ({ ...c })),
      convert: whatIf.convert,
      reassignedHours: round2(reassignedHours),
      cutHours: round2(cutHours),
      freedHours: round2(freed),
      convertedHours: round2(converted),
      unconvertedHours: round2(freed - converted),
      after: classHours(teamAfter, teamTotal, CLASS_ORDER),
      sellingShareBefore: teamShare,
      sellingShareAfter: ratio(sellingAfter, teamTotal),
      gain,
      gainNote: note,
      // From the unrounded figures, so 6 FTE x 5/6 is 5, not 4.999998.
      equivalentReps: gain === null ? null : round6((teamTotal / (options.hoursPerWeek * weeks)) * (sellingAfter / teamSelling - 1)),
      calls: options.reps
        ? {
            perWeekBefore: round2(callsAcc.before),
            perWeekAfter: round2(callsAcc.before + callsAcc.extra),
            extraPerWeek: round2(callsAcc.extra),
            reps: callsAcc.reps,
            withoutRate: callsAcc.withoutRate,
            withoutSelling: callsAcc.withoutSelling,
          }
        : null,
      support:
        hourlyCost === undefined
          ? null
          : {
              hourlyCost,
              hours: round2(reassignedHours),
              cost: round2(reassignedHours * hourlyCost),
              costPerWeek: round2((reassignedHours * hourlyCost) / weeks),
            },
    };
  }

  return {
    period: { from: tally.from === undefined ? null : formatDay(tally.from), to: formatDay(tally.to), weeks, weeksFrom },
    hoursPerWeek: options.hoursPerWeek,
    rows: {
      counted: tally.counted.rows,
      outsidePeriod: tally.outsidePeriod.rows,
      outsidePeriodHours: round2(tally.outsidePeriod.hours),
      undated: tally.undated.rows,
      undatedHours: round2(tally.undated.hours),
      undatedCounted: tally.undated.counted,
    },
    team: {
      reps: reps.length,
      hours: round2(teamTotal),
      fte: teamFte,
      classes: classHours(teamBefore, teamTotal, TIME_CLASSES),
      sellingHours: round2(teamSelling),
      sellingShare: teamShare,
      nonSellingShare: teamShare === null ? null : round6(1 - teamShare),
    },
    reps: rankedReps,
    furthestBelow,
    activities,
    unknown,
    whatIf: whatIfResult,
    notes,
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
