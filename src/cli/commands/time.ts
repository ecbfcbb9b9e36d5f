import { z } from 'zod';
import { openDataset } from '../../analyses/dataset.js';
import { runTime, type TimeRequest, timeNeeds } from '../../analyses/time.js';
import { PlanError } from '../../errors.js';
import { timeDocument } from '../../views/time.js';
import type { CommandSpec } from '../command.js';
import { checkPeriod, collect, parseCuts, parseReassign, parseShareOption, parseWith, periodBound, weeksSchema } from '../options.js';

const optionsSchema = z.object({
  from: periodBound('--from', 'start'),
  to: periodBound('--to', 'end'),
  weeks: weeksSchema({ whole: false }),
  reassign: z.array(z.string()).default([]),
  cut: z.array(z.string()).default([]),
  convert: z.string().optional(),
});

function parseOptions(raw: Record<string, unknown>): TimeRequest {
  const o = parseWith(optionsSchema, raw);
  checkPeriod(o);
  const reassign = parseReassign(o.reassign);
  const cut = parseCuts(o.cut);
  const convert = o.convert === undefined ? 1 : parseShareOption('--convert', o.convert);
  if (reassign.length === 0 && cut.length === 0 && o.convert !== undefined)
    throw new PlanError('usage', '--convert needs --reassign or --cut: it says how much of the freed time becomes selling');
  return {
    from: o.from,
    to: o.to,
    weeks: o.weeks,
    whatIf: reassign.length > 0 || cut.length > 0 ? { reassign, cut, convert } : undefined,
  };
}

export const timeCommand: CommandSpec<TimeRequest> = {
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
  async run(ctx, request) {
    const analysis = await runTime(openDataset(ctx, [timeNeeds()]), request);
    return { document: timeDocument(analysis) };
  },
};
