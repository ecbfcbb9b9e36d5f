import { z } from 'zod';
import { type CostRequest, costNeeds, runCost } from '../../analyses/cost.js';
import { openDataset } from '../../analyses/dataset.js';
import { FLAG_RULE, shiftProblem } from '../../core/cost.js';
import { PlanError } from '../../errors.js';
import { costDocument } from '../../views/cost.js';
import type { CommandSpec } from '../command.js';
import { checkPeriod, collect, parseChannelCosts, parseShift, parseWith, periodBound, topSchema } from '../options.js';

const optionsSchema = z.object({
  by: z.enum(['channel', 'customer', 'segment', 'tier']).default('channel'),
  from: periodBound('--from', 'start'),
  to: periodBound('--to', 'end'),
  shift: z.array(z.string()).default([]),
  unitCost: z.array(z.string()).default([]),
  channelCost: z.array(z.string()).default([]),
  costPreset: z.enum(['article', 'benchmark']).optional(),
  top: topSchema,
});

export const costCommand: CommandSpec<CostRequest> = {
  description: [
    'Costs every order in orders.csv by the channel it came through and reports, by channel (default), customer, segment or tier: orders, revenue, cost, cost per order, cost as a share of revenue, and share of orders against share of cost.',
    "Cost per order: the article preset (default) is the rule of thumb field : phone : e-mail = 100 : 1 : 0.01 (web as e-mail), scaled so that a field order costs 250 unless --unit-cost (config channelCosts.unitCost) names one channel's cost. --cost-preset benchmark: absolute costs from published studies (field 300, phone 30, e-mail 20, web 4; docs/channel-costs.md). --channel-cost sets a channel outright. The report says which preset and scale it used.",
    'Orders dated --from to --to count (default: the 12 months up to --as-of). A row is an order unless it repeats the order_id, customer and channel of the previous order row (another line of that order). Negative amounts are returns: counted apart, never netted.',
    'Channel names map to field, phone, email and web (visit, rep, field sales; telephone, tel, call; e-mail, mail; EDI, portal, online, webshop; config channelCosts.synonyms). Rows in other channels are left out of the costs with a warning; orders for customers missing from customers.csv (when present) are costed and warned about. --strict makes both errors.',
    `--by customer ranks customers by cost as a share of revenue and flags ("move") those with at least ${FLAG_RULE.mostly * 100}% of their orders through costly channels (cost per order at least ${FLAG_RULE.costly * 100}% of the dearest channel's) where that cost is at least ${FLAG_RULE.smallOrder * 100}% of those orders' value (small orders). --by segment and --by tier use the segments and tiers of plan segment (customers.csv and market.csv).`,
    "--shift FROM:TO=P% moves P% of a channel's orders to another (repeatable; TIER:FROM:TO=P% for one tier) and shows cost before, after and the saving, per channel and in total. More than 100% out of one channel is a usage error.",
  ].join('\n\n'),
  examples: [
    'plan cost --data fixtures/demo --as-of 2026-11-27',
    'plan cost --data fixtures/demo --as-of 2026-11-27 --shift field:phone=30%',
    'plan cost --data fixtures/demo --as-of 2026-11-27 --by customer --top 20',
    'plan cost --data fixtures/demo --as-of 2026-11-27 --by tier --shift C:field:web=50% --shift field:phone=20%',
    'plan cost --data fixtures/demo --cost-preset benchmark --from 2026-01-01 --to 2026-06-30',
    'plan cost --orders orders.csv --unit-cost field=180 --format json --out cost.json',
  ],
  inputs: ['orders', 'customers', 'market'],
  options: (cmd) =>
    cmd
      .option('--by <report>', 'channel, customer, segment or tier', 'channel')
      .option(
        '--from <date>',
        'first order date counted: YYYY-MM-DD, or an ISO week (2026-W44) from its Monday (default: 12 months before --to)',
      )
      .option('--to <date>', 'last order date counted: YYYY-MM-DD, or an ISO week to its Sunday (default: --as-of)')
      .option(
        '--shift <[tier:]from:to=P%>',
        "what-if: move P% of a channel's orders to another, e.g. field:phone=30% (repeatable)",
        collect,
      )
      .option('--unit-cost <channel=cost>', 'cost of one order by a channel, scaling the preset (repeatable)', collect)
      .option('--channel-cost <channel=cost>', 'cost of one order by a channel, set outright (repeatable)', collect)
      .option('--cost-preset <name>', 'channel costs: article (relative 100 : 1 : 0.01) or benchmark (absolute)')
      .option('--top <n>', 'with --by customer: at most N customers'),
  parse: (raw) => {
    const o = parseWith(optionsSchema, raw);
    checkPeriod(o);
    const shifts = o.shift.map(parseShift);
    const problem = shiftProblem(shifts);
    if (problem) throw new PlanError('usage', problem);
    if (o.top !== undefined && o.by !== 'customer')
      throw new PlanError('usage', `--top limits the customers of --by customer (not --by ${o.by}): add --by customer, or leave out --top`);
    return {
      by: o.by,
      from: o.from,
      to: o.to,
      shifts,
      unitCost: parseChannelCosts('--unit-cost', o.unitCost, false),
      channelCost: parseChannelCosts('--channel-cost', o.channelCost, true),
      costPreset: o.costPreset,
      top: o.top,
    };
  },
  async run(ctx, request) {
    const analysis = await runCost(openDataset(ctx, [costNeeds(request)]), request);
    return { document: costDocument(analysis) };
  },
};
