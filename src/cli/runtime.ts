/**
 * Process-wide V8 settings for a CLI run (main.ts; bench/measure.mjs runs
 * plan as main.ts does).
 *
 * No allocation-site pretenuring: once objects of an allocation site survive
 * a while (a million accounts read and kept), V8 may allocate every later
 * object of that site straight in the old generation. The rows of the next
 * large file (10M touches) then fill it with garbage: plan report on 1M
 * accounts took 80-110 s and 2.7 GB instead of 55 s and 1.1 GB, on some runs
 * and not others (docs/benchmarks.md). Rows here die young; the young
 * generation is the right place for them.
 */
import { setFlagsFromString } from 'node:v8';

export function tuneRuntime(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
