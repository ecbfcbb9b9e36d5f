// plan segment over 1,000,000 accounts (issue: under 5 s and 500 MB on 2 cores).
import { AS_OF, demoData, measure, report } from './lib.mjs';

const sizes = (process.env.BENCH_SEGMENT_SIZES ?? '100000,1000000').split(',').map(Number);
for (const n of sizes) {
  const dir = demoData(`accounts-${n}`, ['--customers', String(n), '--orders', '0', '--contacts', '0']);
  const m = measure(['segment', '--data', dir, '--as-of', AS_OF, '--format', 'csv', '--quiet']);
  report(`segment (${n.toLocaleString('en')} accounts)`, n, m);
}
