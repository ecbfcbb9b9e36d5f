/**
 * An earlier run's ranking, read back for `--compare PREVIOUS.json`: the
 * JSON output of `plan segment` (segments, and accounts with --accounts) or
 * of `plan products` (products). Only the fields a comparison needs are
 * checked; io/previous.ts reads the file and locates every problem.
 */
import { z } from 'zod';

const tier = z.enum(['A', 'B', 'C']);
const rank = z.number().int().positive();
const segmentEntry = z.looseObject({ rank, segment: z.string(), tier, headroom: z.number() });
const accountEntry = z.looseObject({ rank, id: z.string(), tier: tier.nullable(), headroom: z.number() });
const productEntry = z.looseObject({ rank, product: z.string(), tier, headroom: z.number() });

export const previousRankingSchema = z
  .looseObject({
    by: z.array(z.string()).optional(),
    segments: z.array(segmentEntry).optional(),
    accounts: z.array(accountEntry).optional(),
    products: z.array(productEntry).optional(),
  })
  .refine((o) => o.segments !== undefined || o.products !== undefined, {
    message: 'holds no ranking: expected the JSON output of plan segment or plan products (--format json)',
  });

export type Entry = { key: string; rank: number; tier: 'A' | 'B' | 'C' | null; headroom: number };

export interface PreviousRanking {
  /** Segment dimensions of a plan segment run. */
  by: string[] | undefined;
  segments: Entry[] | undefined;
  /** Accounts of a `plan segment --accounts` run (an empty list is none). */
  accounts: Entry[] | undefined;
  products: Entry[] | undefined;
}

/** `segments[3].headroom` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}
