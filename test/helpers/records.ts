/** Bytes -> records through the real decode + scan stages, fed in chosen chunk sizes. */
import { type DecodeReport, decodeChunks, detectEncoding } from '../../src/io/decode.js';
import { type RawRecord, RecordReader } from '../../src/io/records.js';

export async function recordsOf(bytes: Buffer, options: { delimiter?: string; chunkSizes?: number[] } = {}): Promise<RawRecord[]> {
  const sizes = options.chunkSizes ?? [bytes.length || 1];
  async function* chunks() {
    let at = 0;
    let k = 0;
    while (at < bytes.length) {
      const size = Math.max(1, sizes[k++ % sizes.length] as number);
      yield bytes.subarray(at, at + size);
      at += size;
    }
  }
  const report: DecodeReport = { badBytes: [], badByteCount: 0, likely: undefined };
  const scanner = new RecordReader({ delimiter: options.delimiter ?? ',' }, { problem() {} });
  const out: RawRecord[] = [];
  for await (const text of decodeChunks(chunks(), await detectEncoding(bytes, undefined), 'test.csv', report)) {
    out.push(...scanner.push(Buffer.from(text, 'utf8'), false));
  }
  out.push(...scanner.push(Buffer.alloc(0), true));
  return out;
}
