/**
 * How many dated rows fall in the window an analysis counts (README "Dates"):
 * an export of the wrong period, or a wrong --as-of, leaves the window
 * (nearly) empty and every figure zero; that is said, never silent.
 */
import { grouped, type Problem } from '../errors.js';
import { type Day, formatDay } from '../schema/calendar.js';

export interface DateWindow {
  /** First day counted (inclusive). */
  from: Day;
  /** Last day counted (inclusive). */
  to: Day;
}

/** Under this share of rows in the window, the window is as good as empty. */
export const THIN_WINDOW_SHARE = 0.01;

export class WindowCoverage {
  rows = 0;
  inWindow = 0;
  first = Number.POSITIVE_INFINITY;
  last = Number.NEGATIVE_INFINITY;

  constructor(readonly window: DateWindow) {}

  add(day: Day): void {
    this.rows++;
    if (day >= this.window.from && day <= this.window.to) this.inWindow++;
    if (day < this.first) this.first = day;
    if (day > this.last) this.last = day;
  }

  /**
   * A warning when rows were read but fewer than 1% of them fall in the
   * window: the window, the file's own date range and --as-of, named.
   */
  problem(file: string, what: string, windowName: string, asOf: Day): Problem | undefined {
    if (this.rows === 0 || this.inWindow >= THIN_WINDOW_SHARE * this.rows) return undefined;
    const pct = ((this.inWindow / this.rows) * 100).toFixed(this.inWindow === 0 ? 0 : 1);
    // What set the window is what to check: --from/--to when given, else --as-of.
    const check = windowName === '--from/--to' ? 'check --from/--to' : `check --as-of ${formatDay(asOf)}`;
    return {
      severity: 'warning',
      file,
      line: 0,
      code: 'W_EMPTY_WINDOW',
      message: `${grouped(this.inWindow)} of ${grouped(this.rows)} ${what} (${pct}%) fall in the window ${formatDay(this.window.from)} to ${formatDay(this.window.to)} (${windowName}), but the file's dates run from ${formatDay(this.first)} to ${formatDay(this.last)}; ${check} or the export's period`,
    };
  }
}
