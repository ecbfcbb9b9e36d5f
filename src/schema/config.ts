/**
 * plan.config.json (SPEC section 4). Every key is optional; defaults are the
 * figures of DOMAIN.md. Unknown keys are errors, so a typo never passes
 * silently.
 */
import { z } from 'zod';

export const FILE_KEYS = ['customers', 'market', 'orders', 'contacts', 'reps', 'activities', 'absences', 'products'] as const;
export type FileKey = (typeof FILE_KEYS)[number];

export const CHANNELS = ['field', 'phone', 'email', 'web'] as const;
export type Channel = (typeof CHANNELS)[number];
export const COVERAGE = ['field', 'inside', 'digital'] as const;
export type Coverage = (typeof COVERAGE)[number];
export const ACTIVITY_CLASSES = ['selling', 'travel', 'admin', 'internal', 'service'] as const;
export type ActivityClass = (typeof ACTIVITY_CLASSES)[number];

const positive = z.number().positive();
const share = z.number().min(0).max(1);

const sizeBand = z.strictObject({
  name: z.string().min(1),
  /** Employees from (inclusive); the first band starts at 0. */
  min: z.number().int().nonnegative(),
});

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  /** Display only: money is printed with this symbol and locale. */
  currency: z.string().default('€'),
  locale: z.string().default('en-GB'),
  /** Renames columns of real exports: { "customers": { "Account Name": "name" } }. */
  columns: z.partialRecord(z.enum(FILE_KEYS), z.record(z.string(), z.string())).default({}),
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
  callsPerDay: z.record(z.string(), positive).default({ field: 5, inside: 20 }),
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

export const defaultConfig = (): Config => configSchema.parse({});
