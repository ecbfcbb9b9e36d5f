/**
 * Runs the report's sections on one dataset: sections whose inputs are
 * missing are skipped with a warning, the others declare what they read
 * before anything is read, so each input file is read once for all of them.
 */
import { type DataSource, openDataset } from '../analyses/dataset.js';
import type { SectionOutcome } from './build.js';
import { type ReportOptions, SECTIONS } from './sections.js';

export async function runReport(
  source: DataSource,
  options: ReportOptions,
  /** Called after each section that ran. */
  done: (section: string) => void = () => {},
): Promise<SectionOutcome[]> {
  const plan = SECTIONS.map((section) => ({ section, missing: section.inputs.filter((k) => !source.has(k)) }));
  const ds = openDataset(
    source,
    plan.filter((p) => p.missing.length === 0).map((p) => p.section.needs(options)),
  );
  const outcomes: SectionOutcome[] = [];
  for (const { section, missing } of plan) {
    if (missing.length > 0) {
      const reason = `needs ${missing.map((k) => `${k}.csv`).join(' and ')}, not in the data folder`;
      source.problems.add({
        severity: 'warning',
        file: source.dataDir,
        line: 0,
        code: 'W_SECTION_SKIPPED',
        message: `${section.name} skipped: ${reason}`,
      });
      outcomes.push({ section, skipped: reason });
      continue;
    }
    outcomes.push({ section, run: await section.run(ds, options) });
    done(section.name);
  }
  return outcomes;
}
