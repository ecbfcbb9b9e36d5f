import { z } from 'zod';
import { CONTACT_COLUMNS, contactAccount, createContactFold, setSegmentTier } from '../../core/contact.js';
import type { RevenueSource } from '../../core/revenue.js';
import { type CallTimes, planSchedule, type ScheduleAccount, type ScheduleWeek } from '../../core/schedule.js';
import { PlanError } from '../../errors.js';
import { fold } from '../../io/table.js';
import { renderPrintHtml } from '../../render/html-schedule.js';
import { type IcsRenderer, loadIcsRenderer } from '../../render/ics.js';
import {
  type Day,
  dayParts,
  formatIsoWeek,
  isoWeekOf,
  mondayOfIsoWeek,
  parseIsoDay,
  parseIsoWeek,
  weekday,
} from '../../schema/calendar.js';
import { CellError, ownText, parseShare } from '../../schema/cells.js';
import { FILES } from '../../schema/files.js';
import { scheduleCalendar, scheduleDocuments, schedulePrint } from '../../views/schedule.js';
import type { CommandSpec } from '../command.js';
import { chooseFormat, type RunContext } from '../context.js';
import { parseWith } from '../options.js';
import { placeCustomers } from '../segments.js';
import { warnIgnoredTouches } from './contact.js';

const FORMATS = ['table', 'csv', 'json', 'md', 'html', 'ics'] as const;
const MAX_WEEKS = 53;

const optionsSchema = z.object({
  week: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined) return undefined;
      const week = parseIsoWeek(s);
      if (!week) {
        ctx.addIssue({ code: 'custom', message: `--week takes an ISO week like 2026-W49 (not "${s}")` });
        return z.NEVER;
      }
      return week;
    }),
  from: z
    .string()
    .optional()
    .transform((s, ctx): Day | undefined => {
      if (s === undefined) return undefined;
      const week = parseIsoWeek(s);
      if (week) return mondayOfIsoWeek(week);
      const day = parseIsoDay(s);
      if (day === undefined || s.trim().length !== 10) {
        ctx.addIssue({ code: 'custom', message: `--from takes a date YYYY-MM-DD or an ISO week like 2026-W49 (not "${s}")` });
        return z.NEVER;
      }
      return day;
    }),
  weeks: z.coerce
    .number({ message: '--weeks takes a whole number of weeks' })
    .int('--weeks takes a whole number of weeks')
    .min(1, '--weeks takes at least 1')
    .max(MAX_WEEKS, `--weeks takes at most ${MAX_WEEKS}`)
    .optional(),
  rep: z.string().trim().min(1, '--rep takes a rep id').optional(),
  plannedShare: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined) return undefined;
      const share = parseShare(s.trim(), 'point');
      if (share instanceof CellError || s.trim() === '' || !Number.isFinite(share) || share < 0 || share > 1) {
        ctx.addIssue({ code: 'custom', message: `--planned-share takes a share from 0 to 1 or 0% to 100%, like 0.6 or 60% (not "${s}")` });
        return z.NEVER;
      }
      return share;
    }),
  holidays: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined) return undefined;
      const code = s.trim().toUpperCase();
      if (!/^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$/.test(code)) {
        ctx.addIssue({ code: 'custom', message: `--holidays takes a country code like DE, or country and state like DE-BY (not "${s}")` });
        return z.NEVER;
      }
      return code;
    }),
});

type ScheduleCliOptions = z.output<typeof optionsSchema>;

export const scheduleCommand: CommandSpec<ScheduleCliOptions> = {
  name: 'schedule',
  summary: "each rep's weekly call list: 60% planned by priority, 40% left free",
  description: [
    "Each rep's weekly call list (DOMAIN.md idea 5): plan 60% of the calls from",
    "the company's priorities, leave 40% free for the rep. Needs customers.csv",
    'and reps.csv; uses contacts.csv (last touches), market.csv (tiers, headroom,',
    'coverage channel) and absences.csv when present.',
    '',
    'Capacity per rep and week: calls per day (reps.csv calls_per_day, else',
    'config callsPerDay by role; no role = field) x working days (reps.csv days,',
    'default Mon-Fri), less absences and, with --holidays CC, public holidays.',
    'Planned slots = floor(capacity x planned share): --planned-share for every',
    'rep, else reps.csv planned_share, else config plannedShare (0.6). The rest',
    'is free and never filled.',
    '',
    "Priority among the rep's own accounts (lost accounts are never planned):",
    '  1. overdue, in whole cadences (never touched counts as overdue by one; an',
    '     account falling due during the week comes next, then the rest)',
    '  2. renewal within 90 days, sooner first',
    '  3. post-sale follow-up due (or post-sale silence)',
    '  4. headroom (with market.csv), then how far past the cadence, then id',
    'An account not due this week is planned only with a post-sale follow-up open',
    'or once half its cadence has passed since the last touch. Cadence, overdue,',
    'renewal and post-sale follow the rules of plan contact, as of the first',
    'planned day of the week. Each call lists its reasons and a channel: inside',
    'reps call; others visit unless the segment coverage is inside or digital.',
    '',
    'One call per account and week, unless its cadence is under 7 days (then',
    'calls at least a cadence apart). Calls spread over the working days in',
    'proportion to their slots (earlier days first), grouped by region and',
    'postcode (first 2 characters) so a day stays in one area. Calls start at',
    '09:00, each on a 15-minute grid; a slot is the 8-hour day shared by the',
    "day's calls, rounded down to 15 minutes (5 a day: 90 minutes; config",
    'callTimes sets the day, the grid and visit and call durations). Planned',
    'slots come first in the day, free ones after. Over several weeks, calls',
    'planned in earlier weeks count as sales touches for later ones.',
    '',
    'By default the week of --as-of from that day on (a run on Monday plans this',
    'week, on Wednesday the rest of it); on a Saturday or Sunday, the next week.',
    '',
    'When the planned slots cannot hold every call due under the cadence, the',
    'output says how many did not fit, by tier, and what planned share or calls',
    'per day would cover them. Owners not in reps.csv: a warning with the count',
    '(an error with --strict); a rep with no accounts gets all slots free.',
    '',
    'Formats: table (by rep and day), csv and json (one row per slot, free ones',
    'too), md, html (printable, one A4 page per rep and week), ics (one calendar,',
    'one event per planned call, in the config timezone).',
  ].join('\n'),
  examples: [
    'plan schedule --data fixtures/demo --as-of 2026-11-30',
    'plan schedule --data fixtures/demo --week 2026-W49 --rep R04',
    'plan schedule --data fixtures/demo --from 2026-11-30 --weeks 4 --holidays DE --out weeks.csv',
    'plan schedule --data fixtures/demo --week 2026-W49 --format html --out calls.html',
    'plan schedule --data fixtures/demo --week 2026-W49 --rep R04 --format ics --out r04.ics',
  ],
  inputs: ['customers', 'reps', 'contacts', 'market', 'orders', 'absences'],
  formats: FORMATS,
  options: (cmd) =>
    cmd
      .option('--week <week>', 'the ISO week to plan, like 2026-W49 (default: this week from --as-of on; on a weekend, next week)')
      .option('--from <date>', 'plan from this day (YYYY-MM-DD or an ISO week) instead of --week')
      .option('--weeks <n>', 'number of weeks to plan from --week or --from (default 1)')
      .option('--rep <id>', 'only this rep')
      .option(
        '--planned-share <share>',
        'share of capacity planned, for every rep, like 0.6 or 60% (default: reps.csv planned_share, else config plannedShare 0.6)',
      )
      .option('--holidays <CC>', 'take out the public holidays of this country (DE, FR, US, ... or DE-BY for a state)'),
  parse: (raw) => {
    const opts = parseWith(optionsSchema, raw);
    if (opts.week && opts.from !== undefined)
      throw new PlanError('usage', '--week and --from exclude each other (use --from DATE --weeks N)');
    return opts;
  },
  async run(ctx, opts) {
    const format = chooseFormat(ctx.options, ctx.io, FORMATS);
    const weeks = weeksOf(opts, ctx.asOf);
    // Calendar output checks the time zone before any input is read.
    const ics: IcsRenderer | undefined = format === 'ics' ? await loadIcsRenderer(ctx.config.timezone, configLabel(ctx)) : undefined;
    const holidays = opts.holidays ? await publicHolidays(opts.holidays, weeks, ctx.config.locale) : new Map<Day, string>();

    const reps = await ctx.readAll(FILES.reps);
    if (opts.rep !== undefined && !reps.some((r) => r.id === opts.rep)) {
      throw new PlanError('usage', `--rep ${opts.rep}: no such rep in ${ctx.require('reps').label}`);
    }
    const absences = ctx.has('absences') ? await ctx.readAll(FILES.absences) : [];
    const { items: accounts, revenueSource } = await readAccounts(ctx);
    const contacts = createContactFold(
      accounts.map((a) => a.account),
      { asOf: ctx.asOf, cadence: ctx.config.cadence, postSaleDays: ctx.config.postSaleDays, touchTypes: ctx.config.touchTypes },
    );
    if (ctx.has('contacts')) {
      await fold(ctx.stream(FILES.contacts, { columns: ['customer_id', 'date', 'type'] }), contacts.add);
      warnIgnoredTouches(ctx, contacts.ignored(), contacts.coverage);
    } else ctx.info('no contacts.csv: every account counts as never touched');

    const result = planSchedule(reps, absences, accounts, contacts, {
      weeks,
      asOf: ctx.asOf,
      plannedShare: opts.plannedShare,
      defaultShare: ctx.config.plannedShare,
      callsPerDay: ctx.config.callsPerDay,
      rep: opts.rep,
      holidays,
      withMarket: ctx.has('market'),
      times: callTimes(ctx.config.callTimes),
      repsFile: ctx.require('reps').label,
      revenueSource,
    });
    for (const p of result.problems) ctx.problems.add(p);
    warnReferences(ctx, result.unknownOwners, result.absencesOfUnknownReps);
    if (ctx.problems.errorCount() > 0) throw new PlanError('data', 'cannot plan: see the problems above');

    const { document, grouped } = scheduleDocuments(result);
    return {
      document,
      display: grouped,
      renderers: {
        html: () => renderPrintHtml(schedulePrint(result, ctx.config.locale)),
        ics: () => (ics as IcsRenderer)(scheduleCalendar(result, ctx.config.timezone)),
      },
    };
  },
};

/**
 * --week W / --from D, then --weeks N. By default the week of --as-of from
 * that day on, Monday to Friday (a run on a Monday plans this week, on a
 * Wednesday its Wednesday to Sunday); on a Saturday or Sunday, the next week.
 * Days before the first are not planned.
 */
export function weeksOf(opts: Pick<ScheduleCliOptions, 'week' | 'from' | 'weeks'>, asOf: Day): ScheduleWeek[] {
  const start = opts.from ?? (opts.week ? mondayOfIsoWeek(opts.week) : weekday(asOf) >= 6 ? mondayOfIsoWeek(isoWeekOf(asOf)) + 7 : asOf);
  const firstMonday = mondayOfIsoWeek(isoWeekOf(start));
  return Array.from({ length: opts.weeks ?? 1 }, (_, i) => {
    const monday = firstMonday + 7 * i;
    return { label: formatIsoWeek(isoWeekOf(monday)), monday, from: i === 0 ? start : monday };
  });
}

/** Config callTimes in minutes. */
export function callTimes(c: RunContext['config']['callTimes']): CallTimes {
  const [h, m] = c.dayStart.split(':').map(Number) as [number, number];
  return {
    dayStart: h * 60 + m,
    dayMinutes: Math.round(c.dayHours * 60),
    step: c.stepMinutes,
    visitMinutes: c.visitMinutes ?? null,
    callMinutes: c.callMinutes ?? null,
  };
}

function configLabel(ctx: RunContext): string {
  return ctx.options.config ?? 'plan.config.json';
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

/**
 * customers.csv -> accounts with what a call needs; with market.csv, tier,
 * headroom and coverage channel from the segment analysis (plan segment's
 * fold, segments by the dimensions of market.csv, as plan contact ranks
 * them). Rows stream into both; none is kept whole.
 */
async function readAccounts(ctx: RunContext): Promise<{ items: ScheduleAccount[]; revenueSource: RevenueSource | null }> {
  const items: ScheduleAccount[] = [];
  const owners = new Map<string, string>();
  const regions = new Map<string, string>();
  const region = (v: string | undefined) => {
    if (v === undefined) return '';
    let owned = regions.get(v);
    if (owned === undefined) {
      owned = ownText(v);
      regions.set(v, owned);
    }
    return owned;
  };
  const columns = [...CONTACT_COLUMNS, 'phone', 'region', 'postcode', 'address', 'city', 'contact'];
  const placement = await placeCustomers(ctx, { columns, passthrough: false }, (row) => {
    items.push({
      account: contactAccount(row, owners),
      line: row.line,
      phone: ownText(row.phone ?? ''),
      region: region(row.region),
      postcode: ownText(row.postcode ?? ''),
      address: ownText(row.address ?? ''),
      city: region(row.city),
      contact: ownText(row.contact ?? ''),
      headroom: null,
      coverage: null,
    });
  });
  if (placement) {
    items.forEach((item, i) => {
      const segment = placement.segment(i);
      setSegmentTier(item.account, segment.tier);
      item.headroom = placement.headroom(i);
      item.coverage = segment.channel;
    });
  }
  return { items, revenueSource: placement?.revenueSource ?? null };
}

/** Owners not in reps.csv and absences of unknown reps: warnings (errors with --strict). */
function warnReferences(ctx: RunContext, owners: ReturnType<typeof planSchedule>['unknownOwners'], absences: number): void {
  if (owners.rows > 0) {
    const list = owners.top
      .map((t) => `${t.key === '' ? '(no owner)' : `"${t.key}"`} ×${t.count.toLocaleString('en')} (first on line ${t.firstLine})`)
      .join(', ');
    ctx.problems.add({
      severity: 'warning',
      file: ctx.require('customers').label,
      line: owners.top[0]?.firstLine ?? 0,
      code: 'W_UNKNOWN_OWNER',
      message: `${owners.rows.toLocaleString('en')} account${owners.rows === 1 ? ' is' : 's are'} not planned, their owner not being in reps.csv: ${list}${owners.distinct > owners.top.length ? ', ...' : ''}`,
    });
  }
  if (absences > 0) {
    ctx.problems.add({
      severity: 'warning',
      file: ctx.require('absences').label,
      line: 0,
      code: 'W_UNKNOWN_KEY',
      message: `ignored: ${absences} absence${absences === 1 ? '' : 's'} of reps not in reps.csv`,
    });
  }
}
