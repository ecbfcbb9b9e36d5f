/**
 * Cost to serve by ordering channel (DOMAIN.md idea 3): an order taken by a
 * field visit costs about a hundred times one taken by phone and ten
 * thousand times one sent by e-mail or placed on the web (100 : 1 : 0.01).
 * Orders are folded into per customer x channel aggregates (memory grows with
 * customers x channels, never with order lines); reports by channel,
 * customer, segment or tier and what-if channel shifts are computed from
 * those aggregates.
 *
 * Money: order amounts are scaled integers (schema/money.ts); sums are exact
 * (integers, BigInt for grand totals), and each figure is rounded to the cent
 * once, when the result is built. A channel's cost is its order count times
 * its cost per order.
 */
import { addMonths, type Day } from '../schema/calendar.js';
import { CHANNELS, type Channel } from '../schema/channel-list.js';
import type { OrderRow } from '../schema/files.js';
import { grown, type HandedKeys, KeyTable } from '../schema/keys.js';
import { centsText, ExactSum, MAX_MONEY_UNITS, MONEY_SCALE, moneyOf, unitsToNumber } from '../schema/money.js';
import { type ChannelCosts, createChannelResolver } from './channels.js';
import { type UnknownKeyReport, UnknownKeys } from './references.js';
import { ordersSource, type RevenueSource } from './revenue.js';
import type { Tier } from './segment.js';
import { type DateWindow, WindowCoverage } from './window.js';

export type { DateWindow } from './window.js';

const NCH = CHANNELS.length;
/**
 * A customer's figures in the tally: one record of 64 bytes (a cache line) in
 * one buffer, read as int32 (RECORD_INTS per customer: rows, first line,
 * orders by channel) and as float64 (RECORD_FLOATS: amounts by channel, then
 * revenue, from AMOUNTS), so a random row's figures are one miss, not five.
 */
const RECORD_BYTES = 64;
/** Customers OrderTally.expect makes room for at most (4M: 256 MB of records, reserved, not written). */
const RESERVED_CUSTOMERS = 1 << 22;
const RECORD_INTS = RECORD_BYTES / 4;
const RECORD_FLOATS = RECORD_BYTES / 8;
const ROWS = 0;
const FIRST = 1;
const ORDERS = 2;
const AMOUNTS = 3;
const REVENUE = AMOUNTS + NCH;
/**
 * Lines the tally queues before it folds them (OrderTally.flush), and int32
 * per queued line: key start and end, label, day, order id start and end,
 * line, period. bench/lookups.mjs (10M random lookups among 1M keys of 8
 * bytes, a record updated per lookup; 2026-12-01, load 3 on 2 cores): 2.5-3
 * s in batches of 256 against 4.0-4.1 s one by one; plan cost on 5M lines
 * took as long with batches of 256, 1024 or 4096.
 */
const BATCH = 256;
/** Customers of a range's partial found together (OrderTally.merge). */
const MERGE_BATCH = 1024;
const QUEUED = 8;
const TIERS: readonly Tier[] = ['A', 'B', 'C'];

/**
 * The window of orders costed: `--to` (default `--as-of`) back to the day
 * after the same date a year earlier (`--from` overrides), i.e. the same 12
 * months `plan segment` sums revenue over.
 */
export function costWindow(asOf: Day, from?: Day, to?: Day): DateWindow {
  const end = to ?? asOf;
  return { from: from ?? addMonths(end, -12) + 1, to: end };
}

// ---------------------------------------------------------------------------
// Folding order lines
// ---------------------------------------------------------------------------

/** Order lines with an unknown channel, by label as written. */
export interface UnknownChannel {
  label: string;
  rows: number;
  /** Net amount of those rows, in money units (schema/money.ts). */
  units: number;
  firstLine: number;
}

/** Returns (negative amounts) of one customer x channel. */
export interface ReturnTotals {
  count: number;
  units: number;
}

const encoder = new TextEncoder();

/** What an order tally counts, as data (a worker thread makes the same tally: OrderTally.partial, merge). */
export interface TallySetup {
  window: DateWindow;
  /** Channel synonyms of the config (createChannelResolver). */
  synonyms: Readonly<Record<string, Channel>>;
  revenueWindow: DateWindow | undefined;
  periods: readonly DateWindow[];
}

export function orderTally(setup: TallySetup): OrderTally {
  return new OrderTally(setup.window, createChannelResolver(setup.synonyms), setup.revenueWindow, setup.periods);
}

/**
 * A tally of a range of orders.csv (a worker thread), as typed arrays by the
 * range's customer index: what OrderTally.merge adds to the tally of the
 * lines before it. Lines count from 1 at the range's start.
 */
export interface TallyPartial {
  /** The customers' ids as the range's KeyTable holds them (KeyTable.handOver). */
  keys: HandedKeys;
  /** The customers' records (RECORD_BYTES each: rows, first line, orders, amounts, revenue), room for more after them. */
  records: ArrayBuffer;
  /** With periods: the customers' period records (rows, first line, net amount per period), room for more after them. */
  periodRecords: ArrayBuffer;
  labels: string[];
  unknown: UnknownChannel[];
  /** Returns as (customer * channels + channel, count, units), in the order they came. */
  returns: Float64Array;
  counts: number[];
  coverage: number[];
  periodCoverage: number[];
  /** The range's first order row (amount >= 0): the customer x channel it counted an order for (-1: none), its order id and label. */
  headCounted: number;
  headOrderId: Uint8Array | null;
  headLabel: number;
  /** After the range's last order row (null: no order row): its order id, customer (-1: none) and label. */
  tail: { orderId: Uint8Array | null; customer: number; label: number } | null;
}

/**
 * Aggregates of valid order lines per customer x channel, keyed by the
 * customer id's UTF-8 bytes interned in a KeyTable (core/keys.ts: no
 * per-row strings, no Map with a million string keys).
 *
 * Counting rules (docs/cost.md):
 * - only rows dated inside the window count; the others are only counted;
 * - a row with a negative amount is a return: counted apart, never netted;
 * - a row with an amount of 0 or more is an order, unless it has the same
 *   order_id, customer and channel as the previous such row: then it is
 *   another line of the same order (exports write an order's lines together);
 * - a channel label that maps to none of field, phone, email, web is
 *   counted under its label, without cost.
 */
export class OrderTally {
  readonly window: DateWindow;
  private readonly resolve: (label: string) => Channel | undefined;
  /** Also sum each customer's net amount over this window (plan segment's revenue when revenue_12m is missing). */
  readonly revenueWindow: DateWindow | undefined;

  /** Channel labels as written, and the channel index each maps to (-1: unknown). */
  private readonly labelIds = new Map<string, number>();
  private readonly labelNames: string[] = [];
  private readonly labelChannel: number[] = [];
  private readonly unknownByLabel: UnknownChannel[] = [];

  private readonly keys = new KeyTable();
  private capacity = this.keys.capacity;
  /** The customers' records, as int32 and as float64 (RECORD_BYTES each). */
  private ints = new Int32Array(this.capacity * RECORD_INTS);
  private money = new Float64Array(this.ints.buffer);
  private known = new Uint8Array(this.capacity);
  /**
   * With `periods`: a record per customer of `periodStride` float64 (rows in
   * any period and the first of them as two int32, then the net amount per
   * period), as int32 and as float64.
   */
  readonly periods: readonly DateWindow[];
  private readonly periodStride: number;
  private periodInts = new Int32Array(0);
  private periodMoney = new Float64Array(0);
  /** Valid rows dated in none of the periods (with periods). */
  periodOutside = 0;
  /** Rows in the first period against the file's own dates (with periods). */
  readonly periodCoverage: WindowCoverage | undefined;
  /** Whether customers.csv is matched against the customers (checkCustomers, markKnown). */
  knownChecked = false;

  /** Distinct customers seen in the window. */
  get customers(): number {
    return this.keys.size;
  }
  /** Valid rows folded (inside and outside the window). */
  records = 0;
  /** Valid rows dated outside the window. */
  outsideWindow = 0;
  /** Line where a customer's sum passed MAX_MONEY_UNITS (0: none). */
  overflowLine = 0;
  /** Valid rows in the revenue window, and those without a customer id. */
  revenueRows = 0;
  private noCustomerRevenueRows = 0;
  /** Rows in the window against the file's own dates (an empty window is warned about). */
  readonly coverage: WindowCoverage;
  /** Returns by customer * 4 + channel. */
  readonly returns = new Map<number, ReturnTotals>();

  /** Lines queued by addBytes (QUEUED int32 each, their amounts apart) on `queuedBytes`, and flush's keys and indices. */
  private queue = new Int32Array(BATCH * QUEUED);
  private queuedUnits = new Float64Array(BATCH);
  private queued = 0;
  private queuedBytes: Uint8Array | null = null;
  private batchKeys = new Int32Array(2 * BATCH);
  private batchIndex = new Int32Array(BATCH);

  private prevCustomer = -1;
  private prevLabel = -1;
  /** Sum of |amount| of the rows: while below MAX_MONEY_UNITS no customer's sum can pass it (merge). */
  private absUnits = 0;
  /** The first order row (records at it; -1 until one) and the customer x channel it counted (-1: none). */
  private headRow = -1;
  private headCounted = -1;
  private headOrderId: Uint8Array | null = null;
  private headLabel = -1;
  private prevOrderId = new Uint8Array(64);
  private prevOrderIdLength = -1;
  private scratch = new Uint8Array(256);

  /**
   * `revenueWindow`: also each customer's net amount over it; `periods`: also
   * each customer's net amount over each of these windows (plan focus).
   */
  constructor(
    window: DateWindow,
    resolve: (label: string) => Channel | undefined,
    revenueWindow?: DateWindow,
    periods: readonly DateWindow[] = [],
  ) {
    this.window = window;
    this.coverage = new WindowCoverage(window);
    this.resolve = resolve;
    this.revenueWindow = revenueWindow;
    this.periods = periods;
    this.periodStride = 1 + periods.length;
    if (periods.length > 0) {
      this.periodInts = new Int32Array(this.capacity * 2 * this.periodStride);
      this.periodMoney = new Float64Array(this.periodInts.buffer);
      this.periodCoverage = new WindowCoverage(periods[0] as DateWindow);
    }
  }

  /**
   * About how many lines will come (the reader's estimate): the customers'
   * records get room for as many customers at once (KeyTable.reserve), up
   * to RESERVED_CUSTOMERS, instead of being copied into twice the room as
   * customers come (a copy of up to 64 MB and fresh pages each time).
   */
  expect(lines: number): void {
    const customers = Math.min(lines, RESERVED_CUSTOMERS);
    if (customers <= this.capacity) return;
    try {
      // Every array allocated before any is kept: a refusal leaves the tally as it was.
      const room = this.roomFor(customers);
      this.keys.reserve(customers);
      this.adopt(room);
    } catch (error) {
      // The address space refused (a strict overcommit limit, say): the arrays grow as customers come, as untold.
      if (!(error instanceof RangeError)) throw error;
    }
  }

  /** Index of a channel label as written (cleaned by the reader). */
  labelIndex(label: string): number {
    let id = this.labelIds.get(label);
    if (id === undefined) {
      id = this.labelNames.length;
      this.labelIds.set(label, id);
      this.labelNames.push(label);
      const channel = this.resolve(label);
      this.labelChannel.push(channel === undefined ? -1 : CHANNELS.indexOf(channel));
      this.unknownByLabel.push({ label, rows: 0, units: 0, firstLine: 0 });
    }
    return id;
  }

  /** A typed row from the general reader; a row without a customer id goes to the "no customer" slot (the empty key). */
  readonly add = (row: Pick<OrderRow, 'customer_id' | 'date' | 'channel' | 'amount' | 'order_id' | 'line'>): void => {
    const idLength = row.customer_id === undefined ? 0 : this.encode(row.customer_id, 0);
    let orderStart = -1;
    let orderEnd = -1;
    if (row.order_id !== undefined) {
      orderStart = idLength;
      orderEnd = idLength + this.encode(row.order_id, idLength);
    }
    // After the lines queued before it: the lines are folded in file order.
    this.flush();
    const label = this.labelIndex(row.channel);
    const period = this.periods.length === 0 ? -1 : this.periodOf(row.date);
    this.fold(this.scratch, 0, idLength, label, row.date, row.amount, orderStart, orderEnd, row.line, period, -1);
  };

  /**
   * One valid order line: customer id = bytes[keyStart, keyEnd), order id =
   * bytes[orderStart, orderEnd) or orderStart < 0 when there is none. It is
   * queued: folded at the next `flush`, which the caller makes before
   * `bytes` changes (io/fast-read.ts: at the end of each batch it scanned),
   * or when the queue is full (after BATCH lines of the same bytes).
   */
  addBytes(
    bytes: Uint8Array,
    keyStart: number,
    keyEnd: number,
    label: number,
    day: Day,
    units: number,
    orderStart: number,
    orderEnd: number,
    line: number,
  ): void {
    if (bytes !== this.queuedBytes || this.queued === BATCH) this.flush();
    this.queuedBytes = bytes;
    const k = this.queued++;
    const q = this.queue;
    const at = k * QUEUED;
    q[at] = keyStart;
    q[at + 1] = keyEnd;
    q[at + 2] = label;
    q[at + 3] = day;
    q[at + 4] = orderStart;
    q[at + 5] = orderEnd;
    q[at + 6] = line;
    this.queuedUnits[k] = units;
  }

  /**
   * Folds the queued lines, in file order, their customers found together:
   * the keys of the lines that need their customer are interned in one
   * `internAll` (their slots read in one loop: the cache misses of random
   * order overlap; the customers get the indices one line after another
   * would give them), the customers' records are read in one loop, then each
   * line is folded as it came.
   */
  flush(): void {
    const n = this.queued;
    if (n === 0) return;
    this.queued = 0;
    const bytes = this.queuedBytes as Uint8Array;
    this.queuedBytes = null;
    const q = this.queue;
    const keys = this.batchKeys;
    const index = this.batchIndex;
    const np = this.periods.length;
    let m = 0;
    for (let k = 0; k < n; k++) {
      const at = k * QUEUED;
      const day = q[at + 3] as number;
      const period = np === 0 ? -1 : this.periodOf(day);
      q[at + 7] = period;
      if (this.needsCustomer(day, period)) {
        keys[2 * m] = q[at] as number;
        keys[2 * m + 1] = (q[at + 1] as number) - (q[at] as number);
        m++;
      }
    }
    this.keys.internAll(bytes, keys, m, index);
    if (this.keys.capacity > this.capacity) this.grow();
    const ints = this.ints;
    let touched = 0;
    for (let j = 0; j < m; j++) touched |= ints[(index[j] as number) * RECORD_INTS] as number;
    if (np > 0) {
      const pi = this.periodInts;
      const stride = 2 * this.periodStride;
      for (let j = 0; j < m; j++) touched |= pi[(index[j] as number) * stride] as number;
    }
    this.keys.touched |= touched;
    let j = 0;
    for (let k = 0; k < n; k++) {
      const at = k * QUEUED;
      const day = q[at + 3] as number;
      const period = q[at + 7] as number;
      const i = this.needsCustomer(day, period) ? (index[j++] as number) : -1;
      this.fold(
        bytes,
        q[at] as number,
        q[at + 1] as number,
        q[at + 2] as number,
        day,
        this.queuedUnits[k] as number,
        q[at + 4] as number,
        q[at + 5] as number,
        q[at + 6] as number,
        period,
        i,
      );
    }
  }

  /** Whether a line of this day (in `period`, -1: none) adds to its customer's figures. */
  private needsCustomer(day: Day, period: number): boolean {
    const rw = this.revenueWindow;
    return (day >= this.window.from && day <= this.window.to) || (rw !== undefined && day >= rw.from && day <= rw.to) || period >= 0;
  }

  /** One line (`period` from periodOf; `known`: its customer's index when found, else -1). */
  private fold(
    bytes: Uint8Array,
    keyStart: number,
    keyEnd: number,
    label: number,
    day: Day,
    units: number,
    orderStart: number,
    orderEnd: number,
    line: number,
    period: number,
    known: number,
  ): void {
    this.records++;
    this.absUnits += units < 0 ? -units : units;
    // Lines of one order: same order id as the previous order row (checked before it is replaced).
    let sameOrderId = false;
    if (units >= 0) {
      if (this.headRow < 0) this.keepHead(bytes, orderStart, orderEnd, label);
      sameOrderId = orderStart >= 0 && this.sameAsPrevOrderId(bytes, orderStart, orderEnd);
      this.keepOrderId(bytes, orderStart, orderEnd);
    }
    this.coverage.add(day);
    const inWindow = day >= this.window.from && day <= this.window.to;
    const rw = this.revenueWindow;
    const inRevenue = rw !== undefined && day >= rw.from && day <= rw.to;
    if (!inWindow) {
      this.outsideWindow++;
      if (units >= 0) this.prevCustomer = -1;
      if (!inRevenue && period < 0) return;
    }
    const i = known >= 0 ? known : this.customerIndex(bytes, keyStart, keyEnd);
    if (inRevenue) {
      this.revenueRows++;
      if (keyEnd === keyStart) this.noCustomerRevenueRows++;
      const r = i * RECORD_FLOATS + REVENUE;
      this.money[r] = this.checked((this.money[r] as number) + units, line);
    }
    if (period >= 0) {
      const at = i * this.periodStride;
      this.periodMoney[at + 1 + period] = this.checked((this.periodMoney[at + 1 + period] as number) + units, line);
      const pi = this.periodInts;
      if (pi[2 * at] === 0) pi[2 * at + 1] = line;
      (pi[2 * at] as number)++;
    }
    if (!inWindow) return;
    const ints = this.ints;
    const at = i * RECORD_INTS;
    if (ints[at + ROWS] === 0) ints[at + FIRST] = line;
    (ints[at + ROWS] as number)++;
    const channel = this.labelChannel[label] as number;
    if (channel < 0) {
      const u = this.unknownByLabel[label] as UnknownChannel;
      if (u.rows === 0) u.firstLine = line;
      u.rows++;
      u.units += units;
      if (units >= 0) this.prevCustomer = -1;
      return;
    }
    const g = i * NCH + channel;
    if (units < 0) {
      const r = this.returns.get(g);
      if (r) {
        r.count++;
        r.units += units;
      } else this.returns.set(g, { count: 1, units });
      return;
    }
    if (!(sameOrderId && i === this.prevCustomer && label === this.prevLabel)) {
      (ints[at + ORDERS + channel] as number)++;
      if (this.headRow === this.records) this.headCounted = g;
    }
    const m = i * RECORD_FLOATS + AMOUNTS + channel;
    this.money[m] = this.checked((this.money[m] as number) + units, line);
    this.prevCustomer = i;
    this.prevLabel = label;
  }

  /** The period a day falls in (-1: none); counts the rows of the first period and those of none. */
  private periodOf(day: Day): number {
    (this.periodCoverage as WindowCoverage).add(day);
    for (let p = 0; p < this.periods.length; p++) {
      const w = this.periods[p] as DateWindow;
      if (day >= w.from && day <= w.to) return p;
    }
    this.periodOutside++;
    return -1;
  }

  // ----------------------------------------------------------------- reading back

  /** Net amount (money units) of customer `i` over `periods[p]`. */
  periodAmount(i: number, p: number): number {
    return this.periodMoney[i * this.periodStride + 1 + p] as number;
  }
  /** Rows of customer `i` dated in one of the periods, and the line of the first. */
  periodRows(i: number): number {
    return this.periodInts[2 * i * this.periodStride] as number;
  }
  periodFirstLine(i: number): number {
    return this.periodInts[2 * i * this.periodStride + 1] as number;
  }

  customerId(i: number): string {
    return this.keys.key(i);
  }
  /** Line of the customer's first row in the window. */
  firstLine(i: number): number {
    return this.ints[i * RECORD_INTS + FIRST] as number;
  }
  /**
   * A per-customer sum, while it stays exact in a plain number (below
   * MAX_MONEY_UNITS); past it the line is kept in `overflowLine` for the
   * caller to report, never a silent loss of cents.
   */
  private checked(sum: number, line: number): number {
    if (sum > MAX_MONEY_UNITS || sum < -MAX_MONEY_UNITS) this.overflowLine ||= line;
    return sum;
  }

  /** Net amount (money units, returns included) in the revenue window. */
  revenueOf(i: number): number {
    return this.money[i * RECORD_FLOATS + REVENUE] as number;
  }
  /** Rows of the customer in the window (orders, order lines, returns, unknown channels); 0 = seen only in the revenue window. */
  rowsOf(i: number): number {
    return this.ints[i * RECORD_INTS + ROWS] as number;
  }
  orders(i: number, channel: number): number {
    return this.ints[i * RECORD_INTS + ORDERS + channel] as number;
  }
  amount(i: number, channel: number): number {
    return this.money[i * RECORD_FLOATS + AMOUNTS + channel] as number;
  }
  /** The slot of the rows without a customer id, or -1. */
  noCustomerIndex(): number {
    return this.keys.find(this.scratch, 0, 0);
  }
  /** Where revenue comes from when tiers need it: this file over the revenue window (core/revenue.ts). */
  revenueSource(file: string): RevenueSource {
    const rw = this.revenueWindow ?? this.window;
    const total = new ExactSum();
    for (let i = 0; i < this.keys.size; i++) total.add(this.revenueOf(i));
    const none = this.noCustomerIndex();
    return ordersSource(file, rw, this.revenueRows, total.value(), this.noCustomerRevenueRows, none >= 0 ? this.revenueOf(none) : 0);
  }
  /** Unknown channel labels with rows, in the order of their first row (not of label registration: a reader may see a label on a row it then rejects). */
  unknownChannels(): UnknownChannel[] {
    return this.unknownByLabel
      .filter((u) => u.rows > 0)
      .map((u) => ({ ...u }))
      .sort((a, b) => a.firstLine - b.firstLine);
  }

  // ----------------------------------------------------------------- ranges of a file

  /**
   * This tally as a partial for `merge` (a worker thread's range), and the
   * buffers to transfer: its own arrays, not copies (the tally is spent).
   */
  partial(): { partial: TallyPartial; transfer: ArrayBuffer[] } {
    this.flush();
    const keys = this.keys.handOver();
    const returns = new Float64Array(this.returns.size * 3);
    let r = 0;
    for (const [g, { count, units }] of this.returns) {
      returns[r++] = g;
      returns[r++] = count;
      returns[r++] = units;
    }
    const cover = (c: WindowCoverage | undefined) => (c ? [c.rows, c.inWindow, c.first, c.last] : []);
    const partial: TallyPartial = {
      keys,
      records: this.ints.buffer as ArrayBuffer,
      periodRecords: this.periodInts.buffer as ArrayBuffer,
      labels: [...this.labelNames],
      unknown: this.unknownByLabel.map((u) => ({ ...u })),
      returns,
      counts: [
        this.records,
        this.outsideWindow,
        this.overflowLine,
        this.revenueRows,
        this.noCustomerRevenueRows,
        this.periodOutside,
        this.absUnits,
      ],
      coverage: cover(this.coverage),
      periodCoverage: cover(this.periodCoverage),
      headCounted: this.headCounted,
      headOrderId: this.headOrderId,
      headLabel: this.headLabel,
      tail:
        this.headRow < 0
          ? null
          : {
              orderId: this.prevOrderIdLength < 0 ? null : this.prevOrderId.slice(0, this.prevOrderIdLength),
              customer: this.prevCustomer,
              label: this.prevLabel,
            },
    };
    const arrays = [this.ints, this.periodInts, keys.bytes, keys.spans, keys.slots, partial.returns];
    return { partial, transfer: arrays.map((a) => a.buffer as ArrayBuffer) };
  }

  /**
   * Adds the tally of the lines after this one's (a range of the same file,
   * its lines offset by `lineBase`), as if this tally had read them: sums
   * and counts added, first lines kept, customers and labels in the order
   * they first came, an order whose lines straddle the cut counted once.
   * False when a customer's sum may have passed MAX_MONEY_UNITS somewhere
   * (its line cannot be told from the sums): read the file in one pass.
   */
  merge(p: TallyPartial, lineBase: number): boolean {
    this.flush();
    const labelOf = p.labels.map((label) => this.labelIndex(label));
    p.unknown.forEach((u, j) => {
      if (u.rows === 0) return;
      const m = this.unknownByLabel[labelOf[j] as number] as UnknownChannel;
      if (m.rows === 0) m.firstLine = u.firstLine + lineBase;
      m.rows += u.rows;
      m.units += u.units;
    });
    const n = p.keys.size;
    // The range's customers found here in the order of the range's slots (KeyTable.findAll: this table's slots read
    // nearly in sequence); then, in the range's order, those not found interned in batches (KeyTable.internAll): new
    // ones get the indices one lookup after another would give them.
    const customerOf = new Int32Array(n);
    this.keys.findAll(p.keys, customerOf);
    const missing = new Int32Array(2 * MERGE_BATCH);
    const missingOf = new Int32Array(MERGE_BATCH);
    const added = new Int32Array(MERGE_BATCH);
    const range: RangeRecords = {
      ints: new Int32Array(p.records),
      money: new Float64Array(p.records),
      periodInts: new Int32Array(p.periodRecords),
      periodMoney: new Float64Array(p.periodRecords),
    };
    for (let from = 0; from < n; from += MERGE_BATCH) {
      const count = Math.min(MERGE_BATCH, n - from);
      let m = 0;
      for (let j = from; j < from + count; j++) {
        if ((customerOf[j] as number) >= 0) continue;
        missing[2 * m] = p.keys.spans[2 * j] as number;
        missing[2 * m + 1] = p.keys.spans[2 * j + 1] as number;
        missingOf[m++] = j;
      }
      if (m > 0) {
        this.keys.internAll(p.keys.bytes, missing, m, added);
        if (this.keys.capacity > this.capacity) this.grow();
        for (let k = 0; k < m; k++) customerOf[missingOf[k] as number] = added[k] as number;
      }
      let touched = 0;
      for (let j = from; j < from + count; j++) touched |= this.ints[(customerOf[j] as number) * RECORD_INTS] as number;
      this.keys.touched |= touched;
      for (let j = from; j < from + count; j++) this.mergeCustomer(range, j, customerOf[j] as number, lineBase);
    }
    const group = (g: number) => (customerOf[Math.floor(g / NCH)] as number) * NCH + (g % NCH);
    for (let r = 0; r < p.returns.length; r += 3) {
      const g = group(p.returns[r] as number);
      const count = p.returns[r + 1] as number;
      const units = p.returns[r + 2] as number;
      const totals = this.returns.get(g);
      if (totals) {
        totals.count += count;
        totals.units += units;
      } else this.returns.set(g, { count, units });
    }
    // The range's first order row was counted as a new order: it is another line of the order before the cut when
    // it has the order id, customer and channel label of the last order row here.
    if (p.headCounted >= 0) {
      const g = group(p.headCounted);
      const id = p.headOrderId;
      const same = id !== null && this.sameAsPrevOrderId(id, 0, id.length);
      if (same && Math.floor(g / NCH) === this.prevCustomer && labelOf[p.headLabel] === this.prevLabel)
        (this.ints[Math.floor(g / NCH) * RECORD_INTS + ORDERS + (g % NCH)] as number)--;
    }
    if (p.tail) {
      const id = p.tail.orderId;
      this.keepOrderId(id ?? new Uint8Array(0), id ? 0 : -1, id ? id.length : -1);
      this.prevCustomer = p.tail.customer < 0 ? -1 : (customerOf[p.tail.customer] as number);
      this.prevLabel = p.tail.label < 0 ? -1 : (labelOf[p.tail.label] as number);
    }
    const [records, outside, overflow, revenueRows, noCustomerRevenueRows, periodOutside, absUnits] = p.counts as number[];
    this.records += records as number;
    this.outsideWindow += outside as number;
    this.revenueRows += revenueRows as number;
    this.noCustomerRevenueRows += noCustomerRevenueRows as number;
    this.periodOutside += periodOutside as number;
    this.absUnits += absUnits as number;
    mergeCoverage(this.coverage, p.coverage);
    if (this.periodCoverage) mergeCoverage(this.periodCoverage, p.periodCoverage);
    // Half the bound: the sum of |amount| is a float, exact only below 2^53.
    return this.overflowLine === 0 && overflow === 0 && this.absUnits <= MAX_MONEY_UNITS / 2;
  }

  /** Customer j of a range's partial added to customer i of this tally. */
  private mergeCustomer(range: RangeRecords, j: number, i: number, lineBase: number): void {
    const { ints: pInts, money: pMoney, periodInts: pPeriodInts, periodMoney: pPeriodMoney } = range;
    const np = this.periods.length;
    const ints = this.ints;
    const money = this.money;
    const a = i * RECORD_INTS;
    const b = j * RECORD_INTS;
    const rows = pInts[b + ROWS] as number;
    if (rows > 0) {
      if (ints[a + ROWS] === 0) ints[a + FIRST] = (pInts[b + FIRST] as number) + lineBase;
      ints[a + ROWS] = (ints[a + ROWS] as number) + rows;
    }
    for (let c = 0; c < NCH; c++) ints[a + ORDERS + c] = (ints[a + ORDERS + c] as number) + (pInts[b + ORDERS + c] as number);
    for (let f = AMOUNTS; f < RECORD_FLOATS; f++)
      money[i * RECORD_FLOATS + f] = (money[i * RECORD_FLOATS + f] as number) + (pMoney[j * RECORD_FLOATS + f] as number);
    if (np > 0) {
      const stride = this.periodStride;
      const pm = this.periodMoney;
      for (let q = 1; q <= np; q++) pm[i * stride + q] = (pm[i * stride + q] as number) + (pPeriodMoney[j * stride + q] as number);
      const pi = this.periodInts;
      const periodRows = pPeriodInts[2 * j * stride] as number;
      if (periodRows > 0) {
        if (pi[2 * i * stride] === 0) pi[2 * i * stride + 1] = (pPeriodInts[2 * j * stride + 1] as number) + lineBase;
        pi[2 * i * stride] = (pi[2 * i * stride] as number) + periodRows;
      }
    }
  }

  /** The first order row's order id and label (a range's merge checks whether it continues the order before it). */
  private keepHead(bytes: Uint8Array, orderStart: number, orderEnd: number, label: number): void {
    this.headRow = this.records;
    this.headOrderId = orderStart < 0 ? null : bytes.slice(orderStart, orderEnd);
    this.headLabel = label;
  }

  // ----------------------------------------------------------------- internals

  private encode(text: string, at: number): number {
    if (this.scratch.length < at + text.length * 3) {
      const bigger = new Uint8Array(Math.max(this.scratch.length * 2, at + text.length * 3));
      bigger.set(this.scratch.subarray(0, at));
      this.scratch = bigger;
    }
    return encoder.encodeInto(text, this.scratch.subarray(at)).written;
  }

  private sameAsPrevOrderId(bytes: Uint8Array, start: number, end: number): boolean {
    const n = end - start;
    if (n !== this.prevOrderIdLength || n === 0) return false;
    const prev = this.prevOrderId;
    for (let k = 0; k < n; k++) if (prev[k] !== bytes[start + k]) return false;
    return true;
  }

  private keepOrderId(bytes: Uint8Array, start: number, end: number): void {
    if (start < 0) {
      this.prevOrderIdLength = -1;
      return;
    }
    const n = end - start;
    if (n > this.prevOrderId.length) this.prevOrderId = new Uint8Array(n * 2);
    const prev = this.prevOrderId;
    for (let k = 0; k < n; k++) prev[k] = bytes[start + k] as number;
    this.prevOrderIdLength = n;
  }

  /** customers.csv is present: from now on a customer is unknown unless markKnown names it. */
  checkCustomers(): void {
    this.knownChecked = true;
  }

  /**
   * Marks a customer id of customers.csv as known; returns the customer's
   * index, or -1 for an id with no order line (nothing to mark).
   */
  markKnown(id: string): number {
    const i = this.keys.findText(id);
    if (i >= 0) this.known[i] = 1;
    return i;
  }

  /** In customers.csv (after markKnown); true when there was no customers.csv to check against. */
  isKnown(i: number): boolean {
    return !this.knownChecked || this.known[i] === 1;
  }

  private lastCustomer = -1;
  private customerIndex(bytes: Uint8Array, start: number, end: number): number {
    // Exports often list a customer's orders together: try the previous row's customer first.
    const last = this.lastCustomer;
    if (last >= 0 && this.keys.is(last, bytes, start, end)) return last;
    const i = this.keys.intern(bytes, start, end);
    if (this.keys.capacity > this.capacity) this.grow();
    this.lastCustomer = i;
    return i;
  }

  /** Room for the customers the key table holds now. */
  private grow(): void {
    this.adopt(this.roomFor(this.keys.capacity));
  }

  /** The customers' arrays with room for `capacity` customers, what they hold copied (not yet this tally's). */
  private roomFor(capacity: number): CustomerRoom {
    return {
      capacity,
      ints: grown(this.ints, capacity * RECORD_INTS),
      periodInts: this.periods.length > 0 ? grown(this.periodInts, capacity * 2 * this.periodStride) : this.periodInts,
      known: grown(this.known, capacity),
    };
  }

  private adopt(room: CustomerRoom): void {
    this.ints = room.ints;
    this.money = new Float64Array(room.ints.buffer);
    this.periodInts = room.periodInts;
    this.periodMoney = new Float64Array(room.periodInts.buffer);
    this.known = room.known;
    this.capacity = room.capacity;
  }
}

/** OrderTally's arrays by customer, with room for `capacity` customers. */
interface CustomerRoom {
  capacity: number;
  ints: Int32Array<ArrayBuffer>;
  periodInts: Int32Array<ArrayBuffer>;
  known: Uint8Array<ArrayBuffer>;
}

/** A range's customer records (TallyPartial's records and periodRecords), as int32 and as float64. */
interface RangeRecords {
  ints: Int32Array;
  money: Float64Array;
  periodInts: Int32Array;
  periodMoney: Float64Array;
}

/** A range's coverage (rows, in the window, first and last day) added to `c`. */
function mergeCoverage(c: WindowCoverage, [rows, inWindow, first, last]: number[]): void {
  c.rows += rows as number;
  c.inWindow += inWindow as number;
  c.first = Math.min(c.first, first as number);
  c.last = Math.max(c.last, last as number);
}

// ---------------------------------------------------------------------------
// Shifts
// ---------------------------------------------------------------------------

/** `--shift field:phone=30%`, or per tier `--shift C:field:web=50%`. */
export interface Shift {
  tier: Tier | undefined;
  from: Channel;
  to: Channel;
  /** Share of the `from` channel's orders moved, 0..1. */
  share: number;
  text: string;
}

/**
 * Why a set of shifts is impossible, or undefined: in any tier, the shares
 * moved out of one channel (shifts for all tiers plus that tier's own) must
 * not add up to more than 100%.
 */
export function shiftProblem(shifts: readonly Shift[]): string | undefined {
  for (const s of shifts) if (s.from === s.to) return `--shift ${s.text}: moves ${s.from} orders to ${s.from}`;
  for (const tier of [undefined, ...TIERS]) {
    for (const channel of CHANNELS) {
      const out = shifts.filter((s) => s.from === channel && (s.tier === undefined || s.tier === tier));
      const total = out.reduce((t, s) => t + s.share, 0);
      if (total > 1 + 1e-9) {
        const scope = tier === undefined ? '' : ` in tier ${tier}`;
        return `--shift moves ${round(total * 100, 4)}% of ${channel} orders${scope} elsewhere (${out.map((s) => s.text).join(', ')}); at most 100% can move`;
      }
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Analysis
// ---------------------------------------------------------------------------

export type CostBy = 'channel' | 'customer' | 'segment' | 'tier';

/** Where a customer sits in plan segment's ranking. */
export interface Placement {
  segment: string;
  tier: Tier | null;
}

/**
 * The flag for customers worth moving to a cheaper channel: at least
 * `mostly` of their orders go through costly channels (cost per order at
 * least `costly` of the dearest channel's), and those orders are small: their
 * channel cost is at least `smallOrder` of their value.
 */
export const FLAG_RULE = { costly: 0.25, mostly: 0.5, smallOrder: 0.1 } as const;

export interface CostOptions {
  costs: ChannelCosts;
  by: CostBy;
  shifts: readonly Shift[];
  /** Segment and tier of a customer (customers.csv + market.csv through the segment core), by id and tally index. */
  placement?: (id: string, customer: number) => Placement | undefined;
  /** Where the revenue behind the tiers came from (with `placement`). */
  revenueSource?: RevenueSource;
  /** Customer rows to list with --by customer (all when undefined). */
  top?: number;
}

export type ChannelMap<T> = Record<Channel, T>;

export interface ChannelResult {
  channel: Channel;
  costPerOrder: number;
  customers: number;
  orders: number;
  revenue: number;
  /** The exact sums rounded to whole cents, as decimal strings (exact at any size; `revenue` and `returned` are numbers). */
  revenueCents: string;
  cost: number;
  averageOrder: number | null;
  /** Cost as a share of revenue. */
  costToRevenue: number | null;
  orderShare: number;
  costShare: number;
  returns: number;
  returned: number;
  returnedCents: string;
  /** With --shift: the channel after the shifts. */
  after: { orders: number; cost: number; saving: number } | null;
}

export interface CustomerResult {
  rank: number;
  id: string;
  /** In customers.csv; null when there is no customers.csv. */
  known: boolean | null;
  segment: string | null;
  tier: Tier | null;
  orders: number;
  revenue: number;
  cost: number;
  costPerOrder: number | null;
  costToRevenue: number | null;
  averageOrder: number | null;
  mainChannel: Channel | null;
  mainChannelShare: number | null;
  ordersByChannel: ChannelMap<number>;
  returns: number;
  returned: number;
  flagged: boolean;
  /** Why a flagged customer is flagged (null when it is not): the figures its "why" is worded from (views/cost.ts). */
  costly: CostlyOrders | null;
}

/** A customer's orders through the costly channels (those of the flag rule it ordered through). */
export interface CostlyOrders {
  channels: Channel[];
  orders: number;
  /** Of the customer's orders, 0..1. */
  share: number;
  /** Their average amount, to the cent. */
  averageOrder: number;
}

export interface GroupResult {
  group: string;
  tier: Tier | null;
  customers: number;
  orders: number;
  revenue: number;
  /** The exact sum of revenue rounded to whole cents, as a decimal string. */
  revenueCents: string;
  cost: number;
  costPerOrder: number | null;
  costToRevenue: number | null;
  orderShare: number;
  costShare: number;
  ordersByChannel: ChannelMap<number>;
  costByChannel: ChannelMap<number>;
  flagged: number;
}

export interface CostAnalysis {
  by: CostBy;
  /** Where the revenue behind segments and tiers came from; null without them. */
  revenueSource: RevenueSource | null;
  window: DateWindow;
  costs: ChannelCosts;
  flagRule: { costlyChannels: Channel[]; mostly: number; smallOrder: number; text: string };
  totals: {
    customers: number;
    orders: number;
    revenue: number;
    cost: number;
    /** The exact sums rounded to whole cents, as decimal strings (exact at any size). */
    revenueCents: string;
    costCents: string;
    costPerOrder: number | null;
    costToRevenue: number | null;
    returns: number;
    returned: number;
    returnedCents: string;
    flagged: number;
    /** Valid rows read, and those dated outside the window. */
    rows: number;
    outsideWindow: number;
  };
  channels: ChannelResult[];
  shift: {
    shifts: { tier: Tier | null; from: Channel; to: Channel; share: number; text: string }[];
    before: number;
    after: number;
    saving: number;
    savingShare: number | null;
  } | null;
  unknownChannels: UnknownChannel[];
  unknownCustomers: UnknownKeyReport | null;
  /** Rows in the window without a customer id: in the channel figures, in no customer's. */
  noCustomer: { rows: number; firstLine: number; orders: number; revenue: number; cost: number } | null;
  customers: CustomerResult[];
  groups: GroupResult[];
}

const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
const share = (part: number, whole: number): number => (whole > 0 ? round(part / whole, 6) : 0);
const ratio = (part: number, whole: number): number | null => (whole > 0 ? round(part / whole, 6) : null);
/** Money units -> currency units, rounded to the cent once (schema/money.ts). */
const money = moneyOf;

export function analyseCost(tally: OrderTally, options: CostOptions): CostAnalysis {
  const { costs } = options;
  // Cost per order in money units, cleaned of float noise (0.025 * 100 = 2.5000000000000004).
  const unitCost = CHANNELS.map((c) => round(costs.costs[c] * MONEY_SCALE, 6));
  const dearest = Math.max(...unitCost);
  const costly = CHANNELS.map((_, c) => dearest > 0 && (unitCost[c] as number) >= FLAG_RULE.costly * dearest);
  const costlyChannels = CHANNELS.filter((_, c) => costly[c]);

  const n = tally.customers;
  const channelOrders = new Float64Array(NCH);
  const channelCustomers = new Float64Array(NCH);
  const channelAmount = CHANNELS.map(() => new ExactSum());
  const channelReturns = new Float64Array(NCH);
  const channelReturned = CHANNELS.map(() => new ExactSum());
  // Per-customer figures in typed arrays, for a list of customers or of groups only (a million customers: 40 MB,
  // whose first writes were most of this function's time on the channel table); objects only for listed rows.
  const listing = options.by === 'customer';
  const groupOf = options.by === 'segment' || options.by === 'tier' ? new Int32Array(n) : undefined;
  const kept = listing || groupOf !== undefined ? n : 0;
  const returnsOf = new Float64Array(listing ? n : 0);
  const returnedOf = new Float64Array(listing ? n : 0);
  for (const [g, r] of tally.returns) {
    const c = g % NCH;
    const i = (g - c) / NCH;
    channelReturns[c] = (channelReturns[c] as number) + r.count;
    (channelReturned[c] as ExactSum).add(r.units);
    if (!listing) continue;
    returnsOf[i] = (returnsOf[i] as number) + r.count;
    returnedOf[i] = (returnedOf[i] as number) + r.units;
  }

  const checked = tally.knownChecked;
  const needIds = checked || options.placement !== undefined || options.by === 'customer';
  const ids: string[] = needIds ? new Array(n) : [];
  // Only unknown ids are fed to it, so it knows none.
  const unknown = checked ? new UnknownKeys(new Set()) : undefined;
  const tierOf = new Int8Array(n).fill(-1);
  const wantTiers = options.shifts.some((s) => s.tier !== undefined);
  const groups = new Map<string, { tier: Tier | null; index: number }>();
  const orders = new Float64Array(kept);
  const revenueUnits = new Float64Array(kept);
  const costUnits = new Float64Array(kept);
  const flagged = new Uint8Array(kept);
  let flaggedCount = 0;
  let customerCount = 0;
  // Rows without a customer id: costed by channel, never a customer (README "Rows").
  const none = tally.noCustomerIndex();
  let noneFigures: { orders: number; units: number; cost: number } | undefined;

  for (let i = 0; i < n; i++) {
    // Customers seen only in the revenue window have nothing to cost.
    if (tally.rowsOf(i) === 0) continue;
    if (i !== none) customerCount++;
    const id = needIds ? tally.customerId(i) : '';
    if (needIds) ids[i] = id;
    if (unknown && i !== none && !tally.isKnown(i)) {
      const rows = tally.rowsOf(i);
      for (let k = 0; k < rows; k++) unknown.check(id, tally.firstLine(i));
    }
    let o = 0;
    let amount = 0;
    let cost = 0;
    let costlyOrders = 0;
    let costlyUnits = 0;
    let costlyCost = 0;
    for (let c = 0; c < NCH; c++) {
      const oc = tally.orders(i, c);
      const rc = tally.amount(i, c);
      if (oc === 0 && rc === 0) continue;
      const kc = Math.round(oc * (unitCost[c] as number));
      channelOrders[c] = (channelOrders[c] as number) + oc;
      if (oc > 0) channelCustomers[c] = (channelCustomers[c] as number) + 1;
      (channelAmount[c] as ExactSum).add(rc);
      o += oc;
      amount += rc;
      cost += kc;
      if (costly[c]) {
        costlyOrders += oc;
        costlyUnits += rc;
        costlyCost += kc;
      }
    }
    const flag =
      i !== none && o > 0 && costlyOrders >= FLAG_RULE.mostly * o && (costlyUnits <= 0 || costlyCost >= FLAG_RULE.smallOrder * costlyUnits);
    if (flag) flaggedCount++;
    if (i === none) noneFigures = { orders: o, units: amount, cost };
    if (kept > 0) {
      orders[i] = o;
      revenueUnits[i] = amount;
      costUnits[i] = cost;
      flagged[i] = flag ? 1 : 0;
    }
    if (options.placement && (wantTiers || groupOf)) {
      const known = tally.isKnown(i);
      const place = known && i !== none ? options.placement(id, i) : undefined;
      if (place?.tier) tierOf[i] = TIERS.indexOf(place.tier);
      if (groupOf) {
        const label =
          place === undefined
            ? i === none
              ? '(no customer)'
              : known
                ? '(not placed)'
                : '(unknown customer)'
            : options.by === 'tier'
              ? (place.tier ?? '(no tier)')
              : place.segment;
        let group = groups.get(label);
        if (!group) {
          group = { tier: place?.tier ?? null, index: groups.size };
          groups.set(label, group);
        }
        groupOf[i] = group.index;
      }
    }
  }

  // Channels.
  const totalOrders = channelOrders.reduce((t, x) => t + x, 0);
  const channelCost = CHANNELS.map((_, c) => Math.round((channelOrders[c] as number) * (unitCost[c] as number)));
  const totalCost = channelCost.reduce((t, x) => t + x, 0);
  const revenueByChannel = channelAmount.map((s) => s.value());
  const totalRevenue = revenueByChannel.reduce((t, x) => t + x, 0n);
  const after = shiftedOrders(tally, options.shifts, tierOf, channelOrders);
  const afterCost = after ? CHANNELS.map((_, c) => Math.round((after[c] as number) * (unitCost[c] as number))) : undefined;
  const channels: ChannelResult[] = CHANNELS.map((channel, c) => {
    const o = channelOrders[c] as number;
    const rev = revenueByChannel[c] as bigint;
    const cost = channelCost[c] as number;
    return {
      channel,
      costPerOrder: costs.costs[channel],
      customers: channelCustomers[c] as number,
      orders: o,
      revenue: money(rev),
      revenueCents: centsText(rev),
      cost: money(cost),
      averageOrder: o > 0 ? round(unitsToNumber(rev) / o, 2) : null,
      costToRevenue: rev > 0n ? round(cost / Number(rev), 6) : null,
      orderShare: share(o, totalOrders),
      costShare: share(cost, totalCost),
      returns: channelReturns[c] as number,
      returned: money((channelReturned[c] as ExactSum).value()),
      returnedCents: centsText((channelReturned[c] as ExactSum).value()),
      after:
        after && afterCost
          ? { orders: round(after[c] as number, 4), cost: money(afterCost[c] as number), saving: money(cost - (afterCost[c] as number)) }
          : null,
    };
  });
  const totalAfter = afterCost?.reduce((t, x) => t + x, 0);

  // Customers.
  let customers: CustomerResult[] = [];
  if (options.by === 'customer') {
    const key = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const rev = revenueUnits[i] as number;
      const cost = costUnits[i] as number;
      key[i] = rev > 0 ? cost / rev : cost > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    }
    const order: number[] = [];
    for (let i = 0; i < n; i++) if (tally.rowsOf(i) > 0 && i !== none) order.push(i);
    order.sort(
      (a, b) =>
        (key[b] as number) - (key[a] as number) ||
        (costUnits[b] as number) - (costUnits[a] as number) ||
        compareText(ids[a] as string, ids[b] as string),
    );
    const listed = options.top === undefined ? order : order.slice(0, options.top);
    customers = listed.map((i, r) =>
      customerResult(tally, i, r + 1, ids[i] as string, options, {
        orders: orders[i] as number,
        revenueUnits: revenueUnits[i] as number,
        costUnits: costUnits[i] as number,
        returns: returnsOf[i] as number,
        returnedUnits: returnedOf[i] as number,
        flagged: flagged[i] === 1,
        unitCost,
        costly,
      }),
    );
  }

  // Segments or tiers.
  const groupResults: GroupResult[] = [];
  if (groupOf) {
    const size = groups.size;
    const gCustomers = new Float64Array(size);
    const gOrders = new Float64Array(size * NCH);
    const gAmount = Array.from({ length: size }, () => new ExactSum());
    const gFlagged = new Float64Array(size);
    for (let i = 0; i < n; i++) {
      if (tally.rowsOf(i) === 0) continue;
      const g = groupOf[i] as number;
      if (i !== none) gCustomers[g] = (gCustomers[g] as number) + 1;
      (gAmount[g] as ExactSum).add(revenueUnits[i] as number);
      gFlagged[g] = (gFlagged[g] as number) + (flagged[i] as number);
      for (let c = 0; c < NCH; c++) gOrders[g * NCH + c] = (gOrders[g * NCH + c] as number) + tally.orders(i, c);
    }
    for (const [label, { tier, index: g }] of groups) {
      const byChannel = CHANNELS.map((_, c) => gOrders[g * NCH + c] as number);
      const costByChannel = byChannel.map((o, c) => Math.round(o * (unitCost[c] as number)));
      const o = byChannel.reduce((t, x) => t + x, 0);
      const cost = costByChannel.reduce((t, x) => t + x, 0);
      const rev = (gAmount[g] as ExactSum).value();
      groupResults.push({
        group: label,
        tier,
        customers: gCustomers[g] as number,
        orders: o,
        revenue: money(rev),
        revenueCents: centsText(rev),
        cost: money(cost),
        costPerOrder: o > 0 ? round(unitsToNumber(cost) / o, 2) : null,
        costToRevenue: rev > 0n ? round(cost / Number(rev), 6) : null,
        orderShare: share(o, totalOrders),
        costShare: share(cost, totalCost),
        ordersByChannel: channelMap(byChannel),
        costByChannel: channelMap(costByChannel.map((x) => money(x))),
        flagged: gFlagged[g] as number,
      });
    }
    // Tiers in their order (A, B, C, then the rest); segments by cost, most first.
    const tierRank = (g: GroupResult) => (TIERS as readonly string[]).indexOf(g.group) >>> 0;
    groupResults.sort((a, b) =>
      options.by === 'tier' ? tierRank(a) - tierRank(b) || compareText(a.group, b.group) : b.cost - a.cost || compareText(a.group, b.group),
    );
  }

  const returnsTotal = channelReturns.reduce((t, x) => t + x, 0);
  const returnedTotal = channelReturned.reduce((t, s) => t + s.value(), 0n);
  const costlyText = costlyChannels.join(' and ');
  return {
    by: options.by,
    revenueSource: options.revenueSource ?? null,
    window: tally.window,
    costs,
    flagRule: {
      costlyChannels,
      mostly: FLAG_RULE.mostly,
      smallOrder: FLAG_RULE.smallOrder,
      text: `flagged: at least ${FLAG_RULE.mostly * 100}% of orders through ${costlyText || 'costly channels'} (cost per order at least ${FLAG_RULE.costly * 100}% of the dearest channel's) and those orders small: their channel cost is at least ${FLAG_RULE.smallOrder * 100}% of their value`,
    },
    totals: {
      customers: customerCount,
      orders: totalOrders,
      revenue: money(totalRevenue),
      cost: money(totalCost),
      revenueCents: centsText(totalRevenue),
      costCents: centsText(totalCost),
      costPerOrder: totalOrders > 0 ? round(unitsToNumber(totalCost) / totalOrders, 2) : null,
      costToRevenue: totalRevenue > 0n ? round(totalCost / Number(totalRevenue), 6) : null,
      returns: returnsTotal,
      returned: money(returnedTotal),
      returnedCents: centsText(returnedTotal),
      flagged: flaggedCount,
      rows: tally.records,
      outsideWindow: tally.outsideWindow,
    },
    channels,
    shift:
      totalAfter === undefined
        ? null
        : {
            shifts: options.shifts.map((s) => ({ tier: s.tier ?? null, from: s.from, to: s.to, share: s.share, text: s.text })),
            before: money(totalCost),
            after: money(totalAfter),
            saving: money(totalCost - totalAfter),
            savingShare: ratio(totalCost - totalAfter, totalCost),
          },
    unknownChannels: tally.unknownChannels().sort((a, b) => b.rows - a.rows || a.firstLine - b.firstLine),
    unknownCustomers: unknown ? unknown.report() : null,
    noCustomer: noneFigures
      ? {
          rows: tally.rowsOf(none),
          firstLine: tally.firstLine(none),
          orders: noneFigures.orders,
          revenue: money(noneFigures.units),
          cost: money(noneFigures.cost),
        }
      : null,
    customers,
    groups: groupResults,
  };
}

/**
 * Orders per channel after the shifts: in each tier (and for customers
 * without one), a shift moves its share of the `from` channel's orders as
 * they were before any shift; shifts for all tiers apply in every tier.
 */
function shiftedOrders(tally: OrderTally, shifts: readonly Shift[], tierOf: Int8Array, totals: Float64Array): Float64Array | undefined {
  if (shifts.length === 0) return undefined;
  // Orders by scope (A, B, C, none) x channel.
  const scoped = new Float64Array(4 * NCH);
  if (shifts.some((s) => s.tier !== undefined)) {
    for (let i = 0; i < tally.customers; i++) {
      const t = tierOf[i] as number;
      const scope = t < 0 ? 3 : t;
      for (let c = 0; c < NCH; c++) scoped[scope * NCH + c] = (scoped[scope * NCH + c] as number) + tally.orders(i, c);
    }
  } else scoped.set(totals, 3 * NCH);
  const after = new Float64Array(NCH);
  for (let scope = 0; scope < 4; scope++) {
    const tier = TIERS[scope];
    const before = scoped.subarray(scope * NCH, scope * NCH + NCH);
    const moved = new Float64Array(before);
    for (const s of shifts) {
      if (s.tier !== undefined && s.tier !== tier) continue;
      const from = CHANNELS.indexOf(s.from);
      const to = CHANNELS.indexOf(s.to);
      const amount = (before[from] as number) * s.share;
      moved[from] = (moved[from] as number) - amount;
      moved[to] = (moved[to] as number) + amount;
    }
    for (let c = 0; c < NCH; c++) after[c] = (after[c] as number) + Math.max(0, moved[c] as number);
  }
  return after;
}

function customerResult(
  tally: OrderTally,
  i: number,
  rank: number,
  id: string,
  options: CostOptions,
  f: {
    orders: number;
    revenueUnits: number;
    costUnits: number;
    returns: number;
    returnedUnits: number;
    flagged: boolean;
    unitCost: number[];
    costly: boolean[];
  },
): CustomerResult {
  const byChannel = CHANNELS.map((_, c) => tally.orders(i, c));
  let main = -1;
  for (let c = 0; c < NCH; c++) {
    const o = byChannel[c] as number;
    // Most orders; a tie goes to the dearer channel.
    if (
      o > 0 &&
      (main < 0 || o > (byChannel[main] as number) || (o === byChannel[main] && (f.unitCost[c] as number) > (f.unitCost[main] as number)))
    )
      main = c;
  }
  const known = tally.knownChecked ? tally.isKnown(i) : null;
  const place = known === false ? undefined : options.placement?.(id, i);
  let costly: CostlyOrders | null = null;
  if (f.flagged) {
    let costlyOrders = 0;
    let costlyUnits = 0;
    for (let c = 0; c < NCH; c++) {
      if (!f.costly[c]) continue;
      costlyOrders += byChannel[c] as number;
      costlyUnits += tally.amount(i, c);
    }
    costly = {
      channels: CHANNELS.filter((_, c) => f.costly[c] && (byChannel[c] as number) > 0),
      orders: costlyOrders,
      share: share(costlyOrders, f.orders),
      averageOrder: costlyOrders > 0 ? round(unitsToNumber(costlyUnits) / costlyOrders, 2) : 0,
    };
  }
  return {
    rank,
    id,
    known,
    segment: place?.segment ?? null,
    tier: place?.tier ?? null,
    orders: f.orders,
    revenue: money(f.revenueUnits),
    cost: money(f.costUnits),
    costPerOrder: f.orders > 0 ? round(unitsToNumber(f.costUnits) / f.orders, 2) : null,
    costToRevenue: f.revenueUnits > 0 ? round(f.costUnits / f.revenueUnits, 6) : null,
    averageOrder: f.orders > 0 ? round(unitsToNumber(f.revenueUnits) / f.orders, 2) : null,
    mainChannel: main < 0 ? null : (CHANNELS[main] as Channel),
    mainChannelShare: main < 0 ? null : share(byChannel[main] as number, f.orders),
    ordersByChannel: channelMap(byChannel),
    returns: f.returns,
    returned: money(f.returnedUnits),
    flagged: f.flagged,
    costly,
  };
}

function channelMap<T>(values: readonly T[]): ChannelMap<T> {
  return Object.fromEntries(CHANNELS.map((c, i) => [c, values[i]])) as ChannelMap<T>;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
