// npm run bench: every case against DuckDB on the same files, in the same run, interleaved.
//   node bench/run.mjs [CASE ...] [--rounds N] [--threads N] [--no-check] [--baseline DIR]
// --baseline DIR: another built checkout of plan (DIR/bin/plan.js, e.g. a `git worktree` of an older commit) runs in
// the same rounds too, so that two builds are compared in the same minutes (walls on a shared machine move by 10% from
// one hour to the next: figures from two runs at different times do not compare).
// Each round runs plan and DuckDB (and the baseline) once each in fresh processes (who goes first turns), measuring wall time
// from spawn to exit, CPU time (user + system of all threads) and the peak resident memory of the process
// (/usr/bin/time; neither tool forks, threads are counted). On a shared machine CPU time moves less than wall. Then it checks that plan's output and DuckDB's agree to the cent (bench/compare.mjs).
// DuckDB lives in bench/duckdb/ (its own package.json); it is installed on first use, never by npm ci.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { CASES } from './cases.mjs';
import { compare } from './compare.mjs';
import { dataDir, outDir, root } from './data.mjs';
import { freshMemory } from './pages.mjs';

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
const baseline = option('--baseline', undefined);
const names = argv.filter((a) => !a.startsWith('--'));
const unknown = names.filter((n) => !CASES.some((c) => c.name === n));
if (unknown.length > 0) {
  process.stderr.write(`unknown case ${unknown.join(', ')}; cases: ${CASES.map((c) => c.name).join(', ')}\n`);
  process.exit(2);
}
const cases = names.length === 0 ? CASES : CASES.filter((c) => names.includes(c.name));

const baseBin = baseline === undefined ? undefined : join(resolve(baseline), 'bin', 'plan.js');
if (baseBin && !existsSync(join(resolve(baseline), 'dist', 'cli', 'main.js'))) {
  process.stderr.write(`--baseline ${baseline}: no built plan there (bin/plan.js and dist/; run npm ci in it)\n`);
  process.exit(2);
}
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
    `load average at start: ${load()}; ${rounds} rounds, interleaved\n` +
    `this host: ${freshMemory()} (bench/pages.mjs: it favours one tool or the other)\n`,
);
if (baseBin) process.stdout.write(`baseline: ${resolve(baseline)} at ${commitOf(resolve(baseline))}; this checkout at ${commitOf(root)}\n`);

/** A checkout's commit (short), or "?" when it is not a git checkout. */
function commitOf(dir) {
  try {
    return execFileSync('git', ['-C', dir, 'log', '-1', '--format=%h'], { encoding: 'utf8' }).trim();
  } catch {
    return '?';
  }
}

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
  const runBase = () => timed('node', [baseBin, ...c.planArgs(files, join(outDir, `${c.name}.baseline.csv`))]);
  process.stdout.write(`\n== ${c.name}: ${c.about}  (load ${load()})\n`);
  const plan = [];
  const duck = [];
  const base = [];
  const runs = { plan: [runPlan, plan], duck: [runDuck, duck], base: [runBase, base] };
  const who3 = baseBin ? ['plan', 'duck', 'base'] : ['plan', 'duck'];
  let planStderr = '';
  for (let r = 0; r < rounds; r++) {
    // Who goes first turns round by round.
    const order = who3.map((_, k) => who3[(k + r) % who3.length]);
    for (const who of order) {
      const [run, into] = runs[who];
      const m = run();
      if (m.code !== 0) {
        process.stdout.write(`   ${who} failed (exit ${m.code}):\n${m.stderr}\n`);
        process.exitCode = 1;
      }
      if (who === 'plan') planStderr = m.stderr;
      into.push(m);
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
  if (baseBin)
    row.base = {
      min: Math.min(...base.map((m) => m.wallMs)),
      median: median(base.map((m) => m.wallMs)),
      cpu: median(base.map((m) => m.cpuMs)),
      rss: Math.max(...base.map((m) => m.peakMb)),
      ratio: median(base.map((m, i) => m.wallMs / duck[i].wallMs)),
      planOverBase: median(plan.map((m, i) => m.wallMs / base[i].wallMs)),
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
  if (row.base)
    process.stdout.write(
      `   base   min ${secs(row.base.min)}  median ${secs(row.base.median)}  cpu ${secs(row.base.cpu)}  peak ${Math.round(row.base.rss)} MB\n` +
        `   baseline / DuckDB ${row.base.ratio.toFixed(2)}x   plan / baseline ${row.base.planOverBase.toFixed(2)}x\n`,
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
if (baseBin) {
  process.stdout.write('\n| case | baseline median (min) | baseline cpu | baseline peak | baseline / DuckDB | plan / baseline |\n');
  process.stdout.write('| --- | --- | --- | --- | --- | --- |\n');
  for (const { name, base: b } of summary)
    process.stdout.write(
      `| ${name} | ${secs(b.median)} (${secs(b.min)}) | ${secs(b.cpu)} | ${Math.round(b.rss)} MB | ${b.ratio.toFixed(2)}x | ${b.planOverBase.toFixed(2)}x |\n`,
    );
}
