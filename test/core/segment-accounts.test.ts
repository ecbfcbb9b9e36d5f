import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseSegments, buildMarket, type SegmentCustomer } from '../../src/core/segment.js';
import { byKeyDescending } from '../../src/core/segment-accounts.js';
import { marketRows, segmentOptions } from '../helpers/read.js';

const options = segmentOptions();
// Spend per firm 1,000 in A, 500 in B; C has no market row (no potential, headroom 0).
const cells = buildMarket(
  marketRows([
    { industry: 'A', region: undefined, size: undefined, firms: 100, spend_per_firm: 1000 },
    { industry: 'B', region: undefined, size: undefined, firms: 100, spend_per_firm: 500 },
  ]),
  'market.csv',
).cells;

const id = fc.string({ unit: fc.constantFrom('a', 'b', 'B', '1', 'é', '日', '\uFFFD', '😀'), minLength: 1, maxLength: 4 });
const accounts = fc.uniqueArray(
  fc.record({
    id,
    name: fc.string({ maxLength: 8 }),
    industry: fc.constantFrom('A', 'B', 'C'),
    // Revenue in money units (ten-thousandths): a few values, so headrooms tie often.
    revenue: fc.constantFrom(0, 2_500_000, 5_000_000, 10_000_000, 20_000_000),
    website: fc.string({ maxLength: 6 }),
  }),
  { selector: (a) => a.id, maxLength: 60 },
);

function rows(list: { id: string; name: string; industry: string; revenue: number; website: string }[]): SegmentCustomer[] {
  return list.map((a) => ({
    id: a.id,
    name: a.name,
    status: undefined,
    industry: a.industry,
    region: undefined,
    size: undefined,
    employees: undefined,
    revenue_12m: a.revenue,
    contract_start: undefined,
    line: 2,
    extra: { website: a.website },
  }));
}

describe('the account listing (columns, one sorted order)', () => {
  it('ranks by headroom worked out here, largest first, ties by id as JavaScript sorts strings', () => {
    fc.assert(
      fc.property(accounts, (list) => {
        const listed = analyseSegments(rows(list), cells, options).accounts;
        // Headroom by hand: spend per firm of the industry's row less revenue (units / 10,000), never below 0.
        const spend: Record<string, number> = { A: 1000, B: 500, C: 0 };
        const expected = list
          .map((a) => ({ id: a.id, headroom: Math.max(0, (spend[a.industry] as number) - a.revenue / 10_000) }))
          .sort((x, y) => y.headroom - x.headroom || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
        expect(listed.length).toBe(list.length);
        expect(listed.map((a) => [a.rank, a.id, a.headroom])).toEqual(expected.map((e, k) => [k + 1, e.id, e.headroom]));
      }),
      { numRuns: 300 },
    );
  });

  it('gives back what each account was read with, and reads the same cells by position as in the built account', () => {
    fc.assert(
      fc.property(accounts, (list) => {
        const listed = analyseSegments(rows(list), cells, options).accounts;
        const byId = new Map(list.map((a) => [a.id, a]));
        for (let k = 0; k < listed.length; k++) {
          const a = listed.at(k);
          const input = byId.get(a.id);
          expect([a.name, a.industry, a.revenue, a.extra]).toEqual([
            input?.name,
            input?.industry,
            (input?.revenue ?? 0) / 10_000,
            { website: input?.website },
          ]);
          expect([listed.id(k), listed.name(k), listed.tier(k), listed.segment(k), listed.extra(k, 'website')]).toEqual([
            a.id,
            a.name,
            a.tier,
            a.segment,
            a.extra.website,
          ]);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('keeps each account its overall rank in a part of the list (--top, --per-segment)', () => {
    const list = rows([
      { id: 'a1', name: '', industry: 'A', revenue: 0, website: '' },
      { id: 'a2', name: '', industry: 'A', revenue: 5_000_000, website: '' },
      { id: 'b1', name: '', industry: 'B', revenue: 0, website: '' },
      { id: 'b2', name: '', industry: 'B', revenue: 2_500_000, website: '' },
    ]);
    const listed = analyseSegments(list, cells, options).accounts;
    // Headrooms: a1 1000, a2 500, b1 500, b2 250.
    expect(listed.map((a) => a.id)).toEqual(['a1', 'a2', 'b1', 'b2']);
    expect(listed.slice(2).map((a) => [a.rank, a.id])).toEqual([
      [1, 'a1'],
      [2, 'a2'],
    ]);
    const bs = listed.filter((k) => listed.segment(k).startsWith('B'));
    expect(bs.map((a) => [a.rank, a.id])).toEqual([
      [3, 'b1'],
      [4, 'b2'],
    ]);
    expect(bs.slice(1).map((a) => a.rank)).toEqual([3]);
    expect(listed.slice(0).extraKeys()).toEqual([]);
    expect(listed.extraKeys()).toEqual(['website']);
  });

  it('sorts numbers largest first by their bits, equal ones in position order', () => {
    // Few distinct values (ties), each digit of the bits varied, -0 as 0.
    const key = fc.oneof(
      fc.constantFrom(0, -0, 0.01, 1, 1.5, 250, 751_600, 2 ** 40 + 0.5, Number.MAX_VALUE, Number.MIN_VALUE),
      fc.double({ min: 0, max: 1e12, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(key, { maxLength: 200 }), (keys) => {
        const expected = keys.map((_, i) => i).sort((x, y) => (keys[y] as number) - (keys[x] as number) || x - y);
        expect([...byKeyDescending(Float64Array.from(keys))]).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
