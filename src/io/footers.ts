/**
 * Lines of an export that are not data: totals rows and the notes reports
 * put under (or between) the records (BAD_INPUTS.md case 17). io/table.ts
 * skips them with a warning; io/fast-read.ts steps aside to it.
 */

/** A totals row: its first cell is the word (Salesforce: `Grand Totals (4 records)`), the others may hold figures. */
const TOTAL_ROW = /^(?:grand\s+)?totals?(?:\s*\(\d[\d,.]*\s+records?\))?:?$|^合計$|^summe$|^total général$/i;

/**
 * A note: `Total: 2 rows`, `Source: CRM export`, `Generated on 2026-11-27`,
 * `© ACME`, ... in the first cell, every other cell empty.
 */
const NOTE =
  /^(?:[^:,;\s]+\s+){0,2}(?:(?:grand\s+)?totals?|sum|summe|gesamt|source|sources|quelle|note|notes|hinweis|disclaimer|generated|exported|created|printed|report|filter|filters|filtered\s+by|copyright)\b(?:\s+[^:,;\s]+){0,3}\s*:|^(?:©|\(c\)\s|copyright\b|confidential\b)|^(?:report\s+)?(?:generated|exported|created|printed|run)\s+(?:on|at|by)\b/i;

export type FooterKind = 'total' | 'note';

/**
 * Whether a record (its fields as text) is a totals row or a note, not data.
 * `afterFooter`: a totals row or a note came before; then any record with
 * nothing beside its first cell is a note too (Salesforce ends its reports
 * with the company's name under the copyright lines).
 */
export function footerKind(fields: readonly string[], afterFooter = false): FooterKind | undefined {
  const first = (fields[0] ?? '').trim();
  if (first === '') return undefined;
  if (TOTAL_ROW.test(first)) return 'total';
  if (!afterFooter && !NOTE.test(first)) return undefined;
  for (let i = 1; i < fields.length; i++) if ((fields[i] as string).trim() !== '') return undefined;
  return 'note';
}

export const FOOTER_MESSAGES: Record<FooterKind, { code: string; message: string }> = {
  total: { code: 'W_TOTAL_ROW', message: 'a totals row, not data; skipped' },
  note: { code: 'W_FOOTER_ROW', message: 'a note of the export (total, source, generated...), not data; skipped' },
};
