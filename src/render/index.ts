import type { Document, FormatOptions } from './document.js';

export const FORMATS = ['table', 'csv', 'json', 'md', 'html', 'ics'] as const;
export type Format = (typeof FORMATS)[number];

/** The tag in the head of every HTML page plan writes: how `--out` knows plan's own earlier page. */
export const GENERATOR_META = '<meta name="generator" content="plan">';

/**
 * How plan's own earlier output of a format is known at `--out` (io/guard.ts
 * checkOwnOutput): by its first line (a command's header or title; JSON: the
 * first two), HTML and ICS by plan's signature near their start.
 */
export function ownOutputMark(format: Format): { lines: number } | { mark: string } {
  if (format === 'html') return { mark: GENERATOR_META };
  if (format === 'ics') return { mark: 'PRODID:-//plan//' }; // ics.ts: prodId company 'plan'
  return { lines: format === 'json' ? 2 : 1 };
}

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
