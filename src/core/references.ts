import { grouped, type Problem } from '../errors.js';

/**
 * Keys that point nowhere (BAD_INPUTS.md case 48): orders and contacts for
 * unknown customers, owners not in reps.csv. Counted, with the most frequent
 * keys and example lines, so the fix is obvious.
 */
export interface UnknownKeyReport {
  /** Rows whose key is unknown. */
  rows: number;
  distinct: number;
  top: { key: string; count: number; firstLine: number }[];
}

const TOP = 5;

export class UnknownKeys {
  private readonly seen = new Map<string, { count: number; firstLine: number }>();
  private readonly isKnown: (key: string) => boolean;

  /** Known keys as a set, or a test (a channel, touch type or activity the config can classify). */
  constructor(known: ReadonlySet<string> | ((key: string) => boolean)) {
    this.isKnown = typeof known === 'function' ? known : (key) => known.has(key);
  }

  /** Returns true when the key is known. */
  check(key: string, line: number): boolean {
    if (this.isKnown(key)) return true;
    const entry = this.seen.get(key);
    if (entry) entry.count++;
    else this.seen.set(key, { count: 1, firstLine: line });
    return false;
  }

  report(): UnknownKeyReport {
    return unknownKeyReport([...this.seen].map(([key, v]) => ({ key, ...v })));
  }

  /** The keys seen (key, count, first line), in the order they came. */
  entries(): [key: string, count: number, firstLine: number][] {
    return [...this.seen].map(([key, v]) => [key, v.count, v.firstLine]);
  }

  /** The entries of the rows after this one's (a range of the same file, lines offset by `lineBase`). */
  merge(entries: readonly [key: string, count: number, firstLine: number][], lineBase: number): void {
    for (const [key, count, firstLine] of entries) {
      const entry = this.seen.get(key);
      if (entry) entry.count += count;
      else this.seen.set(key, { count, firstLine: firstLine + lineBase });
    }
  }
}

/** The report of unknown keys counted elsewhere (each key once): the most frequent first. */
export function unknownKeyReport(keys: { key: string; count: number; firstLine: number }[]): UnknownKeyReport {
  const rows = keys.reduce((n, k) => n + k.count, 0);
  const top = keys.sort((a, b) => b.count - a.count || a.firstLine - b.firstLine).slice(0, TOP);
  return { rows, distinct: keys.length, top };
}

/** `19 rows for 1 owner not in reps.csv: "R999" ×19 (first on line 353)`; `what` is [one, many]. */
export function describeUnknown(report: UnknownKeyReport, what: readonly [string, string]): string {
  const examples = report.top.map((t) => `"${t.key}" ×${t.count} (first on line ${t.firstLine})`).join(', ');
  const noun = report.distinct === 1 ? what[0] : what[1];
  return `${grouped(report.rows)} row${report.rows === 1 ? '' : 's'} for ${grouped(report.distinct)} ${noun}: ${examples}${report.distinct > TOP ? ', ...' : ''}`;
}

/** Rows of orders.csv or contacts.csv without a customer id, as the analyses count them apart. */
export interface NoCustomer {
  rows: number;
  firstLine: number | null;
  revenue?: number;
  cost?: number;
}

/** The warning for rows without a customer id (README "Rows"); undefined when there are none. */
export function noCustomerProblem(file: string, none: NoCustomer | null, what: readonly [string, string]): Problem | undefined {
  if (!none || none.rows === 0) return undefined;
  const amount = (x: number) => x.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const figures = [
    none.revenue === undefined ? '' : `revenue ${amount(none.revenue)}`,
    none.cost === undefined ? '' : `cost ${amount(none.cost)}`,
  ]
    .filter(Boolean)
    .join(', ');
  return {
    severity: 'warning',
    file,
    line: none.firstLine ?? 0,
    code: 'W_NO_CUSTOMER',
    message: `${grouped(none.rows)} ${what[none.rows === 1 ? 0 : 1]} without a customer id${figures ? ` (${figures})` : ''}, counted apart as "no customer"`,
  };
}
