import { runValidate } from '../../analyses/validate.js';
import { ExitCode } from '../../errors.js';
import { FILE_KEYS } from '../../schema/config.js';
import { validateDocument } from '../../views/validate.js';
import type { CommandSpec } from '../command.js';

export const validateCommand: CommandSpec<Record<string, never>> = {
  description: [
    'Checks every input file present in the data folder against its schema, the references between them (orders and contacts for unknown customers; owners, time entries and absences of reps not in reps.csv; order lines for products not in products.csv), and the values the commands must place: order channels, touch types and activities that the config cannot classify; products.csv for a product listed twice and shares over 100%.',
    'Also what the analyses would warn about: market cells left out (suppressed, or written as 0), rows without a customer id, order lines and touches outside the window of --as-of, where revenue would come from.',
    'Prints every problem on standard error as FILE:LINE:COL with the column name, the value and a code. Exit 65 when there are errors; 0 with warnings only (--strict: warnings are errors); 66 when there is no input file at all.',
  ].join('\n\n'),
  examples: [
    'plan validate --data fixtures/demo',
    'plan validate --data exports/ --strict',
    'plan validate --customers crm.csv --encoding windows-1252',
  ],
  inputs: FILE_KEYS,
  parse: () => ({}),
  async run(ctx) {
    const validation = await runValidate(ctx);
    return { document: validateDocument(validation), exitCode: validation.errors > 0 ? ExitCode.data : ExitCode.ok };
  },
};
