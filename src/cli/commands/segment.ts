import { z } from 'zod';
import { openDataset } from '../../analyses/dataset.js';
import { runSegment, type SegmentRequest, segmentNeeds } from '../../analyses/segment.js';
import { type SegmentView, segmentDocument } from '../../views/segment.js';
import type { CommandSpec } from '../command.js';
import { bySchema, collect, parseChannelCosts, parseWith, topSchema } from '../options.js';

const optionsSchema = z.object({
  by: bySchema,
  rankBy: z.enum(['headroom', 'potential', 'growth', 'penetration']).default('headroom'),
  scaleBy: z.enum(['firm', 'employees']).default('firm'),
  accounts: z.boolean().default(false),
  top: topSchema,
  perSegment: z.boolean().default(false),
  unitCost: z.array(z.string()).default([]),
  verbose: z.boolean().default(false),
});

export const segmentCommand: CommandSpec<{ request: SegmentRequest; view: SegmentView }> = {
  name: 'segment',
  summary: 'rank segments and accounts by buying potential not yet won (headroom)',
  description: [
    'Ranks segments (or accounts) by headroom: buying potential from market data that we have not won yet.',
    'Join: every account gets the most specific row of market.csv matching its industry, region and size; empty or * in market.csv is a wildcard. Size comes from employees through the config size bands when customers.csv has no size column.',
    "Potential: the cell spend per firm, or with --scale-by employees spend per employee x employees. Revenue (what the account bought from us): revenue_12m, or orders.csv summed over the 12 months to --as-of when that column is missing; a CRM's revenue or Annual Revenue column is the account's own turnover and passes through. Standard error and JSON say which source it was. Without a status column, an account with revenue is a customer. Headroom = potential - revenue (not below 0), plus whitespace: market firms not in customers.csv x spend per firm.",
    'Tiers: A while the segments above hold less than 80% of all headroom, B below 95%, else C (config tiers). Coverage: field if 12 visits a year cost at most 10% of the potential per firm, else inside (24 calls a year), else digital (config coverage, channelCosts).',
  ].join('\n\n'),
  examples: [
    'plan segment --data fixtures/demo',
    'plan segment --data fixtures/demo --by industry --rank-by growth',
    'plan segment --data fixtures/demo --accounts --top 5 --per-segment',
    'plan segment --data fixtures/demo --format json --out segments.json',
  ],
  inputs: ['customers', 'market', 'orders'],
  options: (cmd) =>
    cmd
      .option('--by <dimensions>', 'segment by any of industry,region,size (default: the dimensions market.csv has)')
      .option('--rank-by <metric>', 'headroom, potential, growth or penetration (lowest first)', 'headroom')
      .option('--scale-by <basis>', 'potential per firm, or per employee x employees: firm or employees', 'firm')
      .option('--accounts', 'list accounts ranked by headroom instead of segments')
      .option('--top <n>', 'at most N rows (N accounts per segment with --per-segment)')
      .option('--per-segment', 'with --accounts --top N: the top N of each segment')
      .option('--unit-cost <channel=cost>', 'cost of one order by a channel, scaling the relative preset (repeatable)', collect),
  parse: (raw) => {
    const o = parseWith(optionsSchema, raw);
    const request: SegmentRequest = {
      by: o.by,
      rankBy: o.rankBy,
      scaleBy: o.scaleBy,
      unitCost: parseChannelCosts('--unit-cost', o.unitCost, false),
      accounts: o.accounts,
    };
    return { request, view: { accounts: o.accounts, top: o.top, perSegment: o.perSegment, verbose: o.verbose } };
  },
  async run(ctx, { request, view }) {
    const analysis = await runSegment(openDataset(ctx, [segmentNeeds(request)]), request);
    return { document: segmentDocument(analysis, view) };
  },
};
