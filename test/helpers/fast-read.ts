/** What the differential tests of the byte-level reader (io/fast-read.ts) against the general reader share. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { PlanError } from '../../src/errors.js';
import type { FastOutcome } from '../../src/io/fast-read.js';
import { ProblemLog } from '../../src/io/problems.js';
import type { ReadContext } from '../../src/io/table.js';
import { type Config, defaultConfig } from '../../src/schema/config.js';
import { tempDir } from './cli.js';

/** RFC 4180 writer: quote when needed (or when asked), double quotes. */
/**
 * Id cells a byte path must leave to the row schema (white space at the edges, NBSP, zero-width space, a quote,
 * a spreadsheet error, Excel's 1.2E+15, a control character, DEL, `+`) or take as they are (non-ASCII, inner
 * space, a delimiter or line break inside quotes, empty).
 */
export const AWKWARD_IDS = [
  ' C3',
  'C"4',
  'Ç5',
  'C 6',
  'C\u00a07',
  'C\u200b8',
  '1.2E+15',
  '#N/A',
  '',
  'C,9',
  'C\n1',
  'C\t2',
  'C\u007f3',
  'C+4',
];

export const cell = (v: string, quote = false) => (quote || /[",\r\n]/.test(v) || v === '' ? `"${v.replaceAll('"', '""')}"` : v);

export function readContext(options: ReadContext['options'] = {}, config: Config = defaultConfig()): ReadContext {
  return { options, config, problems: new ProblemLog(false), stdin: new PassThrough(), headers: new Map() };
}

/** Writes each content to a new file `<name>-N.csv` of a fresh temporary folder; returns its path. */
export function fileWriter(name: string): (content: string | Buffer) => string {
  const dir = tempDir(`plan-fast-${name}-`);
  let files = 0;
  return (content) => {
    const path = join(dir, `${name}-${files++}.csv`);
    writeFileSync(path, content);
    return path;
  };
}

export interface ReadOutcome {
  /** Whether the byte path read the file (always true for the general reader), and why not. */
  used: boolean;
  reason?: string;
  /** The data error the read stopped with. */
  error?: string;
  problems: unknown;
}

/** One read (the byte path's outcome, or the general reader's nothing) with a fresh context: what came of it. */
export async function readOutcome(
  options: ReadContext['options'],
  read: (ctx: ReadContext) => Promise<FastOutcome | unknown>,
): Promise<ReadOutcome> {
  const ctx = readContext(options);
  let outcome: FastOutcome | undefined;
  let error: string | undefined;
  try {
    outcome = (await read(ctx)) as FastOutcome | undefined;
  } catch (e) {
    if (!(e instanceof PlanError)) throw e;
    error = `${e.kind}: ${e.message}`;
  }
  return {
    used: outcome?.used ?? true,
    reason: outcome && !outcome.used ? outcome.reason : undefined,
    error,
    problems: { shown: ctx.problems.shown(), summary: ctx.problems.summary() },
  };
}
