/**
 * customers.csv on the byte path (io/fast-read.ts): each clean record
 * becomes a light CustomerRow of the columns asked for (the same keys,
 * values and passed-through columns the general reader gives), without a
 * row schema; records that needed the schema come typed by it. Ids are
 * checked unique on their bytes (io/table.ts's UniqueKeys, the same located
 * error). The sink is told when the header is read, before any row: the
 * dataset reads orders.csv then (revenue may come from it).
 */
import { type CustomerRow, FILES, statusOf } from '../schema/files.js';
import { type CellKind, type ColumnPlan, type FastOutcome, readFast } from './fast-read.js';
import { utf8 } from './scan.js';
import type { InputRef } from './source.js';
import { checkedOnly, type ReadContext, type ReadRequest } from './table.js';

/** Where customer rows go (the dataset's customer pass: segment folds, accounts, products, known customers). */
export interface CustomerSink {
  /** Awaited once the header is read (the dataset reads orders.csv then), before the first row. */
  header(): Promise<void>;
  add(row: CustomerRow): void;
}

/**
 * How each column is read from bytes, as schema/files.ts's customerSchema
 * types it: the id as key bytes, categorical texts interned (status a
 * label, by `statusOf`), emails, phones and postcodes per record as ids or cleaned
 * texts, free text as it is, employees as bounded whole numbers, contract
 * days, revenue_12m as money (last: fast-read.ts). lat and lon are not on
 * the byte path.
 */
const KINDS: Readonly<Record<string, CellKind>> = {
  id: 'key',
  name: 'prose',
  status: 'label',
  industry: 'text',
  region: 'text',
  size: 'text',
  employees: 'whole',
  owner: 'text',
  contract_start: 'day',
  contract_end: 'day',
  channel: 'text',
  phone: 'word',
  email: 'word',
  postcode: 'word',
  address: 'prose',
  city: 'prose',
  contact: 'prose',
  revenue_12m: 'money',
};

/** Cells whose empty cell the schema reads as missing (values NaN). */
const OPTIONAL = ['status', 'contract_start', 'contract_end', 'revenue_12m'];
const STATUSES = ['customer', 'prospect', 'lost'] as const;

/** How a cell becomes the row's value: a key's bytes decoded, a status by its index, a text, a number (NaN: empty, undefined). */
const KEY = 0;
const STATUS = 1;
const TEXT = 2;
const NUMBER = 3;
function valueKind(kind: CellKind): number {
  if (kind === 'key') return KEY;
  if (kind === 'label') return STATUS;
  return kind === 'text' || kind === 'word' || kind === 'prose' ? TEXT : NUMBER;
}

/**
 * Reads customers.csv into `sink` on the byte path. On `{ used: false }` the
 * sink may hold part of the file (and its `header` may have been awaited):
 * discard the rows and read with the general reader.
 */
export function readCustomersFast(
  input: InputRef,
  ctx: ReadContext,
  sink: CustomerSink,
  request: ReadRequest = {},
  /** Tests: scan at most this many bytes at a time, to put chunk boundaries everywhere. */
  windowBytes = Number.POSITIVE_INFINITY,
): Promise<FastOutcome> {
  const spec = FILES.customers;
  const leftOut = checkedOnly(spec, request);
  const wanted = request.columns ? new Set([...request.columns, ...leftOut, 'id']) : undefined;
  // The cells read, in the schema's order, and the row's (columns checked only are left out); the cells with money last.
  const read = spec.columns.filter((c) => !wanted || wanted.has(c));
  const columns = read.filter((c) => !leftOut.has(c));
  const off = read.filter((c) => KINDS[c] === undefined);
  if (off.length > 0) {
    const reason = `columns not on the byte path: ${off.join(', ')}`;
    ctx.onInfo?.(`${input.label}: general reader (${reason})`);
    return Promise.resolve({ used: false, reason });
  }
  const cells = [...read.filter((c) => KINDS[c] !== 'money'), ...read.filter((c) => KINDS[c] === 'money')];
  const cellOf = Int32Array.from(columns, (c) => cells.indexOf(c));
  const valueKinds = Uint8Array.from(columns, (c) => valueKind(KINDS[c] as CellKind));
  const start = cells.indexOf('contract_start');
  const end = cells.indexOf('contract_end');

  const plan: ColumnPlan<CustomerRow> = {
    spec,
    // Free text checked only is never decoded.
    cells: cells.map((c) => [c, leftOut.has(c) && KINDS[c] === 'prose' ? 'unread' : (KINDS[c] as CellKind)] as const),
    optional: OPTIONAL,
    label: (_, text) => {
      const status = statusOf(text);
      return status === undefined ? undefined : STATUSES.indexOf(status);
    },
    // The schema's check across columns: a contract does not end before it starts (NaN: an empty day).
    accept: ({ start: s, value: v }) =>
      !(start >= 0 && end >= 0 && (s[start] as number) >= 0 && (s[end] as number) >= 0 && (v[end] as number) < (v[start] as number)),
    clean: (c, line) => {
      // The keys the general reader gives: each column asked for and in the header (its value maybe undefined), line, extra.
      const row: Record<string, unknown> = {};
      const { bytes, start: starts, end: ends, value, text } = c;
      for (let i = 0; i < columns.length; i++) {
        const k = cellOf[i] as number;
        const s = starts[k] as number;
        if (s < 0) continue;
        const v = value[k] as number;
        const kind = valueKinds[i];
        row[columns[i] as string] =
          kind === KEY
            ? utf8(bytes, s, ends[k] as number)
            : kind === STATUS
              ? STATUSES[v]
              : kind === TEXT
                ? text[k]
                : Number.isNaN(v)
                  ? undefined
                  : v;
      }
      row.line = line;
      if (c.extra) row.extra = c.extra;
      sink.add(row as unknown as CustomerRow);
    },
    typed: (row) => sink.add(row),
    header: () => sink.header(),
  };
  return readFast(plan, input, ctx, request, windowBytes);
}
