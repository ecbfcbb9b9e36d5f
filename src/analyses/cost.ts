/** plan cost: cost to serve by channel, customer, segment or tier, with what-if channel shifts. */
import { resolveChannelCosts } from '../core/channels.js';
import { analyseCost, type CostAnalysis, type CostBy, costWindow, type DateWindow, type Shift } from '../core/cost.js';
import { describeUnknown } from '../core/references.js';
import { grouped, PlanError } from '../errors.js';
import { type Day, formatDay } from '../schema/calendar.js';
import type { Channel } from '../schema/config.js';
import { type Dataset, type Needs, warnNoCustomer } from './dataset.js';
import { HINTS } from './hints.js';

export interface CostRequest {
  by: CostBy;
  from?: Day;
  to?: Day;
  shifts: readonly Shift[];
  /** --unit-cost: a channel's cost per order, scaling a relative preset. */
  unitCost: Partial<Record<Channel, number>>;
  /** --channel-cost: a channel's cost per order, set outright. */
  channelCost: Partial<Record<Channel, number>>;
  costPreset?: 'article' | 'benchmark';
  /** With --by customer: at most this many customers. */
  top?: number;
}

/** Segments and tiers are needed by segment, by tier and tier shifts (and listed by customer when the data allows). */
function placed(request: CostRequest): 'required' | 'optional' | 'none' {
  if (request.by === 'segment' || request.by === 'tier' || request.shifts.some((s) => s.tier !== undefined)) return 'required';
  return request.by === 'customer' ? 'optional' : 'none';
}

export function costNeeds(request: CostRequest): Needs {
  return { orders: { from: request.from, to: request.to, placement: placed(request) !== 'none' } };
}

export async function runCost(ds: Dataset, request: CostRequest): Promise<CostAnalysis> {
  const settings = { ...ds.config.channelCosts, preset: request.costPreset ?? ds.config.channelCosts.preset };
  const costs = resolveChannelCosts(settings, { unitCost: request.unitCost, costs: request.channelCost });
  const window = costWindow(ds.asOf, request.from, request.to);
  if (window.from > window.to) throw new PlanError('usage', '--from is after --to (or after --as-of)');
  ds.require('orders');
  if (placed(request) === 'required') {
    ds.require('customers');
    ds.require('market');
  }
  const { tally, placement, revenueSource } = await ds.orders();
  const analysis = analyseCost(tally, { costs, by: request.by, shifts: request.shifts, placement, revenueSource, top: request.top });
  warn(ds, analysis, window);
  return analysis;
}

/** Unknown channels and unknown customers, rows without one: warnings with counts, errors with --strict. */
function warn(ds: Dataset, analysis: CostAnalysis, window: DateWindow): void {
  const file = ds.require('orders').label;
  warnNoCustomer(ds.problems, file, analysis.noCustomer, ['order line', 'order lines']);
  const unknown = analysis.unknownChannels;
  if (unknown.length > 0) {
    const rows = unknown.reduce((n, u) => n + u.rows, 0);
    const shown = unknown
      .slice(0, 5)
      .map((u) => `"${u.label}" ×${grouped(u.rows)} (first on line ${u.firstLine})`)
      .join(', ');
    ds.problems.add({
      severity: 'warning',
      file,
      line: unknown[0]?.firstLine ?? 0,
      code: 'W_UNKNOWN_CHANNEL',
      message: `${grouped(rows)} row${rows === 1 ? '' : 's'} in ${unknown.length} unknown channel${unknown.length === 1 ? '' : 's'}, left out of the costs: ${shown}${unknown.length > 5 ? ', ...' : ''}; ${HINTS.channels}`,
    });
  }
  const customers = analysis.unknownCustomers;
  if (customers && customers.rows > 0)
    ds.problems.add({
      severity: 'warning',
      file,
      line: customers.top[0]?.firstLine ?? 0,
      code: 'W_UNKNOWN_KEY',
      // Named by window: with plan focus in the same report, orders.csv's unknown customers are also told for its periods.
      message: `in the window (${formatDay(window.from)} to ${formatDay(window.to)}): ${describeUnknown(customers, ['unknown customer', 'unknown customers'])}`,
    });
  if (ds.problems.errorCount(file) > 0) throw new PlanError('data', `${file}: problems found (--strict turns warnings into errors)`);
}
