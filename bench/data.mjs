// The bench's data, generated once under bench/data/ (gitignored) and reused:
//   big/       plan demo: 1M accounts, 5M order lines, 10M touches, 500 reps; plus
//              orders-shuffled.csv and contacts-shuffled.csv (the same rows in random order, as real exports are)
//   quarter/   the same at a quarter of the rows (bench/scale.mjs)
//   schedule/  plan demo: 200k accounts, 2M touches, 500 reps; plus contacts-shuffled.csv
//   time/      activities.csv: 2M dated time entries of 500 reps over a year, in random order
import { execFileSync, execSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';

export const AS_OF = '2026-11-27';
export const root = new URL('..', import.meta.url).pathname;
export const dataDir = join(root, 'bench', 'data');
/** BENCH_SMALL=1: the same cases on data 50x smaller (bench/data/small-*), to try the bench itself in seconds. */
const small = process.env.BENCH_SMALL === '1';
const n = (count) => String(small ? count / 50 : count);
const folder = (name) => (small ? `small-${name}` : name);
/** Outputs of the runs (plan's, DuckDB's, the SQL, the comparisons). */
export const outDir = join(dataDir, folder('out'));

function demo(name, args) {
  const dir = join(dataDir, name);
  if (!existsSync(join(dir, 'customers.csv'))) {
    process.stderr.write(`generating ${dir} (plan demo ${args.join(' ')}) ...\n`);
    execFileSync('node', [join(root, 'bin', 'plan.js'), 'demo', dir, '--as-of', AS_OF, '--force', ...args], {
      stdio: ['ignore', 'pipe', 'inherit'], // its summary table is discarded; a closed stdout is an error (exit 73)
    });
  }
  return dir;
}

/**
 * The same rows in random order (header kept): GNU shuf with a fixed random source, so every run shuffles alike.
 * The demo writes one record per line (no quoted newlines), so shuffling lines shuffles records.
 */
function shuffled(dir, file) {
  const out = join(dir, file.replace('.csv', '-shuffled.csv'));
  if (!existsSync(out)) {
    process.stderr.write(`shuffling ${join(dir, file)} ...\n`);
    const src = join(dir, file);
    execSync(`(head -n 1 '${src}'; tail -n +2 '${src}' | shuf --random-source=<(yes)) > '${out}.tmp'`, {
      shell: '/bin/bash',
      stdio: 'inherit',
    });
    renameSync(`${out}.tmp`, out);
  }
  return out;
}

export function bigData() {
  return demoData('big', 1);
}

/** The big data's generator at a quarter of its rows (bench/scale.mjs: is time linear in rows?). */
export function quarterData() {
  return demoData('quarter', 4);
}

function demoData(name, divisor) {
  const count = (rows) => n(rows / divisor);
  const dir = demo(folder(name), [
    '--customers',
    count(1_000_000),
    '--orders',
    count(5_000_000),
    '--contacts',
    count(10_000_000),
    '--reps',
    '500',
  ]);
  return {
    dir,
    customers: join(dir, 'customers.csv'),
    market: join(dir, 'market.csv'),
    orders: join(dir, 'orders.csv'),
    products: join(dir, 'products.csv'),
    ordersShuffled: shuffled(dir, 'orders.csv'),
    contactsShuffled: shuffled(dir, 'contacts.csv'),
  };
}

export function scheduleData() {
  const dir = demo(folder('schedule'), ['--customers', n(200_000), '--orders', '0', '--contacts', n(2_000_000), '--reps', '500']);
  return {
    dir,
    customers: join(dir, 'customers.csv'),
    market: join(dir, 'market.csv'),
    reps: join(dir, 'reps.csv'),
    absences: join(dir, 'absences.csv'),
    contactsShuffled: shuffled(dir, 'contacts.csv'),
  };
}

// Activity names as reps write them: most are classed by the built-in map (src/core/time.ts), "misc" is not.
const ACTIVITIES = [
  ['customer visits', 8],
  ['sales calls', 4],
  ['prospecting', 2],
  ['travel', 8],
  ['planning visits', 3],
  ['order entry', 3],
  ['reporting', 2],
  ['internal meetings', 4],
  ['training', 1],
  ['invoicing', 3],
  ['contract issues', 2],
  ['misc', 0.5],
];

/** 2M dated time entries (rep, activity, hours in quarter hours, date) over the year to AS_OF, in random order. */
export async function timeData(rows = Number(n(2_000_000))) {
  const dir = join(dataDir, folder('time'));
  const file = join(dir, 'activities.csv');
  if (existsSync(file)) return { dir, activities: file };
  process.stderr.write(`generating ${file} ...\n`);
  mkdirSync(dir, { recursive: true });
  let seed = 12345;
  const next = () => {
    // xorshift32: deterministic, fast enough for 2M rows.
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  const asOf = Date.UTC(2026, 10, 27);
  const out = createWriteStream(`${file}.tmp`);
  const write = (s) => (out.write(s) ? Promise.resolve() : new Promise((r) => out.once('drain', r)));
  await write('rep,activity,hours,date\n');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const rep = `R${String(1 + Math.floor(next() * 500)).padStart(3, '0')}`;
    const [activity, usual] = ACTIVITIES[Math.floor(next() * ACTIVITIES.length)];
    const hours = Math.max(0.25, Math.round(usual * (0.5 + next()) * 4) / 4);
    const day = new Date(asOf - Math.floor(next() * 400) * 86400000).toISOString().slice(0, 10);
    chunk += `${rep},${activity},${hours},${day}\n`;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise((r) => out.end(r));
  renameSync(`${file}.tmp`, file);
  return { dir, activities: file };
}
