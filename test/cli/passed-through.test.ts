/** customers.csv's passed-through columns in plan segment --accounts and plan contact --accounts: one naming rule (README). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const dir = tempDir('plan-passed-');
// `Web Site` is no column of ours; `Tier` reads as `tier` (headers match whatever their case), `rank` is ours in both
// listings, `flags` only in plan contact's.
writeFileSync(join(dir, 'customers.csv'), 'id,name,industry,Web Site,Tier,flags,rank\nA1,Alpha,Retail,alpha.example,gold,vip,7\n');
writeFileSync(join(dir, 'market.csv'), 'industry,spend_per_firm,firms\nRetail,1000,10\n');
writeFileSync(join(dir, 'contacts.csv'), 'customer_id,date,type\nA1,2026-11-01,visit\n');

const LISTINGS = {
  segment: { last: 'headroom', passed: ['Web Site', 'customers.Tier', 'flags', 'customers.rank'] },
  contact: { last: 'flags', passed: ['Web Site', 'customers.Tier', 'customers.flags', 'customers.rank'] },
} as const;
const listing = (command: string, ...args: string[]) => runCli([command, '--accounts', '--data', dir, '--as-of', '2026-11-27', ...args]);

describe.each(Object.entries(LISTINGS))('plan %s --accounts', (command, { last, passed }) => {
  it('CSV: our columns, then each passed-through column by its own name, customers.NAME where it reads as ours', async () => {
    const r = await listing(command, '--format', 'csv');
    expect(r.code, r.stderr).toBe(0);
    const [header, row] = r.stdout.trim().split('\n') as [string, string];
    const names = header.split(',');
    expect(names.slice(names.indexOf(last) + 1)).toEqual(passed);
    expect(row.split(',').slice(-4)).toEqual(['alpha.example', 'gold', 'vip', '7']);
  });

  it.each(['table', 'md'])('%s (--wide): the same names in the header', async (format) => {
    const r = await listing(command, '--format', format, '--wide');
    expect(r.code, r.stderr).toBe(0);
    const header = r.stdout.split('\n').find((line) => line.includes('Web Site')) as string;
    expect(header.match(/Web Site|customers\.Tier|(?<!\.)flags|customers\.flags|customers\.rank/g)?.slice(-4)).toEqual(passed);
  });

  it('--columns picks them by those names', async () => {
    const r = await listing(command, '--format', 'md', '--columns', `id,${passed.join(',')}`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`| id | ${passed.join(' | ')} |`);
    expect(r.stdout).toContain('| A1 | alpha.example | gold | vip | 7 |');
  });

  it('JSON: under `extra`, by their own names', async () => {
    const r = await listing(command, '--format', 'json');
    expect(JSON.parse(r.stdout).accounts[0].extra).toEqual({ 'Web Site': 'alpha.example', Tier: 'gold', flags: 'vip', rank: '7' });
  });
});
