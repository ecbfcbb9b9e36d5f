// Runs one bench case's SQL in DuckDB, in this fresh process: node bench/duckdb/query.mjs FILE.sql [THREADS]
// Statements are separated by ";\n"; the last one is usually COPY (...) TO 'file' (the case's output).
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [file, threads = '2'] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:', { threads });
const connection = await instance.connect();
for (const statement of readFileSync(file, 'utf8').split(/;\s*\n/)) {
  if (statement.trim() !== '') await connection.run(statement);
}
connection.closeSync();
