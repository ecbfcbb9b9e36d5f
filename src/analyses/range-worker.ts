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
import type { RangeStart, WorkerStart } from '../io/parallel.js';

// Messages from the thread that started this one, in order: a spare's WorkerStart, then the range (it starts before its
// range is known, io/parallel.ts startWorker: the range comes once it is found, perhaps before the modules are loaded).
const inbox: unknown[] = [];
let arrived: (() => void) | undefined;
const onMessage = (message: unknown) => {
  inbox.push(message);
  arrived?.();
};
parentPort?.on('message', onMessage);
async function receive<T>(): Promise<T> {
  while (inbox.length === 0) await new Promise<void>((resolve) => (arrived = resolve));
  return inbox.shift() as T;
}

/** Each kind's modules: its aggregate's and its reader's. */
const load = {
  orders: () => Promise.all([import('../core/cost.js'), import('../io/fast-orders.js')]),
  contacts: () => Promise.all([import('../core/contact.js'), import('../io/fast-contacts.js')]),
};
// A spare (io/parallel.ts prestartWorkers) loads the modules of every kind while it waits to be told its own.
if (workerData === null) for (const modules of Object.values(load)) modules().catch(() => undefined);
const { kind, config } = (workerData as WorkerStart | null) ?? (await receive<WorkerStart>());
const range = receive<RangeStart>().then(({ setup }) => {
  parentPort?.off('message', onMessage);
  return setup;
});

// Each kind loads its own modules only (a worker's start is before it reads).
if (kind === 'orders') {
  const [{ orderTally }, { readOrdersRange }] = await load.orders();
  const tally = orderTally(config as TallySetup);
  const result = await readOrdersRange(await range, tally);
  const { partial, transfer } = tally.partial();
  parentPort?.postMessage({ range: result, partial }, transfer);
} else if (kind === 'contacts') {
  const [{ countSalesIn, rangeContactFold }, { readContactsRange }] = await load.contacts();
  const { accounts: data, salesWindow, ...rules } = config as ContactRangeSetup;
  const counts = salesWindow ? new Uint32Array(data.start.length) : undefined;
  const fold = rangeContactFold(data, { ...rules, onTouch: salesWindow && counts ? countSalesIn(salesWindow, counts) : undefined });
  const result = await readContactsRange(await range, fold);
  const { partial, transfer } = fold.partial();
  parentPort?.postMessage({ range: result, partial: { fold: partial, counts } }, counts ? [...transfer, counts.buffer] : transfer);
} else throw new Error(`no range reader for ${kind}`);
