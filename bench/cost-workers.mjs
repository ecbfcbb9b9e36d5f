// Prototype: does splitting orders.csv across 2 worker_threads pay for plan cost? (issue 14; not product code)
//   node bench/cost-workers.mjs [FILE] [--rounds N]      (npm run build first; FILE default big/orders-shuffled.csv)
// Each variant runs in a fresh process: the cost group-by (customer x channel: orders, cents; window and returns
// as plan cost counts them) over io/scan.ts field ranges, into a typed-array hash table keyed by the id's bytes.
//   1 thread:  the main thread scans the whole file.
//   2 workers: the file is cut at a record start guessed by resyncCandidate; each worker scans its range into its
//              own table; the first range's scanner confirms the cut (stoppedAt); the main thread merges the tables.
// Prints wall and peak RSS per variant and the channel totals (equal between variants, and to DuckDB's).
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const { ByteScanner, resyncCandidate } = await import(`${process.env.PLAN_DIST ?? '../dist'}/io/scan.js`);

import { dataDir } from './data.mjs';

const CHUNK = 4 << 20;
const CHANNELS = {
  field: 0,
  phone: 1,
  email: 2,
  web: 3,
  visit: 0,
  'field sales': 0,
  tel: 1,
  telephone: 1,
  'e-mail': 2,
  mail: 2,
  edi: 3,
  online: 3,
  portal: 3,
};
const FROM = 20251128;
const TO = 20261127;

/** Open-addressing hash table over typed arrays: customer id bytes -> index; 4 channels of orders, cents, returns. */
class Table {
  constructor(capacity = 1 << 16) {
    this.n = 0;
    this.cap = capacity;
    this.slots = new Int32Array(capacity * 2);
    this.arena = new Uint8Array(capacity * 8);
    this.used = 0;
    this.keyStart = new Int32Array(capacity);
    this.keyLength = new Int32Array(capacity);
    this.hash = new Int32Array(capacity);
    this.orders = new Float64Array(capacity * 4);
    this.cents = new Float64Array(capacity * 4);
    this.returns = new Float64Array(capacity * 4);
  }
  index(bytes, start, end) {
    let h = 0x811c9dc5;
    for (let k = start; k < end; k++) h = Math.imul(h ^ bytes[k], 0x01000193);
    const mask = this.slots.length - 1;
    const len = end - start;
    let s = h & mask;
    for (;;) {
      const v = this.slots[s];
      if (v === 0) break;
      const i = v - 1;
      if (this.hash[i] === h && this.keyLength[i] === len) {
        const at = this.keyStart[i];
        let k = 0;
        while (k < len && this.arena[at + k] === bytes[start + k]) k++;
        if (k === len) return i;
      }
      s = (s + 1) & mask;
    }
    const i = this.n++;
    if (i === this.cap) this.grow();
    if (this.used + len > this.arena.length) {
      const a = new Uint8Array(Math.max(this.arena.length * 2, this.used + len));
      a.set(this.arena);
      this.arena = a;
    }
    this.arena.set(bytes.subarray(start, end), this.used);
    this.keyStart[i] = this.used;
    this.keyLength[i] = len;
    this.hash[i] = h;
    this.used += len;
    this.slots[s] = i + 1;
    if (this.n * 2 > this.slots.length) this.rehash();
    return i;
  }
  grow() {
    const cap = this.cap * 2;
    const g = (a, size) => {
      const b = new a.constructor(size);
      b.set(a);
      return b;
    };
    this.keyStart = g(this.keyStart, cap);
    this.keyLength = g(this.keyLength, cap);
    this.hash = g(this.hash, cap);
    this.orders = g(this.orders, cap * 4);
    this.cents = g(this.cents, cap * 4);
    this.returns = g(this.returns, cap * 4);
    this.cap = cap;
  }
  /** A table from a worker's arrays: slots are rebuilt, nothing is re-inserted. */
  static from(parts) {
    const t = new Table(1);
    Object.assign(t, parts, { cap: Math.max(1, parts.n), used: parts.arena.length });
    t.slots = new Int32Array(1 << Math.ceil(Math.log2(Math.max(2, parts.n * 2))));
    t.rehash();
    return t;
  }
  rehash() {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let i = 0; i < this.n; i++) {
      let s = this.hash[i] & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = i + 1;
    }
    this.slots = slots;
  }
  /** Adds another table's groups into this one (the merge after the workers). */
  merge(o) {
    for (let j = 0; j < o.n; j++) {
      const i = this.index(o.arena, o.keyStart[j], o.keyStart[j] + o.keyLength[j]);
      for (let c = 0; c < 4; c++) {
        this.orders[i * 4 + c] += o.orders[j * 4 + c];
        this.cents[i * 4 + c] += o.cents[j * 4 + c];
        this.returns[i * 4 + c] += o.returns[j * 4 + c];
      }
    }
  }
  parts() {
    return {
      n: this.n,
      arena: this.arena.subarray(0, this.used),
      keyStart: this.keyStart.subarray(0, this.n),
      keyLength: this.keyLength.subarray(0, this.n),
      hash: this.hash.subarray(0, this.n),
      orders: this.orders.subarray(0, this.n * 4),
      cents: this.cents.subarray(0, this.n * 4),
      returns: this.returns.subarray(0, this.n * 4),
    };
  }
}

const digits = (b, s, e) => {
  let v = 0;
  for (let k = s; k < e; k++) v = v * 10 + (b[k] - 48);
  return v;
};
/** Plain -123.45 amounts to cents; NaN otherwise (plan would type such a cell through its schema). */
function cents(b, s, e) {
  let neg = false;
  if (b[s] === 45) {
    neg = true;
    s++;
  }
  let v = 0;
  let frac = -1;
  for (let k = s; k < e; k++) {
    const c = b[k];
    if (c === 46) frac = 0;
    else if (c >= 48 && c <= 57) {
      v = v * 10 + (c - 48);
      if (frac >= 0) frac++;
    } else return Number.NaN;
  }
  if (frac <= 0) v *= 100;
  else if (frac === 1) v *= 10;
  return neg ? -v : v;
}

/** Scans [start, limit) of the file (reading on to finish the last record) into a table. */
function scanRange(file, start, limit, columns) {
  const table = new Table();
  const labels = new Map();
  const scanner = new ByteScanner({ offset: start, limit });
  const fd = openSync(file, 'r');
  const size = statSync(file).size;
  let position = start;
  let header = start === 0;
  try {
    while (!scanner.done && position < size) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, size - position));
      const n = readSync(fd, buf, 0, buf.length, position);
      position += n;
      const batch = scanner.push(buf.subarray(0, n), position >= size);
      const bytes = batch.bytes;
      for (let r = header ? 1 : 0; r < batch.count; r++) {
        const first = batch.firstField[r];
        if (batch.firstField[r + 1] - first < 5) continue;
        const id = first + columns.customer;
        const date = first + columns.date;
        const channel = first + columns.channel;
        const amount = first + columns.amount;
        const ds = batch.start[date];
        const day = digits(bytes, ds, ds + 4) * 10000 + digits(bytes, ds + 5, ds + 7) * 100 + digits(bytes, ds + 8, ds + 10);
        if (day < FROM || day > TO) continue;
        const label = bytes.toString('latin1', batch.start[channel], batch.end[channel]);
        let c = labels.get(label);
        if (c === undefined) {
          c = CHANNELS[bytes.toString('utf8', batch.start[channel], batch.end[channel]).toLowerCase()] ?? -1;
          labels.set(label, c);
        }
        const i = table.index(bytes, batch.start[id], batch.end[id]);
        if (c < 0) continue;
        const v = cents(bytes, batch.start[amount], batch.end[amount]);
        if (v < 0) table.returns[i * 4 + c]++;
        else {
          table.orders[i * 4 + c]++;
          table.cents[i * 4 + c] += v;
        }
      }
      header = false;
    }
  } finally {
    closeSync(fd);
  }
  return { table, stoppedAt: scanner.stoppedAt };
}

const COLUMNS = { customer: 1, date: 2, channel: 3, amount: 4 }; // order_id,customer_id,date,channel,amount,...

function totals(table) {
  const out = [0, 1, 2, 3].map(() => ({ customers: 0, orders: 0, cents: 0 }));
  for (let i = 0; i < table.n; i++)
    for (let c = 0; c < 4; c++) {
      const o = table.orders[i * 4 + c];
      if (o > 0) out[c].customers++;
      out[c].orders += o;
      out[c].cents += table.cents[i * 4 + c];
    }
  return out.map((t, c) => `${['field', 'phone', 'email', 'web'][c]} ${t.customers}/${t.orders}/${(t.cents / 100).toFixed(2)}`).join('  ');
}

if (!isMainThread) {
  const { file, start, limit } = workerData;
  const { table, stoppedAt } = scanRange(file, start, limit, COLUMNS);
  const parts = table.parts();
  parentPort.postMessage({ parts, stoppedAt }, [
    parts.arena.buffer,
    parts.keyStart.buffer,
    parts.keyLength.buffer,
    parts.hash.buffer,
    parts.orders.buffer,
    parts.cents.buffer,
    parts.returns.buffer,
  ]);
} else if (process.argv[2] === '--variant') {
  const [, , , variant, file] = process.argv;
  const started = performance.now();
  let table;
  if (variant === '1 thread') table = scanRange(file, 0, Number.POSITIVE_INFINITY, COLUMNS).table;
  else {
    const size = statSync(file).size;
    const probe = Buffer.alloc(1 << 20);
    const fd = openSync(file, 'r');
    const n = readSync(fd, probe, 0, probe.length, Math.floor(size / 2));
    closeSync(fd);
    const cut = Math.floor(size / 2) + resyncCandidate(probe.subarray(0, n), 0);
    const run = (start, limit) =>
      new Promise((resolve, reject) => {
        const w = new Worker(new URL(import.meta.url), { workerData: { file, start, limit } });
        w.once('message', resolve);
        w.once('error', reject);
      });
    const [a, b] = await Promise.all([run(0, cut), run(cut, Number.POSITIVE_INFINITY)]);
    if (a.stoppedAt !== cut) throw new Error(`the cut at ${cut} is not a record start (the first range ends at ${a.stoppedAt}): re-scan`);
    // The first worker's table (its slots rebuilt), then the second one's groups added in.
    table = Table.from(a.parts);
    table.merge(b.parts);
  }
  const ms = performance.now() - started;
  const usage = process.resourceUsage();
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  process.stdout.write(`${JSON.stringify({ ms, cpuMs, peakMb: usage.maxRSS / 1024, totals: totals(table), customers: table.n })}\n`);
} else {
  const args = process.argv.slice(2);
  const ri = args.indexOf('--rounds');
  const rounds = ri >= 0 ? Number(args.splice(ri, 2)[1]) : 3;
  const file = args[0] ?? join(dataDir, 'big', 'orders-shuffled.csv');
  const self = new URL(import.meta.url).pathname;
  const variants = ['1 thread', '2 workers'];
  const runs = Object.fromEntries(variants.map((v) => [v, []]));
  for (let r = 0; r < rounds; r++)
    for (const v of r % 2 ? [...variants].reverse() : variants) {
      const out = spawnSync('node', [self, '--variant', v, file], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(out.stderr);
      const m = JSON.parse(out.stdout);
      runs[v].push(m);
      process.stdout.write(
        `round ${r + 1} ${v.padEnd(9)} ${(m.ms / 1000).toFixed(2)} s wall ${(m.cpuMs / 1000).toFixed(2)} s cpu ${Math.round(m.peakMb)} MB  ${m.customers} customers\n`,
      );
    }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const v of variants)
    process.stdout.write(
      `${v.padEnd(9)} median ${(median(runs[v].map((m) => m.ms)) / 1000).toFixed(2)} s, min ${(Math.min(...runs[v].map((m) => m.ms)) / 1000).toFixed(2)} s, cpu ${(median(runs[v].map((m) => m.cpuMs)) / 1000).toFixed(2)} s, peak ${Math.round(Math.max(...runs[v].map((m) => m.peakMb)))} MB\n  ${runs[v][0].totals}\n`,
    );
  process.stdout.write(
    `ratio 2 workers / 1 thread (median of paired rounds): ${median(runs['2 workers'].map((m, i) => m.ms / runs['1 thread'][i].ms)).toFixed(2)}\n`,
  );
}
