import { z } from 'zod';
import {
  CONTACT_COLUMNS,
  type ContactAccount,
  contactAccount,
  createContactFold,
  FLAGS,
  type IgnoredTouches,
  RENEWAL_DAYS,
  setSegmentTier,
} from '../../core/contact.js';
import { describeUnknown } from '../../core/references.js';
import type { WindowCoverage } from '../../core/window.js';
import { PlanError } from '../../errors.js';
import { fold } from '../../io/table.js';
import { formatDay } from '../../schema/calendar.js';
import { FILES } from '../../schema/files.js';
import { contactDocument } from '../../views/contact.js';
import type { CommandSpec } from '../command.js';
import type { RunContext } from '../context.js';
import { collect, parseWith } from '../options.js';
import { placeCustomers, warnNoCustomer } from '../segments.js';

const optionsSchema = z.object({
  accounts: z.boolean().default(false),
  flag: z.array(z.enum(FLAGS, { message: `--flag takes ${FLAGS.join(', ')}` })).default([]),
  rep: z.string().trim().min(1, '--rep takes a rep id').optional(),
  top: z.coerce.number().int().positive().optional(),
});

type ContactOptions = z.output<typeof optionsSchema>;

export const contactCommand: CommandSpec<ContactOptions> = {
  name: 'contact',
  summary: 'who has gone without contact: overdue accounts, post-sale silence, renewals at risk',
  description: [
    'Who has gone without contact, after the sale and before renewal. Reads',
    'customers.csv, streams contacts.csv; with market.csv, tiers come from the',
    'segment analysis (as in plan segment), else from status: customers B,',
    'prospects C. Lost accounts are listed, never judged (no cadence, no flags).',
    '',
    'Touches: visit, call, meeting, e-mail are sales; service, support, billing,',
    'finance, complaint are other (config touchTypes adds or overrides types).',
    'Touches of unknown types, for unknown customers or dated after --as-of are',
    'ignored and counted in a warning (errors with --strict).',
    'Cadence: target days between touches, tier A 14, B 30, C 90, prospects in',
    'A-tier segments 30 (config cadence). Windows end on the as-of day: the last',
    '90 days are as-of - 89 .. as-of, the last 365 days likewise.',
    '',
    'Flags:',
    '  overdue            days since the last touch of any kind > cadence, or',
    '                     never touched (exactly at the cadence is within it)',
    '  post-sale-silence  a customer whose first postSaleDays (default 60) days',
    '                     from contract_start passed without a sales touch, and',
    '                     none since; while those days run: "post-sale due"',
    `  renewal-risk       contract_end 0-${RENEWAL_DAYS} days after as-of, and overdue`,
    '  service-only       touches in the last 365 days, none of them sales',
    '',
    'Contract: month N of M (M = length rounded to whole months); days to',
    'renewal = contract_end - as-of. Summary: share within cadence by tier and',
    'by rep; touches of the last 365 days by the contract phase they fell in (90',
    'days before start, month 1, months 2-3, each later quarter, last 90 days)',
    'per account and 30 days in that phase. --accounts ranks by the most urgent',
    'flag (renewal-risk, post-sale-silence, overdue, service-only), then more',
    'flags, never touched, days overdue, sooner renewal, tier (A first), id.',
  ].join('\n'),
  examples: [
    'plan contact --data fixtures/demo',
    'plan contact --data fixtures/demo --accounts --flag renewal-risk',
    'plan contact --data fixtures/demo --accounts --rep R04 --top 20',
    'plan contact --data fixtures/demo --format json --out contact.json',
  ],
  inputs: ['customers', 'contacts', 'market', 'orders'],
  options: (cmd) =>
    cmd
      .option('--accounts', 'list accounts ranked by risk, most urgent first, instead of the summary')
      .option('--flag <flag>', `only accounts with this flag (repeatable, any of them; implies --accounts): ${FLAGS.join(', ')}`, collect)
      .option('--rep <id>', 'only accounts whose owner is this rep (summary and list)')
      .option('--top <n>', 'only the N most urgent accounts (implies --accounts)'),
  parse: (raw) => {
    const opts = parseWith(optionsSchema, raw);
    return { ...opts, accounts: opts.accounts || opts.flag.length > 0 || opts.top !== undefined };
  },
  async run(ctx, opts) {
    // customers.csv streams into compact accounts (and the segment analysis when market.csv is there): no row is kept whole.
    const accounts: ContactAccount[] = [];
    const owners = new Map<string, string>();
    const placement = await placeCustomers(ctx, { columns: CONTACT_COLUMNS, passthrough: opts.accounts }, (row) => {
      accounts.push(contactAccount(row, owners));
    });
    if (opts.rep !== undefined && !owners.has(opts.rep)) {
      throw new PlanError('usage', `--rep ${opts.rep}: no account in ${ctx.require('customers').label} has this owner`);
    }
    // Tiers as plan segment ranks the segments (by the dimensions of market.csv, by headroom).
    if (placement) {
      accounts.forEach((account, i) => {
        setSegmentTier(account, placement.segment(i).tier);
      });
    }
    const contacts = createContactFold(accounts, {
      asOf: ctx.asOf,
      cadence: ctx.config.cadence,
      postSaleDays: ctx.config.postSaleDays,
      touchTypes: ctx.config.touchTypes,
      revenueSource: placement?.revenueSource,
    });
    await fold(ctx.stream(FILES.contacts, { columns: ['customer_id', 'date', 'type'] }), contacts.add);
    warnIgnoredTouches(ctx, contacts.ignored(), contacts.coverage);
    const analysis = contacts.finish({ rep: opts.rep, flags: opts.flag, list: opts.accounts, limit: opts.top });
    return { document: contactDocument(analysis, { accounts: opts.accounts }) };
  },
};

/** Warnings for touches the fold did not count; with --strict they are errors (exit 65). */
export function warnIgnoredTouches(ctx: RunContext, ignored: IgnoredTouches, coverage: WindowCoverage): void {
  const file = ctx.require('contacts').label;
  const thin = coverage.problem(file, 'touches', 'the 365 days to --as-of', ctx.asOf);
  if (thin) ctx.problems.add(thin);
  warnNoCustomer(ctx, file, ignored.noCustomer, ['touch', 'touches']);
  const touches = (n: number) => `${n.toLocaleString('en')} touch${n === 1 ? '' : 'es'}`;
  if (ignored.unknownCustomers.rows > 0) {
    ctx.problems.add({
      severity: 'warning',
      file,
      line: ignored.unknownCustomers.top[0]?.firstLine ?? 0,
      code: 'W_UNKNOWN_KEY',
      message: `ignored: ${describeUnknown(ignored.unknownCustomers, ['unknown customer', 'unknown customers'])}`,
    });
  }
  if (ignored.unknownTypes.length > 0) {
    const rows = ignored.unknownTypes.reduce((n, t) => n + t.count, 0);
    const list = ignored.unknownTypes.map((t) => `"${t.type}" ×${t.count.toLocaleString('en')} (first on line ${t.firstLine})`).join(', ');
    ctx.problems.add({
      severity: 'warning',
      file,
      line: ignored.unknownTypes[0]?.firstLine ?? 0,
      code: 'W_UNKNOWN_TOUCH_TYPE',
      message: `ignored: ${touches(rows)} of types that are neither sales nor other: ${list}; classify them in plan.config.json "touchTypes"`,
    });
  }
  if (ignored.afterAsOf.rows > 0) {
    ctx.problems.add({
      severity: 'warning',
      file,
      line: ignored.afterAsOf.firstLine ?? 0,
      code: 'W_AFTER_AS_OF',
      message: `ignored: ${touches(ignored.afterAsOf.rows)} dated after --as-of ${formatDay(ctx.asOf)}`,
    });
  }
  if (ctx.problems.errorCount(file) > 0) throw new PlanError('data', `${file}: touches ignored (--strict)`);
}
