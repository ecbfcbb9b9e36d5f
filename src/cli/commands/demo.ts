import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { type DemoTable, demoDefaults, demoTables } from '../../core/demo.js';
import { CONFIG_FILE } from '../../io/config.js';
import { type Content, writeFiles } from '../../io/output.js';
import { formatDay } from '../../schema/calendar.js';
import type { CommandSpec } from '../command.js';
import type { RunContext } from '../context.js';
import { parseWith } from '../options.js';

const count = z.coerce.number().int().nonnegative().optional();
const optionsSchema = z.object({
  dir: z.string().min(1),
  customers: z.coerce.number().int().positive().default(3000),
  orders: count,
  contacts: count,
  reps: z.coerce.number().int().positive().optional(),
  seed: z.coerce.number().int().default(1),
  force: z.boolean().default(false),
});

/** The sample folder's config: currency for display, nothing else that differs from the defaults. */
const DEMO_CONFIG = { currency: '€', locale: 'en-GB' };

export const demoCommand: CommandSpec<z.output<typeof optionsSchema>> = {
  description: [
    'Writes customers, market, orders, contacts, reps, activities, absences and products CSV files plus plan.config.json into DIR, generated from --seed with the patterns the other commands reveal: high-potential segments we barely serve, small orders taken by costly field visits, customers left alone after the sale, reps who sell 12% of their time (plan time), a rep who chases the easy orders (plan focus: R10 with the default size), a product we barely sell and accounts missing the product their peers buy (plan products).',
    'The same options and --as-of give byte-identical files. Large sizes stream to disk (for benchmarks). Existing files are replaced only with --force.',
  ].join('\n\n'),
  examples: ['plan demo /tmp/demo', 'plan demo /tmp/big --customers 1000000 --orders 5000000 --as-of 2026-11-30'],
  inputs: [],
  formats: ['table', 'csv', 'json', 'md'],
  options: (cmd) =>
    cmd
      .option('--customers <n>', 'accounts in customers.csv', '3000')
      .option('--orders <n>', 'order lines (default 10 per account)')
      .option('--contacts <n>', 'touches (default 6 per account)')
      .option('--reps <n>', 'reps (default one per 250 accounts, 3 to 500)')
      .option('--seed <n>', 'random seed', '1')
      .option('--as-of <date>', 'the day the data is "exported" on, YYYY-MM-DD (default: today)')
      .option('--force', 'replace files that already exist in DIR'),
  parse: (raw, args) => parseWith(optionsSchema, { ...raw, dir: args[0] }),
  async run(ctx, opts) {
    const defaults = demoDefaults(opts.customers);
    const tables = demoTables({
      seed: opts.seed,
      asOf: formatDay(ctx.asOf),
      customers: opts.customers,
      orders: opts.orders ?? defaults.orders,
      contacts: opts.contacts ?? defaults.contacts,
      reps: opts.reps ?? defaults.reps,
    });
    const written = await writeTables(ctx, opts.dir, tables, opts.force);
    return {
      document: {
        title: `Sample data written to ${opts.dir}`,
        figures: [],
        tables: [
          {
            name: 'files',
            columns: [
              { key: 'file', label: 'file', type: 'text' },
              { key: 'rows', label: 'rows', type: 'int' },
              { key: 'bytes', label: 'bytes', type: 'int' },
            ],
            rows: written,
          },
        ],
        charts: [],
        notes: [`Try: plan segment --data ${opts.dir} --as-of ${formatDay(ctx.asOf)}`],
        data: { dir: opts.dir, seed: opts.seed, asOf: formatDay(ctx.asOf), files: written },
      },
    };
  },
};

/** Streams each table into DIR through the one writer; all files appear together, or none is replaced. */
async function writeTables(ctx: RunContext, dir: string, tables: DemoTable[], force: boolean) {
  const rows = new Map<string, number>();
  const files: { name: string; content: Content }[] = tables.map((table) => ({
    name: table.file,
    content: csvOf(table, (n) => rows.set(table.file, n)),
  }));
  files.push({ name: CONFIG_FILE, content: `${JSON.stringify(DEMO_CONFIG, null, 2)}\n` });
  const bytes = await writeFiles(dir, files, { force, onFile: (name) => ctx.info(`writing ${name}`) });
  // Every file written is listed, the config too (it has no rows).
  return files.map((file, i) => ({ file: file.name, rows: rows.get(file.name) ?? null, bytes: bytes[i] ?? 0 }));
}

/** Rows per CSV chunk: a million-row table is never one string. */
const CHUNK_ROWS = 2000;

/** The table as CSV text in chunks; `counted` gets the number of rows at the end. */
function* csvOf(table: DemoTable, counted: (rows: number) => void): Generator<string> {
  let batch: (string | number)[][] = [];
  let rows = 0;
  yield stringify([table.header]);
  for (const row of table.rows()) {
    batch.push(row);
    if (batch.length === CHUNK_ROWS) {
      yield stringify(batch);
      rows += batch.length;
      batch = [];
    }
  }
  yield stringify(batch);
  counted(rows + batch.length);
}
