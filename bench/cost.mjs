// plan cost over 0.5M, 1M, 2M and 5M order lines (issue 4: 5M lines in under 8 s and 300 MB on 2 cores),
// each against the floor of just reading and decoding the same file to strings, measured in the same run,
// alternating, median of BENCH_COST_REPEAT runs (default 3). The data folders hold one customer per 5 order
// lines (1M customers at 5M lines, ~2.4M customer x channel groups, as in PERFORMANCE.md).
//   BENCH_COST_SIZES=500000,1000000   sizes to run
//   BENCH_COST_GENERAL=1000000        sizes also run through the general reader (stdin forces it); "" for none
import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, openSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { AS_OF, demoData, mb, measure, report, rowsOf, sizeOf } from './lib.mjs';

if (process.argv[2] === '--floor') {
  // The read-and-decode floor: bytes from disk in 1 MB chunks (as the readers read them), decoded to strings.
  const started = performance.now();
  const decoder = new StringDecoder('utf8');
  let chars = 0;
  for await (const chunk of createReadStream(process.argv[3], { highWaterMark: 1 << 20 })) chars += decoder.write(chunk).length;
  chars += decoder.end().length;
  const wallMs = performance.now() - started;
  process.stdout.write(
    `${JSON.stringify({ chars, wallMs: Math.round(wallMs), peakMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
  );
  process.exit(0);
}

const self = new URL(import.meta.url).pathname;
const sizes = (process.env.BENCH_COST_SIZES ?? '500000,1000000,2000000,5000000').split(',').map(Number);
const general = new Set((process.env.BENCH_COST_GENERAL ?? '1000000').split(',').filter(Boolean).map(Number));
const repeat = Number(process.env.BENCH_COST_REPEAT ?? 3);

function floor(file) {
  const r = spawnSync('node', [self, '--floor', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`floor failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim());
}

/** plan cost with orders.csv on standard input: the general reader (no fast path for stdin). */
function measureStdin(args, file) {
  const fd = openSync(file, 'r');
  try {
    const r = spawnSync('node', [join(new URL('.', import.meta.url).pathname, 'measure.mjs'), ...args], {
      stdio: [fd, 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    const line = r.stdout.trim().split('\n').pop();
    if (r.status !== 0 || !line) throw new Error(`plan ${args.join(' ')} < ${file} failed (${r.status}):\n${r.stderr}`);
    return JSON.parse(line);
  } finally {
    closeSync(fd);
  }
}

const median = (runs, key) => [...runs].sort((a, b) => a[key] - b[key])[Math.floor(runs.length / 2)];
const summary = [];

for (const n of sizes) {
  const dir = demoData(`orders-${n}`, ['--customers', String(n / 5), '--orders', String(n), '--contacts', '0']);
  const orders = join(dir, 'orders.csv');
  const rows = rowsOf(orders);
  const args = ['cost', '--orders', orders, '--as-of', AS_OF, '--format', 'csv', '--quiet'];
  const floors = [];
  const costs = [];
  for (let k = 0; k < repeat; k++) {
    floors.push(floor(orders));
    costs.push(measure(args));
  }
  const f = median(floors, 'wallMs');
  const c = median(costs, 'wallMs');
  process.stdout.write(`\n${(n / 1e6).toLocaleString('en')}M order lines, ${mb(sizeOf(orders))} (median of ${repeat})\n`);
  report('  read + decode floor', rows, f);
  report('  plan cost --orders (fast reader)', rows, c);
  process.stdout.write(`  ratio to the floor: ${(c.wallMs / f.wallMs).toFixed(2)}x\n`);
  summary.push({ n, ratio: c.wallMs / f.wallMs, wallMs: c.wallMs, peakMb: c.peakMb });
  if (n === sizes[sizes.length - 1]) {
    // The same folder with customers.csv (n / 5 accounts): unknown-customer check through the general reader.
    const withCustomers = measure(['cost', '--data', dir, '--as-of', AS_OF, '--format', 'csv', '--quiet']);
    report(`  plan cost --data (+ ${(n / 5).toLocaleString('en')} customers)`, rows, withCustomers);
  }
  if (general.has(n))
    report(
      '  plan cost, general reader (stdin)',
      rows,
      measureStdin(['cost', '--orders', '-', '--as-of', AS_OF, '--format', 'csv', '--quiet'], orders),
    );
}

process.stdout.write('\nlines        wall   peak   x floor\n');
for (const s of summary)
  process.stdout.write(
    `${s.n.toLocaleString('en').padStart(9)}  ${(s.wallMs / 1000).toFixed(2).padStart(6)} s  ${String(s.peakMb).padStart(4)} MB  ${s.ratio.toFixed(2)}x\n`,
  );
