/**
 * An earlier run's ranking, read back for `--compare PREVIOUS.json`: the
 * JSON output of `plan segment` (segments, and accounts with --accounts) or
 * of `plan products` (products). Only the fields a comparison needs are
 * checked; every problem names the file, the line and the JSON path.
 */
import { z } from 'zod';
import type { Problem } from '../errors.js';

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

type Entry = { key: string; rank: number; tier: 'A' | 'B' | 'C' | null; headroom: number };

export interface PreviousRanking {
  /** Segment dimensions of a plan segment run. */
  by: string[] | undefined;
  segments: Entry[] | undefined;
  /** Accounts of a `plan segment --accounts` run (an empty list is none). */
  accounts: Entry[] | undefined;
  products: Entry[] | undefined;
}

/** The previous run from its text, or the problems that stop it (at most 10, each located). */
export function parsePreviousRanking(text: string, file: string): { ranking: PreviousRanking } | { problems: Problem[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const line = at ? lineAt(text, Number(at[1])) : 0;
    return {
      problems: [{ severity: 'error', file, line, code: 'E_JSON', message: `not valid JSON (${message.replace(/^JSON\.parse: /, '')})` }],
    };
  }
  const parsed = previousRankingSchema.safeParse(json);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.slice(0, 10).map((issue) => ({
        severity: 'error',
        file,
        line: lineOfPath(text, issue.path) ?? 0,
        code: 'E_RANKING',
        message: `${issue.path.length > 0 ? `${formatPath(issue.path)}: ` : ''}${issue.message}`,
      })),
    };
  }
  const o = parsed.data;
  const entry = (key: string, e: { rank: number; tier: Entry['tier']; headroom: number }): Entry => ({
    key,
    rank: e.rank,
    tier: e.tier,
    headroom: e.headroom,
  });
  return {
    ranking: {
      by: o.by,
      segments: o.segments?.map((e) => entry(e.segment, e)),
      accounts: o.accounts && o.accounts.length > 0 ? o.accounts.map((e) => entry(e.id, e)) : undefined,
      products: o.products?.map((e) => entry(e.product, e)),
    },
  };
}

/** `segments[3].headroom` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * The line where the value at `path` starts in a JSON text (or, when the last
 * key is missing, where its object starts). A small scanner over valid JSON.
 */
export function lineOfPath(text: string, path: readonly PropertyKey[]): number | undefined {
  let pos = 0;
  let line = 1;
  const skipSpace = () => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 10) line++;
      else if (c !== 32 && c !== 9 && c !== 13) return;
      pos++;
    }
  };
  const skipString = () => {
    pos++;
    while (pos < text.length && text[pos] !== '"') pos += text[pos] === '\\' ? 2 : 1;
    pos++;
  };
  const readString = () => {
    const start = pos;
    skipString();
    return JSON.parse(text.slice(start, pos)) as string;
  };
  const skipValue = (): void => {
    skipSpace();
    const c = text[pos];
    if (c === '"') {
      skipString();
      return;
    }
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      pos++;
      skipSpace();
      if (text[pos] === close) {
        pos++;
        return;
      }
      for (;;) {
        if (c === '{') {
          skipSpace();
          skipString();
          skipSpace();
          pos++; // :
        }
        skipValue();
        skipSpace();
        if (text[pos++] === close) return;
      }
    }
    while (pos < text.length && !/[\s,\]}]/.test(text[pos] as string)) pos++;
  };
  /** Moves into the container at pos, to the value under `step`; false when it has none. */
  const enter = (step: PropertyKey): boolean => {
    skipSpace();
    const c = text[pos];
    if (c === '[' && typeof step === 'number') {
      pos++;
      for (let i = 0; ; i++) {
        skipSpace();
        if (text[pos] === ']') return false;
        if (i === step) return true;
        skipValue();
        skipSpace();
        if (text[pos] === ',') pos++;
      }
    }
    if (c === '{') {
      pos++;
      for (;;) {
        skipSpace();
        if (text[pos] !== '"') return false;
        const key = readString();
        skipSpace();
        pos++; // :
        skipSpace();
        if (key === String(step)) return true;
        skipValue();
        skipSpace();
        if (text[pos] === ',') pos++;
      }
    }
    return false;
  };
  try {
    for (const step of path) {
      skipSpace();
      const container = line;
      if (!enter(step)) return container;
    }
    skipSpace();
    return line;
  } catch {
    return undefined;
  }
}
