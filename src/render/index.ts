import { renderCsv } from './csv.js';
import type { Document, FormatOptions } from './document.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMd } from './md.js';
import { renderTable } from './table.js';

export const FORMATS = ['table', 'csv', 'json', 'md', 'html', 'ics'] as const;
export type Format = (typeof FORMATS)[number];

/** One switch picks the renderer; commands may add their own for html and ics. */
/** Rendered output: one text, bytes, or chunks of text or of UTF-8 bytes (large JSON, CSV). */
export type Rendered = string | Uint8Array | Iterable<string | Uint8Array>;

export function renderDocument(doc: Document, format: Format, opts: FormatOptions): Rendered {
  switch (format) {
    case 'table':
      return renderTable(doc, opts);
    case 'csv':
      return renderCsv(doc, opts);
    case 'json':
      return renderJson(doc, opts);
    case 'md':
      return renderMd(doc, opts);
    case 'html':
      return renderHtml(doc, opts);
    default:
      throw new Error(`no ${format} renderer for this command`);
  }
}
