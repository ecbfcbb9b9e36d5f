/**
 * Buying potential, headroom and tiers (DOMAIN.md idea 2): every account is
 * joined to its market cell, potential comes from the market, and segments
 * are ranked by headroom = potential not yet won, including the firms of the
 * market that are not in the customer file at all (whitespace).
 */
import type { Problem } from '../errors.js';
import type { Config, Coverage } from '../schema/config.js';
import type { CustomerRow, MarketRow } from '../schema/files.js';
import type { ChannelCosts } from './channels.js';

export const DIMENSIONS = ['industry', 'region', 'size'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type RankBy = 'headroom' | 'potential' | 'growth' | 'penetration';
export type MatchKind = 'exact' | 'wildcard' | 'none';
export type Tier = 'A' | 'B' | 'C';

export interface SegmentOptions {
  /** Dimensions that define a segment. */
  by: Dimension[];
  rankBy: RankBy;
  scaleBy: 'firm' | 'employees';
  tiers: Config['tiers'];
  sizeBands: Config['sizeBands'];
  coverage: Config['coverage'];
  channelCosts: ChannelCosts;
  /** Market columns present in the file (an absent dimension is not a wildcard miss). */
  marketDimensions: Dimension[];
}

/** Revenue of the last 12 months by account, in cents, when customers.csv has no revenue_12m. */
export type RevenueById = ReadonlyMap<string, number>;

export interface MarketCell {
  key: Record<Dimension, string | undefined>;
  line: number;
  firms: number | undefined;
  spendPerFirm: number;
  spendPerEmployee: number | undefined;
  growth: number;
}

export interface AccountResult {
  id: string;
  name: string;
  status: 'customer' | 'prospect' | 'lost';
  industry: string;
  region: string;
  size: string;
  employees: number | null;
  segment: string;
  match: MatchKind;
  potential: number;
  revenue: number;
  shareOfWallet: number | null;
  headroom: number;
  segmentRank: number | null;
  tier: Tier | null;
  extra: Record<string, string>;
}

export interface SegmentResult {
  rank: number;
  segment: string;
  key: Partial<Record<Dimension, string>>;
  accounts: number;
  customers: number;
  prospects: number;
  firms: number;
  whitespace: number;
  marketSpend: number;
  revenue: number;
  penetration: number | null;
  potential: number;
  accountHeadroom: number;
  whitespaceHeadroom: number;
  headroom: number;
  headroomShare: number;
  cumulativeShare: number;
  growthHeadroom: number;
  growth: number;
  tier: Tier;
  potentialPerFirm: number;
  channel: Coverage;
  channelReason: string;
}

export interface SegmentAnalysis {
  by: Dimension[];
  rankBy: RankBy;
  scaleBy: 'firm' | 'employees';
  channelCosts: ChannelCosts;
  totals: {
    accounts: number;
    segments: number;
    marketSpend: number;
    revenue: number;
    headroom: number;
    growthHeadroom: number;
    penetration: number | null;
  };
  coverage: {
    exact: number;
    wildcard: number;
    none: number;
    /** Accounts without a market cell, with why. */
    unmatched: {
      id: string;
      line: number;
      industry: string;
      region: string;
      size: string;
    }[];
    /** Market rows no account uses: pure whitespace. */
    unusedMarketRows: {
      line: number;
      industry: string;
      region: string;
      size: string;
    }[];
  };
  segments: SegmentResult[];
  /** All accounts, ranked by headroom (most first), then id. */
  accounts: AccountResult[];
  notes: string[];
}

const WILD = '*';
const cents = (x: number) => Math.round(x * 100) / 100;

/** Size band by employees: the last band whose `min` is at most the count. */
export function sizeFromEmployees(employees: number | undefined, bands: Config['sizeBands']): string | undefined {
  if (employees === undefined) return undefined;
  let size: string | undefined;
  for (const band of [...bands].sort((a, b) => a.min - b.min)) if (employees >= band.min) size = band.name;
  return size;
}

const norm = (v: string | undefined) => (v === undefined ? '' : v.toLowerCase());
const cellId = (k: Record<Dimension, string | undefined>) => DIMENSIONS.map((d) => norm(k[d])).join('\u0001');

/** Market rows -> cells, refusing conflicting duplicates (same key, other figures). */
export function buildMarket(rows: readonly MarketRow[], file: string): { cells: MarketCell[]; problems: Problem[] } {
  const byKey = new Map<string, MarketCell>();
  const problems: Problem[] = [];
  for (const row of rows) {
    const key = { industry: row.industry, region: row.region, size: row.size };
    const spendPerFirm = row.spend_per_firm ?? (row.spend as number) / (row.firms as number);
    const cell: MarketCell = {
      key,
      line: row.line,
      firms: row.firms,
      spendPerFirm,
      spendPerEmployee: row.spend_per_employee ?? (row.spend !== undefined && row.employees ? row.spend / row.employees : undefined),
      growth: row.growth ?? 0,
    };
    const id = cellId(key);
    const before = byKey.get(id);
    if (before) {
      const same = before.firms === cell.firms && before.spendPerFirm === cell.spendPerFirm && before.growth === cell.growth;
      problems.push({
        severity: same ? 'warning' : 'error',
        file,
        line: row.line,
        code: same ? 'W_DUPLICATE_KEY' : 'E_DUPLICATE_KEY',
        message: `market cell ${describeKey(key)} appears twice (first on line ${before.line})${same ? ' with the same figures; the repeat is ignored' : ' with different figures'}`,
      });
      continue;
    }
    byKey.set(id, cell);
  }
  return { cells: [...byKey.values()], problems };
}

function describeKey(key: Partial<Record<Dimension, string | undefined>>): string {
  return DIMENSIONS.map((d) => key[d] ?? WILD).join(' / ');
}

/**
 * The most specific market cell for an account: the one fixing most
 * dimensions; among equally specific ones, the one fixing an earlier
 * dimension (industry, then region, then size).
 */
export function createMatcher(cells: readonly MarketCell[], marketDimensions: readonly Dimension[]) {
  const index = new Map<string, MarketCell>();
  for (const cell of cells) index.set(cellId(cell.key), cell);
  // Candidate masks from most to least specific; bit i set = dimension i fixed.
  const masks = [7, 6, 5, 3, 4, 2, 1, 0].filter((mask) =>
    DIMENSIONS.every((d, i) => marketDimensions.includes(d) || !(mask & (1 << (2 - i)))),
  );
  const full = DIMENSIONS.reduce((m, d, i) => (marketDimensions.includes(d) ? m | (1 << (2 - i)) : m), 0);
  return (values: Record<Dimension, string | undefined>): { cell: MarketCell; match: MatchKind } | undefined => {
    for (const mask of masks) {
      const probe: Record<Dimension, string | undefined> = {
        industry: undefined,
        region: undefined,
        size: undefined,
      };
      let possible = true;
      DIMENSIONS.forEach((d, i) => {
        if (mask & (1 << (2 - i))) {
          if (values[d] === undefined) possible = false;
          probe[d] = values[d];
        }
      });
      if (!possible) continue;
      const cell = index.get(cellId(probe));
      if (cell) return { cell, match: mask === full ? 'exact' : 'wildcard' };
    }
    return undefined;
  };
}

export function statusOf(row: CustomerRow): 'customer' | 'prospect' | 'lost' {
  if (row.status) return row.status;
  return (row.revenue_12m ?? 0) > 0 || row.contract_start !== undefined ? 'customer' : 'prospect';
}

interface SegmentAcc {
  key: Partial<Record<Dimension, string>>;
  label: string;
  accounts: number;
  customers: number;
  prospects: number;
  revenue: number;
  potential: number;
  accountHeadroom: number;
  cells: Map<MarketCell, number>;
}

/**
 * The whole analysis. `revenueById` (cents) replaces revenue_12m when
 * customers.csv has no such column.
 */
export function analyseSegments(
  customers: readonly CustomerRow[],
  cells: readonly MarketCell[],
  options: SegmentOptions,
  revenueById?: RevenueById,
): SegmentAnalysis {
  const match = createMatcher(cells, options.marketDimensions);
  const notes: string[] = [];
  const accounts: AccountResult[] = [];
  const matchedCell: (MarketCell | undefined)[] = [];
  const matchedKind: MatchKind[] = [];
  const cellAccountHeadroom = new Map<MarketCell, number>();
  const usedCells = new Map<MarketCell, number>();
  const coverage: SegmentAnalysis['coverage'] = {
    exact: 0,
    wildcard: 0,
    none: 0,
    unmatched: [],
    unusedMarketRows: [],
  };

  // Accounts per cell first: whitespace and the employees fallback need them.
  const values = customers.map((row) => ({
    industry: row.industry,
    region: row.region,
    size: row.size ?? sizeFromEmployees(row.employees, options.sizeBands),
  }));
  const employeesInCell = new Map<MarketCell, { employees: number; accounts: number }>();
  for (let i = 0; i < customers.length; i++) {
    const found = match(values[i] as Record<Dimension, string | undefined>);
    matchedCell.push(found?.cell);
    matchedKind.push(found?.match ?? 'none');
    if (found) {
      coverage[found.match]++;
      usedCells.set(found.cell, (usedCells.get(found.cell) ?? 0) + 1);
      const e = (customers[i] as CustomerRow).employees;
      if (e !== undefined) {
        const acc = employeesInCell.get(found.cell) ?? {
          employees: 0,
          accounts: 0,
        };
        acc.employees += e;
        acc.accounts++;
        employeesInCell.set(found.cell, acc);
      }
    } else coverage.none++;
  }

  let usedEmployeeFallback = false;
  const segments = new Map<string, SegmentAcc>();
  const segmentOf = (cell: MarketCell | undefined, v: Record<Dimension, string | undefined>): SegmentAcc => {
    const key: Partial<Record<Dimension, string>> = {};
    for (const d of options.by) key[d] = cell ? (cell.key[d] ?? WILD) : (v[d] ?? '(none)');
    const label = cell ? options.by.map((d) => key[d]).join(' / ') : '(no market data)';
    const id = cell ? options.by.map((d) => norm(key[d])).join('\u0001') : '\u0000none';
    let acc = segments.get(id);
    if (!acc) {
      acc = {
        key: cell ? key : {},
        label,
        accounts: 0,
        customers: 0,
        prospects: 0,
        revenue: 0,
        potential: 0,
        accountHeadroom: 0,
        cells: new Map(),
      };
      segments.set(id, acc);
    }
    return acc;
  };

  for (let i = 0; i < customers.length; i++) {
    const row = customers[i] as CustomerRow;
    const v = values[i] as Record<Dimension, string | undefined>;
    const cell = matchedCell[i];
    const status = statusOf(row);
    const revenueCents = revenueById ? (revenueById.get(row.id) ?? 0) : (row.revenue_12m ?? 0);
    const revenue = revenueCents / 100;
    let potential = 0;
    if (cell) {
      if (options.scaleBy === 'employees' && row.employees !== undefined) {
        let perEmployee = cell.spendPerEmployee;
        if (perEmployee === undefined) {
          // No employee figures in the market: spread spend per firm by the cell's average account size.
          const e = employeesInCell.get(cell);
          perEmployee = e && e.employees > 0 ? cell.spendPerFirm / (e.employees / e.accounts) : undefined;
          usedEmployeeFallback = true;
        }
        potential = perEmployee !== undefined ? perEmployee * row.employees : cell.spendPerFirm;
      } else potential = cell.spendPerFirm;
    }
    const headroom = Math.max(0, potential - revenue);
    const seg = segmentOf(cell, v);
    seg.accounts++;
    if (status === 'customer') seg.customers++;
    if (status === 'prospect') seg.prospects++;
    seg.revenue += revenue;
    seg.potential += potential;
    seg.accountHeadroom += headroom;
    if (cell) {
      seg.cells.set(cell, (seg.cells.get(cell) ?? 0) + 1);
      cellAccountHeadroom.set(cell, (cellAccountHeadroom.get(cell) ?? 0) + headroom);
    }
    if (!cell)
      coverage.unmatched.push({
        id: row.id,
        line: row.line,
        industry: v.industry ?? '',
        region: v.region ?? '',
        size: v.size ?? '',
      });
    accounts.push({
      id: row.id,
      name: row.name ?? '',
      status,
      industry: v.industry ?? '',
      region: v.region ?? '',
      size: v.size ?? '',
      employees: row.employees ?? null,
      segment: seg.label,
      match: matchedKind[i] as MatchKind,
      potential: cents(potential),
      revenue: cents(revenue),
      shareOfWallet: potential > 0 ? round6(revenue / potential) : null,
      headroom: cents(headroom),
      segmentRank: null,
      tier: null,
      extra: row.extra ?? {},
    });
  }
  if (usedEmployeeFallback) {
    notes.push(
      "--scale-by employees: market.csv gives no employee figures, so spend per employee is spend per firm over the average employees of the cell's accounts.",
    );
  }

  // Market cells no account uses are whitespace too; they still form segments.
  for (const cell of cells) {
    if (usedCells.has(cell)) continue;
    coverage.unusedMarketRows.push({
      line: cell.line,
      industry: cell.key.industry ?? WILD,
      region: cell.key.region ?? WILD,
      size: cell.key.size ?? WILD,
    });
    segmentOf(cell, cell.key).cells.set(cell, 0);
  }

  const results: Omit<SegmentResult, 'rank' | 'tier' | 'headroomShare' | 'cumulativeShare' | 'channel' | 'channelReason'>[] = [];
  for (const seg of segments.values()) {
    let firms = 0;
    let whitespace = 0;
    let marketSpend = 0;
    let whitespaceHeadroom = 0;
    let growthHeadroom = seg.cells.size === 0 ? seg.accountHeadroom : 0;
    for (const [cell, ours] of seg.cells) {
      // Without a firm count, the market is taken to be our accounts: no whitespace.
      const cellFirms = cell.firms ?? ours;
      const free = Math.max(0, cellFirms - ours);
      firms += cellFirms;
      whitespace += free;
      marketSpend += cellFirms * cell.spendPerFirm;
      whitespaceHeadroom += free * cell.spendPerFirm;
      growthHeadroom += ((cellAccountHeadroom.get(cell) ?? 0) + free * cell.spendPerFirm) * (1 + cell.growth);
    }
    const headroom = seg.accountHeadroom + whitespaceHeadroom;
    const growth = headroom > 0 ? growthHeadroom / headroom - 1 : 0;
    results.push({
      segment: seg.label,
      key: seg.key,
      accounts: seg.accounts,
      customers: seg.customers,
      prospects: seg.prospects,
      firms,
      whitespace,
      marketSpend: cents(marketSpend),
      revenue: cents(seg.revenue),
      penetration: marketSpend > 0 ? round6(seg.revenue / marketSpend) : null,
      potential: cents(seg.potential + whitespaceHeadroom),
      accountHeadroom: cents(seg.accountHeadroom),
      whitespaceHeadroom: cents(whitespaceHeadroom),
      headroom: cents(headroom),
      growthHeadroom: cents(growthHeadroom),
      growth: round6(growth),
      potentialPerFirm: cents(firms > 0 ? marketSpend / firms : seg.accounts > 0 ? seg.potential / seg.accounts : 0),
    });
  }

  const ranked = rankSegments(results, options);
  const rankOf = new Map(ranked.map((s) => [s.segment, s]));
  for (const a of accounts) {
    const s = rankOf.get(a.segment);
    a.segmentRank = s?.rank ?? null;
    a.tier = s?.tier ?? null;
  }
  accounts.sort((x, y) => y.headroom - x.headroom || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));

  const marketSpend = results.reduce((n, s) => n + s.marketSpend, 0);
  const revenue = results.reduce((n, s) => n + s.revenue, 0);
  return {
    by: options.by,
    rankBy: options.rankBy,
    scaleBy: options.scaleBy,
    channelCosts: options.channelCosts,
    totals: {
      accounts: customers.length,
      segments: ranked.length,
      marketSpend: cents(marketSpend),
      revenue: cents(revenue),
      headroom: cents(results.reduce((n, s) => n + s.headroom, 0)),
      growthHeadroom: cents(results.reduce((n, s) => n + s.growthHeadroom, 0)),
      penetration: marketSpend > 0 ? round6(revenue / marketSpend) : null,
    },
    coverage,
    segments: ranked,
    accounts,
    notes,
  };
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

type Unranked = Omit<SegmentResult, 'rank' | 'tier' | 'headroomShare' | 'cumulativeShare' | 'channel' | 'channelReason'>;

/**
 * Tiers by cumulative share of headroom, largest first: a segment is A while
 * the segments before it hold less than the A cut-off (80%), B while less
 * than the B cut-off (95%), else C. Exactly 80% before it makes it B.
 */
export function assignTiers(headrooms: readonly number[], cut: Config['tiers']): { tier: Tier; share: number; cumulative: number }[] {
  const total = headrooms.reduce((n, h) => n + h, 0);
  const eps = 1e-9;
  let before = 0;
  return headrooms.map((h) => {
    const shareBefore = total > 0 ? before / total : 1;
    before += h;
    const tier: Tier = total <= 0 ? 'C' : shareBefore < cut.a - eps ? 'A' : shareBefore < cut.b - eps ? 'B' : 'C';
    return {
      tier,
      share: total > 0 ? h / total : 0,
      cumulative: total > 0 ? before / total : 0,
    };
  });
}

export function rankSegments(
  segments: readonly Unranked[],
  options: Pick<SegmentOptions, 'rankBy' | 'tiers' | 'coverage' | 'channelCosts'>,
): SegmentResult[] {
  // Tiers always follow headroom; the display rank follows --rank-by.
  const byHeadroom = [...segments].sort((a, b) => b.headroom - a.headroom || compareText(a.segment, b.segment));
  const tiers = assignTiers(
    byHeadroom.map((s) => s.headroom),
    options.tiers,
  );
  const tierOf = new Map(byHeadroom.map((s, i) => [s.segment, tiers[i] as { tier: Tier; share: number; cumulative: number }]));
  const metric: Record<RankBy, (s: Unranked) => number> = {
    headroom: (s) => s.headroom,
    potential: (s) => s.potential,
    growth: (s) => s.growthHeadroom,
    penetration: (s) => -(s.penetration ?? Number.POSITIVE_INFINITY),
  };
  const value = metric[options.rankBy];
  return [...segments]
    .sort((a, b) => value(b) - value(a) || compareText(a.segment, b.segment))
    .map((s, i) => {
      const t = tierOf.get(s.segment) as {
        tier: Tier;
        share: number;
        cumulative: number;
      };
      const choice = chooseCoverage(s.potentialPerFirm, options.coverage, options.channelCosts);
      return {
        rank: i + 1,
        ...s,
        headroomShare: round6(t.share),
        cumulativeShare: round6(t.cumulative),
        tier: t.tier,
        channel: choice.channel,
        channelReason: choice.reason,
      };
    });
}

/**
 * The most intensive coverage whose yearly cost stays within the allowed
 * share of an account's potential: field (visits), inside (calls), else
 * digital. Yearly cost = cost of one contact by that channel x contacts a year.
 */
export function chooseCoverage(
  potentialPerAccount: number,
  coverage: Config['coverage'],
  costs: ChannelCosts,
): { channel: Coverage; reason: string; yearly: Record<Coverage, number> } {
  const yearly: Record<Coverage, number> = {
    field: costs.costs.field * coverage.contactsPerYear.field,
    inside: costs.costs.phone * coverage.contactsPerYear.inside,
    digital: costs.costs.email * coverage.contactsPerYear.digital,
  };
  const budget = potentialPerAccount * coverage.maxCostShare;
  const pct = (x: number) => (potentialPerAccount > 0 ? `${((x / potentialPerAccount) * 100).toFixed(1)}%` : 'n/a');
  const money = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(1)}k` : x.toFixed(0));
  const limit = `${Math.round(coverage.maxCostShare * 100)}%`;
  for (const channel of ['field', 'inside'] as const) {
    if (yearly[channel] <= budget) {
      return {
        channel,
        yearly,
        reason: `${channel} costs ${money(yearly[channel])}/yr = ${pct(yearly[channel])} of potential ${money(potentialPerAccount)} (limit ${limit})`,
      };
    }
  }
  return {
    channel: 'digital',
    yearly,
    reason: `inside costs ${money(yearly.inside)}/yr = ${pct(yearly.inside)} of potential ${money(potentialPerAccount)}, over ${limit}`,
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
