import { z } from 'zod';
import { backtestNeeds, runBacktest } from '../../analyses/backtest.js';
import { compareSegments } from '../../analyses/compare.js';
import { openDataset } from '../../analyses/dataset.js';
import { runSegment, type SegmentRequest, segmentNeeds } from '../../analyses/segment.js';
import { PlanError } from '../../errors.js';
import { readPreviousRanking } from '../../io/previous.js';
import { backtestDocument } from '../../views/backtest.js';
import { withComparison } from '../../views/compare.js';
import { type SegmentView, segmentDocument } from '../../views/segment.js';
import type { CommandSpec } from '../command.js';
import { bySchema, collect, compareSchema, DEFAULT_HORIZON, horizonSchema, parseChannelCosts, parseWith, topSchema } from '../options.js';

const optionsSchema = z.object({
  by: bySchema,
  rankBy: z.enum(['headroom', 'potential', 'growth', 'penetration']).default('headroom'),
  scaleBy: z.enum(['firm', 'employees']).default('firm'),
  accounts: z.boolean().default(false),
  top: topSchema,
  perSegment: z.boolean().default(false),
  unitCost: z.array(z.string()).default([]),
  verbose: z.boolean().default(false),
  compare: compareSchema,
  backtest: z.boolean().default(false),
  horizon: horizonSchema,
});

interface SegmentRun {
  request: SegmentRequest;
  view: SegmentView;
  compare: string | undefined;
  /** `--backtest`: the horizon in months. */
  backtest: number | undefined;
}

export const segmentCommand: CommandSpec<SegmentRun> = {
  description: [
    'Ranks segments (or accounts) by headroom: buying potential from market data that we have not won yet.',
    'Join: every account gets the most specific row of market.csv matching its industry, region and size; empty or * in market.csv is a wildcard. Size comes from employees through the config size bands when customers.csv has no size column.',
    "Potential: the cell spend per firm, or with --scale-by employees spend per employee x employees. Revenue (what the account bought from us): revenue_12m, or orders.csv summed over the 12 months to --as-of when that column is missing; a CRM's revenue or Annual Revenue column is the account's own turnover and passes through. Standard error and JSON say which source it was. Without a status column, an account with revenue is a customer. Headroom = potential - revenue (not below 0), plus whitespace: market firms not in customers.csv x spend per firm.",
    'Tiers: A while the segments above hold less than 80% of all headroom, B below 95%, else C (config tiers). Coverage: field if 12 visits a year cost at most 10% of the potential per firm, else inside (24 calls a year), else digital (config coverage, channelCosts).',
    '--compare PREVIOUS.json: rank moves, tier changes, entries and exits against an earlier --format json output (segments, or accounts with --accounts).',
    "--backtest: was the ranking right? Ranks as of --as-of with revenue from orders.csv up to then only, and measures each tier's revenue growth in the --horizon after it: growth by tier, the lift of A over C, and Spearman's rho between headroom and growth (accounts and segments), with the counts behind each figure (docs/products.md).",
  ].join('\n\n'),
  examples: [
    'plan segment --data fixtures/demo',
    'plan segment --data fixtures/demo --by industry --rank-by growth',
    'plan segment --data fixtures/demo --accounts --top 5 --per-segment',
    'plan segment --data fixtures/demo --format json --out segments.json',
    'plan segment --data fixtures/demo --compare segments.json',
    'plan segment --data fixtures/demo --backtest --as-of 2025-11-27 --horizon 12m',
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
      .option('--unit-cost <channel=cost>', 'cost of one order by a channel, scaling the relative preset (repeatable)', collect)
      .option('--compare <file>', 'show moves against an earlier --format json output of plan segment')
      .option('--backtest', 'rank as of --as-of and measure growth by tier in the --horizon after it')
      .option('--horizon <period>', `with --backtest: months after --as-of, e.g. 6m or 1y (default: ${DEFAULT_HORIZON})`),
  parse: (raw) => {
    const o = parseWith(optionsSchema, raw);
    const request: SegmentRequest = {
      by: o.by,
      rankBy: o.rankBy,
      scaleBy: o.scaleBy,
      unitCost: parseChannelCosts('--unit-cost', o.unitCost, false),
      accounts: o.accounts,
    };
    if (o.backtest && (o.compare !== undefined || o.accounts))
      throw new PlanError('usage', '--backtest measures the segment ranking: leave out --compare and --accounts');
    // No commander default for --horizon, so that one given without --backtest is told apart from the default.
    if (raw.horizon !== undefined && !o.backtest)
      throw new PlanError('usage', '--horizon is the period --backtest measures: add --backtest (or leave out --horizon)');
    if (o.perSegment && (!o.accounts || o.top === undefined))
      throw new PlanError('usage', '--per-segment lists the top N accounts of each segment: give it with --accounts --top N');
    return {
      request,
      view: { accounts: o.accounts, top: o.top, perSegment: o.perSegment, verbose: o.verbose },
      compare: o.compare,
      backtest: o.backtest ? o.horizon : undefined,
    };
  },
  async run(ctx, { request, view, compare, backtest }) {
    if (backtest !== undefined) {
      const test = { segment: request, horizonMonths: backtest };
      return { document: backtestDocument(await runBacktest(openDataset(ctx, [backtestNeeds(test)]), test)) };
    }
    const previous = compare === undefined ? undefined : await readPreviousRanking(compare, ctx.problems);
    const analysis = await runSegment(openDataset(ctx, [segmentNeeds(request)]), request);
    const document = segmentDocument(analysis, view);
    if (!previous || compare === undefined) return { document };
    return { document: withComparison(document, compareSegments(analysis, previous, compare, view.accounts), compare) };
  },
};
