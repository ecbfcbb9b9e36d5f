/**
 * The shape of report.json (docs/report.md; JSON Schema in
 * docs/report.schema.json, generated from this). Bump the version on any
 * change that could break a reader.
 */
import { z } from 'zod';

export const REPORT_SCHEMA_VERSION = 2;

const section = z.discriminatedUnion('status', [
  z.object({ name: z.string(), title: z.string(), status: z.literal('ok'), note: z.string().nullable(), data: z.unknown() }),
  z.object({ name: z.string(), title: z.string(), status: z.literal('skipped'), reason: z.string() }),
  // Ran, but the data gave nothing to judge (an empty file, no orders in the window): `reason` says what to provide.
  z.object({
    name: z.string(),
    title: z.string(),
    status: z.literal('empty'),
    reason: z.string(),
    note: z.string().nullable(),
    data: z.unknown(),
  }),
]);

export const reportJsonSchema = z.object({
  schema: z.literal('plan-report'),
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  generator: z.string(),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  dataDir: z.string(),
  sections: z.array(section),
  metrics: z.record(z.string(), z.object({ count: z.number(), of: z.number().nullable(), share: z.number().nullable() })),
  thresholds: z.array(z.object({ expression: z.string(), breached: z.boolean(), value: z.number().nullable() })),
  problems: z.array(z.object({ file: z.string(), code: z.string(), severity: z.enum(['error', 'warning']), count: z.number().int() })),
});

export type ReportJson = z.output<typeof reportJsonSchema>;
