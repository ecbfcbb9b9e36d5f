/**
 * Buying potential, headroom and tiers (DOMAIN.md idea 2): every account is
 * joined to its market cell, potential comes from the market, and segments
 * are ranked by headroom = potential not yet won, including the firms of the
 * market that are not in the customer file at all (whitespace).
 */
import type { Problem } from '../errors.js';
import { ownText } from '../schema/cells.js';
import { IntColumn, NumberColumn } from '../schema/columns.js';
import type { Config, Coverage } from '../schema/config.js';
import type { CustomerRow, MarketRow } from '../schema/files.js';
import { centsText, ExactSum, moneyOf, unitsToNumber } from '../schema/money.js';
import type { ChannelCosts } from './channels.js';
import type { RevenueSource } from './revenue.js';
import { AccountList, AccountTexts, cents, rankAccounts, round6 } from './segment-accounts.js';

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
  /** Where revenue came from (said in the notes and in JSON). */
  revenueSource?: RevenueSource;
}

/** Revenue of the last 12 months by account, in money units, when customers.csv has no revenue_12m. */
export type RevenueById = ReadonlyMap<string, number>;

export interface MarketCell {
  key: Record<Dimension, string | undefined>;
  line: number;
  firms: number | undefined;
  spendPerFirm: number;
  spendPerEmployee: number | undefined;
  growth: number;
  /** Spend per firm by product, when market.csv gives the cell product rows (docs/products.md). */
  products?: ReadonlyMap<string, number>;
}

export interface AccountResult {
  /** Rank by headroom among all accounts (1 = most). */
  rank: number;
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
  /** The exact sum of revenue rounded to whole cents, as a decimal string (exact at any size). */
  revenueCents: string;
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
  /** What the channel was chosen by (views/segment.ts words it: the `why`). */
  coverageCost: CoverageCost;
}

/**
 * The yearly cost that decided a segment's coverage channel, against an
 * account's potential (`potentialPerFirm`): the chosen channel's (field or
 * inside) within the limit, or inside's over it (digital).
 */
export interface CoverageCost {
  channel: 'field' | 'inside';
  /** Covering one account by that channel for a year: cost of a contact x contacts a year. */
  yearly: number;
  /** The yearly cost as a share of the potential; null without potential. */
  share: number | null;
  /** The most a channel may cost, as a share of potential (config coverage.maxCostShare). */
  limit: number;
  /** Whether it stays within the limit (false: digital). */
  within: boolean;
}

export interface SegmentAnalysis {
  by: Dimension[];
  revenueSource: RevenueSource | null;
  rankBy: RankBy;
  scaleBy: 'firm' | 'employees';
  channelCosts: ChannelCosts;
  totals: {
    accounts: number;
    segments: number;
    marketSpend: number;
    revenue: number;
    /** The exact sum of revenue rounded to whole cents, as a decimal string (exact at any size). */
    revenueCents: string;
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
  /** All accounts, ranked by headroom (most first), then id; empty unless the fold kept accounts (`keepAccounts`). Built per account only when read. */
  accounts: AccountList;
  notes: string[];
}

const WILD = '*';

/** Size band by employees: the last band whose `min` is at most the count. */
export function sizeFromEmployees(employees: number | undefined, bands: Config['sizeBands']): string | undefined {
  if (employees === undefined) return undefined;
  let size: string | undefined;
  let min = Number.NEGATIVE_INFINITY;
  for (const band of bands) {
    if (employees >= band.min && band.min >= min) {
      size = band.name;
      min = band.min;
    }
  }
  return size;
}

const norm = (v: string | undefined) => (v === undefined ? '' : v.toLowerCase());
const cellId = (k: Record<Dimension, string | undefined>) => DIMENSIONS.map((d) => norm(k[d])).join('\u0001');

/**
 * Market rows -> cells, refusing conflicting duplicates (same key, other
 * figures). Rows with a `product` give one product's spend per firm in the
 * cell: with a row for the whole cell they split it (and must not add up to
 * more); without one, they add up to the cell (docs/products.md).
 */
export function buildMarket(rows: readonly MarketRow[], file: string): { cells: MarketCell[]; problems: Problem[] } {
  const byKey = new Map<string, MarketCell>();
  const byProduct = new Map<string, { key: MarketCell['key']; items: Map<string, MarketCell> }>();
  /** Cell ids in the order their key first appears. */
  const order: string[] = [];
  const problems: Problem[] = [];
  const suppressed: number[] = [];
  const zeroSpend: number[] = [];
  const zeroEmployees: number[] = [];
  const known = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? undefined : x);
  const duplicate = (before: MarketCell, cell: MarketCell, what: string) => {
    const same = before.firms === cell.firms && before.spendPerFirm === cell.spendPerFirm && before.growth === cell.growth;
    problems.push({
      severity: same ? 'warning' : 'error',
      file,
      line: cell.line,
      code: same ? 'W_DUPLICATE_KEY' : 'E_DUPLICATE_KEY',
      message: `${what} appears twice (first on line ${before.line})${same ? ' with the same figures; the repeat is ignored' : ' with different figures'}`,
    });
  };
  for (const row of rows) {
    const key = { industry: row.industry, region: row.region, size: row.size };
    const spendPerFirm = row.spend_per_firm ?? (row.spend as number) / (row.firms as number);
    // A suppressed spend (or firms behind spend) leaves no potential to estimate: the cell is left out, not zero.
    if (!Number.isFinite(spendPerFirm)) {
      suppressed.push(row.line);
      continue;
    }
    // Firms but no spend: a suppressed cell written as 0 (Census-style exports), not a market that buys nothing.
    if (spendPerFirm === 0 && (row.firms ?? 0) > 0) {
      zeroSpend.push(row.line);
      continue;
    }
    const spend = known(row.spend);
    // Firms but 0 employees: the same, for the employee figure (left unknown).
    if (row.employees === 0 && (row.firms ?? 0) > 0) zeroEmployees.push(row.line);
    const employees = row.employees === 0 && (row.firms ?? 0) > 0 ? undefined : known(row.employees);
    const cell: MarketCell = {
      key,
      line: row.line,
      firms: known(row.firms),
      spendPerFirm,
      spendPerEmployee: known(row.spend_per_employee) ?? (spend !== undefined && employees ? spend / employees : undefined),
      growth: row.growth ?? 0,
    };
    const id = cellId(key);
    if (!byKey.has(id) && !byProduct.has(id)) order.push(id);
    if (row.product !== undefined) {
      let group = byProduct.get(id);
      if (!group) {
        group = { key, items: new Map() };
        byProduct.set(id, group);
      }
      const before = group.items.get(row.product);
      if (before) duplicate(before, cell, `market cell ${describeKey(key)}, product "${row.product}",`);
      else group.items.set(row.product, cell);
      continue;
    }
    const before = byKey.get(id);
    if (before) {
      duplicate(before, cell, `market cell ${describeKey(key)}`);
      continue;
    }
    byKey.set(id, cell);
  }
  const leftOut = (lines: number[], code: string, what: string, then: string) => {
    if (lines.length === 0) return;
    problems.push({
      severity: 'warning',
      file,
      line: lines[0] as number,
      code,
      message: `${lines.length} market row${lines.length === 1 ? '' : 's'} ${what} (${lineList(lines)})${then}`,
    });
  };
  leftOut(suppressed, 'W_SUPPRESSED_CELL', 'with a suppressed spend left out', ': their accounts take a wildcard row or go unmatched');
  leftOut(
    zeroSpend,
    'W_ZERO_SPEND',
    'with firms but a spend of 0 left out as suppressed',
    ': a cell the source withheld and wrote as 0; their accounts take a wildcard row or go unmatched',
  );
  leftOut(
    zeroEmployees,
    'W_ZERO_EMPLOYEES',
    'with firms but 0 employees: employees read as unknown, as suppressed',
    '; --scale-by employees does not use them',
  );
  const cells = order.map((id) => {
    const total = byKey.get(id);
    const group = byProduct.get(id);
    if (!group) return total as MarketCell;
    const items = [...group.items.values()];
    const products = new Map([...group.items].map(([product, cell]) => [product, cell.spendPerFirm]));
    const sum = items.reduce((t, c) => t + c.spendPerFirm, 0);
    if (total) {
      if (sum > total.spendPerFirm * (1 + 1e-9) + 1e-9)
        problems.push({
          severity: 'error',
          file,
          line: (items[0] as MarketCell).line,
          code: 'E_PRODUCT_SPEND',
          message: `the product rows of market cell ${describeKey(group.key)} add up to ${cents(sum)} spend per firm, more than the cell's ${cents(total.spendPerFirm)} (line ${total.line})`,
        });
      return { ...total, products };
    }
    // Product rows only: the cell is their sum; they must agree on the number of firms.
    const firms = items.map((c) => c.firms).filter((f) => f !== undefined);
    const other = items.find((c) => c.firms !== undefined && c.firms !== firms[0]);
    if (other)
      problems.push({
        severity: 'error',
        file,
        line: other.line,
        code: 'E_DUPLICATE_KEY',
        message: `the product rows of market cell ${describeKey(group.key)} give different numbers of firms (${firms[0]} on line ${items.find((c) => c.firms === firms[0])?.line}, ${other.firms} here)`,
      });
    const perEmployee = items.every((c) => c.spendPerEmployee !== undefined)
      ? items.reduce((t, c) => t + (c.spendPerEmployee as number), 0)
      : undefined;
    return {
      key: group.key,
      line: (items[0] as MarketCell).line,
      firms: firms[0],
      spendPerFirm: sum,
      spendPerEmployee: perEmployee,
      // Growth of the cell: the products' growth weighted by their spend.
      growth: sum > 0 ? items.reduce((t, c) => t + c.spendPerFirm * c.growth, 0) / sum : 0,
      products,
    } satisfies MarketCell;
  });
  return { cells, problems };
}

function lineList(lines: readonly number[]): string {
  return `line${lines.length === 1 ? '' : 's'} ${lines.slice(0, 5).join(', ')}${lines.length > 5 ? ', ...' : ''}`;
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

/**
 * The status column, else: revenue in the last 12 months (the column, or
 * orders.csv: `revenue`) or a contract makes a customer, nothing a prospect.
 */
export function statusOf(
  row: Pick<CustomerRow, 'status' | 'revenue_12m' | 'contract_start'>,
  revenue = row.revenue_12m,
): 'customer' | 'prospect' | 'lost' {
  if (row.status) return row.status;
  return (revenue ?? 0) > 0 || row.contract_start !== undefined ? 'customer' : 'prospect';
}

/** The customers.csv columns the segment analysis reads (a projection for the reader). */
export const SEGMENT_COLUMNS = [
  'id',
  'name',
  'status',
  'industry',
  'region',
  'size',
  'employees',
  'revenue_12m',
  'contract_start',
] as const;
export type SegmentCustomer = Pick<CustomerRow, (typeof SEGMENT_COLUMNS)[number] | 'line' | 'extra'>;
/** The SEGMENT_COLUMNS a fold reads only to keep accounts (a listing): a summary has them checked (ReadRequest.checked), not read. */
export const SEGMENT_LISTING_COLUMNS: readonly string[] = ['name'];

const STATUS_CODE = { customer: 0, prospect: 1, lost: 2 } as const;
const MATCH_NAME: readonly MatchKind[] = ['exact', 'wildcard', 'none'];

interface SegmentAcc {
  key: Partial<Record<Dimension, string>>;
  label: string;
  accounts: number;
  customers: number;
  prospects: number;
  /** Money units, exact. */
  revenue: ExactSum;
  potential: number;
  accountHeadroom: number;
  cells: Map<number, number>;
}

export interface SegmentFoldOptions extends SegmentOptions {
  /** Keep every account for listings (--accounts, tiers by id); otherwise only aggregates are kept. */
  keepAccounts: boolean;
}

/**
 * Folds accounts one by one into compact per-account arrays (cell, revenue,
 * employees, status), so a million accounts cost tens of megabytes, then
 * `finish()` computes potential, headroom, segments and tiers.
 */
export function createSegmentFold(cells: readonly MarketCell[], options: SegmentFoldOptions) {
  const match = createMatcher(cells, options.marketDimensions);
  const cellIndex = new Map(cells.map((c, i) => [c, i]));
  const memo = new Map<string, Map<string, Map<string, number>>>();
  const NO_CELL = -1;
  // Per account, by position, off the JS heap (a million accounts: 24 MB).
  const accountCell = new IntColumn();
  const matchKind = new IntColumn();
  const revenue = new NumberColumn();
  const employees = new NumberColumn();
  const status = new IntColumn();
  const kept = new AccountTexts();
  const unmatched: SegmentAnalysis['coverage']['unmatched'] = [];
  let placed: Placement | undefined;
  let revenueSource = options.revenueSource;

  return {
    /** Where revenue comes from, once the reader knows (said in the notes and in JSON). */
    setRevenueSource(source: RevenueSource): void {
      revenueSource = source;
    },
    /** `revenueUnits` overrides revenue_12m (revenue summed from orders when customers.csv has no such column). */
    add(row: SegmentCustomer, revenueUnits?: number): void {
      const size = row.size ?? sizeFromEmployees(row.employees, options.sizeBands);
      // Accounts share few (industry, region, size) triples: match each triple once.
      let byRegion = memo.get(row.industry ?? '');
      if (!byRegion) {
        byRegion = new Map();
        memo.set(row.industry ?? '', byRegion);
      }
      let bySize = byRegion.get(row.region ?? '');
      if (!bySize) {
        bySize = new Map();
        byRegion.set(row.region ?? '', bySize);
      }
      let found = bySize.get(size ?? '');
      if (found === undefined) {
        const m = match({ industry: row.industry, region: row.region, size });
        found = m ? (cellIndex.get(m.cell) as number) * 2 + (m.match === 'exact' ? 0 : 1) : NO_CELL;
        bySize.set(size ?? '', found);
      }
      accountCell.push(found === NO_CELL ? NO_CELL : found >> 1);
      matchKind.push(found === NO_CELL ? 2 : found & 1);
      const units = revenueUnits ?? row.revenue_12m ?? 0;
      revenue.push(units);
      employees.push(row.employees ?? Number.NaN);
      status.push(STATUS_CODE[statusOf(row, units)]);
      if (found === NO_CELL)
        unmatched.push({ id: ownText(row.id), line: row.line, industry: row.industry ?? '', region: row.region ?? '', size: size ?? '' });
      if (options.keepAccounts) kept.add(row.id, row.name ?? '', row.industry ?? '', row.region ?? '', size ?? '', row.extra);
    },
    finish(): SegmentAnalysis {
      const done = finishSegments(
        cells,
        { ...options, revenueSource },
        {
          accountCell: accountCell.view(),
          matchKind: matchKind.view(),
          revenue: revenue.view(),
          employees: employees.view(),
          status: status.view(),
          kept,
          unmatched,
        },
      );
      placed = done.placement;
      return done.analysis;
    },
    /** After finish(): each account's segment (rank, tier, coverage) and headroom, by the order accounts were added. */
    placement(): Placement {
      if (!placed) throw new Error('placement() before finish()');
      return placed;
    },
  };
}

/** Convenience over the fold: the whole analysis from an array of rows. */
export function analyseSegments(
  customers: readonly SegmentCustomer[],
  cells: readonly MarketCell[],
  options: SegmentOptions,
  revenueById?: RevenueById,
): SegmentAnalysis {
  const fold = createSegmentFold(cells, { ...options, keepAccounts: true });
  for (const row of customers) fold.add(row, revenueById ? (revenueById.get(row.id) ?? 0) : undefined);
  return fold.finish();
}

/** Where each account landed, by the position it was added in. */
export interface Placement {
  count: number;
  /** Where revenue (and so headroom and tiers) came from. */
  revenueSource: RevenueSource | null;
  segment(index: number): SegmentResult;
  headroom(index: number): number;
  /** The account's potential, unrounded (per firm, or per employee x employees). */
  potential(index: number): number;
  /** The account's market cell (an index into the fold's cells), or -1 when none matched. */
  cell(index: number): number;
  /** Firms of a market cell that are not in customers.csv (0 when the cell has no firm count). */
  whitespace(cell: number): number;
  /** The segment a market cell falls in. */
  cellSegment(cell: number): SegmentResult;
  /** Revenue / potential as in the account listing; null without potential. */
  shareOfWallet(index: number): number | null;
}

interface Folded {
  accountCell: Int32Array;
  matchKind: Int32Array;
  /** Money units (exact integers in a double). */
  revenue: Float64Array;
  /** NaN when unknown. */
  employees: Float64Array;
  status: Int32Array;
  /** Texts of every account when the fold keeps them for a listing (else empty). */
  kept: AccountTexts;
  unmatched: SegmentAnalysis['coverage']['unmatched'];
}

function finishSegments(
  cells: readonly MarketCell[],
  options: SegmentFoldOptions,
  f: Folded,
): { analysis: SegmentAnalysis; placement: Placement } {
  const n = f.accountCell.length;
  const notes: string[] = [];
  const cellAccounts = new Array<number>(cells.length).fill(0);
  const cellEmployees = new Array<number>(cells.length).fill(0);
  const cellWithEmployees = new Array<number>(cells.length).fill(0);
  const coverage: SegmentAnalysis['coverage'] = { exact: 0, wildcard: 0, none: 0, unmatched: f.unmatched, unusedMarketRows: [] };
  for (let i = 0; i < n; i++) {
    coverage[MATCH_NAME[f.matchKind[i] as number] as MatchKind]++;
    const c = f.accountCell[i] as number;
    if (c < 0) continue;
    cellAccounts[c] = (cellAccounts[c] as number) + 1;
    const e = f.employees[i] as number;
    if (!Number.isNaN(e)) {
      cellEmployees[c] = (cellEmployees[c] as number) + e;
      cellWithEmployees[c] = (cellWithEmployees[c] as number) + 1;
    }
  }

  // A segment is a market cell projected on the --by dimensions; accounts without a cell form their own.
  const segments = new Map<string, SegmentAcc>();
  const segmentOfCell: SegmentAcc[] = [];
  const segmentFor = (key: Partial<Record<Dimension, string>>, label: string, id: string): SegmentAcc => {
    let acc = segments.get(id);
    if (!acc) {
      acc = {
        key,
        label,
        accounts: 0,
        customers: 0,
        prospects: 0,
        revenue: new ExactSum(),
        potential: 0,
        accountHeadroom: 0,
        cells: new Map(),
      };
      segments.set(id, acc);
    }
    return acc;
  };
  cells.forEach((cell, c) => {
    const key: Partial<Record<Dimension, string>> = {};
    for (const d of options.by) key[d] = cell.key[d] ?? WILD;
    const seg = segmentFor(key, options.by.map((d) => key[d]).join(' / '), options.by.map((d) => norm(key[d])).join('\u0001'));
    seg.cells.set(c, cellAccounts[c] as number);
    segmentOfCell.push(seg);
    if (cellAccounts[c] === 0)
      coverage.unusedMarketRows.push({
        line: cell.line,
        industry: cell.key.industry ?? WILD,
        region: cell.key.region ?? WILD,
        size: cell.key.size ?? WILD,
      });
  });

  let usedEmployeeFallback = false;
  const perEmployee = cells.map((cell, c) => {
    if (options.scaleBy !== 'employees') return undefined;
    if (cell.spendPerEmployee !== undefined) return cell.spendPerEmployee;
    // No employee figures in the market: spread spend per firm by the cell's average account size.
    const withEmployees = cellWithEmployees[c] as number;
    if (withEmployees === 0 || cellEmployees[c] === 0) return undefined;
    usedEmployeeFallback = true;
    return cell.spendPerFirm / ((cellEmployees[c] as number) / withEmployees);
  });
  const cellAccountHeadroom = new Array<number>(cells.length).fill(0);
  const potentials = new Float64Array(n);
  let noMarket: SegmentAcc | undefined;
  for (let i = 0; i < n; i++) {
    const c = f.accountCell[i] as number;
    const e = f.employees[i] as number;
    let potential = 0;
    if (c >= 0) {
      const cell = cells[c] as MarketCell;
      const pe = perEmployee[c];
      potential = pe !== undefined && !Number.isNaN(e) ? pe * e : cell.spendPerFirm;
    }
    potentials[i] = potential;
    const units = f.revenue[i] as number;
    const headroom = Math.max(0, potential - unitsToNumber(units));
    let seg: SegmentAcc;
    if (c >= 0) {
      seg = segmentOfCell[c] as SegmentAcc;
      cellAccountHeadroom[c] = (cellAccountHeadroom[c] as number) + headroom;
    } else {
      noMarket ??= segmentFor({}, '(no market data)', '\u0000none');
      seg = noMarket;
    }
    seg.accounts++;
    if (f.status[i] === 0) seg.customers++;
    if (f.status[i] === 1) seg.prospects++;
    seg.revenue.add(units);
    seg.potential += potential;
    seg.accountHeadroom += headroom;
  }
  if (usedEmployeeFallback) {
    notes.push(
      "--scale-by employees: market.csv gives no employee figures, so spend per employee is spend per firm over the average employees of the cell's accounts.",
    );
  }

  const results: Unranked[] = [];
  const revenueTotal = new ExactSum();
  for (const seg of segments.values()) {
    let firms = 0;
    let whitespace = 0;
    let marketSpend = 0;
    let whitespaceHeadroom = 0;
    let growthHeadroom = seg.cells.size === 0 ? seg.accountHeadroom : 0;
    for (const [c, ours] of seg.cells) {
      const cell = cells[c] as MarketCell;
      // Without a firm count, the market is taken to be our accounts: no whitespace.
      const cellFirms = cell.firms ?? ours;
      const free = Math.max(0, cellFirms - ours);
      firms += cellFirms;
      whitespace += free;
      marketSpend += cellFirms * cell.spendPerFirm;
      whitespaceHeadroom += free * cell.spendPerFirm;
      growthHeadroom += ((cellAccountHeadroom[c] as number) + free * cell.spendPerFirm) * (1 + cell.growth);
    }
    const headroom = seg.accountHeadroom + whitespaceHeadroom;
    const revenueUnits = seg.revenue.value();
    revenueTotal.add(revenueUnits);
    const revenue = unitsToNumber(revenueUnits);
    results.push({
      segment: seg.label,
      key: seg.key,
      accounts: seg.accounts,
      customers: seg.customers,
      prospects: seg.prospects,
      firms,
      whitespace,
      marketSpend: cents(marketSpend),
      revenue: moneyOf(revenueUnits),
      revenueCents: centsText(revenueUnits),
      penetration: marketSpend > 0 ? round6(revenue / marketSpend) : null,
      potential: cents(seg.potential + whitespaceHeadroom),
      accountHeadroom: cents(seg.accountHeadroom),
      whitespaceHeadroom: cents(whitespaceHeadroom),
      headroom: cents(headroom),
      growthHeadroom: cents(growthHeadroom),
      growth: round6(headroom > 0 ? growthHeadroom / headroom - 1 : 0),
      potentialPerFirm: cents(firms > 0 ? marketSpend / firms : seg.accounts > 0 ? seg.potential / seg.accounts : 0),
    });
  }

  const ranked = rankSegments(results, options);
  const bySegment = new Map(ranked.map((s) => [s.segment, s]));
  const headrooms = new Float64Array(n);
  for (let i = 0; i < n; i++) headrooms[i] = cents(Math.max(0, (potentials[i] as number) - unitsToNumber(f.revenue[i] as number)));
  const labelOf = (i: number): string => {
    const c = f.accountCell[i] as number;
    return c >= 0 ? (segmentOfCell[c] as SegmentAcc).label : '(no market data)';
  };
  const listed = {
    texts: f.kept,
    status: f.status,
    matchKind: f.matchKind,
    employees: f.employees,
    revenue: f.revenue,
    potential: potentials,
    headroom: headrooms,
    segmentLabel: labelOf,
    segment: (i: number) => bySegment.get(labelOf(i)),
  };
  const accounts = f.kept.length === n && n > 0 ? new AccountList(listed, rankAccounts(listed)) : AccountList.empty(listed);

  // Every account's segment result and headroom, by position, for other analyses (no per-account objects).
  const segmentResult = (i: number): SegmentResult => bySegment.get(labelOf(i)) as SegmentResult;
  const placement: Placement = {
    count: n,
    revenueSource: options.revenueSource ?? null,
    segment: segmentResult,
    headroom: (i) => headrooms[i] as number,
    potential: (i) => potentials[i] as number,
    cell: (i) => f.accountCell[i] as number,
    whitespace: (c) => Math.max(0, ((cells[c] as MarketCell).firms ?? (cellAccounts[c] as number)) - (cellAccounts[c] as number)),
    cellSegment: (c) => bySegment.get((segmentOfCell[c] as SegmentAcc).label) as SegmentResult,
    shareOfWallet: (i) =>
      (potentials[i] as number) > 0 ? round6(unitsToNumber(f.revenue[i] as number) / (potentials[i] as number)) : null,
  };

  const marketSpend = results.reduce((t, s) => t + s.marketSpend, 0);
  const revenueExact = revenueTotal.value();
  const analysis: SegmentAnalysis = {
    by: options.by,
    revenueSource: options.revenueSource ?? null,
    rankBy: options.rankBy,
    scaleBy: options.scaleBy,
    channelCosts: options.channelCosts,
    totals: {
      accounts: n,
      segments: ranked.length,
      marketSpend: cents(marketSpend),
      revenue: moneyOf(revenueExact),
      revenueCents: centsText(revenueExact),
      headroom: cents(results.reduce((t, s) => t + s.headroom, 0)),
      growthHeadroom: cents(results.reduce((t, s) => t + s.growthHeadroom, 0)),
      penetration: marketSpend > 0 ? round6(unitsToNumber(revenueExact) / marketSpend) : null,
    },
    coverage,
    segments: ranked,
    accounts,
    notes,
  };
  return { analysis, placement };
}

type Unranked = Omit<SegmentResult, 'rank' | 'tier' | 'headroomShare' | 'cumulativeShare' | 'channel' | 'coverageCost'>;

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
        coverageCost: choice.cost,
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
): { channel: Coverage; cost: CoverageCost; yearly: Record<Coverage, number> } {
  const yearly: Record<Coverage, number> = {
    field: costs.costs.field * coverage.contactsPerYear.field,
    inside: costs.costs.phone * coverage.contactsPerYear.inside,
    digital: costs.costs.email * coverage.contactsPerYear.digital,
  };
  const budget = potentialPerAccount * coverage.maxCostShare;
  const cost = (channel: 'field' | 'inside', within: boolean): CoverageCost => ({
    channel,
    yearly: yearly[channel],
    share: potentialPerAccount > 0 ? round6(yearly[channel] / potentialPerAccount) : null,
    limit: coverage.maxCostShare,
    within,
  });
  for (const channel of ['field', 'inside'] as const) {
    if (yearly[channel] <= budget) return { channel, yearly, cost: cost(channel, true) };
  }
  return { channel: 'digital', yearly, cost: cost('inside', false) };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
