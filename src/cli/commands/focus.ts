import { z } from 'zod';
import { openDataset } from '../../analyses/dataset.js';
import { FOCUS_DEFAULTS, type FocusRequest, focusNeeds, runFocus } from '../../analyses/focus.js';
import { MOSTLY } from '../../core/focus.js';
import { focusDocument } from '../../views/focus.js';
import type { CommandSpec } from '../command.js';
import { parseShareOption, parseWith, periodBound, repSchema, topSchema } from '../options.js';

const optionsSchema = z.object({
  from: periodBound('--from', 'start'),
  to: periodBound('--to', 'end'),
  rep: repSchema,
  easyShare: z.string().optional(),
  top: topSchema,
  accounts: z.boolean().default(false),
});

const percent = (x: number) => `${Math.round(x * 100)}%`;

export const focusCommand: CommandSpec<FocusRequest> = {
  description: [
    'Per rep (account owner) and for the team, over --from..--to (default: the 12',
    'months to --as-of) against the same span 12 months earlier. Reads',
    'customers.csv, market.csv (tiers, headroom and share of wallet from the',
    'segment analysis, as plan segment), orders.csv and contacts.csv.',
    '',
    'Effort against potential: sales touches (visit, call, meeting, e-mail) of',
    "the period by tier A/B/C and by headroom decile, beside each group's share of",
    "the rep's headroom. Alignment index = the A tier's share of sales touches /",
    'its share of headroom: 1 when effort follows potential, below 1 when the A',
    'tier gets less than its share.',
    '',
    'Where revenue came from: net revenue (returns included) per account in each',
    'period. Retained accounts bought in both (their change is growth or',
    'decline), won accounts only now, lost accounts only before:',
    'previous + won + growth - decline - lost = current, exact to the cent.',
    `Easy accounts: share of wallet at least --easy-share (default ${percent(FOCUS_DEFAULTS.easyShare)}).`,
    '',
    `Flag chasing-easy-orders: more than ${percent(MOSTLY)} of a rep's sales touches on easy`,
    'accounts while an A-tier account of theirs is overdue (plan contact rules).',
    '--accounts names those accounts. Rules and columns: docs/focus.md.',
  ].join('\n'),
  examples: [
    'plan focus --data fixtures/demo',
    'plan focus --data fixtures/demo --accounts',
    'plan focus --data fixtures/demo --rep R10 --easy-share 90%',
    'plan focus --data fixtures/demo --from 2026-01-01 --to 2026-06-30 --format json --out focus.json',
  ],
  inputs: ['customers', 'market', 'orders', 'contacts'],
  options: (cmd) =>
    cmd
      .option('--from <date>', 'first day of the period: YYYY-MM-DD or an ISO week (default: 12 months before --to)')
      .option('--to <date>', 'last day of the period: YYYY-MM-DD or an ISO week (default: --as-of)')
      .option('--rep <id>', 'only this rep (the team row stays every account)')
      .option('--easy-share <share>', `share of wallet from which an account is easy (default: ${percent(FOCUS_DEFAULTS.easyShare)})`)
      .option('--top <n>', 'at most N reps, and N accounts with --accounts')
      .option('--accounts', 'name the overdue A-tier accounts of flagged reps (what CSV writes)'),
  parse: (raw) => {
    const o = parseWith(optionsSchema, raw);
    return {
      from: o.from,
      to: o.to,
      rep: o.rep,
      easyShare: o.easyShare === undefined ? FOCUS_DEFAULTS.easyShare : parseShareOption('--easy-share', o.easyShare),
      top: o.top,
      accounts: o.accounts,
    };
  },
  async run(ctx, request) {
    const analysis = await runFocus(openDataset(ctx, [focusNeeds(request)]), request);
    return { document: focusDocument(analysis, { accounts: request.accounts }) };
  },
};
