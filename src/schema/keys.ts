/**
 * Keys (ids) interned once into typed arrays: an open-addressing hash table
 * over the keys' UTF-8 bytes, each key a dense index 0..size-1. No Map or Set
 * with a million string keys (their entries and strings were most of the
 * memory and much of the time of a 1M-account read); callers keep what they
 * know of a key in their own typed arrays by its index (OrderTally: counts per
 * customer x channel; the reader's uniqueness check: the line of each id).
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** FNV-1a, as an int32 (like the hashes Math.imul makes; an empty key keeps the offset). */
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

export class KeyTable {
  /** Keys interned so far; their indices are 0..size-1 in the order they came. */
  size = 0;
  /** Room for this many keys before the arrays grow (owners grow their own arrays to it). */
  capacity = 1 << 10;
  /** Whether the last `intern` added its key. */
  added = false;
  private slots = new Int32Array(1 << 12);
  private arena = new Uint8Array(1 << 16);
  private arenaUsed = 0;
  private keyStart = new Int32Array(this.capacity);
  private keyLength = new Int32Array(this.capacity);
  private keyHash = new Int32Array(this.capacity);
  private scratch = new Uint8Array(256);
  /** Slot of the last probe's key, or -1 when it is not in the table. */
  private found = -1;

  /** Index of the key bytes[start, end), or -1. */
  find(bytes: Uint8Array, start: number, end: number): number {
    this.slotOf(bytes, start, end, hash(bytes, start, end));
    return this.found;
  }

  /** Index of the key bytes[start, end), added when new (`added` says so). */
  intern(bytes: Uint8Array, start: number, end: number): number {
    const h = hash(bytes, start, end);
    const s = this.slotOf(bytes, start, end, h);
    this.added = this.found < 0;
    if (!this.added) return this.found;
    const n = end - start;
    const i = this.size++;
    if (i === this.capacity) this.grow();
    if (this.arenaUsed + n > this.arena.length) {
      const bigger = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + n));
      bigger.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = bigger;
    }
    this.arena.set(bytes.subarray(start, end), this.arenaUsed);
    this.keyStart[i] = this.arenaUsed;
    this.keyLength[i] = n;
    this.keyHash[i] = h;
    this.arenaUsed += n;
    this.slots[s] = i + 1;
    if (this.size * 2 > this.slots.length) this.rehash();
    return i;
  }

  /** `find` for a key given as text. */
  findText(text: string): number {
    const n = this.encode(text);
    return this.find(this.scratch, 0, n);
  }

  /** `intern` for a key given as text. */
  internText(text: string): number {
    const n = this.encode(text);
    return this.intern(this.scratch, 0, n);
  }

  /** Whether key i is bytes[start, end) (a cheap check before a lookup). */
  is(i: number, bytes: Uint8Array, start: number, end: number): boolean {
    if (this.keyLength[i] !== end - start) return false;
    const at = (this.keyStart[i] as number) - start;
    const arena = this.arena;
    let k = start;
    while (k < end && arena[at + k] === bytes[k]) k++;
    return k === end;
  }

  /** Key i as text. */
  key(i: number): string {
    const start = this.keyStart[i] as number;
    return decoder.decode(this.arena.subarray(start, start + (this.keyLength[i] as number)));
  }

  private encode(text: string): number {
    if (this.scratch.length < text.length * 3) this.scratch = new Uint8Array(text.length * 3);
    return encoder.encodeInto(text, this.scratch).written;
  }

  /** Slot of a key: where it is, or the empty slot where it would go (`found` says which). */
  private slotOf(bytes: Uint8Array, start: number, end: number, h: number): number {
    const n = end - start;
    const slots = this.slots;
    const mask = slots.length - 1;
    let s = h & mask;
    for (;;) {
      const v = slots[s] as number;
      if (v === 0) {
        this.found = -1;
        return s;
      }
      const i = v - 1;
      if (this.keyHash[i] === h && this.keyLength[i] === n) {
        const at = this.keyStart[i] as number;
        let k = 0;
        while (k < n && this.arena[at + k] === bytes[start + k]) k++;
        if (k === n) {
          this.found = i;
          return s;
        }
      }
      s = (s + 1) & mask;
    }
  }

  private grow(): void {
    const cap = this.capacity * 2;
    this.keyStart = grown(this.keyStart, cap);
    this.keyLength = grown(this.keyLength, cap);
    this.keyHash = grown(this.keyHash, cap);
    this.capacity = cap;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let i = 0; i < this.size; i++) {
      let s = (this.keyHash[i] as number) & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = i + 1;
    }
    this.slots = slots;
  }
}

/** A copy of `a` with room for `size` elements (the parallel arrays of a KeyTable's owner). */
export function grown<T extends Int32Array | Float64Array | Uint8Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

function hash(bytes: Uint8Array, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let k = start; k < end; k++) h = Math.imul(h ^ (bytes[k] as number), FNV_PRIME);
  return h;
}
