/**
 * activities.csv on the byte path (io/fast-activities.ts over io/fast-read.ts)
 * against the general reader (io/table.ts): the time tally (hours per rep and
 * activity, weeks, counted, outside and undated rows, week mismatches, first
 * lines), the problems and the errors must be the same, on generated files
 * and on the demo data, in any chunking.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { activityTally, type TimeTally } from '../../src/core/time.js';
import { readActivitiesFast } from '../../src/io/fast-activities.js';
import type { FastOutcome } from '../../src/io/fast-read.js';
import { fold, type ReadContext, readTable } from '../../src/io/table.js';
import { parseIsoDay } from '../../src/schema/calendar.js';
import { FILES } from '../../src/schema/files.js';
import { AWKWARD_IDS, cell, fileWriter, type ReadOutcome, readOutcome } from '../helpers/fast-read.js';

const AS_OF = parseIsoDay('2026-11-27') as number;

interface Outcome extends ReadOutcome {
  tally: unknown;
}

/** The tally in a comparable form (its maps as entries, in insertion order: the order rows came in). */
const snapshot = (t: TimeTally) => ({
  ...t,
  hours: [...t.hours].map(([rep, activities]) => [rep, [...activities]]),
  mondays: [...t.mondays],
  firstLine: [...t.firstLine],
});

async function both(
  path: string,
  options: ReadContext['options'] = {},
  windowBytes?: number,
  period = { from: undefined as number | undefined, to: undefined as number | undefined },
): Promise<{ general: Outcome; fast: Outcome }> {
  const input = { path, label: 'activities.csv' };
  const run = async (fast: boolean): Promise<Outcome> => {
    let time = activityTally(period, AS_OF);
    let read: FastOutcome | undefined;
    const outcome = await readOutcome(options, async (ctx) => {
      if (!fast) return fold(readTable(FILES.activities, input, ctx), time.add);
      read = await readActivitiesFast(input, ctx, time.add, windowBytes);
      // Stepped aside (as analyses/dataset.ts does): a fresh tally from the general reader (which may stop the read).
      if (!read.used) {
        time = activityTally(period, AS_OF);
        await fold(readTable(FILES.activities, input, ctx), time.add);
      }
    });
    const stepped = read && !read.used ? { used: false, reason: read.reason } : {};
    return { ...outcome, ...stepped, tally: snapshot(time.tally) };
  };
  return { general: await run(false), fast: await run(true) };
}

const write = fileWriter('activities');

describe('activities.csv on the byte path: differential against the general reader', () => {
  const pick = <T>(...values: T[]) => fc.constantFrom(...values);
  const rep = pick('R1', 'R1', 'R2', 'R 3', ' R1', 'R1 ', ...AWKWARD_IDS);
  const activity = pick(
    'sales calls',
    'Sales-Calls',
    'invoicing',
    'travel',
    'misc',
    ' travel',
    'travel\u00a0',
    '',
    '#N/A',
    'Außendienst',
    'a "b"',
  );
  // Plain hours, comma decimals, five decimals, out of bounds, negative, signs, grouping, currency, text, empty.
  const hours = pick('4', '0.75', '7.5', '0,5', '1.23456', '168', '168.0001', '-1', '+2', '1,234', '€3', 'x', '', '0', '-0', '12.5000');
  // Days inside and outside the period, not ISO, empty.
  const date = pick(
    '2026-11-20',
    '2026-06-01',
    '2025-11-01',
    '2027-01-01',
    '2026-02-30',
    '2026-06-01T10:00',
    '27.11.2026',
    '',
    ' 2026-04-01',
  );
  // ISO weeks, a date for its week, another form, empty.
  const week = pick('2026-W40', '2026-W23', '2026-W53', '2020-W53', '2026-06-03', 'W40', '2026-w40', '', '#N/A', ' 2026-W40');
  const row = fc.tuple(rep, activity, hours, date, week, fc.boolean());
  const reasons: string[] = [];

  it('yields exactly the tally, problems and errors of the general reader on generated files', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 0, maxLength: 40 }),
        fc.record({
          eol: pick('\n', '\r\n'),
          quoteAll: fc.boolean(),
          windowBytes: fc.integer({ min: 1, max: 200 }),
          header: pick('rep,activity,hours,date,week', 'week,hours,Activity,rep', 'rep,activity,hours,date', 'rep,activity,hours'),
          period: pick({ from: undefined, to: undefined }, { from: parseIsoDay('2026-01-01') as number, to: parseIsoDay('2026-09-30') }),
        }),
        async (rows, { eol, quoteAll, windowBytes, header, period }) => {
          const columns = header.toLowerCase().split(',');
          const index = { rep: 0, activity: 1, hours: 2, date: 3, week: 4 } as Record<string, number>;
          const lines = rows.map((r) => columns.map((c) => cell(r[index[c] as number] as string, r[5] || quoteAll)).join(','));
          const path = write([header, ...lines].join(eol) + eol);
          const { general, fast } = await both(path, { delimiter: ',' }, windowBytes, period);
          reasons.push(fast.reason ?? 'used');
          expect({ ...fast, used: true, reason: undefined }).toEqual(general);
        },
      ),
      { numRuns: 300 },
    );
    // The byte path read most files itself; it steps aside only when the hours' decimal mark is left undecided
    // (`1,234` and no other decimal: a thousand hours or one and a quarter).
    for (const reason of reasons) expect(['used', 'decimal marks the values do not decide']).toContain(reason);
    expect(reasons.filter((r) => r === 'used').length).toBeGreaterThan(200);
  });

  it('steps aside when the hours leave the decimal mark undecided, and the general reader says why', async () => {
    const path = write(['rep,activity,hours', 'R1,travel,"1,234"', 'R1,travel,4'].join('\n'));
    const { general, fast } = await both(path);
    expect(fast.used).toBe(false);
    expect(fast.reason).toBe('decimal marks the values do not decide');
    expect({ ...fast, used: true, reason: undefined }).toEqual(general);
    expect(JSON.stringify(general.problems)).toContain('1,234');
  });

  it('a semicolon file with decimal commas', async () => {
    const path = write(
      ['rep;activity;hours;date', 'R1;sales calls;7,5;2026-11-02', 'R1;invoicing;0,25;2026-11-03', 'R2;travel;12;2026-11-03'].join('\n'),
    );
    const { general, fast } = await both(path);
    expect(fast.used).toBe(true);
    expect(fast).toEqual(general);
    // By hand: R1 7.5 h of sales calls and 0.25 h of invoicing, R2 12 h of travel, in ISO week 2026-W45.
    expect((fast.tally as { hours: unknown }).hours).toEqual([
      [
        'R1',
        [
          ['sales calls', 7.5],
          ['invoicing', 0.25],
        ],
      ],
      ['R2', [['travel', 12]]],
    ]);
    expect((fast.tally as { counted: unknown }).counted).toEqual({ rows: 3, hours: 19.75 });
  });

  it('on the demo time sheets (weeks, not dates), in any chunking', async () => {
    for (const windowBytes of [undefined, 1, 97, 4096]) {
      const { general, fast } = await both('fixtures/demo/activities.csv', {}, windowBytes);
      expect(fast.used).toBe(true);
      expect(fast).toEqual(general);
    }
  });
});
