import { describe, expect, it } from 'vitest';
import { compareRankings, type RankingEntry } from '../../src/core/ranking.js';

const e = (key: string, rank: number, tier: 'A' | 'B' | 'C' | null, headroom: number): RankingEntry => ({ key, rank, tier, headroom });

describe('compareRankings', () => {
  it('lists rank moves, tier changes, entries and exits', () => {
    const previous = [e('North', 1, 'A', 500), e('South', 2, 'A', 300), e('East', 3, 'B', 150), e('West', 4, 'C', 50)];
    const current = [e('South', 1, 'A', 450), e('North', 2, 'A', 400), e('West', 3, 'B', 120), e('Central', 4, 'C', 30)];
    const c = compareRankings('segments', previous, current);
    expect(
      c.moves.map((m) => [m.key, m.status, m.previousRank, m.rank, m.move, m.previousTier, m.tier, m.tierChange, m.headroomChange]),
    ).toEqual([
      ['South', 'up', 2, 1, 1, 'A', 'A', 'same', 150],
      ['North', 'down', 1, 2, -1, 'A', 'A', 'same', -100],
      ['West', 'up', 4, 3, 1, 'C', 'B', 'up', 70],
      ['Central', 'entered', null, 4, null, null, 'C', null, null],
      ['East', 'exited', 3, null, null, 'B', null, null, null],
    ]);
    expect(c.summary).toEqual({
      current: 4,
      previous: 4,
      compared: 3,
      entered: 1,
      exited: 1,
      up: 2,
      down: 1,
      same: 0,
      tierUp: 1,
      tierDown: 0,
    });
  });

  it('finds no move between a ranking and itself', () => {
    const list = [e('a', 1, 'A', 3), e('b', 2, 'B', 2), e('c', 3, 'C', 1)];
    const c = compareRankings('products', list, list);
    expect(c.summary).toMatchObject({ compared: 3, same: 3, up: 0, down: 0, entered: 0, exited: 0, tierUp: 0, tierDown: 0 });
  });

  it('calls A -> B a tier down, and says nothing about a missing tier', () => {
    const c = compareRankings('accounts', [e('x', 1, 'A', 9), e('y', 2, null, 1)], [e('x', 1, 'B', 9), e('y', 2, 'C', 1)]);
    expect(c.moves.map((m) => m.tierChange)).toEqual(['down', null]);
  });
});
