import { z } from 'zod';
import {
  activitiesIn,
  activityClassMap,
  analyseTime,
  type Cut,
  checkWhatIf,
  normalizeActivity,
  tallyActivities,
  type WhatIf,
} from '../../core/time.js';
import { PlanError } from '../../errors.js';
import { didYouMean } from '../../io/headers.js';
import { type Day, mondayOfIsoWeek, parseIsoDay, parseIsoWeek } from '../../schema/calendar.js';
import { CellError, parseShare } from '../../schema/cells.js';
import { FILES } from '../../schema/files.js';
import { timeDocument } from '../../views/time.js';
import type { CommandSpec } from '../command.js';
import type { RunContext } from '../context.js';
import { collect, parseWith } from '../options.js';

/** `2026-11-02` or `2026-W45`: a week starts on its Monday (--from) or ends on its Sunday (--to). */
function periodBound(end: 'from' | 'to') {
  return z
    .string()
    .optional()
    .transform((s, ctx): Day | undefined => {
      if (s === undefined) return undefined;
      const week = parseIsoWeek(s);
      if (week) return mondayOfIsoWeek(week) + (end === 'to' ? 6 : 0);
      const day = parseIsoDay(s);
      if (day === undefined || s.trim().length !== 10) {
        ctx.addIssue({ code: 'custom', message: `--${end} takes a date YYYY-MM-DD or an ISO week like 2026-W45 (not "${s}")` });
        return z.NEVER;
      }
      return day;
    });
}

/** `50%` or `0.5`; from 0 to 100%. */
function shareOf(flag: string, raw: string, what: string): number {
  const share = parseShare(raw.trim(), 'point');
  if (share instanceof CellError || !Number.isFinite(share) || raw.trim() === '')
    throw new PlanError('usage', `${flag} takes a share like 50% or 0.5 (not "${what}")`);
  if (share < 0) throw new PlanError('usage', `${flag}: "${what}" is below 0%`);
  if (share > 1) throw new PlanError('usage', `${flag}: "${what}" is more than 100% (write 50% or 0.5)`);
  return share;
}

/** `--cut "internal meetings=50%"` (repeatable) -> [{activity, share}]. */
export function parseCuts(values: readonly string[]): Cut[] {
  return values.map((value) => {
    const at = value.lastIndexOf('=');
    const activity = at < 0 ? '' : normalizeActivity(value.slice(0, at));
    if (!activity) throw new PlanError('usage', `--cut takes activity=share, like "internal meetings=50%" (not "${value}")`);
    return { activity, share: shareOf('--cut', value.slice(at + 1), value) };
  });
}

/** `--reassign "order entry,invoicing"` (repeatable) -> normalised names, first mention first. */
export function parseReassign(values: readonly string[]): string[] {
  const names = values.flatMap((v) => v.split(',')).map(normalizeActivity);
  if (names.some((n) => n === '')) throw new PlanError('usage', '--reassign takes activity names separated by commas (one is empty)');
  return [...new Set(names)];
}

const optionsSchema = z
  .object({
    from: periodBound('from'),
    to: periodBound('to'),
    weeks: z.coerce
      .number({ error: '--weeks takes a number of weeks above 0' })
      .positive({ error: '--weeks takes a number of weeks above 0' })
      .optional(),
    reassign: z.array(z.string()).default([]),
    cut: z.array(z.string()).default([]),
    convert: z.string().optional(),
  })
  .superRefine((o, ctx) => {
    if (o.from !== undefined && o.to !== undefined && o.from > o.to)
      ctx.addIssue({ code: 'custom', path: ['from'], message: '--from is after --to' });
  });

type TimeCommandOptions = Omit<z.output<typeof optionsSchema>, 'reassign' | 'cut' | 'convert'> & { whatIf: WhatIf | undefined };

function parseOptions(raw: Record<string, unknown>): TimeCommandOptions {
  const o = parseWith(optionsSchema, raw);
  const reassign = parseReassign(o.reassign);
  const cut = parseCuts(o.cut);
  const convert = o.convert === undefined ? 1 : shareOf('--convert', o.convert, o.convert);
  if (reassign.length === 0 && cut.length === 0 && o.convert !== undefined)
    throw new PlanError('usage', '--convert needs --reassign or --cut: it says how much of the freed time becomes selling');
  return {
    from: o.from,
    to: o.to,
    weeks: o.weeks,
    whatIf: reassign.length > 0 || cut.length > 0 ? { reassign, cut, convert } : undefined,
  };
}

export const timeCommand: CommandSpec<TimeCommandOptions> = {
  name: 'time',
  summary: 'direct selling share per rep and team, and what reassigning chores would free',
  description: [
    'Sums activities.csv hours per rep and class: selling, travel, admin, internal, service. Built-in names include ' +
      'customer visits, sales calls, prospecting, demos (selling); travel, driving; planning visits, order entry, reporting, ' +
      'CRM updates, quotes (admin); internal meetings, training (internal); invoicing, complaints, contract issues (service). ' +
      'activityClasses in the config adds or overrides names. Names match after case folding and treating space, - and _ ' +
      'alike. Unknown activities are warned about and count in all hours as "unknown", never as selling.',
    'Selling share = selling hours / all hours. A row counts on its date, else on its week (2026-W45, or any day of it); ' +
      'a week counts whole when its Monday is in --from..--to. --to defaults to --as-of. Rows with neither date nor week ' +
      'count only when no --from/--to is given. Weeks = distinct ISO weeks with entries (or --weeks N); team FTE = ' +
      'hours / (hoursPerWeek x weeks).',
    'What-if: --reassign moves whole activities off the reps, --cut shrinks one by a share (at most 100%); --convert ' +
      '(default 100%) of the freed hours become selling hours, the working week staying the same. Prints the selling ' +
      'share after, the effective capacity gain (after / before - 1), equivalent reps (team FTE x gain), calls a week ' +
      "(reps.csv calls_per_day, or the role's callsPerDay, x working days; each rep's grow with that rep's selling hours) " +
      'and, with supportHourlyCost in the config, what the reassigned hours cost elsewhere.',
  ].join('\n\n'),
  examples: [
    'plan time --data fixtures/demo',
    'plan time --data fixtures/demo --reassign "order entry" --as-of 2026-11-27',
    'plan time --data fixtures/demo --reassign "order entry,invoicing" --cut "internal meetings=50%" --convert 80%',
    'plan time --data fixtures/time/article --reassign "order entry,invoicing"',
    'plan time --data fixtures/demo --from 2026-W44 --to 2026-W47 --format json',
  ],
  inputs: ['activities', 'reps'],
  options: (cmd) =>
    cmd
      .option('--from <day>', 'first day counted: YYYY-MM-DD, or an ISO week (2026-W44) from its Monday')
      .option('--to <day>', 'last day counted: YYYY-MM-DD, or an ISO week to its Sunday (default: --as-of)')
      .option('--weeks <n>', 'the period in weeks for FTE figures (default: weeks with entries)')
      .option('--reassign <activities>', 'move these activities off the reps, comma-separated (repeatable)', collect)
      .option('--cut <activity=share>', 'shrink one activity, e.g. "internal meetings=50%" (repeatable)', collect)
      .option('--convert <share>', 'share of the freed hours that become selling hours (default: 100%)'),
  parse: (raw) => parseOptions(raw),
  async run(ctx, opts) {
    const file = ctx.require('activities').label;
    const rows = await ctx.readAll(FILES.activities);
    const classes = activityClassMap(ctx.config.activityClasses);
    const tally = tallyActivities(rows, { from: opts.from, to: opts.to }, ctx.asOf);
    if (opts.whatIf) refuseBadWhatIf(checkWhatIf(tally, opts.whatIf, classes), activitiesIn(tally));
    const reps = ctx.has('reps') ? await ctx.readAll(FILES.reps) : undefined;
    const analysis = analyseTime(tally, {
      classes,
      hoursPerWeek: ctx.config.hoursPerWeek,
      weeks: opts.weeks,
      whatIf: opts.whatIf,
      supportHourlyCost: ctx.config.supportHourlyCost,
      reps,
      callsPerDay: ctx.config.callsPerDay,
    });
    warn(ctx, file, analysis.unknown, tally.weekMismatch, [...classes.keys()]);
    if (ctx.problems.errorCount(file) > 0) throw new PlanError('data', `${file}: problems found (--strict turns warnings into errors)`);
    return { document: timeDocument(analysis) };
  },
};

function refuseBadWhatIf(issues: ReturnType<typeof checkWhatIf>, present: string[]): void {
  const first = issues[0];
  if (!first) return;
  const hint = first.problem === 'absent' ? didYouMean(first.activity, present) : undefined;
  const known = first.problem === 'absent' && !hint ? ` (activities in the period: ${present.join(', ') || 'none'})` : '';
  throw new PlanError('usage', `${first.flag}: ${first.message}${hint ? `; did you mean "${hint}"?` : known}`);
}

function warn(
  ctx: RunContext,
  file: string,
  unknown: ReturnType<typeof analyseTime>['unknown'],
  weekMismatch: readonly number[],
  known: string[],
): void {
  for (const u of unknown) {
    const hint = didYouMean(u.activity, known);
    ctx.problems.add({
      severity: 'warning',
      file,
      line: u.line,
      code: 'W_UNKNOWN_ACTIVITY',
      message:
        `unknown activity "${u.activity}": ${u.hours} h by ${u.reps} rep${u.reps === 1 ? '' : 's'} counted as unknown, not selling` +
        `${hint ? `; did you mean "${hint}"?` : ''} (map it with activityClasses in the config)`,
    });
  }
  for (const line of weekMismatch) {
    ctx.problems.add({
      severity: 'warning',
      file,
      line,
      code: 'W_WEEK_MISMATCH',
      message: 'the date is not in the week given on the same row; the date is used',
    });
  }
}
