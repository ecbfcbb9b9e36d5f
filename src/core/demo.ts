/**
 * Deterministic demo data for `plan demo` (SPEC section 2, "plan demo").
 *
 * PURE: no file system, no process, no clock, no Math.random. The same seed
 * and options give byte-identical rows. Every table draws from its own
 * random stream (see random.ts), so changing the order count never changes
 * the customers.
 *
 * Memory grows with customers and reps (a few typed arrays per account, the
 * "population"), never with orders or contacts: those are generated lazily,
 * customer by customer, inside the row generators.
 *
 * The data is realistic noise plus five planted patterns that the commands
 * must reveal (DOMAIN.md):
 *  1. segment: three market cells with a large, barely touched market
 *     ("untapped") top the headroom ranking, while three "saturated" cells
 *     hold many customers buying close to their potential.
 *  2. cost: field orders are ~12% of orders but, at field 100 : phone 1 :
 *     e-mail/web 0.01, carry > 90% of the channel cost; a group of
 *     "field-small" customers orders mostly through field with small amounts.
 *  3. contact: post-sale silence (~10% of customers), renewals at risk and
 *     service-only accounts.
 *  4. time: selling is ~12% of reps' hours; order entry + invoicing ~10%
 *     (reassigning them gives ~22%); some reps lose ~1.5 days a week to
 *     invoicing and contract issues.
 *  5. products: each industry buys four core products (most of its order
 *     lines); "Service contract extension" takes 15% of every segment's spend
 *     but almost no order line (the top product by headroom); a quarter of
 *     Healthcare accounts never buy "Disinfectant wipes, 120 pcs", which most
 *     of their peers buy (the cross-sell gap: their next best product).
 *  6. focus: one rep chases the easy orders: their sales touches go to the
 *     customers that already buy most of their potential, while their other
 *     accounts (A-tier ones among them) go overdue.
 */

import { PlanError } from '../errors.js';
import { addMonths, type Day, formatDay, formatIsoWeek, isoWeekOf, parseIsoDay, weekday } from '../schema/calendar.js';
import { Rng } from './random.js';

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

export interface DemoOptions {
  /** Same seed + same options => byte-identical rows. */
  seed: number;
  /** Accounts in customers.csv (default 3000 in the CLI). */
  customers: number;
  /** Order lines in orders.csv (default 10 x customers). */
  orders: number;
  /** Touches in contacts.csv (default 6 x customers). */
  contacts: number;
  /** Reps in reps.csv (default clamp(round(customers / 250), 3, 500)). */
  reps: number;
  /** 'YYYY-MM-DD'; every date is relative to it and none after it, except contract_end and absences. */
  asOf: string;
}

export interface DemoTable {
  /** 'customers.csv', ... */
  file: string;
  header: string[];
  /** A fresh, lazy generator on each call. */
  rows(): Iterable<(string | number)[]>;
}

export function demoDefaults(customers: number): Omit<DemoOptions, 'seed' | 'asOf'> {
  return {
    customers,
    orders: 10 * customers,
    contacts: 6 * customers,
    reps: Math.min(500, Math.max(3, Math.round(customers / 250))),
  };
}

/** The eight demo tables, in this order: customers, market, orders, contacts, reps, activities, absences, products. */
export function demoTables(options: DemoOptions): DemoTable[] {
  const ctx = makeContext(options);
  return [
    {
      file: 'customers.csv',
      header: [...CUSTOMER_HEADER],
      rows: () => customerRows(ctx),
    },
    {
      file: 'market.csv',
      header: [...MARKET_HEADER],
      rows: () => marketRows(ctx),
    },
    {
      file: 'orders.csv',
      header: [...ORDER_HEADER],
      rows: () => orderRows(ctx),
    },
    {
      file: 'contacts.csv',
      header: [...CONTACT_HEADER],
      rows: () => contactRows(ctx),
    },
    { file: 'reps.csv', header: [...REP_HEADER], rows: () => repRows(ctx) },
    {
      file: 'activities.csv',
      header: [...ACTIVITY_HEADER],
      rows: () => activityRows(ctx),
    },
    {
      file: 'absences.csv',
      header: [...ABSENCE_HEADER],
      rows: () => absenceRows(ctx),
    },
    { file: 'products.csv', header: [...PRODUCT_HEADER], rows: productRows },
  ];
}

const CUSTOMER_HEADER = [
  'id',
  'name',
  'status',
  'industry',
  'region',
  'employees',
  'revenue_12m',
  'owner',
  'contract_start',
  'contract_end',
  'channel',
  'phone',
  'email',
  'postcode',
  'address',
  'city',
  'contact',
  'website',
] as const;
const MARKET_HEADER = ['industry', 'region', 'size', 'firms', 'spend_per_firm', 'growth'] as const;
const ORDER_HEADER = ['order_id', 'customer_id', 'date', 'channel', 'amount', 'lines', 'product'] as const;
const CONTACT_HEADER = ['customer_id', 'date', 'type', 'by', 'team', 'outcome'] as const;
const REP_HEADER = ['id', 'name', 'role', 'calls_per_day', 'days', 'region', 'email', 'planned_share'] as const;
const ACTIVITY_HEADER = ['rep', 'activity', 'hours', 'week'] as const;
const ABSENCE_HEADER = ['rep', 'from', 'to', 'reason'] as const;
const PRODUCT_HEADER = ['product', 'category', 'industry', 'share', 'price'] as const;

// ---------------------------------------------------------------------------
// Dimensions and market cells
// ---------------------------------------------------------------------------

const INDUSTRIES = ['Manufacturing', 'Healthcare', 'Retail', 'Logistics', 'Construction', 'Hospitality', 'Education', 'Wholesale'] as const;
const REGIONS = ['North', 'South', 'East', 'West'] as const;
/** Sizes follow the default config bands: small < 50 employees, medium 50-249, large >= 250. */
const SIZES = ['small', 'medium', 'large'] as const;
type Industry = (typeof INDUSTRIES)[number];
type Region = (typeof REGIONS)[number];
type Size = (typeof SIZES)[number];

const SMALL = 0;
const MEDIUM = 1;
const LARGE = 2;
const CELLS = INDUSTRIES.length * REGIONS.length * SIZES.length;

const cellOf = (industry: number, region: number, size: number): number => (industry * REGIONS.length + region) * SIZES.length + size;
const industryOfCell = (cell: number): number => Math.floor(cell / (REGIONS.length * SIZES.length));
const regionOfCell = (cell: number): number => Math.floor(cell / SIZES.length) % REGIONS.length;
const sizeOfCell = (cell: number): number => cell % SIZES.length;

/** How often each dimension value occurs among accounts (relative). */
const INDUSTRY_WEIGHT: Record<Industry, number> = {
  Manufacturing: 1.4,
  Healthcare: 1.0,
  Retail: 1.2,
  Logistics: 1.0,
  Construction: 1.1,
  Hospitality: 0.9,
  Education: 0.6,
  Wholesale: 1.0,
};
const REGION_WEIGHT: Record<Region, number> = {
  North: 1.0,
  South: 1.2,
  East: 0.8,
  West: 1.0,
};
const SIZE_WEIGHT: Record<Size, number> = {
  small: 0.55,
  medium: 0.3,
  large: 0.15,
};

/** Yearly spend per firm on what we sell: a base by size times industry and region factors. */
const SIZE_SPEND: Record<Size, number> = {
  small: 18_000,
  medium: 75_000,
  large: 320_000,
};
const INDUSTRY_SPEND: Record<Industry, number> = {
  Manufacturing: 1.2,
  Healthcare: 1.3,
  Retail: 0.8,
  Logistics: 1.1,
  Construction: 1.0,
  Hospitality: 0.7,
  Education: 0.6,
  Wholesale: 1.0,
};
const REGION_SPEND: Record<Region, number> = {
  North: 1.0,
  South: 1.1,
  East: 0.85,
  West: 1.0,
};

type CellKind = 'normal' | 'untapped' | 'saturated' | 'unused';
type CellKey = readonly [Industry, Region, Size];

/**
 * Pattern 1 (segment). Untapped cells: a big market (many firms, spend x1.5)
 * in which we hold few accounts (sampling weight x0.3) that buy almost nothing
 * (0.5-3% share of wallet). They top the headroom ranking.
 * Coverage = accounts in the file / firms in the market: 2% for the large
 * cells (firms = 50 x accounts), 0.8% for the medium one (125 x), so that each
 * cell's whitespace is worth at least twice the best normal cell's headroom.
 */
const UNTAPPED: readonly (readonly [Industry, Region, Size, number])[] = [
  ['Healthcare', 'South', 'large', 0.02],
  ['Logistics', 'East', 'medium', 0.008],
  ['Manufacturing', 'West', 'large', 0.02],
];
const UNTAPPED_ACCOUNT_WEIGHT = 0.3;
const UNTAPPED_SPEND_FACTOR = 1.5;

/**
 * Saturated cells: many customers (weight x2.5, 92% customers) buying 75-105%
 * of the cell's spend per firm, and we know ~90% of the market's firms.
 */
const SATURATED: readonly CellKey[] = [
  ['Wholesale', 'South', 'small'],
  ['Retail', 'West', 'medium'],
  ['Manufacturing', 'North', 'medium'],
];
const SATURATED_ACCOUNT_WEIGHT = 2.5;
const SATURATED_COVERAGE = 0.9;

/** Cells present in market.csv that no account falls into (pure whitespace). */
const UNUSED: readonly CellKey[] = [
  ['Wholesale', 'North', 'large'],
  ['Retail', 'East', 'large'],
];

/** Industries present in market.csv only as `Industry,*,*`: their accounts join through the wildcard. */
const WILDCARD_INDUSTRIES: readonly Industry[] = ['Education'];
/** (industry, size) pairs present only as `Industry,*,size`. */
const WILDCARD_REGION: readonly (readonly [Industry, Size])[] = [['Hospitality', 'small']];

interface MarketRow {
  industry: string;
  region: string;
  size: string;
  kind: CellKind;
  /** Grid cells this row covers (one, or several for a wildcard row). */
  cells: number[];
  spend: number;
  growth: number;
  /** Share of the row's firms that appear in customers.csv (sets firms). */
  coverage: number;
}

interface MarketModel {
  rows: MarketRow[];
  /** Market row index of each grid cell. */
  rowOfCell: Int16Array;
  /** Kind of each grid cell. */
  kindOfCell: CellKind[];
  /** Relative probability that an account falls into each grid cell. */
  sampleWeight: Float64Array;
  /** Same, before zeroing unused cells: sizes their firms like a normal cell. */
  nominalWeight: Float64Array;
}

function cellIndex(key: CellKey): number {
  return cellOf(INDUSTRIES.indexOf(key[0]), REGIONS.indexOf(key[1]), SIZES.indexOf(key[2]));
}

function kindOf(cell: number): CellKind {
  const has = (list: readonly CellKey[]) => list.some((key) => cellIndex(key) === cell);
  if (has(UNTAPPED.map(([i, r, s]) => [i, r, s] as const))) return 'untapped';
  if (has(SATURATED)) return 'saturated';
  if (has(UNUSED)) return 'unused';
  return 'normal';
}

/** Groups grid cells into market rows: one per cell, except the wildcard rows. */
function marketRowKeys(): {
  industry: string;
  region: string;
  size: string;
  cells: number[];
}[] {
  const keys: {
    industry: string;
    region: string;
    size: string;
    cells: number[];
  }[] = [];
  INDUSTRIES.forEach((industry, i) => {
    if (WILDCARD_INDUSTRIES.includes(industry)) {
      const cells: number[] = [];
      for (let r = 0; r < REGIONS.length; r++) for (let s = 0; s < SIZES.length; s++) cells.push(cellOf(i, r, s));
      keys.push({ industry, region: '*', size: '*', cells });
      return;
    }
    SIZES.forEach((size, s) => {
      if (WILDCARD_REGION.some(([wi, ws]) => wi === industry && ws === size)) {
        keys.push({
          industry,
          region: '*',
          size,
          cells: REGIONS.map((_, r) => cellOf(i, r, s)),
        });
      }
    });
    REGIONS.forEach((region, r) => {
      SIZES.forEach((size, s) => {
        if (WILDCARD_REGION.some(([wi, ws]) => wi === industry && ws === size)) return;
        keys.push({ industry, region, size, cells: [cellOf(i, r, s)] });
      });
    });
  });
  return keys;
}

function untappedCoverage(cells: number[]): number {
  const key = UNTAPPED.find(([i, r, s]) => cells.includes(cellIndex([i, r, s])));
  return key?.[3] ?? 0.01;
}

/** Market rows and cell weights: depends on the seed only, not on any count. */
function buildMarket(seed: number): MarketModel {
  const rng = Rng.stream(seed, 'market');
  const sampleWeight = new Float64Array(CELLS);
  const nominalWeight = new Float64Array(CELLS);
  const kindOfCell: CellKind[] = [];
  const cellSpend = new Float64Array(CELLS);
  for (let cell = 0; cell < CELLS; cell++) {
    const industry = INDUSTRIES[industryOfCell(cell)] as Industry;
    const region = REGIONS[regionOfCell(cell)] as Region;
    const size = SIZES[sizeOfCell(cell)] as Size;
    const kind = kindOf(cell);
    kindOfCell.push(kind);
    const base = INDUSTRY_WEIGHT[industry] * REGION_WEIGHT[region] * SIZE_WEIGHT[size];
    nominalWeight[cell] = base;
    sampleWeight[cell] =
      kind === 'unused' ? 0 : base * (kind === 'untapped' ? UNTAPPED_ACCOUNT_WEIGHT : kind === 'saturated' ? SATURATED_ACCOUNT_WEIGHT : 1);
    const jitter = rng.uniform(0.9, 1.1);
    cellSpend[cell] =
      SIZE_SPEND[size] * INDUSTRY_SPEND[industry] * REGION_SPEND[region] * jitter * (kind === 'untapped' ? UNTAPPED_SPEND_FACTOR : 1);
  }

  const rowOfCell = new Int16Array(CELLS);
  const rows = marketRowKeys().map((key, index): MarketRow => {
    // A row's kind is its cells' kind (wildcard rows only cover normal cells).
    const kind = kindOfCell[key.cells[0] ?? 0] ?? 'normal';
    let weight = 0;
    let spend = 0;
    for (const cell of key.cells) {
      rowOfCell[cell] = index;
      weight += nominalWeight[cell] ?? 0;
      spend += (nominalWeight[cell] ?? 0) * (cellSpend[cell] ?? 0);
    }
    // Normal cells: we know 25-55% of the market's firms; growth -1% to +6% a year.
    const coverage = rng.uniform(0.25, 0.55);
    const growth = rng.uniform(-0.01, 0.06);
    return {
      ...key,
      kind,
      spend: roundTo(spend / weight, 100),
      coverage: kind === 'untapped' ? untappedCoverage(key.cells) : kind === 'saturated' ? SATURATED_COVERAGE : coverage,
      // Untapped markets grow fast (6-9%), saturated ones barely (0-2%).
      growth: round3(kind === 'untapped' ? 0.06 + growth / 2 : kind === 'saturated' ? (growth + 0.01) / 3.5 : growth),
    };
  });
  return { rows, rowOfCell, kindOfCell, sampleWeight, nominalWeight };
}

// ---------------------------------------------------------------------------
// Reps
// ---------------------------------------------------------------------------

const FIELD = 0;
const INSIDE = 1;

interface RepModel {
  ids: string[];
  names: string[];
  role: number[];
  region: number[];
  callsPerDay: number[];
  days: string[];
  emails: string[];
  plannedShare: (number | '')[];
  /** Rep indexes per region, and per region and role. */
  byRegion: number[][];
  byRegionRole: number[][][];
  /** An owner id that is not in reps.csv (a departed rep). */
  departedId: string;
}

const FIRST_NAMES = words(
  'Anna Ben Clara David Elif Felix Greta Hannes Ida Jonas Katrin Lukas Mia Niklas Olga Paul Queenie René Sophie Tobias Ute Valentin Wiebke Yusuf Zoë',
);
const LAST_NAMES = words(
  'Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf Schröder ' +
    'Neumann Schwarz Braun Hofmann Krüger Hartmann Lange Werner Lehmann Köhler Jäger Böhm Yılmaz Nowak Dubois',
);

/** `R01`...: two digits, or as many as the largest number needs. */
function repId(n: number, count: number): string {
  return `R${String(n).padStart(Math.max(2, String(count).length), '0')}`;
}

function buildReps(seed: number, count: number): RepModel {
  const rng = Rng.stream(seed, 'reps');
  const model: RepModel = {
    ids: [],
    names: [],
    role: [],
    region: [],
    callsPerDay: [],
    days: [],
    emails: [],
    plannedShare: [],
    byRegion: REGIONS.map(() => []),
    byRegionRole: REGIONS.map(() => [[], []]),
    departedId: repId(Math.max(999, count + 1), count),
  };
  const usedEmails = new Set<string>();
  // One rep has planned_share 0.5; the rest use the config default (empty).
  const halfPlanned = Math.min(1, count - 1);
  for (let i = 0; i < count; i++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    // Field ~60% (4-6 calls a day: visits), inside ~40% (15-25 calls a day); the first rep is field.
    const role = i === 0 || rng.chance(0.6) ? FIELD : INSIDE;
    const calls = role === FIELD ? rng.int(4, 6) : rng.int(15, 25);
    const days = rng.pick([
      'Mon-Fri',
      'Mon-Fri',
      'Mon-Fri',
      'Mon-Fri',
      'Mon-Fri',
      'Mon-Fri',
      'Mon-Fri',
      'Mon-Fri',
      'Mon-Thu',
      'Mon,Tue,Thu',
    ]);
    const region = i % REGIONS.length;
    let email = `${asciiSlug(first)}.${asciiSlug(last)}`;
    if (usedEmails.has(email)) email = `${email}${i + 1}`;
    usedEmails.add(email);
    model.ids.push(repId(i + 1, count));
    model.names.push(`${first} ${last}`);
    model.role.push(role);
    model.region.push(region);
    model.callsPerDay.push(calls);
    model.days.push(days);
    model.emails.push(`${email}@plan-demo.example`);
    model.plannedShare.push(i === halfPlanned ? 0.5 : '');
    model.byRegion[region]?.push(i);
    model.byRegionRole[region]?.[role]?.push(i);
  }
  return model;
}

function* repRows(ctx: Context): Generator<(string | number)[]> {
  const reps = ctx.reps();
  for (let i = 0; i < reps.ids.length; i++) {
    yield [
      reps.ids[i] ?? '',
      reps.names[i] ?? '',
      reps.role[i] === FIELD ? 'field' : 'inside',
      reps.callsPerDay[i] ?? 0,
      reps.days[i] ?? '',
      REGIONS[reps.region[i] ?? 0] ?? '',
      reps.emails[i] ?? '',
      reps.plannedShare[i] ?? '',
    ];
  }
}

// ---------------------------------------------------------------------------
// Accounts (the population): everything orders and contacts depend on
// ---------------------------------------------------------------------------

const CUSTOMER = 0;
const PROSPECT = 1;
const LOST = 2;
const STATUS_NAMES = ['customer', 'prospect', 'lost'] as const;

const CHANNELS = ['field', 'phone', 'email', 'web'] as const;
const CH_FIELD = 0;
const NO_CHANNEL = -1;
/** Main ordering channel by size (field, phone, email, web): big accounts get visits more often. */
const MAIN_CHANNEL_WEIGHTS: readonly (readonly number[])[] = [
  [0.03, 0.37, 0.26, 0.34],
  [0.06, 0.36, 0.26, 0.32],
  [0.15, 0.35, 0.25, 0.25],
];

/** Contact profiles (pattern 3). */
const P_PROSPECT = 0;
const P_REGULAR = 1;
/** Contract started 30-180 days ago, no sales touch since: heavy attention before the sale, then silence. */
const P_SILENT = 2;
/** Contract ends within 90 days, last sales touch more than 90 days ago. */
const P_RENEWAL_RISK = 3;
/** Only service, support and billing touches in the last 365 days. */
const P_SERVICE_ONLY = 4;
const P_LOST = 5;

const NO_DAY = -1_000_000;
const NO_OWNER = -1;
const DEPARTED_OWNER = -2;

interface Population {
  count: number;
  cell: Uint8Array;
  status: Uint8Array;
  employees: Int32Array;
  /** Yearly revenue while an active customer (sets order amounts). */
  annual: Float64Array;
  /** revenue_12m as written, in cents. */
  revenueCents: Float64Array;
  owner: Int32Array;
  start: Int32Array;
  end: Int32Array;
  channel: Int8Array;
  /** 1 for the field-small group of pattern 2. */
  fieldSmall: Uint8Array;
  profile: Uint8Array;
  orderWeight: Uint16Array;
  contactWeight: Uint16Array;
  orderWeightTotal: number;
  contactWeightTotal: number;
  /** Accounts per grid cell. */
  cellCounts: Int32Array;
}

function buildPopulation(ctx: Context): Population {
  const n = ctx.options.customers;
  const market = ctx.market();
  const reps = ctx.reps();
  const rng = Rng.stream(ctx.options.seed, 'accounts');
  const pop: Population = {
    count: n,
    cell: new Uint8Array(n),
    status: new Uint8Array(n),
    employees: new Int32Array(n),
    annual: new Float64Array(n),
    revenueCents: new Float64Array(n),
    owner: new Int32Array(n),
    start: new Int32Array(n).fill(NO_DAY),
    end: new Int32Array(n).fill(NO_DAY),
    channel: new Int8Array(n).fill(NO_CHANNEL),
    fieldSmall: new Uint8Array(n),
    profile: new Uint8Array(n),
    orderWeight: new Uint16Array(n),
    contactWeight: new Uint16Array(n),
    orderWeightTotal: 0,
    contactWeightTotal: 0,
    cellCounts: new Int32Array(CELLS),
  };
  const cumulative = cumulativeOf(market.sampleWeight);
  for (let i = 0; i < n; i++) {
    const cell = pickCumulative(cumulative, rng.next());
    const kind = market.kindOfCell[cell] ?? 'normal';
    const size = sizeOfCell(cell);
    pop.cell[i] = cell;
    pop.cellCounts[cell] = (pop.cellCounts[cell] ?? 0) + 1;
    pop.employees[i] = employeesFor(rng, size);
    // ~60% customers, ~35% prospects, ~5% lost; saturated cells are nearly all customers.
    // The first account is always a customer so that orders always have someone to go to.
    const status = i === 0 ? CUSTOMER : rng.weighted(kind === 'saturated' ? [0.92, 0.05, 0.03] : [0.6, 0.35, 0.05]);
    pop.status[i] = status;
    pop.owner[i] = pickOwner(rng, reps, regionOfCell(cell), size);
    assignContract(rng, pop, i, ctx.asOf);
    assignRevenueAndChannel(rng, pop, i, kind, market.rows[market.rowOfCell[cell] ?? 0]?.spend ?? 0, ctx.asOf);
    pop.profile[i] = contactProfile(rng, pop, i, ctx.asOf);
    assignWeights(rng, pop, i);
    pop.orderWeightTotal += pop.orderWeight[i] ?? 0;
    pop.contactWeightTotal += pop.contactWeight[i] ?? 0;
  }
  return pop;
}

/** Employees within the size band: small 2-49 (most very small), medium 50-249, large 250-5000 (log-uniform). */
function employeesFor(rng: Rng, size: number): number {
  const u = rng.next();
  if (size === SMALL) return 2 + Math.floor(48 * u * u);
  if (size === MEDIUM) return 50 + Math.floor(200 * u);
  return Math.min(5000, Math.floor(250 * 20 ** u));
}

/**
 * Owner: ~1% empty, ~1% a departed rep (not in reps.csv); otherwise a rep of
 * the account's region (90%), preferably field reps for medium/large accounts
 * and inside reps for small ones.
 */
function pickOwner(rng: Rng, reps: RepModel, region: number, size: number): number {
  const u = rng.next();
  if (u < 0.01) return NO_OWNER;
  if (u < 0.02) return DEPARTED_OWNER;
  const all = reps.ids.length;
  const inRegion = reps.byRegion[region] ?? [];
  if (inRegion.length === 0 || rng.chance(0.1)) return rng.int(0, all - 1);
  const preferred = reps.byRegionRole[region]?.[size === SMALL ? INSIDE : FIELD] ?? [];
  if (preferred.length > 0 && rng.chance(0.75)) return rng.pick(preferred);
  return rng.pick(inRegion);
}

/** Contract terms 12, 24 or 36 months. Customers' contracts run today; lost ones ended 30-600 days ago. */
function assignContract(rng: Rng, pop: Population, i: number, asOf: Day): void {
  const status = pop.status[i];
  if (status === PROSPECT) return;
  const term = [12, 24, 36][rng.weighted([0.4, 0.35, 0.25])] ?? 12;
  if (status === CUSTOMER) {
    // Start uniformly within the last term, so the contract is running today.
    const termDays = asOf - addMonths(asOf, -term);
    const start = asOf - rng.int(0, termDays - 2);
    pop.start[i] = start;
    pop.end[i] = Math.max(asOf + 1, addMonths(start, term) - 1);
  } else {
    const end = asOf - rng.int(30, 600);
    pop.end[i] = end;
    pop.start[i] = addMonths(end + 1, -term);
  }
}

/** Share of wallet (revenue / the cell's spend per firm) and main ordering channel. */
function assignRevenueAndChannel(rng: Rng, pop: Population, i: number, kind: CellKind, spend: number, asOf: Day): void {
  const status = pop.status[i];
  const size = sizeOfCell(pop.cell[i] ?? 0);
  if (status === PROSPECT) return;
  // Pattern 2: ~8% of normal small/medium ordering accounts order through field, in small amounts.
  const fieldSmall = kind === 'normal' && size !== LARGE && rng.chance(0.08);
  let share: number;
  if (kind === 'untapped') share = rng.uniform(0.005, 0.03);
  else if (kind === 'saturated') share = rng.uniform(0.75, 1.05);
  else if (fieldSmall) share = rng.uniform(0.02, 0.06);
  else share = rng.uniform(0.08, 0.6);
  const annual = spend * share;
  pop.annual[i] = annual;
  // Lost accounts only count the part of the last 12 months before their contract ended.
  const activeShare = status === LOST ? clamp(((pop.end[i] ?? asOf) - (asOf - 365)) / 365, 0, 1) : 1;
  pop.revenueCents[i] = Math.round(annual * activeShare * 100);
  pop.fieldSmall[i] = fieldSmall ? 1 : 0;
  pop.channel[i] = fieldSmall ? CH_FIELD : rng.weighted(MAIN_CHANNEL_WEIGHTS[size] ?? [1]);
}

/**
 * Pattern 3. Of the customers whose contract started 30-180 days ago (~27%),
 * 37% fall silent after the sale (~10% of customers). Half of the renewals due
 * within 90 days are at risk. 15% of long-running contracts (~5% of customers)
 * only hear from service and finance.
 */
function contactProfile(rng: Rng, pop: Population, i: number, asOf: Day): number {
  const status = pop.status[i];
  if (status === PROSPECT) return P_PROSPECT;
  if (status === LOST) return P_LOST;
  const start = pop.start[i] ?? asOf;
  const end = pop.end[i] ?? asOf;
  const u = rng.next();
  if (start >= asOf - 180 && start <= asOf - 30 && u < 0.37) return P_SILENT;
  if (end > asOf && end <= asOf + 90 && u < 0.5) return P_RENEWAL_RISK;
  if (start <= asOf - 365 && end > asOf + 90 && u < 0.15) return P_SERVICE_ONLY;
  return P_REGULAR;
}

/** Relative number of orders and touches (integers, so counts split exactly). */
function assignWeights(rng: Rng, pop: Population, i: number): void {
  const status = pop.status[i];
  const size = sizeOfCell(pop.cell[i] ?? 0);
  if (status !== PROSPECT) {
    // Orders: small 10, medium 16, large 25 (x noise); field-small order often (14); lost ones for a shorter time.
    const base = pop.fieldSmall[i] ? 14 : ([10, 16, 25][size] ?? 10) * rng.lognormal(0.4);
    pop.orderWeight[i] = clamp(Math.round(base * (status === LOST ? 0.6 : 1)), 2, 200);
  }
  // Touches: 10 per account (x noise); prospects 6, silent accounts 15 (pre-sale courting), lost 5.
  const profile = pop.profile[i];
  const base = profile === P_PROSPECT ? 6 : profile === P_SILENT ? 15 : profile === P_LOST ? 5 : 10;
  pop.contactWeight[i] = clamp(Math.round(base * rng.lognormal(0.3)), 3, 100);
}

// ---------------------------------------------------------------------------
// customers.csv
// ---------------------------------------------------------------------------

function customerId(i: number, count: number): string {
  return `C${String(i + 1).padStart(Math.max(6, String(count).length), '0')}`;
}

function ownerId(pop: Population, reps: RepModel, i: number): string {
  const owner = pop.owner[i] ?? NO_OWNER;
  if (owner === NO_OWNER) return '';
  if (owner === DEPARTED_OWNER) return reps.departedId;
  return reps.ids[owner] ?? '';
}

function* customerRows(ctx: Context): Generator<(string | number)[]> {
  const pop = ctx.population();
  const reps = ctx.reps();
  const rng = Rng.stream(ctx.options.seed, 'customer-details');
  // Its own stream: adding the address changed none of the other columns.
  const where = Rng.stream(ctx.options.seed, 'customer-address');
  for (let i = 0; i < pop.count; i++) {
    const cell = pop.cell[i] ?? 0;
    const industry = industryOfCell(cell);
    const region = regionOfCell(cell);
    const status = pop.status[i] ?? PROSPECT;
    const name = companyName(rng, INDUSTRIES[industry] as Industry);
    const slug = domainSlug(name);
    const channel = pop.channel[i] ?? NO_CHANNEL;
    yield [
      customerId(i, pop.count),
      name,
      STATUS_NAMES[status] ?? '',
      INDUSTRIES[industry] ?? '',
      REGIONS[region] ?? '',
      pop.employees[i] ?? 0,
      (pop.revenueCents[i] ?? 0) / 100,
      ownerId(pop, reps, i),
      ctx.day(pop.start[i] ?? NO_DAY),
      ctx.day(pop.end[i] ?? NO_DAY),
      channel === NO_CHANNEL ? '' : (CHANNELS[channel] ?? ''),
      rng.chance(0.02) ? '' : phoneNumber(rng, region),
      rng.chance(0.03) ? '' : `${rng.pick(['info', 'info', 'sales', 'einkauf', 'office', 'kontakt'])}@${slug}.example`,
      postcode(rng, region),
      where.chance(0.04) ? '' : `${where.pick(STREETS)} ${where.int(1, 180)}`,
      where.pick(CITIES[region] ?? ['Berlin']),
      where.chance(0.15) ? '' : `${where.pick(FIRST_NAMES)} ${where.pick(LAST_NAMES)}`,
      rng.chance(0.1) ? '' : `www.${slug}.example`,
    ];
  }
}

const COMPANY_WORDS: Record<Industry, readonly string[]> = {
  Manufacturing: ['Maschinenbau', 'Metallwerk', 'Precision Parts', 'Kunststofftechnik', 'Tooling', 'Antriebstechnik'],
  Healthcare: ['Klinik', 'Medical', 'Pflegedienst', 'Praxisbedarf', 'Care Services', 'Labor'],
  Retail: ['Markt', 'Stores', 'Handel', 'Fachhandel', 'Modehaus', 'Drogerie'],
  Logistics: ['Logistik', 'Transport', 'Spedition', 'Freight', 'Lagerhaus', 'Kurierdienst'],
  Construction: ['Bau', 'Hochbau', 'Tiefbau', 'Construction', 'Dachdeckerei', 'Haustechnik'],
  Hospitality: ['Hotel', 'Gastronomie', 'Catering', 'Brauhaus', 'Restaurants', 'Kantinen'],
  Education: ['Akademie', 'Bildungswerk', 'Schule', 'Learning', 'Institut', 'Campus'],
  Wholesale: ['Großhandel', 'Trading', 'Supply', 'Vertrieb', 'Import-Export', 'Handelskontor'],
};
const LEGAL_FORMS = ['GmbH', 'GmbH', 'GmbH', 'AG', 'KG', 'GmbH & Co. KG', 'e.K.', 'Ltd', 'SE', 'OHG'];
const SURNAMES = [
  ...LAST_NAMES,
  ...words(
    'Zimmermann Keller Vogel Brandt Lefèvre Martin Bernard Rossi Jansen Svensson Nielsen Dvořák Weiß Groß Fuchs Peters Kaiser Baumann Franke',
  ),
  'de Vries',
];
const PLACES = ['Nord', 'Süd', 'Rhein', 'Elbe', 'Alpen', 'Harz', 'Main', 'Ostsee', 'Spree', 'Weser'];

/** Realistic company names; ~15% contain a comma (so they get quoted), some accents (Müller, Société). */
function companyName(rng: Rng, industry: Industry): string {
  const word = rng.pick(COMPANY_WORDS[industry]);
  const surname = rng.pick(SURNAMES);
  switch (rng.weighted([40, 15, 10, 12, 5, 5, 13])) {
    case 0:
      return `${surname} ${word} ${rng.pick(LEGAL_FORMS)}`;
    case 1:
      return `${surname} & ${rng.pick(['Sohn', 'Söhne', 'Partner', rng.pick(SURNAMES)])} ${rng.pick(LEGAL_FORMS)}`;
    case 2:
      return `${surname}, ${rng.pick(SURNAMES)} & Partner`;
    case 3:
      return `${rng.pick(PLACES)}${rng.pick(['tec', 'werk', 'data', 'med', 'log', 'bau'])} ${word} ${rng.pick(LEGAL_FORMS)}`;
    case 4:
      return `${word} Solutions, Inc.`;
    case 5:
      return `${rng.pick(['Société', 'Établissements', 'Groupe'])} ${surname} ${rng.pick(['SARL', 'SA', 'SAS'])}`;
    default:
      return `${surname} ${word}, Niederlassung ${rng.pick(PLACES)}`;
  }
}

const LEGAL_WORDS = new Set([
  'gmbh',
  'ag',
  'kg',
  'co',
  'ek',
  'e',
  'k',
  'ltd',
  'se',
  'ohg',
  'inc',
  'sarl',
  'sa',
  'sas',
  'partner',
  'niederlassung',
]);

/** A web domain from a company name: ascii, lower case, first two meaningful words. */
function domainSlug(name: string): string {
  const words = asciiSlug(name)
    .split('-')
    .filter((w) => w !== '' && !LEGAL_WORDS.has(w));
  return words.slice(0, 2).join('-') || 'company';
}

function asciiSlug(text: string): string {
  // Fold accents only when there are any (most names are plain ASCII).
  const ascii = /^[\x20-\x7e]*$/.test(text)
    ? text
    : text
        .replace(/ß/g, 'ss')
        .replace(/ı/g, 'i')
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '');
  return ascii
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** German area codes per region (Hamburg, Bremen, ... / Berlin, Leipzig, ...). */
const AREA_CODES: readonly (readonly string[])[] = [
  ['40', '421', '511', '431'],
  ['89', '711', '911', '821'],
  ['30', '341', '351', '391'],
  ['221', '211', '231', '201'],
];

/** Like `+49 30 1234567`. */
function phoneNumber(rng: Rng, region: number): string {
  const area = rng.pick(AREA_CODES[region] ?? ['30']);
  const digits = rng.int(5, 8);
  const number = rng.int(10 ** (digits - 1), 10 ** digits - 1);
  return `+49 ${area} ${number}`;
}

const STREETS = [
  'Hauptstraße',
  'Bahnhofstraße',
  'Industriestraße',
  'Gewerbepark',
  'Am Hafen',
  'Lindenallee',
  'Schillerstraße',
  'Goethestraße',
  'Werkstraße',
  'Kanalstraße',
  'Im Technologiepark',
  'Rue de la Gare',
];
/** Cities by region, in the order of POSTCODE_RANGES. */
const CITIES: readonly (readonly string[])[] = [
  ['Hamburg', 'Bremen', 'Hannover', 'Kiel', 'Lübeck'],
  ['München', 'Stuttgart', 'Nürnberg', 'Augsburg', 'Regensburg'],
  ['Berlin', 'Dresden', 'Leipzig', 'Potsdam', 'Erfurt'],
  ['Köln', 'Düsseldorf', 'Dortmund', 'Essen', 'Münster'],
];

/** Five-digit postcodes by region; the East's 01xxx-09xxx keep their leading zero. */
const POSTCODE_RANGES: readonly (readonly [number, number])[] = [
  [20000, 31999],
  [70000, 99999],
  [1000, 19999],
  [40000, 59999],
];

function postcode(rng: Rng, region: number): string {
  const [lo, hi] = POSTCODE_RANGES[region] ?? [10000, 99999];
  return String(rng.int(lo, hi)).padStart(5, '0');
}

// ---------------------------------------------------------------------------
// market.csv
// ---------------------------------------------------------------------------

/**
 * firms = accounts we would expect in the cell / the cell's coverage, and
 * never fewer than the accounts actually in the file (whitespace >= 0).
 */
function* marketRows(ctx: Context): Generator<(string | number)[]> {
  const market = ctx.market();
  const pop = ctx.population();
  let totalWeight = 0;
  for (const w of market.sampleWeight) totalWeight += w;
  for (const row of market.rows) {
    let accounts = 0;
    let expected = 0;
    for (const cell of row.cells) {
      accounts += pop.cellCounts[cell] ?? 0;
      const weight = row.kind === 'unused' ? market.nominalWeight[cell] : market.sampleWeight[cell];
      expected += (pop.count * (weight ?? 0)) / totalWeight;
    }
    const firms = Math.max(1, accounts, Math.ceil(expected / row.coverage));
    yield [row.industry, row.region, row.size, firms, row.spend, row.growth];
  }
}

// ---------------------------------------------------------------------------
// orders.csv
// ---------------------------------------------------------------------------

/** Share of a customer's orders in its main channel (the field-small group: 90%). */
const MAIN_CHANNEL_SHARE = 0.8;
const FIELD_SMALL_MAIN_SHARE = 0.9;
/** Other orders go to the other channels in these proportions (field, phone, email, web). */
const OTHER_CHANNEL_WEIGHTS = [0.05, 0.4, 0.23, 0.32] as const;
/** ~0.2% of orders name their channel as a CRM would: synonyms the config must map. */
const CHANNEL_SYNONYMS: readonly (readonly string[])[] = [
  ['visit', 'Field Sales', 'Außendienst'],
  ['Telephone', 'tel', 'Phone'],
  ['E-Mail', 'mail'],
  ['portal', 'EDI', 'online'],
];
const SYNONYM_RATE = 0.002;
const RETURN_RATE = 0.001;
/** Of a full two-year window, 80% of orders fall in the last 365 days. */
const RECENT_ORDER_SHARE = 0.8;

/**
 * The catalog: name (~40% of order lines name one with a comma or a double
 * quote, so writers must quote them), category, price, and the overall share
 * of a segment's spend that goes to it (products.csv).
 */
const PRODUCTS: readonly (readonly [name: string, category: string, price: number, share: number])[] = [
  ['Safety gloves, size L', 'safety', 4.9, 0.02],
  ['Cable NYM-J 3x1.5, 100 m', 'electrical', 89, 0.02],
  ['Monitor 24" IPS', 'office', 159, 0.02],
  ['Printer paper A4, 80 g/m²', 'office', 5.49, 0.02],
  ['Pallet "Euro" 1200x800', 'packaging', 14.5, 0.02],
  ['Screws M6x20, zinc plated, 500 pcs', 'fasteners', 18.9, 0.02],
  ['Drill bit set 3-10 mm', 'tools', 24.9, 0.02],
  ['Hand cleaner 5 l', 'hygiene', 29.9, 0.02],
  ['Work boots S3, black', 'safety', 79, 0.02],
  ['Toner cartridge "XL"', 'office', 89, 0.02],
  ['Cable ties 200 mm, 100 pcs', 'electrical', 6.9, 0.02],
  ['Label roll 50x25, white', 'packaging', 8.5, 0.02],
  ['Stretch film 23 µm, 6 rolls', 'packaging', 39, 0.02],
  ['Laptop stand 15.6"', 'office', 34.9, 0.02],
  ['Disinfectant wipes, 120 pcs', 'hygiene', 7.9, 0.02],
  ['Ballpoint pens blue', 'office', 3.2, 0.02],
  ['Coffee beans 1 kg', 'catering', 16.9, 0.02],
  ['LED panel 60x60', 'electrical', 49, 0.02],
  ['Cleaning cloths microfibre', 'hygiene', 9.9, 0.02],
  ['First-aid kit DIN 13157', 'safety', 39.9, 0.02],
  ['Shelf unit 180x90x40', 'furniture', 129, 0.02],
  ['Hearing protection', 'safety', 19.9, 0.02],
  ['Spare parts kit', 'maintenance', 249, 0.02],
  ['Service contract extension', 'services', 1200, 0.15],
  ['Hydraulic oil HLP 46', 'maintenance', 69, 0.02],
  ['Packing tape brown', 'packaging', 2.9, 0.02],
  ['Safety goggles', 'safety', 12.9, 0.02],
  ['Copy paper A3', 'office', 9.9, 0.02],
  ['Office chair ergonomic', 'furniture', 349, 0.02],
  ['Batteries AA', 'electrical', 4.5, 0.02],
];
const productIndex = (name: string): number => PRODUCTS.findIndex((p) => p[0] === name);

/** Pattern 5. Four core products per industry: 7% of the spend each (products.csv) and 18% of the order lines each. */
const CORE_PRODUCTS: Record<Industry, readonly string[]> = {
  Manufacturing: ['Screws M6x20, zinc plated, 500 pcs', 'Drill bit set 3-10 mm', 'Hydraulic oil HLP 46', 'Spare parts kit'],
  Healthcare: ['Disinfectant wipes, 120 pcs', 'First-aid kit DIN 13157', 'Hand cleaner 5 l', 'Cleaning cloths microfibre'],
  Retail: ['Label roll 50x25, white', 'Packing tape brown', 'Batteries AA', 'Printer paper A4, 80 g/m²'],
  Logistics: ['Pallet "Euro" 1200x800', 'Stretch film 23 µm, 6 rolls', 'Packing tape brown', 'Safety goggles'],
  Construction: ['Work boots S3, black', 'Safety goggles', 'Hearing protection', 'Drill bit set 3-10 mm'],
  Hospitality: ['Coffee beans 1 kg', 'Cleaning cloths microfibre', 'Hand cleaner 5 l', 'Disinfectant wipes, 120 pcs'],
  Education: ['Printer paper A4, 80 g/m²', 'Ballpoint pens blue', 'Copy paper A3', 'Toner cartridge "XL"'],
  Wholesale: ['Pallet "Euro" 1200x800', 'Stretch film 23 µm, 6 rolls', 'Packing tape brown', 'Shelf unit 180x90x40'],
};
const CORE_SHARE = 0.07;
const CORE_LINE_WEIGHT = 0.18;
/** Service contracts: 15% of the spend, 0.4% of order lines. */
const UNDERSOLD = productIndex('Service contract extension');
const UNDERSOLD_LINE_WEIGHT = 0.004;
/** The cross-sell gap: this share of Healthcare accounts never order the wipes. */
const GAP_INDUSTRY = INDUSTRIES.indexOf('Healthcare');
const GAP_PRODUCT = productIndex('Disinfectant wipes, 120 pcs');
const GAP_SHARE = 0.25;

/** Cumulative order-line weights by industry (and, last, Healthcare's gap accounts). */
const PRODUCT_MIX: readonly Float64Array[] = (() => {
  const mix = (industry: Industry, without = -1) => {
    const core = new Set(CORE_PRODUCTS[industry].map(productIndex));
    const rest = (1 - core.size * CORE_LINE_WEIGHT - UNDERSOLD_LINE_WEIGHT) / (PRODUCTS.length - core.size - 1);
    const weights = PRODUCTS.map((_, p) =>
      p === without ? 0 : core.has(p) ? CORE_LINE_WEIGHT : p === UNDERSOLD ? UNDERSOLD_LINE_WEIGHT : rest,
    );
    return cumulativeOf(Float64Array.from(weights));
  };
  return [...INDUSTRIES.map((industry) => mix(industry)), mix('Healthcare', GAP_PRODUCT)];
})();

function* productRows(): Generator<(string | number)[]> {
  for (const [name, category, price, share] of PRODUCTS) yield [name, category, '', share, price];
  for (const industry of INDUSTRIES) {
    for (const name of CORE_PRODUCTS[industry]) {
      const [, category, price] = PRODUCTS[productIndex(name)] ?? [];
      yield [name, category ?? '', industry, CORE_SHARE, price ?? ''];
    }
  }
}

function* orderRows(ctx: Context): Generator<(string | number)[]> {
  const total = ctx.options.orders;
  if (total === 0) return;
  const pop = ctx.population();
  const asOf = ctx.asOf;
  const rng = Rng.stream(ctx.options.seed, 'orders');
  const idWidth = Math.max(7, String(total).length);
  const split = new Splitter(total, pop.orderWeightTotal);
  // Its own stream, drawn for every account: which accounts are in the cross-sell gap never moves other values.
  const gapRng = Rng.stream(ctx.options.seed, 'product-gap');
  let sequence = 0;
  for (let i = 0; i < pop.count; i++) {
    const industry = industryOfCell(pop.cell[i] ?? 0);
    const gap = gapRng.chance(GAP_SHARE) && industry === GAP_INDUSTRY;
    const mix = PRODUCT_MIX[gap ? INDUSTRIES.length : industry] as Float64Array;
    const k = split.next(pop.orderWeight[i] ?? 0);
    if (k === 0) continue;
    const id = customerId(i, pop.count);
    const lost = pop.status[i] === LOST;
    const from = asOf - 729;
    const to = lost ? (pop.end[i] ?? asOf) : asOf;
    const dayOf = lost ? (u: number) => from + Math.floor(u * (to - from + 1)) : recentWeightedDay(asOf);
    const main = pop.channel[i] ?? CH_FIELD;
    const mainShare = pop.fieldSmall[i] ? FIELD_SMALL_MAIN_SHARE : MAIN_CHANNEL_SHARE;
    const mean = meanOrderAmount(pop, i, k, to - from + 1);
    // Dates ascend within a customer: sorted uniforms drawn one by one (no buffer).
    let top = 1;
    for (let j = k; j >= 1; j--) {
      top *= rng.next() ** (1 / j);
      const day = Math.min(to, dayOf(1 - top));
      sequence++;
      const { amount, lines } = orderAmount(rng, mean);
      yield [
        `O${String(sequence).padStart(idWidth, '0')}`,
        id,
        ctx.day(day),
        orderChannel(rng, main, mainShare),
        amount,
        lines,
        // One draw, as a uniform pick took before products had a mix: the other columns stay as they were.
        PRODUCTS[pickCumulative(mix, rng.next())]?.[0] ?? '',
      ];
    }
  }
}

/** Maps u in [0, 1) to a day of the two years up to asOf, 80% of them in the last 365 days (monotone). */
function recentWeightedDay(asOf: Day): (u: number) => Day {
  const older = 1 - RECENT_ORDER_SHARE;
  return (u) =>
    u < older
      ? asOf - 729 + Math.floor((u / older) * 365)
      : asOf - 364 + Math.min(364, Math.floor(((u - older) / RECENT_ORDER_SHARE) * 365));
}

/** Average order so that the last 12 months of orders add up to about revenue_12m. */
function meanOrderAmount(pop: Population, i: number, orders: number, windowDays: number): number {
  const annual = pop.annual[i] ?? 0;
  const perYear = pop.status[i] === LOST ? (orders * 365) / windowDays : orders * RECENT_ORDER_SHARE;
  return Math.max(5, annual / Math.max(1, perYear));
}

function orderAmount(rng: Rng, mean: number): { amount: number; lines: number } {
  if (rng.chance(RETURN_RATE)) {
    return { amount: -centsOf(mean * rng.uniform(0.05, 0.5)), lines: 1 };
  }
  const amount = Math.max(1, centsOf(mean * rng.lognormal(0.6)));
  const lines = 1 + Math.floor(rng.next() * Math.min(25, 1 + (3 * amount) / mean));
  return { amount, lines };
}

function orderChannel(rng: Rng, main: number, mainShare: number): string {
  let channel = main;
  if (!rng.chance(mainShare)) {
    const weights = OTHER_CHANNEL_WEIGHTS.map((w, c) => (c === main ? 0 : w));
    channel = rng.weighted(weights);
  }
  if (rng.chance(SYNONYM_RATE)) return rng.pick(CHANNEL_SYNONYMS[channel] ?? ['web']);
  return CHANNELS[channel] ?? 'web';
}

// ---------------------------------------------------------------------------
// contacts.csv
// ---------------------------------------------------------------------------

const SALES_TYPES = ['visit', 'call', 'call', 'meeting', 'email', 'email'] as const;
const SALES_OUTCOMES = ['order', 'follow-up', 'offer sent', 'no answer', 'meeting booked', 'info sent'];
const PROSPECT_OUTCOMES = ['follow-up', 'offer sent', 'no answer', 'meeting booked', 'not interested'];
/** Touches by other teams: service and support (team service), billing (finance), complaints (service). */
const OTHER_TYPES: readonly (readonly [string, string, readonly string[]])[] = [
  ['service', 'service', ['resolved', 'resolved', 'open', 'escalated']],
  ['support', 'service', ['resolved', 'resolved', 'open']],
  ['billing', 'finance', ['resolved', 'credit note', 'payment plan']],
  ['complaint', 'service', ['resolved', 'escalated', 'open']],
];
/** ~0.3% of touches have a type no config knows. */
const UNKNOWN_TYPES = ['webinar', 'trade fair', 'newsletter'];
const UNKNOWN_RATE = 0.003;
/** Share of a regular customer's touches that come from sales. */
const SALES_SHARE = 0.55;

interface Touch {
  day: Day;
  /** A sales touch (visit, call, meeting, email) or one by another team. */
  sales: boolean;
  /** Index into OTHER_TYPES when not a sales touch. */
  otherType: number;
}

function* contactRows(ctx: Context): Generator<(string | number)[]> {
  const total = ctx.options.contacts;
  if (total === 0) return;
  const pop = ctx.population();
  const reps = ctx.reps();
  const rng = Rng.stream(ctx.options.seed, 'contacts');
  const staff = clamp(Math.round(pop.count / 150), 6, 99);
  const split = new Splitter(total, pop.contactWeightTotal);
  const chaser = ctx.chaser();
  let easyTurn = 0;
  for (let i = 0; i < pop.count; i++) {
    const k = split.next(pop.contactWeight[i] ?? 0);
    const id = customerId(i, pop.count);
    const owner = ownerId(pop, reps, i);
    const profile = pop.profile[i] ?? P_REGULAR;
    const redirect = chaser !== undefined && pop.owner[i] === chaser.rep && chaser.easy[i] === 0;
    for (let j = 0; j < k; j++) {
      const touch = touchFor(rng, profile, pop, i, ctx.asOf, j === 0);
      const date = ctx.day(touch.day);
      if (j > 0 && profile !== P_SERVICE_ONLY && rng.chance(UNKNOWN_RATE)) {
        yield [id, date, rng.pick(UNKNOWN_TYPES), '', 'marketing', ''];
      } else if (touch.sales) {
        const outcomes = profile === P_PROSPECT ? PROSPECT_OUTCOMES : SALES_OUTCOMES;
        // Pattern 5: the chaser's later sales touches go to their easy customers, in turn.
        const to = redirect && j > 0 ? customerId(chaser.targets[easyTurn++ % chaser.targets.length] as number, pop.count) : id;
        yield [to, date, rng.pick(SALES_TYPES), owner, 'sales', rng.pick(outcomes)];
      } else {
        const [type, team, outcomes] = OTHER_TYPES[touch.otherType] ?? ['service', 'service', ['resolved']];
        // Finance staff are the first third of the S-ids, service the rest.
        const third = Math.floor(staff / 3);
        const by = team === 'finance' ? rng.int(1, third) : rng.int(third + 1, staff);
        yield [id, date, type, `S${String(by).padStart(2, '0')}`, team, rng.pick(outcomes)];
      }
    }
  }
}

/**
 * One touch for an account by contact profile. The first touch of a regular
 * customer is an "anchor" sales touch that keeps it out of the planted flags:
 * within 30 days after a recent contract start, within the last 90 days
 * before a near renewal, else within the last 365 days.
 */
function touchFor(rng: Rng, profile: number, pop: Population, i: number, asOf: Day, first: boolean): Touch {
  const start = pop.start[i] ?? NO_DAY;
  const end = pop.end[i] ?? NO_DAY;
  const oldest = asOf - 729;
  switch (profile) {
    case P_PROSPECT:
      return { day: rng.int(asOf - 540, asOf), sales: true, otherType: 0 };
    case P_SILENT:
      // Courted for up to five months before signing; since then only service and finance.
      if (first || rng.chance(0.6))
        return {
          day: rng.int(start - 150, start - 1),
          sales: true,
          otherType: 0,
        };
      return {
        day: rng.int(start, asOf),
        sales: false,
        otherType: rng.int(0, 3),
      };
    case P_RENEWAL_RISK:
      if (first || rng.chance(SALES_SHARE))
        return {
          day: rng.int(Math.max(oldest, start - 90), asOf - 91),
          sales: true,
          otherType: 0,
        };
      return otherTouch(rng, oldest, asOf, 4);
    case P_SERVICE_ONLY:
      // At least one recent service touch; sales only more than a year ago.
      if (first)
        return {
          day: rng.int(asOf - 364, asOf),
          sales: false,
          otherType: rng.int(0, 2),
        };
      if (rng.chance(0.4)) return { day: rng.int(oldest, asOf - 366), sales: true, otherType: 0 };
      // Service, support and billing only (no complaints).
      return otherTouch(rng, oldest, asOf, 3);
    case P_LOST: {
      const last = Math.min(asOf, end + 60);
      return {
        day: rng.int(oldest, last),
        sales: rng.chance(0.5),
        otherType: rng.int(0, 3),
      };
    }
    default:
      if (first)
        return {
          day: anchorDay(rng, start, end, asOf),
          sales: true,
          otherType: 0,
        };
      if (rng.chance(SALES_SHARE))
        return {
          day: contractPhaseDay(rng, start, end, asOf),
          sales: true,
          otherType: 0,
        };
      return otherTouch(rng, oldest, asOf, 4);
  }
}

/** A touch by service or finance on any day from `oldest` to asOf, of one of the first `types` OTHER_TYPES. */
function otherTouch(rng: Rng, oldest: Day, asOf: Day, types: number): Touch {
  return {
    day: rng.int(oldest, asOf),
    sales: false,
    otherType: rng.int(0, types - 1),
  };
}

function anchorDay(rng: Rng, start: Day, end: Day, asOf: Day): Day {
  if (start >= asOf - 180) return rng.int(start, Math.min(asOf, start + 30));
  if (end <= asOf + 90) return rng.int(asOf - 89, asOf);
  return rng.int(asOf - 364, asOf);
}

/**
 * Sales touches cluster around signing and renewal, thinning out
 * mid-contract (DOMAIN.md idea 4): 35% around the start, 25% before the end,
 * 40% anywhere in the last two years.
 */
function contractPhaseDay(rng: Rng, start: Day, end: Day, asOf: Day): Day {
  const oldest = asOf - 729;
  const u = rng.next();
  let lo = oldest;
  let hi = asOf;
  if (u < 0.35) {
    lo = start - 90;
    hi = start + 60;
  } else if (u < 0.6) {
    lo = end - 150;
    hi = end;
  }
  lo = Math.max(lo, oldest);
  hi = Math.min(hi, asOf);
  return lo <= hi ? rng.int(lo, hi) : rng.int(oldest, asOf);
}

// ---------------------------------------------------------------------------
// Pattern 5: the rep who chases the easy orders
// ---------------------------------------------------------------------------

/** plan focus's default: an account is "easy" from this share of wallet (revenue_12m / the market's spend per firm). */
const EASY_SHARE = 0.8;

interface Chaser {
  /** Rep index. */
  rep: number;
  /** 1 for the easy customers of any rep. */
  easy: Uint8Array;
  /** The chaser's easy customers, by account index. */
  targets: Int32Array;
}

/**
 * The rep with the most easy customers (the first such rep on a tie). Every
 * sales touch of theirs on another account, except that account's first,
 * goes to one of these customers instead. Only the customer id of those rows
 * changes, with no extra random draws, so every other row and every other
 * file is the same as without the pattern. None without an easy customer.
 */
function buildChaser(ctx: Context): Chaser | undefined {
  const pop = ctx.population();
  const market = ctx.market();
  const easy = new Uint8Array(pop.count);
  const counts = new Int32Array(ctx.reps().ids.length);
  for (let i = 0; i < pop.count; i++) {
    const owner = pop.owner[i] ?? NO_OWNER;
    if (pop.status[i] !== CUSTOMER || owner < 0) continue;
    const spend = market.rows[market.rowOfCell[pop.cell[i] ?? 0] ?? 0]?.spend ?? 0;
    if ((pop.revenueCents[i] ?? 0) < EASY_SHARE * spend * 100) continue;
    easy[i] = 1;
    counts[owner] = (counts[owner] ?? 0) + 1;
  }
  let rep = 0;
  counts.forEach((n, r) => {
    if (n > (counts[rep] ?? 0)) rep = r;
  });
  if (counts[rep] === 0) return undefined;
  const targets: number[] = [];
  for (let i = 0; i < pop.count; i++) if (easy[i] === 1 && pop.owner[i] === rep) targets.push(i);
  return { rep, easy, targets: Int32Array.from(targets) };
}

// ---------------------------------------------------------------------------
// activities.csv
// ---------------------------------------------------------------------------

/**
 * Pattern 4: a typical rep's week (hours, before noise, scaled to ~40 h).
 * Selling (customer visits + sales calls + prospecting) is ~12% of the
 * hours, the article's case; order entry + invoicing ~10%, so reassigning
 * them lifts selling to ~22% (+83% selling capacity).
 */
const ACTIVITY_PROFILES: Record<'field' | 'inside', readonly (readonly [string, number])[]> = {
  field: [
    ['customer visits', 2.8],
    ['sales calls', 0.75],
    ['prospecting', 0.75],
    ['travel', 10],
    ['planning visits', 3.5],
    ['order entry', 2.0],
    ['reporting', 3.4],
    ['internal meetings', 6.8],
    ['training', 1.6],
    ['invoicing', 1.0],
    ['complaints', 2.6],
    ['contract issues', 1.8],
  ],
  inside: [
    ['customer visits', 0.3],
    ['sales calls', 3.1],
    ['prospecting', 1.0],
    ['travel', 0.8],
    ['planning visits', 1.5],
    ['order entry', 2.2],
    ['reporting', 4.8],
    ['internal meetings', 9],
    ['training', 2.6],
    ['invoicing', 1.1],
    ['complaints', 5.2],
    ['contract issues', 2.6],
  ],
};
/** "Head office" reps spend ~1.5 days (12 h of a 40 h week) on invoices and contract issues. */
const HEAD_OFFICE_HOURS: Record<string, number> = {
  invoicing: 4.5,
  'contract issues': 7.5,
};
/** Every fifth rep (R03, R08, ...), at least one. */
const isHeadOffice = (rep: number, reps: number): boolean => rep % 5 === 2 || (reps < 3 && rep === reps - 1);
const WEEK_HOURS = 40;
const HISTORY_WEEKS = 8;
/** Rarely, an activity no config knows. */
const UNKNOWN_ACTIVITY = 'misc';
const UNKNOWN_ACTIVITY_RATE = 0.03;

/** Monday of the week after asOf, and the Mondays of the last 8 full ISO weeks up to asOf. */
function nextMonday(asOf: Day): Day {
  return asOf - weekday(asOf) + 8;
}

function historyMondays(asOf: Day): Day[] {
  // The latest week counted is the one whose Sunday is on or before asOf.
  const lastMonday = weekday(asOf) === 7 ? asOf - 6 : nextMonday(asOf) - 14;
  const mondays: Day[] = [];
  for (let w = HISTORY_WEEKS - 1; w >= 0; w--) mondays.push(lastMonday - 7 * w);
  return mondays;
}

/** A rep's usual hours per activity in a week, summing to ~40. */
function weeklyProfile(rng: Rng, role: number, headOffice: boolean): [string, number][] {
  const base = ACTIVITY_PROFILES[role === FIELD ? 'field' : 'inside'];
  const total = WEEK_HOURS * rng.uniform(0.96, 1.04);
  const fixed = headOffice ? HEAD_OFFICE_HOURS : {};
  let fixedHours = 0;
  let flexible = 0;
  const hours = base.map(([activity, h]): [string, number] => {
    const f = fixed[activity];
    if (f !== undefined) {
      fixedHours += f;
      return [activity, f];
    }
    const personal = h * rng.uniform(0.8, 1.2);
    flexible += personal;
    return [activity, personal];
  });
  const scale = (total - fixedHours) / flexible;
  return hours.map(([activity, h]) => [activity, activity in fixed ? h : h * scale]);
}

function* activityRows(ctx: Context): Generator<(string | number)[]> {
  const reps = ctx.reps();
  const rng = Rng.stream(ctx.options.seed, 'activities');
  const weeks = historyMondays(ctx.asOf).map((monday) => formatIsoWeek(isoWeekOf(monday)));
  for (let r = 0; r < reps.ids.length; r++) {
    const profile = weeklyProfile(rng, reps.role[r] ?? FIELD, isHeadOffice(r, reps.ids.length));
    for (const week of weeks) {
      for (const [activity, usual] of profile) {
        const hours = quarterHours(usual * rng.uniform(0.85, 1.15));
        if (hours > 0) yield [reps.ids[r] ?? '', activity, hours, week];
      }
      if (rng.chance(UNKNOWN_ACTIVITY_RATE)) yield [reps.ids[r] ?? '', UNKNOWN_ACTIVITY, quarterHours(rng.uniform(0.5, 2)), week];
    }
  }
}

// ---------------------------------------------------------------------------
// absences.csv
// ---------------------------------------------------------------------------

/**
 * A handful (half the reps, at least 3): a third in the week after asOf, so
 * `plan schedule` has to subtract them; the rest in the last 8 weeks.
 */
function* absenceRows(ctx: Context): Generator<(string | number)[]> {
  const reps = ctx.reps();
  const rng = Rng.stream(ctx.options.seed, 'absences');
  const count = Math.max(3, Math.ceil(reps.ids.length / 2));
  const upcoming = Math.ceil(count / 3);
  const history = historyMondays(ctx.asOf);
  for (let a = 0; a < count; a++) {
    const future = a < upcoming;
    const monday = future ? nextMonday(ctx.asOf) : rng.pick(history);
    const reason = future ? rng.pick(['vacation', 'vacation', 'training']) : rng.pick(['vacation', 'sick', 'sick', 'training']);
    const length = reason === 'vacation' ? rng.int(1, 5) : reason === 'training' ? rng.int(1, 2) : rng.int(1, 3);
    const from = monday + rng.int(0, 5 - length);
    yield [reps.ids[rng.int(0, reps.ids.length - 1)] ?? '', ctx.day(from), ctx.day(from + length - 1), reason];
  }
}

// ---------------------------------------------------------------------------
// Context: options, lazily built models, date formatting
// ---------------------------------------------------------------------------

interface Context {
  options: DemoOptions;
  asOf: Day;
  market(): MarketModel;
  reps(): RepModel;
  population(): Population;
  /** The rep of pattern 5, if any rep has an easy customer. */
  chaser(): Chaser | undefined;
  /** 'YYYY-MM-DD', or '' for NO_DAY. */
  day(day: Day): string;
}

function makeContext(options: DemoOptions): Context {
  const asOf = validate(options);
  let market: MarketModel | undefined;
  let reps: RepModel | undefined;
  let population: Population | undefined;
  let chaser: Chaser | undefined | null = null;
  // Dates cluster within a few years of asOf: format each once.
  const cacheFrom = asOf - 2200;
  const cache: string[] = [];
  const ctx: Context = {
    options,
    asOf,
    market: () => {
      market ??= buildMarket(options.seed);
      return market;
    },
    reps: () => {
      reps ??= buildReps(options.seed, options.reps);
      return reps;
    },
    population: () => {
      population ??= buildPopulation(ctx);
      return population;
    },
    chaser: () => {
      if (chaser === null) chaser = buildChaser(ctx);
      return chaser;
    },
    day: (day) => {
      if (day === NO_DAY) return '';
      const k = day - cacheFrom;
      if (k < 0 || k > 4000) return formatDay(day);
      let text = cache[k];
      if (text === undefined) {
        text = formatDay(day);
        cache[k] = text;
      }
      return text;
    },
  };
  return ctx;
}

function validate(options: DemoOptions): Day {
  const count = (name: 'customers' | 'orders' | 'contacts' | 'reps', min: number) => {
    const value = options[name];
    if (!Number.isSafeInteger(value) || value < min) {
      throw new PlanError('usage', `demo: ${name} must be a whole number >= ${min} (got ${value})`);
    }
  };
  count('customers', 0);
  count('orders', 0);
  count('contacts', 0);
  count('reps', 1);
  if (!Number.isFinite(options.seed)) throw new PlanError('usage', `demo: seed must be a number (got ${options.seed})`);
  if (options.customers === 0 && (options.orders > 0 || options.contacts > 0)) {
    throw new PlanError('usage', 'demo: orders and contacts need at least one customer');
  }
  const asOf = /^\d{4}-\d{2}-\d{2}$/.test(options.asOf) ? parseIsoDay(options.asOf) : undefined;
  if (asOf === undefined) throw new PlanError('usage', `demo: as-of must be a date YYYY-MM-DD (got "${options.asOf}")`);
  return asOf;
}

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

/**
 * Splits `total` items over accounts in proportion to integer weights, exactly:
 * account j gets floor(C_j * total / W) - floor(C_{j-1} * total / W), where C
 * is the running sum of weights. Streams in O(1) memory.
 */
class Splitter {
  private cumulative = 0;
  private given = 0;
  constructor(
    private readonly total: number,
    private readonly weightTotal: number,
  ) {}

  next(weight: number): number {
    if (weight === 0 || this.weightTotal === 0) return 0;
    this.cumulative += weight;
    const upTo = scaledFloor(this.cumulative, this.total, this.weightTotal);
    const k = upTo - this.given;
    this.given = upTo;
    return k;
  }
}

/** floor(a * b / d) exactly for non-negative integers. */
function scaledFloor(a: number, b: number, d: number): number {
  const product = a * b;
  if (product <= Number.MAX_SAFE_INTEGER) {
    let q = Math.floor(product / d);
    if (q * d > product) q--;
    else if ((q + 1) * d <= product) q++;
    return q;
  }
  return Number((BigInt(a) * BigInt(b)) / BigInt(d));
}

function cumulativeOf(weights: Float64Array): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => {
    sum += w;
    out[i] = sum;
  });
  return out;
}

/** Index of the first cumulative weight above u x total (binary search). */
function pickCumulative(cumulative: Float64Array, u: number): number {
  const target = u * (cumulative[cumulative.length - 1] ?? 0);
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cumulative[mid] ?? 0) > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** A list written as one space-separated string. */
function words(text: string): string[] {
  return text.split(' ');
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function centsOf(x: number): number {
  return Math.round(x * 100) / 100;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function roundTo(x: number, step: number): number {
  return Math.round(x / step) * step;
}

function quarterHours(x: number): number {
  return Math.round(x * 4) / 4;
}
