/** JSON of the full result: stable key order (as built), two-space indent, newline at the end. */
import type { Document } from './document.js';

export function renderJson(doc: Document): string {
  return `${JSON.stringify(doc.data, (_key, value) => (value === undefined ? null : value), 2)}\n`;
}
