// Times each statement of a case's SQL (bench/data/out/CASE.sql) in DuckDB: where DuckDB spends its time.
//   node bench/duckdb/timeit.mjs bench/data/out/contact.sql
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
const c = await inst.connect();
for (const s of readFileSync(process.argv[2], 'utf8').split(/;\s*\n/)) {
  if (!s.trim()) continue;
  const t = performance.now();
  await c.run(s);
  console.log(((performance.now() - t) / 1000).toFixed(2), s.trim().slice(0, 60).replace(/\s+/g, ' '));
}
