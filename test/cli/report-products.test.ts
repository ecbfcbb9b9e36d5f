import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO, DEMO_AS_OF, runCli, tempDir } from '../helpers/cli.js';

interface Product {
  product: string;
  rank: number;
  tier: string;
}
const productsOf = (out: string) => {
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  return report.sections.find((s: { name: string }) => s.name === 'products');
};

describe('plan report: the products section keeps the previous report ranking to show movement', () => {
  it('compares with the report.json it replaces, and says when there is none', async () => {
    const out = join(tempDir(), 'report');
    const first = await runCli(['report', '--data', DEMO, '--as-of', '2026-05-27', '--out-dir', out]);
    expect(first.code, first.stderr).toBe(0);
    const before = productsOf(out);
    expect(before.note).toBe('No earlier report with products to compare with.');
    expect(before.data.comparison).toBeUndefined();

    const second = await runCli(['report', '--data', DEMO, '--as-of', DEMO_AS_OF, '--out-dir', out]);
    expect(second.code, second.stderr).toBe(0);
    const after = productsOf(out);
    const was = new Map<string, Product>(before.data.products.map((p: Product) => [p.product, p]));
    const expected = after.data.products.map((p: Product) => {
      const old = was.get(p.product) as Product;
      return [p.product, old.rank - p.rank, old.tier, p.tier];
    });
    expect(
      after.data.comparison.moves.map((m: { key: string; move: number; previousTier: string; tier: string }) => [
        m.key,
        m.move,
        m.previousTier,
        m.tier,
      ]),
    ).toEqual(expected);
    // Half a year of orders later the ranking moved (else this test would prove nothing).
    expect(expected.some(([, move]: [string, number]) => move !== 0)).toBe(true);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('Since the previous report ');
  });

  it('reads back only the sections that hold a ranking: a products section changed by hand shows no movement', async () => {
    const out = join(tempDir(), 'report');
    expect((await runCli(['report', '--data', DEMO, '--as-of', '2026-05-27', '--out-dir', out])).code).toBe(0);
    const path = join(out, 'report.json');
    const json = JSON.parse(readFileSync(path, 'utf8'));
    json.sections.find((s: { name: string }) => s.name === 'products').data.products[0].rank = 'first';
    writeFileSync(path, JSON.stringify(json, null, 2));
    const second = await runCli(['report', '--data', DEMO, '--as-of', DEMO_AS_OF, '--out-dir', out]);
    expect(second.code, second.stderr).toBe(0);
    expect(productsOf(out).data.comparison).toBeUndefined();
    expect(productsOf(out).note).toBe('No earlier report with products to compare with.');
    // The segment section still reads back as a ranking: the report is not "without rankings".
    expect(second.stderr).not.toContain('W_PREVIOUS_REPORT');
  });
});
