/**
 * The analyses `plan report` runs, in page order: which command, with which
 * arguments, what it needs, its headline figures and the metrics `--fail-on`
 * can test. Each section is the command's own run: nothing is computed twice.
 */
import type { CommandSpec } from '../cli/command.js';
import { contactCommand } from '../cli/commands/contact.js';
import { costCommand } from '../cli/commands/cost.js';
import { scheduleCommand } from '../cli/commands/schedule.js';
import { segmentCommand } from '../cli/commands/segment.js';
import { timeCommand } from '../cli/commands/time.js';
import type { BarChart, Figure } from '../render/document.js';
import { type Day, formatIsoWeek, isoWeekOf } from '../schema/calendar.js';
import type { FileKey } from '../schema/config.js';
import { unitsOfCents } from '../schema/money.js';

export interface Metric {
  count: number;
  /** What a share is of (accounts, hours, ...); absent when only a count makes sense. */
  of?: number;
  /** A share given directly (e.g. selling share of hours). */
  share?: number;
}

export interface ReportSection {
  name: string;
  title: string;
  // biome-ignore lint/suspicious/noExplicitAny: each command has its own option type
  command: CommandSpec<any>;
  /** Inputs without which the section is skipped (with a note). */
  needs: FileKey[];
  /** Arguments as on the command line (defaults for the report). */
  argv: (options: ReportOptions) => string[];
  headline: (data: unknown) => Figure[];
  metrics: (data: unknown) => Record<string, Metric>;
  charts?: (data: unknown) => BarChart[];
}

export interface ReportOptions {
  reassign: string[];
  shift: string[];
  /** The run's as-of day: the schedule section plans the ISO week after it. */
  asOf: Day;
}

// biome-ignore lint/suspicious/noExplicitAny: JSON data of a command, read defensively
type Json = any;

/** Accounts the report lists in the contact section and contact.csv. */
const CONTACT_LIST = 500;

export const SECTIONS: ReportSection[] = [
  {
    name: 'segment',
    title: 'Buying potential: segments by headroom',
    command: segmentCommand,
    needs: ['customers', 'market'],
    argv: () => [],
    headline: (d: Json) => [
      { label: 'headroom (market potential not won)', value: d.totals.headroom, type: 'money' },
      ...d.segments.slice(0, 3).map(
        (s: Json, i: number): Figure => ({
          label: `#${i + 1} segment by headroom`,
          value: `${s.segment} (${Math.round(s.headroomShare * 100)}%)`,
          type: 'text',
        }),
      ),
    ],
    metrics: (d: Json) => ({ unmatched: { count: d.coverage.none, of: d.totals.accounts } }),
    charts: (d: Json) => [
      {
        title: 'Headroom by segment (top 10, share of all headroom)',
        series: ['headroom share', 'penetration'],
        rows: d.segments.slice(0, 10).map((s: Json) => ({ label: s.segment, values: [s.headroomShare, s.penetration ?? 0] })),
      },
    ],
  },
  {
    name: 'cost',
    title: 'Cost to serve by ordering channel',
    command: costCommand,
    needs: ['orders'],
    argv: (o) => o.shift.flatMap((s) => ['--shift', s]),
    headline: (d: Json) => {
      const field = d.channels.find((c: Json) => c.channel === 'field');
      const figures: Figure[] = [
        { label: 'cost to serve (12 months)', value: unitsOfCents(d.totals.costCents), type: 'money' },
        { label: 'cost as share of revenue', value: d.totals.costToRevenue, type: 'percent' },
      ];
      if (field)
        figures.push({
          label: 'field: share of orders / of cost',
          value: (n) => `${n.percent(field.orderShare)} / ${n.percent(field.costShare)}`,
          type: 'text',
        });
      if (d.shift)
        figures.push({ label: `saving of ${d.shift.shifts.map((s: Json) => s.text).join(', ')}`, value: d.shift.saving, type: 'money' });
      return figures;
    },
    metrics: (d: Json) => ({ 'cost-share': { count: d.totals.cost, of: d.totals.revenue } }),
  },
  {
    name: 'contact',
    title: 'Contact: who has gone without, after the sale and before renewal',
    command: contactCommand,
    needs: ['customers', 'contacts'],
    // The most urgent accounts: a nightly page and CSV, not the whole book (plan contact --accounts has it).
    argv: () => ['--top', String(CONTACT_LIST)],
    headline: (d: Json) => [
      {
        label: 'accounts overdue for contact',
        value: (n) => `${n.int(d.totals.flags.overdue)} of ${n.int(d.totals.judged)}`,
        type: 'text',
      },
      {
        label: 'renewals at risk',
        value: (n) => `${n.int(d.totals.flags['renewal-risk'])} of ${n.int(d.totals.renewalsDue)} due within 90 days`,
        type: 'text',
      },
      { label: 'silent after the sale', value: d.totals.flags['post-sale-silence'], type: 'int' },
    ],
    metrics: (d: Json) =>
      Object.fromEntries(
        ['overdue', 'renewal-risk', 'post-sale-silence', 'service-only'].map((flag) => [
          flag,
          { count: d.totals.flags[flag], of: d.totals.judged },
        ]),
      ),
  },
  {
    name: 'schedule',
    title: "Next week's call lists: 60% planned, 40% free",
    command: scheduleCommand,
    needs: ['customers', 'reps'],
    // A nightly report looks at next week (plan schedule alone plans the rest of this one).
    argv: (o) => ['--week', formatIsoWeek(isoWeekOf(o.asOf + 7))],
    headline: (d: Json) => [
      {
        label: `planned calls ${d.weeks.map((w: Json) => w.week).join(', ')}`,
        value: (n) => `${n.int(d.totals.planned)} of ${n.int(d.totals.capacity)} slots (${n.int(d.totals.free)} left free)`,
        type: 'text',
      },
      { label: 'due calls that do not fit', value: (n) => `${n.int(d.totals.notFitted)} of ${n.int(d.totals.dueCalls)}`, type: 'text' },
    ],
    metrics: (d: Json) => ({ 'unplanned-due': { count: d.totals.notFitted, of: d.totals.dueCalls } }),
  },
  {
    name: 'time',
    title: 'Selling time, and what reassigning chores frees',
    command: timeCommand,
    needs: ['activities'],
    argv: (o) => (o.reassign.length > 0 ? ['--reassign', o.reassign.join(',')] : []),
    headline: (d: Json) => {
      const selling = d.team.classes.find((c: Json) => c.class === 'selling');
      const figures: Figure[] = [{ label: 'direct selling share', value: selling?.share ?? 0, type: 'percent' }];
      if (d.whatIf) {
        figures.push({
          label: `selling share after reassigning ${d.whatIf.reassign.join(', ')}`,
          value: d.whatIf.sellingShareAfter,
          type: 'percent',
        });
        figures.push({ label: 'hours freed for selling', value: d.whatIf.convertedHours, type: 'number' });
        figures.push({
          label: 'effective capacity gain',
          value: d.whatIf.gain ?? d.whatIf.gainNote,
          type: d.whatIf.gain === null ? 'text' : 'percent',
        });
      }
      return figures;
    },
    metrics: (d: Json) => {
      const selling = d.team.classes.find((c: Json) => c.class === 'selling');
      return { 'selling-share': { count: selling?.hours ?? 0, of: d.team.hours, share: selling?.share ?? 0 } };
    },
  },
];
