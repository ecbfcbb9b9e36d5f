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

/** What revenue is, said before each source. */
const REVENUE = 'revenue (what each account bought from us)';

/**
 * One line: where revenue came from, in words a newcomer reads without the docs (what the figure is, where it was
 * read, the other source); a view passes its number formatter so the figures read as its tables do.
 */
export function describeRevenueSource(source: RevenueSource, n: Figures = PLAIN): string {
  switch (source.kind) {
    case 'column':
      return `${REVENUE} is the "${source.column}" column of ${source.file}; without that column plan sums orders.csv over the 12 months to --as-of`;
    case 'none':
      return `${REVENUE} is 0 for every account: ${source.file} has no revenue_12m column and there is no orders.csv; give either one for revenue, share of wallet and headroom`;
    case 'orders': {
      const lines = (count: number) => `${n.int(count)} line${count === 1 ? '' : 's'}`;
      const none = source.noCustomer
        ? `, of which ${lines(source.noCustomer.rows)} (${n.money(unitsOfCents(source.noCustomer.revenueCents))}) without a customer id`
        : '';
      return `${REVENUE} is ${source.file} summed from ${source.window.from} to ${source.window.to} (the 12 months to --as-of): ${lines(source.rows)}, total ${n.money(unitsOfCents(source.totalCents))}${none}`;
    }
  }
}
