/** plan products' result as a document: products ranked, the product x segment matrix, or accounts. */
import type { ProductAccountResult, ProductAnalysis, ProductSegmentResult } from '../core/products.js';
import { type Cell, type Column, type Document, type Figure, type Prose, prose, type Row, type Words } from '../render/document.js';
import { Sequence } from '../schema/columns.js';
import { unitsOfCents } from '../schema/money.js';

export interface ProductsView {
  /** Show the product x segment matrix (`--by`). */
  matrix: boolean;
  accounts: boolean;
  top: number | undefined;
}

const PRODUCT_COLUMNS: Column[] = [
  { key: 'rank', label: 'rank', type: 'int', priority: 1 },
  { key: 'product', label: 'product', type: 'text', priority: 1 },
  { key: 'name', label: 'name', type: 'text', priority: 3 },
  { key: 'category', label: 'category', type: 'text', detail: true },
  { key: 'tier', label: 'tier', type: 'text', priority: 1 },
  { key: 'accounts', label: 'accounts', type: 'int', detail: true },
  { key: 'buyers', label: 'buyers', type: 'int' },
  { key: 'penetration', label: 'penetration', type: 'percent', priority: 1 },
  { key: 'account_potential', label: 'account potential', type: 'estimate', detail: true },
  { key: 'potential', label: 'potential', type: 'estimate' },
  { key: 'revenue', label: 'our revenue', type: 'money' },
  { key: 'share_of_wallet', label: 'wallet share', type: 'percent', priority: 3 },
  { key: 'account_headroom', label: 'account headroom', type: 'estimate', detail: true },
  { key: 'whitespace_headroom', label: 'whitespace headroom', type: 'estimate', detail: true },
  { key: 'headroom', label: 'headroom', type: 'estimate', priority: 1 },
  { key: 'headroom_share', label: 'share', type: 'percent', priority: 3, parts: true },
  { key: 'share_bar', label: '', type: 'bar', visual: true },
  { key: 'cumulative_share', label: 'cumulative share', type: 'percent', detail: true },
  { key: 'price', label: 'price', type: 'money', detail: true },
  { key: 'headroom_units', label: 'headroom units', type: 'number', digits: 1, detail: true },
  { key: 'next_best_for', label: 'next best for', type: 'int', priority: 3 },
];

const MATRIX_COLUMNS: Column[] = [
  { key: 'product', label: 'product', type: 'text', priority: 1 },
  { key: 'product_rank', label: 'product rank', type: 'int', priority: 3 },
  { key: 'segment', label: 'segment', type: 'text', priority: 1, whole: true },
  { key: 'segment_rank', label: 'seg. rank', type: 'int', detail: true },
  { key: 'segment_tier', label: 'seg. tier', type: 'text', priority: 3 },
  { key: 'accounts', label: 'accounts', type: 'int', detail: true },
  { key: 'buyers', label: 'buyers', type: 'int' },
  { key: 'penetration', label: 'penetration', type: 'percent', priority: 1 },
  { key: 'potential', label: 'potential', type: 'estimate', detail: true },
  { key: 'revenue', label: 'our revenue', type: 'money' },
  { key: 'headroom', label: 'headroom', type: 'estimate', priority: 1 },
  { key: 'share_of_product', label: 'of product', type: 'percent', priority: 3, parts: 'product' },
];

/** Account columns read straight from the core's objects (no copy per account). */
const fromAccount = (read: (a: ProductAccountResult) => Cell) => (row: Row) => read(row as unknown as ProductAccountResult);

/** Why a product is the account's next best one, in words: `bought by 1,234 of 5,678 buying peers in Retail (22%), not yet by this account`. */
export function nextBestReason(a: ProductAccountResult): Words | null {
  const { peerBuyers, peers } = a;
  if (a.nextBest === null || peerBuyers === null || peers === null || peers === 0) return null;
  return (n) =>
    `bought by ${n.int(peerBuyers)} of ${n.int(peers)} buying peers in ${a.segment} (${n.percent(peerBuyers / peers, 0)}), not yet by this account`;
}

/** The accounts as JSON has them: each with its reason, built when written (no copy of the list). */
class AccountsWithReasons extends Sequence<ProductAccountResult & { reason: Words | null }> {
  constructor(private readonly accounts: readonly ProductAccountResult[]) {
    super();
  }
  get length(): number {
    return this.accounts.length;
  }
  at(k: number) {
    const a = this.accounts[k] as ProductAccountResult;
    return { ...a, reason: nextBestReason(a) };
  }
}

const ACCOUNT_COLUMNS: Column[] = [
  { key: 'rank', label: 'rank', type: 'int', priority: 1 },
  { key: 'id', label: 'id', type: 'text', priority: 1 },
  { key: 'name', label: 'name', type: 'text', priority: 3 },
  { key: 'status', label: 'status', type: 'text', detail: true },
  { key: 'segment', label: 'segment', type: 'text', detail: true },
  { key: 'segment_tier', label: 'seg. tier', type: 'text', get: fromAccount((a) => a.segmentTier), detail: true },
  { key: 'products', label: 'products', type: 'int', detail: true },
  { key: 'revenue', label: 'revenue', type: 'money', detail: true },
  { key: 'top_product', label: 'top product', type: 'text', get: fromAccount((a) => a.topProduct), priority: 3 },
  { key: 'top_headroom', label: 'its headroom', type: 'estimate', get: fromAccount((a) => a.topHeadroom), detail: true },
  { key: 'next_best', label: 'next best', type: 'text', get: fromAccount((a) => a.nextBest), priority: 1 },
  { key: 'next_best_headroom', label: 'headroom', type: 'estimate', get: fromAccount((a) => a.nextBestHeadroom), priority: 1 },
  { key: 'peer_buyers', label: 'peer buyers', type: 'int', get: fromAccount((a) => a.peerBuyers), detail: true },
  { key: 'peers', label: 'peers', type: 'int', detail: true },
  { key: 'peer_penetration', label: 'peer penetration', type: 'percent', get: fromAccount((a) => a.peerPenetration), detail: true },
  { key: 'reason', label: 'why', type: 'text', get: fromAccount(nextBestReason), priority: 1 },
];

export function productsDocument(analysis: ProductAnalysis, view: ProductsView): Document {
  const { totals, unplaced } = analysis;
  const figures: Figure[] = [
    { label: 'products', value: totals.products, type: 'int' },
    { label: 'accounts', value: totals.accounts, type: 'int' },
    { label: 'buying any product', value: totals.buyers, type: 'int' },
    { label: 'potential', value: totals.potential, type: 'estimate' },
    { label: 'our revenue', value: unitsOfCents(totals.revenueCents), type: 'money' },
    { label: 'headroom', value: totals.headroom, type: 'estimate' },
  ];
  const notes: Prose[] = [
    "A product takes its share of each account's potential (market.csv product rows, else products.csv); our revenue for it is its order lines in orders.csv dated in the 12 months to --as-of, returns netted; headroom = potential - that revenue, plus whitespace firms; tiers by cumulative headroom share.",
    `Next best product: one that at least ${Math.round(analysis.peerShare * 100)}% of the account's buying peers in its segment buy and it does not (at least ${analysis.minPeers} peers).`,
  ];
  const left: Prose[] = [];
  if (unplaced.withoutProduct.rows > 0)
    left.push((n) => `${n.int(unplaced.withoutProduct.rows)} without a product (${n.money(unplaced.withoutProduct.amount)})`);
  if (unplaced.unknownProducts.rows > 0)
    left.push((n) => `${n.int(unplaced.unknownProducts.rows)} for products no input lists (${n.money(unplaced.unknownProducts.amount)})`);
  if (unplaced.unknownCustomers.customers > 0)
    left.push(
      (n) =>
        `those of ${n.int(unplaced.unknownCustomers.customers)} customer${unplaced.unknownCustomers.customers === 1 ? '' : 's'} not in customers.csv (${n.money(unplaced.unknownCustomers.amount)})`,
    );
  if (left.length > 0)
    notes.push((n) => `Order lines of the 12 months to --as-of in no product's revenue: ${left.map((l) => prose(l, n)).join('; ')}.`);
  const top = <T>(rows: readonly T[]) => (view.top === undefined ? [...rows] : rows.slice(0, view.top));
  const data = { ...withoutAccounts(analysis) };
  if (view.accounts) {
    const accounts = top(analysis.accounts);
    return {
      title: 'Accounts by the headroom of their next best product',
      figures,
      tables: [{ name: 'accounts', columns: ACCOUNT_COLUMNS, rows: accounts as unknown as Row[] }],
      charts: [],
      notes,
      data: { ...data, accounts: new AccountsWithReasons(accounts) },
    };
  }
  const products = top(analysis.products);
  // Names that only repeat the key (no products.csv names) are not shown twice.
  const named = analysis.products.some((p) => p.name !== p.product);
  const productTable = {
    name: 'products',
    columns: named ? PRODUCT_COLUMNS : PRODUCT_COLUMNS.filter((c) => c.key !== 'name'),
    rows: products.map((p) => ({
      rank: p.rank,
      product: p.product,
      name: p.name,
      category: p.category,
      tier: p.tier,
      accounts: p.accounts,
      buyers: p.buyers,
      penetration: p.penetration,
      account_potential: p.accountPotential,
      potential: p.potential,
      revenue: unitsOfCents(p.revenueCents),
      share_of_wallet: p.shareOfWallet,
      account_headroom: p.accountHeadroom,
      whitespace_headroom: p.whitespaceHeadroom,
      headroom: p.headroom,
      headroom_share: p.headroomShare,
      share_bar: p.headroomShare,
      cumulative_share: p.cumulativeShare,
      price: p.price,
      headroom_units: p.headroomUnits,
      next_best_for: p.nextBestFor,
    })),
  };
  if (!view.matrix)
    return {
      title: 'Products by buying potential not yet won (headroom)',
      figures,
      tables: [productTable],
      charts: [],
      notes,
      data: { ...data, products },
    };
  const shown = new Set(products.map((p) => p.product));
  const matrix = analysis.bySegment.filter((r) => shown.has(r.product));
  return {
    title: 'Products by segment: headroom and penetration',
    figures,
    tables: [{ name: 'by_segment', columns: MATRIX_COLUMNS, rows: matrix.map(matrixRow) }, productTable],
    charts: [],
    notes,
    data: { ...data, products, bySegment: matrix },
  };
}

function matrixRow(r: ProductSegmentResult): Row {
  return {
    product: r.product,
    product_rank: r.productRank,
    segment: r.segment,
    segment_rank: r.segmentRank,
    segment_tier: r.segmentTier,
    accounts: r.accounts,
    buyers: r.buyers,
    penetration: r.penetration,
    potential: r.potential,
    revenue: unitsOfCents(r.revenueCents),
    headroom: r.headroom,
    share_of_product: r.shareOfProduct,
  };
}

function withoutAccounts(analysis: ProductAnalysis) {
  const { accounts: _accounts, bySegment: _bySegment, products: _products, ...rest } = analysis;
  return rest;
}
