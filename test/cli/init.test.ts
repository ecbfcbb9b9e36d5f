import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/schema/config.js';
import { runCli, tempDir } from '../helpers/cli.js';

describe('plan init', () => {
  it('writes a commented config at the defaults and header-only templates that validate', async () => {
    const dir = join(tempDir(), 'new');
    const r = await runCli(['init', dir]);
    expect(r.code).toBe(0);
    const written = JSON.parse(readFileSync(join(dir, 'plan.config.json'), 'utf8'));
    expect(written['// plannedShare']).toMatch(/left free/);
    const withoutComments = Object.fromEntries(Object.entries(written).filter(([k]) => !k.startsWith('//')));
    expect(withoutComments).toEqual(JSON.parse(JSON.stringify(defaultConfig())));
    expect(readFileSync(join(dir, 'orders.csv'), 'utf8')).toBe('customer_id,date,channel,amount,order_id,lines,product\n');
    expect(readFileSync(join(dir, 'products.csv'), 'utf8')).toBe('product,name,category,industry,share,price\n');
    const validated = await runCli(['validate', '--data', dir]);
    expect(validated.code).toBe(0);
    expect(validated.stderr).toContain('header only: 0 records (W_EMPTY)');
  });

  it('never overwrites without --force', async () => {
    const dir = tempDir();
    expect((await runCli(['init', dir])).code).toBe(0);
    const again = await runCli(['init', dir]);
    expect(again.code).toBe(73);
    expect(again.stderr).toContain('give --force to replace them');
    expect((await runCli(['init', dir, '--force'])).code).toBe(0);
  });
});

describe('plan demo', () => {
  it('lists every file it wrote, plan.config.json too, with its size on disk', async () => {
    const dir = join(tempDir(), 'sample');
    const r = await runCli(['demo', dir, '--customers', '20', '--as-of', '2026-11-30', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const files: { file: string; rows: number | null; bytes: number }[] = JSON.parse(r.stdout).files;
    expect(files.map((f) => f.file)).toEqual([
      'customers.csv',
      'market.csv',
      'orders.csv',
      'contacts.csv',
      'reps.csv',
      'activities.csv',
      'absences.csv',
      'products.csv',
      'plan.config.json',
    ]);
    for (const f of files) expect(f.bytes, f.file).toBe(statSync(join(dir, f.file)).size);
    expect(files.find((f) => f.file === 'customers.csv')?.rows).toBe(20);
    expect(files.find((f) => f.file === 'plan.config.json')?.rows).toBeNull();
  });
});

describe('config', () => {
  const withConfig = (config: unknown) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'plan.config.json'), typeof config === 'string' ? config : JSON.stringify(config));
    return dir;
  };

  it.each([
    [{ tiers: { a: 1.5 } }, /plan\.config\.json:1:11: tiers\.a: Too big: expected number to be <=1/],
    [{ cadence: { A: 'weekly' } }, /plan\.config\.json:1:13: cadence\.A: Invalid input: expected number, received string/],
    [{ channelCosts: { preset: 'cheap' } }, /channelCosts\.preset: Invalid option: expected one of "article"\|"benchmark"/],
    [{ planedShare: 0.5 }, /plan\.config\.json:1:2: planedShare: unknown key \(did you mean "plannedShare"\?\)/],
    [{ columns: { custmers: {} } }, /plan\.config\.json:1:13: columns\.custmers: unknown key \(did you mean "customers"\?\)/],
    [{ coverage: { contactsPerYear: { feld: 3 } } }, /coverage\.contactsPerYear\.feld: unknown key \(did you mean "field"\?\)/],
    ['{\n  "currency": "EUR",\n  "tier": {"a": 0.7}\n}', /plan\.config\.json:3:3: tier: unknown key \(did you mean "tiers"\?\)/],
    [{ currency: 'Euro' }, /currency: an ISO 4217 currency code like EUR/],
    [{ locale: 'not a locale' }, /locale: a locale like en-GB/],
    ['{"currency": "€",}', /plan\.config\.json:1:18: not valid JSON: a "," before "}" \(JSON allows no trailing comma\)/],
    ['{\n  "currency": "€"\n  "locale": "de-DE"\n}', /plan\.config\.json:3:3: not valid JSON: expected "," or "}", found """/],
    ['{\n  "locale": de-DE\n}', /plan\.config\.json:2:13: not valid JSON: expected a value/],
  ])('%j is refused, saying where (exit 65)', async (config, message) => {
    const r = await runCli(['validate', '--data', withConfig(config)]);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(message);
  });

  it('reads // keys as comments', async () => {
    const dir = withConfig({ '// note': 'x', tiers: { '// a': 'y', a: 0.7 } });
    writeFileSync(join(dir, 'customers.csv'), 'id\nC1\n');
    expect((await runCli(['validate', '--data', dir])).code).toBe(0);
  });

  it('a missing --config file is exit 66', async () => {
    expect((await runCli(['validate', '--data', tempDir(), '--config', '/nonexistent/plan.json'])).code).toBe(66);
  });
});
