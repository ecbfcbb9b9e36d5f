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
 *
 * No concurrent recompilation in the worker threads started after this (a
 * worker's isolate reads the flag when it is made; this thread's keeps its
 * own): a worker that had read its range could hang the process at its exit,
 * on a loaded machine, about once in a few dozen runs. Its thread waited in
 * node's NodePlatform::DrainTasks for the platform's background tasks, while
 * one of them, an optimizing compile of that isolate, waited for a garbage
 * collection only that same thread could run (V8's
 * CollectionBarrier::AwaitCollectionBackground: gdb stacks of a hung `plan
 * contact` with PLAN_THREADS=4 under load, 1 run in 40-77 before, 0 in 86
 * after; docs/benchmarks.md). A worker now optimizes its hot loop on its own
 * thread instead. cli/launch.ts warmUp calls this before it starts spares.
 */
import { setFlagsFromString } from 'node:v8';

export function tuneRuntime(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
  setFlagsFromString('--no-concurrent-recompilation');
}
