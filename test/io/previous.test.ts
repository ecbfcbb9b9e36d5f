import { describe, expect, it } from 'vitest';
import { parsePreviousRanking } from '../../src/io/previous.js';

describe('parsePreviousRanking', () => {
  it('reads plan segment JSON (segments, and accounts when listed) and plan products JSON', () => {
    const segment = JSON.stringify(
      {
        by: ['industry'],
        totals: {},
        segments: [{ rank: 1, segment: 'Retail', tier: 'A', headroom: 10, extra: true }],
        accounts: [{ rank: 1, id: 'C1', tier: null, headroom: 5 }],
      },
      null,
      2,
    );
    expect(parsePreviousRanking(segment, 'prev.json')).toEqual({
      ranking: {
        by: ['industry'],
        segments: [{ key: 'Retail', rank: 1, tier: 'A', headroom: 10 }],
        accounts: [{ key: 'C1', rank: 1, tier: null, headroom: 5 }],
        products: undefined,
      },
    });
    const products = JSON.stringify({ products: [{ rank: 1, product: 'P1', tier: 'B', headroom: 1 }], accounts: [] });
    expect(parsePreviousRanking(products, 'prev.json')).toMatchObject({
      ranking: { products: [{ key: 'P1', rank: 1, tier: 'B', headroom: 1 }], accounts: undefined },
    });
  });

  it('locates a bad field by line and JSON path', () => {
    const text = [
      '{',
      '  "segments": [',
      '    { "rank": 1, "segment": "A", "tier": "A", "headroom": 1 },',
      '    {',
      '      "rank": 2,',
      '      "segment": "B",',
      '      "tier": "D",',
      '      "headroom": "many"',
      '    }',
      '  ]',
      '}',
    ].join('\n');
    const result = parsePreviousRanking(text, 'prev.json');
    expect(
      'problems' in result && result.problems.map((p: { line: number; code: string; message: string }) => [p.line, p.code, p.message]),
    ).toEqual([
      [7, 'E_RANKING', expect.stringMatching(/^segments\[1\]\.tier: /)],
      [8, 'E_RANKING', expect.stringMatching(/^segments\[1\]\.headroom: /)],
    ]);
  });

  it('says what it expected from a file that holds no ranking, and where JSON breaks', () => {
    const none = parsePreviousRanking('{"title": "x"}', 'prev.json');
    expect('problems' in none && none.problems[0]?.message).toContain('expected the JSON output of plan segment or plan products');
    const broken = parsePreviousRanking('{\n  "segments": [\n    {"rank": 1,,}\n  ]\n}', 'prev.json');
    expect('problems' in broken && broken.problems[0]).toMatchObject({ code: 'E_JSON', line: 3 });
  });
});
