/**
 * activities.csv on the byte path (io/fast-read.ts): each clean time entry
 * goes to `add` as the row the schema makes of it (schema/files.ts
 * activitySchema): the rep's id (interned by its bytes), the activity as a categorical text (decoded
 * once per distinct spelling), the hours from money units (a plain number
 * of at most four decimals, read as its decimal text: the same float the
 * schema's parse gives), the date; a week cell as an ISO week (`2026-W45`)
 * or an ISO date, each distinct text parsed once. Entries the schema must
 * type (hours out of 0..168, a week in another form, any cell not plain)
 * go to `add` from the row schema, with its located problems.
 */
import { mondayOfIsoWeek, parseIsoDay, parseIsoWeek } from '../schema/calendar.js';
import { type ActivityRow, BOUNDS, FILES } from '../schema/files.js';
import { KeyTable } from '../schema/keys.js';
import { MONEY_SCALE } from '../schema/money.js';
import { type ColumnPlan, type FastOutcome, readFast } from './fast-read.js';
import type { InputRef } from './source.js';
import type { ReadContext } from './table.js';

/** Positions of the cells of activities.csv in the plan's `cells` (the hours, money units, last: fast-read.ts). */
const AT = { rep: 0, activity: 1, date: 2, week: 3, hours: 4 } as const;
const MAX_UNITS = BOUNDS.hours * MONEY_SCALE;

/**
 * Reads activities.csv into `add` on the byte path. On `{ used: false }`
 * `add` may have had part of the file: start again with the general reader.
 */
export function readActivitiesFast(
  input: InputRef,
  ctx: ReadContext,
  add: (row: ActivityRow) => void,
  /** Tests: scan at most this many bytes at a time, to put chunk boundaries everywhere. */
  windowBytes = Number.POSITIVE_INFINITY,
): Promise<FastOutcome> {
  // A week cell's text as the schema's weekParser reads it: an ISO week's Monday, an ISO date itself; NaN: neither.
  const weeks = new Map<string, number>();
  const weekOf = (text: string): number => {
    let monday = weeks.get(text);
    if (monday === undefined) {
      const week = parseIsoWeek(text);
      monday = week ? mondayOfIsoWeek(week) : (parseIsoDay(text) ?? Number.NaN);
      weeks.set(text, monday);
    }
    return monday;
  };
  // Reps interned by their id's bytes: each distinct id decoded once (a few hundred reps, millions of entries).
  const reps = new KeyTable();
  const repIds: string[] = [];
  const repOf = (bytes: Uint8Array, start: number, end: number): string => {
    const i = reps.intern(bytes, start, end);
    if (i === repIds.length) repIds.push(reps.key(i));
    return repIds[i] as string;
  };
  const plan: ColumnPlan<ActivityRow> = {
    spec: FILES.activities,
    cells: [
      ['rep', 'key'],
      ['activity', 'text'],
      ['date', 'day'],
      ['week', 'text'],
      ['hours', 'money'],
    ],
    optional: ['date'],
    label: () => undefined,
    accept: ({ value, text }) => {
      const hours = value[AT.hours] as number;
      const week = text[AT.week];
      return hours >= 0 && hours <= MAX_UNITS && text[AT.activity] !== undefined && (week === undefined || !Number.isNaN(weekOf(week)));
    },
    clean: ({ bytes, start, end, value, text }, line) => {
      // A column not in the file: start -1 (its value is not set); an empty date: NaN.
      const date = (start[AT.date] as number) < 0 ? Number.NaN : (value[AT.date] as number);
      const week = text[AT.week];
      add({
        rep: repOf(bytes, start[AT.rep] as number, end[AT.rep] as number),
        activity: text[AT.activity] as string,
        hours: (value[AT.hours] as number) / MONEY_SCALE,
        date: Number.isNaN(date) ? undefined : date,
        week: week === undefined ? undefined : weekOf(week),
        line,
      });
    },
    typed: add,
  };
  return readFast(plan, input, ctx, {}, windowBytes);
}
