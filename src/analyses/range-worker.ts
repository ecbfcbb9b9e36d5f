/**
 * A worker thread reading one range of a large file (io/parallel.ts): the
 * aggregate its lines make, of the kind and setup the main thread sent, goes
 * back to the main thread, which merges it in file order.
 * - `orders`: an OrderTally (core/cost.ts: `partial`, `merge`);
 * - `contacts`: a contact fold of the same accounts (core/contact.ts:
 *   `rangeContactFold`, `partial`, `merge`), with its sales touches in a window.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ContactRangeSetup } from '../core/contact.js';
import type { TallySetup } from '../core/cost.js';
import type { RangeSetup } from '../io/fast-read.js';
import type { RangeStart } from '../io/parallel.js';

const { kind, config } = workerData as { kind: string; config: unknown };
// It starts before its range is known (io/parallel.ts startWorker): the range comes in a message, once its modules are loaded.
const range = new Promise<RangeSetup>((resolve) => parentPort?.once('message', (message: RangeStart) => resolve(message.setup)));

// Each kind loads its own modules only (a worker's start is before it reads).
if (kind === 'orders') {
  const [{ orderTally }, { readOrdersRange }] = await Promise.all([import('../core/cost.js'), import('../io/fast-orders.js')]);
  const tally = orderTally(config as TallySetup);
  const result = await readOrdersRange(await range, tally);
  const { partial, transfer } = tally.partial();
  parentPort?.postMessage({ range: result, partial }, transfer);
} else if (kind === 'contacts') {
  const [{ countSalesIn, rangeContactFold }, { readContactsRange }] = await Promise.all([
    import('../core/contact.js'),
    import('../io/fast-contacts.js'),
  ]);
  const { accounts: data, salesWindow, ...rules } = config as ContactRangeSetup;
  const counts = salesWindow ? new Uint32Array(data.start.length) : undefined;
  const fold = rangeContactFold(data, { ...rules, onTouch: salesWindow && counts ? countSalesIn(salesWindow, counts) : undefined });
  const result = await readContactsRange(await range, fold);
  const { partial, transfer } = fold.partial();
  parentPort?.postMessage({ range: result, partial: { fold: partial, counts } }, counts ? [...transfer, counts.buffer] : transfer);
} else throw new Error(`no range reader for ${kind}`);
