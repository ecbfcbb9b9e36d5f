/** plan segment's result as a document: segments ranked, or accounts ranked. */
import type { SegmentAnalysis, SegmentResult } from '../core/segment.js';
import type { AccountList, AccountText } from '../core/segment-accounts.js';
import type { Cell, Column, Document, Figure, Prose, RowSource, Words } from '../render/document.js';
import { unitsOfCents } from '../schema/money.js';
import { channelCostsBasis, channelCostsJson } from './cost.js';
import { passedThrough } from './passed-through.js';
import { describeRevenueSource } from './revenue.js';

export interface SegmentView {
  accounts: boolean;
  top: number | undefined;
  perSegment: boolean;
  verbose: boolean;
}

const SEGMENT_COLUMNS: Column[] = [
  { key: 'rank', label: 'rank', type: 'int', priority: 1 },
  // Whole: "Manufacturing…" would name three segments.
  { key: 'segment', label: 'segment', type: 'text', priority: 1, whole: true },
  { key: 'industry', label: 'industry', type: 'text', detail: true },
  { key: 'region', label: 'region', type: 'text', detail: true },
  { key: 'size', label: 'size', type: 'text', detail: true },
  { key: 'tier', label: 'tier', type: 'text', priority: 1 },
  { key: 'accounts', label: 'accounts', type: 'int' },
  { key: 'customers', label: 'customers', type: 'int', priority: 3 },
  { key: 'prospects', label: 'prospects', type: 'int', detail: true },
  { key: 'firms', label: 'firms', type: 'int', detail: true },
  { key: 'whitespace', label: 'whitespace', type: 'int', priority: 3 },
  { key: 'market_spend', label: 'market spend', type: 'estimate', priority: 3 },
  { key: 'revenue', label: 'our revenue', type: 'money' },
  { key: 'penetration', label: 'penetration', type: 'percent' },
  { key: 'potential', label: 'potential', type: 'estimate', detail: true },
  { key: 'account_headroom', label: 'account headroom', type: 'estimate', detail: true },
  { key: 'whitespace_headroom', label: 'whitespace headroom', type: 'estimate', detail: true },
  { key: 'headroom', label: 'headroom', type: 'estimate', priority: 1 },
  { key: 'headroom_share', label: 'share', type: 'percent', priority: 1, parts: true },
  { key: 'share_bar', label: '', type: 'bar', visual: true },
  { key: 'cumulative_share', label: 'cumulative share', type: 'percent', detail: true },
  { key: 'growth', label: 'growth', type: 'percent', detail: true },
  { key: 'growth_headroom', label: 'growth-adj. headroom', type: 'estimate', detail: true },
  { key: 'potential_per_firm', label: 'potential per firm', type: 'estimate', detail: true },
  { key: 'channel', label: 'coverage', type: 'text' },
  { key: 'channel_reason', label: 'why', type: 'text', detail: true },
];

const ACCOUNT_COLUMNS: Column[] = [
  { key: 'rank', label: 'rank', type: 'int', priority: 1 },
  { key: 'id', label: 'id', type: 'text', priority: 1 },
  { key: 'name', label: 'name', type: 'text', priority: 1 },
  { key: 'status', label: 'status', type: 'text', priority: 3 },
  { key: 'industry', label: 'industry', type: 'text', detail: true },
  { key: 'region', label: 'region', type: 'text', detail: true },
  { key: 'size', label: 'size', type: 'text', detail: true },
  { key: 'employees', label: 'employees', type: 'int', detail: true },
  { key: 'segment', label: 'segment', type: 'text', priority: 3 },
  { key: 'segment_rank', label: 'seg. rank', type: 'int', priority: 3 },
  { key: 'tier', label: 'tier', type: 'text' },
  { key: 'match', label: 'match', type: 'text', detail: true },
  { key: 'potential', label: 'potential', type: 'estimate' },
  { key: 'revenue', label: 'revenue', type: 'money' },
  { key: 'share_of_wallet', label: 'wallet share', type: 'percent' },
  { key: 'headroom', label: 'headroom', type: 'estimate', priority: 1 },
];

/** Each account column read from the listing by position (no object per account). */
const ACCOUNT_CELLS: Record<string, (a: AccountList, k: number) => Cell> = {
  rank: (a, k) => a.rank(k),
  id: (a, k) => a.id(k),
  name: (a, k) => a.name(k),
  status: (a, k) => a.status(k),
  industry: (a, k) => a.industry(k),
  region: (a, k) => a.region(k),
  size: (a, k) => a.size(k),
  employees: (a, k) => a.employees(k),
  segment: (a, k) => a.segment(k),
  segment_rank: (a, k) => a.segmentRank(k),
  tier: (a, k) => a.tier(k),
  match: (a, k) => a.match(k),
  potential: (a, k) => a.potential(k),
  revenue: (a, k) => a.revenue(k),
  share_of_wallet: (a, k) => a.shareOfWallet(k),
  headroom: (a, k) => a.headroom(k),
};

/** The account columns stored as texts, read as bytes by renderers that write bytes. */
const ACCOUNT_TEXTS: Record<string, AccountText> = { id: 'id', name: 'name', industry: 'industry', region: 'region', size: 'size' };

/** The listing as table rows: our columns, then the passed-through ones (views/passed-through.ts names them). */
function accountTable(accounts: AccountList, perSegment: boolean): { columns: Column[]; rows: RowSource } {
  const extra = passedThrough(accounts.extraKeys(), ACCOUNT_COLUMNS);
  // --per-segment groups the rows by segment: the segment stays on a narrow terminal, as what a row belongs to.
  const own = perSegment
    ? ACCOUNT_COLUMNS.map((c): Column => (c.key === 'segment' ? { ...c, priority: 1, whole: true } : c))
    : ACCOUNT_COLUMNS;
  const columns = [...own, ...extra.columns];
  const rows: RowSource = {
    length: accounts.length,
    reader(column) {
      const passed = extra.nameOf(column.key);
      if (passed !== undefined) return (k) => accounts.extra(k, passed);
      const read = ACCOUNT_CELLS[column.key] as (a: AccountList, k: number) => Cell;
      return (k) => read(accounts, k);
    },
    spans(column) {
      const passed = extra.nameOf(column.key);
      const text = passed !== undefined ? { extra: passed } : ACCOUNT_TEXTS[column.key];
      return text && accounts.spans(text);
    },
  };
  return { columns, rows };
}

export function segmentDocument(analysis: SegmentAnalysis, view: SegmentView): Document {
  const { coverage, totals } = analysis;
  const figures: Figure[] = [
    { label: 'accounts', value: totals.accounts, type: 'int' },
    { label: 'segments', value: totals.segments, type: 'int' },
    { label: 'market spend', value: totals.marketSpend, type: 'estimate' },
    { label: 'our revenue', value: unitsOfCents(totals.revenueCents), type: 'money' },
    { label: 'penetration', value: totals.penetration, type: 'percent' },
    { label: 'headroom', value: totals.headroom, type: 'estimate' },
    {
      label: 'market join',
      value: (n) =>
        `${n.int(coverage.exact)} exact, ${n.int(coverage.wildcard)} through a wildcard, ${n.int(coverage.none)} unmatched; ${n.int(coverage.unusedMarketRows.length)} market row${coverage.unusedMarketRows.length === 1 ? '' : 's'} unused`,
      type: 'text',
    },
  ];
  const source = analysis.revenueSource;
  const notes: Prose[] = [
    `Segments by ${analysis.by.join(', ')}, ranked by ${analysis.rankBy}; tiers by cumulative headroom share.`,
    (n) => `Coverage channel from channel costs ${channelCostsBasis(analysis.channelCosts)(n)}.`,
    ...analysis.notes,
  ];
  if (source) notes.push((n) => `${capitalize(describeRevenueSource(source, n))}.`);
  if (view.verbose && coverage.unmatched.length > 0) {
    notes.push(
      `Unmatched accounts: ${coverage.unmatched
        .slice(0, 50)
        .map((u) => `${u.id} (line ${u.line})`)
        .join(', ')}${coverage.unmatched.length > 50 ? ', ...' : ''}`,
    );
  }
  if (view.accounts) {
    const accounts = pickAccounts(analysis.accounts, view);
    return {
      title: `Accounts by headroom (as ranked by plan segment)`,
      figures,
      tables: [{ name: 'accounts', ...accountTable(accounts, view.perSegment) }],
      charts: [],
      notes,
      data: { ...withoutAccounts(analysis), channelCosts: channelCostsJson(analysis.channelCosts), accounts },
    };
  }
  const segments = view.top === undefined ? analysis.segments : analysis.segments.slice(0, view.top);
  return {
    title: 'Segments by buying potential not yet won (headroom)',
    figures,
    tables: [
      {
        name: 'segments',
        columns: SEGMENT_COLUMNS,
        rows: segments.map((s) => ({
          rank: s.rank,
          segment: s.segment,
          industry: s.key.industry,
          region: s.key.region,
          size: s.key.size,
          tier: s.tier,
          accounts: s.accounts,
          customers: s.customers,
          prospects: s.prospects,
          firms: s.firms,
          whitespace: s.whitespace,
          market_spend: s.marketSpend,
          revenue: unitsOfCents(s.revenueCents),
          penetration: s.penetration,
          potential: s.potential,
          account_headroom: s.accountHeadroom,
          whitespace_headroom: s.whitespaceHeadroom,
          headroom: s.headroom,
          headroom_share: s.headroomShare,
          share_bar: s.headroomShare,
          cumulative_share: s.cumulativeShare,
          growth: s.growth,
          growth_headroom: s.growthHeadroom,
          potential_per_firm: s.potentialPerFirm,
          channel: s.channel,
          channel_reason: channelReason(s),
        })),
      },
    ],
    charts: [],
    notes,
    // Each segment's "why" worded as the table words it; its figures stay numbers in `coverageCost`.
    data: {
      ...withoutAccounts(analysis),
      channelCosts: channelCostsJson(analysis.channelCosts),
      segments: segments.map((s) => ({ ...s, channelReason: channelReason(s) })),
    },
  };
}

/** Why a segment's coverage channel, its figures by the number formatter: `field costs €3,000/yr = 0.4% of potential €751,600 (limit 10%)`. */
function channelReason(s: SegmentResult): Words {
  const { channel, yearly, share, limit, within } = s.coverageCost;
  const potential = s.potentialPerFirm;
  return (n) => {
    const cost = `${channel} costs ${n.estimate(yearly)}/yr`;
    // The share from the figures, rounded once as printed (`share` is rounded to 6 decimals for JSON).
    const against =
      share === null ? `${cost} against no potential` : `${cost} = ${n.percent(yearly / potential)} of potential ${n.estimate(potential)}`;
    return within ? `${against} (limit ${n.percent(limit, 0)})` : `${against}, over ${n.percent(limit, 0)}`;
  };
}

function withoutAccounts(analysis: SegmentAnalysis) {
  const { accounts: _accounts, ...rest } = analysis;
  return rest;
}

/** `--top N` overall, or per segment with `--per-segment`; accounts are already ranked by headroom. */
function pickAccounts(accounts: AccountList, view: SegmentView): AccountList {
  if (view.top === undefined) return accounts;
  if (!view.perSegment) return accounts.slice(view.top);
  const taken = new Map<string, number>();
  return accounts.filter((k) => {
    const segment = accounts.segment(k);
    const n = taken.get(segment) ?? 0;
    taken.set(segment, n + 1);
    return n < (view.top as number);
  });
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
