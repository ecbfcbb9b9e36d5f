import { z } from 'zod';
import { PlanError } from '../../errors.js';
import { type CommandSpec, describeCommand } from '../command.js';
import { completionScript, SHELLS } from '../completion.js';
import { parseWith } from '../options.js';
import { COMMANDS } from './index.js';

const optionsSchema = z.object({ shell: z.enum(SHELLS) });

export const completionCommand: CommandSpec<z.output<typeof optionsSchema>> = {
  description: [
    'Prints a completion script for bash or zsh, made from the options of every command: command names, options, the choices of options that have them, directories and files where an option takes one.',
    'Load it with source <(plan completion bash) (in ~/.bashrc to keep it), or save it where your shell looks for completions.',
  ].join('\n\n'),
  examples: ['plan completion bash > ~/.local/share/bash-completion/completions/plan', 'source <(plan completion zsh)'],
  inputs: [],
  formats: [],
  parse: (raw, args) => {
    if (!(SHELLS as readonly string[]).includes(args[0] ?? ''))
      throw new PlanError('usage', `plan completion takes ${SHELLS.join(' or ')} (not "${args[0]}")`);
    return parseWith(optionsSchema, { ...raw, shell: args[0] });
  },
  async run(_ctx, opts) {
    const others = COMMANDS.filter((c) => c.name !== 'completion');
    const commands = await Promise.all(others.map(async (c) => describeCommand(c, await c.load())));
    return {
      document: { title: '', figures: [], tables: [], charts: [], notes: [], data: null },
      text: completionScript(opts.shell, commands),
    };
  },
};
