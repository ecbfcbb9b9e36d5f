import { describe, expect, it } from 'vitest';
import { DEMO, runCli, tempDir } from '../helpers/cli.js';

describe('plan validate', () => {
  it('checks references and the values the commands must place, as they would warn about them, and says what to do', async () => {
    const r = await runCli(['validate', '--data', DEMO, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([
      'plan: warning: fixtures/demo/customers.csv:353: 19 rows for 1 owner not in reps.csv: "R999" ×19 (first on line 353); add them to reps.csv or give the accounts a current owner (W_UNKNOWN_KEY)',
      'plan: warning: fixtures/demo/orders.csv:11371: 4 rows for 1 unknown channel: "Außendienst" ×4 (first on line 11371); map them to field, phone, email, web in plan.config.json "channelCosts": { "synonyms": { ... } } (W_UNKNOWN_CHANNEL)',
      'plan: warning: fixtures/demo/contacts.csv:235: 39 rows for 3 touch types neither sales nor other: "webinar" ×15 (first on line 235), "trade fair" ×14 (first on line 1415), "newsletter" ×10 (first on line 419); classify them in plan.config.json "touchTypes" (W_UNKNOWN_TOUCH_TYPE)',
      'plan: warning: fixtures/demo/activities.csv:434: 2 rows for 1 unknown activity: "misc" ×2 (first on line 434); map them with "activityClasses" in plan.config.json (W_UNKNOWN_ACTIVITY)',
    ]);
    const data = JSON.parse(r.stdout);
    expect(data.files.map((f: { file: string; rows: number; warnings: number }) => [f.file, f.rows, f.warnings])).toEqual([
      ['reps.csv', 12, 0],
      ['customers.csv', 3000, 1],
      ['products.csv', 62, 0],
      ['market.csv', 82, 0],
      ['orders.csv', 30000, 1],
      ['contacts.csv', 18000, 1],
      ['activities.csv', 1154, 1],
      ['absences.csv', 6, 0],
    ]);
  });

  it('md and html say where the problems are besides standard error: --format json', async () => {
    for (const format of ['md', 'html']) {
      const r = await runCli(['validate', '--data', DEMO, '--format', format]);
      expect(r.code).toBe(0);
      expect(r.stdout, format).toContain(
        'Problems are listed on standard error; --format json carries them too (problems, problemCounts).',
      );
    }
    const json = JSON.parse((await runCli(['validate', '--data', DEMO, '--format', 'json'])).stdout);
    expect(json.problems).toHaveLength(4);
  });

  it('with --strict, those warnings are errors: exit 65', async () => {
    const r = await runCli(['validate', '--data', DEMO, '--strict']);
    expect(r.code).toBe(65);
    expect(r.stderr).toContain('plan: error: fixtures/demo/orders.csv:11371: 4 rows for 1 unknown channel');
  });

  it('a channel mapped in the config is known', async () => {
    const { mkdtempSync, copyFileSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'plan-validate-'));
    copyFileSync(join(DEMO, 'orders.csv'), join(dir, 'orders.csv'));
    writeFileSync(join(dir, 'plan.config.json'), JSON.stringify({ channelCosts: { synonyms: { Außendienst: 'field' } } }));
    const r = await runCli(['validate', '--data', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('checks products.csv as plan products reads it, and order lines for products it does not list', async () => {
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = tempDir();
    writeFileSync(join(dir, 'products.csv'), 'product,industry,share\nP1,,60%\nP2,,30%\nP2,Health,50%\nP1,,55%\n');
    writeFileSync(join(dir, 'orders.csv'), 'customer_id,date,channel,amount,product\nC1,2026-01-01,web,10,P1\nC1,2026-01-02,web,10,P7\n');
    const r = await runCli(['validate', '--data', dir]);
    expect(r.code).toBe(65);
    expect(r.stderr.trim().split('\n')).toEqual([
      `plan: error: ${dir}/products.csv:5: product "P1" appears twice (first on line 2) with another share (E_DUPLICATE_KEY)`,
      `plan: error: ${dir}/products.csv:4 [column "share"]: the shares for Health (its own rows, the overall share for the other products) add up to 110.0%: more than a segment's whole spend (E_SHARE_SUM)`,
      `plan: warning: ${dir}/orders.csv:3: 1 row for 1 product not in products.csv: "P7" ×1 (first on line 3); add them to products.csv or correct the names (W_UNKNOWN_KEY)`,
    ]);
  });
});
