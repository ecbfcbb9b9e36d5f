import { createChannelResolver } from '../../core/channels.js';
import { touchClassifier } from '../../core/contact.js';
import { buildCatalog } from '../../core/products.js';
import { describeUnknown, UnknownKeys } from '../../core/references.js';
import { activityClassMap, normalizeActivity } from '../../core/time.js';
import { ExitCode, PlanError } from '../../errors.js';
import type { Document } from '../../render/document.js';
import { FILE_KEYS, type FileKey } from '../../schema/config.js';
import { FILES, type FileSpec, type ProductRow } from '../../schema/files.js';
import type { CommandSpec } from '../command.js';
import type { RunContext } from '../context.js';

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
    'Checks every input file present in the data folder against its schema, the references between them (orders and contacts for unknown customers; owners, time entries and absences of reps not in reps.csv; order lines for products not in products.csv), and the values the commands must place: order channels, touch types and activities that the config cannot classify; products.csv for a product listed twice and shares over 100%.',
    'Prints every problem on standard error as FILE:LINE:COL with the column name, the value and a code. Exit 65 when there are errors; 0 with warnings only (--strict: warnings are errors).',
  ].join('\n\n'),
  examples: [
    'plan validate --data fixtures/demo',
    'plan validate --data exports/ --strict',
    'plan validate --customers crm.csv --encoding windows-1252',
  ],
  inputs: FILE_KEYS,
  parse: () => ({}),
  async run(ctx) {
    const files: FileSummary[] = [];
    const ids: Partial<Record<KeyedFile, Set<string>>> = {};
    const checks = valueChecks(ctx, ids);
    // reps, customers and products first: the others refer to them.
    const order: FileKey[] = ['reps', 'customers', 'products', 'market', 'orders', 'contacts', 'activities', 'absences'];
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
      const idColumn = ID_COLUMN[key as KeyedFile];
      const collect = idColumn ? new Set<string>() : undefined;
      const catalogRows: ProductRow[] = [];
      let rows = 0;
      try {
        for await (const batch of ctx.stream(FILES[key] as unknown as FileSpec<Record<string, unknown>>)) {
          for (const row of batch) {
            rows++;
            if (collect) collect.add(row[idColumn as string] as string);
            if (key === 'products') catalogRows.push(row as unknown as ProductRow);
            for (const c of active) {
              const value = row[c.key];
              if (typeof value === 'string' && value !== '') c.unknown.check(value, row.line as number);
            }
          }
        }
      } catch (error) {
        if (!(error instanceof PlanError && error.kind === 'data')) throw error;
        if (ctx.problems.errorCount(label) === 0)
          ctx.problems.add({
            severity: 'error',
            file: label,
            line: 0,
            code: 'E_FILE',
            message: error.message.replace(`${label}: `, ''),
          });
      }
      if (collect) ids[key as KeyedFile] = collect;
      // products.csv is small: the same checks plan products makes (a product twice, shares over 100%).
      if (key === 'products' && ctx.problems.errorCount(label) === 0)
        for (const p of buildCatalog(catalogRows, label).problems) ctx.problems.add(p);
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

type KeyedFile = 'customers' | 'reps' | 'products';
/** Files other files refer to, by the column they are referred to by. */
const ID_COLUMN: Partial<Record<FileKey, string>> = { customers: 'id', reps: 'id', products: 'product' };

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
function valueChecks(ctx: RunContext, ids: Partial<Record<KeyedFile, Set<string>>>): ValueCheck[] {
  const inSet = (of: KeyedFile) => () => {
    const set = ids[of];
    return set ? (value: string) => set.has(value) : undefined;
  };
  const reps = ['rep not in reps.csv', 'reps not in reps.csv'] as const;
  const customers = ['unknown customer', 'unknown customers'] as const;
  return [
    { file: 'orders', key: 'customer_id', what: customers, code: 'W_UNKNOWN_KEY', known: inSet('customers') },
    { file: 'contacts', key: 'customer_id', what: customers, code: 'W_UNKNOWN_KEY', known: inSet('customers') },
    {
      file: 'orders',
      key: 'product',
      what: ['product not in products.csv', 'products not in products.csv'],
      code: 'W_UNKNOWN_KEY',
      known: inSet('products'),
    },
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
