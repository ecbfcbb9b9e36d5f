/**
 * The writes under way (io/output.ts), apart from the writer: main.ts removes
 * their temporary files on a signal without loading the writer and what it
 * loads on every run (`plan --version` loads no output code).
 */
import { existsSync } from 'node:fs';

/** Undo actions of the writes under way, by temporary path. */
export const underWay = new Map<string, () => void>();

/**
 * Removes the temporary files of the writes under way (and puts back a report
 * folder moved aside); synchronous, for signal handlers. Returns how many.
 */
export function removeTemporaryFiles(): number {
  let count = 0;
  for (const [temp, undo] of underWay) {
    try {
      // A write is known before its temporary file exists: count only those there are.
      if (existsSync(temp)) count++;
      undo();
    } catch {
      // best effort: the process is ending
    }
  }
  underWay.clear();
  return count;
}
