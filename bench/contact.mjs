// plan contact over 1,000,000 accounts and 10,000,000 touches (issue 5: report time and peak memory).
// Rows/s counts touches. BENCH_CONTACT_SIZES=100000 for a quick run; BENCH_CONTACT_FULL_LIST=1 adds the
// whole ranked list as CSV (a million rows through the document renderer: minutes and gigabytes).
import { AS_OF, demoData, measure, report } from './lib.mjs';

const sizes = (process.env.BENCH_CONTACT_SIZES ?? '1000000').split(',').map(Number);
const runs = [
  ['summary', []],
  ['--accounts --top 100', ['--accounts', '--top', '100']],
  ...(process.env.BENCH_CONTACT_FULL_LIST ? [['--accounts (all)', ['--accounts']]] : []),
];
for (const n of sizes) {
  const touches = 10 * n;
  const name = n === 1_000_000 ? 'contact-1m' : `contact-${n}`;
  const dir = demoData(name, ['--customers', String(n), '--orders', '0', '--contacts', String(touches)]);
  for (const [label, extra] of runs) {
    const m = measure(['contact', '--data', dir, '--as-of', AS_OF, '--format', 'csv', '--quiet', ...extra]);
    report(`contact ${label} (${n.toLocaleString('en')} accounts)`, touches, m);
  }
}
