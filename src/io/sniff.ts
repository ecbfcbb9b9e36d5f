/**
 * Delimiter sniffing (BAD_INPUTS.md cases 19-22): for each candidate, parse
 * the sample quote-aware and look at how consistently records split into the
 * same number of fields. Header lines above the data (a preamble) do not
 * spoil it: the most common field count wins.
 */
import { recordsOfText } from './records.js';

export const CANDIDATES = [',', ';', '\t', '|'] as const;
const SAMPLE_RECORDS = 50;

export type Sniffed = { kind: 'found'; delimiter: string } | { kind: 'ambiguous'; candidates: string[] };

interface Score {
  delimiter: string;
  fields: number;
  consistency: number;
}

export function sniffDelimiter(sample: string, quote = '"'): Sniffed {
  // Drop the last, possibly cut, line of the sample.
  const cut = sample.length >= 64 * 1024 ? sample.slice(0, Math.max(sample.lastIndexOf('\n'), 0)) : sample;
  const scores = CANDIDATES.map((d) => score(cut, d, quote)).filter((s): s is Score => s !== undefined);
  const splitting = scores.filter((s) => s.fields > 1 && s.consistency >= 0.8);
  if (splitting.length === 0) {
    // One column, or nothing consistent: the best partial split, else comma.
    const best = scores.filter((s) => s.fields > 1).sort((a, b) => b.consistency - a.consistency)[0];
    return { kind: 'found', delimiter: best?.delimiter ?? ',' };
  }
  if (splitting.length === 1) return { kind: 'found', delimiter: (splitting[0] as Score).delimiter };
  const perfect = splitting.filter((s) => s.consistency === 1);
  if (perfect.length === 1) return { kind: 'found', delimiter: (perfect[0] as Score).delimiter };
  return {
    kind: 'ambiguous',
    candidates: (perfect.length > 1 ? perfect : splitting).map((s) => s.delimiter),
  };
}

function score(sample: string, delimiter: string, quote: string): Score | undefined {
  let records: { fields: string[] }[];
  try {
    records = recordsOfText(sample, { delimiter, quote }, { problem() {} })
      .filter((r) => r.fields.length > 0 && !(r.fields.length === 1 && r.fields[0] === ''))
      .slice(0, SAMPLE_RECORDS);
  } catch {
    return undefined; // e.g. an unterminated quote under this reading
  }
  if (records.length === 0) return undefined;
  const counts = new Map<number, number>();
  for (const r of records) counts.set(r.fields.length, (counts.get(r.fields.length) ?? 0) + 1);
  const [fields, n] = [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0] as [number, number];
  return { delimiter, fields, consistency: n / records.length };
}
