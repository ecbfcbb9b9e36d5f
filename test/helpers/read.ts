/** Typed rows of a fixture file through the real reader (decode, sniff, tokenize, schema), for core tests. */
import { PassThrough } from 'node:stream';
import { expect } from 'vitest';
import { resolveChannelCosts } from '../../src/core/channels.js';
import { createSegmentFold, type MarketCell, type SegmentFoldOptions, type SegmentOptions } from '../../src/core/segment.js';
import { ProblemLog } from '../../src/io/problems.js';
import { readAll } from '../../src/io/table.js';
import { defaultConfig } from '../../src/schema/config.js';
import type { FileSpec, MarketRow } from '../../src/schema/files.js';

/** Every row of `path`; the file must read without a problem. */
export async function readRows<Row>(spec: FileSpec<Row>, path: string): Promise<Row[]> {
  const problems = new ProblemLog(false);
  const rows = await readAll(
    spec,
    { path, label: path },
    { options: {}, config: defaultConfig(), problems, stdin: new PassThrough().end() },
  );
  expect(problems.shown()).toEqual([]);
  return rows;
}

/** plan segment's options with the default config (by industry, region and size), unless `overrides` say otherwise. */
export function segmentOptions(overrides: Partial<SegmentOptions> = {}): SegmentOptions {
  const config = defaultConfig();
  return {
    by: ['industry', 'region', 'size'],
    rankBy: 'headroom',
    scaleBy: 'firm',
    tiers: config.tiers,
    sizeBands: config.sizeBands,
    coverage: config.coverage,
    channelCosts: resolveChannelCosts(config.channelCosts),
    marketDimensions: ['industry', 'region', 'size'],
    ...overrides,
  };
}

/** plan segment's fold with the default config, by industry, unless `options` say otherwise. */
export function segmentFold(cells: readonly MarketCell[], options: Partial<SegmentFoldOptions> = {}) {
  return createSegmentFold(cells, {
    ...segmentOptions({ by: ['industry'], marketDimensions: ['industry'] }),
    keepAccounts: false,
    ...options,
  });
}

/** A market.csv row with every column empty but those given (line: its position + 2). */
export function marketRows(rows: readonly Partial<MarketRow>[]): MarketRow[] {
  return rows.map((r, i) => ({
    industry: undefined,
    region: undefined,
    size: undefined,
    firms: undefined,
    spend: undefined,
    spend_per_firm: undefined,
    employees: undefined,
    spend_per_employee: undefined,
    growth: undefined,
    product: undefined,
    line: i + 2,
    ...r,
  }));
}
