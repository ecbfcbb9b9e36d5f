/**
 * Keep the ranking current (DOMAIN.md idea 2): a ranking compared with an
 * earlier run of the same kind (segments, accounts or products): who moved
 * up or down, changed tier, entered or left. Rules: docs/products.md
 * ("Comparing with an earlier run").
 */
import type { Tier } from './segment.js';

export type RankingKind = 'segments' | 'accounts' | 'products';

export interface RankingEntry {
  /** The segment label, account id or product: what is matched between runs (exactly). */
  key: string;
  rank: number;
  tier: Tier | null;
  headroom: number;
}

export type MoveStatus = 'entered' | 'exited' | 'up' | 'down' | 'same';

export interface RankMove {
  key: string;
  status: MoveStatus;
  rank: number | null;
  previousRank: number | null;
  /** previousRank - rank: above 0 moved up. */
  move: number | null;
  tier: Tier | null;
  previousTier: Tier | null;
  tierChange: 'up' | 'down' | 'same' | null;
  headroom: number | null;
  previousHeadroom: number | null;
  headroomChange: number | null;
}

export interface RankingComparison {
  kind: RankingKind;
  summary: {
    current: number;
    previous: number;
    /** In both runs. */
    compared: number;
    entered: number;
    exited: number;
    up: number;
    down: number;
    same: number;
    tierUp: number;
    tierDown: number;
  };
  /** Current entries by rank, then the ones that left by their previous rank. */
  moves: RankMove[];
}

const TIER_ORDER: Record<Tier, number> = { A: 0, B: 1, C: 2 };
const cents = (x: number) => Math.round(x * 100) / 100;

export function compareRankings(kind: RankingKind, previous: readonly RankingEntry[], current: readonly RankingEntry[]): RankingComparison {
  const before = new Map(previous.map((e) => [e.key, e]));
  const now = new Set(current.map((e) => e.key));
  const moves: RankMove[] = [...current]
    .sort((a, b) => a.rank - b.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((e) => {
      const p = before.get(e.key);
      if (!p)
        return {
          key: e.key,
          status: 'entered',
          rank: e.rank,
          previousRank: null,
          move: null,
          tier: e.tier,
          previousTier: null,
          tierChange: null,
          headroom: e.headroom,
          previousHeadroom: null,
          headroomChange: null,
        };
      const move = p.rank - e.rank;
      return {
        key: e.key,
        status: move > 0 ? 'up' : move < 0 ? 'down' : 'same',
        rank: e.rank,
        previousRank: p.rank,
        move,
        tier: e.tier,
        previousTier: p.tier,
        tierChange: tierChange(p.tier, e.tier),
        headroom: e.headroom,
        previousHeadroom: p.headroom,
        headroomChange: cents(e.headroom - p.headroom),
      };
    });
  const exited = [...previous]
    .filter((p) => !now.has(p.key))
    .sort((a, b) => a.rank - b.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const p of exited)
    moves.push({
      key: p.key,
      status: 'exited',
      rank: null,
      previousRank: p.rank,
      move: null,
      tier: null,
      previousTier: p.tier,
      tierChange: null,
      headroom: null,
      previousHeadroom: p.headroom,
      headroomChange: null,
    });
  const count = (test: (m: RankMove) => boolean) => moves.filter(test).length;
  return {
    kind,
    summary: {
      current: current.length,
      previous: previous.length,
      compared: count((m) => m.rank !== null && m.previousRank !== null),
      entered: count((m) => m.status === 'entered'),
      exited: count((m) => m.status === 'exited'),
      up: count((m) => m.status === 'up'),
      down: count((m) => m.status === 'down'),
      same: count((m) => m.status === 'same'),
      tierUp: count((m) => m.tierChange === 'up'),
      tierDown: count((m) => m.tierChange === 'down'),
    },
    moves,
  };
}

/** A -> B is down, C -> B up; a missing tier on either side says nothing. */
function tierChange(before: Tier | null, after: Tier | null): RankMove['tierChange'] {
  if (before === null || after === null) return null;
  const d = TIER_ORDER[before] - TIER_ORDER[after];
  return d > 0 ? 'up' : d < 0 ? 'down' : 'same';
}
