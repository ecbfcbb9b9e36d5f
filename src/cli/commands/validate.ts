import { createChannelResolver } from '../../core/channels.js';
import { touchClassifier, YEAR_DAYS } from '../../core/contact.js';
import { describeUnknown, noCustomerProblem, UnknownKeys } from '../../core/references.js';
import { type RevenueSource, sumRevenue12m } from '../../core/revenue.js';
import { buildMarket } from '../../core/segment.js';
import { activityClassMap, normalizeActivity } from '../../core/time.js';
import { WindowCoverage } from '../../core/window.js';
import { ExitCode, PlanError } from '../../errors.js';
import type { Document } from '../../render/document.js';
import { FILE_KEYS, type FileKey } from '../../schema/config.js';
import { type ContactRow, FILES, type FileSpec, type MarketRow, type OrderRow } from '../../schema/files.js';
import { describeRevenueSource } from '../../views/revenue.js';
import type { CommandSpec } from '../command.js';
import type { RunContext } from '../context.js';
import { ownTurnover } from '../segments.js';

interface FileSummary {
  file: string;
  present: boolean;
  rows: number;
  errors: number;
  warnings: number;
}

export const validateCommand: CommandSpec<Record<string, never>> = {
  name: 'validate',
  summary: 'check every input file and the references between them',
  description: [
    'Checks every input file present in the data folder against its schema, the references between them (orders and contacts for unknown customers; owners, time entries and absences of reps not in reps.csv), and the values the commands must place: order channels, touch types and activities that the config cannot classify.',
    'Also what the analyses would warn about: market cells left out (suppressed, or written as 0), rows without a customer id, order lines and touches outside the window of --as-of, where revenue would come from.',
    'Prints every problem on standard error as FILE:LINE:COL with the column name, the value and a code. Exit 65 when there are errors; 0 with warnings only (--strict: warnings are errors); 66 when there is no input file at all.',
  ].join('\n\n'),
  examples: [
    'plan validate --data fixtures/demo',
    'plan validate --data exports/ --strict',
    'plan validate --customers crm.csv --encoding windows-1252',
  ],
  inputs: FILE_KEYS,
  parse: () => ({}),
  async run(ctx) {
    if (FILE_KEYS.every((key) => !ctx.has(key))) {
      throw new PlanError(
        'noInput',
        `no input file found in ${ctx.dataDir} (expected ${FILE_KEYS.map((k) => FILES[k].file).join(', ')}; give --data DIR)`,
      );
    }
    const files: FileSummary[] = [];
    const ids: Partial<Record<'customers' | 'reps', Set<string>>> = {};
    const checks = valueChecks(ctx, ids);
    const folds = fileFolds(ctx);
    // reps and customers first: the others refer to them.
    const order: FileKey[] = ['reps', 'customers', 'market', 'orders', 'contacts', 'activities', 'absences'];
    for (const key of order) {
      if (!ctx.has(key)) {
        files.push({
          file: FILES[key].file,
          present: false,
          rows: 0,
          errors: 0,
          warnings: 0,
        });
        continue;
      }
      const label = ctx.require(key).label;
      const active = checks
        .filter((c) => c.file === key)
        .map((c) => ({ ...c, test: c.known() }))
        .filter((c) => c.test !== undefined)
        .map((c) => ({ ...c, unknown: new UnknownKeys(c.test as (value: string) => boolean) }));
      const collect = key === 'customers' || key === 'reps' ? new Set<string>() : undefined;
      const extra = folds[key];
      let rows = 0;
      let read = true;
      try {
        for await (const batch of ctx.stream(FILES[key] as unknown as FileSpec<Record<string, unknown>>)) {
          for (const row of batch) {
            rows++;
            if (collect) collect.add(row.id as string);
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
        if (ctx.problems.errorCount(label) === 0)
          ctx.problems.add({
            severity: 'error',
            file: label,
            line: 0,
            code: 'E_FILE',
            message: error.message.replace(`${label}: `, ''),
          });
      }
      // A file that failed to read is no reference: its ids are incomplete.
      if (collect && read && key !== 'customers') ids.reps = collect;
      if (collect && read && key === 'customers') ids.customers = collect;
      if (read) extra?.finish(label);
      for (const c of active) {
        const report = c.unknown.report();
        if (report.rows > 0)
          ctx.problems.add({
            severity: 'warning',
            file: label,
            line: report.top[0]?.firstLine ?? 0,
            code: c.code,
            message: describeUnknown(report, c.what),
          });
      }
      const summary = ctx.problems.summary().filter((s) => s.file === label);
      const count = (sev: string) => summary.filter((s) => s.severity === sev).reduce((n, s) => n + s.count, 0);
      files.push({
        file: FILES[key].file,
        present: true,
        rows,
        errors: count('error'),
        warnings: count('warning'),
      });
    }
    const errors = files.reduce((n, f) => n + f.errors, 0);
    return {
      document: validationDocument(ctx, files),
      exitCode: errors > 0 ? ExitCode.data : ExitCode.ok,
    };
  },
};

/**
 * What validate checks beyond each row, with the analyses' own rules:
 * market cells (conflicts, suppressed or zero spend), rows without a
 * customer id, empty windows, and where revenue would come from.
 */
function fileFolds(ctx: RunContext): Partial<Record<FileKey, { add(row: Record<string, unknown>): void; finish(label: string): void }>> {
  const market: MarketRow[] = [];
  const revenue = sumRevenue12m(ctx.asOf);
  const touches = new WindowCoverage({ from: ctx.asOf - YEAR_DAYS + 1, to: ctx.asOf });
  const noTouchCustomer = { rows: 0, firstLine: null as number | null };
  return {
    customers: {
      add() {},
      finish(label) {
        // A column that looks like revenue but is not (orders.csv, when it gives revenue, is said below).
        const turnover = ownTurnover(ctx);
        const column = ctx.columnsOf('customers').includes('revenue_12m');
        if (!turnover || (!column && ctx.has('orders'))) return;
        const source: RevenueSource = column
          ? { kind: 'column', file: label, column: ctx.headerName('customers', 'revenue_12m') }
          : { kind: 'none', file: label };
        ctx.note(`${describeRevenueSource(source)}${turnover}`);
      },
    },
    market: {
      add: (row) => market.push(row as unknown as MarketRow),
      finish(label) {
        for (const p of buildMarket(market, label).problems) ctx.problems.add(p);
        market.length = 0;
      },
    },
    orders: {
      add: (row) => revenue.add(row as unknown as OrderRow),
      finish(label) {
        const thin = revenue.coverage.problem(label, 'order lines', 'the 12 months to --as-of', ctx.asOf);
        if (thin) ctx.problems.add(thin);
        const none = noCustomerProblem(label, revenue.noCustomer(), [
          'order line of the 12 months to --as-of',
          'order lines of the 12 months to --as-of',
        ]);
        if (none) ctx.problems.add(none);
        if (ctx.has('customers') && !ctx.columnsOf('customers').includes('revenue_12m'))
          ctx.note(`${describeRevenueSource(revenue.source(label))}${ownTurnover(ctx)}`);
      },
    },
    contacts: {
      add(row) {
        const touch = row as unknown as ContactRow;
        touches.add(touch.date);
        if (touch.customer_id === undefined && noTouchCustomer.rows++ === 0) noTouchCustomer.firstLine = touch.line;
      },
      finish(label) {
        const thin = touches.problem(label, 'touches', 'the 365 days to --as-of', ctx.asOf);
        if (thin) ctx.problems.add(thin);
        const none = noCustomerProblem(label, noTouchCustomer, ['touch', 'touches']);
        if (none) ctx.problems.add(none);
      },
    },
  };
}

interface ValueCheck {
  file: FileKey;
  key: string;
  what: readonly [string, string];
  code: string;
  /** The test for known values, once what it needs has been read (undefined: cannot check). */
  known: () => ((value: string) => boolean) | undefined;
}

/**
 * References between files, and values the commands must be able to place:
 * the same classifiers plan cost, contact and time use, so validate warns
 * about what they would.
 */
function valueChecks(ctx: RunContext, ids: Partial<Record<'customers' | 'reps', Set<string>>>): ValueCheck[] {
  const inSet = (of: 'customers' | 'reps') => () => {
    const set = ids[of];
    return set ? (value: string) => set.has(value) : undefined;
  };
  const reps = ['rep not in reps.csv', 'reps not in reps.csv'] as const;
  const customers = ['unknown customer', 'unknown customers'] as const;
  return [
    { file: 'orders', key: 'customer_id', what: customers, code: 'W_UNKNOWN_KEY', known: inSet('customers') },
    { file: 'contacts', key: 'customer_id', what: customers, code: 'W_UNKNOWN_KEY', known: inSet('customers') },
    {
      file: 'customers',
      key: 'owner',
      what: ['owner not in reps.csv', 'owners not in reps.csv'],
      code: 'W_UNKNOWN_KEY',
      known: inSet('reps'),
    },
    { file: 'activities', key: 'rep', what: reps, code: 'W_UNKNOWN_KEY', known: inSet('reps') },
    { file: 'absences', key: 'rep', what: reps, code: 'W_UNKNOWN_KEY', known: inSet('reps') },
    {
      file: 'orders',
      key: 'channel',
      what: ['unknown channel', 'unknown channels'],
      code: 'W_UNKNOWN_CHANNEL',
      known: () => {
        const channel = createChannelResolver(ctx.config.channelCosts.synonyms);
        return (value) => channel(value) !== undefined;
      },
    },
    {
      file: 'contacts',
      key: 'type',
      what: ['touch type neither sales nor other', 'touch types neither sales nor other'],
      code: 'W_UNKNOWN_TOUCH_TYPE',
      known: () => {
        const touch = touchClassifier(ctx.config.touchTypes);
        return (value) => touch(value) !== undefined;
      },
    },
    {
      file: 'activities',
      key: 'activity',
      what: ['unknown activity', 'unknown activities'],
      code: 'W_UNKNOWN_ACTIVITY',
      known: () => {
        const classes = activityClassMap(ctx.config.activityClasses);
        return (value) => classes.has(normalizeActivity(value));
      },
    },
  ];
}

function validationDocument(ctx: RunContext, files: FileSummary[]): Document {
  const errors = files.reduce((n, f) => n + f.errors, 0);
  const warnings = files.reduce((n, f) => n + f.warnings, 0);
  return {
    title: `plan validate: ${ctx.dataDir}`,
    figures: [
      { label: 'errors', value: errors, type: 'int' },
      { label: 'warnings', value: warnings, type: 'int' },
    ],
    tables: [
      {
        name: 'files',
        columns: [
          { key: 'file', label: 'file', type: 'text' },
          { key: 'status', label: 'status', type: 'text' },
          { key: 'rows', label: 'valid rows', type: 'int' },
          { key: 'errors', label: 'errors', type: 'int' },
          { key: 'warnings', label: 'warnings', type: 'int' },
        ],
        rows: files.map((f) => ({
          ...f,
          status: !f.present ? 'absent' : f.errors > 0 ? 'errors' : f.warnings > 0 ? 'warnings' : 'ok',
        })),
      },
    ],
    charts: [],
    notes: errors + warnings > 0 ? ['Problems are listed on standard error.'] : [],
    data: {
      dataDir: ctx.dataDir,
      errors,
      warnings,
      files,
      problems: ctx.problems.shown(),
      problemCounts: ctx.problems.summary(),
    },
  };
}
