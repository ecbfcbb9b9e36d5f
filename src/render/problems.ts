import type { Problem } from '../errors.js';

/** `plan: error: customers.csv:214:7 [record 212, column "Postal Code"]: message (value "x") (E_CODE)` */
export function formatProblem(p: Problem): string {
  const where = [p.file, p.line > 0 ? String(p.line) : undefined, p.line > 0 && p.column ? String(p.column) : undefined]
    .filter(Boolean)
    .join(':');
  const context = [p.record ? `record ${p.record}` : undefined, p.columnName !== undefined ? `column "${p.columnName}"` : undefined].filter(
    Boolean,
  );
  const value = p.value !== undefined ? ` (value "${truncate(p.value)}")` : '';
  return `plan: ${p.severity}: ${where}${context.length ? ` [${context.join(', ')}]` : ''}: ${p.message}${value} (${p.code})`;
}

function truncate(text: string): string {
  const flat = text.replace(/\r?\n|\r/g, '\\n');
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}
