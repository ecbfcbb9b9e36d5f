/**
 * plan segment --backtest: the segment ranking as of --as-of (revenue from
 * orders.csv up to then), held against what each account bought in the
 * horizon after it (core/backtest.ts, docs/products.md "Backtest").
 */
import { type BacktestResult, backtest } from '../core/backtest.js';
import type { Tier } from '../core/segment.js';
import { formatDay } from '../schema/calendar.js';
import type { Dataset, Needs, SegmentRequest } from './dataset.js';
import { runSegment } from './segment.js';

export interface BacktestRequest {
  segment: SegmentRequest;
  horizonMonths: number;
}

export interface BacktestAnalysis extends BacktestResult {
  asOf: string;
  horizonMonths: number;
  /** Revenue before: dates in (from, asOf]; after: (asOf, through]. */
  before: { from: string; to: string };
  after: { from: string; to: string };
  /** Order lines outside both windows (or without a customer id). */
  outside: number;
  /** Accounts ranked, and the segments' headroom and tier as of --as-of. */
  accounts: number;
  segments: { rank: number; segment: string; tier: Tier; headroom: number }[];
}

export function backtestNeeds(request: BacktestRequest): Needs {
  return { segments: [{ ...request.segment, accounts: true }], backtest: { horizonMonths: request.horizonMonths } };
}

export async function runBacktest(ds: Dataset, request: BacktestRequest): Promise<BacktestAnalysis> {
  const analysis = await runSegment(ds, { ...request.segment, accounts: true });
  const around = await ds.around();
  // Read by position from the listing: only the cells the backtest uses, no account built.
  const listed = analysis.accounts;
  const accounts = Array.from({ length: listed.length }, (_, k) => {
    const id = listed.id(k);
    const [before, after] = around.byId.get(id) ?? [0, 0];
    return { id, segment: listed.segment(k), tier: listed.tier(k), headroom: listed.headroom(k), before, after };
  });
  if (around.lastDate === undefined || around.lastDate < around.through)
    ds.problems.add({
      severity: 'warning',
      file: ds.require('orders').label,
      line: 0,
      code: 'W_SHORT_HORIZON',
      message: `the horizon runs to ${formatDay(around.through)} but the last order is ${around.lastDate === undefined ? 'none' : `of ${formatDay(around.lastDate)}`}: growth after --as-of is understated; choose an earlier --as-of or a shorter --horizon`,
    });
  return {
    asOf: formatDay(ds.asOf),
    horizonMonths: request.horizonMonths,
    before: { from: formatDay(around.from + 1), to: formatDay(ds.asOf) },
    after: { from: formatDay(ds.asOf + 1), to: formatDay(around.through) },
    outside: around.outside,
    accounts: accounts.length,
    segments: analysis.segments.map((s) => ({ rank: s.rank, segment: s.segment, tier: s.tier, headroom: s.headroom })),
    ...backtest(accounts, analysis.segments),
  };
}
