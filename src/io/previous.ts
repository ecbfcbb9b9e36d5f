/**
 * An earlier run's JSON output, read back for `--compare PREVIOUS.json`
 * (schema/ranking.ts): the file read whole (it is the tool's own, small
 * output), every problem located by line and JSON path (exit 65).
 */
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { PlanError, type Problem } from '../errors.js';
import { type Entry, formatPath, type PreviousRanking, previousRankingSchema } from '../schema/ranking.js';
import { jsonSyntaxProblem, locateKey } from './json-locate.js';
import type { ProblemLog } from './problems.js';
import { describeFsError } from './source.js';

/**
 * The rankings in an earlier plan report's report.json (its sections' JSON
 * data, by section name), to show how they moved; undefined without one. A
 * report.json that cannot be read back only loses the movement (a warning).
 */
export async function readPreviousReport(path: string, log: ProblemLog): Promise<Map<string, PreviousRanking> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  const rankings = new Map<string, PreviousRanking>();
  let sections: unknown;
  try {
    sections = (JSON.parse(text) as { sections?: unknown }).sections;
  } catch {
    sections = undefined;
  }
  for (const section of Array.isArray(sections) ? sections : []) {
    const { name, data } = (section ?? {}) as { name?: unknown; data?: unknown };
    if (typeof name !== 'string' || data === undefined) continue;
    // Checked as parsed: a section that holds no ranking (a schedule of 100,000 calls) is skipped, not located.
    const parsed = previousRankingSchema.safeParse(data);
    if (parsed.success) rankings.set(name, rankingOf(parsed.data));
  }
  if (rankings.size === 0)
    log.add({
      severity: 'warning',
      file: path,
      line: 0,
      code: 'W_PREVIOUS_REPORT',
      message: 'holds no ranking plan can read back: this report shows no movement since it',
    });
  return rankings;
}

/** The ranking in `path`; its problems go to the run's log, and stop it. */
export async function readPreviousRanking(path: string, log: ProblemLog): Promise<PreviousRanking> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new PlanError('noInput', `--compare ${path}: ${describeFsError(error)}`);
  }
  const parsed = parsePreviousRanking(text.replace(/^\ufeff/, ''), path);
  if ('problems' in parsed) {
    for (const p of parsed.problems) log.add(p);
    throw new PlanError('data', `--compare ${path}: not a ranking plan can compare (give an earlier --format json output)`);
  }
  return parsed.ranking;
}

/** The previous run from its text, or the problems that stop it (at most 10, each located). */
export function parsePreviousRanking(text: string, file: string): { ranking: PreviousRanking } | { problems: Problem[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const syntax = jsonSyntaxProblem(text);
    const message = syntax?.message ?? (error as Error).message;
    return {
      problems: [
        { severity: 'error', file, line: syntax?.line ?? 0, column: syntax?.column, code: 'E_JSON', message: `not valid JSON: ${message}` },
      ],
    };
  }
  const parsed = previousRankingSchema.safeParse(json);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.slice(0, 10).map((issue) => ({
        severity: 'error',
        file,
        line: lineOf(text, issue.path),
        code: 'E_RANKING',
        message: `${issue.path.length > 0 ? `${formatPath(issue.path)}: ` : ''}${issue.message}`,
      })),
    };
  }
  return { ranking: rankingOf(parsed.data) };
}

function rankingOf(o: z.infer<typeof previousRankingSchema>): PreviousRanking {
  const entry = (key: string, e: { rank: number; tier: Entry['tier']; headroom: number }): Entry => ({
    key,
    rank: e.rank,
    tier: e.tier,
    headroom: e.headroom,
  });
  return {
    by: o.by,
    segments: o.segments?.map((e) => entry(e.segment, e)),
    accounts: o.accounts && o.accounts.length > 0 ? o.accounts.map((e) => entry(e.id, e)) : undefined,
    products: o.products?.map((e) => entry(e.product, e)),
  };
}

/** The line of the key at `path`, else of the nearest key above it that is written (0: none). */
function lineOf(text: string, path: readonly PropertyKey[]): number {
  const keys = path.filter((p): p is string | number => typeof p !== 'symbol');
  for (let n = keys.length; n > 0; n--) {
    const at = locateKey(text, keys.slice(0, n));
    if (at) return at.line;
  }
  return 0;
}
