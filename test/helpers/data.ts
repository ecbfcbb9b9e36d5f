/** Copies of the demo data folder, altered for a test. */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { DEMO, tempDir } from './cli.js';

/** fixtures/demo in a temporary folder. */
export function demoCopy(): string {
  const dir = tempDir('plan-data-');
  cpSync(DEMO, dir, { recursive: true });
  return dir;
}

/** Rewrites `file` of `dir` with `change` applied to its records (header first). */
export function rewriteCsv(dir: string, file: string, change: (records: string[][]) => string[][]): void {
  const path = join(dir, file);
  const records = parse(readFileSync(path), { relax_column_count: true }) as string[][];
  writeFileSync(path, stringify(change(records)));
}

/** The demo without customers.csv's revenue_12m: revenue then comes from orders.csv. */
export function demoWithoutRevenue(): string {
  const dir = demoCopy();
  rewriteCsv(dir, 'customers.csv', (records) => {
    const at = (records[0] as string[]).indexOf('revenue_12m');
    return records.map((r) => r.filter((_, i) => i !== at));
  });
  return dir;
}
