/**
 * Was the ranking right? A ranking made as of T (with data up to T only) is
 * held against what customers bought in the horizon after T: revenue growth
 * by tier, the lift of tier A over tier C, and Spearman's rank correlation
 * between headroom at T and realised growth, with the counts behind each
 * figure. Rules: docs/products.md ("Backtest").
 */
import { centsText, ExactSum, moneyOf, unitsToNumber } from '../schema/money.js';
import type { Tier } from './segment.js';

export interface BacktestAccount {
  id: string;
  segment: string;
  /** Tier of the account's segment as of T (null: no tier). */
  tier: Tier | null;
  /** Headroom as of T. */
  headroom: number;
  /** Revenue in the horizon before T and after T, net of returns: money units (ten-thousandths, schema/money.ts). */
  before: number;
  after: number;
}

export interface BacktestSegment {
  segment: string;
  tier: Tier;
  headroom: number;
}

export interface BacktestTier {
  tier: Tier;
  accounts: number;
  /** Accounts with revenue above 0 before T, and after T. */
  buyingBefore: number;
  buyingAfter: number;
  /** No revenue before T, some after: won. Revenue before, none after: lost. */
  won: number;
  lost: number;
  revenueBefore: number;
  revenueAfter: number;
  /** revenueAfter - revenueBefore. */
  growth: number;
  /** The same three exact, in whole cents. */
  revenueBeforeCents: string;
  revenueAfterCents: string;
  growthCents: string;
  /** revenueAfter / revenueBefore - 1; null without revenue before T. */
  growthRate: number | null;
  growthPerAccount: number | null;
}

export interface Correlation {
  /** Spearman's rho between headroom at T and realised growth (ties take their average rank); null below 3 pairs or without spread. */
  rho: number | null;
  /** Pairs it rests on. */
  n: number;
}

export interface BacktestResult {
  tiers: BacktestTier[];
  /** Accounts without a tier (left out of the tier figures, not of the correlation). */
  untiered: number;
  /** Growth per account in tier A over that in tier C; null when C has no account or did not grow. */
  lift: { value: number | null; a: number | null; c: number | null; why: string | null };
  spearman: { accounts: Correlation; segments: Correlation };
}

const cents = (x: number) => Math.round(x * 100) / 100;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const TIERS: Tier[] = ['A', 'B', 'C'];

export function backtest(accounts: readonly BacktestAccount[], segments: readonly BacktestSegment[] = []): BacktestResult {
  const tiers = TIERS.map(
    (tier): BacktestTier => ({
      tier,
      accounts: 0,
      buyingBefore: 0,
      buyingAfter: 0,
      won: 0,
      lost: 0,
      revenueBefore: 0,
      revenueAfter: 0,
      growth: 0,
      revenueBeforeCents: '0',
      revenueAfterCents: '0',
      growthCents: '0',
      growthRate: null,
      growthPerAccount: null,
    }),
  );
  let untiered = 0;
  const sums = TIERS.map(() => ({ before: new ExactSum(), after: new ExactSum() }));
  const bySegment = new Map<string, { before: number; after: number }>();
  for (const a of accounts) {
    const s = bySegment.get(a.segment) ?? { before: 0, after: 0 };
    s.before += a.before;
    s.after += a.after;
    bySegment.set(a.segment, s);
    if (a.tier === null) {
      untiered++;
      continue;
    }
    const t = tiers[TIERS.indexOf(a.tier)] as BacktestTier;
    t.accounts++;
    if (a.before > 0) t.buyingBefore++;
    if (a.after > 0) t.buyingAfter++;
    if (a.before <= 0 && a.after > 0) t.won++;
    if (a.before > 0 && a.after <= 0) t.lost++;
    const sum = sums[TIERS.indexOf(a.tier)] as { before: ExactSum; after: ExactSum };
    sum.before.add(a.before);
    sum.after.add(a.after);
  }
  tiers.forEach((t, k) => {
    const sum = sums[k] as { before: ExactSum; after: ExactSum };
    const before = sum.before.value();
    const after = sum.after.value();
    const growth = after - before;
    Object.assign(t, {
      revenueBefore: moneyOf(before),
      revenueAfter: moneyOf(after),
      growth: moneyOf(growth),
      revenueBeforeCents: centsText(before),
      revenueAfterCents: centsText(after),
      growthCents: centsText(growth),
      growthRate: before > 0n ? round6(unitsToNumber(after) / unitsToNumber(before) - 1) : null,
      growthPerAccount: t.accounts > 0 ? cents(unitsToNumber(growth) / t.accounts) : null,
    });
  });
  const [a, , c] = tiers as [BacktestTier, BacktestTier, BacktestTier];
  const why =
    a.accounts === 0
      ? 'no account in tier A'
      : c.accounts === 0
        ? 'no account in tier C'
        : (c.growthPerAccount as number) <= 0
          ? 'tier C did not grow, so a ratio says nothing'
          : null;
  const lift = {
    value: why === null ? round6((a.growthPerAccount as number) / (c.growthPerAccount as number)) : null,
    a: a.growthPerAccount,
    c: c.growthPerAccount,
    why,
  };
  const segmentPairs = segments
    .filter((s) => bySegment.has(s.segment))
    .map((s) => {
      const r = bySegment.get(s.segment) as { before: number; after: number };
      return [s.headroom, r.after - r.before] as const;
    });
  return {
    tiers,
    untiered,
    lift,
    spearman: {
      accounts: spearman(
        accounts.map((x) => x.headroom),
        accounts.map((x) => x.after - x.before),
      ),
      segments: spearman(
        segmentPairs.map((p) => p[0]),
        segmentPairs.map((p) => p[1]),
      ),
    },
  };
}

/** Spearman's rho: Pearson's correlation of the ranks, ties at their average rank. */
export function spearman(x: readonly number[], y: readonly number[]): Correlation {
  const n = x.length;
  if (n !== y.length) throw new Error('spearman: lists of different lengths');
  if (n < 3) return { rho: null, n };
  const rx = averageRanks(x);
  const ry = averageRanks(y);
  const mean = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (rx[i] as number) - mean;
    const dy = (ry[i] as number) - mean;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return { rho: null, n };
  return { rho: round6(sxy / Math.sqrt(sxx * syy)), n };
}

/** Ranks 1..n in ascending order of value; equal values share the average of their ranks. */
export function averageRanks(values: readonly number[]): Float64Array {
  const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
  const ranks = new Float64Array(values.length);
  for (let k = 0; k < order.length; ) {
    let end = k;
    while (end + 1 < order.length && values[order[end + 1] as number] === values[order[k] as number]) end++;
    const rank = (k + end) / 2 + 1;
    for (let j = k; j <= end; j++) ranks[order[j] as number] = rank;
    k = end + 1;
  }
  return ranks;
}
