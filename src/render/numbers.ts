/**
 * The one number formatter of every human view (table, md, html, prose in
 * notes): Intl.NumberFormat in the config locale and currency. Counts are
 * whole, money carries its currency, shares are percentages, differences of
 * shares are percentage points ("pts"). CSV and JSON keep raw values.
 */
import { currencyCode, supportedLocale } from '../schema/config.js';
import { MONEY_DECIMALS, MONEY_SCALE, unitsText } from '../schema/money.js';

export interface NumberFormat {
  readonly locale: string;
  readonly currency: string;
  /** A count: rounded to a whole number, grouped (`1,234`). */
  int(value: number | bigint): string;
  /** A plain figure with at most `digits` decimals (default 2) and at least `minDigits` (default 0). */
  number(value: number, digits?: number, minDigits?: number): string;
  /**
   * Money with its currency, to the cent (the currency's minor unit: `€1,234.50`,
   * `€12.00`, `￥1,235`); `digits` allows up to 4 decimals for unit costs
   * (`€0.025`). A bigint is the exact scaled integer of schema/money.ts
   * (ten-thousandths), rounded here once and exactly at any size; a number is
   * currency units as an analysis hands them (already rounded to the cent, so
   * exact to the cent below 2^46, about 70 trillion).
   */
  money(value: number | bigint, digits?: number): string;
  /**
   * Money estimated from market figures (market spend, potential, headroom):
   * with its currency, rounded once to whole currency units (`€178,129,200`).
   */
  estimate(value: number | bigint): string;
  /**
   * Money in whole thousands with its currency and a `k` (`€15,457k`), rounded once from the exact value, half away
   * from zero: a table too narrow for its money to the cent (render/table.ts, a `compact` column).
   */
  thousands(value: number | bigint): string;
  /** A share 0..1 as a percentage with `digits` decimals (default 1): `12.3%`. */
  percent(share: number, digits?: number): string;
  /** A difference of two shares in percentage points, signed: `+10.0 pts`. */
  points(difference: number, digits?: number): string;
}

const cache = new Map<string, NumberFormat>();

/** The formatter for a locale and currency (created once: Intl formatters are costly to build). */
export function numberFormat(locale: string, currency: string): NumberFormat {
  const key = `${locale}\u0000${currency}`;
  let format = cache.get(key);
  if (!format) {
    format = createNumberFormat(supportedLocale(locale) ?? 'en-GB', currencyCode(currency) ?? 'EUR');
    cache.set(key, format);
  }
  return format;
}

function createNumberFormat(locale: string, currency: string): NumberFormat {
  const formatters = new Map<string, Intl.NumberFormat>();
  const get = (key: string, options: Intl.NumberFormatOptions) => {
    let f = formatters.get(key);
    if (!f) {
      f = new Intl.NumberFormat(locale, options);
      formatters.set(key, f);
    }
    return f;
  };
  const money = (min: number, max: number) =>
    get(`money ${min} ${max}`, {
      style: 'currency',
      currency,
      currencyDisplay: 'narrowSymbol',
      minimumFractionDigits: min,
      maximumFractionDigits: max,
      // A figure that rounds to zero reads 0.00, never -0.00.
      signDisplay: 'negative',
    });
  const minor = new Intl.NumberFormat(locale, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return {
    locale,
    currency,
    int: (value) => get('int', { maximumFractionDigits: 0 }).format(value),
    number: (value, digits = 2, minDigits = 0) =>
      get(`number ${digits} ${minDigits}`, { minimumFractionDigits: Math.min(minDigits, digits), maximumFractionDigits: digits }).format(
        value,
      ),
    money(value, digits) {
      const most = Math.max(minor, Math.min(MONEY_DECIMALS, digits ?? minor));
      // The one rounding money gets, on the exact value: integer arithmetic on a bigint, Intl's own on a number.
      return money(minor, most).format(typeof value === 'bigint' ? (unitsText(value, most) as `${number}`) : value);
    },
    estimate: (value) => money(0, 0).format(typeof value === 'bigint' ? (unitsText(value, 0) as `${number}`) : value),
    thousands(value) {
      const k = typeof value === 'bigint' ? thousandsOfUnits(value) : Math.sign(value) * Math.round(Math.abs(value) / 1000);
      const parts = money(0, 0).formatToParts(typeof k === 'bigint' ? (k.toString() as `${number}`) : k);
      const last = parts.map((p) => p.type).lastIndexOf('integer');
      return parts.map((p, i) => (i === last ? `${p.value}k` : p.value)).join('');
    },
    percent: (share, digits = 1) =>
      get(`percent ${digits}`, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(share),
    points: (difference, digits = 1) =>
      `${get(`points ${digits}`, { minimumFractionDigits: digits, maximumFractionDigits: digits, signDisplay: 'exceptZero' }).format(difference * 100)} pts`,
  };
}

/** A scaled integer (ten-thousandths) -> whole thousands of currency units, half away from zero, exact at any size. */
function thousandsOfUnits(units: bigint): bigint {
  const per = BigInt(MONEY_SCALE) * 1000n;
  const negative = units < 0n;
  const k = ((negative ? -units : units) + per / 2n) / per;
  return negative ? -k : k;
}
