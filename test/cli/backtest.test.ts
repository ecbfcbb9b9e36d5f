import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

// Every figure is worked by hand in fixtures/backtest/README.md.
describe('plan segment --backtest on the planted outcome (fixtures/backtest/README.md)', () => {
  const args = ['segment', '--data', 'fixtures/backtest', '--backtest', '--as-of', '2025-06-30'];

  it('gives growth by tier, the lift of A over C and Spearman with the counts behind them', async () => {
    const r = await runCli([...args, '--horizon', '12m', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.segments.map((s: Record<string, unknown>) => [s.segment, s.headroom, s.tier])).toEqual([
      ['Big', 99000, 'A'],
      ['Mid', 19300, 'B'],
      ['Small', 4500, 'C'],
    ]);
    expect(
      data.tiers.map((t: Record<string, unknown>) => [
        t.tier,
        t.accounts,
        t.buyingBefore,
        t.buyingAfter,
        t.won,
        t.revenueBefore,
        t.revenueAfter,
        t.growth,
        t.growthRate,
        t.growthPerAccount,
      ]),
    ).toEqual([
      ['A', 2, 1, 2, 1, 1000, 4500, 3500, 3.5, 1750],
      ['B', 2, 2, 2, 0, 700, 900, 200, 0.285714, 100],
      ['C', 2, 2, 2, 0, 500, 600, 100, 0.2, 50],
    ]);
    expect(data.lift).toEqual({ value: 35, a: 1750, c: 50, why: null });
    expect(data.spearman).toEqual({ accounts: { rho: 0.912159, n: 6 }, segments: { rho: 1, n: 3 } });
    expect(data).toMatchObject({
      accounts: 6,
      outside: 2,
      before: { from: '2024-07-01', to: '2025-06-30' },
      after: { from: '2025-07-01', to: '2026-06-30' },
    });
    expect(r.stderr).not.toContain('W_SHORT_HORIZON');
  });

  it('warns when the horizon runs past the last order, and reads 1y as 12 months', async () => {
    const r = await runCli([...args.slice(0, -1), '2025-12-31', '--horizon', '1y', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).horizonMonths).toBe(12);
    expect(r.stderr).toContain('W_SHORT_HORIZON');
    // Without --horizon: 12 months (the default is zod's, not commander's: a --horizon given alone is refused).
    const byDefault = await runCli([...args, '--format', 'json']);
    expect(JSON.parse(byDefault.stdout).horizonMonths).toBe(12);
    const bad = await runCli([...args, '--horizon', 'soon']);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('--horizon takes months or years')]);
  });

  it("ranks with orders up to --as-of, never today's revenue_12m", async () => {
    const dir = join(tempDir(), 'with-revenue');
    cpSync('fixtures/backtest', dir, { recursive: true });
    const lines = readFileSync(join(dir, 'customers.csv'), 'utf8').trim().split('\n');
    // Today's figures that would turn the ranking around (S1, S2 bought most).
    const revenue = ['revenue_12m', '9000', '9000', '1500', '1500', '0', '0'];
    writeFileSync(join(dir, 'customers.csv'), `${lines.map((l, i) => `${l},${revenue[i]}`).join('\n')}\n`);
    const fixture = JSON.parse((await runCli([...args, '--format', 'json'])).stdout);
    const r = await runCli(['segment', '--data', dir, '--backtest', '--as-of', '2025-06-30', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(fixture);
  });
});
