import type { Problem } from '../errors.js';

/** How many problems of one kind (file + code) are kept to be shown. */
export const SHOWN_PER_KIND = 10;

/**
 * Collects every problem of a run. All are counted; the first few of each
 * kind are kept with their location. `strict` turns warnings into errors.
 */
export class ProblemLog {
  private readonly kept: Problem[] = [];
  private readonly counts = new Map<string, { problem: Problem; count: number }>();

  constructor(readonly strict: boolean) {}

  add(problem: Problem): void {
    const p: Problem = this.strict && problem.severity === 'warning' ? { ...problem, severity: 'error' } : problem;
    const key = `${p.severity}\0${p.file}\0${p.code}`;
    const entry = this.counts.get(key);
    if (entry) {
      entry.count++;
      if (entry.count <= SHOWN_PER_KIND) this.kept.push(p);
    } else {
      this.counts.set(key, { problem: p, count: 1 });
      this.kept.push(p);
    }
  }

  errorCount(file?: string): number {
    let n = 0;
    for (const { problem, count } of this.counts.values()) {
      if (problem.severity === 'error' && (file === undefined || problem.file === file)) n += count;
    }
    return n;
  }

  /** Problems kept for display, in the order found. */
  shown(): readonly Problem[] {
    return this.kept;
  }

  /** Kinds with more problems than were kept: `{file, code, severity, more}`. */
  overflow(): {
    file: string;
    code: string;
    severity: Problem['severity'];
    more: number;
  }[] {
    return [...this.counts.values()]
      .filter((e) => e.count > SHOWN_PER_KIND)
      .map((e) => ({
        file: e.problem.file,
        code: e.problem.code,
        severity: e.problem.severity,
        more: e.count - SHOWN_PER_KIND,
      }));
  }

  /** Every kind with its total count, for JSON and summaries. */
  summary(): {
    file: string;
    code: string;
    severity: Problem['severity'];
    count: number;
  }[] {
    return [...this.counts.values()].map((e) => ({
      file: e.problem.file,
      code: e.problem.code,
      severity: e.problem.severity,
      count: e.count,
    }));
  }

  /** Errors of one file (those kept), for throwing. */
  errorsOf(file: string): Problem[] {
    return this.kept.filter((p) => p.file === file && p.severity === 'error');
  }
}
