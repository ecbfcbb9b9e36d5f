/** Where revenue came from (core/revenue.ts's RevenueSource), in words: for standard error and the notes of a view. */
import type { RevenueSource } from '../core/revenue.js';
import { grouped } from '../errors.js';
import type { NumberFormat } from '../render/numbers.js';
import { unitsOfCents, unitsText } from '../schema/money.js';

type Figures = Pick<NumberFormat, 'int' | 'money'>;

/** Made when a figure is first written: Intl's number data costs a run that writes none some 15 ms. */
let twoDecimals: Intl.NumberFormat | undefined;
function cents(value: number | `${number}`): string {
  twoDecimals ??= new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return twoDecimals.format(value);
}
/** Standard error's figures: grouped, money to the cent without a currency (exact: the decimal string of the cents). */
const PLAIN: Figures = {
  int: (value) => grouped(value),
  money: (value) => cents(typeof value === 'bigint' ? (unitsText(value) as `${number}`) : value),
};

/** One line: where revenue came from; a view passes its number formatter so the figures read as its tables do. */
export function describeRevenueSource(source: RevenueSource, n: Figures = PLAIN): string {
  switch (source.kind) {
    case 'column':
      return `revenue: column "${source.column}" of ${source.file}`;
    case 'none':
      return `revenue: none (${source.file} has no revenue_12m column and there is no orders.csv): counted as 0`;
    case 'orders': {
      const lines = (count: number) => `${n.int(count)} line${count === 1 ? '' : 's'}`;
      const none = source.noCustomer
        ? `, of which ${lines(source.noCustomer.rows)} (${n.money(unitsOfCents(source.noCustomer.revenueCents))}) without a customer id`
        : '';
      return `revenue: ${source.file} summed from ${source.window.from} to ${source.window.to} (12 months to --as-of): ${lines(source.rows)}, total ${n.money(unitsOfCents(source.totalCents))}${none}`;
    }
  }
}
