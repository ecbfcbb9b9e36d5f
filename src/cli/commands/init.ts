import { z } from 'zod';
import { CONFIG_FILE } from '../../io/config.js';
import { writeFiles } from '../../io/output.js';
import { defaultConfig, FILE_KEYS } from '../../schema/config.js';
import { FILES } from '../../schema/files.js';
import type { CommandSpec } from '../command.js';
import { parseWith } from '../options.js';

const optionsSchema = z.object({ dir: z.string().min(1), force: z.boolean().default(false) });

/** What each config key means, written next to it as a `//` key (JSON has no comments). */
const COMMENTS: Record<string, string> = {
  currency: 'currency of money in every view: an ISO 4217 code (EUR, USD, GBP, ...) or one of € $ £ ¥ ₹',
  locale: 'how numbers read: 1,234.5 (en-GB) or 1.234,5 (de-DE); any BCP 47 locale',
  columns: 'rename columns of your exports per file, e.g. {"customers": {"Account Name": "name"}}',
  nullValues: 'cell texts that mean "missing" besides the empty cell, e.g. ["n/a", "-"]',
  sizeBands: 'size from employees when customers.csv has no size column: the band with the highest min at or below the count',
  tiers: 'segments are A while those above hold less than a of all headroom, B below b, else C',
  channelCosts:
    'cost of one order by channel: preset article (100 : 1 : 0.01, relative) or benchmark (absolute); unitCost scales a relative preset; costs sets a channel outright; synonyms map your channel names',
  coverage: 'plan segment covers an account by the most intensive channel whose yearly cost is at most maxCostShare of its potential',
  cadence: 'target days between contacts by tier; prospectA for prospects in A-tier segments',
  postSaleDays: 'days after contract start within which a sales touch is expected',
  plannedShare: "share of each rep's capacity planned by plan schedule (the rest is left free)",
  callsPerDay: 'calls a day by rep role, when reps.csv has no calls_per_day',
  callTimes:
    'when plan schedule calls happen: from dayStart for dayHours, each start on a grid of stepMinutes; set visitMinutes and callMinutes for how long a visit and a call last (default: the day shared by its calls, rounded down to the step)',
  activityClasses: 'your activity names -> selling, travel, admin, internal or service (merged over the built-in names)',
  touchTypes: 'your touch types -> sales or other (merged over the built-in names)',
  hoursPerWeek: 'a full-time week, for FTE figures',
  weekStart: 'first day of the week in displays',
  timezone: 'time zone of calendar (ics) output',
};

export const initCommand: CommandSpec<z.output<typeof optionsSchema>> = {
  description: [
    'Writes plan.config.json with every setting at its default, each explained by a "//" key beside it, and one header-only CSV per input file with all its columns, into DIR.',
    'Fill in the templates (or replace them with your exports) and edit the config; plan validate --data DIR checks the result. Existing files are replaced only with --force.',
    "products.csv, and the product columns of orders.csv and market.csv, are only read by plan products (and schedule's next best product): leave them empty otherwise (docs/products.md).",
  ].join('\n\n'),
  examples: ['plan init my-data', 'plan init my-data --force'],
  inputs: [],
  options: (cmd) => cmd.option('--force', 'replace files that already exist in DIR (and at --out)'),
  parse: (raw, args) => parseWith(optionsSchema, { ...raw, dir: args[0] }),
  async run(_ctx, opts) {
    const files: Record<string, string> = { [CONFIG_FILE]: commentedConfig() };
    for (const key of FILE_KEYS) files[FILES[key].file] = `${FILES[key].columns.join(',')}\n`;
    await writeFiles(
      opts.dir,
      Object.entries(files).map(([name, content]) => ({ name, content })),
      { force: opts.force },
    );
    const rows = Object.keys(files).map((file) => ({ file }));
    return {
      document: {
        title: `Templates written to ${opts.dir}`,
        figures: [],
        tables: [{ name: 'files', columns: [{ key: 'file', label: 'file', type: 'text' }], rows }],
        charts: [],
        notes: [`Next: put your exports in ${opts.dir}, then run plan validate --data ${opts.dir}`],
        data: { dir: opts.dir, files: Object.keys(files) },
      },
    };
  },
};

function commentedConfig(): string {
  const config = defaultConfig() as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    const comment = COMMENTS[key];
    if (comment) out[`// ${key}`] = comment;
    out[key] = value;
  }
  return `${JSON.stringify(out, null, 2)}\n`;
}
