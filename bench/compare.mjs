// Do plan's output and DuckDB's agree? Both CSVs are joined on the case's key columns (in DuckDB, outside the
// timed runs); every compared column must match: counts and text exactly, money to the cent, shares to 6 decimals.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './data.mjs';

const ident = (name) => `"${name.replaceAll('"', '""')}"`;
const text = (path) => `'${path.replaceAll("'", "''")}'`;

function equal(kind, a, b) {
  // Money to the cent. DuckDB's sums and products here are doubles: a figure whose exact value ends in half a cent
  // (3523677019.485) may come out a hair below (…484999, rounded to .48) where plan's exact arithmetic rounds it
  // half up (.49). So: the same cents, or plan (a) within half a cent of DuckDB's unrounded figure plus a double's
  // rounding noise (1e-14 of it): a tie taken either way.
  if (kind === 'money')
    return `(${a} IS NULL AND ${b} IS NULL) OR abs(round(TRY_CAST(${a} AS DOUBLE), 2) - round(TRY_CAST(${b} AS DOUBLE), 2)) < 0.001 OR abs(TRY_CAST(${a} AS DOUBLE) - TRY_CAST(${b} AS DOUBLE)) <= 0.005 + 1e-14 * abs(TRY_CAST(${b} AS DOUBLE))`;
  // Shares and indices rounded to 6 decimals by both: equal within rounding.
  if (kind === 'share') return `(${a} IS NULL AND ${b} IS NULL) OR abs(TRY_CAST(${a} AS DOUBLE) - TRY_CAST(${b} AS DOUBLE)) < 0.0000015`;
  if (kind === 'int') return `TRY_CAST(${a} AS HUGEINT) IS NOT DISTINCT FROM TRY_CAST(${b} AS HUGEINT)`;
  return `${a} IS NOT DISTINCT FROM ${b}`;
}

/** Lines of problems (empty when they agree). */
export async function compare(c, planCsv, duckCsv, planStderr) {
  const { keys, columns } = c.compare;
  const result = `${duckCsv}.compare.json`;
  const counts = `${duckCsv}.counts.json`;
  const join_ = keys.map((k) => `p.${ident(k)} = d.${ident(k)}`).join(' AND ');
  const select = [
    ...keys.map((k) => `coalesce(p.${ident(k)}, d.${ident(k)}) AS ${ident(k)}`),
    `p.${ident(keys[0])} IS NULL AS only_duckdb`,
    `d.${ident(keys[0])} IS NULL AS only_plan`,
    ...Object.keys(columns).flatMap((col) => [
      `p.${ident(col)} AS ${ident(`plan ${col}`)}`,
      `d.${ident(col)} AS ${ident(`duckdb ${col}`)}`,
    ]),
  ].join(', ');
  const differs = Object.entries(columns)
    .map(([col, kind]) => `NOT (${equal(kind, `p.${ident(col)}`, `d.${ident(col)}`)})`)
    .join(' OR ');
  const sql = [
    `CREATE TEMP TABLE p AS SELECT * FROM read_csv(${text(planCsv)}, header = true, all_varchar = true)`,
    `CREATE TEMP TABLE d AS SELECT * FROM read_csv(${text(duckCsv)}, header = true, all_varchar = true)`,
    `CREATE TEMP TABLE diff AS SELECT ${select} FROM p FULL JOIN d ON ${join_}
       WHERE p.${ident(keys[0])} IS NULL OR d.${ident(keys[0])} IS NULL OR ${differs}`,
    `COPY (SELECT (SELECT count(*) FROM p) AS plan_rows, (SELECT count(*) FROM d) AS duckdb_rows, (SELECT count(*) FROM diff) AS differing) TO ${text(counts)} (FORMAT json)`,
    `COPY (SELECT * FROM diff LIMIT 20) TO ${text(result)} (FORMAT json)`,
  ].join(';\n');
  const sqlFile = `${duckCsv}.compare.sql`;
  writeFileSync(sqlFile, `${sql};\n`);
  execFileSync('node', [join(root, 'bench', 'duckdb', 'query.mjs'), sqlFile], { stdio: 'inherit' });
  const n = JSON.parse(readFileSync(counts, 'utf8'));
  const problems = [];
  if (Number(n.plan_rows) === 0) problems.push('plan wrote no rows');
  if (Number(n.differing) > 0) {
    problems.push(`${n.differing} of ${n.plan_rows} plan rows / ${n.duckdb_rows} DuckDB rows differ; first ones:`);
    for (const line of readFileSync(result, 'utf8').trim().split('\n').slice(0, 5)) {
      const row = JSON.parse(line);
      const cols = Object.keys(columns).filter((col) => row[`plan ${col}`] !== row[`duckdb ${col}`]);
      problems.push(
        `  ${keys.map((k) => row[k]).join(' / ')}${row.only_plan ? ' (only in plan)' : row.only_duckdb ? ' (only in DuckDB)' : ''}: ${cols
          .map((col) => `${col} ${row[`plan ${col}`]} vs ${row[`duckdb ${col}`]}`)
          .join(', ')}`,
      );
    }
  }
  if (c.extra) {
    const [header, ...lines] = readFileSync(duckCsv, 'utf8').trim().split('\n');
    const names = header.split(',');
    const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i], v])));
    problems.push(...c.extra(planStderr, rows));
  }
  return problems;
}
