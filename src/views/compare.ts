/** `--compare`: the moves against an earlier run, ahead of the run's own document. */
import type { RankingComparison } from '../core/ranking.js';
import type { Column, Document, Figure, Words } from '../render/document.js';

const KEY_LABEL: Record<RankingComparison['kind'], string> = { segments: 'segment', accounts: 'account', products: 'product' };

export function comparisonColumns(kind: RankingComparison['kind']): Column[] {
  return [
    // Whole: a cut name ("Manufacturing…", "Service contract…") reads as another.
    { key: 'key', label: KEY_LABEL[kind], type: 'text', priority: 1, whole: true },
    { key: 'status', label: 'status', type: 'text', priority: 1 },
    { key: 'previous_rank', label: 'was', type: 'int', priority: 1 },
    { key: 'rank', label: 'rank', type: 'int', priority: 1 },
    { key: 'move', label: 'move', type: 'int' },
    { key: 'previous_tier', label: 'tier was', type: 'text', priority: 3 },
    { key: 'tier', label: 'tier', type: 'text', priority: 3 },
    { key: 'tier_change', label: 'tier change', type: 'text' },
    // Headroom is an estimate from market figures: whole currency units, as the rankings show it.
    { key: 'previous_headroom', label: 'headroom was', type: 'estimate', detail: true },
    { key: 'headroom', label: 'headroom', type: 'estimate', priority: 3 },
    { key: 'headroom_change', label: 'change', type: 'estimate' },
  ];
}

export function comparisonFigures(c: RankingComparison): Figure[] {
  const s = c.summary;
  // Counts in words, grouped as every other count (1,234 / 1,198).
  const counts =
    (...values: number[]): Words =>
    (n) =>
      values.map((v) => n.int(v)).join(' / ');
  return [
    { label: `${c.kind} now / before`, value: counts(s.current, s.previous), type: 'text' },
    { label: 'up / down / same', value: counts(s.up, s.down, s.same), type: 'text' },
    { label: 'entered / exited', value: counts(s.entered, s.exited), type: 'text' },
    { label: 'tier up / down', value: counts(s.tierUp, s.tierDown), type: 'text' },
  ];
}

/** The run's document with the moves first (its table is what --format csv writes). */
export function withComparison(doc: Document, c: RankingComparison, file: string): Document {
  return {
    ...doc,
    title: `${doc.title}: moves since ${file}`,
    figures: [...comparisonFigures(c), ...doc.figures],
    tables: [
      {
        name: 'moves',
        columns: comparisonColumns(c.kind),
        rows: c.moves.map((m) => ({
          key: m.key,
          status: m.status,
          previous_rank: m.previousRank,
          rank: m.rank,
          move: m.move,
          previous_tier: m.previousTier,
          tier: m.tier,
          tier_change: m.tierChange,
          previous_headroom: m.previousHeadroom,
          headroom: m.headroom,
          headroom_change: m.headroomChange,
        })),
      },
      ...doc.tables,
    ],
    data: { ...(doc.data as object), comparison: { file, ...c } },
  };
}
