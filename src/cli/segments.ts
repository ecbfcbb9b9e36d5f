/**
 * The segment analysis as other commands need it: market.csv loaded once,
 * plan segment's fold with its defaults, customers.csv streamed into it, and
 * revenue from orders.csv when customers.csv has no revenue_12m. One place,
 * so that segment, cost, contact and schedule rank accounts the same way.
 */
import { resolveChannelCosts } from '../core/channels.js';
import { sumRevenue12m } from '../core/revenue.js';
import {
  buildMarket,
  createSegmentFold,
  DIMENSIONS,
  type Dimension,
  type MarketCell,
  type Placement,
  SEGMENT_COLUMNS,
  type SegmentFoldOptions,
} from '../core/segment.js';
import { PlanError } from '../errors.js';
import { fold, type ReadRequest } from '../io/table.js';
import { type CustomerRow, FILES } from '../schema/files.js';
import type { RunContext } from './context.js';

export interface Market {
  cells: MarketCell[];
  /** The segment dimensions market.csv has columns for. */
  dimensions: Dimension[];
}

/** market.csv as cells; two rows with the same key and other figures are an error (exit 65). */
export async function loadMarket(ctx: RunContext): Promise<Market> {
  const input = ctx.require('market');
  const market = buildMarket(await ctx.readAll(FILES.market), input.label);
  for (const p of market.problems) ctx.problems.add(p);
  if (ctx.problems.errorCount(input.label) > 0) throw new PlanError('data', `${input.label}: conflicting market rows`);
  return { cells: market.cells, dimensions: DIMENSIONS.filter((d) => ctx.columnsOf('market').includes(d)) };
}

export type SegmentFold = ReturnType<typeof createSegmentFold>;

/** plan segment's fold: by the market's dimensions, ranked by headroom, unless `overrides` say otherwise. */
export function segmentFold(ctx: RunContext, market: Market, overrides: Partial<SegmentFoldOptions> = {}): SegmentFold {
  return createSegmentFold(market.cells, {
    by: market.dimensions,
    rankBy: 'headroom',
    scaleBy: 'firm',
    tiers: ctx.config.tiers,
    sizeBands: ctx.config.sizeBands,
    coverage: ctx.config.coverage,
    channelCosts: resolveChannelCosts(ctx.config.channelCosts),
    marketDimensions: market.dimensions,
    keepAccounts: false,
    ...overrides,
  });
}

/**
 * Streams customers.csv to `each` and, when given, into the segment fold.
 * Once the header is known: without a revenue_12m column, revenue comes from
 * `revenueById`, else orders.csv summed over the 12 months to --as-of (SPEC:
 * plan segment), else 0.
 */
export async function streamCustomers(
  ctx: RunContext,
  request: ReadRequest,
  each: (row: CustomerRow) => void,
  segments?: SegmentFold,
  revenueById?: () => ReadonlyMap<string, number>,
): Promise<void> {
  const columns = request.columns && segments ? [...new Set([...request.columns, ...SEGMENT_COLUMNS])] : request.columns;
  let revenue: ReadonlyMap<string, number> | undefined;
  let headerSeen = false;
  for await (const batch of ctx.stream(FILES.customers, { ...request, columns })) {
    if (!headerSeen) {
      headerSeen = true;
      if (segments && !ctx.columnsOf('customers').includes('revenue_12m')) revenue = revenueById?.() ?? (await revenueFromOrders(ctx));
    }
    for (const row of batch) {
      each(row);
      segments?.add(row, revenue ? (revenue.get(row.id) ?? 0) : undefined);
    }
  }
}

/**
 * customers.csv to `each`; with market.csv present, also where every account
 * lands in plan segment's analysis (tier, headroom, coverage), by position.
 */
export async function placeCustomers(
  ctx: RunContext,
  request: ReadRequest,
  each: (row: CustomerRow) => void,
  revenueById?: () => ReadonlyMap<string, number>,
): Promise<Placement | undefined> {
  if (!ctx.has('market')) {
    await streamCustomers(ctx, request, each);
    return undefined;
  }
  const segments = segmentFold(ctx, await loadMarket(ctx));
  await streamCustomers(ctx, request, each, segments, revenueById);
  const analysis = segments.finish();
  if (analysis.coverage.none > 0)
    ctx.info(`${analysis.coverage.none} accounts match no market row: they take the tier of "(no market data)"`);
  return segments.placement();
}

async function revenueFromOrders(ctx: RunContext): Promise<ReadonlyMap<string, number>> {
  if (!ctx.has('orders')) {
    ctx.problems.add({
      severity: 'warning',
      file: ctx.require('customers').label,
      line: 1,
      code: 'W_NO_REVENUE',
      message: 'no revenue_12m column and no orders.csv: revenue counted as 0',
    });
    return new Map();
  }
  ctx.info('revenue_12m missing: summing orders.csv over the 12 months to --as-of');
  const revenue = sumRevenue12m(ctx.asOf);
  await fold(ctx.stream(FILES.orders), revenue.add);
  return revenue.result();
}
