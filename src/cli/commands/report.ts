import { join } from 'node:path';
import { z } from 'zod';
import { ExitCode, PlanError } from '../../errors.js';
import { prepareReportFolder } from '../../io/output.js';
import { readPreviousReport } from '../../io/previous.js';
import { buildReport } from '../../report/build.js';
import { runReport } from '../../report/run.js';
import type { Metrics, ReportOptions } from '../../report/sections.js';
import { type Breach, comparedValue, evaluateThresholds, parseThreshold, type Threshold } from '../../report/thresholds.js';
import { formatDay } from '../../schema/calendar.js';
import { FILE_KEYS } from '../../schema/config.js';
import type { CommandSpec } from '../command.js';
import { formatOptions, inputPaths } from '../context.js';
import { collect, parseReassign, parseShift, parseWith } from '../options.js';
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

/** The reassignment shown when --reassign is not given (DOMAIN.md idea 7's chores). */
const DEFAULT_REASSIGN = ['order entry', 'invoicing'];
/** The channel shift shown when --shift is not given (SPEC's example). */
const DEFAULT_SHIFT = ['field:phone=30%'];

export const reportCommand: CommandSpec<{ outDir: string; force: boolean; thresholds: Threshold[]; report: ReportOptions }> = {
  description: [
    `Runs every analysis the data folder allows (segment, products, cost, contact, focus, schedule, time) and writes, into --out-dir (default: ./${DEFAULT_OUT_DIR}), report.html (self-contained and printable), report.json (every figure, with a schema version: docs/report.md) and one CSV per analysis.`,
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
    const o = parseWith(optionsSchema, { ...raw, outDir: raw.outDir ?? raw.out });
    const report: ReportOptions = {
      reassign: parseReassign(o.reassign.length > 0 ? o.reassign : DEFAULT_REASSIGN),
      defaultReassign: o.reassign.length === 0,
      shifts: (o.shift.length > 0 ? o.shift : DEFAULT_SHIFT).map(parseShift),
    };
    return { outDir: o.outDir, force: o.force, thresholds: o.failOn.map(parseThreshold), report };
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
    // The rankings of the report this one replaces, read before it is: the sections show how they moved.
    opts.report.previous = await readPreviousReport(join(opts.outDir, 'report.json'), ctx.problems);
    const progress = ctx.io.stderr.isTTY && !ctx.options.quiet ? (line: string) => ctx.say(`plan report: ${line}`) : () => {};
    let started = Date.now();
    const outcomes = await runReport(ctx, opts.report, (section) => {
      progress(`${section} done (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      started = Date.now();
    });
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
    // Where the report is, on standard error: for a log, or when the summary goes elsewhere; not twice on a terminal,
    // where the summary table names the folder already.
    const summaryOnTerminal = ctx.io.stdout.isTTY === true && ctx.options.format === undefined;
    const where =
      ctx.options.quiet || summaryOnTerminal ? [] : [`plan: report written to ${opts.outDir}; open ${join(opts.outDir, 'report.html')}`];
    const failed = failures(breaches);
    return { document: report.summary(opts.outDir), exitCode: failed.exitCode, messages: [...where, ...(failed.messages ?? [])] };
  },
};

function metricValue(t: Threshold, metrics: Metrics): number | null {
  const metric = metrics[t.metric];
  return metric ? comparedValue(t, metric) : null;
}

function failures(breaches: Breach[]): { exitCode?: number; messages?: string[] } {
  if (breaches.length === 0) return {};
  return {
    exitCode: ExitCode.threshold,
    messages: breaches.map((b) => `plan: threshold breached: ${b.threshold.expression} (${b.description})`),
  };
}
