/**
 * Flags every command shares, defined once (csvkit's common parser), and
 * their parsing into typed options. Commands opt into the input files they read.
 */
import { type Command, Option } from 'commander';
import { z } from 'zod';
import { PlanError } from '../errors.js';
import { FORMATS, type Format } from '../render/index.js';
import { type Day, parseIsoDay } from '../schema/calendar.js';
import { FILE_KEYS, type FileKey } from '../schema/config.js';
import { FILES } from '../schema/files.js';

export function addInputOptions(cmd: Command, inputs: readonly FileKey[]): void {
  cmd.option('--data <dir>', 'folder holding the input files under their standard names', '.');
  for (const key of inputs) cmd.option(`--${key} <file>`, `read ${FILES[key].file} from FILE ('-' = standard input)`);
  cmd
    .option('--config <file>', 'config file (default: plan.config.json in the data folder)')
    .option('--delimiter <char>', 'input delimiter: , ; tab | (default: detected)')
    .option('--encoding <name>', 'input encoding when there is no BOM: windows-1252, latin1, shift_jis, gbk, ... (default: utf-8)')
    .addOption(
      new Option('--decimal-comma', 'numbers use a decimal comma: 1.234,50 (default when the delimiter is ;)').conflicts('decimalPoint'),
    )
    .option('--decimal-point', 'numbers use a decimal point: 1,234.50 (default otherwise)')
    .option('--date-format <fmt>', 'accept dates like DD.MM.YYYY or MM/DD/YYYY besides ISO YYYY-MM-DD')
    .option('--rename-duplicates', 'a repeated column name becomes NAME__2 (with a warning) instead of an error')
    .option('--quote <char>', 'the quote character when it is not " (e.g. \')')
    .option('--skip-rows <n>', 'skip N lines above the header (titles, filters) that detection misses')
    .option('--skip-footer <n>', 'skip the last N records (notes, totals under the data)')
    .option(
      '--null <text>',
      'read this cell text as missing, e.g. --null "n/a" (repeatable; NA is not missing by default: Namibia)',
      collect,
    )
    .addOption(new Option('--preset <crm>', 'column names of a CRM export').choices(['salesforce', 'hubspot', 'dynamics']))
    .option('--strict', 'treat warnings (unknown channels, unknown customers, ...) as errors')
    .option('--as-of <date>', 'the day to compute "now" from, YYYY-MM-DD (default: today)');
}

export function addOutputOptions(cmd: Command, formats: readonly Format[], outIsFolder = false): void {
  cmd
    .addOption(
      new Option('-f, --format <format>', 'output format (default: table on a terminal, csv when piped)').choices(formats as string[]),
    )
    .option(
      outIsFolder ? '-o, --out <dir>' : '-o, --out <file>',
      outIsFolder ? 'the same as --out-dir' : "write to FILE atomically instead of standard output (its extension must be the format's)",
    )
    .option('--excel', 'CSV for Excel: UTF-8 BOM and CRLF line ends')
    .option('--no-formula-escape', "CSV: do not prefix text cells starting with = + - @ with '")
    .option('--no-color', 'no colour (also when NO_COLOR is set or output is not a terminal)')
    .option('-q, --quiet', 'no warnings or progress on standard error')
    .option('-v, --verbose', 'say more: detected encodings and delimiters, unmatched rows')
    .option('--debug', 'show stack traces of internal errors');
}

const DELIMITERS: Record<string, string> = {
  ',': ',',
  comma: ',',
  ';': ';',
  semicolon: ';',
  tab: '\t',
  '\t': '\t',
  '\\t': '\t',
  '|': '|',
  pipe: '|',
};

const commonSchema = z.object({
  data: z.string().default('.'),
  config: z.string().optional(),
  format: z.enum(FORMATS).optional(),
  out: z.string().optional(),
  excel: z.boolean().default(false),
  formulaEscape: z.boolean().default(true),
  color: z.boolean().default(true),
  quiet: z.boolean().default(false),
  verbose: z.boolean().default(false),
  debug: z.boolean().default(false),
  strict: z.boolean().default(false),
  delimiter: z
    .string()
    .optional()
    .transform((d, ctx) => {
      if (d === undefined) return undefined;
      const known = DELIMITERS[d.toLowerCase()];
      if (known) return known;
      if (d.length === 1) return d;
      ctx.addIssue({
        code: 'custom',
        message: `--delimiter takes one character or comma, semicolon, tab, pipe (not "${d}")`,
      });
      return z.NEVER;
    }),
  encoding: z.string().optional(),
  decimalComma: z.boolean().optional(),
  decimalPoint: z.boolean().optional(),
  dateFormat: z.string().optional(),
  null: z.array(z.string()).default([]),
  renameDuplicates: z.boolean().default(false),
  quote: z.string().length(1, { message: '--quote takes one character' }).optional(),
  skipRows: z.coerce.number({ message: '--skip-rows takes a whole number' }).int().nonnegative().optional(),
  skipFooter: z.coerce.number({ message: '--skip-footer takes a whole number' }).int().nonnegative().optional(),
  preset: z.string().optional(),
  asOf: z
    .string()
    .optional()
    .transform((s, ctx): Day | undefined => {
      if (s === undefined) return undefined;
      const day = parseIsoDay(s);
      if (day === undefined || s.length !== 10) {
        ctx.addIssue({
          code: 'custom',
          message: `--as-of takes a date as YYYY-MM-DD (not "${s}")`,
        });
        return z.NEVER;
      }
      return day;
    }),
  ...Object.fromEntries(FILE_KEYS.map((k) => [k, z.string().optional()])),
});

export type CommonOptions = z.output<typeof commonSchema> & Partial<Record<FileKey, string>>;

/** commander's strings -> typed options; a bad value is a usage error (exit 2). */
export function parseWith<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const flag = first?.path[0] ? `--${String(first.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ` : '';
    throw new PlanError('usage', `${first?.message.startsWith('--') ? '' : flag}${first?.message ?? 'bad option'}`);
  }
  return parsed.data;
}

export function parseCommon(raw: Record<string, unknown>): CommonOptions {
  return parseWith(commonSchema, raw) as CommonOptions;
}

/** `--unit-cost field=250` style: repeatable `key=value` pairs. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
