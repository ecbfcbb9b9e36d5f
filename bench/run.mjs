// npm run bench: every case against DuckDB on the same files, in the same run, interleaved.
//   node bench/run.mjs [CASE ...] [--rounds N] [--threads N] [--no-check]
// Each round runs plan and DuckDB once each in fresh processes (who goes first alternates), measuring wall time
// from spawn to exit, CPU time (user + system of all threads) and the peak resident memory of the process
// (/usr/bin/time; neither tool forks, threads are counted). On a shared machine CPU time moves less than wall. Then it checks that plan's output and DuckDB's agree to the cent (bench/compare.mjs).
// DuckDB lives in bench/duckdb/ (its own package.json); it is installed on first use, never by npm ci.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { CASES } from './cases.mjs';
import { compare } from './compare.mjs';
import { dataDir, outDir, root } from './data.mjs';

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const value = argv[i + 1];
  argv.splice(i, 2);
  return value;
};
const rounds = Number(option('--rounds', process.env.BENCH_ROUNDS ?? 3));
const threads = option('--threads', '2');
const check = !argv.includes('--no-check');
const names = argv.filter((a) => !a.startsWith('--'));
const unknown = names.filter((n) => !CASES.some((c) => c.name === n));
if (unknown.length > 0) {
  process.stderr.write(`unknown case ${unknown.join(', ')}; cases: ${CASES.map((c) => c.name).join(', ')}\n`);
  process.exit(2);
}
const cases = names.length === 0 ? CASES : CASES.filter((c) => names.includes(c.name));

const duckDir = join(root, 'bench', 'duckdb');
if (!existsSync(join(duckDir, 'node_modules', '@duckdb', 'node-api'))) {
  process.stderr.write('installing DuckDB for the bench (bench/duckdb, npm ci) ...\n');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: duckDir, stdio: 'inherit' });
}
const cwd = join(dataDir, 'cwd'); // an empty folder: plan finds no data folder or config of its own there
mkdirSync(outDir, { recursive: true });
mkdirSync(cwd, { recursive: true });

const duckVersion = JSON.parse(readFileSync(join(duckDir, 'node_modules', '@duckdb', 'node-api', 'package.json'), 'utf8')).version;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
process.stdout.write(
  `plan vs DuckDB ${duckVersion} (${threads} threads); node ${process.version}; ${cpus().length} cores; ${new Date().toISOString()}\n` +
    `load average at start: ${load()}; ${rounds} rounds, interleaved\n`,
);

/** One run in a fresh process: wall ms, CPU ms (user + system, all threads), peak RSS MB, exit code, stderr. */
function timed(command, args) {
  const rss = join(outDir, 'rss.txt');
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', '-o', rss, command, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wallMs = performance.now() - started;
  const [kb, user, system] = readFileSync(rss, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { wallMs, cpuMs: (user + system) * 1000, peakMb: kb / 1024, code: r.status, stderr: r.stderr };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;

const summary = [];
for (const c of cases) {
  const files = await c.files();
  const planOut = join(outDir, `${c.name}.plan.csv`);
  const duckOut = join(outDir, `${c.name}.duckdb.csv`);
  const sqlFile = join(outDir, `${c.name}.sql`);
  writeFileSync(sqlFile, `${c.sql({ ...files, out: duckOut })};\n`);
  const runPlan = () => timed('node', [join(root, 'bin', 'plan.js'), ...c.planArgs(files, planOut)]);
  const runDuck = () => timed('node', [join(duckDir, 'query.mjs'), sqlFile, threads]);
  process.stdout.write(`\n== ${c.name}: ${c.about}  (load ${load()})\n`);
  const plan = [];
  const duck = [];
  let planStderr = '';
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? ['plan', 'duck'] : ['duck', 'plan'];
    for (const who of order) {
      const m = who === 'plan' ? runPlan() : runDuck();
      if (m.code !== 0) {
        process.stdout.write(`   ${who} failed (exit ${m.code}):\n${m.stderr}\n`);
        process.exitCode = 1;
      }
      if (who === 'plan') planStderr = m.stderr;
      (who === 'plan' ? plan : duck).push(m);
      process.stdout.write(
        `   round ${r + 1} ${who.padEnd(4)} ${secs(m.wallMs).padStart(9)} wall ${secs(m.cpuMs).padStart(9)} cpu ${String(Math.round(m.peakMb)).padStart(6)} MB\n`,
      );
    }
  }
  const row = {
    name: c.name,
    planMin: Math.min(...plan.map((m) => m.wallMs)),
    planMedian: median(plan.map((m) => m.wallMs)),
    planRss: Math.max(...plan.map((m) => m.peakMb)),
    duckMin: Math.min(...duck.map((m) => m.wallMs)),
    duckMedian: median(duck.map((m) => m.wallMs)),
    duckRss: Math.max(...duck.map((m) => m.peakMb)),
    planCpu: median(plan.map((m) => m.cpuMs)),
    duckCpu: median(duck.map((m) => m.cpuMs)),
    // Ratio of the paired runs' walls (round by round), median over rounds.
    ratio: median(plan.map((m, i) => m.wallMs / duck[i].wallMs)),
    agree: 'n/a',
  };
  if (check && c.compare) {
    let problems;
    try {
      problems = await compare(c, planOut, duckOut, planStderr);
    } catch (e) {
      problems = [`comparison failed: ${e.message.split('\n')[0]}`];
    }
    row.agree = problems.length === 0 ? 'yes' : `NO (${problems.length})`;
    for (const p of problems.slice(0, 10)) process.stdout.write(`   differs: ${p}\n`);
    if (problems.length > 0) process.exitCode = 1;
  }
  summary.push(row);
  process.stdout.write(
    `   plan   min ${secs(row.planMin)}  median ${secs(row.planMedian)}  cpu ${secs(row.planCpu)}  peak ${Math.round(row.planRss)} MB\n` +
      `   DuckDB min ${secs(row.duckMin)}  median ${secs(row.duckMedian)}  cpu ${secs(row.duckCpu)}  peak ${Math.round(row.duckRss)} MB\n` +
      `   ratio (median of paired rounds) ${row.ratio.toFixed(2)}x   agree: ${row.agree}\n`,
  );
}

process.stdout.write(`\nload average at end: ${load()}\n\n`);
process.stdout.write(
  '| case | plan median (min) | plan cpu | plan peak | DuckDB median (min) | DuckDB cpu | DuckDB peak | ratio | agree |\n',
);
process.stdout.write('| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n');
for (const s of summary)
  process.stdout.write(
    `| ${s.name} | ${secs(s.planMedian)} (${secs(s.planMin)}) | ${secs(s.planCpu)} | ${Math.round(s.planRss)} MB | ${secs(s.duckMedian)} (${secs(s.duckMin)}) | ${secs(s.duckCpu)} | ${Math.round(s.duckRss)} MB | ${s.ratio.toFixed(2)}x | ${s.agree} |\n`,
  );
