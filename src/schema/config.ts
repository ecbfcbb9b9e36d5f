/**
 * plan.config.json (SPEC section 4). Every key is optional; defaults are the
 * figures of DOMAIN.md. Unknown keys are errors, so a typo never passes
 * silently.
 */
import { z } from 'zod';
import { dateFormatProblem } from './cells.js';
import { CHANNELS } from './channel-list.js';

export const FILE_KEYS = ['customers', 'market', 'orders', 'contacts', 'reps', 'activities', 'absences', 'products'] as const;
export type FileKey = (typeof FILE_KEYS)[number];

export { CHANNELS, type Channel } from './channel-list.js';
export const COVERAGE = ['field', 'inside', 'digital'] as const;
export type Coverage = (typeof COVERAGE)[number];
export const ACTIVITY_CLASSES = ['selling', 'travel', 'admin', 'internal', 'service'] as const;
export type ActivityClass = (typeof ACTIVITY_CLASSES)[number];

/** Config symbols understood besides ISO 4217 codes. */
const CURRENCY_SYMBOLS: Record<string, string> = { '€': 'EUR', $: 'USD', '£': 'GBP', '¥': 'JPY', '₹': 'INR' };

/** ISO 4217 code for a config `currency` (a code, or one of € $ £ ¥ ₹), or undefined when unknown. */
export function currencyCode(currency: string): string | undefined {
  const code = CURRENCY_SYMBOLS[currency.trim()] ?? currency.trim().toUpperCase();
  return /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf('currency').includes(code) ? code : undefined;
}

/** The locale as Intl understands it, or undefined when it is not a BCP 47 tag Intl supports. */
export function supportedLocale(locale: string): string | undefined {
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale])[0];
  } catch {
    return undefined;
  }
}

const positive = z.number().positive();

const DELIMITER_NAMES: Record<string, string> = {
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

/** `;`, `semicolon`, `tab`, `\t`, ... -> the delimiter character; undefined when it is not one. */
export function delimiterOf(text: string): string | undefined {
  return DELIMITER_NAMES[text.toLowerCase()] ?? (text.length === 1 ? text : undefined);
}

/** How one file is read when it differs from the others (config `files`, `--encoding customers=...`). */
export const fileReadingSchema = z.strictObject({
  encoding: z.string().min(1).optional(),
  delimiter: z
    .string()
    .optional()
    .transform((d, ctx) => {
      if (d === undefined) return undefined;
      const known = delimiterOf(d);
      if (known === undefined)
        ctx.addIssue({ code: 'custom', message: `a delimiter is one character or comma, semicolon, tab, pipe (not "${d}")` });
      return known;
    }),
  decimal: z.enum(['point', 'comma']).optional(),
  dateFormat: z
    .string()
    .optional()
    .superRefine((f, ctx) => {
      const problem = f === undefined ? undefined : dateFormatProblem(f);
      if (problem) ctx.addIssue({ code: 'custom', message: problem.replace(/^--date-format/, 'dateFormat') });
    }),
});
export interface FileReading {
  encoding?: string;
  delimiter?: string;
  decimal?: 'point' | 'comma';
  dateFormat?: string;
}
const share = z.number().min(0).max(1);

const sizeBand = z.strictObject({
  name: z.string().min(1),
  /** Employees from (inclusive); the first band starts at 0. */
  min: z.number().int().nonnegative(),
});

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  /** Display only: money is printed in this currency (ISO 4217 code, or € $ £ ¥ ₹) and numbers in this locale. */
  currency: z
    .string()
    .refine((c) => currencyCode(c) !== undefined, { message: 'an ISO 4217 currency code like EUR, USD, GBP (or one of € $ £ ¥ ₹)' })
    .default('EUR'),
  locale: z
    .string()
    .refine((l) => supportedLocale(l) !== undefined, { message: 'a locale like en-GB, de-DE, fr-FR, en-US' })
    .default('en-GB'),
  /** Renames columns of real exports: { "customers": { "Account Name": "name" } }. */
  columns: z.partialRecord(z.enum(FILE_KEYS), z.record(z.string(), z.string())).default({}),
  /** How to read one file when it differs from the others: { "customers": { "encoding": "windows-1252" } }. */
  files: z.partialRecord(z.enum(FILE_KEYS), fileReadingSchema).default({}),
  /** Cell texts read as missing besides the empty string (BAD_INPUTS.md case 40). */
  nullValues: z.array(z.string()).default([]),
  /** Size from employees when customers.csv has no size column. */
  sizeBands: z
    .array(sizeBand)
    .min(1)
    .default([
      { name: 'small', min: 0 },
      { name: 'medium', min: 50 },
      { name: 'large', min: 250 },
    ]),
  tiers: z
    .strictObject({
      /** Cumulative headroom share up to which a segment is tier A (default 80%) and B (95%). */
      a: share.default(0.8),
      b: share.default(0.95),
    })
    .refine((t) => t.a <= t.b, { message: 'tier cut-off a must not exceed b' })
    .prefault({}),
  channelCosts: z
    .strictObject({
      /** `article`: relative 100 : 1 : 0.01 (DOMAIN.md idea 3); `benchmark`: absolute costs per order. */
      preset: z.enum(['article', 'benchmark']).default('article'),
      /** Currency cost of one order by a channel; sets the scale of a relative preset. */
      unitCost: z.partialRecord(z.enum(CHANNELS), positive).default({}),
      /** Any channel's cost per order set outright. */
      costs: z.partialRecord(z.enum(CHANNELS), z.number().nonnegative()).default({}),
      /** Other names for channels in orders.csv (case-insensitive). */
      synonyms: z.record(z.string(), z.enum(CHANNELS)).default({}),
    })
    .prefault({}),
  coverage: z
    .strictObject({
      /** Cover an account by a channel only if its yearly cost is at most this share of its potential. */
      maxCostShare: share.default(0.1),
      /** Contacts a year when an account is covered by each channel. */
      contactsPerYear: z
        .strictObject({
          field: positive.default(12),
          inside: positive.default(24),
          digital: positive.default(12),
        })
        .prefault({}),
    })
    .prefault({}),
  /** Target days between contacts by tier; prospects in A-tier segments get `prospectA`. */
  cadence: z
    .strictObject({
      A: positive.default(14),
      B: positive.default(30),
      C: positive.default(90),
      prospectA: positive.default(30),
    })
    .prefault({}),
  /** Days after contract start within which a sales touch is expected (post-sale-silence). */
  postSaleDays: positive.default(60),
  /** Share of capacity planned from priorities (DOMAIN.md idea 5: 60 / 40). */
  plannedShare: share.default(0.6),
  callsPerDay: z.record(z.string(), positive.max(1000)).default({ field: 5, inside: 20 }),
  /**
   * When plan schedule's calls happen: from dayStart for dayHours, each start
   * on a grid of stepMinutes; a visit lasts visitMinutes and a call
   * callMinutes, by default the day shared by the day's calls, rounded down
   * to the step.
   */
  callTimes: z
    .strictObject({
      dayStart: z
        .string()
        .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, { message: 'a time of day like 09:00' })
        .default('09:00'),
      dayHours: z.number().positive().max(24).default(8),
      stepMinutes: z.number().int().min(1).max(240).default(15),
      visitMinutes: z.number().int().positive().max(1440).optional(),
      callMinutes: z.number().int().positive().max(1440).optional(),
    })
    .prefault({}),
  /** Activity name -> class; merged over the built-in defaults. */
  activityClasses: z.record(z.string(), z.enum(ACTIVITY_CLASSES)).default({}),
  /** Touch type -> sales or other; merged over the built-in defaults. */
  touchTypes: z.record(z.string(), z.enum(['sales', 'other'])).default({}),
  /** Hours of a full-time rep's week, for FTE figures. */
  hoursPerWeek: positive.default(40),
  /** Hourly cost of support staff who take over reassigned work. */
  supportHourlyCost: z.number().nonnegative().optional(),
  /** First day of the week for display (ISO weeks always start on Monday). */
  weekStart: z.enum(['monday', 'sunday']).default('monday'),
  /** IANA time zone for calendar (ics) output. */
  timezone: z.string().default('Europe/Berlin'),
});

export type Config = z.output<typeof configSchema>;

/**
 * How zod parses an object read once a run (its options, its config): without
 * the compiled fast path, whose compiling costs more (some 15 ms a run) than it
 * saves on one object.
 */
export const PARSED_ONCE = { jitless: true } as const;

export const defaultConfig = (): Config => configSchema.parse({}, PARSED_ONCE);
