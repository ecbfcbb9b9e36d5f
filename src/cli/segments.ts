/**
 * The segment analysis as other commands need it: market.csv loaded once,
 * plan segment's fold with its defaults, customers.csv streamed into it, and
 * revenue from orders.csv when customers.csv has no revenue_12m (said on
 * stderr: accountRevenue). One place, so that segment, cost, contact and
 * schedule rank accounts the same way.
 */
import { resolveChannelCosts } from '../core/channels.js';
import { type NoCustomer, noCustomerProblem } from '../core/references.js';
import { type RevenueSource, sumRevenue12m } from '../core/revenue.js';
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
import { MAX_MONEY } from '../schema/money.js';
import { describeRevenueSource } from '../views/revenue.js';
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
 * Streams customers.csv to `each` and, when given, into the segment fold,
 * with revenue from `accountRevenue` once the header is known.
 */
export async function streamCustomers(
  ctx: RunContext,
  request: ReadRequest,
  each: (row: CustomerRow) => void,
  segments?: SegmentFold,
): Promise<void> {
  const columns = request.columns && segments ? [...new Set([...request.columns, ...SEGMENT_COLUMNS])] : request.columns;
  let revenue: ReadonlyMap<string, number> | undefined;
  let headerSeen = false;
  for await (const batch of ctx.stream(FILES.customers, { ...request, columns })) {
    if (!headerSeen) {
      headerSeen = true;
      revenue = await accountRevenue(ctx, segments);
    }
    for (const row of batch) {
      // Revenue summed from orders.csv stands in for the missing column: headroom and status use it.
      if (revenue) row.revenue_12m = revenue.get(row.id) ?? 0;
      each(row);
      segments?.add(row);
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
): Promise<Placement | undefined> {
  if (!ctx.has('market')) {
    await streamCustomers(ctx, request, each);
    return undefined;
  }
  const segments = segmentFold(ctx, await loadMarket(ctx));
  await streamCustomers(ctx, request, each, segments);
  const analysis = segments.finish();
  if (analysis.coverage.none > 0)
    ctx.info(`${analysis.coverage.none} accounts match no market row: they take the tier of "(no market data)"`);
  return segments.placement();
}

/**
 * Revenue with us per account (core/revenue.ts), said on standard error and
 * in the analysis: customers.csv's revenue_12m column (nothing to sum), else
 * orders.csv over the 12 months to --as-of. It is needed for headroom
 * (`segments`) and, without a status column, for status.
 */
async function accountRevenue(ctx: RunContext, segments: SegmentFold | undefined): Promise<ReadonlyMap<string, number> | undefined> {
  const file = ctx.require('customers').label;
  const columns = ctx.columnsOf('customers');
  const say = (source: RevenueSource) => {
    segments?.setRevenueSource(source);
    // Without a source, the W_NO_REVENUE warning says it.
    if (source.kind !== 'none') ctx.note(`${describeRevenueSource(source)}${ownTurnover(ctx)}`);
  };
  if (columns.includes('revenue_12m')) {
    if (segments) say({ kind: 'column', file, column: ctx.headerName('customers', 'revenue_12m') });
    return undefined;
  }
  if (!segments && (columns.includes('status') || !ctx.has('orders'))) return undefined;
  if (!ctx.has('orders')) {
    ctx.problems.add({
      severity: 'warning',
      file,
      line: 1,
      code: 'W_NO_REVENUE',
      message: 'no revenue_12m column and no orders.csv: revenue counted as 0',
    });
    say({ kind: 'none', file });
    return new Map();
  }
  const orders = ctx.require('orders').label;
  const revenue = sumRevenue12m(ctx.asOf);
  await fold(ctx.stream(FILES.orders, { columns: ['customer_id', 'date', 'amount'] }), revenue.add);
  const overflow = revenue.overflowLine();
  if (overflow > 0)
    throw new PlanError(
      'data',
      `${orders}:${overflow}: one customer's orders add up past ${MAX_MONEY.toLocaleString('en')}; plan cannot sum them exactly`,
    );
  const thin = revenue.coverage.problem(orders, 'order lines', 'the 12 months to --as-of', ctx.asOf);
  if (thin) ctx.problems.add(thin);
  warnNoCustomer(ctx, orders, revenue.noCustomer(), ['order line', 'order lines']);
  say(revenue.source(orders));
  return revenue.result();
}

/** A customers.csv column that looks like revenue but is the account's own turnover (README). */
export function ownTurnover(ctx: RunContext): string {
  const names = ctx
    .headerNamesOf('customers')
    .filter((h) => h.canonical === undefined && /revenue|turnover|umsatz|sales/i.test(h.original));
  if (names.length === 0) return '';
  const list = names.map((h) => `"${h.original}"`);
  const named = list.length === 1 ? `${list[0]} is` : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]} are`;
  return `; ${named} the account's own turnover in ${ctx.require('customers').label}, passed through, not revenue with us (map ${list.length === 1 ? 'it' : 'one'} to revenue_12m in plan.config.json "columns" if it is)`;
}

/** Rows of orders.csv or contacts.csv without a customer id: one warning with their count (an error with --strict). */
export function warnNoCustomer(ctx: RunContext, file: string, none: NoCustomer | null, what: readonly [string, string]): void {
  const problem = noCustomerProblem(file, none, what);
  if (!problem) return;
  ctx.problems.add(problem);
  if (ctx.problems.errorCount(file) > 0) throw new PlanError('data', `${file}: rows without a customer id (--strict)`);
}
