/** What a command's action gets: typed common options, config, inputs, readers. */
import { basename, join } from 'node:path';
import type { DataSource } from '../analyses/dataset.js';
import { PlanError } from '../errors.js';
import { CONFIG_FILE, loadConfig } from '../io/config.js';
import { type Inputs, requireInput, resolveInputs } from '../io/inputs.js';
import { ProblemLog } from '../io/problems.js';
import { createProgress } from '../io/progress.js';
import { type ReadContext, readAll, readTable } from '../io/table.js';
import type { FormatOptions } from '../render/document.js';
import { escapeControls } from '../render/escape.js';
import { FORMATS, type Format } from '../render/index.js';
import { type Day, dayFromParts } from '../schema/calendar.js';
import { type Config, defaultConfig, FILE_KEYS, type FileKey } from '../schema/config.js';
import { describeRevenueSource } from '../views/revenue.js';
import type { CliIo } from './io.js';
import type { CommonOptions } from './options.js';

export interface RunContext extends DataSource {
  io: CliIo;
  options: CommonOptions;
  inputs: Inputs;
  /** A whole line on stderr (clears the progress line first). */
  say(line: string): void;
  /** Clears the progress line, if one was drawn. */
  endProgress(): void;
  /** The run's notes (`note`), in the order first said: run.ts prints them after a run that succeeded, none after one that failed. */
  notes(): readonly string[];
}

/** PLAN_THREADS as given (io/parallel.ts threadsFor), or a usage error: a setting that is not a whole number from 1 is not guessed at. */
function threadsSetting(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new PlanError(
      'usage',
      `PLAN_THREADS=${value}: use a whole number from 1 (1: one thread), or unset it to split large files by size`,
    );
  return value;
}

/**
 * The context of a command: config from the data folder (or --config), the
 * input files found, readers, problems, progress. `light`: a command without
 * inputs (init, demo) reads no config and needs no data folder, so a broken
 * plan.config.json nearby cannot stop it.
 */
export async function createContext(command: string, options: CommonOptions, io: CliIo, light = false): Promise<RunContext> {
  const dataDir = options.data;
  const config = light ? defaultConfig() : (await loadConfig(options.config, dataDir)).config;
  const problems = new ProblemLog(options.strict);
  const overrides = Object.fromEntries(Object.entries(options).filter(([k]) => (FILE_KEYS as readonly string[]).includes(k))) as Partial<
    Record<FileKey, string>
  >;
  const inputs = light ? {} : resolveInputs(dataDir, overrides);
  const progress = options.quiet ? undefined : createProgress(io.rawStderr ?? io.stderr);
  const say = (line: string) => (progress ? progress.print(line, io.stderr) : io.stderr.write(`${line}\n`));
  const info = (message: string) => {
    if (options.verbose && !options.quiet) say(`plan: ${message}`);
  };
  const notes = new Set<string>();
  /** Once per run, also when plan report runs several analyses on the same files; kept until the run ends. */
  const note = (message: string) => {
    if (!options.quiet) notes.add(message);
  };
  const read: ReadContext = {
    options: {
      ...options.reading.all,
      files: options.reading.files,
      nullValues: options.null,
      quote: options.quote,
      renameDuplicates: options.renameDuplicates,
      skipRows: options.skipRows,
      skipFooter: options.skipFooter,
      preset: options.preset,
    },
    config,
    problems,
    stdin: io.stdin,
    // Unset unless --verbose: a reader's `onInfo?.(...)` then words nothing (its figures' Intl data costs a run ~15 ms).
    onInfo: options.verbose && !options.quiet ? info : undefined,
    threads: threadsSetting(io.env.PLAN_THREADS),
    onProgress: progress && ((label, bytes, total) => progress.update(escapeControls(label), bytes, total)),
    headers: new Map(),
    headerNames: new Map(),
  };
  const headerNamesOf = (key: FileKey) => read.headerNames?.get(inputs[key]?.label ?? '') ?? [];
  return {
    command,
    io,
    options,
    config,
    asOf: options.asOf ?? today(io.now()),
    dataDir,
    inputs,
    problems,
    read,
    require: (key) => requireInput(inputs, key, dataDir, command),
    has: (key) => inputs[key] !== undefined,
    columnsOf: (key) => read.headers?.get(inputs[key]?.label ?? '') ?? [],
    headerName: (key, canonical) => headerNamesOf(key).find((h) => h.canonical === canonical)?.original ?? canonical,
    readAll: (spec, request) =>
      readAll(spec, requireInput(inputs, spec.key, dataDir, command), read, request).finally(() => progress?.done()),
    stream: (spec, request) => readTable(spec, requireInput(inputs, spec.key, dataDir, command), read, request),
    info,
    note,
    noteRevenue(source, use) {
      const turnover = ownTurnover(headerNamesOf('customers'), inputs.customers?.label ?? 'customers.csv');
      if (use === 'if-turnover' && !turnover) return;
      note(`${use === 'tiers' ? 'for the tiers, ' : ''}${describeRevenueSource(source)}${turnover}`);
    },
    say,
    endProgress: () => progress?.done(),
    notes: () => [...notes],
  };
}

/** A customers.csv column that looks like revenue but is the account's own turnover (README), as a clause of a note. */
function ownTurnover(header: readonly { original: string; canonical?: string }[], file: string): string {
  const names = header.filter((h) => h.canonical === undefined && /revenue|turnover|umsatz|sales/i.test(h.original));
  if (names.length === 0) return '';
  const list = names.map((h) => `"${h.original}"`);
  const named = list.length === 1 ? `${list[0]} is` : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]} are`;
  return `; ${named} the account's own turnover in ${file}, passed through, not revenue with us (map ${list.length === 1 ? 'it' : 'one'} to revenue_12m in plan.config.json "columns" if it is)`;
}

/** Today on the user's calendar: the one place local time is read, on purpose. */
function today(now: Date): Day {
  return dayFromParts(now.getFullYear(), now.getMonth() + 1, now.getDate()) as Day;
}

/** The file name extensions of each format: `--out`'s must be its format's (no CSV in an .xlsx). */
const EXTENSIONS: Record<Format, readonly string[]> = {
  table: ['txt'],
  csv: ['csv'],
  json: ['json'],
  md: ['md', 'markdown'],
  html: ['html', 'htm'],
  ics: ['ics'],
};

/**
 * --format, else the --out file's extension, else table on a terminal and csv when piped. `out`: the file written
 * (--out), undefined for standard output (also when --out names a folder, plan report, whose summary goes there).
 */
export function chooseFormat(options: CommonOptions, io: CliIo, allowed: readonly Format[], out: string | undefined): Format {
  let format = options.format;
  // `report.2026-11-27` has no extension; `x.xlsx` has one, and it must be a format's.
  const ext = out ? /\.([a-z][a-z0-9]{0,9})$/i.exec(basename(out))?.[1]?.toLowerCase() : undefined;
  if (out && ext) {
    const byExt = FORMATS.find((f) => EXTENSIONS[f].includes(ext));
    const names = [...allowed.filter((f) => f !== 'table'), ...allowed.filter((f) => f === 'table')]
      .map((f) => `.${EXTENSIONS[f][0]}${f === 'table' ? ' (a table)' : ''}`)
      .join(', ');
    if (!byExt)
      throw new PlanError(
        'usage',
        `--out ${out}: plan does not write .${ext} files; name it ${names}${format ? '' : ', or give --format'}`,
      );
    if (format && byExt !== format)
      throw new PlanError(
        'usage',
        `--out ${out} is a .${ext} name but --format is ${format}: name it .${EXTENSIONS[format][0]}, or drop --format`,
      );
    format = byExt;
  }
  format ??= io.stdout.isTTY && !out ? 'table' : 'csv';
  if (!allowed.includes(format)) throw new PlanError('usage', `--format ${format} is not available here (choose ${allowed.join(', ')})`);
  return format;
}

/** Every path this run reads (the data folder, each input file, the config): outputs never write over them. */
export function inputPaths(ctx: RunContext): string[] {
  const files = Object.values(ctx.inputs).map((input) => input.path);
  const config = ctx.options.config ?? join(ctx.dataDir, CONFIG_FILE);
  return [...files, config, ctx.dataDir].filter((path) => path !== '-');
}

/** Table rows a terminal shows before "N more rows (--all)". */
export const TERMINAL_ROWS = 50;

export function formatOptions(options: CommonOptions, config: Config, io: CliIo, toTerminal: boolean): FormatOptions {
  const noColorEnv = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  return {
    currency: config.currency,
    locale: config.locale,
    color: options.color && !noColorEnv && toTerminal && io.env.TERM !== 'dumb',
    excel: options.excel,
    formulaEscape: options.formulaEscape,
    width: toTerminal && !options.wide ? terminalWidth(io) : undefined,
    maxRows: toTerminal && !options.all ? TERMINAL_ROWS : undefined,
    columns: options.columns,
    wide: options.wide,
  };
}

/** The terminal's columns, else $COLUMNS, else 80. */
function terminalWidth(io: CliIo): number {
  const env = Number(io.env.COLUMNS);
  const columns = io.stdout.columns ?? (Number.isInteger(env) && env > 0 ? env : 80);
  return Math.max(20, columns);
}
