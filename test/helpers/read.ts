/** Typed rows of a fixture file through the real reader (decode, sniff, tokenize, schema), for core tests. */
import { PassThrough } from 'node:stream';
import { expect } from 'vitest';
import { ProblemLog } from '../../src/io/problems.js';
import { readAll } from '../../src/io/table.js';
import { defaultConfig } from '../../src/schema/config.js';
import type { FileSpec } from '../../src/schema/files.js';

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
