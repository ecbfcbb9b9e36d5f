/**
 * How --help reads, the same for every command: options in groups (the
 * command's own, input, output), defaults and choices written one way
 * (`(default: headroom; choices: a, b)`), then the examples and the exit codes.
 */
import { Command, Help, type HelpConfiguration, Option } from 'commander';
import { ExitCode } from '../errors.js';
import type { CommandEntry } from './command.js';

export const GROUPS = {
  command: 'Command options:',
  input: 'Input options:',
  output: 'Output options:',
} as const;

/** What each exit code means (SPEC section 5; the README's table says the same). */
export const EXIT_CODES: readonly { code: ExitCode; meaning: string; when?: string }[] = [
  { code: ExitCode.ok, meaning: 'success (warnings allowed)' },
  { code: ExitCode.internal, meaning: 'internal error, a bug: a short message; the stack with --debug' },
  { code: ExitCode.usage, meaning: 'usage error: unknown command or option, bad argument' },
  { code: ExitCode.threshold, meaning: 'a --fail-on threshold was breached (after writing everything)', when: 'report' },
  { code: ExitCode.data, meaning: 'bad input data' },
  { code: ExitCode.noInput, meaning: 'an input file is missing or unreadable' },
  { code: ExitCode.cantCreate, meaning: 'an output cannot be written' },
];

/** The "Exit codes:" block of a command's help (all of them for the program). */
export function exitCodesBlock(command?: string): string {
  const codes = EXIT_CODES.filter((e) => e.when === undefined || command === undefined || e.when === command);
  return `\nExit codes:\n${codes.map((e) => `  ${String(e.code).padEnd(3)} ${e.meaning}`).join('\n')}\n`;
}

/** Defaults and choices without JSON quotes, one parenthesis: `(default: headroom; choices: a, b)`. */
function optionDescription(option: Option): string {
  const extra: string[] = [];
  const takesValue = option.required || option.optional;
  if (takesValue && option.defaultValue !== undefined && !/\(default: /.test(option.description)) {
    extra.push(`default: ${option.defaultValueDescription ?? String(option.defaultValue)}`);
  }
  if (option.argChoices) extra.push(`choices: ${option.argChoices.join(', ')}`);
  if (extra.length === 0) return option.description;
  // A default written in the description takes the choices into its parenthesis.
  const written = /\(default: [^()]*\)$/.exec(option.description);
  return written ? `${option.description.slice(0, -1)}; ${extra.join('; ')})` : `${option.description} (${extra.join('; ')})`;
}

/** `demo [options] <dir>`: every command has options, also one listed without them (listedCommand). */
const subcommandTerm = (cmd: Command) => `${cmd.name()} ${cmd.usage()}`;

/** Option groups in one order on every command (command, input, output), also when a command has no options of its own. */
function groupItems<T extends Option | Command>(this: Help, unsorted: T[], visible: T[], getGroup: (item: T) => string): Map<string, T[]> {
  const groups = Help.prototype.groupItems.call<Help, [T[], T[], (item: T) => string], Map<string, T[]>>(this, unsorted, visible, getGroup);
  const order: string[] = Object.values(GROUPS);
  const rank = (group: string) => (order.includes(group) ? order.indexOf(group) : order.length);
  return new Map([...groups].sort(([a], [b]) => rank(a) - rank(b)));
}

export const HELP: HelpConfiguration = { optionDescription, subcommandTerm, groupItems };

/** Help settings every command shares; -h, --help with the command's options. */
export function configureHelp(cmd: Command): Command {
  return cmd.configureHelp(HELP).helpOption(false).addHelpOption(new Option('-h, --help', 'show this help').helpGroup(GROUPS.command));
}

/** A command by its name, summary and arguments, without options: how plan --help lists a command it did not load. */
export function listedCommand(entry: CommandEntry): Command {
  const cmd = new Command(entry.name).summary(entry.summary);
  return entry.arguments ? cmd.arguments(entry.arguments) : cmd;
}
