// plan report on the big data (1M accounts, 5M order lines, 10M touches, 500 reps; bench/data.mjs) against each of
// its sections run alone with the report's arguments (issue 13: the report takes at most 1.3x its slowest section).
// Each round runs the sections and then the report, back to back in fresh processes (bench/measure.mjs); the
// medians and the ratios by round are printed, for wall and for CPU time (steadier on a shared machine).
//   node bench/report.mjs [--rounds N]       BENCH_SMALL=1: on data 50x smaller
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AS_OF, bigData, root } from './data.mjs';

const at = process.argv.indexOf('--rounds');
const rounds = at < 0 ? 3 : Number(process.argv[at + 1]);
const { dir } = bigData();
const out = join(tmpdir(), `plan-bench-report-${process.pid}`);

/** `plan <args>` in a fresh process: { wallMs, cpuMs, peakMb }. */
function measure(args) {
  const r = spawnSync('node', [join(root, 'bench', 'measure.mjs'), ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const line = r.stdout.trim().split('\n').pop();
  if (r.status !== 0 || !line) throw new Error(`plan ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(line);
}

/** The ISO week (`2026-W49`) of the day `days` after `day` (YYYY-MM-DD): the year and week of that week's Thursday. */
function isoWeekAfter(day, days) {
  const thursday = new Date(`${day}T00:00:00Z`);
  thursday.setUTCDate(thursday.getUTCDate() + days);
  thursday.setUTCDate(thursday.getUTCDate() + 3 - ((thursday.getUTCDay() + 6) % 7));
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86400000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The report's sections as commands, with the arguments the report gives them (schedule: next week, as the report plans it). */
const runs = {
  segment: ['segment'],
  products: ['products'],
  cost: ['cost', '--shift', 'field:phone=30%'],
  contact: ['contact', '--top', '500'],
  focus: ['focus'],
  schedule: ['schedule', '--week', isoWeekAfter(AS_OF, 7)],
  time: ['time', '--reassign', 'order entry,invoicing'],
  report: ['report', '--out-dir', out],
};
const walls = Object.fromEntries(Object.keys(runs).map((k) => [k, []]));
const cpus = Object.fromEntries(Object.keys(runs).map((k) => [k, []]));
const peaks = Object.fromEntries(Object.keys(runs).map((k) => [k, []]));
for (let round = 1; round <= rounds; round++) {
  for (const [label, args] of Object.entries(runs)) {
    const m = measure([...args, '--data', dir, '--as-of', AS_OF, '--format', 'csv', '--quiet']);
    walls[label].push(m.wallMs);
    cpus[label].push(m.cpuMs);
    peaks[label].push(m.peakMb);
    process.stdout.write(
      `round ${round} ${label.padEnd(9)} ${(m.wallMs / 1000).toFixed(1).padStart(7)} s wall ${(m.cpuMs / 1000).toFixed(1).padStart(7)} s cpu  peak ${String(m.peakMb).padStart(5)} MB\n`,
    );
  }
}
rmSync(out, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sections = Object.keys(runs).filter((k) => k !== 'report');
process.stdout.write(`\nmedians over ${rounds} rounds (${dir}):\n`);
for (const label of Object.keys(runs))
  process.stdout.write(
    `${label.padEnd(9)} ${(median(walls[label]) / 1000).toFixed(1).padStart(7)} s wall ${(median(cpus[label]) / 1000).toFixed(1).padStart(7)} s cpu  peak ${String(median(peaks[label])).padStart(5)} MB\n`,
  );
// Each round's report against that round's slowest section (runs of one round share the machine's load).
for (const [name, m] of [
  ['wall', walls],
  ['cpu', cpus],
]) {
  const ratios = Array.from({ length: rounds }, (_, r) => m.report[r] / Math.max(...sections.map((s) => m[s][r])));
  const slowest = sections.reduce((a, b) => (median(m[a]) >= median(m[b]) ? a : b));
  process.stdout.write(
    `${name}: report / slowest section by round ${ratios.map((x) => x.toFixed(2)).join(', ')}; median ${median(ratios).toFixed(2)}x; ` +
      `medians: report / ${slowest} ${(median(m.report) / median(m[slowest])).toFixed(2)}x (target <= 1.3x)\n`,
  );
}
