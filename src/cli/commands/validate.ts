import { describeUnknown, UnknownKeys } from '../../core/references.js';
import { ExitCode, PlanError } from '../../errors.js';
import type { Document } from '../../render/document.js';
import { FILE_KEYS, type FileKey } from '../../schema/config.js';
import { FILES, type FileSpec } from '../../schema/files.js';
import type { CommandSpec } from '../command.js';
import type { RunContext } from '../context.js';

interface FileSummary {
  file: string;
  present: boolean;
  rows: number;
  errors: number;
  warnings: number;
}

export const validateCommand: CommandSpec<Record<string, never>> = {
  name: 'validate',
  summary: 'check every input file and the references between them',
  description: [
    'Checks every input file present in the data folder against its schema, and the references between them: orders and contacts for unknown customers, owners, time entries and absences of reps not in reps.csv.',
    'Prints every problem on standard error as FILE:LINE:COL with the column name, the value and a code. Exit 65 when there are errors; 0 with warnings only (--strict: warnings are errors).',
  ].join('\n\n'),
  examples: [
    'plan validate --data fixtures/demo',
    'plan validate --data exports/ --strict',
    'plan validate --customers crm.csv --encoding windows-1252',
  ],
  inputs: FILE_KEYS,
  parse: () => ({}),
  async run(ctx) {
    const files: FileSummary[] = [];
    const ids: Partial<Record<'customers' | 'reps', Set<string>>> = {};
    const refs: {
      file: FileKey;
      what: string;
      of: 'customers' | 'reps';
      key: string;
    }[] = [
      {
        file: 'orders',
        what: 'unknown customers',
        of: 'customers',
        key: 'customer_id',
      },
      {
        file: 'contacts',
        what: 'unknown customers',
        of: 'customers',
        key: 'customer_id',
      },
      {
        file: 'customers',
        what: 'owners not in reps.csv',
        of: 'reps',
        key: 'owner',
      },
      {
        file: 'activities',
        what: 'reps not in reps.csv',
        of: 'reps',
        key: 'rep',
      },
      {
        file: 'absences',
        what: 'reps not in reps.csv',
        of: 'reps',
        key: 'rep',
      },
    ];
    // reps and customers first: the others refer to them.
    const order: FileKey[] = ['reps', 'customers', 'market', 'orders', 'contacts', 'activities', 'absences'];
    for (const key of order) {
      if (!ctx.has(key)) {
        files.push({
          file: FILES[key].file,
          present: false,
          rows: 0,
          errors: 0,
          warnings: 0,
        });
        continue;
      }
      const label = ctx.require(key).label;
      const checks = refs
        .filter((r) => r.file === key && ids[r.of])
        .map((r) => ({
          ...r,
          unknown: new UnknownKeys(ids[r.of] as Set<string>),
        }));
      const collect = key === 'customers' || key === 'reps' ? new Set<string>() : undefined;
      let rows = 0;
      try {
        for await (const batch of ctx.stream(FILES[key] as unknown as FileSpec<Record<string, unknown>>)) {
          for (const row of batch) {
            rows++;
            if (collect) collect.add(row.id as string);
            for (const c of checks) {
              const value = row[c.key];
              if (typeof value === 'string' && value !== '') c.unknown.check(value, row.line as number);
            }
          }
        }
      } catch (error) {
        if (!(error instanceof PlanError && error.kind === 'data')) throw error;
        if (ctx.problems.errorCount(label) === 0)
          ctx.problems.add({
            severity: 'error',
            file: label,
            line: 0,
            code: 'E_FILE',
            message: error.message.replace(`${label}: `, ''),
          });
      }
      if (collect && key !== 'customers') ids.reps = collect;
      if (collect && key === 'customers') ids.customers = collect;
      for (const c of checks) {
        const report = c.unknown.report();
        if (report.rows > 0)
          ctx.problems.add({
            severity: 'warning',
            file: label,
            line: 0,
            code: 'W_UNKNOWN_KEY',
            message: describeUnknown(report, c.what),
          });
      }
      const summary = ctx.problems.summary().filter((s) => s.file === label);
      const count = (sev: string) => summary.filter((s) => s.severity === sev).reduce((n, s) => n + s.count, 0);
      files.push({
        file: FILES[key].file,
        present: true,
        rows,
        errors: count('error'),
        warnings: count('warning'),
      });
    }
    const errors = files.reduce((n, f) => n + f.errors, 0);
    return {
      document: validationDocument(ctx, files),
      exitCode: errors > 0 ? ExitCode.data : ExitCode.ok,
    };
  },
};

function validationDocument(ctx: RunContext, files: FileSummary[]): Document {
  const errors = files.reduce((n, f) => n + f.errors, 0);
  const warnings = files.reduce((n, f) => n + f.warnings, 0);
  return {
    title: `plan validate: ${ctx.dataDir}`,
    figures: [
      { label: 'errors', value: errors, type: 'int' },
      { label: 'warnings', value: warnings, type: 'int' },
    ],
    tables: [
      {
        name: 'files',
        columns: [
          { key: 'file', label: 'file', type: 'text' },
          { key: 'status', label: 'status', type: 'text' },
          { key: 'rows', label: 'valid rows', type: 'int' },
          { key: 'errors', label: 'errors', type: 'int' },
          { key: 'warnings', label: 'warnings', type: 'int' },
        ],
        rows: files.map((f) => ({
          ...f,
          status: !f.present ? 'absent' : f.errors > 0 ? 'errors' : f.warnings > 0 ? 'warnings' : 'ok',
        })),
      },
    ],
    charts: [],
    notes: errors + warnings > 0 ? ['Problems are listed on standard error.'] : [],
    data: {
      dataDir: ctx.dataDir,
      errors,
      warnings,
      files,
      problems: ctx.problems.shown(),
      problemCounts: ctx.problems.summary(),
    },
  };
}
