// Scanner speed on the bench files, MB/s, each scanner in a fresh process (npm run build first):
//   node bench/scan.mjs [FILE ...]        default: big/orders-shuffled.csv, big/contacts-shuffled.csv, big/customers.csv
// Scanners: read only (the floor), io/scan.ts ranges only, io/scan.ts + decoding two columns to strings,
// and io/records.ts (decode to text and back to UTF-8 as the general reader does, then every field as a string).
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { dataDir } from './data.mjs';

const CHUNK = 4 << 20;

/** Calls each(buffer view) for every 4 MB chunk of the file; returns when done. */
function chunks(file, each) {
  const fd = openSync(file, 'r');
  const size = statSync(file).size;
  let position = 0;
  try {
    while (position < size) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, size - position));
      const n = readSync(fd, buf, 0, buf.length, position);
      position += n;
      each(buf.subarray(0, n), position >= size);
    }
  } finally {
    closeSync(fd);
  }
}

const scanners = {
  read: async (file) => {
    let n = 0;
    chunks(file, (b) => {
      n += b.length;
    });
    return n;
  },
  scan: async (file) => {
    const { ByteScanner } = await import(`${process.env.PLAN_DIST ?? '../dist'}/io/scan.js`);
    const scanner = new ByteScanner();
    let fields = 0;
    chunks(file, (b, final) => {
      fields += scanner.push(b, final).fieldCount;
    });
    return fields;
  },
  'scan+2 columns': async (file) => {
    const { ByteScanner, fieldText } = await import(`${process.env.PLAN_DIST ?? '../dist'}/io/scan.js`);
    const scanner = new ByteScanner();
    let chars = 0;
    chunks(file, (b, final) => {
      const batch = scanner.push(b, final);
      for (let r = 0; r < batch.count; r++) {
        const a = batch.field(r, 0);
        const c = batch.field(r, 2);
        if (a >= 0) chars += fieldText(batch, a).length;
        if (c >= 0) chars += fieldText(batch, c).length;
      }
    });
    return chars;
  },
  records: async (file) => {
    const { RecordReader } = await import(`${process.env.PLAN_DIST ?? '../dist'}/io/records.js`);
    const reader = new RecordReader({ delimiter: ',' }, { problem: () => {} });
    const decoder = new StringDecoder('utf8');
    let fields = 0;
    chunks(file, (b, final) => {
      for (const r of reader.push(Buffer.from(decoder.write(b), 'utf8'), final)) fields += r.fields.length;
    });
    return fields;
  },
};

if (process.argv[2] === '--one') {
  const [, , , name, file] = process.argv;
  const started = performance.now();
  const result = await scanners[name](file);
  const ms = performance.now() - started;
  const cpu = process.cpuUsage();
  process.stdout.write(
    `${JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, result, peakMb: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
  process.exit(0);
}

const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : ['orders-shuffled.csv', 'contacts-shuffled.csv', 'customers.csv'].map((f) => join(dataDir, 'big', f));
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const self = new URL(import.meta.url).pathname;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const file of files) {
  const mb = statSync(file).size / 1e6;
  process.stdout.write(`\n${file} (${mb.toFixed(0)} MB), median of ${rounds}, interleaved\n`);
  const names = process.env.BENCH_SCANNERS ? process.env.BENCH_SCANNERS.split(',') : Object.keys(scanners);
  const times = Object.fromEntries(names.map((k) => [k, []]));
  const cpus = Object.fromEntries(names.map((k) => [k, []]));
  const results = {};
  for (let r = 0; r < rounds; r++)
    for (const name of names) {
      const out = spawnSync('node', [self, '--one', name, file], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(out.stderr);
      const m = JSON.parse(out.stdout);
      times[name].push(m.ms);
      cpus[name].push(m.cpuMs);
      results[name] = m.result;
    }
  for (const name of names) {
    const t = median(times[name]);
    const c = median(cpus[name]);
    process.stdout.write(
      `  ${name.padEnd(16)} ${(t / 1000).toFixed(2).padStart(6)} s wall ${(mb / (t / 1000)).toFixed(0).padStart(5)} MB/s   ${(c / 1000).toFixed(2).padStart(6)} s cpu ${(mb / (c / 1000)).toFixed(0).padStart(5)} MB/s  (${results[name]})\n`,
    );
  }
}
