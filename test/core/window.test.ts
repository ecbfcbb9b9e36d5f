import { describe, expect, it } from 'vitest';
import { WindowCoverage } from '../../src/core/window.js';
import { type Day, parseIsoDay } from '../../src/schema/calendar.js';

const day = (text: string) => parseIsoDay(text) as Day;

describe('WindowCoverage: a (nearly) empty window is said', () => {
  const window = { from: day('2026-01-01'), to: day('2026-12-31') };
  const fill = (inside: number, outside: number) => {
    const c = new WindowCoverage(window);
    for (let i = 0; i < outside; i++) c.add(day('2019-05-01') + i);
    for (let i = 0; i < inside; i++) c.add(day('2026-03-01'));
    return c;
  };

  it('warns under 1% in the window, naming the window, the dates and --as-of', () => {
    expect(fill(0, 3).problem('orders.csv', 'order lines', 'the 12 months to --as-of', day('2026-12-31'))).toEqual({
      severity: 'warning',
      file: 'orders.csv',
      line: 0,
      code: 'W_EMPTY_WINDOW',
      message:
        "0 of 3 order lines (0%) fall in the window 2026-01-01 to 2026-12-31 (the 12 months to --as-of), but the file's dates run from 2019-05-01 to 2019-05-03; check --as-of 2026-12-31 or the export's period",
    });
    // 1 of 101 is 0.99%: still under 1%.
    expect(fill(1, 100).problem('orders.csv', 'order lines', 'x', day('2026-12-31'))?.message).toMatch(/^1 of 101 order lines \(1\.0%\)/);
  });

  it('with --from/--to given, says to check them, not --as-of (which did not set the window)', () => {
    expect(fill(0, 3).problem('orders.csv', 'order lines', '--from/--to', day('2026-12-31'))?.message).toBe(
      "0 of 3 order lines (0%) fall in the window 2026-01-01 to 2026-12-31 (--from/--to), but the file's dates run from 2019-05-01 to 2019-05-03; check --from/--to or the export's period",
    );
  });

  it('is quiet at 1% and over, and for an empty file', () => {
    expect(fill(1, 99).problem('f', 'rows', 'x', 0)).toBeUndefined();
    expect(fill(0, 0).problem('f', 'rows', 'x', 0)).toBeUndefined();
  });
});
