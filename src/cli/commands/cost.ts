import { z } from 'zod';
import { createChannelResolver, resolveChannelCosts } from '../../core/channels.js';
import { analyseCost, type CostBy, costWindow, FLAG_RULE, OrderTally, type Placement, type Shift, shiftProblem } from '../../core/cost.js';
import { describeUnknown } from '../../core/references.js';
import type { RevenueSource } from '../../core/revenue.js';
import { buildMarket, createSegmentFold, DIMENSIONS, SEGMENT_COLUMNS, type SegmentCustomer, type Tier } from '../../core/segment.js';
import { PlanError } from '../../errors.js';
import { readOrdersFast } from '../../io/fast-orders.js';
import { fold } from '../../io/table.js';
import { addMonths, type Day, parseIsoDay } from '../../schema/calendar.js';
import { CHANNELS, type Channel } from '../../schema/config.js';
import { FILES } from '../../schema/files.js';
import { MAX_MONEY } from '../../schema/money.js';
import { costDocument } from '../../views/cost.js';
import { describeRevenueSource } from '../../views/revenue.js';
import { parseUnitCosts } from '../channel-options.js';
import type { CommandSpec } from '../command.js';
import type { RunContext } from '../context.js';
import { collect, parseWith } from '../options.js';
import { ownTurnover, warnNoCustomer } from '../segments.js';

/** The columns of orders.csv plan cost reads (others are not typed, so a bad `lines` cell does not stop it). */
const ORDER_COLUMNS = ['customer_id', 'date', 'channel', 'amount', 'order_id'];

const day = (flag: string) =>
  z
    .string()
    .optional()
    .transform((s, ctx): Day | undefined => {
      if (s === undefined) return undefined;
      const d = parseIsoDay(s);
      if (d === undefined || s.length !== 10) {
        ctx.addIssue({ code: 'custom', message: `${flag} takes a date as YYYY-MM-DD (not "${s}")` });
        return z.NEVER;
      }
      return d;
    });

const SHIFT = /^(?:([abc])\s*:\s*)?([a-z][a-z -]*?)\s*:\s*([a-z][a-z -]*?)\s*=\s*(\d+(?:\.\d+)?)\s*%$/i;
const builtInChannel = createChannelResolver();

/** `--shift [TIER:]FROM:TO=P%`; channels by name or default synonym. */
function parseShift(text: string): Shift | string {
  const m = SHIFT.exec(text.trim());
  const usage = `--shift takes [TIER:]FROM:TO=P% with channels ${CHANNELS.join(', ')} and an optional tier A, B or C, e.g. field:phone=30% or C:field:web=50% (not "${text}")`;
  if (!m) return usage;
  const from = builtInChannel(m[2] as string);
  const to = builtInChannel(m[3] as string);
  if (!from || !to) return usage;
  return { tier: m[1] ? (m[1].toUpperCase() as Tier) : undefined, from, to, share: Number(m[4]) / 100, text: text.trim() };
}

/** `--channel-cost web=0.5` (repeatable): a channel's cost per order set outright (0 allowed). */
function parseOutright(values: readonly string[]): Partial<Record<Channel, number>> {
  const out: Partial<Record<Channel, number>> = {};
  for (const value of values) {
    const m = /^([a-z]+)\s*=\s*(\d+(?:\.\d+)?)$/i.exec(value.trim());
    const channel = m?.[1]?.toLowerCase() as Channel | undefined;
    if (!m || !channel || !CHANNELS.includes(channel)) {
      throw new PlanError(
        'usage',
        `--channel-cost takes channel=cost with a channel of ${CHANNELS.join(', ')} and a cost of 0 or more (not "${value}")`,
      );
    }
    out[channel] = Number(m[2]);
  }
  return out;
}

const optionsSchema = z.object({
  by: z.enum(['channel', 'customer', 'segment', 'tier']).default('channel'),
  from: day('--from'),
  to: day('--to'),
  shift: z
    .array(z.string())
    .default([])
    .transform((values, ctx) => {
      const shifts: Shift[] = [];
      for (const v of values) {
        const s = parseShift(v);
        if (typeof s === 'string') {
          ctx.addIssue({ code: 'custom', message: s });
          return z.NEVER;
        }
        shifts.push(s);
      }
      const problem = shiftProblem(shifts);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem });
        return z.NEVER;
      }
      return shifts;
    }),
  unitCost: z.array(z.string()).default([]),
  channelCost: z.array(z.string()).default([]),
  costPreset: z.enum(['article', 'benchmark']).optional(),
  top: z.coerce.number().int().positive().optional(),
});

type CostOptions = Omit<z.output<typeof optionsSchema>, 'unitCost' | 'channelCost'> & {
  unitCost: Partial<Record<Channel, number>>;
  channelCost: Partial<Record<Channel, number>>;
};

export const costCommand: CommandSpec<CostOptions> = {
  name: 'cost',
  summary: 'cost to serve by ordering channel, per customer, segment or tier, with what-if channel shifts',
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
      .option('--from <date>', 'first order date counted, YYYY-MM-DD (default: 12 months before --to)')
      .option('--to <date>', 'last order date counted, YYYY-MM-DD (default: --as-of)')
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
    const opts = parseWith(optionsSchema, raw);
    if (opts.from !== undefined && opts.to !== undefined && opts.from > opts.to) throw new PlanError('usage', '--from is after --to');
    return { ...opts, unitCost: parseUnitCosts(opts.unitCost), channelCost: parseOutright(opts.channelCost) };
  },
  async run(ctx, opts) {
    const settings = { ...ctx.config.channelCosts, preset: opts.costPreset ?? ctx.config.channelCosts.preset };
    const costs = resolveChannelCosts(settings, { unitCost: opts.unitCost, costs: opts.channelCost });
    const window = costWindow(ctx.asOf, opts.from, opts.to);
    if (window.from > window.to) throw new PlanError('usage', '--from is after --to (or after --as-of)');
    // Segments and tiers: needed by segment, by tier and for tier shifts; listed with customers when the data allows.
    const needPlacement =
      opts.by === 'segment' ||
      opts.by === 'tier' ||
      opts.shift.some((s) => s.tier !== undefined) ||
      (opts.by === 'customer' && ctx.has('customers') && ctx.has('market'));
    const resolve = createChannelResolver(ctx.config.channelCosts.synonyms);

    // With segments or tiers, customers.csv first: its header says whether tiers need revenue from orders.csv.
    const customers = needPlacement ? await ctx.readAll(FILES.customers, { columns: SEGMENT_COLUMNS, passthrough: false }) : undefined;
    const revenueFromOrders = customers !== undefined && !ctx.columnsOf('customers').includes('revenue_12m');
    const tally = await readOrders(
      ctx,
      () => new OrderTally(window, resolve, revenueFromOrders ? { from: addMonths(ctx.asOf, -12) + 1, to: ctx.asOf } : undefined),
    );
    // Orders for customers missing from customers.csv: ids matched against the tally, no set of all ids.
    if (customers) {
      tally.checkCustomers();
      for (const c of customers) tally.markKnown(c.id);
    } else if (ctx.has('customers')) {
      tally.checkCustomers();
      for await (const batch of ctx.stream(FILES.customers, { columns: ['id'], passthrough: false }))
        for (const row of batch) tally.markKnown(row.id);
    }
    const placed = customers ? await place(ctx, customers, tally, costs, revenueFromOrders) : undefined;
    if (customers) customers.length = 0;

    const analysis = analyseCost(tally, {
      costs,
      by: opts.by as CostBy,
      shifts: opts.shift,
      placement: placed?.placement,
      revenueSource: placed?.revenueSource,
      top: opts.top,
    });
    warn(ctx, analysis, tally);
    return { document: costDocument(analysis) };
  },
};

/** orders.csv through the fast reader when it can, else the general reader (a fresh tally either way). */
async function readOrders(ctx: RunContext, newTally: () => OrderTally): Promise<OrderTally> {
  const input = ctx.require('orders');
  const tally = newTally();
  const fast = await readOrdersFast(input, ctx.read, tally, { columns: ORDER_COLUMNS });
  if (fast.used) return tally;
  const general = newTally();
  await fold(ctx.stream(FILES.orders, { columns: ORDER_COLUMNS }), general.add);
  return general;
}

/** Segment and tier of each customer: the segment core over customers.csv and market.csv, as plan segment ranks them. */
async function place(
  ctx: RunContext,
  customers: readonly SegmentCustomer[],
  tally: OrderTally,
  costs: ReturnType<typeof resolveChannelCosts>,
  revenueFromOrders: boolean,
): Promise<{ placement: (id: string) => Placement | undefined; revenueSource: RevenueSource }> {
  const marketInput = ctx.require('market');
  const market = buildMarket(await ctx.readAll(FILES.market), marketInput.label);
  for (const p of market.problems) ctx.problems.add(p);
  if (ctx.problems.errorCount(marketInput.label) > 0) throw new PlanError('data', `${marketInput.label}: conflicting market rows`);
  const marketDimensions = DIMENSIONS.filter((d) => ctx.columnsOf('market').includes(d));
  const file = ctx.require('customers').label;
  const revenueSource: RevenueSource = revenueFromOrders
    ? tally.revenueSource(ctx.require('orders').label)
    : { kind: 'column', file, column: ctx.headerName('customers', 'revenue_12m') };
  ctx.note(`tiers: ${describeRevenueSource(revenueSource)}${ownTurnover(ctx)}`);
  const revenue = revenueFromOrders ? tally.revenueById() : undefined;
  const segments = createSegmentFold(market.cells, {
    by: marketDimensions,
    rankBy: 'headroom',
    scaleBy: 'firm',
    tiers: ctx.config.tiers,
    sizeBands: ctx.config.sizeBands,
    coverage: ctx.config.coverage,
    channelCosts: costs,
    marketDimensions,
    keepAccounts: true,
  });
  for (const row of customers) segments.add(row, revenue ? (revenue.get(row.id) ?? 0) : undefined);
  const byId = new Map<string, Placement>();
  for (const a of segments.finish().accounts) byId.set(a.id, { segment: a.segment, tier: a.tier });
  return { placement: (id) => byId.get(id), revenueSource };
}

/** Unknown channels and unknown customers, rows without one, an empty window: warnings with counts, errors with --strict. */
function warn(ctx: RunContext, analysis: ReturnType<typeof analyseCost>, tally: OrderTally): void {
  const file = ctx.require('orders').label;
  if (tally.overflowLine > 0)
    throw new PlanError(
      'data',
      `${file}:${tally.overflowLine}: one customer's orders add up past ${MAX_MONEY.toLocaleString('en')}; plan cannot sum them exactly`,
    );
  const thin = tally.coverage.problem(file, 'order lines', windowName(ctx, analysis.window), ctx.asOf);
  if (thin) ctx.problems.add(thin);
  warnNoCustomer(ctx, file, analysis.noCustomer, ['order line', 'order lines']);
  const unknown = analysis.unknownChannels;
  if (unknown.length > 0) {
    const rows = unknown.reduce((n, u) => n + u.rows, 0);
    const shown = unknown
      .slice(0, 5)
      .map((u) => `"${u.label}" ×${u.rows.toLocaleString('en')} (first on line ${u.firstLine})`)
      .join(', ');
    ctx.problems.add({
      severity: 'warning',
      file,
      line: unknown[0]?.firstLine ?? 0,
      code: 'W_UNKNOWN_CHANNEL',
      message: `${rows.toLocaleString('en')} row${rows === 1 ? '' : 's'} in ${unknown.length} unknown channel${unknown.length === 1 ? '' : 's'}, left out of the costs: ${shown}${unknown.length > 5 ? ', ...' : ''}; map them to ${CHANNELS.join(', ')} in plan.config.json "channelCosts": { "synonyms": { ... } }`,
    });
  }
  const customers = analysis.unknownCustomers;
  if (customers && customers.rows > 0)
    ctx.problems.add({
      severity: 'warning',
      file,
      line: 0,
      code: 'W_UNKNOWN_KEY',
      message: describeUnknown(customers, ['unknown customer', 'unknown customers']),
    });
  if (ctx.problems.errorCount(file) > 0) throw new PlanError('data', `${file}: problems found (--strict turns warnings into errors)`);
}

/** How the cost window was chosen, for the empty-window warning. */
function windowName(ctx: RunContext, window: { from: Day; to: Day }): string {
  return window.to === ctx.asOf && window.from === addMonths(ctx.asOf, -12) + 1 ? 'the 12 months to --as-of' : '--from/--to';
}
