// Is time linear in rows? (issue 14.) Runs bench cases (bench/cases.mjs) on the big data and on the same generator's
// data at a quarter of the rows (bench/data.mjs), interleaved, in fresh processes (bench/measure.mjs; the same arguments as bench/run.mjs), and prints
// the medians per round kind and the growth: big / quarter, for wall and CPU time. Linear is 4.0x (a fixed start-up
// cost makes it a little less; more than 4x means time grows faster than rows).
//   node bench/scale.mjs [CASE ...] [--rounds N]      default cases: cost segment contact focus
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { CASES } from './cases.mjs';
import { bigData, outDir, quarterData, root } from './data.mjs';

const argv = process.argv.slice(2);
const at = argv.indexOf('--rounds');
const rounds = at < 0 ? 3 : Number(argv[at + 1]);
if (at >= 0) argv.splice(at, 2);
const names = argv.length > 0 ? argv : ['cost', 'segment', 'contact', 'focus'];
const cases = names.map((name) => {
  const c = CASES.find((x) => x.name === name);
  if (!c) throw new Error(`unknown case ${name}; cases: ${CASES.map((x) => x.name).join(', ')}`);
  return c;
});
const data = { quarter: quarterData(), big: bigData() };
mkdirSync(outDir, { recursive: true });

/** `plan <args>` in a fresh process: { wallMs, cpuMs, peakMb }. */
function measure(args) {
  const r = spawnSync('node', [join(root, 'bench', 'measure.mjs'), ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const line = r.stdout.trim().split('\n').pop();
  if (r.status !== 0 || !line) throw new Error(`plan ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(line);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

process.stdout.write(`plan: time at a quarter of the rows and at all of them; ${rounds} rounds, interleaved; load ${load()}\n`);
const rows = [];
for (const c of cases) {
  const runs = { quarter: [], big: [] };
  for (let r = 0; r < rounds; r++) {
    for (const size of r % 2 === 0 ? ['quarter', 'big'] : ['big', 'quarter']) {
      const files = await c.files(data[size]);
      const m = measure([...c.planArgs(files, join(outDir, `${c.name}.${size}.csv`)), '--quiet']);
      runs[size].push(m);
      process.stdout.write(
        `${c.name.padEnd(9)} round ${r + 1} ${size.padEnd(7)} ${secs(m.wallMs).padStart(9)} wall ${secs(m.cpuMs).padStart(9)} cpu ${String(m.peakMb).padStart(5)} MB\n`,
      );
    }
  }
  const of = (size, key) => median(runs[size].map((m) => m[key]));
  rows.push({
    name: c.name,
    quarter: of('quarter', 'wallMs'),
    big: of('big', 'wallMs'),
    wall: of('big', 'wallMs') / of('quarter', 'wallMs'),
    cpu: of('big', 'cpuMs') / of('quarter', 'cpuMs'),
    peaks: [of('quarter', 'peakMb'), of('big', 'peakMb')],
  });
}
process.stdout.write(`\nload at end ${load()}\n\n`);
process.stdout.write(
  '| case | quarter: wall median | all: wall median | growth, wall (linear: 4.0x) | growth, CPU | peak quarter / all |\n',
);
process.stdout.write('| --- | --- | --- | --- | --- | --- |\n');
for (const r of rows)
  process.stdout.write(
    `| ${r.name} | ${secs(r.quarter)} | ${secs(r.big)} | ${r.wall.toFixed(2)}x | ${r.cpu.toFixed(2)}x | ${r.peaks[0]} / ${r.peaks[1]} MB |\n`,
  );
