/** Revenue of the 12 months up to `asOf` per customer, in cents, folded from order lines. */
import type { Day } from '../schema/calendar.js';
import { addMonths } from '../schema/calendar.js';
import type { OrderRow } from '../schema/files.js';

export function sumRevenue12m(asOf: Day) {
  const from = addMonths(asOf, -12);
  const byId = new Map<string, number>();
  return {
    add(order: Pick<OrderRow, 'customer_id' | 'date' | 'amount'>): void {
      if (order.date <= from || order.date > asOf) return;
      byId.set(order.customer_id, (byId.get(order.customer_id) ?? 0) + order.amount);
    },
    result: (): ReadonlyMap<string, number> => byId,
  };
}
