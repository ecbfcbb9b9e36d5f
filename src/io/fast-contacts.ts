/**
 * contacts.csv on the byte path (io/fast-read.ts): each clean touch's
 * customer id bytes, day and type (interned once per distinct spelling) go to
 * a ContactSink (the contact fold, core/contact.ts), which finds the account
 * by the id's bytes; touches that needed the row schema go to its `add`.
 */
import type { Day } from '../schema/calendar.js';
import { type ContactRow, FILES } from '../schema/files.js';
import {
  type ColumnPlan,
  type FastOutcome,
  type ParallelPlan,
  type RangeResult,
  type RangeSetup,
  readFast,
  readRange,
} from './fast-read.js';
import type { InputRef } from './source.js';
import type { ReadContext } from './table.js';

/** Where touches go: the contact fold (createContactFold in core/contact.ts). */
export interface ContactSink {
  /** Index of a touch type (as the schema cleans it). */
  typeIndex(type: string): number;
  /** A clean touch: customer id bytes[keyStart, keyEnd), its type's index and day. */
  addBytes(bytes: Uint8Array, keyStart: number, keyEnd: number, type: number, day: Day, line: number): void;
  /** A touch typed by the schema (cells that needed it, or no customer id); after the clean touches before it. */
  add(row: Pick<ContactRow, 'customer_id' | 'date' | 'type' | 'line'>): void;
  /** The end of a batch of touches: the bytes given to `addBytes` change after it (the sink may queue touches until then). */
  flush?(): void;
}

/** The columns of contacts.csv the contact fold reads. */
export const TOUCH_COLUMNS = ['customer_id', 'date', 'type'];

/** Positions of the cells of contacts.csv in the plan's `cells`. */
const AT = { customer: 0, date: 1, type: 2 } as const;

/**
 * Reads contacts.csv (customer_id, date and type) into `sink` on the byte
 * path. On `{ used: false }` the sink may hold part of the file: discard it
 * and read with the general reader.
 */
export function readContactsFast(
  input: InputRef,
  ctx: ReadContext,
  sink: ContactSink,
  /** Tests: scan at most this many bytes at a time, to put chunk boundaries everywhere. */
  windowBytes = Number.POSITIVE_INFINITY,
  /** A large file: its ranges on worker threads (io/parallel.ts), merged into `sink`. */
  parallel?: ParallelPlan,
): Promise<FastOutcome> {
  return readFast(contactPlan(sink), input, ctx, { columns: TOUCH_COLUMNS }, windowBytes, parallel);
}

/** One range of contacts.csv into `sink` (a worker thread: analyses/range-worker.ts). */
export function readContactsRange(setup: RangeSetup, sink: ContactSink): Promise<RangeResult> {
  return readRange(contactPlan(sink), setup);
}

function contactPlan(sink: ContactSink): ColumnPlan<ContactRow> {
  return {
    spec: FILES.contacts,
    cells: [
      ['customer_id', 'key'],
      ['date', 'day'],
      ['type', 'label'],
    ],
    label: (_, text) => sink.typeIndex(text),
    clean: ({ bytes, start, end, value }, line) => {
      const id = AT.customer;
      sink.addBytes(bytes, start[id] as number, end[id] as number, value[AT.type] as number, value[AT.date] as number, line);
    },
    typed: (row) => sink.add(row),
    flush: () => sink.flush?.(),
  };
}
