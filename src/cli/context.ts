/** What a command's action gets: typed common options, config, inputs, readers. */
import { extname } from 'node:path';
import type { DataSource } from '../analyses/dataset.js';
import { PlanError } from '../errors.js';
import { loadConfig } from '../io/config.js';
import { type Inputs, requireInput, resolveInputs } from '../io/inputs.js';
import { ProblemLog } from '../io/problems.js';
import { createProgress } from '../io/progress.js';
import { type ReadContext, readAll, readTable } from '../io/table.js';
import type { FormatOptions } from '../render/document.js';
import { FORMATS, type Format } from '../render/index.js';
import { type Day, dayFromParts } from '../schema/calendar.js';
import { type Config, defaultConfig, FILE_KEYS, type FileKey } from '../schema/config.js';
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
}

/**
 * The context of a command that reads inputs: config from the data folder
 * (or --config), the input files found, readers, problems, progress.
 * `light`: a command without inputs (init, demo) reads no config and needs
 * no data folder, so a broken plan.config.json nearby cannot stop it.
 */
export async function createContext(command: string, options: CommonOptions, io: CliIo, light = false): Promise<RunContext> {
  const dataDir = options.data;
  const config = light ? defaultConfig() : (await loadConfig(options.config, dataDir)).config;
  const problems = new ProblemLog(options.strict);
  const overrides = Object.fromEntries(Object.entries(options).filter(([k]) => (FILE_KEYS as readonly string[]).includes(k))) as Partial<
    Record<FileKey, string>
  >;
  const inputs = light ? {} : resolveInputs(dataDir, overrides);
  const progress = options.quiet ? undefined : createProgress(io.stderr);
  const say = (line: string) => (progress ? progress.print(line) : io.stderr.write(`${line}\n`));
  const info = (message: string) => {
    if (options.verbose && !options.quiet) say(`plan: ${message}`);
  };
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
    say,
    endProgress: () => progress?.done(),
  };
}

/** Today on the user's calendar: the one place local time is read, on purpose. */
function today(now: Date): Day {
  return dayFromParts(now.getFullYear(), now.getMonth() + 1, now.getDate()) as Day;
}

/** --format, else the --out file's extension, else table on a terminal and csv when piped. */
export function chooseFormat(options: CommonOptions, io: CliIo, allowed: readonly Format[]): Format {
  let format = options.format;
  if (!format && options.out) {
    const ext = extname(options.out).slice(1).toLowerCase();
    const byExt = (ext === 'markdown' ? 'md' : ext === 'htm' ? 'html' : ext) as Format;
    if ((FORMATS as readonly string[]).includes(byExt)) format = byExt;
  }
  format ??= io.stdout.isTTY && !options.out ? 'table' : 'csv';
  if (!allowed.includes(format)) throw new PlanError('usage', `--format ${format} is not available here (choose ${allowed.join(', ')})`);
  return format;
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
