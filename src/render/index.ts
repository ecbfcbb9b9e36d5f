import type { Document, FormatOptions } from './document.js';

export const FORMATS = ['table', 'csv', 'json', 'md', 'html', 'ics'] as const;
export type Format = (typeof FORMATS)[number];

/** Rendered output: one text, bytes, or chunks of text or of UTF-8 bytes (large JSON, CSV). */
export type Rendered = string | Uint8Array | Iterable<string | Uint8Array>;

/**
 * One switch picks the renderer; commands may add their own for html and ics.
 * Only the one asked for is loaded (the table's text widths and colours cost
 * a CSV run time it does not need).
 */
export async function renderDocument(doc: Document, format: Format, opts: FormatOptions): Promise<Rendered> {
  switch (format) {
    case 'table':
      return (await import('./table.js')).renderTable(doc, opts);
    case 'csv':
      return (await import('./csv.js')).renderCsv(doc, opts);
    case 'json':
      return (await import('./json.js')).renderJson(doc, opts);
    case 'md':
      return (await import('./md.js')).renderMd(doc, opts);
    case 'html':
      return (await import('./html.js')).renderHtml(doc, opts);
    default:
      throw new Error(`no ${format} renderer for this command`);
  }
}
