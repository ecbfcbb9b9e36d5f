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
import type { BarChart, Document, Figure } from '../render/document.js';
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

/** What a section that ran gives the report. */
export interface SectionRun {
  document: Document;
  headline: Figure[];
  metrics: Metrics;
  charts: BarChart[];
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

/** A section over its analysis' result type R: headline, metrics and charts are checked against R. */
interface SectionSpec<R> {
  name: string;
  title: string;
  inputs: FileKey[];
  needs(options: ReportOptions): Needs;
  analyse(ds: Dataset, options: ReportOptions): Promise<{ result: R; note?: string }>;
  document(result: R): Document;
  headline(result: R): Figure[];
  metrics(result: R): Metrics;
  charts?(result: R): BarChart[];
}

function section<R>(spec: SectionSpec<R>): ReportSection {
  return {
    name: spec.name,
    title: spec.title,
    inputs: spec.inputs,
    needs: spec.needs,
    async run(ds, options) {
      const { result, note } = await spec.analyse(ds, options);
      return {
        document: spec.document(result),
        headline: spec.headline(result),
        metrics: spec.metrics(result),
        charts: spec.charts?.(result) ?? [],
        note,
      };
    },
  };
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

export const SECTIONS: readonly ReportSection[] = [
  section<SegmentAnalysis>({
    name: 'segment',
    title: 'Buying potential: segments by headroom',
    inputs: ['customers', 'market'],
    needs: () => segmentNeeds(PLACEMENT),
    analyse: async (ds) => ({ result: await runSegment(ds, PLACEMENT) }),
    document: (r) => segmentDocument(r, { accounts: false, top: undefined, perSegment: false, verbose: false }),
    headline: (r) => [
      { label: 'headroom (market potential not won)', value: r.totals.headroom, type: 'money' },
      ...r.segments.slice(0, 3).map(
        (s, i): Figure => ({
          label: `#${i + 1} segment by headroom`,
          value: `${s.segment} (${Math.round(s.headroomShare * 100)}%)`,
          type: 'text',
        }),
      ),
    ],
    metrics: (r) => ({ unmatched: { count: r.coverage.none, of: r.totals.accounts } }),
    charts: (r) => [
      {
        title: 'Headroom by segment (top 10, share of all headroom)',
        series: ['headroom share', 'penetration'],
        rows: r.segments.slice(0, 10).map((s) => ({ label: s.segment, values: [s.headroomShare, s.penetration ?? 0] })),
      },
    ],
  }),
  section<ProductsSection>({
    name: 'products',
    title: 'Products by headroom, and how the ranking moved',
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
    headline: ({ analysis, comparison }) => {
      const figures: Figure[] = analysis.products.slice(0, 3).map((p, i) => ({
        label: `#${i + 1} product by headroom`,
        value: (n) => `${p.name} (${n.percent(p.headroomShare)}, ${n.percent(p.penetration ?? 0)} of accounts buy it)`,
        type: 'text',
      }));
      if (comparison) {
        const moved = comparison.moves.filter((m) => m.status === 'up' || m.status === 'down').length;
        const { entered, exited, tierUp, tierDown } = comparison.summary;
        figures.push({
          label: 'products since the previous report',
          value: `${moved} moved, ${entered} new, ${exited} gone; tier up ${tierUp}, down ${tierDown}`,
          type: 'text',
        });
      }
      return figures;
    },
    metrics: () => ({}),
    charts: ({ analysis }) => [
      {
        title: 'Headroom by product (top 10, share of all product headroom)',
        series: ['headroom share', 'penetration'],
        rows: analysis.products.slice(0, 10).map((p) => ({ label: p.name, values: [p.headroomShare, p.penetration ?? 0] })),
      },
    ],
  }),
  section<CostAnalysis>({
    name: 'cost',
    title: 'Cost to serve by ordering channel',
    inputs: ['orders'],
    needs: (o) => costNeeds(cost(o)),
    analyse: async (ds, o) => ({ result: await runCost(ds, cost(o)) }),
    document: costDocument,
    headline: (r) => {
      const field = r.channels.find((c) => c.channel === 'field');
      const figures: Figure[] = [
        { label: 'cost to serve (12 months)', value: unitsOfCents(r.totals.costCents), type: 'money' },
        { label: 'cost as share of revenue', value: r.totals.costToRevenue, type: 'percent' },
      ];
      if (field)
        figures.push({
          label: 'field: share of orders / of cost',
          value: (n) => `${n.percent(field.orderShare)} / ${n.percent(field.costShare)}`,
          type: 'text',
        });
      if (r.shift)
        figures.push({ label: `saving of ${r.shift.shifts.map((s) => s.text).join(', ')}`, value: r.shift.saving, type: 'money' });
      return figures;
    },
    metrics: (r) => ({ 'cost-share': { count: r.totals.cost, of: r.totals.revenue } }),
  }),
  section<ContactAnalysis>({
    name: 'contact',
    title: 'Contact: who has gone without, after the sale and before renewal',
    inputs: ['customers', 'contacts'],
    // The most urgent accounts: a nightly page and CSV, not the whole book (plan contact --accounts has it).
    needs: () => contactNeeds(CONTACT),
    analyse: async (ds) => ({ result: await runContact(ds, CONTACT) }),
    document: (r) => contactDocument(r, { accounts: true }),
    headline: ({ totals }) => [
      { label: 'accounts overdue for contact', value: (n) => `${n.int(totals.flags.overdue)} of ${n.int(totals.judged)}`, type: 'text' },
      {
        label: 'renewals at risk',
        value: (n) => `${n.int(totals.flags['renewal-risk'])} of ${n.int(totals.renewalsDue)} due within 90 days`,
        type: 'text',
      },
      { label: 'silent after the sale', value: totals.flags['post-sale-silence'], type: 'int' },
    ],
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
    headline: ({ team, reps, flagged }) => [
      { label: 'alignment index (A-tier share of touches / of headroom)', value: team.effort.alignment, type: 'number' },
      {
        label: 'reps chasing easy orders',
        value: (n) =>
          `${n.int(flagged)} of ${n.int(reps.filter((g) => g.rep !== '(none)').length)}${flagged > 0 ? ` (${reps[0]?.rep} first)` : ''}`,
        type: 'text',
      },
      { label: 'revenue from easy accounts', value: team.revenue.easy.share, type: 'percent' },
      { label: 'incremental revenue', value: focusMoney(team.revenue.incremental), type: 'money' },
    ],
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
    title: "Next week's call lists: 60% planned, 40% free",
    inputs: ['customers', 'reps'],
    needs: scheduleNeeds,
    // A nightly report looks at next week (plan schedule alone plans the rest of this one).
    analyse: async (ds) => ({ result: await runSchedule(ds, { week: isoWeekOf(ds.asOf + 7) }) }),
    document: (r) => scheduleDocuments(r).document,
    headline: (r) => [
      {
        label: `planned calls ${r.weeks.map((w) => w.label).join(', ')}`,
        value: (n) => `${n.int(r.totals.planned)} of ${n.int(r.totals.capacity)} slots (${n.int(r.totals.free)} left free)`,
        type: 'text',
      },
      { label: 'due calls that do not fit', value: (n) => `${n.int(r.totals.notFitted)} of ${n.int(r.totals.dueCalls)}`, type: 'text' },
    ],
    metrics: (r) => ({ 'unplanned-due': { count: r.totals.notFitted, of: r.totals.dueCalls } }),
  }),
  section<TimeAnalysis>({
    name: 'time',
    title: 'Selling time, and what reassigning chores frees',
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
    headline: (r) => {
      const selling = r.team.classes.find((c) => c.class === 'selling');
      const figures: Figure[] = [{ label: 'direct selling share', value: selling?.share ?? 0, type: 'percent' }];
      if (r.whatIf) {
        figures.push({
          label: `selling share after reassigning ${r.whatIf.reassign.join(', ')}`,
          value: r.whatIf.sellingShareAfter,
          type: 'percent',
        });
        figures.push({ label: 'hours freed for selling', value: r.whatIf.convertedHours, type: 'number' });
        figures.push({
          label: 'effective capacity gain',
          value: r.whatIf.gain ?? r.whatIf.gainNote,
          type: r.whatIf.gain === null ? 'text' : 'percent',
        });
      }
      return figures;
    },
    metrics: (r) => {
      const selling = r.team.classes.find((c) => c.class === 'selling');
      return { 'selling-share': { count: selling?.hours ?? 0, of: r.team.hours, share: selling?.share ?? 0 } };
    },
  }),
];
