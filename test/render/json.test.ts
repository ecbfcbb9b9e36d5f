import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonChunks, renderJson } from '../../src/render/json.js';

const replacer = (_key: string, value: unknown) => (value === undefined ? null : value);
const reference = (value: unknown) => `${JSON.stringify(value, replacer, 2)}\n`;

// JSON values plus `undefined` (written as null) and lazily given parts (toJSON), as commands hand them over.
const value = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined), tie('array'), tie('object'), tie('lazy')),
  array: fc.array(tie('any'), { maxLength: 12 }),
  object: fc.dictionary(fc.string({ maxLength: 6 }), tie('any'), { maxKeys: 6 }),
  lazy: tie('array').map((inner) => ({ toJSON: () => inner })),
}));

describe('JSON renderer', () => {
  it('streams exactly the bytes of JSON.stringify, whatever is streamed and whatever is not', () => {
    fc.assert(
      fc.property(value.any, fc.integer({ min: 0, max: 4 }), (v, streamArrays) => {
        expect([...jsonChunks(v, streamArrays)].join('')).toBe(reference(v));
      }),
      { numRuns: 500 },
    );
  });

  it('writes a large listing in chunks, never as one string', () => {
    const accounts = Array.from({ length: 20_000 }, (_, i) => ({
      id: `C${i}`,
      name: `Name "${i}"\n`,
      headroom: i * 1.5,
      tier: i % 3 ? 'B' : null,
    }));
    const data = { totals: { accounts: accounts.length }, accounts: { toJSON: () => accounts } };
    const chunks = [...renderJson({ title: '', figures: [], tables: [], charts: [], notes: [], data })];
    expect(chunks.length).toBeGreaterThan(10);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(70_000);
    expect(chunks.join('')).toBe(reference(data));
  });
});
