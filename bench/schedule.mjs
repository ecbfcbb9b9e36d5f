// plan schedule over 500 reps, 200,000 accounts and 2,000,000 touches, 4 weeks (issue 6: time and peak memory).
import { AS_OF, demoData, measure, report } from './lib.mjs';

const dir = demoData('schedule', ['--customers', '200000', '--orders', '0', '--contacts', '2000000', '--reps', '500']);
for (const [label, extra] of [
  ['csv', ['--format', 'csv']],
  ['html', ['--format', 'html']],
  ['ics', ['--format', 'ics']],
]) {
  const m = measure(['schedule', '--data', dir, '--as-of', AS_OF, '--weeks', '4', '--quiet', ...extra]);
  report(`schedule 4 weeks, ${label} (200,000 accounts)`, 2_000_000, m);
}
