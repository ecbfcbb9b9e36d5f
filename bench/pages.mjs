// What fresh memory costs on this machine: the first write to 32 MB, on 4 KB pages and with glibc's huge pages
// (GLIBC_TUNABLES=glibc.malloc.hugetlb=1, what plan's launcher asks for: src/cli/launch.ts), medians of 5 fresh
// processes each. It moves from one host to another by 4-10x (docs/benchmarks.md): a host where 4 KB page faults
// are dear favours plan (huge pages) over DuckDB, one where huge pages are dear the other way, so every bench run
// prints it beside its figures.   node bench/pages.mjs
import { spawnSync } from 'node:child_process';

const PROBE =
  'const t = performance.now(); const a = new Float64Array(4 << 20); for (let i = 0; i < a.length; i += 512) a[i] = 1; ' +
  'process.stdout.write(String(performance.now() - t));';

function firstTouchMs(env) {
  const r = spawnSync(process.execPath, ['-e', PROBE], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return Number(r.stdout);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** "32 MB written first: 93 ms on 4 KB pages, 8 ms on huge pages" (medians of `runs` fresh processes each, interleaved). */
export function freshMemory(runs = 5) {
  const small = [];
  const huge = [];
  for (let k = 0; k < runs; k++) {
    small.push(firstTouchMs({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' }));
    huge.push(firstTouchMs({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' }));
  }
  const ms = (xs) => `${median(xs).toFixed(0)} ms`;
  return `32 MB written first: ${ms(small)} on 4 KB pages, ${ms(huge)} on huge pages`;
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(`${freshMemory()}\n`);
