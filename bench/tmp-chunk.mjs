import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { ByteScanner } from '../dist/io/scan.js';
const file = process.argv[2]; const kb = Number(process.argv[3]);
const size = statSync(file).size; const CH = kb << 10; const ROOM = 64 << 10;
const bufs = [Buffer.allocUnsafe(ROOM + CH), Buffer.allocUnsafe(ROOM + CH)];
const fd = openSync(file, 'r');
const t0 = process.cpuUsage(); const w0 = performance.now();
const sc = new ByteScanner(); let pos = 0, recs = 0, w = 0;
while (pos < size) { const b = bufs[w ^= 1]; const n = readSync(fd, b, ROOM, CH, pos); pos += n; const batch = sc.push(b.subarray(ROOM, ROOM + n), pos >= size, ROOM); recs += batch.count; }
const c = process.cpuUsage(t0);
console.log(kb, 'KB', recs, 'records', ((c.user + c.system) / 1000).toFixed(0), 'ms cpu', (performance.now() - w0).toFixed(0), 'ms wall');
closeSync(fd);
