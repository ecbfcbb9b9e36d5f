/** Shares shown as parts of a whole: largest remainder, expected shares worked by hand. */
import { describe, expect, it } from 'vitest';
import type { Table } from '../../src/render/document.js';
import { partsOfWhole } from '../../src/render/format.js';
import { renderMd } from '../../src/render/md.js';

describe('partsOfWhole', () => {
  it.each([
    // 333.33 per mille each: 333 + 333 + 333 = 999, the one missing goes to the first among equal remainders.
    [[1 / 3, 1 / 3, 1 / 3], 1, [0.334, 0.333, 0.333]],
    // Rounded alone 8.1 + 35.0 + 57.0 = 100.1%. Floors 80 + 349 + 569 = 998 per mille; the 2 missing go to the
    // largest remainders .745 (C) and .705 (B), not to .55 (A): 8.0 + 35.0 + 57.0.
    [[0.08055, 0.349705, 0.569745], 1, [0.08, 0.35, 0.57]],
    // Rounded alone 21.9 + 35.9 + 42.1 = 99.9%. Floors 219 + 359 + 421 = 999; remainders .095, .462, .442: B.
    [[0.219095, 0.359462, 0.421442], 1, [0.219, 0.36, 0.421]],
    // Whole percents: 12.5 + 12.5 + 75 -> floors 99, the first of the two .5 remainders.
    [[0.125, 0.125, 0.75], 0, [0.13, 0.12, 0.75]],
    // Already whole: nothing moves.
    [[0.25, 0.5, 0.25], 1, [0.25, 0.5, 0.25]],
    // Shares rounded to 6 decimals by the core (sum 0.999999) still make a whole: 333.333 each.
    [[0.333333, 0.333333, 0.333333], 1, [0.334, 0.333, 0.333]],
  ])('%j to %i decimals: %j', (shares, digits, expected) => {
    const shown = partsOfWhole(shares, digits);
    expect(shown).toEqual(expected);
    // The shown percents add to exactly 100.
    expect(shown.reduce((a, s) => a + Math.round(s * 10 ** (digits + 2)), 0)).toBe(10 ** (digits + 2));
  });

  it.each([
    [[0.5, 0.2]], // a part left out (a top N): each rounded alone
    [[0.6]],
    [[]],
  ])('leaves shares that are not a whole as they are: %j', (shares) => {
    expect(partsOfWhole(shares)).toEqual(shares);
  });

  it('keeps a missing share missing, the others a whole', () => {
    expect(partsOfWhole([null, 1 / 3, 2 / 3])).toEqual([null, 0.333, 0.667]);
  });
});

describe('a parts column in the human views', () => {
  const table: Table = {
    name: 'tiers',
    columns: [
      { key: 'rep', label: 'rep', type: 'text' },
      { key: 'share', label: 'share', type: 'percent', parts: 'rep' },
    ],
    rows: [
      { rep: 'R1', share: 0.08055 },
      { rep: 'R1', share: 0.349705 },
      { rep: 'R1', share: 0.569745 },
      { rep: 'R2', share: 0.0005 },
      { rep: 'R2', share: 0.9995 },
    ],
  };
  const opts = { currency: 'EUR', locale: 'en-GB', color: false, excel: false, formulaEscape: true };

  it('rounds each whole (one value of `parts`) together; CSV-bound values stay exact', () => {
    const md = renderMd({ title: 't', figures: [], tables: [table], charts: [], notes: [], data: null }, opts);
    // R1 as worked above; R2: 0.5 + 999.5 per mille, floors 0 + 999, the first of two .5 remainders: 0.1% + 99.9%.
    expect(md).toContain('| R1 | 8.0% |\n| R1 | 35.0% |\n| R1 | 57.0% |\n| R2 | 0.1% |\n| R2 | 99.9% |');
    expect((table.rows as { share: number }[])[0]?.share).toBe(0.08055);
  });

  it('leaves a total row (100%) out of its whole: the parts above it add to 100%', () => {
    // plan cost's channels on the demo data: cost shares 97.1472%, 2.8101%, 0.0192%, 0.0234%, then the total.
    // Floors 971 + 28 + 0 + 0 = 999 per mille; the missing one goes to the largest remainder, .472 (field): 97.2%.
    const channels: Table = {
      name: 'channels',
      columns: [
        { key: 'channel', label: 'channel', type: 'text' },
        { key: 'cost_share', label: 'cost share', type: 'percent', parts: true },
      ],
      rows: [
        { channel: 'field', cost_share: 0.971472 },
        { channel: 'phone', cost_share: 0.028101 },
        { channel: 'email', cost_share: 0.000192 },
        { channel: 'web', cost_share: 0.000234 },
        { channel: 'total', cost_share: 1 },
      ],
    };
    const md = renderMd({ title: 't', figures: [], tables: [channels], charts: [], notes: [], data: null }, opts);
    expect(md).toContain('| field | 97.2% |\n| phone | 2.8% |\n| email | 0.0% |\n| web | 0.0% |\n| total | 100.0% |');
  });
});
