/** What a command's action gets: typed common options, config, inputs, readers. */
import { basename, join } from 'node:path';
import { PlanError } from '../errors.js';
import { CONFIG_FILE, loadConfig } from '../io/config.js';
import { type Inputs, requireInput, resolveInputs } from '../io/inputs.js';
import { ProblemLog } from '../io/problems.js';
import { createProgress } from '../io/progress.js';
import type { InputRef } from '../io/source.js';
import { type ReadContext, type ReadRequest, readAll, readTable } from '../io/table.js';
import type { FormatOptions } from '../render/document.js';
import { FORMATS, type Format } from '../render/index.js';
import { type Day, dayFromParts } from '../schema/calendar.js';
import { type Config, FILE_KEYS, type FileKey } from '../schema/config.js';
import type { FileSpec } from '../schema/files.js';
import type { CliIo } from './io.js';
import type { CommonOptions } from './options.js';

export interface RunContext {
  command: string;
  io: CliIo;
  options: CommonOptions;
  config: Config;
  asOf: Day;
  dataDir: string;
  inputs: Inputs;
  problems: ProblemLog;
  read: ReadContext;
  /** The input of `key`, or a "needs FILE" error (exit 66). */
  require(key: FileKey): InputRef;
  has(key: FileKey): boolean;
  /** Canonical columns in the header of `key` (after it was read). */
  columnsOf(key: FileKey): string[];
  readAll<Row>(spec: FileSpec<Row>, request?: ReadRequest): Promise<Row[]>;
  stream<Row>(spec: FileSpec<Row>, request?: ReadRequest): AsyncIterable<Row[]>;
  /** A line on stderr with --verbose. */
  info(message: string): void;
  /** Clears the progress line, if one was drawn. */
  endProgress(): void;
}

export async function createContext(command: string, options: CommonOptions, io: CliIo): Promise<RunContext> {
  const dataDir = options.data;
  const { config } = await loadConfig(options.config, dataDir);
  const problems = new ProblemLog(options.strict);
  const overrides = Object.fromEntries(Object.entries(options).filter(([k]) => (FILE_KEYS as readonly string[]).includes(k))) as Partial<
    Record<FileKey, string>
  >;
  const inputs = resolveInputs(dataDir, overrides);
  const info = (message: string) => {
    if (options.verbose && !options.quiet) io.stderr.write(`plan: ${message}\n`);
  };
  const progress = options.quiet ? undefined : createProgress(io.stderr);
  const read: ReadContext = {
    options: {
      encoding: options.encoding,
      delimiter: options.delimiter,
      decimal: options.decimalComma ? 'comma' : options.decimalPoint ? 'point' : undefined,
      dateFormat: options.dateFormat,
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
    onInfo: info,
    onProgress: progress?.update,
    headers: new Map(),
  };
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
    readAll: (spec, request) =>
      readAll(spec, requireInput(inputs, spec.key, dataDir, command), read, request).finally(() => progress?.done()),
    stream: (spec, request) => readTable(spec, requireInput(inputs, spec.key, dataDir, command), read, request),
    info,
    endProgress: () => progress?.done(),
  };
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

/** --format, else the --out file's extension, else table on a terminal and csv when piped. */
export function chooseFormat(options: CommonOptions, io: CliIo, allowed: readonly Format[], out = options.out): Format {
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

export function formatOptions(options: CommonOptions, config: Config, io: CliIo, toTerminal: boolean): FormatOptions {
  const noColorEnv = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  return {
    currency: config.currency,
    locale: config.locale,
    color: options.color && !noColorEnv && toTerminal && io.env.TERM !== 'dumb',
    excel: options.excel,
    formulaEscape: options.formulaEscape,
  };
}
