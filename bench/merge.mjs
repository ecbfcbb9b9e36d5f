// OrderTally.merge on the scale of plan cost's bench file: two ranges of 2.5M lines each, customers drawn at random
// among 1M ids of 8 bytes (each range sees ~0.92M of them), the second range's partial merged into the first.
// Milliseconds of the partial (on the worker) and of the merge per round (wall, and CPU: less noisy on a busy machine), and a digest of the merged tally (equal digests: equal results).
//   npm run build && node bench/merge.mjs [dist]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = resolve(process.argv[2] ?? new URL('../dist', import.meta.url).pathname);
const { orderTally } = await import(pathToFileURL(`${dist}/core/cost.js`).href);

const CUSTOMERS = 1_000_000;
const LINES = 2_500_000;
const SETUP = { window: { from: 0, to: 1_000_000 }, synonyms: {}, revenueWindow: undefined, periods: [] };

/** A range's tally: LINES lines of random customers (seeded), ids "C0000000".."C0999999". */
function range(seed) {
  const bytes = new Uint8Array(LINES * 9);
  const tally = orderTally(SETUP);
  const web = tally.labelIndex('web');
  for (let k = 0; k < LINES; k++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const id = `C${String((seed >>> 4) % CUSTOMERS).padStart(7, '0')}`;
    for (let j = 0; j < 8; j++) bytes[k * 9 + j] = id.charCodeAt(j);
    bytes[k * 9 + 8] = 44;
    tally.addBytes(bytes, k * 9, k * 9 + 8, web, 1000, 100 + (k % 977), -1, -1, k + 1);
  }
  tally.flush();
  return tally;
}

function digest(t) {
  let h = 0;
  const mix = (x) => {
    h = Math.imul(h ^ x, 0x9e3779b1) ^ (h >>> 15);
  };
  for (let i = 0; i < t.customers; i++) {
    const id = t.customerId(i);
    for (let k = 0; k < id.length; k++) mix(id.charCodeAt(k));
    mix(t.rowsOf(i));
    mix(t.firstLine(i));
    mix(t.orders(i, 3));
    mix(t.amount(i, 3) | 0);
  }
  return (h >>> 0).toString(16);
}

for (let round = 1; round <= Number(process.env.ROUNDS ?? 3); round++) {
  const main = range(round * 7);
  const worker = range(round * 7 + 1);
  const before = performance.now();
  const { partial } = worker.partial();
  const partialMs = performance.now() - before;
  const started = performance.now();
  const cpu = process.cpuUsage();
  main.merge(partial, LINES + 1);
  const ms = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  console.log(
    `round ${round}  partial ${Math.round(partialMs)} ms  merge ${Math.round(ms)} ms (cpu ${Math.round((user + system) / 1000)} ms)  customers ${main.customers}  digest ${digest(main)}`,
  );
}
