/**
 * Products ranked by buying potential (DOMAIN.md idea 2: the telecom leader
 * first estimated each prospect's potential for one product). Built on the
 * segment analysis, never beside it: an account's potential and market cell,
 * the whitespace firms of each cell and the segments all come from plan
 * segment's fold (core/segment.ts, by position). A product takes a share of
 * that potential: from market.csv product rows for the cell, else from
 * products.csv (the industry's share, else the overall one). Our revenue per
 * product comes from orders.csv's `product` column over the 12 months to
 * asOf. Rules and columns: docs/products.md.
 *
 * Order lines are folded into sums per account x product bought (typed
 * arrays), never kept: memory grows with accounts x products bought.
 */
import type { Problem } from '../errors.js';
import { addMonths, type Day } from '../schema/calendar.js';
import { ownText } from '../schema/cells.js';
import type { Config } from '../schema/config.js';
import type { OrderRow, ProductRow } from '../schema/files.js';
import { KeyTable } from '../schema/keys.js';
import { centsText, ExactSum, MONEY_SCALE, moneyOf, unitsToNumber } from '../schema/money.js';
import { type UnknownKeyReport, UnknownKeys } from './references.js';
import { assignTiers, type MarketCell, type Placement, type SegmentCustomer, type SegmentResult, statusOf, type Tier } from './segment.js';

// ---------------------------------------------------------------- catalog

export interface ProductInfo {
  product: string;
  name: string;
  category: string;
  /** Price of one unit (currency), when products.csv gives one. */
  price: number | null;
}

export interface ProductCatalog {
  products: ProductInfo[];
  /** Whether products.csv gives any share (without one, only market.csv product rows give potential). */
  hasShares: boolean;
  /** Each product's share of a segment's spend in an industry (by product index); overall shares for an unknown or no industry. */
  shares(industry: string | undefined): Float64Array;
}

const lower = (v: string | undefined) => (v === undefined ? undefined : v.toLowerCase());

/**
 * products.csv rows (and the products market.csv rows name) -> the catalog.
 * A row without an industry gives the overall share; a row with one gives
 * that industry's share, which replaces the overall one there. Errors: the
 * same product and industry twice with other shares, or one industry's
 * shares adding up to more than 100%.
 */
export function buildCatalog(
  rows: readonly ProductRow[],
  file: string,
  cells: readonly MarketCell[] = [],
): { catalog: ProductCatalog; problems: Problem[] } {
  const problems: Problem[] = [];
  const index = new Map<string, number>();
  const products: ProductInfo[] = [];
  const firstLine: number[] = [];
  /** Where each product's name, category and price were first given. */
  const fieldLines: Record<'name' | 'category' | 'price', number>[] = [];
  const overall: number[] = [];
  const byIndustry = new Map<string, { label: string; line: number; shares: Map<number, number> }>();
  const seen = new Map<string, { share: number | undefined; line: number }>();
  const withShare = new Set<number>();
  let hasShares = false;
  for (const row of rows) {
    let p = index.get(row.product);
    if (p === undefined) {
      p = products.length;
      index.set(row.product, p);
      products.push({ product: row.product, name: row.name ?? row.product, category: row.category ?? '', price: null });
      firstLine.push(row.line);
      fieldLines.push({ name: row.line, category: row.line, price: row.line });
      overall.push(Number.NaN);
    }
    const info = products[p] as ProductInfo;
    const price = row.price === undefined ? null : unitsToNumber(row.price);
    for (const [field, value, current] of [
      ['name', row.name, info.name === info.product ? undefined : info.name],
      ['category', row.category, info.category || undefined],
      ['price', price ?? undefined, info.price ?? undefined],
    ] as const) {
      if (value === undefined || current === undefined || value === current) continue;
      problems.push({
        severity: 'warning',
        file,
        line: row.line,
        columnName: field,
        code: 'W_CONFLICT',
        message: `product "${row.product}" has ${field} ${JSON.stringify(current)} on line ${fieldLines[p]?.[field]}; ${JSON.stringify(value)} here is ignored`,
      });
    }
    const lines = fieldLines[p] as Record<'name' | 'category' | 'price', number>;
    if (row.name !== undefined && info.name === info.product) [info.name, lines.name] = [row.name, row.line];
    if (row.category !== undefined && !info.category) [info.category, lines.category] = [row.category, row.line];
    if (price !== null && info.price === null) [info.price, lines.price] = [price, row.line];

    const where = lower(row.industry);
    const key = `${p}\u0001${where ?? ''}`;
    const before = seen.get(key);
    if (before) {
      const same = before.share === row.share;
      problems.push({
        severity: same ? 'warning' : 'error',
        file,
        line: row.line,
        code: same ? 'W_DUPLICATE_KEY' : 'E_DUPLICATE_KEY',
        message: `product "${row.product}"${row.industry === undefined ? '' : ` in ${row.industry}`} appears twice (first on line ${before.line})${same ? ' with the same share; the repeat is ignored' : ' with another share'}`,
      });
      continue;
    }
    seen.set(key, { share: row.share, line: row.line });
    if (row.share === undefined) continue;
    hasShares = true;
    withShare.add(p);
    if (where === undefined) overall[p] = row.share;
    else {
      let industry = byIndustry.get(where);
      if (!industry) {
        industry = { label: row.industry as string, line: row.line, shares: new Map() };
        byIndustry.set(where, industry);
      }
      industry.shares.set(p, row.share);
    }
  }
  const fromMarket = new Set<number>();
  for (const cell of cells) {
    for (const product of cell.products?.keys() ?? []) {
      let p = index.get(product);
      if (p === undefined) {
        p = products.length;
        index.set(product, p);
        products.push({ product, name: product, category: '', price: null });
        overall.push(Number.NaN);
      }
      fromMarket.add(p);
    }
  }

  const P = products.length;
  const base = new Float64Array(P);
  for (let p = 0; p < P; p++) base[p] = Number.isNaN(overall[p] as number) ? 0 : (overall[p] as number);
  const effective = new Map<string, Float64Array>();
  for (const [where, industry] of byIndustry) {
    const shares = base.slice();
    for (const [p, share] of industry.shares) shares[p] = share;
    effective.set(where, shares);
  }
  const overLimit = (shares: Float64Array) => shares.reduce((t, x) => t + x, 0) > 1 + 1e-9;
  const percent = (shares: Float64Array) => `${(shares.reduce((t, x) => t + x, 0) * 100).toFixed(1)}%`;
  if (overLimit(base)) {
    problems.push({
      severity: 'error',
      file,
      line: firstLine[overall.findIndex((x) => !Number.isNaN(x))] ?? 1,
      columnName: 'share',
      code: 'E_SHARE_SUM',
      message: `the overall shares add up to ${percent(base)}: products cannot take more than a segment's whole spend`,
    });
  }
  for (const [where, industry] of byIndustry) {
    const shares = effective.get(where) as Float64Array;
    if (overLimit(shares))
      problems.push({
        severity: 'error',
        file,
        line: industry.line,
        columnName: 'share',
        code: 'E_SHARE_SUM',
        message: `the shares for ${industry.label} (its own rows, the overall share for the other products) add up to ${percent(shares)}: more than a segment's whole spend`,
      });
  }
  const without = products.filter((_, p) => !withShare.has(p) && !fromMarket.has(p));
  if (hasShares && without.length > 0)
    problems.push({
      severity: 'warning',
      file,
      line: firstLine[products.indexOf(without[0] as ProductInfo)] ?? 1,
      columnName: 'share',
      code: 'W_NO_SHARE',
      message: `${without.length} product${without.length === 1 ? ' has' : 's have'} no share and no market.csv product rows, so no potential: ${without
        .slice(0, 5)
        .map((p) => `"${p.product}"`)
        .join(', ')}${without.length > 5 ? ', ...' : ''}`,
    });
  return {
    catalog: {
      products,
      hasShares,
      shares: (industry) => (industry === undefined ? undefined : effective.get(industry.toLowerCase())) ?? base,
    },
    problems,
  };
}

// ---------------------------------------------------------------- results

export interface ProductOptions {
  asOf: Day;
  tiers: Config['tiers'];
  /** A product is an account's next best one when at least this share of its buying peers buy it. */
  peerShare: number;
  /** ... and the account has at least this many buying peers. */
  minPeers: number;
  /** Keep every account for listings (--accounts); otherwise only aggregates and per-position figures. */
  keepAccounts: boolean;
}

export const PRODUCT_DEFAULTS = { peerShare: 0.3, minPeers: 3 } as const;

export interface ProductResult {
  /** Rank by headroom (1 = most). */
  rank: number;
  product: string;
  name: string;
  category: string;
  price: number | null;
  accounts: number;
  /** Accounts with net revenue above 0 for the product in the 12 months to asOf. */
  buyers: number;
  /** buyers / accounts. */
  penetration: number | null;
  accountPotential: number;
  /** Accounts' potential plus whitespace firms'. */
  potential: number;
  revenue: number;
  /** Our revenue exact, in whole cents. */
  revenueCents: string;
  /** revenue / accountPotential. */
  shareOfWallet: number | null;
  accountHeadroom: number;
  whitespaceHeadroom: number;
  headroom: number;
  headroomShare: number;
  cumulativeShare: number;
  tier: Tier;
  /** headroom / price: units not yet sold, when the price is known. */
  headroomUnits: number | null;
  /** Accounts for which this is the next best product. */
  nextBestFor: number;
}

export interface ProductSegmentResult {
  product: string;
  productRank: number;
  segment: string;
  segmentRank: number;
  segmentTier: Tier;
  accounts: number;
  buyers: number;
  penetration: number | null;
  potential: number;
  revenue: number;
  revenueCents: string;
  headroom: number;
  /** This segment's part of the product's headroom. */
  shareOfProduct: number;
}

export interface NextBest {
  product: string;
  /** Its display name (products.csv `name`, else the key). */
  name: string;
  /** Buying peers (other accounts of the segment with revenue for any product) who buy it, and all of them. */
  peerBuyers: number;
  peers: number;
  peerPenetration: number;
  /** The account's headroom for the product. */
  headroom: number;
}

export interface ProductAccountResult {
  /** Rank by the headroom of the next best product, then of the top product (1 = most). */
  rank: number;
  id: string;
  name: string;
  status: 'customer' | 'prospect' | 'lost';
  segment: string;
  segmentTier: Tier | null;
  /** Products bought in the 12 months to asOf. */
  products: number;
  revenue: number;
  topProduct: string | null;
  topHeadroom: number;
  nextBest: string | null;
  nextBestHeadroom: number | null;
  peerBuyers: number | null;
  peers: number | null;
  peerPenetration: number | null;
}

export interface ProductAnalysis {
  peerShare: number;
  minPeers: number;
  totals: {
    accounts: number;
    products: number;
    /** Accounts buying any product of the catalog. */
    buyers: number;
    potential: number;
    revenue: number;
    revenueCents: string;
    headroom: number;
  };
  /** Order lines in the 12 months to asOf that no product figure counts, by why. */
  unplaced: {
    withoutProduct: { rows: number; amount: number };
    unknownProducts: UnknownKeyReport & { amount: number };
    unknownCustomers: { customers: number; amount: number };
  };
  products: ProductResult[];
  /** Product x segment: products by rank, then segments by the product's headroom in them. */
  bySegment: ProductSegmentResult[];
  /** With keepAccounts: every account, ranked. */
  accounts: ProductAccountResult[];
}

// ---------------------------------------------------------------- the fold

/** Account-row columns the product fold reads (besides plan segment's). */
export type ProductCustomer = Pick<SegmentCustomer, 'id' | 'name' | 'industry' | 'status' | 'revenue_12m' | 'contract_start'>;
export type ProductOrder = Pick<OrderRow, 'customer_id' | 'date' | 'amount' | 'product' | 'line'>;

const cents = (x: number) => Math.round(x * 100) / 100;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const NONE = -1;

/**
 * Folds order lines (addOrder) and accounts (addAccount, in the order they
 * went into plan segment's fold) in any order; finish() takes that fold's
 * placement. Orders first is leaner: only buying customers get a slot.
 */
export function createProductFold(catalog: ProductCatalog, cells: readonly MarketCell[], options: ProductOptions) {
  const P = catalog.products.length;
  const productIndex = new Map(catalog.products.map((p, i) => [p.product, i]));
  const from = addMonths(options.asOf, -12);
  /** Customer ids interned (schema/keys.ts): their index is where their order lines are summed. */
  const slots = new KeyTable();
  const sums = new PairSums();
  const unknownProducts = new UnknownKeys((key) => productIndex.has(key));
  const unknownAmount = new ExactSum();
  const withoutProduct = { rows: 0, units: new ExactSum() };
  /** Each account's slot (by position): where its order lines are summed. */
  const accountSlot: number[] = [];
  const industries: string[] = [];
  const industryIndex = new Map<string, number>();
  const accountIndustry: number[] = [];
  const kept: { id: string; name: string; status: ProductAccountResult['status'] }[] = [];
  let next: ((index: number) => NextBest | undefined) | undefined;

  /** The catalog index of a line's product when the line is summed per product, else -1 (counted here when it is not). */
  const productOf = (date: Day, amount: number, product: string | undefined, line: number): number => {
    if (date <= from || date > options.asOf) return -1;
    if (product === undefined) {
      withoutProduct.rows++;
      withoutProduct.units.add(amount);
      return -1;
    }
    const p = productIndex.get(product);
    if (p === undefined) {
      unknownProducts.check(product, line);
      unknownAmount.add(amount);
      return -1;
    }
    return p;
  };

  return {
    addOrder(order: ProductOrder): void {
      // Lines without a customer id are the dataset's to count and warn about (W_NO_CUSTOMER).
      if (order.customer_id === undefined) return;
      const p = productOf(order.date, order.amount, order.product, order.line);
      if (p >= 0) sums.add(slots.internText(order.customer_id), p, order.amount);
    },
    /** addOrder for a line of the byte reader (io/fast-orders.ts over io/fast-read.ts): customer id = bytes[start, end). */
    addOrderBytes(
      bytes: Uint8Array,
      start: number,
      end: number,
      date: Day,
      amount: number,
      product: string | undefined,
      line: number,
    ): void {
      const p = productOf(date, amount, product, line);
      if (p >= 0) sums.add(slots.intern(bytes, start, end), p, amount);
    },
    /** Forgets the accounts added (a reader that stepped aside hands them again); the order lines stay. */
    clearAccounts(): void {
      accountSlot.length = 0;
      industries.length = 0;
      industryIndex.clear();
      accountIndustry.length = 0;
      kept.length = 0;
    },
    addAccount(row: ProductCustomer): void {
      accountSlot.push(slots.internText(row.id));
      const industry = row.industry ?? '';
      let k = industryIndex.get(industry);
      if (k === undefined) {
        k = industries.length;
        industries.push(industry);
        industryIndex.set(industry, k);
      }
      accountIndustry.push(k);
      if (options.keepAccounts) kept.push({ id: ownText(row.id), name: ownText(row.name ?? ''), status: statusOf(row) });
    },
    /** `placement`: plan segment's fold over the same accounts, in the same order. */
    finish(placement: Placement): ProductAnalysis {
      if (placement.count !== accountSlot.length)
        throw new Error(`product fold has ${accountSlot.length} accounts, the segment placement ${placement.count}`);
      const done = finishProducts(catalog, cells, options, placement, {
        P,
        sums: sums.bySlot(slots.size),
        accountSlot,
        accountIndustry,
        industries,
        kept,
        withoutProduct,
        unknownProducts: { ...unknownProducts.report(), amount: moneyOf(unknownAmount.value()) },
      });
      next = done.nextBest;
      return done.analysis;
    },
    /** After finish(): the next best product of the account added at `index` (for call reasons elsewhere). */
    nextBest(index: number): NextBest | undefined {
      if (!next) throw new Error('nextBest() before finish()');
      return next(index);
    },
  };
}

interface FoldedProducts {
  P: number;
  sums: SlotSums;
  accountSlot: number[];
  accountIndustry: number[];
  industries: string[];
  kept: { id: string; name: string; status: ProductAccountResult['status'] }[];
  withoutProduct: { rows: number; units: ExactSum };
  unknownProducts: UnknownKeyReport & { amount: number };
}

function finishProducts(
  catalog: ProductCatalog,
  cells: readonly MarketCell[],
  options: ProductOptions,
  placement: Placement,
  f: FoldedProducts,
): { analysis: ProductAnalysis; nextBest(index: number): NextBest | undefined } {
  const { P, sums } = f;
  const n = placement.count;
  const id = (p: number) => (catalog.products[p] as ProductInfo).product;
  // Each product's share of a cell's potential: the cell's product rows, else the industry's shares.
  const cellRatios = cells.map((cell) => {
    if (!cell.products) return undefined;
    const r = new Float64Array(P);
    catalog.products.forEach((info, p) => {
      r[p] = cell.spendPerFirm > 0 ? (cell.products?.get(info.product) ?? 0) / cell.spendPerFirm : 0;
    });
    return r;
  });
  const industryShares = f.industries.map((industry) => catalog.shares(industry === '' ? undefined : industry));
  const ratiosOf = (i: number, c: number) =>
    (c >= 0 ? cellRatios[c] : undefined) ?? (industryShares[f.accountIndustry[i] as number] as Float64Array);

  const segmentIndex = new Map<SegmentResult, number>();
  const segments: SegmentResult[] = [];
  const segmentOf = (s: SegmentResult) => {
    let k = segmentIndex.get(s);
    if (k === undefined) {
      k = segments.length;
      segmentIndex.set(s, k);
      segments.push(s);
    }
    return k;
  };
  const accountSegment = new Int32Array(n);
  for (let i = 0; i < n; i++) accountSegment[i] = segmentOf(placement.segment(i));
  for (let c = 0; c < cells.length; c++) segmentOf(placement.cellSegment(c));
  const S = segments.length;

  const accountPotential = new Float64Array(P);
  const accountHeadroom = new Float64Array(P);
  const revenueExact = Array.from({ length: P }, () => new ExactSum());
  const buyers = new Int32Array(P);
  const segAccounts = new Int32Array(S);
  const segActive = new Int32Array(S);
  const cellPotential = new Float64Array(S * P);
  const cellRevenue: (ExactSum | undefined)[] = new Array(S * P);
  const cellHeadroom = new Float64Array(S * P);
  const cellBuyers = new Int32Array(S * P);
  const active = new Uint8Array(n);
  const topProduct = new Int32Array(n).fill(NONE);
  const topHeadroom = new Float64Array(n);
  const productsBought = new Int32Array(n);
  const accountRevenue = new Float64Array(n);
  let buyingAccounts = 0;

  const spent = new Float64Array(P);
  const load = (i: number) => {
    spent.fill(0);
    const s = f.accountSlot[i] as number;
    for (let k = sums.start[s] as number; k < (sums.start[s + 1] as number); k++)
      spent[sums.product[k] as number] = sums.units[k] as number;
  };

  for (let i = 0; i < n; i++) {
    load(i);
    const potential = placement.potential(i);
    const r = ratiosOf(i, placement.cell(i));
    const seg = accountSegment[i] as number;
    segAccounts[seg] = (segAccounts[seg] as number) + 1;
    let best = NONE;
    let bestHeadroom = 0;
    let bought = 0;
    let revenue = 0;
    for (let p = 0; p < P; p++) {
      const pot = potential * (r[p] as number);
      const rev = spent[p] as number;
      const head = Math.max(0, pot - rev / MONEY_SCALE);
      const g = seg * P + p;
      accountPotential[p] = (accountPotential[p] as number) + pot;
      accountHeadroom[p] = (accountHeadroom[p] as number) + head;
      if (rev !== 0) {
        (revenueExact[p] as ExactSum).add(rev);
        if (!cellRevenue[g]) cellRevenue[g] = new ExactSum();
        (cellRevenue[g] as ExactSum).add(rev);
      }
      cellPotential[g] = (cellPotential[g] as number) + pot;
      cellHeadroom[g] = (cellHeadroom[g] as number) + head;
      if (rev > 0) {
        bought++;
        buyers[p] = (buyers[p] as number) + 1;
        cellBuyers[g] = (cellBuyers[g] as number) + 1;
      }
      revenue += rev;
      if (head > bestHeadroom || (head > 0 && head === bestHeadroom && id(p) < id(best))) {
        best = p;
        bestHeadroom = head;
      }
    }
    topProduct[i] = best;
    topHeadroom[i] = bestHeadroom;
    productsBought[i] = bought;
    accountRevenue[i] = revenue;
    if (bought > 0) {
      active[i] = 1;
      buyingAccounts++;
      segActive[seg] = (segActive[seg] as number) + 1;
    }
  }

  // Whitespace: the market's firms not in customers.csv, at the cell's spend per firm, shared by the cell's industry.
  const whitespaceHeadroom = new Float64Array(P);
  cells.forEach((cell, c) => {
    const free = placement.whitespace(c);
    if (free <= 0) return;
    const r = cellRatios[c] ?? catalog.shares(cell.key.industry);
    const seg = segmentIndex.get(placement.cellSegment(c)) as number;
    for (let p = 0; p < P; p++) {
      const head = free * cell.spendPerFirm * (r[p] as number);
      whitespaceHeadroom[p] = (whitespaceHeadroom[p] as number) + head;
      cellPotential[seg * P + p] = (cellPotential[seg * P + p] as number) + head;
      cellHeadroom[seg * P + p] = (cellHeadroom[seg * P + p] as number) + head;
    }
  });

  // Next best product: one the account's buying peers in its segment buy and it does not.
  const nextProduct = new Int32Array(n).fill(NONE);
  const nextPeers = new Int32Array(n);
  const nextHeadroom = new Float64Array(n);
  const nextBestFor = new Int32Array(P);
  for (let i = 0; i < n; i++) {
    const seg = accountSegment[i] as number;
    const peers = (segActive[seg] as number) - (active[i] as number);
    if (peers < options.minPeers || peers === 0) continue;
    load(i);
    const potential = placement.potential(i);
    const r = ratiosOf(i, placement.cell(i));
    let best = NONE;
    let bestBuyers = 0;
    let bestHeadroom = 0;
    for (let p = 0; p < P; p++) {
      if ((spent[p] as number) > 0) continue;
      const peerBuyers = cellBuyers[seg * P + p] as number;
      if (peerBuyers < options.peerShare * peers - 1e-9 || peerBuyers === 0) continue;
      const head = Math.max(0, potential * (r[p] as number) - (spent[p] as number) / MONEY_SCALE);
      const better =
        best === NONE ||
        peerBuyers > bestBuyers ||
        (peerBuyers === bestBuyers && (head > bestHeadroom || (head === bestHeadroom && id(p) < id(best))));
      if (better) {
        best = p;
        bestBuyers = peerBuyers;
        bestHeadroom = head;
      }
    }
    if (best === NONE) continue;
    nextProduct[i] = best;
    nextPeers[i] = peers;
    nextHeadroom[i] = bestHeadroom;
    nextBestFor[best] = (nextBestFor[best] as number) + 1;
  }
  const nextBest = (i: number): NextBest | undefined => {
    const p = nextProduct[i] as number;
    if (p === NONE) return undefined;
    const seg = accountSegment[i] as number;
    const peers = nextPeers[i] as number;
    const peerBuyers = cellBuyers[seg * P + p] as number;
    return {
      product: (catalog.products[p] as ProductInfo).product,
      name: (catalog.products[p] as ProductInfo).name,
      peerBuyers,
      peers,
      peerPenetration: round6(peerBuyers / peers),
      headroom: cents(nextHeadroom[i] as number),
    };
  };

  // Ranking and tiers: as plan segment's, by headroom.
  const unranked = catalog.products.map((info, p) => {
    const headroom = (accountHeadroom[p] as number) + (whitespaceHeadroom[p] as number);
    return { p, info, headroom };
  });
  unranked.sort((a, b) => b.headroom - a.headroom || compareText(a.info.product, b.info.product));
  const tiers = assignTiers(
    unranked.map((u) => u.headroom),
    options.tiers,
  );
  const rankOf = new Int32Array(P);
  const products: ProductResult[] = unranked.map(({ p, info, headroom }, k) => {
    rankOf[p] = k + 1;
    const t = tiers[k] as { tier: Tier; share: number; cumulative: number };
    const pot = accountPotential[p] as number;
    const revenueUnits = (revenueExact[p] as ExactSum).value();
    const revenue = unitsToNumber(revenueUnits);
    return {
      rank: k + 1,
      product: info.product,
      name: info.name,
      category: info.category,
      price: info.price,
      accounts: n,
      buyers: buyers[p] as number,
      penetration: n > 0 ? round6((buyers[p] as number) / n) : null,
      accountPotential: cents(pot),
      potential: cents(pot + (whitespaceHeadroom[p] as number)),
      revenue: moneyOf(revenueUnits),
      revenueCents: centsText(revenueUnits),
      shareOfWallet: pot > 0 ? round6(revenue / pot) : null,
      accountHeadroom: cents(accountHeadroom[p] as number),
      whitespaceHeadroom: cents(whitespaceHeadroom[p] as number),
      headroom: cents(headroom),
      headroomShare: round6(t.share),
      cumulativeShare: round6(t.cumulative),
      tier: t.tier,
      headroomUnits: info.price ? Math.round((headroom / info.price) * 10) / 10 : null,
      nextBestFor: nextBestFor[p] as number,
    };
  });

  const bySegment: ProductSegmentResult[] = [];
  for (const { p, info, headroom } of unranked) {
    const rows: ProductSegmentResult[] = [];
    for (let s = 0; s < S; s++) {
      const g = s * P + p;
      const revenueUnits = cellRevenue[g]?.value() ?? 0n;
      if ((cellPotential[g] as number) <= 0 && revenueUnits === 0n && (cellBuyers[g] as number) === 0) continue;
      const segment = segments[s] as SegmentResult;
      rows.push({
        product: info.product,
        productRank: rankOf[p] as number,
        segment: segment.segment,
        segmentRank: segment.rank,
        segmentTier: segment.tier,
        accounts: segAccounts[s] as number,
        buyers: cellBuyers[g] as number,
        penetration: (segAccounts[s] as number) > 0 ? round6((cellBuyers[g] as number) / (segAccounts[s] as number)) : null,
        potential: cents(cellPotential[g] as number),
        revenue: moneyOf(revenueUnits),
        revenueCents: centsText(revenueUnits),
        headroom: cents(cellHeadroom[g] as number),
        shareOfProduct: headroom > 0 ? round6((cellHeadroom[g] as number) / headroom) : 0,
      });
    }
    rows.sort((a, b) => b.headroom - a.headroom || compareText(a.segment, b.segment));
    bySegment.push(...rows);
  }

  const accounts: ProductAccountResult[] = f.kept.map((k, i) => {
    const segment = segments[accountSegment[i] as number] as SegmentResult;
    const next = nextBest(i);
    const top = topProduct[i] as number;
    return {
      rank: 0,
      id: k.id,
      name: k.name,
      status: k.status,
      segment: segment.segment,
      segmentTier: segment.tier ?? null,
      products: productsBought[i] as number,
      revenue: moneyOf(accountRevenue[i] as number),
      topProduct: top === NONE ? null : (catalog.products[top] as ProductInfo).product,
      topHeadroom: cents(topHeadroom[i] as number),
      nextBest: next?.product ?? null,
      nextBestHeadroom: next?.headroom ?? null,
      peerBuyers: next?.peerBuyers ?? null,
      peers: next?.peers ?? null,
      peerPenetration: next?.peerPenetration ?? null,
    };
  });
  accounts.sort(
    (x, y) => (y.nextBestHeadroom ?? -1) - (x.nextBestHeadroom ?? -1) || y.topHeadroom - x.topHeadroom || compareText(x.id, y.id),
  );
  accounts.forEach((a, i) => {
    a.rank = i + 1;
  });

  // Order lines for customers not in customers.csv: their slots were never claimed by an account.
  const claimed = new Uint8Array(sums.start.length - 1);
  for (const s of f.accountSlot) claimed[s] = 1;
  let strangers = 0;
  const strangerUnits = new ExactSum();
  for (let s = 0; s < claimed.length; s++) {
    if (claimed[s] || (sums.start[s + 1] as number) === (sums.start[s] as number)) continue;
    strangers++;
    for (let k = sums.start[s] as number; k < (sums.start[s + 1] as number); k++) strangerUnits.add(sums.units[k] as number);
  }

  const potentialTotal = accountPotential.reduce((t, x) => t + x, 0);
  const revenueTotal = new ExactSum();
  for (const sum of revenueExact) revenueTotal.add(sum.value());
  const analysis: ProductAnalysis = {
    peerShare: options.peerShare,
    minPeers: options.minPeers,
    totals: {
      accounts: n,
      products: P,
      buyers: buyingAccounts,
      potential: cents(potentialTotal + whitespaceHeadroom.reduce((t, x) => t + x, 0)),
      revenue: moneyOf(revenueTotal.value()),
      revenueCents: centsText(revenueTotal.value()),
      headroom: cents(unranked.reduce((t, u) => t + u.headroom, 0)),
    },
    unplaced: {
      withoutProduct: { rows: f.withoutProduct.rows, amount: moneyOf(f.withoutProduct.units.value()) },
      unknownProducts: f.unknownProducts,
      unknownCustomers: { customers: strangers, amount: moneyOf(strangerUnits.value()) },
    },
    products,
    bySegment,
    accounts,
  };
  return { analysis, nextBest };
}

// ---------------------------------------------------------------- sums per account x product

interface SlotSums {
  /** Entries of slot s are [start[s], start[s + 1]). */
  start: Int32Array;
  product: Int32Array;
  units: Float64Array;
}

/**
 * Money units (ten-thousandths) per (slot, product) in an open-addressing hash table over typed
 * arrays: 16 bytes an entry at most half full, no object per pair.
 */
class PairSums {
  private capacity = 1 << 10;
  private slot = new Int32Array(this.capacity).fill(NONE);
  private product = new Int32Array(this.capacity);
  private units = new Float64Array(this.capacity);
  private size = 0;

  add(slot: number, product: number, units: number): void {
    const mask = this.capacity - 1;
    let h = (Math.imul(slot, 0x9e3779b1) ^ Math.imul(product + 1, 0x85ebca6b)) & mask;
    for (;;) {
      const s = this.slot[h] as number;
      if (s === NONE) break;
      if (s === slot && this.product[h] === product) {
        (this.units[h] as number) += units;
        return;
      }
      h = (h + 1) & mask;
    }
    this.slot[h] = slot;
    this.product[h] = product;
    this.units[h] = units;
    if (++this.size * 2 > this.capacity) this.grow();
  }

  /** The entries grouped by slot (a counting sort). */
  bySlot(slots: number): SlotSums {
    const start = new Int32Array(slots + 1);
    for (let h = 0; h < this.capacity; h++) {
      const s = this.slot[h] as number;
      if (s !== NONE) (start[s + 1] as number)++;
    }
    for (let s = 0; s < slots; s++) start[s + 1] = (start[s + 1] as number) + (start[s] as number);
    const at = start.slice(0, slots);
    const product = new Int32Array(this.size);
    const units = new Float64Array(this.size);
    for (let h = 0; h < this.capacity; h++) {
      const s = this.slot[h] as number;
      if (s === NONE) continue;
      const k = (at[s] as number)++;
      product[k] = this.product[h] as number;
      units[k] = this.units[h] as number;
    }
    return { start, product, units };
  }

  private grow(): void {
    const { slot, product, units, capacity } = this;
    this.capacity *= 2;
    this.slot = new Int32Array(this.capacity).fill(NONE);
    this.product = new Int32Array(this.capacity);
    this.units = new Float64Array(this.capacity);
    this.size = 0;
    for (let h = 0; h < capacity; h++) if (slot[h] !== NONE) this.add(slot[h] as number, product[h] as number, units[h] as number);
  }
}
