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
import type { Tier } from '../core/segment.js';
import { type Cut, normalizeActivity } from '../core/time.js';
import { PlanError } from '../errors.js';
import { FORMATS, type Format } from '../render/index.js';
import { type Day, mondayOfIsoWeek, parseIsoDay, parseIsoWeek } from '../schema/calendar.js';
import { CellError, parseShare } from '../schema/cells.js';
import { CHANNELS, type Channel, FILE_KEYS, type FileKey } from '../schema/config.js';
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
      const day = parseDate(s);
      if (day === undefined) {
        ctx.addIssue({ code: 'custom', message: `--as-of takes a date as YYYY-MM-DD (not "${s}")` });
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

// ---------------------------------------------------------------- values several commands take

/** `--top N`: a whole number above 0. */
export const topSchema = z.coerce
  .number({ message: '--top takes a whole number above 0' })
  .int('--top takes a whole number above 0')
  .positive('--top takes a whole number above 0')
  .optional();

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
