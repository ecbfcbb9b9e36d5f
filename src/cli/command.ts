/**
 * The frame every subcommand shares: common flags, help with Examples, and
 * the recipe load -> core -> render -> write. A command file only says what
 * is particular to it.
 */
import type { Command } from 'commander';
import { PlanError } from '../errors.js';
import { didYouMean } from '../io/headers.js';
import { prepareOutputFile, writeStdout } from '../io/output.js';
import type { Document, FormatOptions } from '../render/document.js';
import { escapeTerminal } from '../render/escape.js';
import { type Format, ownOutputMark, type Rendered, renderDocument } from '../render/index.js';
import type { FileKey } from '../schema/config.js';
import { chooseFormat, createContext, formatOptions, inputPaths, type RunContext } from './context.js';
import { configureHelp, exitCodesBlock, GROUPS, listedCommand } from './help.js';
import type { CliIo } from './io.js';
import { addInputOptions, addOutputOptions, type CommonOptions, parseCommon } from './options.js';

export interface CommandResult {
  document: Document;
  /** What the table and md views show, when not `document` (e.g. a schedule grouped by day). */
  display?: Document;
  /** Renderers beyond the shared ones (html, ics), or overriding them. */
  renderers?: Partial<Record<Format, (opts: FormatOptions) => Rendered>>;
  /** A non-zero exit after everything was written (e.g. --fail-on: 3). */
  exitCode?: number;
  /** Lines for stderr after the output (e.g. breached thresholds). */
  messages?: string[];
  /** The command wrote its own files; nothing to render. */
  written?: boolean;
  /** Text for standard output as it is, whatever the format (a shell completion script). */
  text?: string;
}

/** A command as plan --help lists it (commands/index.ts); the rest of it, its CommandSpec, is loaded when it is named. */
export interface CommandEntry {
  name: string;
  summary: string;
  /** Its arguments, like `<dir>`. */
  arguments?: string;
  /**
   * It reads orders.csv (without products) or contacts.csv in ranges on
   * worker threads when they are large (io/parallel.ts): the launcher starts
   * those workers before the command loads (cli/launch.ts warmUp). Checked
   * against what each command reads by test/cli/parallel.test.ts.
   */
  readsInRanges?: true;
  // biome-ignore lint/suspicious/noExplicitAny: each command has its own option type
  load: () => Promise<CommandSpec<any>>;
}

export interface CommandSpec<O> {
  /** Longer help text: rules, flags' meaning. */
  description?: string;
  /** Example command lines, shown under "Examples:" in --help and kept equal to the README by a test. */
  examples: string[];
  /** Input files this command reads (adds --customers FILE etc.); none for commands without --data. */
  inputs: readonly FileKey[];
  formats?: readonly Format[];
  options?: (cmd: Command) => void;
  /** commander's raw values -> typed options (throw usage errors here). */
  parse: (raw: Record<string, unknown>, args: string[]) => O;
  /** `--out` names the folder the command writes (plan report); what it prints goes to standard output. */
  outIsFolder?: boolean;
  run: (ctx: RunContext, options: O) => Promise<CommandResult>;
}

export interface RunState {
  exitCode: number;
  messages: string[];
  /** Set once the context exists, so errors can print the problems found. */
  context?: RunContext;
  options?: CommonOptions;
}

export const DEFAULT_FORMATS: readonly Format[] = ['table', 'csv', 'json', 'md', 'html'];

export function examplesBlock(examples: readonly string[]): string {
  return `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n`;
}

export function buildCommand<O>(entry: CommandEntry, spec: CommandSpec<O>, io: CliIo, state: RunState): Command {
  const cmd = configureHelp(listedCommand(entry).description(spec.description ?? entry.summary));
  cmd.optionsGroup(GROUPS.command);
  spec.options?.(cmd);
  if (spec.inputs.length > 0) addInputOptions(cmd, spec.inputs);
  const formats = spec.formats ?? DEFAULT_FORMATS;
  if (formats.length > 0) addOutputOptions(cmd, formats, spec.outIsFolder);
  else
    cmd
      .optionsGroup(GROUPS.output)
      .option('-q, --quiet', 'no warnings on standard error')
      .option('--debug', 'show stack traces of internal errors');
  cmd.addHelpText('after', examplesBlock(spec.examples) + exitCodesBlock(entry.name));
  cmd.action(async (...received: unknown[]) => {
    const command = received[received.length - 1] as Command;
    const raw = command.opts();
    const args = command.args;
    const common = parseCommon(raw);
    state.options = common;
    const options = spec.parse(raw, args);
    // Where the output goes is settled before the work: a bad --out fails in a second, not after the run.
    const out = spec.outIsFolder ? undefined : common.out;
    // A command without formats (plan completion) prints its text as it is.
    const format = formats.length > 0 ? chooseFormat(common, io, formats, out) : undefined;
    const ctx = await createContext(entry.name, common, io, spec.inputs.length === 0);
    state.context = ctx;
    const own = ownOutputMark(format as Format);
    const file = out ? await prepareOutputFile(out, inputPaths(ctx), { own, force: common.force }) : undefined;
    const result = await spec.run(ctx, options).finally(() => ctx.endProgress());
    if (result.text !== undefined) await writeStdout(io.stdout, result.text);
    else if (!result.written) {
      const toTerminal = !out && Boolean(io.stdout.isTTY);
      const fopts = formatOptions(common, ctx.config, io, toTerminal);
      const custom = result.renderers?.[format as Format];
      const human = format === 'table' || format === 'md';
      const document = (human && result.display) || result.document;
      if (human && common.columns) checkColumns(document, common.columns);
      const content = custom ? custom(fopts) : await renderDocument(document, format as Format, fopts);
      if (file) await file.write(content);
      // The table view escapes what it prints; other formats on a terminal get their control characters escaped.
      else await writeStdout(io.stdout, toTerminal && format !== 'table' ? escapedContent(content) : content);
    }
    state.exitCode = result.exitCode ?? 0;
    state.messages = result.messages ?? [];
  });
  return cmd;
}

/** `--columns` names every column it asks for by a name some table of the view has. */
function checkColumns(document: Document, columns: readonly string[]): void {
  const known = [...new Set(document.tables.flatMap((t) => t.columns.map((c) => c.key)))];
  const unknown = columns.find((c) => !known.includes(c));
  if (unknown === undefined) return;
  const hint = didYouMean(unknown, known);
  throw new PlanError(
    'usage',
    `--columns: no column "${unknown}" here${hint ? `; did you mean "${hint}"?` : ''} (columns: ${known.join(', ')})`,
  );
}

function escapedContent(content: Rendered): Rendered {
  if (typeof content === 'string') return escapeTerminal(content);
  if (content instanceof Uint8Array) return escapeTerminal(Buffer.from(content).toString('utf8'));
  return (function* () {
    // Chunks of bytes may end inside a character: decoded as one stream (a BOM kept, as the file would hold it).
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    for (const piece of content) yield escapeTerminal(typeof piece === 'string' ? piece : decoder.decode(piece, { stream: true }));
  })();
}

/** A command's options as commander knows them, without an action (shell completion). */
export function describeCommand(entry: CommandEntry, spec: CommandSpec<unknown>): Command {
  const cmd = listedCommand(entry)
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {} });
  spec.options?.(cmd);
  if (spec.inputs.length > 0) addInputOptions(cmd, spec.inputs);
  const formats = spec.formats ?? DEFAULT_FORMATS;
  if (formats.length > 0) addOutputOptions(cmd, formats, spec.outIsFolder);
  return cmd;
}
