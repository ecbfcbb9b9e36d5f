/**
 * Revenue with us per account (README "Where revenue comes from"): a
 * customers.csv column whose name says "our sales over a period"
 * (`revenue_12m` and its aliases), else orders.csv summed over the 12 months
 * to --as-of. A CRM's `revenue` / `Annual Revenue` is the account's own
 * turnover and never stands in for it. Every analysis says which source it
 * used (RevenueSource).
 */
import { addMonths, type Day, formatDay } from '../schema/calendar.js';
import type { OrderRow } from '../schema/files.js';
import { centsText, ExactSum, MAX_MONEY_UNITS, moneyOf } from '../schema/money.js';
import type { OrderTally } from './cost.js';
import { type NoCustomer, type UnknownKeyReport, unknownKeyReport } from './references.js';
import { type DateWindow, WindowCoverage } from './window.js';

type RevenueOrder = Pick<OrderRow, 'customer_id' | 'date' | 'amount'>;

export type RevenueSource =
  | { kind: 'column'; file: string; column: string }
  | {
      kind: 'orders';
      file: string;
      window: { from: string; to: string };
      /** Order lines in the window, and their sum (returns included); `totalCents` is that sum exact, in whole cents. */
      rows: number;
      total: number;
      totalCents: string;
      /** Lines in the window without a customer id: in `total`, in no account's revenue. */
      noCustomer: { rows: number; revenue: number; revenueCents: string } | null;
    }
  | { kind: 'none'; file: string };

/** The 12 months to `asOf`, as plan segment and plan cost count them. */
export function revenueWindow(asOf: Day): DateWindow {
  return { from: addMonths(asOf, -12) + 1, to: asOf };
}

/** Revenue of the 12 months up to `asOf` per customer, in money units, folded from order lines. */
export function sumRevenue12m(asOf: Day) {
  const window = revenueWindow(asOf);
  const byId = new Map<string, number>();
  const total = new ExactSum();
  const coverage = new WindowCoverage(window);
  const none = { rows: 0, units: new ExactSum(), firstLine: 0 };
  let overflowLine = 0;
  return {
    add(order: Pick<OrderRow, 'customer_id' | 'date' | 'amount' | 'line'>): void {
      coverage.add(order.date);
      if (order.date < window.from || order.date > window.to) return;
      total.add(order.amount);
      if (order.customer_id === undefined) {
        if (none.rows++ === 0) none.firstLine = order.line;
        none.units.add(order.amount);
        return;
      }
      const sum = (byId.get(order.customer_id) ?? 0) + order.amount;
      if (Math.abs(sum) > MAX_MONEY_UNITS) overflowLine ||= order.line;
      byId.set(order.customer_id, sum);
    },
    result: (): ReadonlyMap<string, number> => byId,
    coverage,
    /** Line where one customer's sum passed the bound of schema/money.ts (0: none). */
    overflowLine: () => overflowLine,
    noCustomer: () => (none.rows > 0 ? { rows: none.rows, firstLine: none.firstLine, revenue: moneyOf(none.units.value()) } : null),
    source: (file: string) => ordersSource(file, window, coverage.inWindow, total.value(), none.rows, none.units.value()),
  };
}

/** Revenue summed from orders.csv: `rows` lines in `window` adding up to `total` units, `noCustomer` of them without a customer id. */
export function ordersSource(
  file: string,
  window: DateWindow,
  rows: number,
  total: bigint,
  noCustomer: number,
  noCustomerUnits: number | bigint,
): RevenueSource {
  return {
    kind: 'orders',
    file,
    window: { from: formatDay(window.from), to: formatDay(window.to) },
    rows,
    total: moneyOf(total),
    totalCents: centsText(total),
    noCustomer: noCustomer > 0 ? { rows: noCustomer, revenue: moneyOf(noCustomerUnits), revenueCents: centsText(noCustomerUnits) } : null,
  };
}

/**
 * Revenue before and after a day T over a horizon (the backtest): before =
 * dates in (T - horizon, T], after = (T, T + horizon]. Order lines outside
 * both, and lines without a customer id, are counted, never summed.
 */
export function sumRevenueAround(t: Day, horizonMonths: number) {
  const from = addMonths(t, -horizonMonths);
  const through = addMonths(t, horizonMonths);
  const byId = new Map<string, [before: number, after: number]>();
  let outside = 0;
  let last = Number.NEGATIVE_INFINITY;
  return {
    from,
    through,
    add(order: RevenueOrder): void {
      if (order.date > last) last = order.date;
      if (order.date <= from || order.date > through || order.customer_id === undefined) {
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
    /** Money units (ten-thousandths) before and after T by customer id. */
    result: (): ReadonlyMap<string, readonly [number, number]> => byId,
    outside: () => outside,
    /** The latest order date of the file (undefined without order lines). */
    lastDate: (): Day | undefined => (Number.isFinite(last) ? last : undefined),
  };
}

/** Net revenue per account over the periods of an order tally (plan focus), and the order lines it leaves out. */
export interface PeriodRevenue {
  /** Per period of the tally: each account's net amount in money units, by position in customers.csv. */
  byPeriod: Float64Array[];
  ignored: {
    /** Valid order lines read. */
    read: number;
    /** Lines of accounts in customers.csv dated in one of the periods. */
    counted: number;
    /** Lines dated in none of the periods. */
    outside: number;
    /** Lines in a period for customers not in customers.csv. */
    unknownCustomers: UnknownKeyReport;
    /** Lines in a period without a customer id, and their net amount. */
    noCustomer: NoCustomer | null;
  };
}

/**
 * The tally's period sums by account: `positions[i]` is the position in
 * customers.csv of the tally's customer i (-1: not there), `accounts` the
 * number of accounts.
 */
export function periodRevenue(tally: OrderTally, positions: Int32Array, accounts: number): PeriodRevenue {
  const periods = tally.periods.length;
  const byPeriod = Array.from({ length: periods }, () => new Float64Array(accounts));
  const unknown: { key: string; count: number; firstLine: number }[] = [];
  const none = tally.noCustomerIndex();
  let noCustomer: NoCustomer | null = null;
  let counted = 0;
  for (let i = 0; i < tally.customers; i++) {
    const rows = tally.periodRows(i);
    if (rows === 0) continue;
    const at = positions[i] ?? -1;
    if (i === none) {
      const units = new ExactSum();
      for (let p = 0; p < periods; p++) units.add(tally.periodAmount(i, p));
      noCustomer = { rows, firstLine: tally.periodFirstLine(i), revenue: moneyOf(units.value()) };
    } else if (at < 0) unknown.push({ key: tally.customerId(i), count: rows, firstLine: tally.periodFirstLine(i) });
    else {
      counted += rows;
      for (let p = 0; p < periods; p++) (byPeriod[p] as Float64Array)[at] = tally.periodAmount(i, p);
    }
  }
  return {
    byPeriod,
    ignored: { read: tally.records, counted, outside: tally.periodOutside, unknownCustomers: unknownKeyReport(unknown), noCustomer },
  };
}
