/** plan segment: segments (or accounts) ranked by headroom, from the dataset's segment fold. */
import type { SegmentAnalysis } from '../core/segment.js';
import { grouped } from '../errors.js';
import type { Dataset, Needs, SegmentRequest } from './dataset.js';

export type { SegmentRequest } from './dataset.js';

export function segmentNeeds(request: SegmentRequest): Needs {
  return { segments: [request] };
}

export async function runSegment(ds: Dataset, request: SegmentRequest): Promise<SegmentAnalysis> {
  const analysis = await ds.segments(request);
  const unmatched = analysis.coverage.none;
  if (unmatched > 0) {
    ds.problems.add({
      severity: 'warning',
      file: ds.require('customers').label,
      line: 0,
      code: 'W_UNMATCHED',
      message: `${grouped(unmatched)} account${unmatched === 1 ? ' matches' : 's match'} no market row (no potential); listed with --verbose and in --format json`,
    });
  }
  const unused = analysis.coverage.unusedMarketRows.length;
  if (unused > 0) ds.info(`${unused} market rows match no account (counted as whitespace)`);
  return analysis;
}
