import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

// Texts that quoting and the formula guard look at, at the start, inside and at the end, and UTF-8 of 2-4 bytes.
const TEXTS = [
  '=SUM(A1)',
  '+49 30 1',
  '-x',
  '@me',
  "'=already",
  "'+",
  'a,b',
  'say "hi"',
  'line\nbreak',
  'cr\rhere',
  ' lead',
  'trail ',
  '日本',
  'Zoë 😀',
  '',
  '\ttab',
  'x""y',
  'crlf\r\nend',
  '"',
  ',',
];
const pick = (i: number, k: number) => TEXTS[(i * 7 + k * 3) % TEXTS.length] as string;

/** A folder whose customers.csv holds every text above in the name, owner and two passed-through columns. */
function folder(): string {
  const dir = tempDir();
  const rows = Array.from({ length: 60 }, (_, i) => [
    `C${String(i).padStart(3, '0')}${i % 5 === 0 ? pick(i, 0) : ''}`,
    `${pick(i, 1)} GmbH ${i}`,
    ['customer', 'prospect', 'lost'][i % 3],
    ['Retail', 'Health'][i % 2],
    'North',
    String(10 + i),
    String(i * 1000),
    pick(i, 2),
    '2025-01-01',
    '2027-01-01',
    pick(i, 3),
    pick(i, 4),
  ]);
  const header = [
    'id',
    'name',
    'status',
    'industry',
    'region',
    'employees',
    'revenue_12m',
    'owner',
    'contract_start',
    'contract_end',
    'website',
    'note',
  ];
  writeFileSync(join(dir, 'customers.csv'), stringify([header, ...rows], { quoted: true }));
  writeFileSync(join(dir, 'market.csv'), 'industry,region,size,firms,spend_per_firm\nRetail,North,,100,1000\nHealth,,,50,2000\n');
  writeFileSync(join(dir, 'contacts.csv'), 'customer_id,date,type\nC001,2026-11-01,call\nC002,2026-10-01,meeting\n');
  return dir;
}

const guard = (t: string) => (/^[=+\-@\t\r\0]/.test(t) ? `'${t}` : t);

describe('listings write stored texts as their bytes (CSV), read back as the texts are', () => {
  const dir = folder();

  it('plan segment --accounts: ids, names and passed-through columns as JSON has them, neutralised', async () => {
    const csv = await runCli(['segment', '--accounts', '--data', dir, '--format', 'csv', '--as-of', '2026-12-01']);
    const json = await runCli(['segment', '--accounts', '--data', dir, '--format', 'json', '--as-of', '2026-12-01']);
    expect(csv.stderr).not.toMatch(/error/);
    expect(csv.code).toBe(0);
    const [header, ...records] = parse(csv.stdout) as string[][];
    const col = (key: string) => (header as string[]).indexOf(key);
    const accounts = JSON.parse(json.stdout).accounts as { id: string; name: string; industry: string; extra: Record<string, string> }[];
    expect(accounts).toHaveLength(60);
    expect(records.map((r) => [r[col('id')], r[col('name')], r[col('industry')], r[col('website')], r[col('note')]])).toEqual(
      accounts.map((a) => [guard(a.id), guard(a.name), a.industry, guard(a.extra.website as string), guard(a.extra.note as string)]),
    );
  });

  it('plan contact --accounts: names, reps and passed-through columns as JSON has them, neutralised', async () => {
    const csv = await runCli(['contact', '--accounts', '--data', dir, '--format', 'csv', '--as-of', '2026-12-01']);
    const json = await runCli(['contact', '--accounts', '--data', dir, '--format', 'json', '--as-of', '2026-12-01']);
    expect(csv.stderr).not.toMatch(/error/);
    expect(csv.code).toBe(0);
    const [header, ...records] = parse(csv.stdout) as string[][];
    const col = (key: string) => (header as string[]).indexOf(key);
    const accounts = JSON.parse(json.stdout).accounts as { id: string; name: string; owner: string; extra: Record<string, string> }[];
    expect(accounts.length).toBeGreaterThan(30);
    expect(records.map((r) => [r[col('id')], r[col('name')], r[col('owner')], r[col('website')], r[col('note')]])).toEqual(
      accounts.map((a) => [guard(a.id), guard(a.name), guard(a.owner), guard(a.extra.website as string), guard(a.extra.note as string)]),
    );
  });
});
