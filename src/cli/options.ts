/**
 * Flags every command shares, defined once (csvkit's common parser), and
 * their parsing into typed options. Commands opt into the input files they read.
 */
import { type Command, Option } from 'commander';
import { z } from 'zod';
import { PlanError } from '../errors.js';
import { FORMATS, type Format } from '../render/index.js';
import { type Day, parseIsoDay } from '../schema/calendar.js';
import { dateFormatProblem } from '../schema/cells.js';
import { delimiterOf, FILE_KEYS, type FileKey, type FileReading } from '../schema/config.js';
import { FILES } from '../schema/files.js';
import { GROUPS } from './help.js';

export function addInputOptions(cmd: Command, inputs: readonly FileKey[]): void {
  cmd.optionsGroup(GROUPS.input);
  cmd.option('--data <dir>', 'folder holding the input files under their standard names', '.');
  for (const key of inputs) cmd.option(`--${key} <file>`, `read ${FILES[key].file} from FILE ('-' = standard input)`);
  cmd
    .option('--config <file>', 'config file (default: plan.config.json in the data folder)')
    .option(
      '--delimiter <[file=]char>',
      'input delimiter: , ; tab | (default: detected); FILE= for one file, e.g. market=; (repeatable)',
      collect,
    )
    .option(
      '--encoding <[file=]name>',
      'encoding of a file without BOM, e.g. customers=windows-1252 (repeatable); without FILE= only files that are not valid UTF-8',
      collect,
    )
    .option('--decimal-comma [files]', 'numbers use a decimal comma: 1.234,50 (all files, or the files named: orders,customers)', collect)
    .option('--decimal-point [files]', 'numbers use a decimal point: 1,234.50 (default: decided per column from the values)', collect)
    .option(
      '--date-format <[file=]fmt>',
      'dates like DD.MM.YYYY, MM/DD/YYYY or M/D/YY besides ISO YYYY-MM-DD; FILE= for one file (repeatable)',
      collect,
    )
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
    .optionsGroup(GROUPS.output)
    .addOption(
      new Option('-f, --format <format>', 'output format (default: table on a terminal, csv when piped)').choices(formats as string[]),
    )
    .option(
      outIsFolder ? '-o, --out <dir>' : '-o, --out <file>',
      outIsFolder ? 'the same as --out-dir' : "write to FILE atomically instead of standard output (its extension must be the format's)",
    )
    .option('--columns <list>', 'table and md: show these columns, by their CSV names: --columns id,name,headroom')
    .option('--wide', 'table: every column, none cut or left out to fit the terminal')
    .option('--all', 'table: every row (a terminal shows the first 50)')
    .option('--excel', 'CSV for Excel: UTF-8 BOM and CRLF line ends')
    .option('--no-formula-escape', "CSV: do not prefix text cells starting with = + - @ with '")
    .option('--no-color', 'no colour (also when NO_COLOR is set or output is not a terminal)')
    .option('-q, --quiet', 'no warnings or progress on standard error')
    .option('-v, --verbose', 'say more: detected encodings and delimiters, unmatched rows')
    .option('--debug', 'show stack traces of internal errors');
}

/**
 * `--encoding windows-1252` or `--encoding customers=windows-1252` (and the
 * same for --delimiter, --date-format): values for every file, and per file.
 */
function perFile<T>(
  flag: string,
  values: readonly string[],
  parse: (value: string) => T,
): { all: T | undefined; files: Partial<Record<FileKey, T>> } {
  let all: T | undefined;
  const files: Partial<Record<FileKey, T>> = {};
  for (const given of values) {
    const eq = given.indexOf('=');
    const key = eq > 0 ? given.slice(0, eq).trim().toLowerCase() : undefined;
    const isFile = key !== undefined && (FILE_KEYS as readonly string[]).includes(key);
    if (eq > 0 && !isFile && /^[a-z]+$/.test(key ?? '')) {
      throw new PlanError('usage', `--${flag} ${given}: "${key}" is not an input file (use ${FILE_KEYS.join(', ')})`);
    }
    const value = parse(isFile ? given.slice(eq + 1) : given);
    if (isFile) files[key as FileKey] = value;
    else all = value;
  }
  return { all, files };
}

const identity = (s: string) => s;
const usage = (message: string): never => {
  throw new PlanError('usage', message);
};

/** `--decimal-comma` (true: every file) or `--decimal-comma orders,customers`. */
function decimalFiles(flag: string, given: unknown): { all: boolean; files: FileKey[] } {
  if (given === undefined) return { all: false, files: [] };
  if (given === true) return { all: true, files: [] };
  const files = (given as string[]).flatMap((v) => v.split(',')).map((f) => f.trim().toLowerCase());
  const bad = files.filter((f) => !(FILE_KEYS as readonly string[]).includes(f));
  if (bad.length > 0) throw new PlanError('usage', `--${flag} ${bad.join(',')}: not an input file (use ${FILE_KEYS.join(', ')})`);
  return { all: false, files: files as FileKey[] };
}

/** The reading flags as ReadOptions: values for every file, and per file (which win). */
export function readingOptions(raw: {
  encoding?: string[];
  delimiter?: string[];
  dateFormat?: string[];
  decimalComma?: unknown;
  decimalPoint?: unknown;
}): {
  all: FileReading;
  files: Partial<Record<FileKey, FileReading>>;
} {
  const encoding = perFile('encoding', raw.encoding ?? [], identity);
  const delimiter = perFile(
    'delimiter',
    raw.delimiter ?? [],
    (d) => delimiterOf(d) ?? usage(`--delimiter takes one character or comma, semicolon, tab, pipe (not "${d}")`),
  );
  const dateFormat = perFile('date-format', raw.dateFormat ?? [], (f) => {
    const problem = dateFormatProblem(f);
    return problem ? usage(problem) : f;
  });
  const comma = decimalFiles('decimal-comma', raw.decimalComma);
  const point = decimalFiles('decimal-point', raw.decimalPoint);
  if ((comma.all && point.all) || comma.files.some((f) => point.files.includes(f))) {
    throw new PlanError('usage', '--decimal-comma and --decimal-point name the same file; give one of them per file');
  }
  const files: Partial<Record<FileKey, FileReading>> = {};
  for (const key of FILE_KEYS) {
    const decimal = comma.files.includes(key) ? 'comma' : point.files.includes(key) ? 'point' : undefined;
    const reading: FileReading = {
      encoding: encoding.files[key],
      delimiter: delimiter.files[key],
      dateFormat: dateFormat.files[key],
      decimal,
    };
    if (Object.values(reading).some((v) => v !== undefined)) files[key] = reading;
  }
  return {
    all: {
      encoding: encoding.all,
      delimiter: delimiter.all,
      dateFormat: dateFormat.all,
      decimal: comma.all ? 'comma' : point.all ? 'point' : undefined,
    },
    files,
  };
}

const commonSchema = z.object({
  data: z.string().default('.'),
  config: z.string().optional(),
  format: z.enum(FORMATS).optional(),
  out: z.string().optional(),
  excel: z.boolean().default(false),
  columns: z
    .string()
    .optional()
    .transform((s) =>
      s
        ?.split(',')
        .map((c) => c.trim())
        .filter(Boolean),
    ),
  wide: z.boolean().default(false),
  all: z.boolean().default(false),
  formulaEscape: z.boolean().default(true),
  color: z.boolean().default(true),
  quiet: z.boolean().default(false),
  verbose: z.boolean().default(false),
  debug: z.boolean().default(false),
  strict: z.boolean().default(false),
  delimiter: z.array(z.string()).default([]),
  encoding: z.array(z.string()).default([]),
  decimalComma: z.union([z.literal(true), z.array(z.string())]).optional(),
  decimalPoint: z.union([z.literal(true), z.array(z.string())]).optional(),
  dateFormat: z.array(z.string()).default([]),
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

export type CommonOptions = z.output<typeof commonSchema> &
  Partial<Record<FileKey, string>> & { reading: ReturnType<typeof readingOptions> };

/** commander's strings -> typed options; a bad value is a usage error (exit 2) saying what the option takes. */
export function parseWith<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new PlanError('usage', optionMessage(parsed.error.issues[0], raw));
  return parsed.data;
}

/** `--top takes a whole number (not "abc")`: the option, what it takes, what it got; never the validator's own words. */
export function optionMessage(issue: z.core.$ZodIssue | undefined, raw: unknown): string {
  if (!issue) return 'bad option';
  // Messages written for an option already name it.
  if (issue.message.startsWith('--')) return issue.message;
  const key = issue.path[0];
  const flag = key === undefined ? 'an option' : `--${String(key).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  const given =
    key !== undefined && raw !== null && typeof raw === 'object' ? (raw as Record<PropertyKey, unknown>)[key as PropertyKey] : undefined;
  const got = typeof given === 'string' ? ` (not "${given}")` : '';
  const number = (i: { origin?: string }) => (i.origin === 'number' || i.origin === 'int' ? 'a number' : 'a value');
  switch (issue.code) {
    case 'invalid_type':
      return `${flag} takes ${issue.expected === 'int' ? 'a whole number' : issue.expected === 'number' ? 'a number' : `a ${issue.expected}`}${got}`;
    case 'too_small':
      return `${flag} takes ${number(issue)} ${issue.inclusive ? 'of at least' : 'above'} ${issue.minimum}${got}`;
    case 'too_big':
      return `${flag} takes ${number(issue)} ${issue.inclusive ? 'of at most' : 'below'} ${issue.maximum}${got}`;
    case 'invalid_value':
      return `${flag} takes ${issue.values.map(String).join(', ')}${got}`;
    default:
      return `${flag}: ${issue.message}${got}`;
  }
}

export function parseCommon(raw: Record<string, unknown>): CommonOptions {
  const common = parseWith(commonSchema, raw);
  return { ...common, reading: readingOptions(common) } as CommonOptions;
}

/** `--unit-cost field=250` style: repeatable `key=value` pairs. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
