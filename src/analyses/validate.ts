/**
 * plan validate: every input file present read whole against its schema,
 * and the references between files, with the classifiers the other
 * analyses use.
 */
import { createChannelResolver } from '../core/channels.js';
import { touchClassifier, YEAR_DAYS } from '../core/contact.js';
import { buildCatalog } from '../core/products.js';
import { describeUnknown, noCustomerProblem, UnknownKeys } from '../core/references.js';
import { type RevenueSource, sumRevenue12m } from '../core/revenue.js';
import { buildMarket } from '../core/segment.js';
import { activityClassMap, normalizeActivity } from '../core/time.js';
import { WindowCoverage } from '../core/window.js';
import { PlanError, type Problem } from '../errors.js';
import { type Config, FILE_KEYS, type FileKey } from '../schema/config.js';
import { type ContactRow, FILES, type FileSpec, type MarketRow, type OrderRow, type ProductRow } from '../schema/files.js';
import type { DataSource } from './dataset.js';
import { HINTS } from './hints.js';

export interface FileSummary {
  file: string;
  present: boolean;
  rows: number;
  errors: number;
  warnings: number;
}

export interface Validation {
  dataDir: string;
  errors: number;
  warnings: number;
  files: FileSummary[];
  /** The problems kept to show (the first of each kind). */
  problems: readonly Problem[];
  /** Every kind of problem with its full count. */
  problemCounts: ReturnType<DataSource['problems']['summary']>;
}

/** reps, customers and products first: the others refer to them. */
const ORDER: readonly FileKey[] = ['reps', 'customers', 'products', 'market', 'orders', 'contacts', 'activities', 'absences'];
/** Files other files refer to, by the column they are referred to by. */
type KeyedFile = 'customers' | 'reps' | 'products';
const ID_COLUMN: Partial<Record<FileKey, string>> = { customers: 'id', reps: 'id', products: 'product' };

export async function runValidate(source: DataSource): Promise<Validation> {
  if (FILE_KEYS.every((key) => !source.has(key))) {
    throw new PlanError(
      'noInput',
      `no input file found in ${source.dataDir} (expected ${FILE_KEYS.map((k) => FILES[k].file).join(', ')}; give --data DIR)`,
    );
  }
  const files: FileSummary[] = [];
  const ids: Partial<Record<KeyedFile, Set<string>>> = {};
  const checks = valueChecks(source.config, ids);
  const folds = fileFolds(source);
  for (const key of ORDER) {
    if (!source.has(key)) {
      files.push({ file: FILES[key].file, present: false, rows: 0, errors: 0, warnings: 0 });
      continue;
    }
    const label = source.require(key).label;
    const active = checks
      .filter((c) => c.file === key)
      .map((c) => ({ ...c, test: c.known() }))
      .filter((c) => c.test !== undefined)
      .map((c) => ({ ...c, unknown: new UnknownKeys(c.test as (value: string) => boolean) }));
    const idColumn = ID_COLUMN[key];
    const collect = idColumn ? new Set<string>() : undefined;
    const extra = folds[key];
    let rows = 0;
    let read = true;
    try {
      for await (const batch of source.stream(FILES[key] as unknown as FileSpec<Record<string, unknown>>)) {
        for (const row of batch) {
          rows++;
          if (collect) collect.add(row[idColumn as string] as string);
          extra?.add(row);
          for (const c of active) {
            const value = row[c.key];
            if (typeof value === 'string' && value !== '') c.unknown.check(value, row.line as number);
          }
        }
      }
    } catch (error) {
      if (!(error instanceof PlanError && error.kind === 'data')) throw error;
      read = false;
      if (source.problems.errorCount(label) === 0)
        source.problems.add({
          severity: 'error',
          file: label,
          line: 0,
          code: 'E_FILE',
          message: error.message.replace(`${label}: `, ''),
        });
    }
    // A file that failed to read is no reference: its ids are incomplete.
    if (collect && read) ids[key as KeyedFile] = collect;
    if (read) extra?.finish(label);
    for (const c of active) {
      const report = c.unknown.report();
      if (report.rows > 0)
        source.problems.add({
          severity: 'warning',
          file: label,
          line: report.top[0]?.firstLine ?? 0,
          code: c.code,
          message: `${describeUnknown(report, c.what)}; ${c.next}`,
        });
    }
    const summary = source.problems.summary().filter((s) => s.file === label);
    const count = (sev: string) => summary.filter((s) => s.severity === sev).reduce((n, s) => n + s.count, 0);
    files.push({ file: FILES[key].file, present: true, rows, errors: count('error'), warnings: count('warning') });
  }
  return {
    dataDir: source.dataDir,
    errors: files.reduce((n, f) => n + f.errors, 0),
    warnings: files.reduce((n, f) => n + f.warnings, 0),
    files,
    problems: source.problems.shown(),
    problemCounts: source.problems.summary(),
  };
}

/**
 * What validate checks beyond each row, with the analyses' own rules:
 * market cells (conflicts, suppressed or zero spend), rows without a
 * customer id, empty windows, and where revenue would come from.
 */
function fileFolds(source: DataSource): Partial<Record<FileKey, { add(row: Record<string, unknown>): void; finish(label: string): void }>> {
  const market: MarketRow[] = [];
  const revenue = sumRevenue12m(source.asOf);
  const touches = new WindowCoverage({ from: source.asOf - YEAR_DAYS + 1, to: source.asOf });
  const noTouchCustomer = { rows: 0, firstLine: null as number | null };
  const catalog: ProductRow[] = [];
  return {
    // products.csv is small: the same checks plan products makes (a product twice, shares over 100%).
    products: {
      add: (row) => catalog.push(row as unknown as ProductRow),
      finish(label) {
        if (source.problems.errorCount(label) === 0) for (const p of buildCatalog(catalog, label).problems) source.problems.add(p);
        catalog.length = 0;
      },
    },
    customers: {
      add() {},
      finish(label) {
        // A column that looks like revenue but is not (orders.csv, when it gives revenue, is said below).
        const column = source.columnsOf('customers').includes('revenue_12m');
        if (!column && source.has('orders')) return;
        const said: RevenueSource = column
          ? { kind: 'column', file: label, column: source.headerName('customers', 'revenue_12m') }
          : { kind: 'none', file: label };
        source.noteRevenue(said, 'if-turnover');
      },
    },
    market: {
      add: (row) => market.push(row as unknown as MarketRow),
      finish(label) {
        for (const p of buildMarket(market, label).problems) source.problems.add(p);
        market.length = 0;
      },
    },
    orders: {
      add: (row) => revenue.add(row as unknown as OrderRow),
      finish(label) {
        const thin = revenue.coverage.problem(label, 'order lines', 'the 12 months to --as-of', source.asOf);
        if (thin) source.problems.add(thin);
        const none = noCustomerProblem(label, revenue.noCustomer(), [
          'order line of the 12 months to --as-of',
          'order lines of the 12 months to --as-of',
        ]);
        if (none) source.problems.add(none);
        if (source.has('customers') && !source.columnsOf('customers').includes('revenue_12m'))
          source.noteRevenue(revenue.source(label), 'revenue');
      },
    },
    contacts: {
      add(row) {
        const touch = row as unknown as ContactRow;
        touches.add(touch.date);
        if (touch.customer_id === undefined && noTouchCustomer.rows++ === 0) noTouchCustomer.firstLine = touch.line;
      },
      finish(label) {
        const thin = touches.problem(label, 'touches', 'the 365 days to --as-of', source.asOf);
        if (thin) source.problems.add(thin);
        const none = noCustomerProblem(label, noTouchCustomer, ['touch', 'touches']);
        if (none) source.problems.add(none);
      },
    },
  };
}

interface ValueCheck {
  file: FileKey;
  key: string;
  what: readonly [string, string];
  /** What to do about them, as the commands that meet them say it. */
  next: string;
  code: string;
  /** The test for known values, once what it needs has been read (undefined: cannot check). */
  known: () => ((value: string) => boolean) | undefined;
}

/**
 * References between files, and values the commands must be able to place:
 * the same classifiers plan cost, contact and time use, so validate warns
 * about what they would.
 */
function valueChecks(config: Config, ids: Partial<Record<KeyedFile, Set<string>>>): ValueCheck[] {
  const inSet = (of: KeyedFile) => () => {
    const set = ids[of];
    return set ? (value: string) => set.has(value) : undefined;
  };
  const reps = ['rep not in reps.csv', 'reps not in reps.csv'] as const;
  const customers = ['unknown customer', 'unknown customers'] as const;
  const addCustomers = 'add them to customers.csv or correct the ids';
  const addReps = 'add them to reps.csv or correct the ids';
  return [
    { file: 'orders', key: 'customer_id', what: customers, next: addCustomers, code: 'W_UNKNOWN_KEY', known: inSet('customers') },
    { file: 'contacts', key: 'customer_id', what: customers, next: addCustomers, code: 'W_UNKNOWN_KEY', known: inSet('customers') },
    {
      file: 'orders',
      key: 'product',
      what: ['product not in products.csv', 'products not in products.csv'],
      next: 'add them to products.csv or correct the names',
      code: 'W_UNKNOWN_KEY',
      known: inSet('products'),
    },
    {
      file: 'customers',
      key: 'owner',
      what: ['owner not in reps.csv', 'owners not in reps.csv'],
      next: 'add them to reps.csv or give the accounts a current owner',
      code: 'W_UNKNOWN_KEY',
      known: inSet('reps'),
    },
    { file: 'activities', key: 'rep', what: reps, next: addReps, code: 'W_UNKNOWN_KEY', known: inSet('reps') },
    { file: 'absences', key: 'rep', what: reps, next: addReps, code: 'W_UNKNOWN_KEY', known: inSet('reps') },
    {
      file: 'orders',
      key: 'channel',
      what: ['unknown channel', 'unknown channels'],
      next: HINTS.channels,
      code: 'W_UNKNOWN_CHANNEL',
      known: () => {
        const channel = createChannelResolver(config.channelCosts.synonyms);
        return (value) => channel(value) !== undefined;
      },
    },
    {
      file: 'contacts',
      key: 'type',
      what: ['touch type neither sales nor other', 'touch types neither sales nor other'],
      next: HINTS.touchTypes,
      code: 'W_UNKNOWN_TOUCH_TYPE',
      known: () => {
        const touch = touchClassifier(config.touchTypes);
        return (value) => touch(value) !== undefined;
      },
    },
    {
      file: 'activities',
      key: 'activity',
      what: ['unknown activity', 'unknown activities'],
      next: 'map them with "activityClasses" in plan.config.json',
      code: 'W_UNKNOWN_ACTIVITY',
      known: () => {
        const classes = activityClassMap(config.activityClasses);
        return (value) => classes.has(normalizeActivity(value));
      },
    },
  ];
}
