/**
 * The frame every subcommand shares: common flags, help with Examples, and
 * the recipe load -> core -> render -> write. A command file only says what
 * is particular to it.
 */
import { Command } from 'commander';
import { prepareOutputFile, writeStdout } from '../io/output.js';
import type { Document, FormatOptions } from '../render/document.js';
import { type Format, type Rendered, renderDocument } from '../render/index.js';
import type { FileKey } from '../schema/config.js';
import { chooseFormat, createContext, formatOptions, inputPaths, type RunContext } from './context.js';
import type { CliIo } from './io.js';
import { addInputOptions, addOutputOptions, type CommonOptions, parseCommon } from './options.js';

export interface CommandResult {
  document: Document;
  /** Renderers beyond the shared ones (html, ics), or overriding them. */
  renderers?: Partial<Record<Format, (opts: FormatOptions) => Rendered>>;
  /** A non-zero exit after everything was written (e.g. --fail-on: 3). */
  exitCode?: number;
  /** Lines for stderr after the output (e.g. breached thresholds). */
  messages?: string[];
  /** The command wrote its own files; nothing to render. */
  written?: boolean;
}

export interface CommandSpec<O> {
  name: string;
  summary: string;
  /** Longer help text: rules, flags' meaning. */
  description?: string;
  /** Example command lines, shown under "Examples:" in --help and kept equal to the README by a test. */
  examples: string[];
  /** Input files this command reads (adds --customers FILE etc.); none for commands without --data. */
  inputs: readonly FileKey[];
  formats?: readonly Format[];
  arguments?: string;
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

export function buildCommand<O>(spec: CommandSpec<O>, io: CliIo, state: RunState): Command {
  const cmd = new Command(spec.name).summary(spec.summary).description(spec.description ?? spec.summary);
  if (spec.arguments) cmd.arguments(spec.arguments);
  spec.options?.(cmd);
  if (spec.inputs.length > 0) addInputOptions(cmd, spec.inputs);
  const formats = spec.formats ?? DEFAULT_FORMATS;
  addOutputOptions(cmd, formats, spec.outIsFolder);
  cmd.addHelpText('after', examplesBlock(spec.examples));
  cmd.action(async (...received: unknown[]) => {
    const command = received[received.length - 1] as Command;
    const raw = command.opts();
    const args = command.args;
    const common = parseCommon(raw);
    state.options = common;
    const options = spec.parse(raw, args);
    // Where the output goes is settled before the work: a bad --out fails in a second, not after the run.
    const out = spec.outIsFolder ? undefined : common.out;
    const format = chooseFormat(common, io, formats, out);
    const ctx = await createContext(spec.name, common, io);
    state.context = ctx;
    const file = out ? await prepareOutputFile(out, inputPaths(ctx)) : undefined;
    const result = await spec.run(ctx, options).finally(() => ctx.endProgress());
    if (!result.written) {
      const fopts = formatOptions(common, ctx.config, io, !out && Boolean(io.stdout.isTTY));
      const custom = result.renderers?.[format];
      const content = custom ? custom(fopts) : renderDocument(result.document, format, fopts);
      if (file) await file.write(content);
      else await writeStdout(io.stdout, content);
    }
    state.exitCode = result.exitCode ?? 0;
    state.messages = result.messages ?? [];
  });
  return cmd;
}

/** The raw options `plan <spec.name> <argv>` would get from commander, defaults included (for plan report). */
export function rawOptionsFor(spec: CommandSpec<unknown>, argv: string[]): Record<string, unknown> {
  const cmd = new Command(spec.name).exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
  spec.options?.(cmd);
  if (spec.inputs.length > 0) addInputOptions(cmd, spec.inputs);
  addOutputOptions(cmd, spec.formats ?? DEFAULT_FORMATS, spec.outIsFolder);
  cmd.parse(argv, { from: 'user' });
  return cmd.opts();
}
