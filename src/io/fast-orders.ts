/**
 * orders.csv on the byte path (io/fast-read.ts): each clean line's customer
 * id bytes, day, channel label, cents, order id bytes and product go to an
 * OrderSink (OrderTally in core/cost.ts, with the product fold:
 * analyses/dataset.ts); lines that needed the row schema go to its `add`.
 */
import type { Day } from '../schema/calendar.js';
import { FILES, type OrderRow } from '../schema/files.js';
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
import type { ReadContext, ReadRequest } from './table.js';

export type { FastOutcome };

/** Where order lines go: OrderTally in core/cost.ts (with the product fold: analyses/dataset.ts). */
export interface OrderSink {
  /** Index of a channel label (as the schema cleans it). */
  labelIndex(label: string): number;
  /**
   * A clean line: customer id bytes[keyStart, keyEnd), order id
   * bytes[orderStart, orderEnd) or orderStart < 0, and its product as the
   * schema makes it (undefined: none or not asked for), one string per
   * distinct product (interned by the reader).
   */
  addBytes(
    bytes: Uint8Array,
    keyStart: number,
    keyEnd: number,
    label: number,
    day: Day,
    cents: number,
    orderStart: number,
    orderEnd: number,
    line: number,
    product: string | undefined,
  ): void;
  /** A line typed by the schema (cells that needed it); after the clean lines before it. */
  add(row: OrderRow): void;
  /** The end of a batch of lines: the bytes given to `addBytes` change after it (the sink may queue lines until then). */
  flush?(): void;
  /** About how many lines will come (ColumnPlan.expect). */
  expect?(lines: number): void;
}

/** Positions of the cells of orders.csv in the plan's `cells` (the amount last: fast-read.ts). */
const AT = { customer: 0, date: 1, channel: 2, order: 3, product: 5, amount: 6 } as const;

function orderPlan(sink: OrderSink): ColumnPlan<OrderRow> {
  return {
    spec: FILES.orders,
    cells: [
      ['customer_id', 'key'],
      ['date', 'day'],
      ['channel', 'label'],
      ['order_id', 'optionalKey'],
      ['lines', 'whole'],
      ['product', 'text'],
      ['amount', 'money'],
    ],
    label: (_, text) => sink.labelIndex(text),
    clean: ({ bytes, start, end, value, text }, line) =>
      sink.addBytes(
        bytes,
        start[AT.customer] as number,
        end[AT.customer] as number,
        value[AT.channel] as number,
        value[AT.date] as number,
        value[AT.amount] as number,
        start[AT.order] as number,
        end[AT.order] as number,
        line,
        text[AT.product],
      ),
    typed: (row) => sink.add(row),
    expect: (records) => sink.expect?.(records),
    flush: () => sink.flush?.(),
  };
}

/**
 * Reads orders.csv into `sink` on the byte path. On `{ used: false }` the
 * sink may hold part of the file: discard it and read with the general reader.
 */
export function readOrdersFast(
  input: InputRef,
  ctx: ReadContext,
  sink: OrderSink,
  request: ReadRequest = {},
  /** Tests: scan at most this many bytes at a time, to put chunk boundaries everywhere. */
  windowBytes = Number.POSITIVE_INFINITY,
  /** A large file: its ranges on worker threads (io/parallel.ts), merged into `sink`. */
  parallel?: ParallelPlan,
): Promise<FastOutcome> {
  return readFast(orderPlan(sink), input, ctx, request, windowBytes, parallel);
}

/** One range of orders.csv into `sink` (a worker thread: analyses/range-worker.ts). */
export function readOrdersRange(setup: RangeSetup, sink: OrderSink): Promise<RangeResult> {
  return readRange(orderPlan(sink), setup);
}
