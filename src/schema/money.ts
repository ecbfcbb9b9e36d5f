/**
 * Money read from inputs (order `amount`, `revenue_12m`) is an integer count
 * of ten-thousandths of the currency unit: `0.125` is 1250, `1,234.50` is
 * 12345000. Four decimals keep unit prices and three-decimal currencies
 * (BHD, KWD, TND) exact; sums are integers (BigInt past 2^53), and a figure
 * is rounded to the cent once, when it leaves the analysis for printing.
 * SQL Server's `money` type makes the same choice of four decimals.
 */

export const MONEY_DECIMALS = 4;
export const MONEY_SCALE = 10_000;
/**
 * The largest amount read, in currency units: 900 billion. Scaled, it stays
 * below 2^53, so every amount is an exact integer in a JavaScript number.
 * Larger (or non-finite) values are located errors, never Infinity.
 */
export const MAX_MONEY = 900_000_000_000;
export const MAX_MONEY_UNITS = MAX_MONEY * MONEY_SCALE;

/** Currency units -> scaled integer (for figures that are not read from a file, e.g. channel costs). */
export function toUnits(value: number): number {
  return Math.round(value * MONEY_SCALE);
}

/**
 * A scaled integer (number or BigInt) -> currency units rounded to the cent,
 * half away from zero: the one rounding money gets.
 */
export function moneyOf(units: number | bigint): number {
  const per = MONEY_SCALE / 100;
  if (typeof units === 'number' && Number.isSafeInteger(units)) {
    const cents = Math.round(Math.abs(units) / per);
    return cents === 0 ? 0 : (Math.sign(units) * cents) / 100;
  }
  return Number(centsText(units)) / 100;
}

/**
 * A scaled integer -> a whole count of 10^-decimals currency units (decimals
 * 0 to 4; 2 is cents), rounded half away from zero; exact at any size.
 */
export function roundUnits(units: number | bigint, decimals: number): bigint {
  const big = typeof units === 'bigint' ? units : BigInt(Math.round(units));
  const per = 10n ** BigInt(MONEY_DECIMALS - Math.max(0, Math.min(MONEY_DECIMALS, decimals)));
  const negative = big < 0n;
  const rounded = ((negative ? -big : big) + per / 2n) / per;
  return negative ? -rounded : rounded;
}

/**
 * `roundUnits(units, 2)` as a number (whole cents), in integer arithmetic
 * without a BigInt while the value allows (a million accounts' revenue is
 * rounded per account).
 */
export function centsOfUnits(units: number): number {
  const u = Math.round(units);
  const a = Math.abs(u);
  if (!(a <= 2 ** 52)) return Number(roundUnits(units, 2));
  // a / 100 may round up to the next integer: the remainder, exact below 2^53, corrects it.
  let q = Math.floor(a / 100);
  let r = a - q * 100;
  if (r < 0) {
    q--;
    r += 100;
  } else if (r >= 100) {
    q++;
    r -= 100;
  }
  const cents = r >= 50 ? q + 1 : q;
  return cents === 0 ? 0 : u < 0 ? -cents : cents;
}

/** A scaled integer -> whole cents as a decimal string, exact at any size (half away from zero). */
export function centsText(units: number | bigint): string {
  return roundUnits(units, 2).toString();
}

/**
 * A scaled integer -> currency units as a decimal string with `decimals`
 * places (`1234.57`), rounded once (half away from zero), exact at any size:
 * what the number formatter hands Intl, which formats a decimal string as written.
 */
export function unitsText(units: number | bigint, decimals = 2): string {
  const rounded = roundUnits(units, decimals);
  const places = Math.max(0, Math.min(MONEY_DECIMALS, decimals));
  const digits = (rounded < 0n ? -rounded : rounded).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  return `${rounded < 0n ? '-' : ''}${whole}${places > 0 ? `.${digits.slice(digits.length - places)}` : ''}`;
}

/** Whole cents (the `revenueCents` strings of JSON results) -> the scaled integer, exact. */
export function unitsOfCents(cents: string | bigint): bigint {
  return BigInt(cents) * BigInt(MONEY_SCALE / 100);
}

/** A scaled integer -> currency units, unrounded (for ratios and shares). */
export function unitsToNumber(units: number | bigint): number {
  return Number(units) / MONEY_SCALE;
}

/** Integer sums of any size: a float accumulator while it is exact, BigInt beyond. */
export class ExactSum {
  private small = 0;
  private big = 0n;
  add(n: number | bigint): void {
    // |small| stays under 2^51 (exact); big addends go straight to the BigInt.
    if (typeof n === 'bigint' || n > 2 ** 50 || n < -(2 ** 50)) {
      this.big += BigInt(n);
      return;
    }
    this.small += n;
    if (this.small > 2 ** 50 || this.small < -(2 ** 50)) this.flush();
  }
  private flush(): void {
    this.big += BigInt(this.small);
    this.small = 0;
  }
  value(): bigint {
    this.flush();
    return this.big;
  }
}

/**
 * `sum + units` while it stays within the bound (and so exact in a plain
 * number); undefined past it, for the caller to report instead of losing cents.
 */
export function addUnits(sum: number, units: number): number | undefined {
  const next = sum + units;
  return next > MAX_MONEY_UNITS || next < -MAX_MONEY_UNITS ? undefined : next;
}
