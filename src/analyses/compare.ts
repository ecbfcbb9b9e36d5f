/**
 * `--compare PREVIOUS.json`: a ranking of this run held against an earlier
 * run's JSON output of the same command (core/ranking.ts): rank moves, tier
 * changes, entries and exits.
 */
import type { ProductAnalysis } from '../core/products.js';
import { compareRankings, type RankingComparison, type RankingEntry } from '../core/ranking.js';
import type { SegmentAnalysis } from '../core/segment.js';
import { PlanError } from '../errors.js';
import type { PreviousRanking } from '../schema/ranking.js';

const entry = (key: string, e: Omit<RankingEntry, 'key'>): RankingEntry => ({ key, rank: e.rank, tier: e.tier, headroom: e.headroom });

/** Segments, or accounts when this run lists them (`--accounts`) and the earlier one did too. */
export function compareSegments(analysis: SegmentAnalysis, previous: PreviousRanking, file: string, accounts: boolean): RankingComparison {
  if (!previous.segments) throw new PlanError('usage', `--compare ${file} holds a product ranking: compare it with plan products`);
  const by = previous.by?.join(',');
  if (by !== undefined && by !== analysis.by.join(','))
    throw new PlanError('usage', `--compare ${file} ranks segments by ${by}, this run by ${analysis.by.join(',')}: give --by ${by}`);
  if (accounts) {
    if (!previous.accounts)
      throw new PlanError(
        'usage',
        `--compare ${file} lists no accounts: compare segments (without --accounts), or an earlier --accounts output`,
      );
    return compareRankings(
      'accounts',
      previous.accounts,
      Array.from({ length: analysis.accounts.length }, (_, k) => {
        const a = analysis.accounts;
        return entry(a.id(k), { rank: a.rank(k), tier: a.tier(k), headroom: a.headroom(k) });
      }),
    );
  }
  return compareRankings(
    'segments',
    previous.segments,
    analysis.segments.map((s) => entry(s.segment, s)),
  );
}

export function compareProducts(analysis: ProductAnalysis, previous: PreviousRanking, file: string): RankingComparison {
  if (!previous.products) throw new PlanError('usage', `--compare ${file} holds a segment ranking: compare it with plan segment`);
  return compareRankings(
    'products',
    previous.products,
    analysis.products.map((p) => entry(p.product, p)),
  );
}
