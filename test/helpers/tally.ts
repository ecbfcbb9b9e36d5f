/** What an OrderTally holds per customer, in its order, for comparing tallies in tests. */
import type { OrderTally } from '../../src/core/cost.js';

/** Each customer's id and figures (rows, first line, orders and amounts by channel, revenue), index by index. */
export function customerFigures(t: OrderTally) {
  return Array.from({ length: t.customers }, (_, i) => ({
    id: t.customerId(i),
    rows: t.rowsOf(i),
    firstLine: t.firstLine(i),
    orders: [0, 1, 2, 3].map((c) => t.orders(i, c)),
    amounts: [0, 1, 2, 3].map((c) => t.amount(i, c)),
    revenue: t.revenueOf(i),
  }));
}
