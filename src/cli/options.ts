/**
 * Flags every command shares, defined once (csvkit's common parser), and
 * their parsing into typed options; then the values several commands take
 * (--top, --from/--to/--weeks, --rep, shares, channel=cost pairs, shifts),
 * parsed one way everywhere. Commands opt into the input files they read.
 */
import { type Command, Option } from 'commander';
import { z } from 'zod';
import { createChannelResolver } from '../core/channels.js';
import type { Shift } from '../core/cost.js';
import { DIMENSIONS, type Dimension, type Tier } from '../core/segment.js';
import { type Cut, normalizeActivity } from '../core/time.js';
import { PlanError } from '../errors.js';
import { FORMATS, type Format } from '../render/index.js';
import { type Day, mondayOfIsoWeek, parseIsoDay, parseIsoWeek } from '../schema/calendar.js';
import { CellError, dateFormatProblem, parseShare } from '../schema/cells.js';
import { CHANNELS, type Channel, delimiterOf, FILE_KEYS, type FileKey, type FileReading, PARSED_ONCE } from '../schema/config.js';
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
    );
  // One --force per command: plan demo, init and report have their own (demo's and init's also cover --out).
  if (!outIsFolder && !cmd.options.some((o) => o.long === '--force'))
    cmd.option('--force', 'replace a file at --out that plan did not write (without it: only its own earlier output or an empty file)');
  cmd
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
  force: z.boolean().default(false),
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
      const day = parseDate(s);
      if (day === undefined) {
        ctx.addIssue({ code: 'custom', message: `--as-of takes a date as YYYY-MM-DD (not "${s}")` });
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
  const parsed = schema.safeParse(raw, PARSED_ONCE);
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

// ---------------------------------------------------------------- values several commands take

/** `--top N`: a whole number above 0 (optionMessage words what is wrong). */
/** `--by industry,region,size`: segment dimensions (plan segment, plan products). */
export const bySchema = z
  .string()
  .optional()
  .transform((s, ctx) => {
    if (s === undefined) return undefined;
    const dims = s.split(',').map((d) => d.trim().toLowerCase());
    const bad = dims.filter((d) => !(DIMENSIONS as readonly string[]).includes(d));
    if (bad.length > 0 || dims.length === 0) {
      ctx.addIssue({ code: 'custom', message: `--by takes industry, region and/or size (not "${bad.join(',')}")` });
      return z.NEVER;
    }
    return [...new Set(dims)] as Dimension[];
  });

export const DEFAULT_HORIZON = '12m';
/** `--horizon 12m` (months) or `1y`: a whole number of months, 1 to 60. */
export const horizonSchema = z
  .string()
  .default(DEFAULT_HORIZON)
  .transform((s, ctx) => {
    const m = /^\s*(\d+)\s*(m|mo|months?|y|years?)?\s*$/i.exec(s);
    const months = m ? Number(m[1]) * (m[2]?.toLowerCase().startsWith('y') ? 12 : 1) : Number.NaN;
    if (!(months >= 1 && months <= 60)) {
      ctx.addIssue({ code: 'custom', message: `--horizon takes months or years, 1 to 60 months: 12m, 6m, 1y (not "${s}")` });
      return z.NEVER;
    }
    return months;
  });

/** `--compare PREVIOUS.json`: an earlier --format json output of the same command. */
export const compareSchema = z.string().trim().min(1, '--compare takes a file: an earlier --format json output').optional();

export const topSchema = z.coerce.number().int().positive().optional();

/** `--rep ID`: one rep id as written in reps.csv and the owner column. */
export const repSchema = z.string().trim().min(1, '--rep takes a rep id').optional();

/** `YYYY-MM-DD` exactly (after trimming). */
function parseDate(text: string): Day | undefined {
  const s = text.trim();
  return s.length === 10 ? parseIsoDay(s) : undefined;
}

/**
 * A day or an ISO week (`2026-11-02` or `2026-W45`), the one form every
 * --from, --to and --week-like flag takes: a week starts on its Monday
 * (`start`, --from) or ends on its Sunday (`end`, --to).
 */
export function parseDayOrWeek(text: string, end: 'start' | 'end'): Day | undefined {
  const week = parseIsoWeek(text.trim());
  if (week) return mondayOfIsoWeek(week) + (end === 'end' ? 6 : 0);
  return parseDate(text);
}

/** `--from` (start) or `--to` (end): a day or an ISO week. */
export function periodBound(flag: string, end: 'start' | 'end') {
  return z
    .string()
    .optional()
    .transform((s, ctx): Day | undefined => {
      if (s === undefined) return undefined;
      const day = parseDayOrWeek(s, end);
      if (day === undefined) {
        ctx.addIssue({ code: 'custom', message: `${flag} takes a date YYYY-MM-DD or an ISO week like 2026-W45 (not "${s}")` });
        return z.NEVER;
      }
      return day;
    });
}

/** --from after --to: a usage error. */
export function checkPeriod(period: { from?: Day; to?: Day }): void {
  if (period.from !== undefined && period.to !== undefined && period.from > period.to) throw new PlanError('usage', '--from is after --to');
}

/** `--weeks N`: above 0; `whole` weeks up to `max` for commands that plan week by week. */
export function weeksSchema(options: { whole: boolean; max?: number }) {
  let weeks = z.coerce.number({ message: '--weeks takes a number of weeks above 0' }).positive('--weeks takes a number of weeks above 0');
  if (options.whole) weeks = weeks.int('--weeks takes a whole number of weeks');
  if (options.max !== undefined) weeks = weeks.max(options.max, `--weeks takes at most ${options.max}`);
  return weeks.optional();
}

/** A share like `60%` or `0.6`, from 0% to 100% (`what` is the text shown in the message). */
export function parseShareOption(flag: string, text: string, what = text): number {
  const share = parseShare(text.trim(), 'point');
  if (share instanceof CellError || !Number.isFinite(share) || text.trim() === '')
    throw new PlanError('usage', `${flag} takes a share like 50% or 0.5 (not "${what}")`);
  if (share < 0) throw new PlanError('usage', `${flag}: "${what}" is below 0%`);
  if (share > 1) throw new PlanError('usage', `${flag}: "${what}" is more than 100% (write 50% or 0.5)`);
  return share;
}

/**
 * `--unit-cost field=250`, `--channel-cost web=0.5` (repeatable): a cost per
 * order by channel; `zero`: 0 is allowed (a cost set outright).
 */
export function parseChannelCosts(flag: string, values: readonly string[], zero: boolean): Partial<Record<Channel, number>> {
  const out: Partial<Record<Channel, number>> = {};
  for (const value of values) {
    const m = /^([a-z]+)\s*=\s*(\d+(?:\.\d+)?)$/i.exec(value.trim());
    const channel = m?.[1]?.toLowerCase() as Channel | undefined;
    if (!m || !channel || !CHANNELS.includes(channel) || (!zero && Number(m[2]) <= 0)) {
      throw new PlanError(
        'usage',
        `${flag} takes channel=cost with a channel of ${CHANNELS.join(', ')} and a cost ${zero ? 'of 0 or more' : 'above 0'} (not "${value}")`,
      );
    }
    out[channel] = Number(m[2]);
  }
  return out;
}

const SHIFT = /^(?:([abc])\s*:\s*)?([a-z][a-z -]*?)\s*:\s*([a-z][a-z -]*?)\s*=\s*(\d+(?:\.\d+)?)\s*%$/i;
const builtInChannel = createChannelResolver();

/** `--shift [TIER:]FROM:TO=P%`; channels by name or default synonym. */
export function parseShift(text: string): Shift {
  const m = SHIFT.exec(text.trim());
  const from = m ? builtInChannel(m[2] as string) : undefined;
  const to = m ? builtInChannel(m[3] as string) : undefined;
  if (!m || !from || !to)
    throw new PlanError(
      'usage',
      `--shift takes [TIER:]FROM:TO=P% with channels ${CHANNELS.join(', ')} and an optional tier A, B or C, e.g. field:phone=30% or C:field:web=50% (not "${text}")`,
    );
  return { tier: m[1] ? (m[1].toUpperCase() as Tier) : undefined, from, to, share: Number(m[4]) / 100, text: text.trim() };
}

/** `--cut "internal meetings=50%"` (repeatable) -> [{activity, share}]. */
export function parseCuts(values: readonly string[]): Cut[] {
  return values.map((value) => {
    const at = value.lastIndexOf('=');
    const activity = at < 0 ? '' : normalizeActivity(value.slice(0, at));
    if (!activity) throw new PlanError('usage', `--cut takes activity=share, like "internal meetings=50%" (not "${value}")`);
    return { activity, share: parseShareOption('--cut', value.slice(at + 1), value) };
  });
}

/** `--reassign "order entry,invoicing"` (repeatable) -> normalised names, first mention first. */
export function parseReassign(values: readonly string[]): string[] {
  const names = values.flatMap((v) => v.split(',')).map(normalizeActivity);
  if (names.some((n) => n === '')) throw new PlanError('usage', '--reassign takes activity names separated by commas (one is empty)');
  return [...new Set(names)];
}
