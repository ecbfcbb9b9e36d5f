/**
 * Typed errors. Commands and readers throw these; only `cli/main.ts` turns
 * them into a message and an exit code (SPEC section 5).
 */

export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  threshold: 3,
  data: 65,
  noInput: 66,
  cantCreate: 73,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * A count as messages print it, thousands grouped: 1,234,567 (what
 * toLocaleString('en') gives for a whole number, without loading the
 * number data of the Intl API: ~24 ms at its first use). Other numbers as
 * toLocaleString('en') gives them.
 */
export function grouped(n: number | bigint): string {
  return typeof n === 'bigint' || Number.isSafeInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : n.toLocaleString('en');
}

export type ErrorKind = 'usage' | 'data' | 'noInput' | 'cantCreate' | 'threshold';

/** One problem found in an input: located, coded, renderable like any result. */
export interface Problem {
  severity: 'error' | 'warning';
  file: string;
  /** Physical line (1-based); 0 when the problem concerns the whole file. */
  line: number;
  /** Record number (1-based, header = 0) where it differs from the line. */
  record?: number;
  /** 1-based column index and the column's name as written in the file. */
  column?: number;
  columnName?: string;
  code: string;
  message: string;
  value?: string;
}

export class PlanError extends Error {
  readonly kind: ErrorKind;
  readonly problems: readonly Problem[];
  constructor(kind: ErrorKind, message: string, problems: readonly Problem[] = []) {
    super(message);
    this.name = 'PlanError';
    this.kind = kind;
    this.problems = problems;
  }
}

export function exitCodeOf(kind: ErrorKind): ExitCode {
  return ExitCode[kind];
}
