/** plan contact's result as a document: the summary (by tier, by rep, by contract phase), or accounts ranked by risk. */
import type { ContactAnalysis, ContactList, ContactState, GroupSummary, PhaseSummary } from '../core/contact.js';
import type { BarChart, Cell, Column, Document, Figure, Prose, Row, RowSource } from '../render/document.js';
import { type Day, formatDay } from '../schema/calendar.js';
import { mapSequence } from '../schema/columns.js';
import { type PassedThrough, passedThrough } from './passed-through.js';

export interface ContactView {
  accounts: boolean;
}

const SUMMARY_COLUMNS: Column[] = [
  { key: 'group', label: 'by', type: 'text', priority: 1 },
  { key: 'key', label: '', type: 'text', priority: 1 },
  { key: 'accounts', label: 'accounts', type: 'int' },
  { key: 'judged', label: 'with cadence', type: 'int', priority: 3 },
  { key: 'within_cadence', label: 'within cadence', type: 'int', priority: 3 },
  { key: 'within_share', label: 'share', type: 'percent', priority: 1 },
  { key: 'within_bar', label: '', type: 'bar', visual: true },
  { key: 'overdue', label: 'overdue', type: 'int', priority: 1 },
  { key: 'never_touched', label: 'never touched', type: 'int', detail: true },
  { key: 'renewals_due', label: 'renewals ≤90d', type: 'int', priority: 3 },
  { key: 'renewal_risk', label: 'renewal risk', type: 'int' },
  { key: 'post_sale_silence', label: 'post-sale silence', type: 'int' },
  { key: 'post_sale_due', label: 'post-sale due', type: 'int', detail: true },
  { key: 'service_only', label: 'service only', type: 'int', priority: 3 },
];

const PHASE_COLUMNS: Column[] = [
  { key: 'phase', label: 'contract phase', type: 'text', priority: 1 },
  { key: 'accounts', label: 'accounts', type: 'int' },
  { key: 'account_days', label: 'account-days', type: 'int', detail: true },
  { key: 'sales', label: 'sales touches', type: 'int' },
  { key: 'other', label: 'other touches', type: 'int' },
  { key: 'touch_rate', label: 'touches /30d', type: 'number', digits: 2, priority: 1 },
  { key: 'sales_rate', label: 'sales /30d', type: 'number', digits: 2, priority: 1 },
];

const contractMonth = (s: ContactState): string => {
  const c = s.contract;
  return c.phase === 'ended' || c.phase === 'not started' ? c.phase : c.month !== null ? `${c.month} of ${c.months ?? '?'}` : '';
};

const ACCOUNT_COLUMNS: Column[] = [
  { key: 'rank', label: 'rank', type: 'int', priority: 1 },
  { key: 'id', label: 'id', type: 'text', priority: 1 },
  { key: 'name', label: 'name', type: 'text', priority: 1 },
  { key: 'owner', label: 'rep', type: 'text' },
  { key: 'status', label: 'status', type: 'text', detail: true },
  { key: 'tier', label: 'tier', type: 'text' },
  { key: 'tier_source', label: 'tier from', type: 'text', detail: true },
  { key: 'cadence', label: 'cadence', type: 'int', priority: 3 },
  { key: 'last_touch', label: 'last touch', type: 'date', detail: true },
  { key: 'days_since_touch', label: 'days since', type: 'int' },
  { key: 'last_sales_touch', label: 'last sales touch', type: 'date', detail: true },
  { key: 'days_since_sales_touch', label: 'since sales', type: 'int', priority: 3 },
  { key: 'sales_90', label: 'sales 90d', type: 'int', priority: 3 },
  { key: 'other_90', label: 'other 90d', type: 'int', priority: 3 },
  { key: 'sales_365', label: 'sales 365d', type: 'int', priority: 3 },
  { key: 'other_365', label: 'other 365d', type: 'int', priority: 3 },
  { key: 'days_overdue', label: 'overdue', type: 'int', priority: 1 },
  { key: 'never_touched', label: 'never touched', type: 'text', detail: true },
  { key: 'contract_start', label: 'contract start', type: 'date', detail: true },
  { key: 'contract_end', label: 'contract end', type: 'date', detail: true },
  { key: 'contract_month', label: 'month', type: 'text', priority: 3 },
  { key: 'days_to_renewal', label: 'to renewal', type: 'int' },
  { key: 'post_sale', label: 'post-sale', type: 'text', detail: true },
  // Every flag matters: on a narrow terminal a cell of three takes more lines rather than losing two.
  { key: 'flags', label: 'flags', type: 'text', priority: 1, wrap: true },
];

/** Each account column read from the listed account's state. */
const ACCOUNT_CELLS: Record<string, (s: ContactState) => Cell> = {
  id: (s) => s.account.id,
  name: (s) => s.account.name,
  owner: (s) => s.account.owner,
  status: (s) => s.account.status,
  tier: (s) => s.account.tier,
  tier_source: (s) => s.account.tierSource,
  cadence: (s) => s.cadence,
  last_touch: (s) => day(s.lastTouch),
  days_since_touch: (s) => s.daysSinceTouch,
  last_sales_touch: (s) => day(s.lastSalesTouch),
  days_since_sales_touch: (s) => s.daysSinceSalesTouch,
  sales_90: (s) => s.sales90,
  other_90: (s) => s.other90,
  sales_365: (s) => s.sales365,
  other_365: (s) => s.other365,
  days_overdue: (s) => s.daysOverdue,
  never_touched: (s) => s.neverTouched,
  contract_start: (s) => day(s.account.contractStart),
  contract_end: (s) => day(s.account.contractEnd),
  contract_month: contractMonth,
  days_to_renewal: (s) => s.contract.daysToRenewal,
  post_sale: (s) => (s.postSale === 'n/a' ? '' : s.postSale),
  flags: (s) => s.flags.join(' '),
};

const day = (d: Day | null) => (d === null ? null : formatDay(d));

/**
 * The listed accounts as table rows: each account's state built once, when its row is read, and not kept;
 * our columns, then the passed-through ones (views/passed-through.ts names them).
 */
function listedRows(listed: ContactList, extra: PassedThrough): RowSource {
  let at = -1;
  let state: ContactState | undefined;
  const stateOf = (k: number): ContactState => {
    if (k !== at) {
      state = listed.at(k);
      at = k;
    }
    return state as ContactState;
  };
  return {
    length: listed.length,
    reader(column) {
      if (column.key === 'rank') return (k) => k + 1;
      const passed = extra.nameOf(column.key);
      const read =
        passed === undefined
          ? (ACCOUNT_CELLS[column.key] as (s: ContactState) => Cell)
          : (s: ContactState) => s.account.extra[passed] ?? '';
      return (k) => read(stateOf(k));
    },
    spans(column) {
      const passed = extra.nameOf(column.key);
      if (passed !== undefined) return listed.spans({ extra: passed });
      return column.key === 'name' || column.key === 'owner' ? listed.spans(column.key) : undefined;
    },
  };
}

export function contactDocument(analysis: ContactAnalysis, view: ContactView): Document {
  const { totals, ignored } = analysis;
  const figures: Figure[] = [
    { label: 'accounts', value: totals.accounts, type: 'int' },
    { label: 'with a cadence', value: totals.judged, type: 'int' },
    { label: 'within cadence', value: totals.withinShare, type: 'percent' },
    { label: 'overdue', value: totals.flags.overdue, type: 'int' },
    { label: 'never touched', value: totals.neverTouched, type: 'int' },
    {
      label: 'post-sale silence',
      value: (n) =>
        `${n.int(totals.flags['post-sale-silence'])} (and ${n.int(totals.postSaleDue)} still in their first ${analysis.rules.postSaleDays} days without a sales touch)`,
      type: 'text',
    },
    {
      label: 'renewal risk',
      value: (n) =>
        `${n.int(totals.flags['renewal-risk'])} of ${n.int(totals.renewalsDue)} renewals within ${analysis.rules.renewalDays} days`,
      type: 'text',
    },
    { label: 'service only', value: totals.flags['service-only'], type: 'int' },
    {
      label: 'touches',
      value: (n) =>
        `${n.int(totals.touchesCounted)} of ${n.int(totals.touchesRead)} read counted; last 365 days: ${n.int(totals.sales365)} sales, ${n.int(totals.other365)} other`,
      type: 'text',
    },
  ];
  const notes: Prose[] = [
    `As of ${formatDay(analysis.asOf)}. Cadence in days by tier: A ${analysis.rules.cadence.A}, B ${analysis.rules.cadence.B}, C ${analysis.rules.cadence.C}, prospects in A-tier segments ${analysis.rules.cadence.prospectA}; ` +
      (analysis.rules.tierSource === 'segment'
        ? 'tiers from the segment analysis (market.csv).'
        : 'no market.csv, so tiers from status: customers B, prospects C, lost accounts not judged.'),
    'Overdue counts touches of every kind, sales or not; run "plan contact --help" for each flag\'s rule.',
  ];
  const skipped = ignoredNote(ignored);
  if (skipped) notes.push(skipped);
  if (analysis.filter.rep !== null) notes.push(`Only accounts owned by ${analysis.filter.rep}.`);
  const chart = phaseChart(analysis.phases);
  const summary = jsonSummary(analysis);

  if (view.accounts) {
    const listed = analysis.accounts;
    if (listed.length < analysis.listed)
      notes.push((n) => `The ${n.int(listed.length)} most urgent of ${n.int(analysis.listed)} accounts.`);
    // Every row of customers.csv has the same passed-through columns.
    const extra = passedThrough(listed.length > 0 ? Object.keys(listed.at(0).account.extra) : [], ACCOUNT_COLUMNS);
    if (analysis.filter.flags.length > 0) notes.push(`Only accounts flagged ${analysis.filter.flags.join(' or ')}.`);
    return {
      title: 'Accounts by contact risk, most urgent first',
      figures,
      tables: [
        {
          name: 'accounts',
          columns: [...ACCOUNT_COLUMNS, ...extra.columns],
          rows: listedRows(listed, extra),
        },
      ],
      charts: [],
      notes,
      // Each account built as JSON writes it: a million accounts are never held in either shape.
      data: { ...summary, listed: analysis.listed, accounts: mapSequence(listed, jsonAccount) },
    };
  }

  return {
    title: 'Contact: who has gone without contact, after the sale and before renewal',
    figures,
    tables: [
      {
        name: 'summary',
        title: 'Within cadence, by tier and by rep',
        columns: SUMMARY_COLUMNS,
        rows: [
          groupRow('all', totals),
          ...analysis.byTier.map((g) => groupRow('tier', g)),
          ...analysis.byRep.map((g) => groupRow('rep', g)),
        ],
      },
      {
        name: 'phases',
        title: 'Touches of the last 365 days by contract phase',
        columns: PHASE_COLUMNS,
        rows: analysis.phases.map((p) => ({
          phase: p.phase,
          accounts: p.accounts,
          account_days: p.accountDays,
          sales: p.sales,
          other: p.other,
          touch_rate: p.touchRate,
          sales_rate: p.salesRate,
        })),
      },
    ],
    charts: chart ? [chart] : [],
    notes,
    data: summary,
  };
}

function groupRow(group: string, g: GroupSummary): Row {
  return {
    group,
    key: group === 'all' ? 'all accounts' : g.key,
    accounts: g.accounts,
    judged: g.judged,
    within_cadence: g.withinCadence,
    within_share: g.withinShare,
    within_bar: g.withinShare ?? 0,
    overdue: g.flags.overdue,
    never_touched: g.neverTouched,
    renewals_due: g.renewalsDue,
    renewal_risk: g.flags['renewal-risk'],
    post_sale_silence: g.flags['post-sale-silence'],
    post_sale_due: g.postSaleDue,
    service_only: g.flags['service-only'],
  };
}

function phaseChart(phases: readonly PhaseSummary[]): BarChart | undefined {
  const peak = phases.reduce<PhaseSummary | undefined>((best, p) => ((p.touchRate ?? 0) > (best?.touchRate ?? 0) ? p : best), undefined);
  if (!peak?.touchRate) return undefined;
  return {
    title: (n) =>
      `Touches per account and 30 days by contract phase, last 365 days (100% = ${peak.phase}: ${n.number(peak.touchRate ?? 0, 2, 2)})`,
    series: ['all touches', 'sales touches'],
    rows: phases.filter((p) => p.touchRate !== null).map((p) => ({ label: p.phase, values: [p.touchShareOfPeak, p.salesShareOfPeak] })),
  };
}

/** One account for --format json: dates as YYYY-MM-DD. */
function jsonAccount(s: ContactState) {
  const { account: a, contract: c } = s;
  return {
    id: a.id,
    name: a.name,
    owner: a.owner,
    status: a.status,
    tier: a.tier,
    tierSource: a.tierSource,
    cadence: s.cadence,
    lastTouch: day(s.lastTouch),
    daysSinceTouch: s.daysSinceTouch,
    lastSalesTouch: day(s.lastSalesTouch),
    daysSinceSalesTouch: s.daysSinceSalesTouch,
    touches: { sales90: s.sales90, other90: s.other90, sales365: s.sales365, other365: s.other365 },
    neverTouched: s.neverTouched,
    daysOverdue: s.daysOverdue,
    withinCadence: s.withinCadence,
    contract: {
      start: day(a.contractStart),
      end: day(a.contractEnd),
      phase: c.phase,
      month: c.month,
      months: c.months,
      daysToRenewal: c.daysToRenewal,
      renewalDue: c.renewalDue,
    },
    postSale: s.postSale,
    postSaleWindowEnd: day(s.postSaleWindowEnd),
    firstSalesSinceStart: day(s.firstSalesSinceStart),
    flags: s.flags,
    extra: a.extra,
  };
}

function jsonSummary(analysis: ContactAnalysis) {
  const { accounts: _accounts, listed: _listed, asOf, ...rest } = analysis;
  return { asOf: formatDay(asOf), ...rest };
}

function ignoredNote(ignored: ContactAnalysis['ignored']): Prose | undefined {
  const unknownTypes = ignored.unknownTypes.reduce((n, t) => n + t.count, 0);
  if (ignored.unknownCustomers.rows === 0 && unknownTypes === 0 && ignored.afterAsOf.rows === 0) return undefined;
  return (n) => {
    const parts: string[] = [];
    if (ignored.unknownCustomers.rows > 0) parts.push(`${n.int(ignored.unknownCustomers.rows)} for unknown customers`);
    if (unknownTypes > 0) parts.push(`${n.int(unknownTypes)} of unknown types (${ignored.unknownTypes.map((t) => t.type).join(', ')})`);
    if (ignored.afterAsOf.rows > 0) parts.push(`${n.int(ignored.afterAsOf.rows)} dated after the as-of day`);
    return `Touches ignored: ${parts.join('; ')}.`;
  };
}
