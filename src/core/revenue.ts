/** Revenue per customer in cents, folded from order lines (never kept). */
import type { Day } from '../schema/calendar.js';
import { addMonths } from '../schema/calendar.js';
import type { OrderRow } from '../schema/files.js';

type RevenueOrder = Pick<OrderRow, 'customer_id' | 'date' | 'amount'>;

/** Revenue of the 12 months up to `asOf`: dates in (asOf - 12 months, asOf]. */
export function sumRevenue12m(asOf: Day) {
  const from = addMonths(asOf, -12);
  const byId = new Map<string, number>();
  return {
    add(order: RevenueOrder): void {
      if (order.date <= from || order.date > asOf) return;
      byId.set(order.customer_id, (byId.get(order.customer_id) ?? 0) + order.amount);
    },
    result: (): ReadonlyMap<string, number> => byId,
  };
}

/**
 * Revenue before and after a day T over a horizon (the backtest): before =
 * dates in (T - horizon, T], after = (T, T + horizon]. Order lines outside
 * both are counted, never summed.
 */
export function sumRevenueAround(t: Day, horizonMonths: number) {
  const from = addMonths(t, -horizonMonths);
  const through = addMonths(t, horizonMonths);
  const byId = new Map<string, [before: number, after: number]>();
  let outside = 0;
  return {
    from,
    through,
    add(order: RevenueOrder): void {
      if (order.date <= from || order.date > through) {
        outside++;
        return;
      }
      let sums = byId.get(order.customer_id);
      if (!sums) {
        sums = [0, 0];
        byId.set(order.customer_id, sums);
      }
      sums[order.date <= t ? 0 : 1] += order.amount;
    },
    /** Cents before and after T by customer id. */
    result: (): ReadonlyMap<string, readonly [number, number]> => byId,
    outside: () => outside,
  };
}
