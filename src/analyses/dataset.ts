/**
 * One run's data. The analyses of a run say up front what they need
 * (`Needs`); the dataset then reads each input file at most once, folding a
 * large file into every accumulator asked for in that single pass, and keeps
 * the typed results several analyses share: the market cells, where each
 * account lands in the segment analysis, the accounts with their tiers, the
 * order tally, the touches per account, reps. `plan report` runs every
 * analysis on one dataset; a command runs its own on its own.
 *
 * Order of the passes: market.csv, then customers.csv. Once its header is
 * read, orders.csv is folded before the customer rows when cost needs it or
 * when customers.csv has no revenue_12m (revenue then comes from the orders
 * of the 12 months to --as-of), so each customer row meets its revenue and
 * is marked known in the order tally as it streams by; the same pass feeds
 * the product fold (order lines by product) and the backtest's revenue
 * around --as-of when those are asked for, so orders.csv is still read
 * once. contacts.csv is folded over the accounts last.
 */
import { resolveChannelCosts } from '../core/channels.js';
import {
  type AccountSource,
  CONTACT_COLUMNS,
  type ContactAccount,
  type ContactFold,
  type ContactPartial,
  type ContactRangeSetup,
  countSalesIn,
  createContactFold,
  type IgnoredTouches,
  YEAR_DAYS,
} from '../core/contact.js';
import { ContactAccountStore } from '../core/contact-accounts.js';
import {
  type Placement as CostPlacement,
  costWindow,
  type OrderTally,
  orderTally,
  type TallyPartial,
  type TallySetup,
} from '../core/cost.js';
import { buildCatalog, createProductFold, type NextBest, PRODUCT_DEFAULTS, type ProductAnalysis } from '../core/products.js';
import { describeUnknown, type NoCustomer, noCustomerProblem } from '../core/references.js';
import { type PeriodRevenue, periodRevenue, type RevenueSource, revenueWindow, sumRevenueAround } from '../core/revenue.js';
import type { ScheduleAccount } from '../core/schedule.js';
import {
  buildMarket,
  createSegmentFold,
  DIMENSIONS,
  type Dimension,
  type MarketCell,
  type Placement,
  type RankBy,
  SEGMENT_COLUMNS,
  SEGMENT_LISTING_COLUMNS,
  type SegmentAnalysis,
} from '../core/segment.js';
import { activityTally, type TimePeriodOptions, type TimeTally } from '../core/time.js';
import type { DateWindow, WindowCoverage } from '../core/window.js';
import { grouped, PlanError } from '../errors.js';
import { readActivitiesFast } from '../io/fast-activities.js';
import { readContactsFast, TOUCH_COLUMNS } from '../io/fast-contacts.js';
import { readCustomersFast } from '../io/fast-customers.js';
import { type OrderSink, readOrdersFast } from '../io/fast-orders.js';
import type { ParallelPlan } from '../io/fast-read.js';
import type { ProblemLog } from '../io/problems.js';
import type { InputRef } from '../io/source.js';
import { fold, type ReadContext, type ReadRequest } from '../io/table.js';
import { type Day, formatDay } from '../schema/calendar.js';
import { ownText } from '../schema/cells.js';
import type { Channel, Config, FileKey } from '../schema/config.js';
import { type AbsenceRow, type CustomerRow, FILES, type FileSpec, type ProductRow, type RepRow } from '../schema/files.js';
import { MAX_MONEY } from '../schema/money.js';
import { HINTS } from './hints.js';

/** What a run reads from: config, the input files and their readers, the problem log. */
export interface DataSource {
  /** The command, for "plan COMMAND needs FILE" messages. */
  command: string;
  config: Config;
  asOf: Day;
  dataDir: string;
  problems: ProblemLog;
  /** Reading options and hooks (encoding, delimiter, progress, ...), for readers beside `stream`. */
  read: ReadContext;
  /** The input of `key`, or a "needs FILE" error (exit 66). */
  require(key: FileKey): InputRef;
  has(key: FileKey): boolean;
  /** Canonical columns in the header of `key` (once its header was read). */
  columnsOf(key: FileKey): string[];
  /** The name a canonical column has in the header of `key` (the canonical name when it is not there). */
  headerName(key: FileKey, canonical: string): string;
  readAll<Row>(spec: FileSpec<Row>, request?: ReadRequest): Promise<Row[]>;
  stream<Row>(spec: FileSpec<Row>, request?: ReadRequest): AsyncIterable<Row[]>;
  /** A line on stderr with --verbose. */
  info(message: string): void;
  /** A line on stderr unless --quiet (once per run, after it, before the warnings; not after a failed run): what a figure rests on. */
  note(message: string): void;
  /**
   * Says where revenue comes from (once per run): `tiers` when only tiers
   * use it (plan cost), `if-turnover` only when customers.csv has a column
   * that looks like revenue but is the account's own turnover.
   */
  noteRevenue(source: RevenueSource, use: 'revenue' | 'tiers' | 'if-turnover'): void;
}

/** A segment analysis of customers.csv over market.csv, as `plan segment` runs it. */
export interface SegmentRequest {
  /** Segment dimensions; default: those market.csv has columns for. */
  by?: readonly Dimension[];
  rankBy: RankBy;
  scaleBy: 'firm' | 'employees';
  /** `--unit-cost`: scales the channel costs behind each segment's coverage channel. */
  unitCost: Partial<Record<Channel, number>>;
  /** Keep every account, with its passed-through columns, for a listing. */
  accounts: boolean;
}

/** plan segment's defaults: the one ranking every other analysis places accounts by (tier, headroom, coverage). */
export const PLACEMENT: SegmentRequest = { rankBy: 'headroom', scaleBy: 'firm', unitCost: {}, accounts: false };

/** What an analysis needs from the data; a run reads the union of its analyses' needs. */
export interface Needs {
  segments?: readonly SegmentRequest[];
  /**
   * customers.csv as accounts (plan contact, plan schedule), their tiers from
   * the segment placement when market.csv is there, else from status.
   * `passthrough`: keep unknown columns (listings); `reach`: phone, region,
   * postcode, headroom and coverage channel (call lists).
   */
  accounts?: { passthrough: boolean; reach: boolean };
  /**
   * orders.csv per customer x channel over --from..--to (default: the 12
   * months to --as-of; plan cost); `placement`: each customer's segment and tier.
   */
  orders?: { from?: Day; to?: Day; placement: boolean };
  /** contacts.csv folded per account (implies accounts). */
  touches?: boolean;
  /**
   * orders.csv summed per account over each of these windows, of the run's
   * as-of (net amounts; plan focus's two periods), in the one pass over
   * orders.csv. Implies accounts.
   */
  orderPeriods?: (asOf: Day) => readonly DateWindow[];
  /** Sales touches per account dated in this window of the run's as-of, counted by the one contacts fold (implies touches). */
  salesTouches?: (asOf: Day) => DateWindow;
  /**
   * Products ranked over the accounts (plan products, schedule's call
   * reason): products.csv and market.csv product rows, orders.csv's
   * `product` column, on the placement of the segments `by` (default:
   * plan segment's); `accounts`: keep every account for a listing;
   * `ifPresent`: only when the data has them (schedule's call reason:
   * products.csv, market.csv and orders.csv), else none and no error.
   */
  products?: { by?: readonly Dimension[]; accounts: boolean; ifPresent?: boolean };
  /**
   * Revenue per account in the `horizonMonths` before and after --as-of
   * (plan segment --backtest). Revenue at --as-of then always comes from
   * orders.csv (revenue_12m is today's figure, not the one as of then).
   */
  backtest?: { horizonMonths: number };
}

/** The product ranking of a run, and each account's next best product by its position in customers.csv. */
export interface Products {
  analysis: ProductAnalysis;
  nextBest(position: number): NextBest | undefined;
}

/** Revenue before and after --as-of per customer id, in money units; lines outside both windows are counted. */
export interface AroundAsOf {
  from: Day;
  through: Day;
  byId: ReadonlyMap<string, readonly [number, number]>;
  outside: number;
  /** The latest date in orders.csv. */
  lastDate: Day | undefined;
}

export interface Market {
  cells: MarketCell[];
  /** The segment dimensions market.csv has columns for. */
  dimensions: Dimension[];
}

export interface Accounts {
  /** Every account of customers.csv, in file order (kept as columns: core/contact-accounts.ts). */
  list: AccountSource;
  /** With `reach`: the same accounts with what a call needs, in the same order. */
  reach: ScheduleAccount[];
  /** Owners of the accounts (rep ids as written). */
  owners: ReadonlySet<string>;
  /** Where the revenue behind the tiers came from; null without market.csv. */
  revenueSource: RevenueSource | null;
  /** Tier, headroom and share of wallet of each account by position (plan segment's defaults); null without market.csv. */
  placement: Placement | null;
}

export interface Orders {
  tally: OrderTally;
  /** With `placement` and market.csv: a customer's segment and tier, by id and tally index. */
  placement?: (id: string, customer: number) => CostPlacement | undefined;
  /** Where the revenue behind those tiers came from (with `placement`). */
  revenueSource?: RevenueSource;
}

/** The columns of orders.csv the tally reads (others are not typed, so a bad `lines` cell does not stop a run). */
const ORDER_COLUMNS = ['customer_id', 'date', 'channel', 'amount', 'order_id'];
/** The worker that reads ranges of large files (compiled JS only: under vitest, from .ts, files are read in one pass). */
const RANGE_WORKER = import.meta.url.endsWith('.js') ? new URL('./range-worker.js', import.meta.url) : undefined;
const REACH_COLUMNS = ['phone', 'region', 'postcode', 'address', 'city', 'contact'];
/** customers.csv columns the product fold reads (name and status for its listing, industry for shares). */
const PRODUCT_ACCOUNT_COLUMNS = ['name', 'industry', 'status', 'revenue_12m', 'contract_start'];

/** The segment request whose placement the products are ranked on: plan segment's, with other dimensions for --by. */
function productPlacement(need: NonNullable<Needs['products']>): SegmentRequest {
  return need.by ? { ...PLACEMENT, by: need.by } : PLACEMENT;
}

/** What customers.csv's header decided (Dataset.afterCustomerHeader). */
interface HeaderRead {
  revenue: { needed: boolean; fromOrders: boolean };
  tally: OrderTally | undefined;
  revenueSource: RevenueSource | undefined;
  positions: Int32Array | undefined;
}

interface CustomerPass {
  segments: Map<string, SegmentAnalysis>;
  placement: Placement | undefined;
  /** Where revenue came from, when a segment fold needed it. */
  revenueSource: RevenueSource | undefined;
  accounts: Accounts | undefined;
  /** Position in customers.csv of each customer of the order tally (-1: not in customers.csv). */
  positions: Int32Array | undefined;
  products: Products | undefined;
  around: AroundAsOf | undefined;
}

/** The product fold, and a fresh one when the fast path stepped aside after feeding it part of orders.csv. */
interface ProductSink {
  fold: ReturnType<typeof createProductFold>;
  restart(): void;
}

/** Besides the tally, what the one orders.csv pass feeds (`around`: the general reader). */
interface OrderSinks {
  product?: ProductSink;
  around?: ReturnType<typeof sumRevenueAround>;
}

export function openDataset(source: DataSource, needs: readonly Needs[]): Dataset {
  return new Dataset(source, needs);
}

export class Dataset {
  private readonly segmentRequests = new Map<string, SegmentRequest>();
  private readonly accountNeeds: Needs['accounts'];
  private readonly orderNeeds: Needs['orders'];
  private readonly touchNeeds: boolean;
  private readonly productNeeds: Needs['products'];
  private readonly backtestNeeds: Needs['backtest'];
  private sinks: OrderSinks = {};
  /** Windows of orderPeriods and salesTouches, resolved on the run's as-of (one analysis asks for them). */
  private readonly orderPeriods: readonly DateWindow[];
  private readonly touchWindow: DateWindow | undefined;
  private salesTouchCounts: Uint32Array | undefined;
  /** An analysis asked for a segment analysis (not only for the placement of accounts). */
  private readonly segmentsAsked: boolean;
  private readonly files = new Map<FileKey, Promise<unknown[]>>();
  private marketRead: Promise<Market> | undefined;
  private customersRead: Promise<CustomerPass> | undefined;
  private ordersRead: Promise<OrderTally | undefined> | undefined;
  private touchesRead: Promise<ContactFold> | undefined;
  private periodsRead: Promise<PeriodRevenue> | undefined;

  constructor(
    private readonly source: DataSource,
    needs: readonly Needs[],
  ) {
    for (const n of needs) for (const r of n.segments ?? []) this.addSegmentRequest(r);
    this.segmentsAsked = this.segmentRequests.size > 0;
    const accounts = needs
      .map((n) => n.accounts ?? (n.touches || n.orderPeriods || n.salesTouches ? { passthrough: false, reach: false } : undefined))
      .filter(Boolean);
    this.accountNeeds =
      accounts.length === 0 ? undefined : { passthrough: accounts.some((a) => a?.passthrough), reach: accounts.some((a) => a?.reach) };
    const orders = needs.map((n) => n.orders).filter((o) => o !== undefined);
    if (new Set(orders.map((o) => `${o.from}-${o.to}`)).size > 1) throw new Error('one order window per run');
    this.orderNeeds = orders[0] && { ...orders[0], placement: orders.some((o) => o.placement) };
    this.touchNeeds = needs.some((n) => n.touches || n.salesTouches);
    const periods = needs.filter((n) => n.orderPeriods);
    const windows = needs.filter((n) => n.salesTouches);
    if (periods.length > 1 || windows.length > 1) throw new Error('one analysis with order periods and sales-touch windows per run');
    this.orderPeriods = periods[0]?.orderPeriods?.(source.asOf) ?? [];
    this.touchWindow = windows[0]?.salesTouches?.(source.asOf);
    const products = needs.map((n) => n.products).filter((p) => p !== undefined);
    if (new Set(products.map((p) => JSON.stringify(p.by ?? null))).size > 1) throw new Error('one product placement per run');
    this.productNeeds = products[0] && {
      ...products[0],
      accounts: products.some((p) => p.accounts),
      ifPresent: products.every((p) => p.ifPresent),
    };
    if (
      this.productNeeds?.ifPresent &&
      !(source.has('products') && source.has('market') && source.has('orders') && source.has('customers'))
    )
      this.productNeeds = undefined;
    if (this.productNeeds) this.addSegmentRequest(productPlacement(this.productNeeds));
    this.backtestNeeds = needs.find((n) => n.backtest)?.backtest;
  }

  get config(): Config {
    return this.source.config;
  }
  get asOf(): Day {
    return this.source.asOf;
  }
  get problems(): ProblemLog {
    return this.source.problems;
  }
  has(key: FileKey): boolean {
    return this.source.has(key);
  }
  /** The input of `key`, or a "needs FILE" error (exit 66). */
  require(key: FileKey): InputRef {
    return this.source.require(key);
  }
  info(message: string): void {
    this.source.info(message);
  }
  /** A line on stderr unless --quiet: what the run rests on. */
  note(message: string): void {
    this.source.note(message);
  }

  /** market.csv as cells; two rows with the same key and other figures are an error (exit 65). */
  market(): Promise<Market> {
    this.marketRead ??= (async () => {
      const input = this.require('market');
      const market = buildMarket(await this.source.readAll(FILES.market), input.label);
      for (const p of market.problems) this.problems.add(p);
      if (this.problems.errorCount(input.label) > 0) throw new PlanError('data', `${input.label}: conflicting market rows`);
      return { cells: market.cells, dimensions: DIMENSIONS.filter((d) => this.source.columnsOf('market').includes(d)) };
    })();
    return this.marketRead;
  }

  /** The segment analysis of a request made in the needs. */
  async segments(request: SegmentRequest): Promise<SegmentAnalysis> {
    const analysis = (await this.customers()).segments.get(segmentKey(request));
    if (!analysis) throw new Error('segment analysis not among the needs of this run');
    return analysis;
  }

  accounts(): Promise<Accounts> {
    return this.fromPass('accounts', 'accounts');
  }

  /** The order tally; customers.csv (when present) marks known customers and places them. */
  async orders(): Promise<Orders> {
    if (!this.orderNeeds) throw new Error('orders not among the needs of this run');
    const pass = this.has('customers') ? await this.customers() : undefined;
    const tally = (await this.readOrders(false)) as OrderTally;
    const { placement, positions, revenueSource } = pass ?? {};
    if (!placement || !positions || !this.orderNeeds.placement) return { tally };
    return {
      tally,
      revenueSource,
      placement: (_id, customer) => {
        const at = positions[customer] ?? -1;
        if (at < 0) return undefined;
        const segment = placement.segment(at);
        return { segment: segment.segment, tier: segment.tier };
      },
    };
  }

  /** The product ranking (needs `products`). */
  products(): Promise<Products> {
    return this.fromPass('products', 'products');
  }

  /** Revenue per customer before and after --as-of (needs `backtest`). */
  around(): Promise<AroundAsOf> {
    return this.fromPass('around', 'backtest');
  }

  /** What the one customers.csv pass built for a need; a programming error when no analysis declared it. */
  private async fromPass<K extends 'accounts' | 'products' | 'around'>(key: K, need: string): Promise<NonNullable<CustomerPass[K]>> {
    const value = (await this.customers())[key];
    if (!value) throw new Error(`${need} not among the needs of this run`);
    return value as NonNullable<CustomerPass[K]>;
  }

  /** contacts.csv folded over the accounts (every account never touched without the file). */
  touches(): Promise<ContactFold> {
    if (!this.touchNeeds) throw new Error('touches not among the needs of this run');
    this.touchesRead ??= (async () => {
      const { list } = await this.accounts();
      const config = this.config;
      // The fold counts sales touches of the YEAR_DAYS to --as-of itself: a window that is just those (plan focus's
      // default 12 months, unless they hold a 29 February) takes its counts; another is counted as touches go by.
      const window = this.touchWindow;
      const yearly = window !== undefined && window.from === this.asOf - YEAR_DAYS + 1 && window.to === this.asOf;
      const salesWindow = yearly ? undefined : window;
      const revenueSource = (await this.customers()).placement?.revenueSource ?? null;
      const rules = { asOf: this.asOf, cadence: config.cadence, postSaleDays: config.postSaleDays, touchTypes: config.touchTypes };
      // A fresh fold (and sales-touch counts) for each reading of the file: the byte path may step aside midway.
      let counts: Uint32Array | undefined;
      const newFold = () => {
        counts = salesWindow ? new Uint32Array(list.length) : undefined;
        this.salesTouchCounts = counts;
        return createContactFold(list, {
          ...rules,
          onTouch: salesWindow && counts ? countSalesIn(salesWindow, counts) : undefined,
          revenueSource,
        });
      };
      let touches = newFold();
      if (!this.has('contacts')) {
        this.info('no contacts.csv: every account counts as never touched');
        return touches;
      }
      // A large file on several threads (io/parallel.ts): folds of the same accounts, merged into this one.
      const first = touches;
      const firstCounts = counts;
      const parallel: ParallelPlan | undefined = RANGE_WORKER && {
        worker: RANGE_WORKER,
        kind: 'contacts',
        // By size, except for a listing with passed-through columns (contact --accounts): a worker's fold of the
        // accounts costs ~115 MB for a million, and a listing of a million accounts is held under 500 MB (issue 14);
        // PLAN_THREADS still splits it. README "Large files on several threads".
        auto: this.accountNeeds?.passthrough !== true,
        config: () => {
          const accounts = first.accountsData();
          const value: ContactRangeSetup = { ...rules, accounts, salesWindow };
          const { idBytes, idEnds, start, endAndOwner } = accounts;
          return { value, transfer: [idBytes, idEnds, start, endAndOwner].map((a) => a.buffer as ArrayBuffer) };
        },
        merge: (partial, lineBase) => {
          const p = partial as { fold: ContactPartial; counts: Uint32Array | undefined };
          first.merge(p.fold, lineBase);
          if (firstCounts && p.counts)
            for (let i = 0; i < firstCounts.length; i++) firstCounts[i] = (firstCounts[i] as number) + (p.counts[i] as number);
          return true;
        },
      };
      const fast = await readContactsFast(this.require('contacts'), this.source.read, touches, Number.POSITIVE_INFINITY, parallel);
      if (!fast.used) {
        touches = newFold();
        await fold(this.source.stream(FILES.contacts, { columns: TOUCH_COLUMNS }), touches.add);
      }
      this.warnIgnoredTouches(touches.ignored(), touches.coverage);
      return touches;
    })();
    return this.touchesRead;
  }

  /** Sales touches per account (by position) in the window of the `salesTouches` need. */
  async salesTouches(): Promise<Uint32Array> {
    if (!this.touchWindow) throw new Error('sales touches not among the needs of this run');
    const touches = await this.touches();
    this.salesTouchCounts ??= touches.yearSales();
    return this.salesTouchCounts;
  }

  /** Net revenue per account over the windows of the `orderPeriods` need, and the order lines left out (warned about). */
  periodRevenue(): Promise<PeriodRevenue> {
    if (this.orderPeriods.length === 0) throw new Error('order periods not among the needs of this run');
    this.periodsRead ??= (async () => {
      const pass = await this.customers();
      const tally = (await this.readOrders(false)) as OrderTally;
      const accounts = (pass.accounts as Accounts).list.length;
      const revenue = periodRevenue(tally, pass.positions ?? new Int32Array(tally.customers).fill(-1), accounts);
      this.warnPeriodOrders(revenue.ignored);
      return revenue;
    })();
    return this.periodsRead;
  }

  reps(): Promise<RepRow[]> {
    return this.small(FILES.reps);
  }
  absences(): Promise<AbsenceRow[]> {
    return this.small(FILES.absences);
  }
  /**
   * activities.csv folded into the hours per rep and activity of `period`
   * (core/time.ts), on the byte path or else as a stream of typed rows: a
   * file of millions of time entries is never held whole.
   */
  async activityTally(period: TimePeriodOptions): Promise<TimeTally> {
    const input = this.require('activities');
    let time = activityTally(period, this.asOf);
    const fast = await readActivitiesFast(input, this.source.read, time.add);
    if (!fast.used) {
      time = activityTally(period, this.asOf);
      await fold(this.source.stream(FILES.activities), time.add);
    }
    return time.tally;
  }

  // ---------------------------------------------------------------- passes

  private small<Row>(spec: FileSpec<Row>): Promise<Row[]> {
    let rows = this.files.get(spec.key);
    if (!rows) {
      rows = this.source.readAll(spec);
      this.files.set(spec.key, rows);
    }
    return rows as Promise<Row[]>;
  }

  private addSegmentRequest(request: SegmentRequest): void {
    const key = segmentKey(request);
    const known = this.segmentRequests.get(key);
    this.segmentRequests.set(key, known ? { ...known, accounts: known.accounts || request.accounts } : request);
  }

  private customers(): Promise<CustomerPass> {
    this.customersRead ??= this.readCustomers();
    return this.customersRead;
  }

  /** customers.csv streamed once into every segment fold, the accounts and the order tally's known customers. */
  private async readCustomers(): Promise<CustomerPass> {
    const source = this.source;
    const placing = (this.accountNeeds !== undefined || this.orderNeeds?.placement === true) && this.has('market') && this.has('customers');
    if (placing) this.addSegmentRequest(PLACEMENT);
    const requests = [...this.segmentRequests];
    const market = requests.length > 0 ? await this.market() : undefined;
    let folds = market ? this.segmentFolds(requests, market) : [];
    let book = this.accountNeeds && accountBook(this.accountNeeds.reach);
    const products = market && (await this.productFold(market));
    if (products) this.sinks.product = products;
    if (this.backtestNeeds) {
      this.require('orders');
      this.sinks.around = sumRevenueAround(this.asOf, this.backtestNeeds.horizonMonths);
    }

    const columns = new Set<string>(['id']);
    const listing = requests.some(([, r]) => r.accounts);
    if (folds.length > 0) for (const c of SEGMENT_COLUMNS) if (listing || !SEGMENT_LISTING_COLUMNS.includes(c)) columns.add(c);
    if (this.accountNeeds) for (const c of CONTACT_COLUMNS) columns.add(c);
    if (this.accountNeeds?.reach) for (const c of REACH_COLUMNS) columns.add(c);
    if (products) for (const c of PRODUCT_ACCOUNT_COLUMNS) columns.add(c);
    // Texts a summary does not show are still checked (their warnings), not read.
    const checked = folds.length > 0 ? SEGMENT_LISTING_COLUMNS.filter((c) => !columns.has(c)) : [];
    const passthrough = (this.accountNeeds?.passthrough ?? false) || listing;
    const request = { columns: [...columns], checked, passthrough };

    // Once the header is read, before the first row: does revenue come from orders.csv? Then orders.csv, once.
    let ready: HeaderRead | undefined;
    const sourceFolds = () => {
      for (const f of folds) if (ready?.revenueSource) f.fold.setRevenueSource(ready.revenueSource);
    };
    const header = async () => {
      if (ready) return;
      ready = await this.afterCustomerHeader(folds.length > 0, placing, products !== undefined);
      sourceFolds();
    };
    let position = 0;
    const add = (row: CustomerRow) => {
      const { tally, revenue, positions } = ready as HeaderRead;
      const customer = tally ? tally.markKnown(row.id) : -1;
      if (positions && customer >= 0) positions[customer] = position;
      // Revenue summed from orders.csv stands in for the missing column: headroom and status use it.
      if (revenue.fromOrders) row.revenue_12m = customer >= 0 ? (tally as OrderTally).revenueOf(customer) : 0;
      for (const f of folds) f.fold.add(row);
      products?.fold.addAccount(row);
      book?.add(row);
      position++;
    };
    const fast = await readCustomersFast(this.require('customers'), source.read, { header, add }, request);
    if (!fast.used) {
      // The byte path may have handed on rows before it stepped aside: fresh accumulators, the same header work.
      folds = market ? this.segmentFolds(requests, market) : [];
      sourceFolds();
      book = this.accountNeeds && accountBook(this.accountNeeds.reach);
      products?.fold.clearAccounts();
      ready?.positions?.fill(-1);
      position = 0;
      for await (const batch of source.stream(FILES.customers, { ...request, headerFirst: true })) {
        await header();
        for (const row of batch) add(row);
      }
    }
    const { revenueSource, positions } = ready as HeaderRead;
    const segments = new Map(folds.map((f) => [f.key, f.fold.finish()]));
    const placementKey = segmentKey(PLACEMENT);
    const placement = placing ? folds.find((f) => f.key === placementKey)?.fold.placement() : undefined;
    const unplaced = placing ? (segments.get(placementKey)?.coverage.none ?? 0) : 0;
    if (unplaced > 0) this.info(`${unplaced} accounts match no market row: they take the tier of "(no market data)"`);
    let ranked: Products | undefined;
    if (products && this.productNeeds) {
      const on = folds.find((f) => f.key === segmentKey(productPlacement(this.productNeeds as NonNullable<Needs['products']>)));
      const analysis = products.fold.finish((on as (typeof folds)[number]).fold.placement());
      ranked = { analysis, nextBest: products.fold.nextBest };
    }
    const around = this.sinks.around;
    return {
      segments,
      placement,
      revenueSource,
      accounts: book?.place(placement, ranked),
      positions,
      products: ranked,
      around: around && {
        from: around.from,
        through: around.through,
        byId: around.result(),
        outside: around.outside(),
        lastDate: around.lastDate(),
      },
    };
  }

  /**
   * What customers.csv's header decides, before its first row: where revenue
   * comes from, and orders.csv read (once) when an analysis or the revenue
   * needs it, with the positions of its customers in customers.csv.
   */
  private async afterCustomerHeader(folds: boolean, placing: boolean, products: boolean): Promise<HeaderRead> {
    const revenue = this.revenueNeed(folds);
    const periods = this.orderPeriods.length > 0;
    const ordersAsked = this.orderNeeds || revenue.fromOrders || periods || products || this.backtestNeeds;
    const tally = ordersAsked ? await this.readOrders(revenue.fromOrders) : undefined;
    if (tally && this.orderNeeds) tally.checkCustomers();
    const revenueSource = this.revenueSource(revenue, tally);
    // Where each customer of the tally is in customers.csv, for cost's segments and tiers.
    const positions = tally && (periods || (placing && this.orderNeeds?.placement)) ? new Int32Array(tally.customers).fill(-1) : undefined;
    return { revenue, tally, revenueSource, positions };
  }

  /**
   * Revenue with us per account (core/revenue.ts): customers.csv's
   * revenue_12m, else orders.csv over the 12 months to --as-of. Needed for
   * headroom (segment folds) and, without a status column, for status.
   */
  private revenueNeed(folds: boolean): { needed: boolean; fromOrders: boolean } {
    // A backtest ranks as of --as-of: revenue_12m is today's figure, orders.csv gives the one as of then.
    if (this.backtestNeeds) return { needed: true, fromOrders: true };
    const columns = this.source.columnsOf('customers');
    if (columns.includes('revenue_12m')) return { needed: false, fromOrders: false };
    const needed = folds || (this.accountNeeds !== undefined && !columns.includes('status') && this.has('orders'));
    return { needed, fromOrders: needed && this.has('orders') };
  }

  /** Where revenue came from, said once on standard error (and recorded by the segment folds). */
  private revenueSource(revenue: { needed: boolean; fromOrders: boolean }, tally: OrderTally | undefined): RevenueSource | undefined {
    const file = this.require('customers').label;
    // Only cost's segments and tiers use it: plan cost says "tiers: ...".
    const tiers = !this.segmentsAsked && this.accountNeeds === undefined && this.productNeeds === undefined;
    const folds = this.segmentRequests.size > 0;
    if (!revenue.needed) {
      if (!folds) return undefined;
      const source: RevenueSource = { kind: 'column', file, column: this.source.headerName('customers', 'revenue_12m') };
      this.source.noteRevenue(source, tiers ? 'tiers' : 'revenue');
      return source;
    }
    if (!revenue.fromOrders || !tally) {
      this.problems.add({
        severity: 'warning',
        file,
        line: 1,
        code: 'W_NO_REVENUE',
        message: 'no revenue_12m column and no orders.csv: revenue counted as 0',
      });
      return { kind: 'none', file };
    }
    const orders = this.require('orders').label;
    const source = tally.revenueSource(orders);
    // Without plan cost, whose warning counts them with their cost, say here which order lines have no customer.
    const none = tally.noCustomerIndex();
    if (!this.orderNeeds && this.orderPeriods.length === 0 && source.kind === 'orders' && source.noCustomer && none >= 0)
      warnNoCustomer(
        this.problems,
        orders,
        { rows: source.noCustomer.rows, firstLine: tally.firstLine(none), revenue: source.noCustomer.revenue },
        ['order line', 'order lines'],
      );
    this.source.noteRevenue(source, tiers ? 'tiers' : 'revenue');
    return source;
  }

  private segmentFolds(requests: readonly [string, SegmentRequest][], market: Market) {
    const config = this.config;
    return requests.map(([key, r]) => ({
      key,
      fold: createSegmentFold(market.cells, {
        by: r.by ? [...r.by] : market.dimensions,
        rankBy: r.rankBy,
        scaleBy: r.scaleBy,
        tiers: config.tiers,
        sizeBands: config.sizeBands,
        coverage: config.coverage,
        channelCosts: resolveChannelCosts(config.channelCosts, { unitCost: r.unitCost }),
        marketDimensions: market.dimensions,
        keepAccounts: r.accounts,
      }),
    }));
  }

  /**
   * orders.csv into the order tally, on the fast path when it can, else the
   * general reader (a fresh tally). `revenue`: also each customer's net
   * amount over the 12 months to --as-of. Undefined without orders.csv.
   */
  private readOrders(revenue: boolean): Promise<OrderTally | undefined> {
    this.ordersRead ??= (async () => {
      const source = this.source;
      if (!this.has('orders')) {
        if (this.orderNeeds) this.require('orders');
        return undefined;
      }
      const setup: TallySetup = {
        window: costWindow(this.asOf, this.orderNeeds?.from, this.orderNeeds?.to),
        synonyms: this.config.channelCosts.synonyms,
        revenueWindow: revenue ? revenueWindow(this.asOf) : undefined,
        periods: this.orderPeriods,
      };
      const input = this.require('orders');
      let tally = orderTally(setup);
      const { product, around } = this.sinks;
      const columns = product ? [...ORDER_COLUMNS, 'product'] : ORDER_COLUMNS;
      if (around) {
        // A second window over the lines: the general reader.
        await fold(source.stream(FILES.orders, { columns }), (order) => {
          tally.add(order);
          product?.fold.addOrder(order);
          around.add(order);
        });
      } else {
        // A large file on several threads (io/parallel.ts), the tally alone (the product fold is read in one pass).
        const first = tally;
        const parallel: ParallelPlan | undefined =
          RANGE_WORKER && !product
            ? {
                worker: RANGE_WORKER,
                kind: 'orders',
                auto: true,
                config: () => ({ value: setup }),
                merge: (partial, lineBase) => first.merge(partial as TallyPartial, lineBase),
              }
            : undefined;
        const sink = product ? withProducts(tally, product) : tally;
        const fast = await readOrdersFast(input, source.read, sink, { columns }, Number.POSITIVE_INFINITY, parallel);
        if (!fast.used) {
          tally = orderTally(setup);
          product?.restart();
          await fold(source.stream(FILES.orders, { columns }), (order) => {
            tally.add(order);
            product?.fold.addOrder(order);
          });
        }
      }
      this.checkOrders(tally, input.label, revenue);
      return tally;
    })();
    return this.ordersRead;
  }

  /** Sums past exact money stop the run; an (almost) empty window is warned about, once for every analysis. */
  private checkOrders(tally: OrderTally, file: string, revenue: boolean): void {
    if (tally.overflowLine > 0)
      throw new PlanError(
        'data',
        `${file}:${tally.overflowLine}: one customer's orders add up past ${grouped(MAX_MONEY)}; plan cannot sum them exactly`,
      );
    // The window of cost or of revenue from orders, and the first of the order periods (plan focus's current period).
    if (this.orderNeeds || revenue) {
      const year = revenueWindow(this.asOf);
      const named = tally.window.from === year.from && tally.window.to === year.to ? 'the 12 months to --as-of' : '--from/--to';
      const thin = tally.coverage.problem(file, 'order lines', named, this.asOf);
      if (thin) this.problems.add(thin);
    }
    const period = tally.periodCoverage?.problem(file, 'order lines', 'the period asked for', this.asOf);
    if (period) this.problems.add(period);
  }

  /** Order lines of the periods without a customer id, or for customers not in customers.csv: warnings with counts. */
  private warnPeriodOrders(ignored: PeriodRevenue['ignored']): void {
    const file = this.require('orders').label;
    // plan cost warns about its own window; in a run with both, each says what it left out.
    warnNoCustomer(this.problems, file, ignored.noCustomer, ['order line', 'order lines']);
    const unknown = ignored.unknownCustomers;
    if (unknown.rows > 0)
      this.problems.add({
        severity: 'warning',
        file,
        line: unknown.top[0]?.firstLine ?? 0,
        code: 'W_UNKNOWN_KEY',
        message: `ignored in the periods compared (${this.periodsSpan()}): ${describeUnknown(unknown, ['unknown customer', 'unknown customers'])}`,
      });
    if (this.problems.errorCount(file) > 0) throw new PlanError('data', `${file}: order lines ignored (--strict)`);
  }

  /** The days the order periods cover, as a message names them (cost's window says its own). */
  private periodsSpan(): string {
    const from = Math.min(...this.orderPeriods.map((p) => p.from)) as Day;
    const to = Math.max(...this.orderPeriods.map((p) => p.to)) as Day;
    return `${formatDay(from)} to ${formatDay(to)}`;
  }

  /**
   * The product fold: products.csv (when there is one) and market.csv's
   * product rows make the catalog; its errors stop the run (exit 65).
   */
  private async productFold(market: Market) {
    const need = this.productNeeds;
    if (!need) return undefined;
    const withRows = market.cells.some((c) => c.products !== undefined);
    if (!this.has('products') && !withRows)
      throw new PlanError(
        'noInput',
        `plan ${this.source.command} needs products.csv or market.csv rows with a product column (${this.source.dataDir}); see docs/products.md`,
      );
    const file = this.has('products') ? this.require('products').label : this.require('market').label;
    const rows = this.has('products') ? await this.small<ProductRow>(FILES.products) : [];
    const built = buildCatalog(rows, file, market.cells);
    for (const p of built.problems) this.problems.add(p);
    if (this.problems.errorCount(file) > 0) throw new PlanError('data', `${file}: the product list has errors`);
    this.require('orders');
    const fresh = () =>
      createProductFold(built.catalog, market.cells, {
        asOf: this.asOf,
        tiers: this.config.tiers,
        ...PRODUCT_DEFAULTS,
        keepAccounts: need.accounts,
      });
    const sink: ProductSink = {
      fold: fresh(),
      restart() {
        sink.fold = fresh();
      },
    };
    return sink;
  }

  private warnIgnoredTouches(ignored: IgnoredTouches, coverage: WindowCoverage): void {
    const file = this.require('contacts').label;
    const thin = coverage.problem(file, 'touches', 'the 365 days to --as-of', this.asOf);
    if (thin) this.problems.add(thin);
    warnNoCustomer(this.problems, file, ignored.noCustomer, ['touch', 'touches']);
    const touches = (n: number) => `${grouped(n)} touch${n === 1 ? '' : 'es'}`;
    if (ignored.unknownCustomers.rows > 0) {
      this.problems.add({
        severity: 'warning',
        file,
        line: ignored.unknownCustomers.top[0]?.firstLine ?? 0,
        code: 'W_UNKNOWN_KEY',
        message: `ignored: ${describeUnknown(ignored.unknownCustomers, ['unknown customer', 'unknown customers'])}`,
      });
    }
    if (ignored.unknownTypes.length > 0) {
      const rows = ignored.unknownTypes.reduce((n, t) => n + t.count, 0);
      const list = ignored.unknownTypes.map((t) => `"${t.type}" ×${grouped(t.count)} (first on line ${t.firstLine})`).join(', ');
      this.problems.add({
        severity: 'warning',
        file,
        line: ignored.unknownTypes[0]?.firstLine ?? 0,
        code: 'W_UNKNOWN_TOUCH_TYPE',
        message: `ignored: ${touches(rows)} of types that are neither sales nor other: ${list}; ${HINTS.touchTypes}`,
      });
    }
    if (ignored.afterAsOf.rows > 0) {
      this.problems.add({
        severity: 'warning',
        file,
        line: ignored.afterAsOf.firstLine ?? 0,
        code: 'W_AFTER_AS_OF',
        message: `ignored: ${touches(ignored.afterAsOf.rows)} dated after --as-of ${formatDay(this.asOf)}`,
      });
    }
    if (this.problems.errorCount(file) > 0) throw new PlanError('data', `${file}: touches ignored (--strict)`);
  }
}

/**
 * customers.csv rows as accounts (and, with `reach`, what a call needs),
 * their tiers from the segment placement once it is known, else by status.
 */
function accountBook(reach: boolean) {
  const list = new ContactAccountStore();
  const entries: ScheduleAccount[] = [];
  const regions = new Map<string, string>();
  const places = new Map<string, string>();
  return {
    add(row: CustomerRow): void {
      list.add(row);
      if (!reach) return;
      const account = list.at(list.length - 1) as ContactAccount;
      entries.push({
        account,
        line: row.line,
        phone: ownText(row.phone ?? ''),
        region: interned(regions, row.region ?? ''),
        postcode: ownText(row.postcode ?? ''),
        address: ownText(row.address ?? ''),
        city: interned(places, row.city ?? ''),
        contact: ownText(row.contact ?? ''),
        headroom: null,
        coverage: null,
      });
    },
    place(placement: Placement | undefined, products?: Products): Accounts {
      if (products) {
        entries.forEach((entry, i) => {
          entry.nextBest = products.nextBest(i)?.name ?? null;
        });
      }
      if (placement) {
        for (let i = 0; i < list.length; i++) list.setSegmentTier(i, placement.segment(i).tier);
        entries.forEach((entry, i) => {
          entry.headroom = placement.headroom(i);
          entry.coverage = placement.segment(i).channel;
        });
      }
      return {
        list,
        reach: entries,
        owners: new Set(list.owners.texts),
        revenueSource: placement?.revenueSource ?? null,
        placement: placement ?? null,
      };
    },
  };
}

/** The byte reader's order lines into the tally and the product fold. */
function withProducts(tally: OrderTally, product: ProductSink): OrderSink {
  return {
    labelIndex: (label) => tally.labelIndex(label),
    addBytes(bytes, keyStart, keyEnd, label, day, units, orderStart, orderEnd, line, name) {
      tally.addBytes(bytes, keyStart, keyEnd, label, day, units, orderStart, orderEnd, line);
      product.fold.addOrderBytes(bytes, keyStart, keyEnd, day, units, name, line);
    },
    add(row) {
      tally.add(row);
      product.fold.addOrder(row);
    },
    flush: () => tally.flush(),
    expect: (lines) => tally.expect(lines),
  };
}

/** Rows of orders.csv or contacts.csv without a customer id: one warning with their count (an error with --strict). */
export function warnNoCustomer(problems: ProblemLog, file: string, none: NoCustomer | null, what: readonly [string, string]): void {
  const problem = noCustomerProblem(file, none, what);
  if (!problem) return;
  problems.add(problem);
  if (problems.errorCount(file) > 0) throw new PlanError('data', `${file}: rows without a customer id (--strict)`);
}

function segmentKey(r: SegmentRequest): string {
  const unitCost = Object.entries(r.unitCost).sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify([r.by ?? null, r.rankBy, r.scaleBy, unitCost]);
}

/** One owned copy per distinct text (a few regions for a million accounts). */
function interned(seen: Map<string, string>, text: string): string {
  let owned = seen.get(text);
  if (owned === undefined) {
    owned = ownText(text);
    seen.set(text, owned);
  }
  return owned;
}
