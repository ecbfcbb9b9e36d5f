/**
 * One schema per input file of SPEC section 1: which columns exist, which are
 * required, and how each cell becomes a typed value. The reader (io/table.ts)
 * maps headers to these names, then runs each record through the file's row
 * schema: a parser per column compiled once per file (the rules of
 * schema/cells.ts with the file's options: decimal mark per column, date
 * format, null markers), then the file's check across columns. No zod per
 * row: on a million rows its object machinery was most of the typing time;
 * zod stays for the config (schema/config.ts).
 */
import type { Day } from './calendar.js';
import { mondayOfIsoWeek, parseIsoWeek } from './calendar.js';
import {
  CellError,
  type CellOptions,
  cleanKey,
  compileDateFormat,
  isSpreadsheetError,
  looksLikeMojibake,
  parseDay,
  parseId,
  parseMoney,
  parseNumber,
  parseShare,
  parseWeekdays,
} from './cells.js';
import type { FileKey } from './config.js';
import { MAX_MONEY, MONEY_DECIMALS } from './money.js';

/** Side channel for warnings raised while typing a cell (the row still passes). */
export interface CellContext extends CellOptions {
  warn(column: string, code: string, message: string, value: string): void;
  /** An id of `column` as the file's ids are read (a 15-character Salesforce id as its 18-character form). */
  normalizeId(column: string, id: string): string;
}

/**
 * Bounds past which a value is an error, not a figure (README "Numbers"):
 * values beyond them are typos, overflowed exports or unit mix-ups, and
 * would otherwise become Infinity, NaN or a schedule of millions of slots.
 */
export const BOUNDS = {
  /** Amounts and revenue_12m, in currency units (schema/money.ts). */
  money: MAX_MONEY,
  /** Employees of one account (the largest employers have about 2 million). */
  employees: 10_000_000,
  /** Market figures: firms, spend, employees of a cell, per-firm and per-employee spend. */
  market: 1e15,
  /** Market growth as a share: -100% to +1000% a year. */
  growth: { min: -1, max: 10 },
  /** Order lines of one order row. */
  lines: 1_000_000,
  /** Calls a rep makes a day (a dialer at two calls a minute for eight hours makes 960). */
  callsPerDay: 1_000,
  /** Hours of one time entry: at most the hours of a week. */
  hours: 168,
} as const;

type Parse<T> = (raw: string) => T | CellError;

/** One column's rule: raw text (undefined when the column is absent) to a value or a located problem. */
interface Cell<T> {
  run(raw: string | undefined): T | CellError;
}

/** Missing-value handling shared by every cell: '', configured nulls, #N/A and friends. */
function present(cx: CellContext, column: string, raw: string): boolean {
  if (raw === '') return false;
  if (cx.nullValues.size > 0 && cx.nullValues.has(raw)) return false;
  const first = raw.charCodeAt(0);
  if (first > 32 && first !== 35) return true; // neither space nor '#': the common case
  if (isSpreadsheetError(raw.trim())) {
    cx.warn(column, 'W_SPREADSHEET_ERROR', 'spreadsheet error value read as missing', raw);
    return false;
  }
  return raw.trim() !== '';
}

const MISSING = new CellError('E_REQUIRED', 'missing value');

function optional<T>(cx: CellContext, column: string, parse: Parse<T>): Cell<T | undefined> {
  return { run: (raw) => (raw === undefined || !present(cx, column, raw) ? undefined : parse(raw)) };
}

function required<T>(cx: CellContext, column: string, parse: Parse<T>): Cell<T> {
  return { run: (raw) => (raw === undefined || !present(cx, column, raw) ? MISSING : parse(raw)) };
}

/** Categorical values (industry, channel, ...): trimmed of Unicode space, with one warning per column (case 45). */
function keyParser(cx: CellContext, column: string): (raw: string) => string {
  return (raw) => {
    const value = cleanKey(raw);
    if (value !== raw) cx.warn(column, 'W_WHITESPACE', 'invisible or extra white space trimmed', raw);
    return value;
  };
}

function idParser(cx: CellContext, column: string): Parse<string> {
  const key = keyParser(cx, column);
  return (raw) => {
    const id = parseId(raw);
    return id instanceof CellError ? id : cx.normalizeId(column, key(raw));
  };
}

function textParser(cx: CellContext, column: string): Parse<string> {
  return (raw) => {
    if (looksLikeMojibake(raw)) cx.warn(column, 'W_MOJIBAKE', 'text looks damaged by a wrong encoding upstream', raw);
    return raw;
  };
}

function numberParser(cx: CellContext, column: string, check?: (n: number) => string | undefined): Parse<number> {
  return (raw) => {
    const n = parseNumber(raw, cx.decimalMark(column, raw));
    if (n instanceof CellError) return n;
    const problem = check?.(n);
    return problem ? new CellError('E_RANGE', problem) : n;
  };
}

const nonNegative = (n: number) => (n < 0 ? 'must not be negative' : undefined);
const wholeNonNegative = (n: number) => (n < 0 || !Number.isInteger(n) ? 'must be a whole number, not negative' : undefined);
/** A bound (BOUNDS) past which a value is an error with `message`, after `check`. */
const atMost = (max: number, message: string, check?: (n: number) => string | undefined) => (n: number) =>
  check?.(n) ?? (n > max ? message : undefined);

/** Money as scaled integers (schema/money.ts); more than four decimals are rounded with a warning. */
function moneyParser(cx: CellContext, column: string): Parse<number> {
  return (raw) =>
    parseMoney(raw, cx.decimalMark(column, raw), () =>
      cx.warn(column, 'W_MONEY_ROUNDED', `more than ${MONEY_DECIMALS} decimals; rounded to ${MONEY_DECIMALS}`, raw),
    );
}

function shareParser(cx: CellContext, column: string, min = 0, max = 1): Parse<number> {
  return (raw) => {
    const n = parseShare(raw, cx.decimalMark(column, raw));
    if (n instanceof CellError) return n;
    if (n >= min && n <= max) return n;
    const range = min === 0 && max === 1 ? 'a share between 0 and 1 (or 0% and 100%)' : `between ${min * 100}% and ${max * 100}%`;
    return new CellError('E_RANGE', `must be ${range}`);
  };
}

function dayParser(cx: CellContext): Parse<Day> {
  const custom = cx.dateFormat ? compileDateFormat(cx.dateFormat) : undefined;
  return (raw) => parseDay(raw, custom);
}

/** Market keys: empty or `*` is a wildcard (undefined). */
function wildcardParser(cx: CellContext, column: string): Parse<string | undefined> {
  const key = keyParser(cx, column);
  return (raw) => {
    const value = key(raw);
    return value === '*' ? undefined : value;
  };
}

/** Status words, and the account types and lifecycle stages of CRM exports (Salesforce Type, HubSpot Lifecycle Stage). */
const STATUS_SYNONYMS: Record<string, 'customer' | 'prospect' | 'lost'> = {
  customer: 'customer',
  active: 'customer',
  client: 'customer',
  'customer - direct': 'customer',
  'customer - channel': 'customer',
  evangelist: 'customer',
  prospect: 'prospect',
  lead: 'prospect',
  subscriber: 'prospect',
  marketingqualifiedlead: 'prospect',
  salesqualifiedlead: 'prospect',
  opportunity: 'prospect',
  lost: 'lost',
  churned: 'lost',
  former: 'lost',
  inactive: 'lost',
};

/** The status a cleaned status cell names; undefined when it names none. */
export function statusOf(text: string): 'customer' | 'prospect' | 'lost' | undefined {
  return Object.hasOwn(STATUS_SYNONYMS, text.toLowerCase()) ? STATUS_SYNONYMS[text.toLowerCase()] : undefined;
}

function statusParser(cx: CellContext): Parse<'customer' | 'prospect' | 'lost'> {
  const key = keyParser(cx, 'status');
  return (raw) => statusOf(key(raw)) ?? new CellError('E_STATUS', 'unknown status (use customer, prospect or lost)');
}

/** A problem of one cell, as the readers report it (the shape zod's issues had). */
export interface RowIssue {
  path: [string];
  message: string;
  params: { code: string };
}

export type Parsed<Row> = { success: true; data: Row } | { success: false; error: { issues: RowIssue[] } };

/** A file's row schema: raw cells by canonical column -> a typed row, or every problem of the row. */
export interface RowSchema<Row> {
  /** The columns it types, in shape order. */
  readonly columns: readonly string[];
  safeParse(raw: Readonly<Record<string, string>>): Parsed<Row>;
}

type Shape = Record<string, Cell<unknown>>;
type Out<C> = C extends Cell<infer T> ? T : never;
/** The row a shape types: optional cells may be absent (their column missing or not read). */
export type RowOf<S extends Shape> = { [K in keyof S as undefined extends Out<S[K]> ? never : K]: Out<S[K]> } & {
  [K in keyof S as undefined extends Out<S[K]> ? K : never]?: Out<S[K]>;
};
type Refine<Row> = (row: Row, issue: (column: string, code: string, message: string) => void) => void;

/**
 * The row schema of `shape`, optionally projected to the columns a command
 * reads. A cell's column absent from the header gives no key (a required one
 * a problem); `refine` runs on rows without problems and must allow absent
 * columns.
 */
function objectSchema<S extends Shape>(pick: readonly string[] | undefined, shape: S, refine?: Refine<RowOf<S>>): RowSchema<RowOf<S>> {
  const columns = Object.keys(shape).filter((k) => !pick || pick.includes(k));
  const cells = columns.map((k) => (shape[k] as Cell<unknown>).run);
  const n = columns.length;
  return {
    columns,
    safeParse(raw) {
      const row: Record<string, unknown> = {};
      let issues: RowIssue[] | undefined;
      for (let i = 0; i < n; i++) {
        const name = columns[i] as string;
        const text = raw[name];
        const value = (cells[i] as Cell<unknown>['run'])(text);
        if (value instanceof CellError) {
          issues ??= [];
          issues.push({ path: [name], message: value.message, params: { code: value.code } });
        } else if (value !== undefined || text !== undefined) row[name] = value;
      }
      if (issues === undefined && refine) {
        refine(row as RowOf<S>, (column, code, message) => {
          issues ??= [];
          issues.push({ path: [column], message, params: { code } });
        });
      }
      return issues === undefined ? { success: true, data: row as RowOf<S> } : { success: false, error: { issues } };
    },
  };
}

/**
 * `schema` with the columns of `omit` typed for their problems only: its rows
 * leave them out (ReadRequest.checked: a summary checks names it never shows).
 */
export function leavingOut<Row>(schema: RowSchema<Row>, omit: ReadonlySet<string>): RowSchema<Row> {
  const kept = schema.columns.filter((c) => !omit.has(c));
  if (kept.length === schema.columns.length) return schema;
  return {
    columns: schema.columns,
    safeParse(raw) {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) return parsed;
      const all = parsed.data as Record<string, unknown>;
      const row: Record<string, unknown> = {};
      for (const c of kept) if (Object.hasOwn(all, c)) row[c] = all[c];
      return { success: true, data: row as Row };
    },
  };
}

// ---------------------------------------------------------------- customers

export function customerSchema(cx: CellContext, pick?: readonly string[]) {
  const key = (c: string) => optional(cx, c, keyParser(cx, c));
  return objectSchema(
    pick,
    {
      id: required(cx, 'id', idParser(cx, 'id')),
      name: optional(cx, 'name', textParser(cx, 'name')),
      status: optional(cx, 'status', statusParser(cx)),
      industry: key('industry'),
      region: key('region'),
      size: key('size'),
      employees: optional(
        cx,
        'employees',
        numberParser(
          cx,
          'employees',
          atMost(BOUNDS.employees, 'more than 10,000,000 employees: beyond any real account', wholeNonNegative),
        ),
      ),
      revenue_12m: optional(cx, 'revenue_12m', moneyParser(cx, 'revenue_12m')),
      owner: key('owner'),
      contract_start: optional(cx, 'contract_start', dayParser(cx)),
      contract_end: optional(cx, 'contract_end', dayParser(cx)),
      channel: key('channel'),
      phone: optional(cx, 'phone', idParser(cx, 'phone')),
      email: key('email'),
      postcode: key('postcode'),
      /** Street and number, or the whole address; with postcode and city it is where a visit goes. */
      address: optional(cx, 'address', textParser(cx, 'address')),
      city: optional(cx, 'city', textParser(cx, 'city')),
      /** The person to ask for. */
      contact: optional(cx, 'contact', textParser(cx, 'contact')),
      lat: optional(
        cx,
        'lat',
        numberParser(cx, 'lat', (n) => (Math.abs(n) > 90 ? 'latitude out of range' : undefined)),
      ),
      lon: optional(
        cx,
        'lon',
        numberParser(cx, 'lon', (n) => (Math.abs(n) > 180 ? 'longitude out of range' : undefined)),
      ),
    },
    (row, issue) => {
      if (row.contract_start !== undefined && row.contract_end !== undefined && row.contract_end < row.contract_start)
        issue('contract_end', 'E_RANGE', 'contract ends before it starts');
    },
  );
}

// ---------------------------------------------------------------- market

/**
 * Census disclosure-avoidance codes (`(D)` withheld, `(S)` below standards,
 * `(X)`, `(NA)`, `(Z)`, `N`): the figure exists but is unknown. Read as NaN,
 * never as 0 (BAD_INPUTS.md case 52); core/segment.ts leaves such cells out.
 */
const SUPPRESSED = /^(?:\((?:D|S|X|NA|N|Z)\)|N)$/;

function marketNumber(cx: CellContext, column: string): Parse<number> {
  const number = numberParser(cx, column, atMost(BOUNDS.market, 'above 10^15: beyond any real market figure', nonNegative));
  return (raw) => {
    if (!SUPPRESSED.test(raw.trim())) return number(raw);
    cx.warn(column, 'W_SUPPRESSED', 'suppressed figure (disclosure avoidance) read as unknown', raw);
    return Number.NaN;
  };
}

export function marketSchema(cx: CellContext, pick?: readonly string[]) {
  const key = (c: string) => optional(cx, c, wildcardParser(cx, c));
  const figure = (c: string) => optional(cx, c, marketNumber(cx, c));
  return objectSchema(
    pick,
    {
      industry: key('industry'),
      region: key('region'),
      size: key('size'),
      firms: figure('firms'),
      spend: figure('spend'),
      spend_per_firm: figure('spend_per_firm'),
      employees: figure('employees'),
      spend_per_employee: figure('spend_per_employee'),
      growth: optional(cx, 'growth', shareParser(cx, 'growth', BOUNDS.growth.min, BOUNDS.growth.max)),
      /** A row for one product: its spend per firm in the cell (docs/products.md); empty = the cell's total. */
      product: optional(cx, 'product', keyParser(cx, 'product')),
    },
    (row, issue) => {
      if (row.spend === undefined && row.spend_per_firm === undefined) issue('spend', 'E_REQUIRED', 'needs spend or spend_per_firm');
      else if (row.spend_per_firm === undefined && !row.firms && !Number.isNaN(row.firms))
        issue('firms', 'E_REQUIRED', 'spend without a number of firms gives no spend per firm');
    },
  );
}

// ---------------------------------------------------------------- orders

/**
 * Orders and touches may lack a customer id: such rows are typed (no
 * error) with `customer_id` undefined, and the analyses count them apart as
 * "no customer" with a warning (README "Rows").
 */
export function orderSchema(cx: CellContext, pick?: readonly string[]) {
  return objectSchema(pick, {
    customer_id: optional(cx, 'customer_id', idParser(cx, 'customer_id')),
    date: required(cx, 'date', dayParser(cx)),
    channel: required(cx, 'channel', keyParser(cx, 'channel')),
    amount: required(cx, 'amount', moneyParser(cx, 'amount')),
    order_id: optional(cx, 'order_id', idParser(cx, 'order_id')),
    lines: optional(
      cx,
      'lines',
      numberParser(cx, 'lines', atMost(BOUNDS.lines, 'more than 1,000,000 lines in one order row', wholeNonNegative)),
    ),
    product: optional(cx, 'product', keyParser(cx, 'product')),
  });
}

// ---------------------------------------------------------------- products

/**
 * products.csv (docs/products.md): one row per product with its share of a
 * segment's spend; a row with an industry gives that industry its own share
 * (empty or `*`: every industry).
 */
export function productSchema(cx: CellContext, pick?: readonly string[]) {
  return objectSchema(pick, {
    product: required(cx, 'product', keyParser(cx, 'product')),
    name: optional(cx, 'name', textParser(cx, 'name')),
    category: optional(cx, 'category', keyParser(cx, 'category')),
    industry: optional(cx, 'industry', wildcardParser(cx, 'industry')),
    share: optional(cx, 'share', shareParser(cx, 'share')),
    /** Money (ten-thousandths, schema/money.ts). */
    price: optional(cx, 'price', (raw) => {
      const units = moneyParser(cx, 'price')(raw);
      return units instanceof CellError || units > 0 ? units : new CellError('E_RANGE', 'must be above 0');
    }),
  });
}

// ---------------------------------------------------------------- contacts

export function contactSchema(cx: CellContext, pick?: readonly string[]) {
  const key = (c: string) => optional(cx, c, keyParser(cx, c));
  return objectSchema(pick, {
    customer_id: optional(cx, 'customer_id', idParser(cx, 'customer_id')),
    date: required(cx, 'date', dayParser(cx)),
    type: required(cx, 'type', keyParser(cx, 'type')),
    by: key('by'),
    team: key('team'),
    outcome: key('outcome'),
  });
}

// ---------------------------------------------------------------- reps

export function repSchema(cx: CellContext, pick?: readonly string[]) {
  const key = (c: string) => optional(cx, c, keyParser(cx, c));
  return objectSchema(pick, {
    id: required(cx, 'id', idParser(cx, 'id')),
    name: optional(cx, 'name', textParser(cx, 'name')),
    role: key('role'),
    calls_per_day: optional(
      cx,
      'calls_per_day',
      numberParser(
        cx,
        'calls_per_day',
        atMost(BOUNDS.callsPerDay, 'more than 1,000 calls a day (a dialer at two a minute makes 960 in 8 hours)', (n) =>
          n <= 0 ? 'must be above 0' : undefined,
        ),
      ),
    ),
    days: optional(cx, 'days', parseWeekdays),
    region: key('region'),
    email: key('email'),
    planned_share: optional(cx, 'planned_share', shareParser(cx, 'planned_share')),
  });
}

// ---------------------------------------------------------------- activities

/** A week given as `2026-W45` or as any day in it; kept as that week's Monday. */
function weekParser(cx: CellContext): Parse<Day> {
  const day = dayParser(cx);
  return (raw) => {
    const week = parseIsoWeek(raw);
    if (week) return mondayOfIsoWeek(week);
    const d = day(raw);
    return d instanceof CellError ? new CellError('E_WEEK', 'not an ISO week (2026-W45) or a date') : d;
  };
}

export function activitySchema(cx: CellContext, pick?: readonly string[]) {
  return objectSchema(pick, {
    rep: required(cx, 'rep', idParser(cx, 'rep')),
    activity: required(cx, 'activity', keyParser(cx, 'activity')),
    hours: required(cx, 'hours', numberParser(cx, 'hours', atMost(BOUNDS.hours, 'more hours than a week has (168)', nonNegative))),
    date: optional(cx, 'date', dayParser(cx)),
    week: optional(cx, 'week', weekParser(cx)),
  });
}

// ---------------------------------------------------------------- absences

export function absenceSchema(cx: CellContext, pick?: readonly string[]) {
  return objectSchema(
    pick,
    {
      rep: required(cx, 'rep', idParser(cx, 'rep')),
      from: required(cx, 'from', dayParser(cx)),
      to: required(cx, 'to', dayParser(cx)),
      reason: optional(cx, 'reason', textParser(cx, 'reason')),
    },
    (row, issue) => {
      if (row.to < row.from) issue('to', 'E_RANGE', 'absence ends before it starts');
    },
  );
}

// ---------------------------------------------------------------- specs

type SchemaFactory = (cx: CellContext, pick?: readonly string[]) => RowSchema<unknown>;

export interface FileSpec<Row> {
  key: FileKey;
  file: string;
  /** Canonical column names, in the order of SPEC section 1. */
  columns: readonly string[];
  /** Each group needs at least one of its columns in the header. */
  requiredGroups: readonly (readonly string[])[];
  /** Column whose values must be unique in the file. */
  uniqueKey?: string;
  /** Keep unknown columns (passed through to outputs that list accounts). */
  passthrough: boolean;
  /** Number columns: each decides its decimal mark from its values (DecimalColumn). */
  numberColumns: readonly string[];
  /** The column naming an account (customers' id, or customer_id): where Salesforce ids are recognised. */
  accountIdColumn?: string;
  /** The row schema, optionally projected to some columns (required ones are always kept). */
  schema: (cx: CellContext, pick?: readonly string[]) => RowSchema<Omit<Row, 'line' | 'extra'>>;
}

type Typed<S> = S extends RowSchema<infer Row> ? Row : never;

/** Every typed row remembers where it came from. */
export interface Located {
  line: number;
}

export type CustomerRow = Typed<ReturnType<typeof customerSchema>> & Located & { extra?: Record<string, string> };
export type MarketRow = Typed<ReturnType<typeof marketSchema>> & Located;
export type OrderRow = Typed<ReturnType<typeof orderSchema>> & Located;
export type ContactRow = Typed<ReturnType<typeof contactSchema>> & Located;
export type RepRow = Typed<ReturnType<typeof repSchema>> & Located;
export type ActivityRow = Typed<ReturnType<typeof activitySchema>> & Located;
export type AbsenceRow = Typed<ReturnType<typeof absenceSchema>> & Located;
export type ProductRow = Typed<ReturnType<typeof productSchema>> & Located;

const spec = <Row>(s: Omit<FileSpec<Row>, 'columns'> & { schema: SchemaFactory }): FileSpec<Row> => {
  const probe = s.schema({
    decimalMark: () => 'point',
    dateFormat: undefined,
    nullValues: new Set(),
    warn() {},
    normalizeId: (_, id) => id,
  });
  const columns = probe.columns;
  return { ...s, columns } as FileSpec<Row>;
};

export const FILES = {
  customers: spec<CustomerRow>({
    key: 'customers',
    file: 'customers.csv',
    requiredGroups: [['id']],
    uniqueKey: 'id',
    passthrough: true,
    numberColumns: ['employees', 'revenue_12m', 'lat', 'lon'],
    accountIdColumn: 'id',
    schema: customerSchema,
  }),
  market: spec<MarketRow>({
    key: 'market',
    file: 'market.csv',
    requiredGroups: [
      ['industry', 'region', 'size'],
      ['spend', 'spend_per_firm'],
    ],
    passthrough: false,
    numberColumns: ['firms', 'spend', 'spend_per_firm', 'employees', 'spend_per_employee', 'growth'],
    schema: marketSchema,
  }),
  orders: spec<OrderRow>({
    key: 'orders',
    file: 'orders.csv',
    requiredGroups: [['customer_id'], ['date'], ['channel'], ['amount']],
    passthrough: false,
    numberColumns: ['amount', 'lines'],
    accountIdColumn: 'customer_id',
    schema: orderSchema,
  }),
  contacts: spec<ContactRow>({
    key: 'contacts',
    file: 'contacts.csv',
    requiredGroups: [['customer_id'], ['date'], ['type']],
    passthrough: false,
    numberColumns: [],
    accountIdColumn: 'customer_id',
    schema: contactSchema,
  }),
  reps: spec<RepRow>({
    key: 'reps',
    file: 'reps.csv',
    requiredGroups: [['id']],
    uniqueKey: 'id',
    passthrough: false,
    numberColumns: ['calls_per_day', 'planned_share'],
    schema: repSchema,
  }),
  activities: spec<ActivityRow>({
    key: 'activities',
    file: 'activities.csv',
    requiredGroups: [['rep'], ['activity'], ['hours']],
    passthrough: false,
    numberColumns: ['hours'],
    schema: activitySchema,
  }),
  absences: spec<AbsenceRow>({
    key: 'absences',
    file: 'absences.csv',
    requiredGroups: [['rep'], ['from'], ['to']],
    passthrough: false,
    numberColumns: [],
    schema: absenceSchema,
  }),
  products: spec<ProductRow>({
    key: 'products',
    file: 'products.csv',
    requiredGroups: [['product']],
    passthrough: false,
    numberColumns: ['share', 'price'],
    schema: productSchema,
  }),
} as const;
