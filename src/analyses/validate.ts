/**
 * plan validate: every input file present read whole against its schema,
 * and the references between files, with the classifiers the other
 * analyses use.
 */
import { createChannelResolver } from '../core/channels.js';
import { touchClassifier } from '../core/contact.js';
import { describeUnknown, UnknownKeys } from '../core/references.js';
import { activityClassMap, normalizeActivity } from '../core/time.js';
import { PlanError, type Problem } from '../errors.js';
import type { Config, FileKey } from '../schema/config.js';
import { FILES, type FileSpec } from '../schema/files.js';
import type { DataSource } from './dataset.js';

export interface FileSummary {
  file: string;
  present: boolean;
  rows: number;
  errors: number;
  warnings: number;
}

export interface Validation {
  dataDir: string;
  errors: number;
  warnings: number;
  files: FileSummary[];
  /** The problems kept to show (the first of each kind). */
  problems: readonly Problem[];
  /** Every kind of problem with its full count. */
  problemCounts: ReturnType<DataSource['problems']['summary']>;
}

/** reps and customers first: the others refer to them. */
const ORDER: readonly FileKey[] = ['reps', 'customers', 'market', 'orders', 'contacts', 'activities', 'absences'];

export async function runValidate(source: DataSource): Promise<Validation> {
  const files: FileSummary[] = [];
  const ids: Partial<Record<'customers' | 'reps', Set<string>>> = {};
  const checks = valueChecks(source.config, ids);
  for (const key of ORDER) {
    if (!source.has(key)) {
      files.push({ file: FILES[key].file, present: false, rows: 0, errors: 0, warnings: 0 });
      continue;
    }
    const label = source.require(key).label;
    const active = checks
      .filter((c) => c.file === key)
      .map((c) => ({ ...c, test: c.known() }))
      .filter((c) => c.test !== undefined)
      .map((c) => ({ ...c, unknown: new UnknownKeys(c.test as (value: string) => boolean) }));
    const collect = key === 'customers' || key === 'reps' ? new Set<string>() : undefined;
    let rows = 0;
    try {
      for await (const batch of source.stream(FILES[key] as unknown as FileSpec<Record<string, unknown>>)) {
        for (const row of batch) {
          rows++;
          if (collect) collect.add(row.id as string);
          for (const c of active) {
            const value = row[c.key];
            if (typeof value === 'string' && value !== '') c.unknown.check(value, row.line as number);
          }
        }
      }
    } catch (error) {
      if (!(error instanceof PlanError && error.kind === 'data')) throw error;
      if (source.problems.errorCount(label) === 0)
        source.problems.add({
          severity: 'error',
          file: label,
          line: 0,
          code: 'E_FILE',
          message: error.message.replace(`${label}: `, ''),
        });
    }
    if (collect && key !== 'customers') ids.reps = collect;
    if (collect && key === 'customers') ids.customers = collect;
    for (const c of active) {
      const report = c.unknown.report();
      if (report.rows > 0)
        source.problems.add({
          severity: 'warning',
          file: label,
          line: report.top[0]?.firstLine ?? 0,
          code: c.code,
          message: describeUnknown(report, c.what),
        });
    }
    const summary = source.problems.summary().filter((s) => s.file === label);
    const count = (sev: string) => summary.filter((s) => s.severity === sev).reduce((n, s) => n + s.count, 0);
    files.push({ file: FILES[key].file, present: true, rows, errors: count('error'), warnings: count('warning') });
  }
  return {
    dataDir: source.dataDir,
    errors: files.reduce((n, f) => n + f.errors, 0),
    warnings: files.reduce((n, f) => n + f.warnings, 0),
    files,
    problems: source.problems.shown(),
    problemCounts: source.problems.summary(),
  };
}

interface ValueCheck {
  file: FileKey;
  key: string;
  what: readonly [string, string];
  code: string;
  /** The test for known values, once what it needs has been read (undefined: cannot check). */
  known: () => ((value: string) => boolean) | undefined;
}

/**
 * References between files, and values the commands must be able to place:
 * the same classifiers plan cost, contact and time use, so validate warns
 * about what they would.
 */
function valueChecks(config: Config, ids: Partial<Record<'customers' | 'reps', Set<string>>>): ValueCheck[] {
  const inSet = (of: 'customers' | 'reps') => () => {
    const set = ids[of];
    return set ? (value: string) => set.has(value) : undefined;
  };
  const reps = ['rep not in reps.csv', 'reps not in reps.csv'] as const;
  const customers = ['unknown customer', 'unknown customers'] as const;
  return [
    { file: 'orders', key: 'customer_id', what: customers, code: 'W_UNKNOWN_KEY', known: inSet('customers') },
    { file: 'contacts', key: 'customer_id', what: customers, code: 'W_UNKNOWN_KEY', known: inSet('customers') },
    {
      file: 'customers',
      key: 'owner',
      what: ['owner not in reps.csv', 'owners not in reps.csv'],
      code: 'W_UNKNOWN_KEY',
      known: inSet('reps'),
    },
    { file: 'activities', key: 'rep', what: reps, code: 'W_UNKNOWN_KEY', known: inSet('reps') },
    { file: 'absences', key: 'rep', what: reps, code: 'W_UNKNOWN_KEY', known: inSet('reps') },
    {
      file: 'orders',
      key: 'channel',
      what: ['unknown channel', 'unknown channels'],
      code: 'W_UNKNOWN_CHANNEL',
      known: () => {
        const channel = createChannelResolver(config.channelCosts.synonyms);
        return (value) => channel(value) !== undefined;
      },
    },
    {
      file: 'contacts',
      key: 'type',
      what: ['touch type neither sales nor other', 'touch types neither sales nor other'],
      code: 'W_UNKNOWN_TOUCH_TYPE',
      known: () => {
        const touch = touchClassifier(config.touchTypes);
        return (value) => touch(value) !== undefined;
      },
    },
    {
      file: 'activities',
      key: 'activity',
      what: ['unknown activity', 'unknown activities'],
      code: 'W_UNKNOWN_ACTIVITY',
      known: () => {
        const classes = activityClassMap(config.activityClasses);
        return (value) => classes.has(normalizeActivity(value));
      },
    },
  ];
}
