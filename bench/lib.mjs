// Shared helpers for the benchmarks: cached demo data and measured runs.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const AS_OF = '2026-11-27';
const root = new URL('..', import.meta.url).pathname;

/** A demo data folder of the given size under bench/data/, generated once and reused. */
export function demoData(name, args) {
  const dir = join(root, 'bench', 'data', name);
  if (!existsSync(join(dir, 'customers.csv'))) {
    process.stderr.write(`generating ${dir} (${args.join(' ')}) ...\n`);
    execFileSync('node', [join(root, 'bin', 'plan.js'), 'demo', dir, '--as-of', AS_OF, '--force', ...args], {
      stdio: ['ignore', 'pipe', 'inherit'], // its summary table is discarded; a closed stdout is an error (exit 73)
    });
  }
  return dir;
}

/** Runs `plan <args>` in a fresh process; returns { wallMs, peakMb, code }. */
export function measure(args) {
  const r = spawnSync('node', [join(root, 'bench', 'measure.mjs'), ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const line = r.stdout.trim().split('\n').pop();
  if (r.status !== 0 || !line) throw new Error(`plan ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(line);
}

export function rowsOf(file) {
  // Lines minus the header; the demo writes one record per line except quoted product names with no newlines.
  return Number(execFileSync('wc', ['-l', file], { encoding: 'utf8' }).trim().split(/\s+/)[0]) - 1;
}

export const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;
export const sizeOf = (file) => statSync(file).size;

export function report(label, rows, m) {
  const perSec = Math.round(rows / (m.wallMs / 1000));
  process.stdout.write(
    `${label.padEnd(44)} ${String(rows.toLocaleString('en')).padStart(11)} rows  ${(m.wallMs / 1000).toFixed(2).padStart(7)} s  ${perSec.toLocaleString('en').padStart(11)} rows/s  peak ${String(m.peakMb).padStart(5)} MB\n`,
  );
}
