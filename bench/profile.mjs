// Where the time goes: runs `plan <args>` under --cpu-prof (bench/measure.mjs) and prints self time by
// source file and the top functions.   node bench/profile.mjs <plan args...>
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'plan-prof-'));
const measure = new URL('./measure.mjs', import.meta.url).pathname;
const r = spawnSync('node', ['--cpu-prof', '--cpu-prof-dir', dir, measure, ...process.argv.slice(2)], { encoding: 'utf8' });
if (r.status !== 0) throw new Error(r.stderr);
process.stdout.write(r.stdout);
const profile = JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]), 'utf8'));
rmSync(dir, { recursive: true });

// Self time per node: samples x interval.
const counts = new Map();
for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
const total = profile.samples.length;
const byFile = new Map();
const byFunction = new Map();
const short = (url) =>
  url === '' ? '(native/gc/idle)' : url.replace(/^file:\/\/.*?\/(dist|node_modules)\//, '$1/').replace(/^node:/, 'node:');
for (const node of profile.nodes) {
  const n = counts.get(node.id) ?? 0;
  if (n === 0) continue;
  const f = node.callFrame;
  const file = ['(garbage collector)', '(idle)', '(program)'].includes(f.functionName) ? f.functionName : short(f.url);
  byFile.set(file, (byFile.get(file) ?? 0) + n);
  const fn = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + n);
}
const top = (map, k) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([name, n]) => `  ${((100 * n) / total).toFixed(1).padStart(5)}%  ${name}`)
    .join('\n');
process.stdout.write(`self time by file (${total} samples):\n${top(byFile, 12)}\ntop functions:\n${top(byFunction, 15)}\n`);
