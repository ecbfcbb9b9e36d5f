import { z } from 'zod';
import { type ContactRequest, contactNeeds, runContact } from '../../analyses/contact.js';
import { openDataset } from '../../analyses/dataset.js';
import { FLAGS, RENEWAL_DAYS } from '../../core/contact.js';
import { contactDocument } from '../../views/contact.js';
import type { CommandSpec } from '../command.js';
import { collect, parseWith, repSchema, topSchema } from '../options.js';

const optionsSchema = z.object({
  accounts: z.boolean().default(false),
  flag: z.array(z.enum(FLAGS, { message: `--flag takes ${FLAGS.join(', ')}` })).default([]),
  rep: repSchema,
  top: topSchema,
});

export const contactCommand: CommandSpec<ContactRequest> = {
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
    const o = parseWith(optionsSchema, raw);
    return { accounts: o.accounts || o.flag.length > 0 || o.top !== undefined, flags: o.flag, rep: o.rep, top: o.top };
  },
  async run(ctx, request) {
    const analysis = await runContact(openDataset(ctx, [contactNeeds(request)]), request);
    return { document: contactDocument(analysis, { accounts: request.accounts }) };
  },
};
