import { z } from 'zod';
import { openDataset } from '../../analyses/dataset.js';
import { runSchedule, type ScheduleRequest, scheduleNeeds } from '../../analyses/schedule.js';
import { PlanError } from '../../errors.js';
import { renderPrintHtml } from '../../render/html-schedule.js';
import { type IcsRenderer, loadIcsRenderer } from '../../render/ics.js';
import { numberFormat } from '../../render/numbers.js';
import { parseIsoWeek } from '../../schema/calendar.js';
import { scheduleCalendar, scheduleDocuments, schedulePrint } from '../../views/schedule.js';
import type { CommandSpec } from '../command.js';
import { chooseFormat } from '../context.js';
import { parseShareOption, parseWith, periodBound, repSchema, weeksSchema } from '../options.js';

const FORMATS = ['table', 'csv', 'json', 'md', 'html', 'ics'] as const;
const MAX_WEEKS = 53;

const optionsSchema = z.object({
  week: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined) return undefined;
      const week = parseIsoWeek(s.trim());
      if (!week) {
        ctx.addIssue({ code: 'custom', message: `--week takes an ISO week like 2026-W49 (not "${s}")` });
        return z.NEVER;
      }
      return week;
    }),
  from: periodBound('--from', 'start'),
  weeks: weeksSchema({ whole: true, max: MAX_WEEKS }),
  rep: repSchema,
  plannedShare: z.string().optional(),
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

export const scheduleCommand: CommandSpec<ScheduleRequest> = {
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
    '--from D starts on day D; when no rep planned works a day from D to Sunday',
    '(--from on a Saturday, reps working Mon-Fri), on the next Monday (said on',
    'standard error).',
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
      .option(
        '--from <date>',
        'plan from this day (YYYY-MM-DD or an ISO week) instead of --week; a day no rep works to Sunday: the next Monday',
      )
      .option('--weeks <n>', 'number of weeks to plan from --week or --from (default 1)')
      .option('--rep <id>', 'only this rep')
      .option(
        '--planned-share <share>',
        'share of capacity planned, for every rep, like 0.6 or 60% (default: reps.csv planned_share, else config plannedShare 0.6)',
      )
      .option('--holidays <CC>', 'take out the public holidays of this country (DE, FR, US, ... or DE-BY for a state)'),
  parse: (raw) => {
    const o = parseWith(optionsSchema, raw);
    if (o.week && o.from !== undefined) throw new PlanError('usage', '--week and --from exclude each other (use --from DATE --weeks N)');
    const plannedShare = o.plannedShare === undefined ? undefined : parseShareOption('--planned-share', o.plannedShare);
    return { week: o.week, from: o.from, weeks: o.weeks, rep: o.rep, plannedShare, holidays: o.holidays };
  },
  async run(ctx, request) {
    // Calendar output checks the time zone before any input is read.
    const format = chooseFormat(ctx.options, ctx.io, FORMATS, ctx.options.out);
    const ics: IcsRenderer | undefined =
      format === 'ics' ? await loadIcsRenderer(ctx.config.timezone, ctx.options.config ?? 'plan.config.json') : undefined;
    const result = await runSchedule(openDataset(ctx, [scheduleNeeds()]), request);
    const { document, grouped } = scheduleDocuments(result);
    return {
      document,
      display: grouped,
      renderers: {
        html: () => renderPrintHtml(schedulePrint(result, numberFormat(ctx.config.locale, ctx.config.currency))),
        ics: () => (ics as IcsRenderer)(scheduleCalendar(result, ctx.config.timezone)),
      },
    };
  },
};
