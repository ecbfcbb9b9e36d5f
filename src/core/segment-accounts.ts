/**
 * plan segment's account listing without an object per account: the fold
 * keeps each account's texts as bytes and codes (`AccountTexts`), its figures
 * stay in the fold's arrays, and the ranking is an order of positions sorted
 * once (`rankAccounts`). `AccountList` reads cells by rank for the renderers
 * and builds an `AccountResult` only when one is asked for (JSON, --compare).
 */
import { type ByteSpan, ExtraColumns, Sequence, TextCodes, TextColumn, type Texts } from '../schema/columns.js';
import { moneyOf, unitsToNumber } from '../schema/money.js';
import type { AccountResult, MatchKind, SegmentResult } from './segment.js';

export const cents = (x: number) => Math.round(x * 100) / 100;
export const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

const STATUS_NAME = ['customer', 'prospect', 'lost'] as const;
const MATCH_NAME: readonly MatchKind[] = ['exact', 'wildcard', 'none'];

/** What a listing keeps of each account's text, by the position it was added in. */
export class AccountTexts {
  readonly id = new TextColumn();
  readonly name = new TextColumn();
  readonly industry = new TextCodes();
  readonly region = new TextCodes();
  readonly size = new TextCodes();
  /** Passed-through columns of customers.csv. */
  readonly extra = new ExtraColumns();

  get length(): number {
    return this.id.length;
  }

  add(id: string, name: string, industry: string, region: string, size: string, extra: Readonly<Record<string, string>> | undefined): void {
    this.extra.add(this.id.length, extra);
    this.id.push(id);
    this.name.push(name);
    this.industry.push(industry);
    this.region.push(region);
    this.size.push(size);
  }
}

/** The stored texts of an account, as `AccountList.spans` reads them. */
export type AccountText = 'id' | 'name' | 'industry' | 'region' | 'size';

/** The per-account arrays of the segment fold the listing reads, by position. */
export interface AccountColumns {
  texts: AccountTexts;
  status: ArrayLike<number>;
  matchKind: ArrayLike<number>;
  /** NaN when unknown. */
  employees: ArrayLike<number>;
  /** Revenue in money units (ten-thousandths). */
  revenue: ArrayLike<number>;
  /** Potential, unrounded. */
  potential: Float64Array;
  /** Headroom to the cent (the ranking's key). */
  headroom: Float64Array;
  segmentLabel(position: number): string;
  /** The ranked segment of the account (its rank and tier). */
  segment(position: number): SegmentResult | undefined;
}

/**
 * Positions ranked by headroom, largest first, then by id (as JavaScript
 * compares strings). Headrooms (to the cent, never negative) are sorted by
 * their bits (`byKeyDescending`), without a comparison per pair; only a run
 * of equal headroom compares ids, and not even that when its ids already
 * come in order (exports usually come sorted by id).
 */
export function rankAccounts(columns: Pick<AccountColumns, 'texts' | 'headroom'>): Uint32Array {
  const { headroom } = columns;
  const ids = columns.texts.id;
  const byId = (x: number, y: number) => ids.compare(x, y);
  // A headroom that is not a number (or negative) has no place in the bits' order: every pair compared, as ever.
  if (!headroom.every((h) => h >= 0))
    return identity(headroom.length).sort((x, y) => (headroom[y] as number) - (headroom[x] as number) || byId(x, y));
  const order = byKeyDescending(headroom);
  for (let from = 0; from < order.length; ) {
    const h = headroom[order[from] as number] as number;
    let to = from + 1;
    while (to < order.length && headroom[order[to] as number] === h) to++;
    if (to - from > 1 && !inOrder(order, from, to, byId)) order.subarray(from, to).sort(byId);
    from = to;
  }
  return order;
}

function identity(n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}

function inOrder(order: Uint32Array, from: number, to: number, compare: (x: number, y: number) => number): boolean {
  for (let k = from + 1; k < to; k++) if (compare(order[k - 1] as number, order[k] as number) > 0) return false;
  return true;
}

/** Bits per pass of the radix sort (a count per value of 16 bits). */
const DIGIT = 16;

/**
 * Positions of non-negative numbers, largest first, equal ones in position
 * order (stable): a least-significant-digit radix sort on the numbers' bits,
 * which for non-negative doubles order as the numbers do.
 */
export function byKeyDescending(keys: Float64Array): Uint32Array {
  const n = keys.length;
  // +0 for -0: the same number, other bits.
  let bits: Uint32Array = new Uint32Array(keys.map((k) => k + 0).buffer);
  let order: Uint32Array = identity(n);
  let nextBits: Uint32Array = new Uint32Array(2 * n);
  let nextOrder: Uint32Array = new Uint32Array(n);
  const counts = new Uint32Array(1 << DIGIT);
  for (let pass = 0; pass < 64 / DIGIT; pass++) {
    // Little-endian: word 2i holds the low 32 bits of key i.
    const word = pass >> 1;
    const shift = (pass & 1) * DIGIT;
    const digit = (k: number) => ((bits[2 * k + word] as number) >>> shift) & 0xffff;
    counts.fill(0);
    for (let k = 0; k < n; k++) {
      const d = digit(k);
      counts[d] = (counts[d] as number) + 1;
    }
    if (n === 0 || counts[digit(0)] === n) continue;
    // Largest digit first: its place starts at 0.
    let at = 0;
    for (let d = counts.length - 1; d >= 0; d--) {
      const c = counts[d] as number;
      counts[d] = at;
      at += c;
    }
    for (let k = 0; k < n; k++) {
      const d = digit(k);
      const to = counts[d] as number;
      counts[d] = to + 1;
      nextOrder[to] = order[k] as number;
      nextBits[2 * to] = bits[2 * k] as number;
      nextBits[2 * to + 1] = bits[2 * k + 1] as number;
    }
    [bits, nextBits] = [nextBits, bits];
    [order, nextOrder] = [nextOrder, order];
  }
  return order;
}

/**
 * An account's figures in rank order, gathered once from the fold's arrays
 * (by position). A listing reads its rows in rank order, which is scattered
 * over the positions: read by rank, the figures come one after another, and
 * gathering them reads the scattered positions with nothing waiting on each.
 */
interface RankedFigures {
  status: Uint8Array;
  matchKind: Uint8Array;
  employees: Float64Array;
  revenue: Float64Array;
  potential: Float64Array;
  headroom: Float64Array;
}

function rankedFigures(columns: AccountColumns, order: Uint32Array): RankedFigures {
  const n = order.length;
  const f: RankedFigures = {
    status: new Uint8Array(n),
    matchKind: new Uint8Array(n),
    employees: new Float64Array(n),
    revenue: new Float64Array(n),
    potential: new Float64Array(n),
    headroom: new Float64Array(n),
  };
  for (let r = 0; r < n; r++) {
    const p = order[r] as number;
    f.status[r] = columns.status[p] as number;
    f.matchKind[r] = columns.matchKind[p] as number;
    f.employees[r] = columns.employees[p] as number;
    f.revenue[r] = columns.revenue[p] as number;
    f.potential[r] = columns.potential[p] as number;
    f.headroom[r] = columns.headroom[p] as number;
  }
  return f;
}

/**
 * Accounts in rank order (or a part of them: `--top`, `--per-segment`),
 * read by position k; `rank(k)` is the account's rank among all accounts.
 */
export class AccountList extends Sequence<AccountResult> {
  readonly length: number;

  constructor(
    private readonly columns: AccountColumns,
    /** Positions in rank order. */
    private readonly order: Uint32Array,
    /** Which ranks (0-based) this list holds; all of them when null. */
    private readonly picked: Uint32Array | null = null,
    length = picked ? picked.length : order.length,
    /** The figures by rank, gathered when first read; shared with the parts of this list. */
    private readonly figures: { ranked?: RankedFigures } = {},
  ) {
    super();
    this.length = length;
  }

  private get ranked(): RankedFigures {
    this.figures.ranked ??= rankedFigures(this.columns, this.order);
    return this.figures.ranked;
  }

  /** The rank of the account at k, 0-based. */
  private index(k: number): number {
    return this.picked ? (this.picked[k] as number) : k;
  }

  /** An empty listing (the fold kept no accounts). */
  static empty(columns: AccountColumns): AccountList {
    return new AccountList(columns, new Uint32Array(0));
  }

  /** The first n. */
  slice(n: number): AccountList {
    const length = Math.min(n, this.length);
    return new AccountList(this.columns, this.order, this.picked?.subarray(0, length) ?? null, length, this.figures);
  }

  /** Those for which `keep(k)` holds, in order. */
  filter(keep: (k: number) => boolean): AccountList {
    const picked: number[] = [];
    for (let k = 0; k < this.length; k++) if (keep(k)) picked.push(this.rank(k) - 1);
    return new AccountList(this.columns, this.order, Uint32Array.from(picked), picked.length, this.figures);
  }

  /** Passed-through column names (none when the list is empty). */
  extraKeys(): string[] {
    return this.length === 0 ? [] : this.columns.texts.extra.keys();
  }

  rank(k: number): number {
    return this.index(k) + 1;
  }

  private position(k: number): number {
    return this.order[this.index(k)] as number;
  }

  id(k: number): string {
    return this.columns.texts.id.get(this.position(k));
  }
  name(k: number): string {
    return this.columns.texts.name.get(this.position(k));
  }
  status(k: number): AccountResult['status'] {
    return STATUS_NAME[this.ranked.status[this.index(k)] as number] as AccountResult['status'];
  }
  industry(k: number): string {
    return this.columns.texts.industry.get(this.position(k));
  }
  region(k: number): string {
    return this.columns.texts.region.get(this.position(k));
  }
  size(k: number): string {
    return this.columns.texts.size.get(this.position(k));
  }
  employees(k: number): number | null {
    const e = this.ranked.employees[this.index(k)] as number;
    return Number.isNaN(e) ? null : e;
  }
  segment(k: number): string {
    return this.columns.segmentLabel(this.position(k));
  }
  match(k: number): MatchKind {
    return MATCH_NAME[this.ranked.matchKind[this.index(k)] as number] as MatchKind;
  }
  potential(k: number): number {
    return cents(this.ranked.potential[this.index(k)] as number);
  }
  revenue(k: number): number {
    return moneyOf(this.ranked.revenue[this.index(k)] as number);
  }
  shareOfWallet(k: number): number | null {
    const { potential, revenue } = this.ranked;
    const r = this.index(k);
    const p = potential[r] as number;
    return p > 0 ? round6(unitsToNumber(revenue[r] as number) / p) : null;
  }
  headroom(k: number): number {
    return this.ranked.headroom[this.index(k)] as number;
  }
  segmentRank(k: number): number | null {
    return this.columns.segment(this.position(k))?.rank ?? null;
  }
  tier(k: number): AccountResult['tier'] {
    return this.columns.segment(this.position(k))?.tier ?? null;
  }
  extra(k: number, key: string): string {
    return this.columns.texts.extra.get(this.position(k), key);
  }

  /**
   * A stored text of each account (one of ours, or the passed-through column
   * `extra`) read as its UTF-8 bytes into `into`, without decoding it.
   */
  spans(text: AccountText | { extra: string }): ((k: number, into: ByteSpan) => void) | undefined {
    const texts: Texts | undefined = typeof text === 'string' ? this.columns.texts[text] : this.columns.texts.extra.column(text.extra);
    return texts && ((k, into) => texts.span(this.position(k), into));
  }

  at(k: number): AccountResult {
    return {
      rank: this.rank(k),
      id: this.id(k),
      name: this.name(k),
      status: this.status(k),
      industry: this.industry(k),
      region: this.region(k),
      size: this.size(k),
      employees: this.employees(k),
      segment: this.segment(k),
      match: this.match(k),
      potential: this.potential(k),
      revenue: this.revenue(k),
      shareOfWallet: this.shareOfWallet(k),
      headroom: this.headroom(k),
      segmentRank: this.segmentRank(k),
      tier: this.tier(k),
      extra: this.columns.texts.extra.object(this.position(k)),
    };
  }
}
