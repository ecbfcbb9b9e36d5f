import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain script of the repository (no types)
import { assemble } from '../../scripts/wasm.mjs';
import { plainIndex, structuralIndex, usesWebAssembly } from '../../src/io/structural.js';
import { STRUCTURAL_WASM } from '../../src/io/structural-wasm.js';

/** The offsets a structural index must hold, by the definition (not by either implementation's loop). */
function expected(bytes: Uint8Array, from: number, to: number, delimiter: number, quote: number): number[] {
  const looked = new Set([delimiter, quote, 0x2b, 0x7f]);
  const out: number[] = [];
  bytes.subarray(from, to).forEach((b, i) => {
    if (looked.has(b) || b < 0x20 || b >= 0x80) out.push(from + i);
  });
  return [...out, to];
}

const upToEnd = (index: Int32Array, to: number) => Array.from(index.subarray(0, index.indexOf(to) + 1));

describe('structural index (io/structural.ts)', () => {
  it('embeds structural.wat as npm run wasm assembles it', async () => {
    const bytes: Buffer = await assemble();
    expect(STRUCTURAL_WASM).toBe(bytes.toString('base64'));
  });

  it('runs on WebAssembly here', () => {
    expect(usesWebAssembly()).toBe(true);
  });

  it('finds the delimiter, the quote, CR, LF, control characters, DEL, + and non-ASCII bytes, in order, then the end', () => {
    const text = Buffer.from('id;name\r\n1;"a;b"\n2;Zoë+\t\x7f|x', 'utf8');
    // By hand: ; at 2, CR 7, LF 8, ; 10, " 11, ; 13, " 15, LF 16, ; 18, Z 19, o 20, ë = C3 AB at 21-22, + 23, tab 24,
    // DEL 25; | is text; 28 bytes.
    const want = [2, 7, 8, 10, 11, 13, 15, 16, 18, 21, 22, 23, 24, 25, 28];
    expect(upToEnd(structuralIndex(text, 0, text.length, 0x3b, 0x22), text.length)).toEqual(want);
    expect(upToEnd(plainIndex(text, 0, text.length, 0x3b, 0x22), text.length)).toEqual(want);
    // A part of the bytes: offsets stay offsets in the whole.
    expect(upToEnd(structuralIndex(text, 9, 17, 0x3b, 0x22), 17)).toEqual([10, 11, 13, 15, 16, 17]);
  });

  it('agrees with the definition on any bytes, delimiter, quote and range (both implementations)', () => {
    const special = fc.constantFrom(0x2c, 0x3b, 0x09, 0x7c, 0x22, 0x27, 0x0a, 0x0d, 0x2b, 0x7f, 0x00, 0xc3, 0xa9, 0xff, 0x61, 0x20);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(special, fc.integer({ min: 0, max: 255 })), { maxLength: 200 }),
        fc.constantFrom(0x2c, 0x3b, 0x09, 0x7c),
        fc.constantFrom(0x22, 0x27),
        fc.nat(),
        fc.nat(),
        (values, delimiter, quote, a, b) => {
          const bytes = Uint8Array.from(values);
          const from = values.length === 0 ? 0 : a % (values.length + 1);
          const to = from + (values.length - from === 0 ? 0 : b % (values.length - from + 1));
          const want = expected(bytes, from, to, delimiter, quote);
          expect(upToEnd(structuralIndex(bytes, from, to, delimiter, quote), to)).toEqual(want);
          expect(upToEnd(plainIndex(bytes, from, to, delimiter, quote), to)).toEqual(want);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('grows for a large input and keeps earlier results apart from later calls', () => {
    const big = Buffer.alloc(3 << 20, 0x61);
    for (let i = 5; i < big.length; i += 1000) big[i] = 0x2c;
    const index = structuralIndex(big, 0, big.length, 0x2c, 0x22);
    const count = index.indexOf(big.length);
    expect(count).toBe(Math.ceil((big.length - 5) / 1000));
    expect(index[count - 1]).toBe(5 + (count - 1) * 1000);
  });
});
