/**
 * The analyses `plan report` runs, in page order: what each needs, how it
 * runs on the report's one dataset, and its headline figures, charts and
 * the metrics `--fail-on` can test, read from the typed result (a renamed
 * field fails to compile).
 */
import { compareProducts } from '../analyses/compare.js';
import { contactNeeds, runContact } from '../analyses/contact.js';
import { costNeeds, runCost } from '../analyses/cost.js';
import type { Dataset, Needs } from '../analyses/dataset.js';
import { PLACEMENT } from '../analyses/dataset.js';
import { FOCUS_DEFAULTS, focusNeeds, runFocus } from '../analyses/focus.js';
import { type ProductsRequest, productsNeeds, runProducts } from '../analyses/products.js';
import { runSchedule, scheduleNeeds } from '../analyses/schedule.js';
import { runSegment, segmentNeeds } from '../analyses/segment.js';
import { runTime, timeNeeds } from '../analyses/time.js';
import type { ContactAnalysis } from '../core/contact.js';
import type { CostAnalysis, Shift } from '../core/cost.js';
import type { FocusAnalysis } from '../core/focus.js';
import type { ProductAnalysis } from '../core/products.js';
import type { RankingComparison } from '../core/ranking.js';
import type { ScheduleResult } from '../core/schedule.js';
import type { SegmentAnalysis } from '../core/segment.js';
import type { TimeAnalysis, WhatIf } from '../core/time.js';
import { PlanError } from '../errors.js';
import { type BarChart, type Document, type Figure, type Prose, prose } from '../render/document.js';
import { formatFigure, seriesOfParts } from '../render/format.js';
import type { NumberFormat } from '../render/numbers.js';
import { isoWeekOf } from '../schema/calendar.js';
import type { FileKey } from '../schema/config.js';
import { unitsOfCents } from '../schema/money.js';
import type { PreviousRanking } from '../schema/ranking.js';
import { withComparison } from '../views/compare.js';
import { contactDocument } from '../views/contact.js';
import { costDocument } from '../views/cost.js';
import { focusDocument, focusMoney } from '../views/focus.js';
import { productsDocument } from '../views/products.js';
import { scheduleDocuments } from '../views/schedule.js';
import { segmentDocument } from '../views/segment.js';
import { timeDocument } from '../views/time.js';
import type { MetricName, MetricValue } from './thresholds.js';

export interface ReportOptions {
  /** The what-if of the time section (normalised activity names). */
  reassign: string[];
  /** The reassignment is the report's default: dropped with a note when the data has none of it. */
  defaultReassign: boolean;
  /** The what-if of the cost section. */
  shifts: Shift[];
  /** The rankings of the report this one replaces (its report.json), by section name: sections show how they moved. */
  previous?: ReadonlyMap<string, PreviousRanking>;
}

export type Metrics = Partial<Record<MetricName, MetricValue>>;

/**
 * A figure a section leads with. With an `action` (what to do about it, in
 * plain words) it may open the report: the first screen shows at most
 * HEADLINES of them, by `priority` (1 first; default 2), then page order. A
 * figure without an action stays in its section's summary.
 */
export interface Headline {
  /** Plain words read after the value ("of 2,869 accounts are overdue for a contact"); no option syntax. */
  label: Prose;
  value: Figure['value'];
  type: Figure['type'];
  action?: Prose;
  priority?: 1 | 2 | 3;
}

/** At most this many figures open the report. */
export const HEADLINES = 6;
/** Rows of each table the page shows by default; the CSV beside the page has all of them. */
export const TOP_ROWS = 10;

/** What a section that ran gives the report. */
export interface SectionRun {
  document: Document;
  headline: Headline[];
  metrics: Metrics;
  /** One chart per question, one measure per chart. */
  charts: BarChart[];
  /** Two lines in words that open the section, before its table. */
  summary: Prose;
  /** Set when the data gives nothing to judge: says what to provide. */
  empty?: string;
  /** The document's tables the page shows (by name), each cut to `topN` rows. */
  tables: string[];
  topN: number;
  note?: string;
}

export interface ReportSection {
  name: string;
  title: string;
  /** Inputs without which the section is skipped (with a note). */
  inputs: FileKey[];
  /** What it reads, declared before the dataset reads anything. */
  needs(options: ReportOptions): Needs;
  run(ds: Dataset, options: ReportOptions): Promise<SectionRun>;
}

/**
 * A section over its analysis' result type R: headline, metrics and charts
 * are checked against R. The page is built from this data alone
 * (report/build.ts): adding a section is adding an entry to SECTIONS.
 */
interface SectionSpec<R> {
  name: string;
  title: string;
  inputs: FileKey[];
  needs(options: ReportOptions): Needs;
  analyse(ds: Dataset, options: ReportOptions): Promise<{ result: R; note?: string }>;
  document(result: R): Document;
  headline(result: R): Headline[];
  metrics(result: R): Metrics;
  /** Default: the document's charts. */
  charts?(result: R): BarChart[];
  /** Two lines in words. Default: the headline figures, joined. */
  summary?(result: R): Prose;
  /** Nothing to judge in this data: what to provide instead (the section then shows only that). */
  empty?(result: R): string | undefined;
  /** The document's tables shown on the page, by name (default: the first). */
  tables?: string[];
  /** Rows shown of each (default TOP_ROWS). */
  topN?: number;
}

function section<R>(spec: SectionSpec<R>): ReportSection {
  return {
    name: spec.name,
    title: spec.title,
    inputs: spec.inputs,
    needs: spec.needs,
    async run(ds, options) {
      const { result, note } = await spec.analyse(ds, options);
      const document = spec.document(result);
      const headline = spec.headline(result);
      return {
        document,
        headline,
        metrics: spec.metrics(result),
        charts: spec.charts?.(result) ?? document.charts,
        summary: spec.summary?.(result) ?? headlineSummary(headline),
        empty: spec.empty?.(result),
        tables: spec.tables ?? document.tables.slice(0, 1).map((t) => t.name),
        topN: spec.topN ?? TOP_ROWS,
        note,
      };
    },
  };
}

/** A section without its own summary: its headline figures in a sentence. */
function headlineSummary(headline: Headline[]): Prose {
  return (n) =>
    `${headline.map((h) => `${formatFigure({ label: '', value: h.value, type: h.type }, n)} ${prose(h.label, n)}`).join('; ')}.`;
}

/** Accounts the report lists in the contact section and contact.csv. */
const CONTACT_LIST = 500;
const CONTACT = { accounts: true, flags: [], top: CONTACT_LIST } as const;
const cost = (o: ReportOptions) =>
  ({ by: 'channel', shifts: o.shifts, unitCost: {}, channelCost: {} }) as const satisfies Parameters<typeof runCost>[1];
const FOCUS = FOCUS_DEFAULTS;
const time = (whatIf: WhatIf | undefined) => ({ whatIf });
const PRODUCTS: ProductsRequest = { accounts: false };
const PREVIOUS_REPORT = 'the previous report';
interface ProductsSection {
  analysis: ProductAnalysis;
  /** Moves since the report this one replaces (null: none to compare with). */
  comparison: RankingComparison | null;
}

/** How a ranking moved since the previous report, in words. */
function moves(comparison: RankingComparison, n: NumberFormat): string {
  const moved = comparison.moves.filter((m) => m.status === 'up' || m.status === 'down').length;
  const { entered, exited, tierUp, tierDown } = comparison.summary;
  return `${n.int(moved)} products moved in rank, ${n.int(entered)} are new and ${n.int(exited)} gone; ${n.int(tierUp)} rose a tier and ${n.int(tierDown)} fell one`;
}

export const SECTIONS: readonly ReportSection[] = [
  section<SegmentAnalysis>({
    name: 'segment',
    title: 'Where the potential is: segments by the market not yet won',
    inputs: ['customers', 'market'],
    needs: () => segmentNeeds(PLACEMENT),
    analyse: async (ds) => ({ result: await runSegment(ds, PLACEMENT) }),
    document: (r) => segmentDocument(r, { accounts: false, top: undefined, perSegment: false, verbose: false }),
    empty: (r) =>
      r.totals.accounts === 0
        ? 'customers.csv has no accounts. Export the customer list with industry, region and size.'
        : r.totals.marketSpend === 0
          ? "market.csv gives no spend for these accounts' industries, regions and sizes. Provide the market spend per firm for them."
          : undefined,
    headline: (r) => {
      const top = r.segments.slice(0, 2);
      return [
        {
          label: 'of estimated market spend a year not yet won',
          value: r.totals.headroom,
          type: 'estimate',
          priority: 1,
          action: (n) => `Aim new business at ${top.map((s) => `${s.segment} (${n.percent(s.headroomShare, 0)} of it)`).join(', then ')}.`,
        },
      ];
    },
    summary: (r) => (n) => {
      const top = r.segments.slice(0, 3);
      const topShare = top.reduce((sum, s) => sum + s.headroomShare, 0);
      const won = r.totals.penetration === null ? '' : `; we win ${n.percent(r.totals.penetration)} of it`;
      return (
        `Our ${n.int(r.totals.accounts)} accounts fall into ${n.int(r.totals.segments)} segments whose firms spend an estimated ${n.estimate(r.totals.marketSpend)} a year${won}. ` +
        `The ${n.int(top.length)} segments with the most potential not yet won hold ${n.percent(topShare, 0)} of it.`
      );
    },
    metrics: (r) => ({ unmatched: { count: r.coverage.none, of: r.totals.accounts } }),
    charts: (r) => [
      {
        title: 'Share of the potential not yet won, top 10 segments',
        series: ['share of headroom'],
        rows: seriesOfParts(r.segments.map((s) => ({ label: s.segment, values: [s.headroomShare] }))).slice(0, 10),
      },
    ],
  }),
  section<ProductsSection>({
    name: 'products',
    title: 'Products with the most potential not yet won, and how the ranking moved',
    inputs: ['customers', 'market', 'orders', 'products'],
    needs: () => productsNeeds(PRODUCTS),
    analyse: async (ds, o) => {
      const analysis = await runProducts(ds, PRODUCTS);
      const previous = o.previous?.get('products');
      const comparison = previous?.products ? compareProducts(analysis, previous, PREVIOUS_REPORT) : null;
      return { result: { analysis, comparison }, note: comparison ? undefined : 'No earlier report with products to compare with.' };
    },
    document: (r) => {
      const doc = productsDocument(r.analysis, { matrix: false, accounts: false, top: undefined });
      return r.comparison ? withComparison(doc, r.comparison, PREVIOUS_REPORT) : doc;
    },
    empty: ({ analysis }) =>
      analysis.totals.accounts === 0
        ? 'customers.csv has no accounts. Export the customer list with industry, region and size.'
        : analysis.totals.potential === 0
          ? "No product has an estimated potential for these accounts. Give each product its share of a segment's spend in products.csv."
          : undefined,
    headline: ({ analysis, comparison }) => {
      const figures: Figure[] = analysis.products.slice(0, 3).map((p, i) => ({
        label: `product with the ${['most', 'second most', 'third most'][i]} potential not yet won`,
        value: (n) => `${p.name} (${n.percent(p.headroomShare)} of it; ${n.percent(p.penetration ?? 0)} of accounts buy it)`,
        type: 'text',
      }));
      if (comparison) {
        figures.push({ label: 'products since the previous report', value: (n) => moves(comparison, n), type: 'text' });
      }
      return figures;
    },
    summary:
      ({ analysis, comparison }) =>
      (n) => {
        const top = analysis.products[0];
        const lead = comparison
          ? ` Since the previous report ${moves(comparison, n)}.`
          : top
            ? ` ${top.name} has the most of it (${n.percent(top.headroomShare, 0)}), and ${n.percent(top.penetration ?? 0, 0)} of accounts buy it.`
            : '';
        return `Our accounts and the firms we do not serve yet could buy an estimated ${n.estimate(analysis.totals.headroom)} a year more of our ${n.int(analysis.totals.products)} products.${lead}`;
      },
    metrics: () => ({}),
    charts: ({ analysis }) => [
      {
        title: 'Share of the potential not yet won, top 10 products',
        series: ['share of headroom'],
        rows: seriesOfParts(analysis.products.map((p) => ({ label: p.name, values: [p.headroomShare] }))).slice(0, 10),
      },
    ],
  }),
  section<CostAnalysis>({
    name: 'cost',
    title: 'What serving orders costs, by channel',
    inputs: ['orders'],
    needs: (o) => costNeeds(cost(o)),
    analyse: async (ds, o) => ({ result: await runCost(ds, cost(o)) }),
    document: costDocument,
    empty: (r) =>
      r.totals.orders === 0
        ? 'orders.csv has no orders in the last 12 months. Export the orders with date, customer, channel and amount.'
        : undefined,
    headline: (r) => {
      const costly = costliest(r);
      if (!costly) return [{ label: 'cost to serve in 12 months', value: unitsOfCents(r.totals.costCents), type: 'money' }];
      return [
        {
          label: (n) => `of the cost to serve goes to ${costly.channel} orders, which are ${n.percent(costly.orderShare)} of all orders`,
          value: costly.costShare,
          type: 'percent',
          priority: 1,
          action: (n) =>
            r.shift
              ? `${capitalise(shiftWords(r.shift.shifts, n))} would save ${n.money(r.shift.saving)} a year.`
              : `Move small, routine ${costly.channel} orders to a cheaper channel.`,
        },
      ];
    },
    summary: (r) => (n) => {
      const costly = costliest(r);
      return (
        `Serving ${n.int(r.totals.orders)} orders over the last 12 months cost ${n.money(unitsOfCents(r.totals.costCents))}` +
        (r.totals.costToRevenue === null ? '. ' : `, ${n.percent(r.totals.costToRevenue)} of the revenue they brought. `) +
        (costly
          ? `${capitalise(costly.channel)} orders take ${n.percent(costly.costShare)} of that cost for ${n.percent(costly.orderShare)} of the orders.`
          : 'Each channel costs about its share of the orders.')
      );
    },
    metrics: (r) => ({ 'cost-share': { count: r.totals.cost, of: r.totals.revenue } }),
    charts: (r) => [
      {
        title: 'Share of the cost to serve, by channel',
        series: ['share of cost'],
        rows: seriesOfParts(r.channels.map((c) => ({ label: c.channel, values: [c.costShare] }))),
      },
    ],
  }),
  section<ContactAnalysis>({
    name: 'contact',
    title: 'Who has gone without contact, after the sale and before renewal',
    inputs: ['customers', 'contacts'],
    // The most urgent accounts: a nightly page and CSV, not the whole book (plan contact --accounts has it).
    needs: () => contactNeeds(CONTACT),
    analyse: async (ds) => ({ result: await runContact(ds, CONTACT) }),
    document: (r) => contactDocument(r, { accounts: true }),
    empty: ({ totals }) =>
      totals.judged === 0
        ? 'No account has a contact rhythm to judge. customers.csv needs current customers or prospects.'
        : totals.touchesRead === 0
          ? 'contacts.csv has no calls, visits or e-mails: every account would look overdue. Export the contact history with dates.'
          : undefined,
    headline: ({ totals }) => [
      {
        label: (n) => `of ${n.int(totals.judged)} accounts are overdue for a contact`,
        value: totals.flags.overdue,
        type: 'int',
        priority: 1,
        action: 'Work through the list below, most urgent first; contact.csv has the 500 most urgent.',
      },
      {
        label: (n) => `of ${n.int(totals.renewalsDue)} contracts ending within 90 days belong to overdue accounts`,
        value: totals.flags['renewal-risk'],
        type: 'int',
        priority: 2,
        action: 'Have each owner call before the contract ends.',
      },
      { label: 'new customers heard nothing from sales after the sale', value: totals.flags['post-sale-silence'], type: 'int' },
    ],
    summary:
      ({ totals }) =>
      (n) =>
        `${n.int(totals.flags.overdue)} of ${n.int(totals.judged)} accounts have gone longer without contact than their tier allows, and ${n.int(totals.flags['post-sale-silence'])} new customers heard nothing from sales after the sale. ` +
        `${n.int(totals.flags['renewal-risk'])} of the ${n.int(totals.renewalsDue)} contracts ending within 90 days are among the overdue.`,
    metrics: ({ totals }) => ({
      overdue: { count: totals.flags.overdue, of: totals.judged },
      'renewal-risk': { count: totals.flags['renewal-risk'], of: totals.judged },
      'post-sale-silence': { count: totals.flags['post-sale-silence'], of: totals.judged },
      'service-only': { count: totals.flags['service-only'], of: totals.judged },
    }),
  }),
  section<FocusAnalysis>({
    name: 'focus',
    title: 'Focus: are reps chasing the easy orders?',
    inputs: ['customers', 'market', 'orders', 'contacts'],
    needs: () => focusNeeds(FOCUS),
    analyse: async (ds) => ({ result: await runFocus(ds, FOCUS) }),
    document: (r) => focusDocument(r, { accounts: false }),
    empty: ({ team }) =>
      team.effort.salesTouches === 0 && team.revenue.current === 0 && team.revenue.previous === 0
        ? 'No sales touches and no revenue in the last two periods. contacts.csv and orders.csv need dated rows.'
        : undefined,
    headline: ({ team, reps, flagged }) => {
      const owners = reps.filter((g) => g.rep !== '(none)').length;
      return [
        {
          label: (n) =>
            `of ${n.int(owners)} reps put most of their sales touches into accounts that already buy most from us, while their top-tier accounts wait`,
          value: flagged,
          type: 'int',
          priority: 2,
          action:
            flagged > 0
              ? `Start with ${reps[0]?.rep}: move calls to the overdue top-tier accounts named in focus.csv.`
              : 'Keep the calls on the accounts with the most potential.',
        },
        { label: 'alignment of sales touches with potential (1 = in line)', value: team.effort.alignment, type: 'number' },
        { label: 'of revenue from accounts that already buy most from us', value: team.revenue.easy.share, type: 'percent' },
        { label: 'revenue change on the previous period', value: focusMoney(team.revenue.incremental), type: 'money' },
      ];
    },
    summary:
      ({ team, reps, flagged, rules }) =>
      (n) => {
        const top = team.effort.byTier.find((t) => t.tier === rules.topTier);
        const owners = reps.filter((g) => g.rep !== '(none)').length;
        const tier =
          top?.headroomShare != null && top.touchShare != null
            ? `The ${rules.topTier} tier holds ${n.percent(top.headroomShare)} of the potential not yet won and got ${n.percent(top.touchShare)} of the sales touches. `
            : '';
        const easy = team.revenue.easy.share === null ? '' : `; those accounts brought ${n.percent(team.revenue.easy.share)} of revenue`;
        return `${tier}${n.int(flagged)} of ${n.int(owners)} reps put most of their sales touches into accounts that already buy most from us while top-tier accounts of theirs are overdue${easy}.`;
      },
    metrics: ({ team, reps, flagged }) => {
      const b = team.revenue;
      const units = (cents: number) => cents / 100;
      return {
        ...(team.effort.alignment === null ? {} : { alignment: { count: team.effort.alignment } }),
        'chasing-easy-orders': { count: flagged, of: reps.filter((g) => g.rep !== '(none)').length },
        'easy-revenue': { count: units(b.easy.revenue), of: units(b.current), ...(b.easy.share === null ? {} : { share: b.easy.share }) },
        'revenue-lost': { count: units(b.lost.amount), of: units(b.previous) },
      };
    },
  }),
  section<ScheduleResult>({
    name: 'schedule',
    title: "Next week's calls: what fits the reps' time",
    inputs: ['customers', 'reps'],
    needs: scheduleNeeds,
    // A nightly report looks at next week (plan schedule alone plans the rest of this one).
    analyse: async (ds) => ({ result: await runSchedule(ds, { week: isoWeekOf(ds.asOf + 7) }) }),
    document: (r) => scheduleDocuments(r).document,
    // Capacity per rep on the page; every planned call in schedule.csv.
    tables: ['reps'],
    empty: (r) =>
      r.totals.capacity === 0
        ? 'No call slots: reps.csv needs reps with their calls per day, and customers.csv accounts they own.'
        : undefined,
    headline: (r) => [
      {
        label: (n) => `of ${n.int(r.totals.dueCalls)} calls due ${weeks(r)} do not fit the reps' planned time`,
        value: r.totals.notFitted,
        type: 'int',
        priority: 1,
        action: 'Plan more calls a day, plan a larger share of the week, or move accounts to reps with room.',
      },
    ],
    summary: (r) => (n) =>
      `${n.int(r.totals.reps)} reps have ${n.int(r.totals.capacity)} call slots ${weeks(r)}: ${n.int(r.totals.planned)} are planned with due accounts and ${n.int(r.totals.free)} left free for the reps' own choice. ` +
      `${n.int(r.totals.notFitted)} of ${n.int(r.totals.dueCalls)} due calls do not fit.`,
    metrics: (r) => ({ 'unplanned-due': { count: r.totals.notFitted, of: r.totals.dueCalls } }),
  }),
  section<TimeAnalysis>({
    name: 'time',
    title: 'Selling time, and what handing chores over frees',
    inputs: ['activities'],
    needs: timeNeeds,
    analyse: async (ds, o) => {
      const whatIf = o.reassign.length > 0 ? { reassign: o.reassign, cut: [], convert: 1 } : undefined;
      try {
        return { result: await runTime(ds, time(whatIf)) };
      } catch (error) {
        // The default what-if may name activities this data does not have: run without it.
        if (!(error instanceof PlanError && error.kind === 'usage' && o.defaultReassign)) throw error;
        return {
          result: await runTime(ds, time(undefined)),
          note: `The default reassignment (${o.reassign.join(', ')}) is not in this data; give --reassign.`,
        };
      }
    },
    document: timeDocument,
    tables: ['classes'],
    empty: (r) =>
      r.team.hours === 0 ? "activities.csv logs no hours. Export the reps' activities with date, activity and hours." : undefined,
    headline: (r) => [
      {
        label: "of the reps' logged time is direct selling",
        value: sellingShare(r),
        type: 'percent',
        priority: 1,
        action: r.whatIf
          ? (n) =>
              `Hand ${r.whatIf?.reassign.join(' and ')} to others: selling would rise to ${n.percent(r.whatIf?.sellingShareAfter ?? 0)} of the time.`
          : 'Find chores in the table below that others could take over.',
      },
    ],
    summary: (r) => (n) => {
      // Hours to one decimal and the gain to a whole percent, as plan time prints them.
      const line = `The reps logged ${n.number(r.team.hours, 1, 1)} hours; ${n.percent(sellingShare(r))} of them direct selling.`;
      if (!r.whatIf) return line;
      const gain = r.whatIf.gain === null ? '' : `, ${n.percent(r.whatIf.gain, 0)} more selling time`;
      return `${line} Handing ${r.whatIf.reassign.join(' and ')} to others frees ${n.number(r.whatIf.convertedHours, 1, 1)} hours for selling${gain}.`;
    },
    metrics: (r) => {
      const selling = r.team.classes.find((c) => c.class === 'selling');
      return { 'selling-share': { count: selling?.hours ?? 0, of: r.team.hours, share: selling?.share ?? 0 } };
    },
  }),
];

/** The channel whose share of the cost most exceeds its share of the orders, if any does. */
function costliest(r: CostAnalysis) {
  const gap = (c: CostAnalysis['channels'][number]) => c.costShare - c.orderShare;
  const worst = [...r.channels].sort((a, b) => gap(b) - gap(a))[0];
  return worst && gap(worst) > 0 ? worst : undefined;
}

/** Channel shifts in words: "moving 30% of field orders to phone". */
function shiftWords(shifts: NonNullable<CostAnalysis['shift']>['shifts'], n: NumberFormat): string {
  return shifts
    .map((s) => `moving ${n.percent(s.share, 0)} of ${s.from} orders${s.tier ? ` of tier ${s.tier}` : ''} to ${s.to}`)
    .join(' and ');
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const weeks = (r: ScheduleResult) => (r.weeks.length === 1 ? `in ${r.weeks[0]?.label}` : `in ${r.weeks.map((w) => w.label).join(', ')}`);
const sellingShare = (r: TimeAnalysis) => r.team.classes.find((c) => c.class === 'selling')?.share ?? 0;
