/** run(argv, io) -> exit code. Builds the program, runs it, maps every error to SPEC section 5. */
import { Command, CommanderError } from 'commander';
import { ExitCode, exitCodeOf, grouped, PlanError, type Problem } from '../errors.js';
import { SHOWN_PER_KIND } from '../io/problems.js';
import { escapeTerminal } from '../render/escape.js';
import { formatProblem } from '../render/problems.js';
import type { CommandEntry, RunState } from './command.js';
import { COMMANDS } from './commands/index.js';
import { exitCodesBlock, HELP, listedCommand } from './help.js';
import type { CliIo } from './io.js';
import { VERSION } from './version.js';

export async function run(argv: string[], terminal: CliIo): Promise<number> {
  // Messages hold input (file names, values, options): their control characters are shown, never obeyed.
  // Text widths (render/terminal.ts) are loaded only to wrap for a terminal.
  const fitLines = terminal.stderr.isTTY ? (await import('../render/terminal.js')).fitLines : undefined;
  const io: CliIo = { ...terminal, stderr: escapingWriter(terminal.stderr, fitLines), rawStderr: terminal.stderr };
  const state: RunState = { exitCode: 0, messages: [] };
  const program = new Command('plan')
    .configureHelp(HELP)
    .description('Sales planning from the CSV exports you already have.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.stdout.write(escapeTerminal(s)),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(s.startsWith('error:') ? `plan: ${s}` : s),
    });
  // Only the command named is loaded (its options, analyses, views); the others are listed by name and summary.
  const named = argv[0] === 'help' ? argv[1] : argv[0];
  for (const entry of COMMANDS) {
    const cmd = entry.name === named ? await loadCommand(entry, io, state) : listedCommand(entry);
    cmd.exitOverride().showSuggestionAfterError(true).configureOutput(program.configureOutput());
    program.addCommand(cmd);
  }
  program.addHelpText(
    'after',
    `\nRun "plan <command> --help" for a command's options and examples.\nFirst time? plan demo /tmp/demo && plan segment --data /tmp/demo\n${exitCodesBlock()}`,
  );
  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return ExitCode.usage;
    }
    // `plan help frob` is the unknown command it names (commander would print the help and exit 0).
    const unknownHelp = argv[0] === 'help' && named !== undefined && named !== 'help' && !COMMANDS.some((entry) => entry.name === named);
    await program.parseAsync(unknownHelp ? [named] : argv, { from: 'user' });
    // What the figures rest on, once the run has succeeded: a run that fails says only why.
    for (const note of state.context?.notes() ?? []) io.stderr.write(`plan: note: ${note}\n`);
    printProblems(io, state, true);
    for (const line of state.messages) io.stderr.write(`${line}\n`);
    return state.exitCode;
  } catch (error) {
    return reportError(error, io, state);
  }
}

async function loadCommand(entry: CommandEntry, io: CliIo, state: RunState): Promise<Command> {
  const [{ buildCommand }, spec] = await Promise.all([import('./command.js'), entry.load()]);
  return buildCommand(entry, spec, io, state);
}

const USAGE_HINT = 'Run "plan --help" or "plan <command> --help" for usage.\n';

function reportError(error: unknown, io: CliIo, state: RunState): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help')
      return ExitCode.ok;
    // commander has printed its message and suggestion; what to do next, as for plan's own usage errors:
    io.stderr.write(error.code === 'commander.unknownCommand' ? 'Run "plan --help" for the list of commands.\n' : USAGE_HINT);
    return ExitCode.usage;
  }
  if (error instanceof PlanError) {
    printProblems(io, state, true, error.problems);
    io.stderr.write(`plan: error: ${error.message}\n`);
    if (error.kind === 'usage') io.stderr.write(USAGE_HINT);
    return exitCodeOf(error.kind);
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`plan: internal error: ${message}\n`);
  if (state.options?.debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  else io.stderr.write('This is a bug in plan. Run again with --debug for the stack trace, and report it.\n');
  return ExitCode.internal;
}

/** Problems found while reading: warnings after a good run, everything after a failed one. */
function printProblems(io: CliIo, state: RunState, includeErrors: boolean, thrown: readonly Problem[] = []): void {
  const quiet = state.options?.quiet ?? false;
  const log = state.context?.problems;
  const keep = (severity: Problem['severity']) => (severity === 'warning' ? !quiet : includeErrors);
  const lines = (log ? log.shown() : thrown).filter((p) => keep(p.severity)).map(formatProblem);
  for (const o of log?.overflow() ?? []) {
    if (keep(o.severity))
      lines.push(`plan: ${o.severity}: ${o.file}: ... and ${grouped(o.more)} more ${o.code} (the first ${SHOWN_PER_KIND} are shown)`);
  }
  if (lines.length > 0) io.stderr.write(`${lines.join('\n')}\n`);
}

/**
 * stderr with control characters escaped in every text written to it (line
 * breaks and tabs kept); on a terminal, long lines wrapped at words to its
 * width (piped, a message stays on one line, for grep).
 */
function escapingWriter(stderr: CliIo['stderr'], fitLines?: (text: string, width: number) => string): CliIo['stderr'] {
  const width = Math.max(20, stderr.columns ?? 80);
  const shown = (text: string) => (fitLines ? fitLines(escapeTerminal(text), width) : escapeTerminal(text));
  return new Proxy(stderr, {
    get(target, key) {
      if (key === 'write')
        return (chunk: unknown, ...rest: unknown[]) =>
          (target.write as (...a: unknown[]) => boolean).call(target, typeof chunk === 'string' ? shown(chunk) : chunk, ...rest);
      const value = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
