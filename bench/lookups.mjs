// KeyTable lookups one by one against batches (KeyTable.internAll, as OrderTally.flush uses it): 10M lookups of
// random keys among 1M ids of 8 bytes, each updating its customer's 64-byte record. Milliseconds per way, 3 rounds.
//   npm run build && node bench/lookups.mjs
import { KeyTable } from '../dist/schema/keys.js';

const CUSTOMERS = 1_000_000;
const LOOKUPS = 10_000_000;
const bytes = new Uint8Array(LOOKUPS * 9);
const spans = new Int32Array(2 * LOOKUPS);
let seed = 7;
for (let k = 0; k < LOOKUPS; k++) {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  const id = `C${String((seed >>> 4) % CUSTOMERS).padStart(7, '0')}`;
  for (let j = 0; j < 8; j++) bytes[k * 9 + j] = id.charCodeAt(j);
  bytes[k * 9 + 8] = 44;
  spans[2 * k] = k * 9;
  spans[2 * k + 1] = 8;
}
const ints = new Int32Array((1 << 20) * 16);
const money = new Float64Array(ints.buffer);
const update = (i, k) => {
  ints[i * 16]++;
  money[i * 8 + 3 + (k & 3)] += 1;
};

function one() {
  const table = new KeyTable();
  const started = performance.now();
  for (let k = 0; k < LOOKUPS; k++) update(table.intern(bytes, spans[2 * k], spans[2 * k] + 8), k);
  return performance.now() - started;
}

function batched(size) {
  const table = new KeyTable();
  const out = new Int32Array(size);
  const started = performance.now();
  for (let k = 0; k < LOOKUPS; k += size) {
    const n = Math.min(size, LOOKUPS - k);
    table.internAll(bytes, spans.subarray(2 * k, 2 * (k + n)), n, out);
    let touched = 0;
    for (let j = 0; j < n; j++) touched |= ints[out[j] * 16];
    table.touched |= touched;
    for (let j = 0; j < n; j++) update(out[j], k + j);
  }
  return performance.now() - started;
}

for (let round = 1; round <= 3; round++) {
  const row = { round, one: one() };
  for (const size of [64, 256, 1024, 4096]) row[`batch ${size}`] = batched(size);
  console.log(
    Object.entries(row)
      .map(([k, v]) => `${k} ${Math.round(v)}`)
      .join('  '),
  );
}
