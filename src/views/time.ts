/** plan time's result as a document: reps by direct selling share, classes and activities, the what-if. */
import type { ClassHours, RepTime, TimeAnalysis, TimeClass, TimeWhatIfResult } from '../core/time.js';
import type { BarChart, Column, Document, Figure, Prose, Row } from '../render/document.js';
import { gainText, seriesOfParts } from '../render/format.js';
import type { NumberFormat } from '../render/numbers.js';

/** The classes shown per rep besides selling (which has its own columns). */
const OTHER_CLASSES = ['travel', 'admin', 'internal', 'service'] as const satisfies readonly TimeClass[];

const pct = (n: NumberFormat, share: number | null, digits = 1) => (share === null ? 'n/a' : n.percent(share, digits));
/** Hours one way everywhere (summary, tables, page): one decimal. */
const hoursOf = (n: NumberFormat, h: number) => n.number(h, 1, 1);
const hours = (n: NumberFormat, h: number) => `${hoursOf(n, h)} h`;
/** FTE and reps one way: one decimal, so the team FTE reads the same in its line and in the equivalent reps. */
const ftes = (n: NumberFormat, x: number) => n.number(x, 1, 1);

/** `+83%` (rounded to a whole percent, as the reps table shows each rep's), or the note when the old share was zero. */
export function formatGain(n: NumberFormat, gain: number | null, note: string | null): string {
  return gain === null ? (note ?? 'n/a') : gainText(n, gain);
}

function repColumns(analysis: TimeAnalysis): Column[] {
  const columns: Column[] = [
    { key: 'rep', label: 'rep', type: 'text', priority: 1 },
    { key: 'name', label: 'name', type: 'text' },
    { key: 'hours', label: 'hours', type: 'number', digits: 1, priority: 3 },
    { key: 'fte', label: 'FTE', type: 'number', detail: true },
    { key: 'selling_hours', label: 'selling h', type: 'number', detail: true },
    { key: 'selling_share', label: 'selling', type: 'percent', priority: 1 },
    { key: 'gap_to_team', label: 'vs team', type: 'points', priority: 1 },
    ...OTHER_CLASSES.map((c): Column => ({ key: `${c}_share`, label: c, type: 'percent', priority: 3 })),
    { key: 'unknown_share', label: 'unknown', type: 'percent', detail: true },
    ...OTHER_CLASSES.map((c): Column => ({ key: `${c}_hours`, label: `${c} h`, type: 'number', detail: true })),
    { key: 'unknown_hours', label: 'unknown h', type: 'number', detail: true },
  ];
  if (analysis.whatIf) {
    columns.push(
      { key: 'freed_hours', label: 'freed h', type: 'number', digits: 1 },
      { key: 'new_selling_share', label: 'selling after', type: 'percent', priority: 1 },
      { key: 'gain', label: 'gain', type: 'gain', priority: 1 },
    );
  }
  if (analysis.reps.some((r) => r.callsPerWeek !== null)) {
    columns.push({ key: 'calls_per_week', label: 'calls/week', type: 'int', priority: 3 });
    if (analysis.whatIf) columns.push({ key: 'extra_calls_per_week', label: '+calls/week', type: 'int' });
  }
  return columns;
}

function repRow(r: RepTime): Row {
  const row: Row = {
    rep: r.rep,
    name: r.name,
    hours: r.hours,
    fte: r.fte,
    selling_hours: r.sellingHours,
    selling_share: r.sellingShare,
    gap_to_team: r.gapToTeam,
    freed_hours: r.freedHours,
    new_selling_share: r.newSellingShare,
    gain: r.gain,
    calls_per_week: r.callsPerWeek,
    extra_calls_per_week: r.extraCallsPerWeek,
  };
  for (const c of [...OTHER_CLASSES, 'unknown'] as const) {
    const found = r.classes.find((x) => x.class === c);
    row[`${c}_share`] = found?.share ?? (c === 'unknown' ? 0 : null);
    row[`${c}_hours`] = found?.hours ?? 0;
  }
  return row;
}

function classRows(before: readonly ClassHours[], whatIf: TimeWhatIfResult | null): Row[] {
  const names = [...before.map((c) => c.class)];
  for (const c of whatIf?.after ?? []) if (!names.includes(c.class)) names.push(c.class);
  return names.map((name) => {
    const b = before.find((c) => c.class === name);
    const a = whatIf?.after.find((c) => c.class === name);
    return {
      class: name,
      hours: b?.hours ?? 0,
      share: b?.share ?? 0,
      days_per_week: b?.daysPerWeek ?? 0,
      hours_after: whatIf ? (a?.hours ?? 0) : null,
      share_after: whatIf ? (a?.share ?? 0) : null,
      change: whatIf ? (a?.share ?? 0) - (b?.share ?? 0) : null,
    };
  });
}

function whatIfText(n: NumberFormat, w: TimeWhatIfResult): string {
  const parts: string[] = [];
  if (w.reassign.length > 0) parts.push(`reassign ${w.reassign.join(', ')}`);
  for (const c of w.cut) parts.push(`cut ${c.activity} by ${pct(n, c.share, 0)}`);
  return `${parts.join('; ')}; ${pct(n, w.convert, 0)} of freed hours become selling`;
}

export function timeDocument(analysis: TimeAnalysis): Document {
  const { team, whatIf, period } = analysis;
  const weeksWhy = { data: 'weeks with entries', option: '--weeks', assumed: 'assumed: no dates or weeks' }[period.weeksFrom];
  const below = analysis.furthestBelow.slice(0, 3);
  const figures: Figure[] = [
    {
      label: 'period',
      value: `${period.from ?? 'first entry'} to ${period.to}, ${period.weeks} week${period.weeks === 1 ? '' : 's'} (${weeksWhy})`,
      type: 'text',
    },
    { label: 'reps', value: team.reps, type: 'int' },
    { label: 'hours', value: (n) => hoursOf(n, team.hours), type: 'text' },
    { label: 'team FTE', value: (n) => ftes(n, team.fte), type: 'text' },
    { label: 'direct selling share', value: team.sellingShare, type: 'percent' },
    { label: 'non-selling share', value: team.nonSellingShare, type: 'percent' },
    {
      label: 'furthest below the team',
      value: (n) =>
        below.length === 0 ? 'none' : below.map((r) => `${r.rep} ${pct(n, r.sellingShare)} (${n.points(r.gapToTeam)})`).join(', '),
      type: 'text',
    },
  ];
  if (whatIf) {
    figures.push(
      { label: 'what-if', value: (n) => whatIfText(n, whatIf), type: 'text' },
      {
        label: 'freed hours',
        value: (n) =>
          `${hours(n, whatIf.freedHours)} (reassigned ${hours(n, whatIf.reassignedHours)}, cut ${hours(n, whatIf.cutHours)}), ${hours(n, whatIf.convertedHours)} become selling`,
        type: 'text',
      },
      { label: 'selling share after', value: whatIf.sellingShareAfter, type: 'percent' },
      {
        label: 'effective capacity gain',
        value: (n) =>
          `${formatGain(n, whatIf.gain, whatIf.gainNote)} (direct selling ${pct(n, whatIf.sellingShareBefore)} → ${pct(n, whatIf.sellingShareAfter)})`,
        type: 'text',
      },
      {
        label: 'equivalent reps',
        value: (n) =>
          whatIf.equivalentReps === null
            ? `n/a (${whatIf.gainNote ?? 'no gain'})`
            : `${ftes(n, whatIf.equivalentReps)} (team ${ftes(n, team.fte)} FTE x ${formatGain(n, whatIf.gain, null)})`,
        type: 'text',
      },
    );
    if (whatIf.calls) {
      const c = whatIf.calls;
      figures.push({
        label: 'calls a week',
        value: (n) =>
          `${n.int(c.perWeekBefore)} → ${n.int(c.perWeekAfter)} (+${n.int(c.extraPerWeek)}, ${c.reps} rep${c.reps === 1 ? '' : 's'})`,
        type: 'text',
      });
    }
    if (whatIf.support) {
      figures.push(
        { label: 'reassigned hours cost elsewhere', value: whatIf.support.cost, type: 'money' },
        { label: 'of which a week', value: whatIf.support.costPerWeek, type: 'money' },
      );
    }
  }

  const chart: BarChart = whatIf
    ? {
        title: 'Share of hours by class, before and after',
        series: ['before', 'after'],
        rows: seriesOfParts(
          classRows(team.classes, whatIf).map((r) => ({
            label: String(r.class),
            values: [Number(r.share), Number(r.share_after)],
          })),
        ),
      }
    : {
        title: 'Share of hours by class',
        series: ['share'],
        rows: seriesOfParts(team.classes.map((c) => ({ label: c.class, values: [c.share ?? 0] }))),
      };

  const classColumns: Column[] = [
    { key: 'class', label: 'class', type: 'text', priority: 1 },
    { key: 'hours', label: 'hours', type: 'number', digits: 1 },
    { key: 'share', label: 'share', type: 'percent', priority: 1, parts: true },
    { key: 'days_per_week', label: 'days of a 5-day week', type: 'number', digits: 1 },
    ...(whatIf
      ? ([
          { key: 'hours_after', label: 'hours after', type: 'number', digits: 1 },
          { key: 'share_after', label: 'share after', type: 'percent', parts: true },
          { key: 'change', label: 'change', type: 'points', priority: 1 },
        ] satisfies Column[])
      : []),
  ];
  const activityColumns: Column[] = [
    { key: 'activity', label: 'activity', type: 'text', priority: 1 },
    { key: 'class', label: 'class', type: 'text' },
    { key: 'hours', label: 'hours', type: 'number', digits: 1 },
    { key: 'share', label: 'share', type: 'percent', parts: true },
    { key: 'reps', label: 'reps', type: 'int' },
    ...(whatIf
      ? ([
          { key: 'action', label: 'what-if', type: 'text' },
          { key: 'freed_hours', label: 'freed h', type: 'number', digits: 1 },
        ] satisfies Column[])
      : []),
  ];

  return {
    title: 'Direct selling time: where the reps’ hours go',
    figures,
    charts: [chart],
    tables: [
      {
        name: 'reps',
        title: 'Reps, lowest selling share first',
        columns: repColumns(analysis),
        rows: analysis.reps.map(repRow),
      },
      { name: 'classes', title: 'Team hours by class', columns: classColumns, rows: classRows(team.classes, whatIf) },
      {
        name: 'activities',
        title: 'Activities',
        columns: activityColumns,
        rows: analysis.activities.map((a) => ({
          activity: a.activity,
          class: a.class,
          hours: a.hours,
          share: a.share,
          reps: a.reps,
          action: a.action === 'reassign' ? 'reassign' : a.action === 'cut' ? `cut ${Math.round((a.removedShare ?? 0) * 100)}%` : '',
          freed_hours: a.freedHours,
        })),
      },
    ],
    notes: notes(analysis),
    data: analysis,
  };
}

function notes(analysis: TimeAnalysis): Prose[] {
  const { rows, whatIf, period } = analysis;
  const out: Prose[] = [
    'Selling share = selling hours / all hours in the period; hours of unknown activities count in all hours, never as selling.',
  ];
  if (rows.outsidePeriod > 0)
    out.push(
      (n) =>
        `${n.int(rows.outsidePeriod)} row${rows.outsidePeriod === 1 ? '' : 's'} (${hours(n, rows.outsidePeriodHours)}) outside ${period.from ?? 'the start'} to ${period.to} left out.`,
    );
  if (rows.undated > 0)
    out.push((n) =>
      rows.undatedCounted
        ? `${n.int(rows.undated)} row${rows.undated === 1 ? '' : 's'} without date or week (${hours(n, rows.undatedHours)}) counted in the period.`
        : `${n.int(rows.undated)} row${rows.undated === 1 ? '' : 's'} without date or week (${hours(n, rows.undatedHours)}) left out: they cannot be placed in --from/--to.`,
    );
  if (whatIf) {
    out.push(
      (n) =>
        `What-if: the working week stays the same; ${pct(n, whatIf.convert, 0)} of freed hours become selling hours (--convert). ` +
        `Gain = selling share after / before - 1; equivalent reps = team FTE (hours / (${analysis.hoursPerWeek} h x ${period.weeks} weeks)) x gain.`,
    );
    if (whatIf.calls) {
      out.push(
        "Calls a week = calls_per_day (or the role's callsPerDay) x working days (reps.csv); each rep's grow with that rep's selling hours.",
      );
      if (whatIf.calls.withoutRate.length > 0) out.push(`No calls rate for: ${whatIf.calls.withoutRate.join(', ')}.`);
      if (whatIf.calls.withoutSelling.length > 0)
        out.push(`No selling time to scale calls from: ${whatIf.calls.withoutSelling.join(', ')}.`);
    }
    if (!whatIf.support && whatIf.reassign.length > 0) out.push('Set supportHourlyCost in the config to price the reassigned hours.');
  } else out.push('Add --reassign "order entry,invoicing" or --cut "internal meetings=50%" to see what freeing chores would bring.');
  return [...out, ...analysis.notes];
}
