/**
 * The structural index of a chunk of CSV (io/scan.ts): the offsets of every
 * byte the scanner must look at: the delimiter, the quote, CR and LF, other
 * control characters, DEL, `+` and the bytes of non-ASCII characters. The
 * scanner then visits those offsets only, instead of every byte (an order
 * line of ~67 bytes has ~9 of them).
 *
 * They are found 16 bytes at a time by a WebAssembly SIMD loop
 * (structural.wat, embedded as structural-wasm.ts by `npm run wasm`); where
 * WebAssembly is not available (node --jitless), by a plain loop that finds
 * the same offsets. On the 5M-line orders bench file (334 MB, 4 MB chunks):
 * the index 0.27 s and a scan over it ~0.7 s, against ~2.05 s for the byte
 * loop it replaced (one thread, 2026-12-01; docs/benchmarks.md).
 *
 * One index per thread, reused: valid until the next call.
 */
import { STRUCTURAL_WASM } from './structural-wasm.js';

/** Bytes after the input that the module may read (one 16-byte block), padded with a byte it does not look for. */
const PAD = 16;
const PAD_BYTE = 0x61;
const PAGE = 1 << 16;

/** The part of WebAssembly's API used here (neither the ES2023 lib nor @types/node 20 declares it). */
declare const WebAssembly:
  | {
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object) => { exports: unknown };
    }
  | undefined;

interface Module {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  index(len: number, delimiter: number, quote: number, out: number, base: number): number;
}

/** The instance of this thread: undefined until first used, null when WebAssembly is not there. */
let instance: Module | null | undefined;
/** Room for the plain loop's offsets. */
let plain = new Int32Array(0);

function load(): Module | null {
  if (typeof WebAssembly !== 'object') return null;
  try {
    const module = new WebAssembly.Module(Buffer.from(STRUCTURAL_WASM, 'base64'));
    return new WebAssembly.Instance(module).exports as unknown as Module;
  } catch {
    return null;
  }
}

/**
 * Offsets (in `bytes`) of the structural bytes of bytes[from, to), in order,
 * followed by `to` (the end: callers walk until they meet it). The array is
 * the thread's own and is overwritten by the next call.
 */
export function structuralIndex(bytes: Uint8Array, from: number, to: number, delimiter: number, quote: number): Int32Array {
  if (instance === undefined) instance = load();
  const n = to - from;
  if (instance === null) return plainIndex(bytes, from, to, delimiter, quote);
  // Input at 0, its padding, then room for an offset per byte and the end (4-byte aligned).
  const out = (n + PAD + 3) & ~3;
  const needed = out + 4 * (n + 1);
  const memory = instance.memory;
  if (memory.buffer.byteLength < needed) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE));
  const heap = new Uint8Array(memory.buffer);
  heap.set(bytes.subarray(from, to), 0);
  heap.fill(PAD_BYTE, n, n + PAD);
  const count = instance.index(n, delimiter, quote, out, from);
  const offsets = new Int32Array(memory.buffer, out, count + 1);
  offsets[count] = to;
  return offsets;
}

/** structuralIndex without WebAssembly (and the tests' second opinion on it). */
export function plainIndex(bytes: Uint8Array, from: number, to: number, delimiter: number, quote: number): Int32Array {
  if (plain.length < to - from + 1) plain = new Int32Array(to - from + 1);
  const offsets = plain;
  let count = 0;
  for (let i = from; i < to; i++) {
    const b = bytes[i] as number;
    if (b === delimiter || b === quote || b < 0x20 || b > 0x7e || b === 0x2b) offsets[count++] = i;
  }
  offsets[count] = to;
  return offsets;
}

/** Whether the index of this thread runs on WebAssembly (tests). */
export function usesWebAssembly(): boolean {
  if (instance === undefined) instance = load();
  return instance !== null;
}
