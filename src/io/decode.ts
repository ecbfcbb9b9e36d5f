/**
 * Bytes -> text: refuse what is not CSV, honour BOMs, decode strictly.
 * BAD_INPUTS.md cases 1-10.
 */
import { isUtf8 } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { PlanError } from '../errors.js';

export type Encoding = string;

const SIGNATURES: { bytes: number[]; what: string }[] = [
  {
    bytes: [0x50, 0x4b, 0x03, 0x04],
    what: 'an Excel .xlsx workbook or another ZIP archive (ZIP signature)',
  },
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0],
    what: 'an Excel .xls workbook (OLE2 signature)',
  },
  { bytes: [0x1f, 0x8b], what: 'a gzip-compressed file' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
];

/** Throws when the first bytes say the file is not text CSV at all (case 10). */
export function refuseNonCsv(head: Buffer, label: string): void {
  for (const { bytes, what } of SIGNATURES) {
    if (bytes.every((b, i) => head[i] === b)) {
      throw new PlanError('data', `${label}: this is ${what}, not CSV; export it as "CSV UTF-8" and try again`);
    }
  }
  const start = head.subarray(0, 512).toString('latin1').trimStart().slice(0, 64).toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html') || start.startsWith('<?xml')) {
    throw new PlanError('data', `${label}: this is an HTML or XML page, not CSV (a download that returned a login or error page?)`);
  }
}

export interface DetectedEncoding {
  encoding: Encoding;
  bomLength: number;
  /**
   * How the encoding was chosen: a BOM, an --encoding naming this file, or
   * the default UTF-8. `fallback`: --encoding without a file name, which
   * applies only if the file is not UTF-8 (decided at its first byte that
   * is not ASCII: decodeChunks, README "Encodings").
   */
  reason: 'bom' | 'option' | 'default' | 'fallback';
}

/**
 * BOM first, then an --encoding for this file, else UTF-8 (cases 1-4);
 * `forFile` false: the option was given for every file and is a fallback.
 */
export async function detectEncoding(head: Buffer, option: string | undefined, forFile = true): Promise<DetectedEncoding> {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3, reason: 'bom' };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2, reason: 'bom' };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2, reason: 'bom' };
  if (!option) return { encoding: 'utf-8', bomLength: 0, reason: 'default' };
  const encoding = await normaliseEncodingName(option);
  if (forFile) return { encoding, bomLength: 0, reason: 'option' };
  if (encoding === 'utf-8') return { encoding, bomLength: 0, reason: 'default' };
  // UTF-16 and UTF-32 without a BOM share no bytes with UTF-8 text but ASCII: NUL bytes tell them apart.
  if (!asciiCompatible(encoding))
    return head.includes(0) ? { encoding, bomLength: 0, reason: 'option' } : { encoding: 'utf-8', bomLength: 0, reason: 'default' };
  return { encoding, bomLength: 0, reason: 'fallback' };
}

function asciiCompatible(encoding: string): boolean {
  return !/^(?:utf-?(?:16|32)|ucs-?2|utf-?7)/.test(encoding);
}

/** iconv-lite, loaded only for a file named in another encoding than UTF-8 (most runs read none). */
const iconvLite = async () => (await import('iconv-lite')).default;

export async function normaliseEncodingName(name: string): Promise<string> {
  const lower = name.trim().toLowerCase();
  if (lower === 'utf8' || lower === 'utf-8') return 'utf-8';
  if (!(await iconvLite()).encodingExists(lower)) {
    throw new PlanError('usage', `unknown encoding "${name}" (try utf-8, windows-1252, latin1, utf-16le, shift_jis, gbk)`);
  }
  return lower;
}

const MAX_BAD_BYTES = 20;

/** A bad byte, located by byte offset; the reader turns offsets into lines. */
export interface BadByte {
  offset: number;
  byte: number;
}

export interface DecodeReport {
  badBytes: BadByte[];
  badByteCount: number;
  /** What the bad bytes look like: an 8-bit code page, or a double-byte CJK encoding. */
  likely: 'windows-1252' | 'cjk' | undefined;
  /** With a fallback encoding: what the file was read as, once its first non-ASCII byte decided. */
  decided?: Encoding;
}

/** What to give --encoding for a file whose bytes are not UTF-8 (`key`: the file's option name). */
export function encodingHint(report: DecodeReport, key: string): string {
  return report.likely === 'cjk'
    ? `looks like Shift_JIS or GBK; try --encoding ${key}=shift_jis or --encoding ${key}=gbk`
    : `looks like windows-1252; re-run with --encoding ${key}=windows-1252`;
}

/**
 * Decodes a byte stream to text chunks. UTF-8 is validated over the whole
 * file (case 6), never replaced silently: bad bytes are collected in
 * `report` and the caller turns them into errors.
 */
export async function* decodeChunks(
  chunks: AsyncIterable<Buffer>,
  detected: DetectedEncoding,
  label: string,
  report: DecodeReport,
): AsyncIterable<string> {
  if (detected.encoding === 'utf-8') yield* decodeUtf8(chunks, detected.bomLength, 0, report);
  else if (detected.reason === 'fallback') yield* decodeFallback(chunks, detected.encoding, report);
  else if (detected.encoding === 'utf-16le' || detected.encoding === 'utf-16be') yield* decodeUtf16(chunks, detected, label);
  else yield* decodeOther(chunks, detected.encoding, detected.bomLength);
}

/**
 * --encoding X without a file name: ASCII reads alike in UTF-8 and in X, so
 * the file is UTF-8 if its first bytes that are not ASCII are valid UTF-8
 * (to the end of that chunk), else X from there on.
 */
async function* decodeFallback(chunks: AsyncIterable<Buffer>, encoding: Encoding, report: DecodeReport): AsyncIterable<string> {
  const it = chunks[Symbol.asyncIterator]();
  let offset = 0;
  for (;;) {
    const r = await it.next();
    if (r.done) return;
    const chunk = r.value;
    let i = 0;
    while (i < chunk.length && (chunk[i] as number) < 0x80) i++;
    if (i === chunk.length) {
      offset += chunk.length;
      yield chunk.toString('latin1');
      continue;
    }
    async function* rest(): AsyncIterable<Buffer> {
      yield chunk;
      for (;;) {
        const next = await it.next();
        if (next.done) return;
        yield next.value;
      }
    }
    const utf8 = isUtf8(chunk.subarray(i, chunk.length - incompleteTail(chunk)));
    report.decided = utf8 ? 'utf-8' : encoding;
    if (utf8) yield* decodeUtf8(rest(), 0, offset, report);
    else yield* decodeOther(rest(), encoding, 0);
    return;
  }
}

async function* decodeUtf8(
  chunks: AsyncIterable<Buffer>,
  bomLength: number,
  startOffset: number,
  report: DecodeReport,
): AsyncIterable<string> {
  let skip = bomLength;
  let offset = startOffset;
  const decoder = new StringDecoder('utf8');
  let carry: Buffer | undefined;
  for await (const raw of chunks) {
    let chunk = skip > 0 ? raw.subarray(skip) : raw;
    offset += raw.length - chunk.length;
    skip = Math.max(0, skip - raw.length);
    if (carry) {
      chunk = Buffer.concat([carry, chunk]);
      offset -= carry.length;
      carry = undefined;
    }
    const cut = incompleteTail(chunk);
    const body = cut > 0 ? chunk.subarray(0, chunk.length - cut) : chunk;
    if (cut > 0) carry = Buffer.from(chunk.subarray(chunk.length - cut));
    if (!isUtf8(body)) collectBadUtf8(body, offset, report);
    offset += body.length;
    const text = decoder.write(body);
    if (text) yield text;
  }
  if (carry) {
    collectBadUtf8(carry, offset, report);
    yield decoder.write(carry);
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

async function* decodeUtf16(chunks: AsyncIterable<Buffer>, detected: DetectedEncoding, label: string): AsyncIterable<string> {
  let skip = detected.bomLength;
  const decoder = new TextDecoder(detected.encoding, { fatal: true });
  let first = true;
  try {
    for await (const raw of chunks) {
      const chunk = skip > 0 ? raw.subarray(skip) : raw;
      skip = Math.max(0, skip - raw.length);
      const text = decoder.decode(chunk, { stream: true });
      if (first && text.length > 0) {
        first = false;
        // A UTF-16 BOM followed by UTF-32 data decodes to NULs (case 4).
        if (text.slice(0, 64).includes('\0')) throw new Error('NUL');
      }
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch {
    throw new PlanError(
      'data',
      `${label}: the byte-order mark says ${detected.encoding.toUpperCase()} but the content does not decode as such (UTF-32?); re-export as CSV UTF-8 or give --encoding`,
    );
  }
}

async function* decodeOther(chunks: AsyncIterable<Buffer>, encoding: Encoding, bomLength: number): AsyncIterable<string> {
  let skip = bomLength;
  const decoder = (await iconvLite()).getDecoder(encoding);
  for await (const raw of chunks) {
    const chunk = skip > 0 ? raw.subarray(skip) : raw;
    skip = Math.max(0, skip - raw.length);
    const text = decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** Bytes at the end of `chunk` that start a UTF-8 sequence not yet complete. */
function incompleteTail(chunk: Buffer): number {
  const n = chunk.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = chunk[n - back] as number;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

function collectBadUtf8(buf: Buffer, base: number, report: DecodeReport): void {
  let i = 0;
  let cjkLike = 0;
  let single = 0;
  while (i < buf.length) {
    const b = buf[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 0;
    let ok = need > 0 && i + need <= buf.length;
    for (let k = 1; ok && k < need; k++) ok = ((buf[i + k] as number) & 0xc0) === 0x80;
    if (ok) {
      i += need;
      continue;
    }
    report.badByteCount++;
    if (report.badBytes.length < MAX_BAD_BYTES) report.badBytes.push({ offset: base + i, byte: b });
    const next = buf[i + 1];
    // Two high bytes in a row: a double-byte character (Shift_JIS, GBK). A high
    // byte between ASCII ones, like the é of `Hélène`: an 8-bit code page.
    if (next !== undefined && next >= 0x80 && b >= 0x81) cjkLike++;
    else single++;
    i += next !== undefined && next >= 0x40 && b >= 0x81 && next !== 0x2c && next !== 0x0a ? 2 : 1;
  }
  const cjk = report.likely === 'cjk' || (cjkLike > single && cjkLike > 0);
  report.likely = cjk ? 'cjk' : 'windows-1252';
}
