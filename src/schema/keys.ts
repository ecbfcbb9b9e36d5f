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
/** Int32 per slot: the key's index + 1 (0: empty), its tagged hash and its first eight bytes. */
const SLOT = 4;
/** Bytes of a key kept in its slot. */
const INLINE = 8;
/** The low bits of a tagged hash: the key's length, up to LONG (longer keys say LONG). */
const TAG_BITS = 4;
const LONG = (1 << TAG_BITS) - 1;

/**
 * Keys interned into typed arrays. A lookup of a random key among a million
 * is a cache miss or more per array it reads; the slots are laid out so that
 * the usual lookup reads one slot line only: each slot holds the key's index,
 * its hash tagged with its length, and its first eight bytes (zero padded),
 * so a key of up to eight bytes is compared without leaving the slot. Longer
 * keys compare the rest in the arena. The slots' 16 bytes at a load of at
 * most one half cost 32 MB for a million keys (20 MB more than separate
 * index, hash, start and length arrays, which took 2.6-3x as long for 10M
 * random lookups among 1M keys of 8 bytes: a micro-benchmark, 2026-12-01).
 */
export class KeyTable {
  /** Keys interned so far; their indices are 0..size-1 in the order they came. */
  size = 0;
  /** Room for this many keys before the arrays grow (owners grow their own arrays to it). */
  capacity = 1 << 10;
  /** Whether the last `intern` added its key. */
  added = false;
  private slots = new Int32Array(SLOT << 12);
  private arena = new Uint8Array(1 << 16);
  private arenaUsed = 0;
  /** Two int32 per key: where its bytes start in the arena and how many. */
  private spans = new Int32Array(2 * this.capacity);
  private scratch = new Uint8Array(256);
  /** Slot of the last probe's key, or -1 when it is not in the table. */
  private found = -1;
  /** internAll's hashes and first words of a batch of keys, and what its loads read (kept: they must not be dropped). */
  private hashes = new Int32Array(0);
  private words = new Int32Array(0);
  touched = 0;
  /** The first two little-endian words of the key last hashed (zero padded). */
  private w0 = 0;
  private w1 = 0;

  /** `expected`: keys the table will hold, when known: its arrays are sized once (no growing, no rehash). */
  constructor(expected = 0) {
    while (this.capacity < expected) this.capacity *= 2;
    let slots = this.slots.length;
    while (expected * 2 * SLOT > slots) slots *= 2;
    if (slots > this.slots.length) this.slots = new Int32Array(slots);
    if (this.capacity > this.spans.length / 2) this.spans = new Int32Array(2 * this.capacity);
  }

  /**
   * Room for `keys` keys in the arrays indexed by key, here and in the
   * owner's (`capacity`), so that they are not copied as the keys come: a
   * large typed array takes memory as its pages are first written, and keys
   * take indices from 0 up, so room never used costs nothing. The slots are
   * hashed, all their pages written: they still grow with the keys.
   */
  reserve(keys: number): void {
    if (keys <= this.capacity) return;
    this.spans = grown(this.spans, 2 * keys);
    this.capacity = keys;
  }

  /** Index of the key bytes[start, end), or -1. */
  find(bytes: Uint8Array, start: number, end: number): number {
    this.slotOf(bytes, start, end, this.hash(bytes, start, end));
    return this.found;
  }

  /** Index of the key bytes[start, end), added when new (`added` says so). */
  intern(bytes: Uint8Array, start: number, end: number): number {
    return this.internHashed(bytes, start, end, this.hash(bytes, start, end));
  }

  /**
   * `intern` for `count` keys at once, in their order (the same indices as
   * one `intern` after another): key k is bytes[spans[2k], spans[2k] +
   * spans[2k + 1]), its index goes to out[k]. All keys are hashed and their
   * slots read first (`prepare`), so that the cache misses of random keys
   * overlap instead of following one another; then each key is interned
   * with its slot in cache. `added` is not set.
   */
  internAll(bytes: Uint8Array, spans: Int32Array, count: number, out: Int32Array): void {
    this.batch(bytes, spans, count, out, true);
  }

  /** `find` for `count` keys at once (spans and out as `internAll`'s): out[k] = the index of key k, or -1. */
  findMany(bytes: Uint8Array, spans: Int32Array, count: number, out: Int32Array): void {
    this.batch(bytes, spans, count, out, false);
  }

  /** `internAll` (`add`) or `findMany`. */
  private batch(bytes: Uint8Array, spans: Int32Array, count: number, out: Int32Array, add: boolean): void {
    this.prepare(bytes, spans, count);
    const { hashes, words } = this;
    for (let k = 0; k < count; k++) {
      const start = spans[2 * k] as number;
      const end = start + (spans[2 * k + 1] as number);
      this.w0 = words[2 * k] as number;
      this.w1 = words[2 * k + 1] as number;
      if (add) out[k] = this.internHashed(bytes, start, end, hashes[k] as number);
      else {
        this.slotOf(bytes, start, end, hashes[k] as number);
        out[k] = this.found;
      }
    }
  }

  /** The hashes and first words of a batch of keys (`hashes`, `words`), and their home slots loaded. */
  private prepare(bytes: Uint8Array, spans: Int32Array, count: number): void {
    if (this.hashes.length < count) {
      this.hashes = new Int32Array(count);
      this.words = new Int32Array(2 * count);
    }
    const hashes = this.hashes;
    const words = this.words;
    const slots = this.slots;
    const mask = slots.length / SLOT - 1;
    for (let k = 0; k < count; k++) {
      const start = spans[2 * k] as number;
      hashes[k] = this.hash(bytes, start, start + (spans[2 * k + 1] as number));
      words[2 * k] = this.w0;
      words[2 * k + 1] = this.w1;
    }
    // The slots' loads in a loop of their own: a few instructions each, so the processor has many of them in flight
    // (with the hashing in the same loop, two or three: ~100 ns a key against ~20 on this machine's memory).
    let touched = 0;
    for (let k = 0; k < count; k++) touched |= slots[(((hashes[k] as number) >>> TAG_BITS) & mask) * SLOT] as number;
    this.touched = touched;
  }

  /** `intern` of a key whose tagged hash is `h` (its first words in w0, w1). */
  private internHashed(bytes: Uint8Array, start: number, end: number, h: number): number {
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
    // A short key byte by byte: a subarray costs more than the copy.
    if (n <= 32) for (let k = 0; k < n; k++) this.arena[this.arenaUsed + k] = bytes[start + k] as number;
    else this.arena.set(bytes.subarray(start, end), this.arenaUsed);
    this.spans[2 * i] = this.arenaUsed;
    this.spans[2 * i + 1] = n;
    this.arenaUsed += n;
    const at = s * SLOT;
    this.slots[at] = i + 1;
    this.slots[at + 1] = h;
    this.slots[at + 2] = this.w0;
    this.slots[at + 3] = this.w1;
    if (this.size * 2 * SLOT > this.slots.length) this.rehash();
    return i;
  }

  /**
   * The table's own arrays, for another thread (transferred, not copied:
   * the table is not to be used after): the keys' bytes one after the
   * other, per key its start and length in them (`internAll`'s spans), and
   * the slots, for that thread's `findAll`.
   */
  handOver(): HandedKeys {
    return { size: this.size, bytes: this.arena, spans: this.spans, slots: this.slots };
  }

  /**
   * Finds another table's keys (its `handOver`) in this one: out[j] = the
   * index here of its key j, or -1. The keys are taken in the order of the
   * other table's slots, hashed as here: their home slots here come (nearly)
   * in sequence, a few streams of reads the processor prefetches rather
   * than a cache and TLB miss per key; a slot holds its key's hash and first
   * eight bytes, so a key of up to eight bytes is found without its bytes.
   */
  findAll(keys: HandedKeys, out: Int32Array): void {
    const { bytes, spans, slots } = keys;
    for (let at = 0; at < slots.length; at += SLOT) {
      const v = slots[at] as number;
      if (v === 0) continue;
      const h = slots[at + 1] as number;
      this.w0 = slots[at + 2] as number;
      this.w1 = slots[at + 3] as number;
      // The tag is the length of a key shorter than LONG: a key of up to INLINE bytes needs no span.
      const tag = h & LONG;
      let start = 0;
      let end = tag;
      if (tag > INLINE) {
        start = spans[2 * (v - 1)] as number;
        end = start + (spans[2 * (v - 1) + 1] as number);
      }
      this.slotOf(bytes, start, end, h);
      out[v - 1] = this.found;
    }
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
    if (this.spans[2 * i + 1] !== end - start) return false;
    const at = (this.spans[2 * i] as number) - start;
    const arena = this.arena;
    let k = start;
    while (k < end && arena[at + k] === bytes[k]) k++;
    return k === end;
  }

  /** Key i as text. */
  key(i: number): string {
    const start = this.spans[2 * i] as number;
    return decoder.decode(this.arena.subarray(start, start + (this.spans[2 * i + 1] as number)));
  }

  /** The tagged hash of bytes[start, end) (tests: to make keys that share one). */
  static hashOf(bytes: Uint8Array, start: number, end: number): number {
    return hasher.hash(bytes, start, end);
  }

  private encode(text: string): number {
    if (this.scratch.length < text.length * 3) this.scratch = new Uint8Array(text.length * 3);
    return encoder.encodeInto(text, this.scratch).written;
  }

  /**
   * A 32-bit hash of the key's little-endian words (multiply-xorshift per word,
   * murmur3's finaliser), its low
   * TAG_BITS replaced by the key's length (LONG for longer keys); the first
   * two words are kept in w0 and w1.
   */
  private hash(bytes: Uint8Array, start: number, end: number): number {
    const n = end - start;
    let h = n;
    let w0 = 0;
    let w1 = 0;
    let k = start;
    for (let j = 0; k < end; j++) {
      let w = 0;
      if (k + 4 <= end) {
        w = (bytes[k] as number) | ((bytes[k + 1] as number) << 8) | ((bytes[k + 2] as number) << 16) | ((bytes[k + 3] as number) << 24);
        k += 4;
      } else {
        for (let shift = 0; k < end; k++, shift += 8) w |= (bytes[k] as number) << shift;
      }
      if (j === 0) w0 = w;
      else if (j === 1) w1 = w;
      h = Math.imul(h ^ w, 0x9e3779b1);
      h ^= h >>> 15;
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    this.w0 = w0;
    this.w1 = w1;
    return (h & ~LONG) | Math.min(n, LONG);
  }

  /** Slot of a key: where it is, or the empty slot where it would go (`found` says which). */
  private slotOf(bytes: Uint8Array, start: number, end: number, h: number): number {
    const slots = this.slots;
    const mask = slots.length / SLOT - 1;
    const w0 = this.w0;
    const w1 = this.w1;
    let s = (h >>> TAG_BITS) & mask;
    for (;;) {
      const at = s * SLOT;
      const v = slots[at] as number;
      if (v === 0) {
        this.found = -1;
        return s;
      }
      // Same hash and length class, same first eight bytes: then, for a longer key, the rest.
      if (
        slots[at + 1] === h &&
        slots[at + 2] === w0 &&
        slots[at + 3] === w1 &&
        (end - start <= INLINE || this.rest(v - 1, bytes, start, end))
      ) {
        this.found = v - 1;
        return s;
      }
      s = (s + 1) & mask;
    }
  }

  /** Whether key i, known to begin with bytes[start, start + INLINE), is bytes[start, end). */
  private rest(i: number, bytes: Uint8Array, start: number, end: number): boolean {
    if (this.spans[2 * i + 1] !== end - start) return false;
    const at = (this.spans[2 * i] as number) - start;
    const arena = this.arena;
    let k = start + INLINE;
    while (k < end && arena[at + k] === bytes[k]) k++;
    return k === end;
  }

  private grow(): void {
    this.capacity *= 2;
    this.spans = grown(this.spans, 2 * this.capacity);
  }

  /** Twice the slots; each slot moves whole, by the hash it keeps. */
  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = slots.length / SLOT - 1;
    for (let o = 0; o < old.length; o += SLOT) {
      if (old[o] === 0) continue;
      let s = ((old[o + 1] as number) >>> TAG_BITS) & mask;
      while (slots[s * SLOT] !== 0) s = (s + 1) & mask;
      const at = s * SLOT;
      slots[at] = old[o] as number;
      slots[at + 1] = old[o + 1] as number;
      slots[at + 2] = old[o + 2] as number;
      slots[at + 3] = old[o + 3] as number;
    }
    this.slots = slots;
  }
}

const hasher = new KeyTable();

/** A KeyTable's keys handed to another thread (KeyTable.handOver): indices 0..size-1, its arrays as they are. */
export interface HandedKeys {
  size: number;
  bytes: Uint8Array;
  spans: Int32Array;
  slots: Int32Array;
}

/** A copy of `a` with room for `size` elements (the parallel arrays of a KeyTable's owner). */
export function grown<T extends Int32Array | Float64Array | Uint8Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}
