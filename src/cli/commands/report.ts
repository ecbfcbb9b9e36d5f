import { join } from 'node:path';
import { z } from 'zod';
import { ExitCode, PlanError, type Problem } from '../../errors.js';
import { prepareReportFolder } from '../../io/output.js';
import { buildReport, type SectionOutcome } from '../../report/build.js';
import { type ReportOptions, SECTIONS } from '../../report/sections.js';
import { type Breach, evaluateThresholds, type MetricValue, parseThreshold, type Threshold, valueFor } from '../../report/thresholds.js';
import { formatDay } from '../../schema/calendar.js';
import { FILE_KEYS } from '../../schema/config.js';
import { type CommandSpec, rawOptionsFor } from '../command.js';
import { createContext, formatOptions, inputPaths } from '../context.js';
import { collect, parseCommon, parseWith } from '../options.js';
import { VERSION } from '../version.js';

/** Where the report goes without --out-dir: beside the user, never into the data folder. */
const DEFAULT_OUT_DIR = 'plan-report';

const optionsSchema = z.object({
  outDir: z.string().min(1).default(DEFAULT_OUT_DIR),
  force: z.boolean().default(false),
  failOn: z.array(z.string()).default([]),
  reassign: z.array(z.string()).default([]),
  shift: z.array(z.string()).default([]),
});

/** Flags of the report that every section shares (inputs and reading). */
const SHARED = [
  'data',
  'config',
  'encoding',
  'delimiter',
  'decimalComma',
  'decimalPoint',
  'dateFormat',
  'null',
  'quote',
  'renameDuplicates',
  'skipRows',
  'skipFooter',
  'preset',
  'strict',
  'asOf',
  'quiet',
  ...FILE_KEYS,
];
/** The reassignment shown when --reassign is not given (DOMAIN.md idea 7's chores). */
const DEFAULT_REASSIGN = ['order entry', 'invoicing'];
/** The channel shift shown when --shift is not given (SPEC's example). */
const DEFAULT_SHIFT = ['field:phone=30%'];

export const reportCommand: CommandSpec<z.output<typeof optionsSchema> & { thresholds: Threshold[]; shared: Record<string, unknown> }> = {
  name: 'report',
  summary: 'run every analysis the data allows and write one report folder',
  description: [
    `Runs every analysis the data folder allows (segment, cost, contact, schedule, time) and writes, into --out-dir (default: ./${DEFAULT_OUT_DIR}), report.html (self-contained and printable), report.json (every figure, with a schema version: docs/report.md) and one CSV per analysis.`,
    'The folder is written whole or not at all: into a temporary folder first, then moved into place, so a run that fails leaves the previous report as it was. It replaces only a folder an earlier plan report wrote (or an empty one): a folder holding other files is refused (exit 73; --force writes the report files into it, touching nothing else), and so are a file, the data folder, any folder above an input, and the current folder. customers.csv is required (exit 66 before anything is written); a section whose other inputs are missing is skipped with a note.',
    '--fail-on "overdue>10%" or "renewal-risk>5" (repeatable): after everything is written, exit 3 and name each breached threshold on standard error. A value with % compares a share, without compares a count. Metrics: see docs/report.md.',
  ].join('\n\n'),
  examples: [
    'plan report --data fixtures/demo',
    'plan report --data exports/ --out-dir /srv/reports/today --fail-on "overdue>10%" --fail-on "renewal-risk>5"',
    'plan report --data fixtures/demo --out-dir /tmp/report --reassign "order entry,invoicing" --as-of 2026-11-27',
  ],
  inputs: FILE_KEYS,
  outIsFolder: true,
  options: (cmd) =>
    cmd
      .option('--out-dir <dir>', `folder to write report.html, report.json and the CSVs into, replaced whole (default: ${DEFAULT_OUT_DIR})`)
      .option('--force', 'write into an existing folder that an earlier plan report did not write (only the report files are replaced)')
      .option('--fail-on <metric>', 'exit 3 when a metric passes a threshold, e.g. "overdue>10%" (repeatable)', collect)
      .option('--reassign <activities>', `what-if of the time section (default: ${DEFAULT_REASSIGN.join(', ')} when present)`, collect)
      .option('--shift <from:to=share>', `what-if of the cost section (default: ${DEFAULT_SHIFT.join(' ')})`, collect),
  parse: (raw) => {
    if (raw.out !== undefined && raw.outDir !== undefined && raw.out !== raw.outDir)
      throw new PlanError('usage', `--out ${raw.out} and --out-dir ${raw.outDir} name two folders: give one`);
    const options = parseWith(optionsSchema, { ...raw, outDir: raw.outDir ?? raw.out });
    // The sections get the report's own input flags, as commander gave them.
    const shared = Object.fromEntries(Object.entries(raw).filter(([k]) => SHARED.includes(k)));
    return { ...options, thresholds: options.failOn.map(parseThreshold), shared };
  },
  async run(ctx, opts) {
    ctx.require('customers');
    const folder = await prepareReportFolder(opts.outDir, {
      inputs: inputPaths(ctx),
      force: opts.force,
      cwd: ctx.io.cwd,
      generator: `plan ${VERSION}`,
    });
    const restored = folder.restored;
    if (restored) {
      ctx.problems.add({
        severity: 'warning',
        file: opts.outDir,
        line: 0,
        code: 'W_REPORT_RESTORED',
        message: `a previous run was interrupted while swapping folders; restored the previous report from ${restored}`,
      });
    }
    const progress = ctx.io.stderr.isTTY && !ctx.options.quiet ? (line: string) => ctx.io.stderr.write(`plan report: ${line}\n`) : () => {};
    const reportOptions: ReportOptions = {
      reassign: opts.reassign.length > 0 ? opts.reassign : DEFAULT_REASSIGN,
      shift: opts.shift.length > 0 ? opts.shift : DEFAULT_SHIFT,
    };
    const outcomes: SectionOutcome[] = [];
    const seen = new Set<string>();
    for (const section of SECTIONS) {
      const missing = section.needs.filter((k) => !ctx.has(k));
      if (missing.length > 0) {
        const reason = `needs ${missing.map((k) => `${k}.csv`).join(' and ')}, not in the data folder`;
        ctx.problems.add({
          severity: 'warning',
          file: ctx.dataDir,
          line: 0,
          code: 'W_SECTION_SKIPPED',
          message: `${section.name} skipped: ${reason}`,
        });
        outcomes.push({ section, skipped: reason });
        continue;
      }
      const started = Date.now();
      outcomes.push(await runSection(section, reportOptions, opts.shared, ctx, opts.reassign.length === 0, seen));
      progress(`${section.name} done (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
    const report = buildReport(outcomes, {
      asOf: formatDay(ctx.asOf),
      dataDir: ctx.dataDir,
      version: VERSION,
      format: formatOptions(ctx.options, ctx.config, ctx.io, false),
      problems: ctx.problems.summary(),
    });
    const breaches = evaluateThresholds(opts.thresholds, report.metrics);
    report.json.thresholds = opts.thresholds.map((t) => ({
      expression: t.expression,
      breached: breaches.some((b) => b.threshold === t),
      value: metricValue(t, report.metrics),
    }));
    await folder.write(report.files());
    const where = ctx.options.quiet ? [] : [`plan: report written to ${opts.outDir}; open ${join(opts.outDir, 'report.html')}`];
    const failed = failures(breaches);
    return { document: report.summary(opts.outDir), exitCode: failed.exitCode, messages: [...where, ...(failed.messages ?? [])] };
  },
};

async function runSection(
  section: (typeof SECTIONS)[number],
  options: ReportOptions,
  shared: Record<string, unknown>,
  parent: Parameters<(typeof reportCommand)['run']>[0],
  defaultReassign: boolean,
  seen: Set<string>,
): Promise<SectionOutcome> {
  const attempt = async (argv: string[]) => {
    const raw = { ...rawOptionsFor(section.command, argv), ...shared };
    const ctx = await createContext(section.name, parseCommon(raw), parent.io);
    try {
      const result = await section.command.run(ctx, section.command.parse(raw, []));
      // A command may hand its JSON lazily (toJSON); the report reads it as plain data.
      const data = result.document.data as { toJSON?: () => unknown } | null;
      const plain = typeof data?.toJSON === 'function' ? data.toJSON() : data;
      return { section, document: { ...result.document, data: plain } };
    } finally {
      for (const p of ctx.problems.shown()) {
        if (seen.has(problemKey(p))) continue;
        seen.add(problemKey(p));
        parent.problems.add(p);
      }
    }
  };
  try {
    return await attempt(section.argv(options));
  } catch (error) {
    // The default what-if may name activities this data does not have: run without it.
    if (error instanceof PlanError && error.kind === 'usage' && section.name === 'time' && defaultReassign) {
      const outcome = await attempt([]);
      return { ...outcome, note: `The default reassignment (${options.reassign.join(', ')}) is not in this data; give --reassign.` };
    }
    throw error;
  }
}

/** Sections read the same files: report each problem once. */
function problemKey(p: Problem): string {
  return `${p.file}\0${p.line}\0${p.code}\0${p.message}`;
}

function metricValue(t: Threshold, metrics: Record<string, MetricValue>): number | null {
  const metric = metrics[t.metric];
  const value = metric ? valueFor(t, metric) : null;
  return value === null ? null : Math.round(value * 100) / 100;
}

function failures(breaches: Breach[]) {
  if (breaches.length === 0) return {};
  return {
    exitCode: ExitCode.threshold,
    messages: breaches.map((b) => `plan: threshold breached: ${b.threshold.expression} (${b.description})`),
  };
}
