/**
 * A worker thread reading one range of a large file (io/parallel.ts): the
 * aggregate its lines make, of the kind and setup the main thread sent, goes
 * back to the main thread, which merges it in file order.
 * - `orders`: an OrderTally (core/cost.ts: `partial`, `merge`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { orderTally, type TallySetup } from '../core/cost.js';
import { readOrdersRange } from '../io/fast-orders.js';
import type { RangeSetup } from '../io/fast-read.js';

const { setup, kind, config } = workerData as { setup: RangeSetup; kind: string; config: unknown };

if (kind === 'orders') {
  const tally = orderTally(config as TallySetup);
  const range = await readOrdersRange(setup, tally);
  const { partial, transfer } = tally.partial();
  parentPort?.postMessage({ range, partial }, transfer);
} else throw new Error(`no range reader for ${kind}`);
