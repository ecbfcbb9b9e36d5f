/**
 * The byte-level reader of the large files (orders.csv, contacts.csv,
 * customers.csv): the records of the byte scanner (io/scan.ts) hand the
 * cells a file's column plan names (key bytes, days, money, interned labels
 * and texts, texts decoded per record) straight to an aggregate, without a
 * row schema per row. PERFORMANCE.md: the general reader (decode -> records
 * -> row schema per row) takes several times as long. The plans:
 * io/fast-orders.ts (the order tally and the product fold),
 * io/fast-contacts.ts (the contact fold), io/fast-customers.ts (light rows
 * for the dataset's customer pass: a unique key, checked here on its bytes
 * as io/table.ts checks it, and passed-through columns).
 *
 * It yields exactly what the general reader (io/table.ts) yields, or it
 * steps aside:
 * - It is used only for a plain file (not stdin) that is UTF-8 (with or
 *   without BOM), with a decimal point or comma, ISO dates, no `nullValues`,
 *   no `sep=` line, and a header on the first line that maps cleanly (no
 *   duplicate, unnamed or misspelt columns). Otherwise `readFast` returns
 *   `{ used: false }` before reading anything else.
 * - Cells it cannot prove clean (quotes inside, white space at the edges,
 *   non-ISO dates, money other than plain `-1234.56`, spreadsheet errors,
 *   ...) are decoded and typed through the same row schema
 *   (schema/files.ts), so every bad cell is reported with file:line exactly
 *   as the general reader reports it.
 * - Anything structural (a record with too few or too many fields, a stray
 *   or unterminated quote, NUL bytes, invalid UTF-8, a totals row, a problem
 *   flood, Salesforce ids) aborts the fast path: the caller discards the
 *   aggregate and runs the general reader, which reports it. Problems are
 *   buffered and only committed when the fast path finishes.
 * test/io/fast-orders.test.ts and test/io/fast-contacts.test.ts check the
 * whole path against the general reader (fast-check, the demo data, any
 * chunking).
 */
import { isUtf8 } from 'node:buffer';
import { type FileHandle, open } from 'node:fs/promises';
import { grouped, PlanError, type Problem } from '../errors.js';
import type { Day } from '../schema/calendar.js';
import { dayFromParts } from '../schema/calendar.js';
import {
  cleanKey,
  DecimalColumn,
  type DecimalEvidence,
  type DecimalMark,
  decimalEvidence,
  looksLikeMojibake,
  mojibakeBytes,
  parseId,
  SalesforceIds,
} from '../schema/cells.js';
import { BOUNDS, type CellContext, type FileSpec, leavingOut } from '../schema/files.js';
import { KeyTable } from '../schema/keys.js';
import { MAX_MONEY_UNITS, MONEY_DECIMALS, MONEY_SCALE } from '../schema/money.js';
import { footerKind } from './footers.js';
import { ALIASES, columnLookup, didYouMean, isSystemColumn, normalizeHeader, PRESETS } from './headers.js';
import { findCuts, postRangeProgress, type Range, type Split, startWorker, threadsFor, type WarmWorker } from './parallel.js';
import { ByteScanner, CONTROL, ESCAPED, fieldText, NON_ASCII, QUOTED, RecordBatch, STRAY_QUOTE } from './scan.js';
import { sniffDelimiter } from './sniff.js';
import { CHUNK as CHUNK_OF_READER, type InputRef, openHandle } from './source.js';
import {
  checkedOnly,
  duplicateKey,
  EVIDENCE_RECORDS,
  nameDelimiter,
  type ReadContext,
  type ReadRequest,
  readingFor,
  SNIFF_CHARS,
  UniqueKeys,
} from './table.js';

/**
 * How a planned cell is read from its bytes (`Cells` holds what it gives):
 * - `key`: an id taken as it is (start..end; -1 when the column is absent);
 * - `optionalKey`: the same, or empty (start = end = -1);
 * - `day`: an ISO date (value);
 * - `label`: a short text of few distinct values, its index from the plan's
 *   `label` once per distinct value (value);
 * - `money`: money units (value), the column's decimal mark decided from its
 *   values; read after every other cell (the evidence is taken once);
 * - `whole`: empty (NaN) or digits only up to the column's bound in
 *   schema/files.ts BOUNDS (value);
 * - `text`: a categorical text as the schema cleans it (keyParser), decoded
 *   once per distinct value (text; undefined when empty);
 * - `word`: the same, or an id (idParser), decoded per record: for columns of
 *   mostly distinct values (email, phone), where a cache does not pay (text);
 * - `prose`: free text as the schema keeps it (textParser: names,
 *   addresses), decoded per record (text);
 * - `unread`: free text the caller does not read (ReadRequest.checked):
 *   checked as `prose` is, on its bytes (mojibakeBytes), never decoded
 *   (text undefined).
 * A cell that is not provably what the schema would make of it sends the
 * whole record through the row schema (the plan's `typed`).
 */
export type CellKind = 'key' | 'optionalKey' | 'day' | 'label' | 'money' | 'whole' | 'text' | 'word' | 'prose' | 'unread';

/** CellKind as small numbers, for the switch of every cell of every record (a jump, not string comparisons). */
const KEY = 0;
const OPTIONAL_KEY = 1;
const WHOLE = 2;
const TEXT = 3;
const UNREAD = 4;
const WORD = 5;
const PROSE = 6;
const DAY = 7;
const LABEL = 8;
const MONEY = 9;
const KIND: Record<CellKind, number> = {
  key: KEY,
  optionalKey: OPTIONAL_KEY,
  whole: WHOLE,
  text: TEXT,
  unread: UNREAD,
  word: WORD,
  prose: PROSE,
  day: DAY,
  label: LABEL,
  money: MONEY,
};

/** The planned cells of a clean record, by their position in the plan's `cells`. */
export interface Cells {
  bytes: Buffer;
  start: Int32Array;
  end: Int32Array;
  value: Float64Array;
  text: (string | undefined)[];
  /** With passed-through columns: the other columns' texts by their header names, in header order (as io/table.ts). */
  extra: Record<string, string> | undefined;
}

/** What a file's byte path reads and where its records go. */
export interface ColumnPlan<Row> {
  spec: FileSpec<Row>;
  /** Canonical columns read from bytes and how; `Cells` keeps this order. */
  cells: readonly (readonly [column: string, kind: CellKind])[];
  /** Index of a label of `column` (as the schema cleans it): the sink interns it; undefined: the schema types it (a value it refuses). */
  label(column: string, text: string): number | undefined;
  /** A record whose planned cells are all clean. */
  clean(cells: Cells, line: number): void;
  /** A record typed by the row schema (cells that needed it). */
  typed(row: Row): void;
  /**
   * After the records of each scanned batch, before the next batch and the
   * end: the bytes `clean` was given change after it (a sink may queue
   * records until then; it folds a `typed` row after those it queued).
   */
  flush?(): void;
  /**
   * About how many records will come (from the size of the file or range and
   * the lines of its first MiB), before the first: a sink whose arrays are
   * indexed by key can make room for that many keys at once.
   */
  expect?(records: number): void;
  /** Columns of day, label or money cells whose empty cell is clean (the schema's optional cells): value NaN. */
  optional?: readonly string[];
  /** The schema's checks of clean cells beyond each cell's (across columns, known values): false sends the record to `typed`. */
  accept?(cells: Cells): boolean;
  /**
   * Awaited once the header is read, before any record reaches the plan (the
   * caller reads other files meanwhile: customers.csv's header decides how
   * orders.csv is read). Such a plan cannot take back what it was handed, so
   * Salesforce-shaped ids step aside at the first record.
   */
  header?(): Promise<void>;
}

export type FastOutcome = { used: true; records: number; doubtful: number } | { used: false; reason: string };

/**
 * How a plan's sink is read in ranges on worker threads (io/parallel.ts):
 * the worker module builds a sink of `kind` from `config()` (structured-clone
 * data made for each worker when the file is split, its `transfer` buffers
 * moved, not copied) and reads its range into it; `merge` adds a range's partial (its
 * lines counted from 1 at the range's start, `lineBase` added) into the
 * caller's sink, in the order of the file. False: the partial cannot be
 * merged exactly; the file steps aside.
 */
export interface ParallelPlan {
  worker: URL;
  kind: string;
  /** Split a large file without PLAN_THREADS (false: only when PLAN_THREADS asks for threads). */
  auto: boolean;
  config(): { value: unknown; transfer?: ArrayBuffer[] };
  merge(partial: unknown, lineBase: number): boolean;
}

/** What a range of a file is read with: the dialect, header and decimal marks its first range decided. */
export interface RangeSetup {
  path: string;
  label: string;
  /** Absolute offsets: the range's first record, and where the next range starts. */
  start: number;
  limit: number;
  delimiter: number;
  header: Column[];
  wanted: string[] | undefined;
  /** ReadRequest.checked: columns typed for their problems only. */
  checked?: string[];
  marks: [column: string, mark: DecimalMark][];
  /** A progress line is shown: the worker says how far it has read (io/parallel.ts `postRangeProgress`). */
  progress: boolean;
  /** About how many records the range holds (the plan's `expect`). */
  expected: number;
}

/** A range read on its own: records, problems and blank lines with lines counted from 1 at the range's start. */
export interface RangeResult {
  start: number;
  /** Where the range's last record ended (the next range must start there), and the local line of that offset. */
  stoppedAt: number;
  endLine: number;
  /** Why the range stepped aside (the whole file does, once the range is known to start at a record). */
  stepAside?: string;
  records: number;
  doubtful: number;
  problems: Problem[];
  /** Per problem: its `first of this column` key, kept once per file. */
  warnKeys: (string | undefined)[];
  /** Blank lines before the range's first record, and after its last one. */
  leadingBlank: number[];
  trailingBlank: number[];
}

/** Bytes read before sniffing: more than the sample below needs (64K characters of at most 4 bytes). */
const HEAD_BYTES = 1 << 20;
/** Money units of one in the last of `d` decimal places (a table: `10 **` per amount showed in profiles). */
const FRACTION_UNITS = Array.from({ length: MONEY_DECIMALS + 1 }, (_, d) => 10 ** (MONEY_DECIMALS - d));
const CHUNK = 4 << 20;
/** The smallest read of the byte path (tests' windows of a few bytes would otherwise read a byte at a time). */
const MIN_READ = 4096;
/** Bytes kept free before each chunk read (ByteScanner.push's headroom): longer cut records are copied. */
const HEADROOM = 64 << 10;
/** Longer records go to the general reader (its limit is 1M characters). */
const MAX_RECORD_BYTES = 1 << 20;
/** More buffered problems than this: a badly broken file; the general reader handles it. */
const MAX_PROBLEMS = 10_000;
/** More than the distinct `first of this column` warnings of a file (columns x codes). */
const RANGE_EXTRA_PROBLEMS = 1_000;
/** As in io/table.ts: row counts that suggest an export hit a cap. */
const SUSPICIOUS_COUNTS = new Set([1000, 5000, 10000, 50000, 65535, 65536, 100000, 1048575, 1048576]);

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** Thrown where the fast path would differ from the general reader: the caller uses the general reader. */
export class StepAside {
  constructor(readonly reason: string) {}
}

/**
 * Reads a file into the plan's sink on the fast path. On `{ used: false }`
 * the sink may hold part of the file: discard it and read with the general
 * reader.
 */
export async function readFast<Row>(
  plan: ColumnPlan<Row>,
  input: InputRef,
  ctx: ReadContext,
  request: ReadRequest = {},
  /** Tests: read (after the first MiB) and scan at most this many bytes at a time, to put chunk boundaries everywhere. */
  windowBytes = Number.POSITIVE_INFINITY,
  /** Large files: ranges read on worker threads into sinks `parallel` makes and merges (io/parallel.ts). */
  parallel?: ParallelPlan,
): Promise<FastOutcome> {
  const no = (reason: string): FastOutcome => {
    ctx.onInfo?.(`${input.label}: general reader (${reason})`);
    return { used: false, reason };
  };
  if (input.path === '-') return no('standard input');
  const reading = readingFor(ctx, plan.spec.key);
  const encoding = reading.encoding?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== 'utf-8' && encoding !== 'utf8') return no('--encoding');
  if (reading.dateFormat) return no('--date-format');
  if (ctx.options.preset === 'salesforce') return no('--preset salesforce');
  if (ctx.config.nullValues.length > 0 || (ctx.options.nullValues?.length ?? 0) > 0)
    return no('null markers (config nullValues or --null)');
  if (ctx.options.skipRows || ctx.options.skipFooter) return no('--skip-rows or --skip-footer');
  if (ctx.options.quote !== undefined && ctx.options.quote !== '"') return no('--quote');
  if (ctx.options.renameDuplicates) return no('--rename-duplicates');
  let handle: FileHandle;
  try {
    handle = await openHandle(input);
  } catch {
    return no('cannot open the file');
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return no('not a regular file');
    const reader = new FastReader(handle, info.size, input.label, ctx, plan, request, windowBytes);
    const threads = parallel ? threadsFor(info.size, ctx.threads, parallel.auto) : 1;
    const outcome = await reader.run(threads > 1 && parallel ? { plan: parallel, threads, path: input.path } : undefined);
    ctx.onInfo?.(`${input.label}: fast reader (${grouped(outcome.records)} records, ${outcome.doubtful} typed one by one)`);
    return outcome;
  } catch (error) {
    if (error instanceof StepAside) return no(error.reason);
    throw error;
  } finally {
    await handle.close();
  }
}

/**
 * Reads one range of a file into the plan's sink (a worker thread: io/parallel.ts).
 * The result says where it stopped, or why it stepped aside.
 */
export async function readRange<Row>(plan: ColumnPlan<Row>, setup: RangeSetup): Promise<RangeResult> {
  const handle = await open(setup.path, 'r');
  try {
    const { size } = await handle.stat();
    const request = { columns: setup.wanted, checked: setup.checked };
    const reader = new FastReader(handle, size, setup.label, undefined, plan, request, Number.POSITIVE_INFINITY);
    return await reader.runRange(setup);
  } finally {
    await handle.close();
  }
}

export interface Column {
  index: number;
  original: string;
  normalized: string;
  canonical: string | undefined;
}

class FastReader<Row> {
  private scanner: ByteScanner | undefined;
  /** The batch being read, and the record in it: its first field, field count and line. */
  private batch = new RecordBatch();
  private f0 = 0;
  private fields = 0;
  private recordLine = 0;
  /** Bytes of a character cut by the end of the last piece (UTF-8 check). */
  private utf8Carry = Buffer.alloc(0);
  private fileOffset = 0;
  private eof = false;
  private delimiter = 44;
  /** A range of a file read on a worker thread (RangeSetup): no evidence taken, blank lines kept for the merge. */
  private inRange = false;
  /** The ranges read on worker threads (io/parallel.ts), for the progress line. */
  private workerRanges: Range[] | undefined;
  /** Worker threads started for the ranges (`run`), until `split` gives them their ranges. */
  private warm: WarmWorker[] = [];
  /** The worker range this reader is reading again (its cut was no record start, or its worker failed). */
  private rereading: Range | undefined;
  /** On a worker thread with a progress line shown: the range's start (its bytes read are counted from it); else -1. */
  private progressFrom = -1;
  private leadingBlank: number[] = [];

  /** The decimal mark of each number column, decided from its values as io/table.ts decides them. */
  private readonly marks = new Map<string, DecimalColumn>();
  private newMark = () => new DecimalColumn(undefined, 'point');
  /** Ids of the first EVIDENCE_RECORDS records, as io/table.ts observes them: Salesforce ids go to the general reader. */
  private readonly salesforce = new SalesforceIds(false);

  private header: Column[] | undefined;
  private width = 0;
  private canonicalIndex = new Map<string, number>();
  /** The account id column's field (-1: none), and per planned cell: its field (-1: absent), kind and decimal mark. */
  private idField = -1;
  private readonly kinds: CellKind[];
  /** `kinds` as KIND numbers. */
  private readonly kindOf: Uint8Array;
  private readonly columns: string[];
  private fieldOf = new Int32Array(0);
  private cellMarks: (DecimalColumn | undefined)[] = [];
  private readonly cells: Cells;

  private records = 0;
  private doubtful = 0;
  private blankRun: number[] = [];
  private readonly problems: Problem[] = [];
  /** Per problem: the key of a `first of this column` warning (kept once per file), else undefined. */
  private readonly warnKeys: (string | undefined)[] = [];
  private readonly warned = new Set<string>();
  private schema: ReturnType<FileSpec<Row>['schema']> | undefined;
  private currentLine = 0;
  private currentRecord = 0;

  /**
   * Per label or text cell: its distinct values by their bytes, and what each
   * is (a label's index or a text; null when the schema must type it).
   */
  private readonly cellKeys: KeyTable[];
  private readonly cellValues: (number | string | null)[][];
  /** Days by (year - 1900) * 416 + month * 32 + day for 1900-2199 (0 = not yet known). */
  private readonly dayCache = new Float64Array(300 * 416);

  constructor(
    private readonly handle: FileHandle,
    private readonly size: number,
    private readonly label: string,
    /** Undefined for a range read on a worker thread (its problems go back to the first range's reader). */
    private readonly ctx: ReadContext | undefined,
    private readonly plan: ColumnPlan<Row>,
    request: ReadRequest,
    private windowBytes: number,
  ) {
    // The columns typed, as the general reader chooses them for the same request.
    const spec = plan.spec;
    const unique = spec.uniqueKey ? [spec.uniqueKey] : [];
    this.wanted = request.columns
      ? new Set([...request.columns, ...(request.checked ?? []), ...spec.requiredGroups.flat(), ...unique])
      : undefined;
    this.leftOut = checkedOnly(spec, request);
    this.passthrough = request.passthrough ?? spec.passthrough;
    // Money last: its decimal evidence is taken once, by the byte path or by the schema.
    const cells = plan.cells;
    const money = cells.findIndex(([, k]) => k === 'money');
    if (money >= 0 && cells.slice(money).some(([, k]) => k !== 'money')) throw new Error('a column plan lists its money cells last');
    this.columns = cells.map(([c]) => c);
    this.kinds = cells.map(([, k]) => k);
    this.kindOf = Uint8Array.from(this.kinds, (k) => KIND[k]);
    // Unique keys are checked on the key cell's bytes (a clean record) or on the typed row's key.
    this.uniqueCell = spec.uniqueKey ? this.columns.indexOf(spec.uniqueKey) : -1;
    if (spec.uniqueKey && this.kinds[this.uniqueCell] !== 'key') throw new Error('a column plan reads its unique key as a key cell');
    this.bounds = cells.map(([c, k]) => {
      const bound = (BOUNDS as Record<string, unknown>)[c];
      if (k === 'whole' && typeof bound !== 'number') throw new Error(`no bound for the whole numbers of ${c}`);
      return typeof bound === 'number' ? bound : 0;
    });
    const n = cells.length;
    this.optional = Uint8Array.from(this.columns, (c) => (plan.optional?.includes(c) ? 1 : 0));
    this.cells = {
      bytes: Buffer.alloc(0),
      start: new Int32Array(n),
      end: new Int32Array(n),
      value: new Float64Array(n),
      text: [],
      extra: undefined,
    };
    this.cellKeys = cells.map(() => new KeyTable());
    this.cellValues = cells.map(() => []);
  }

  private readonly wanted: ReadonlySet<string> | undefined;
  /** Columns typed for their problems only, left out of typed rows (ReadRequest.checked). */
  private readonly leftOut: ReadonlySet<string>;
  /** Keep the unknown columns (`extra`), as io/table.ts does for the same request. */
  private readonly passthrough: boolean;
  /** The fields of the passed-through columns and their names (set with the header). */
  private extraFields: number[] = [];
  private extraNames: string[] = [];
  /** The unique key's cell (-1: none) and the keys seen, with their first lines. */
  private readonly uniqueCell: number;
  private unique = new UniqueKeys();
  /** Per planned cell: 1 when the plan says its empty cell is clean (NaN). */
  private readonly optional: Uint8Array;
  /** Per planned cell: the largest whole number the schema takes (`whole` cells). */
  private readonly bounds: number[];
  /** The header was just read and the plan's `header` is still to be awaited. */
  private headerPending = false;
  /** Lines per byte in the file's first MiB: how many records a range of it holds, about (`RangeSetup.expected`). */
  private linesPerByte = 0;

  async run(split?: Split): Promise<{ used: true; records: number; doubtful: number }> {
    // The workers start now, while this thread reads the records that decide where their ranges are.
    if (split && this.size > HEAD_BYTES && this.splittable())
      this.warm = Array.from({ length: split.threads - 1 }, () => startWorker(split.plan));
    try {
      return await this.readAll(split);
    } finally {
      for (const worker of this.warm) worker.stop();
    }
  }

  private async readAll(split?: Split): Promise<{ used: true; records: number; doubtful: number }> {
    const head = await this.readHead();
    if (head.length === 0) throw new StepAside('empty file');
    if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) throw new StepAside('UTF-16');
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    this.delimiter = this.dialect(head, bom);
    this.linesPerByte = linesPerByte(head);
    const expected = Math.ceil(this.linesPerByte * this.size);
    if (this.uniqueCell >= 0 && !this.eof) this.unique = new UniqueKeys(expected);
    this.plan.expect?.(expected);
    this.scanner = new ByteScanner({ delimiter: this.delimiter, maxRecordChars: MAX_RECORD_BYTES });
    await this.feed(head, this.eof);
    const ranges = this.eof ? undefined : await this.readOn(split);
    if (!this.header) throw new StepAside('no header');
    if (ranges) await this.mergeRanges(ranges);
    this.finish();
    return { used: true, records: this.records, doubtful: this.doubtful };
  }

  /**
   * Reads on from `fileOffset` until the scanner stops (its limit, or the end
   * of the file). With `split`: once the records that decide the dialect,
   * the decimal marks and the ids are read, the rest of the file goes to
   * worker threads in ranges (this reader keeps the first); returns them.
   */
  private async readOn(split?: Split): Promise<Range[] | undefined> {
    const scanner = this.scanner as ByteScanner;
    // Two buffers: the next chunk is read into one while the other is scanned (the scanner copies a cut record's tail).
    // The tests' small windows read small chunks too, but never fewer than MIN_READ bytes at a time.
    const size = Math.min(CHUNK, Math.max(MIN_READ, this.windowBytes));
    // Each with HEADROOM bytes before the chunk, where the scanner finishes a record the chunk before cut.
    const chunks = [Buffer.allocUnsafe(HEADROOM + size), Buffer.allocUnsafe(HEADROOM + size)];
    let which = 0;
    let ranges: Range[] | undefined;
    let reading: Promise<{ bytesRead: number }> | undefined;
    const readNext = (into: Buffer) => {
      const read = this.handle.read(into, HEADROOM, size, this.fileOffset);
      read.catch(() => {});
      return read;
    };
    try {
      for (;;) {
        if (split && !ranges && this.settled()) ranges = await this.split(split);
        const chunk = chunks[which] as Buffer;
        const { bytesRead } = await (reading ?? readNext(chunk));
        reading = undefined;
        this.fileOffset += bytesRead;
        this.progressed();
        which ^= 1;
        // Not before a split is decided: the cuts are found from here on.
        if (bytesRead > 0 && (!split || ranges)) reading = readNext(chunks[which] as Buffer);
        await this.feed(chunk.subarray(HEADROOM, HEADROOM + bytesRead), bytesRead === 0, HEADROOM);
        if (bytesRead === 0 || scanner.done) break;
      }
    } catch (error) {
      for (const range of ranges ?? []) range.stop();
      throw error;
    } finally {
      // Never leave a read running on a handle the caller closes next.
      await reading?.catch(() => {});
    }
    return ranges;
  }

  /**
   * The questions the first records answer once for the file are answered:
   * the rest can be read in ranges (a `splittable` file).
   */
  private settled(): boolean {
    if (!this.header || this.records < EVIDENCE_RECORDS || !this.splittable()) return false;
    for (const mark of this.marks.values()) if (mark.mark === undefined) return false;
    return true;
  }

  /** Not a file whose keys must be unique across it, nor one whose other columns are passed through. */
  private splittable(): boolean {
    return this.uniqueCell < 0 && !this.passthrough;
  }

  /** Cuts the rest of the file into ranges at record starts: the first stays here, the others go to workers. */
  private async split({ plan, threads, path }: Split): Promise<Range[]> {
    const cuts = await findCuts(this.handle, this.fileOffset, this.size, threads, this.delimiter, this.width);
    if (cuts.length === 0) return [];
    (this.scanner as ByteScanner).stopAt(cuts[0] as number);
    const marks = [...this.marks].map(([column, mark]) => [column, mark.mark] as [string, DecimalMark]);
    const header = this.header as Column[];
    const wanted = this.wanted ? [...this.wanted].filter((c) => !this.leftOut.has(c)) : undefined;
    const checked = [...this.leftOut];
    this.ctx?.onInfo?.(`${this.label}: ${cuts.length + 1} ranges read in parallel`);
    const progress = this.ctx?.onProgress !== undefined;
    this.workerRanges = cuts.map((start, k) => {
      const limit = cuts[k + 1] ?? Number.POSITIVE_INFINITY;
      const setup: RangeSetup = {
        path,
        label: this.label,
        start,
        limit,
        delimiter: this.delimiter,
        header,
        wanted,
        checked,
        marks,
        progress,
        expected: Math.ceil(this.linesPerByte * (Math.min(limit, this.size) - start)),
      };
      return (this.warm[k] ?? startWorker(plan)).read(setup, progress ? () => this.progressed() : undefined);
    });
    // Fewer cuts than workers: the others are not needed.
    for (const worker of this.warm.slice(cuts.length)) worker.stop();
    this.warm = [];
    return this.workerRanges;
  }

  /**
   * Bytes read so far, to whoever shows them. On a worker thread: its range's,
   * to the thread that started it. Here: this reader's, plus, while workers read
   * the ranges after its own, theirs, so the progress line moves with all threads.
   */
  private progressed(): void {
    if (this.progressFrom >= 0) {
      postRangeProgress(this.fileOffset - this.progressFrom);
      return;
    }
    if (!this.ctx?.onProgress) return;
    const ranges = this.workerRanges;
    let bytes = this.fileOffset;
    if (ranges && ranges.length > 0) {
      // A range read again here counts as far as this reader has read it (or its worker, if further).
      const again = this.rereading;
      if (again) again.bytes = Math.max(again.bytes, this.fileOffset - again.start);
      // Its own range ends where the first worker's starts (bytes read past it belong to the ranges after).
      bytes = Math.min(bytes, (ranges[0] as Range).start);
      for (const range of ranges) bytes += range.bytes;
    }
    this.ctx.onProgress(this.label, Math.min(bytes, this.size), this.size);
  }

  /**
   * The ranges' results into this reader and the plan's sink, in file order.
   * A range that does not start where the one before stopped (its cut was in
   * a quoted field) is read again here, from where it should start.
   */
  private async mergeRanges(ranges: Range[]): Promise<void> {
    const scanner = this.scanner as ByteScanner;
    let stop = scanner.stoppedAt;
    let line = scanner.line;
    try {
      for (const range of ranges) {
        // A worker that failed (it could not start, say) is no reason to fail: its range is read here.
        const result = await range.result.catch((error: Error) => {
          this.ctx?.onInfo?.(`${this.label}: ${error.message}; its range read again`);
          return undefined;
        });
        if (!result || range.start !== stop) {
          if (result) this.ctx?.onInfo?.(`${this.label}: byte ${range.start} is not a record start; read again from ${stop}`);
          range.stop();
          this.scanner = new ByteScanner({
            delimiter: this.delimiter,
            maxRecordChars: MAX_RECORD_BYTES,
            offset: stop,
            limit: range.limit,
            line,
          });
          this.fileOffset = stop;
          this.utf8Carry = Buffer.alloc(0);
          this.rereading = range;
          await this.readOn();
          this.rereading = undefined;
          stop = this.scanner.stoppedAt;
          line = this.scanner.line;
          continue;
        }
        if (result.range.stepAside !== undefined) throw new StepAside(result.range.stepAside);
        this.mergeRange(result.range, line - 1);
        if (!range.plan.merge(result.partial, line - 1)) throw new StepAside('sums too large to merge exactly');
        stop = result.range.stoppedAt;
        line += result.range.endLine - 1;
      }
    } finally {
      for (const range of ranges) range.stop();
    }
    this.ctx?.onProgress?.(this.label, this.size, this.size);
  }

  /** A range's records, problems and blank lines after this reader's (its lines offset by `lineBase`). */
  private mergeRange(r: RangeResult, lineBase: number): void {
    const shift = (lines: number[]) => lines.map((l) => l + lineBase);
    if (r.records > 0) {
      this.blankRun.push(...shift(r.leadingBlank));
      this.reportBlankRun();
      this.blankRun = shift(r.trailingBlank);
    } else this.blankRun.push(...shift(r.leadingBlank), ...shift(r.trailingBlank));
    r.problems.forEach((p, k) => {
      const key = r.warnKeys[k];
      if (key !== undefined) {
        if (this.warned.has(key)) return;
        this.warned.add(key);
      }
      const moved = { ...p, line: p.line + lineBase };
      if (p.record !== undefined) moved.record = p.record + this.records;
      this.problem(moved);
    });
    this.records += r.records;
    this.doubtful += r.doubtful;
  }

  /**
   * Reads one range (a worker thread): the setup's header and decimal marks,
   * lines counted from 1 at `start`, up to the first record at or after
   * `limit`. Never throws StepAside: the result says it.
   */
  async runRange(setup: RangeSetup): Promise<RangeResult> {
    this.inRange = true;
    this.delimiter = setup.delimiter;
    for (const [column, mark] of setup.marks) this.marks.set(column, new DecimalColumn(mark, mark));
    this.newMark = () => {
      throw new StepAside('a number column first read in a range');
    };
    this.useHeader(setup.header);
    this.plan.expect?.(setup.expected);
    this.scanner = new ByteScanner({
      delimiter: setup.delimiter,
      maxRecordChars: MAX_RECORD_BYTES,
      offset: setup.start,
      limit: setup.limit,
      line: 1,
    });
    this.fileOffset = setup.start;
    if (setup.progress) this.progressFrom = setup.start;
    const result: RangeResult = {
      start: setup.start,
      stoppedAt: -1,
      endLine: 0,
      records: 0,
      doubtful: 0,
      problems: this.problems,
      warnKeys: this.warnKeys,
      leadingBlank: [],
      trailingBlank: [],
    };
    try {
      await this.readOn();
    } catch (error) {
      if (error instanceof StepAside) return { ...result, stepAside: error.reason };
      throw error;
    }
    const scanner = this.scanner;
    return {
      ...result,
      stoppedAt: scanner.stoppedAt,
      endLine: scanner.line,
      records: this.records,
      doubtful: this.doubtful,
      leadingBlank: this.leadingBlank,
      trailingBlank: this.blankRun,
    };
  }

  // ------------------------------------------------------------------ bytes

  /** The first HEAD_BYTES of the file (or all of it). */
  private async readHead(): Promise<Buffer> {
    const head = Buffer.allocUnsafe(HEAD_BYTES);
    let length = 0;
    while (length < HEAD_BYTES) {
      const { bytesRead } = await this.handle.read(head, length, HEAD_BYTES - length, this.fileOffset);
      if (bytesRead === 0) {
        this.eof = true;
        break;
      }
      length += bytesRead;
      this.fileOffset += bytesRead;
      this.progressed();
    }
    return head.subarray(0, length);
  }

  /** Bytes through the scanner (in windows of `windowBytes` for the tests), their records to `record`. */
  private async feed(bytes: Buffer, final: boolean, headroom = 0): Promise<void> {
    const window = Math.max(1, Math.min(this.windowBytes, bytes.length || 1));
    for (let at = 0; at < bytes.length || (final && at === 0); at += window) {
      const piece = bytes.subarray(at, at + window);
      const last = final && at + window >= bytes.length;
      this.checkBytes(piece, last);
      let batch: RecordBatch;
      try {
        // Room before the piece: the reader's, and the pieces before it (scanned, their lines folded).
        batch = (this.scanner as ByteScanner).push(piece, last, headroom + at);
      } catch (error) {
        // An unterminated quote or a runaway record: the general reader reports it.
        if (error instanceof PlanError) throw new StepAside(error.message);
        throw error;
      }
      this.batch = batch;
      const r = this.take(batch, 0);
      if (this.headerPending) {
        // The plan reads other files now; this batch's records wait (no other read touches this scanner).
        this.headerPending = false;
        await this.plan.header?.();
        this.take(batch, r);
      }
      this.plan.flush?.();
    }
  }

  /** The records of `batch` from `from` on; returns where it stopped: at the end, or after the header when the plan awaits it. */
  private take(batch: RecordBatch, from: number): number {
    for (let r = from; r < batch.count; r++) {
      this.f0 = batch.firstField[r] as number;
      this.fields = (batch.firstField[r + 1] as number) - this.f0;
      this.recordLine = batch.line[r] as number;
      if (batch.badQuotes.length > 0 && batch.isBad(r)) throw new StepAside('a character after a closing quote');
      if (batch.strayQuotes > 0)
        for (let f = this.f0; f < this.f0 + this.fields; f++)
          if ((batch.flags[f] as number) & STRAY_QUOTE) throw new StepAside('a quote inside an unquoted field');
      if (this.header) this.record();
      else if (!this.isBlank()) {
        this.resolveHeader();
        this.headerPending = this.plan.header !== undefined;
        if (this.headerPending) return r + 1;
      }
    }
    return batch.count;
  }

  /** Every byte is valid UTF-8 (a character cut by the end of a piece is checked with the next) without NULs. */
  private checkBytes(piece: Buffer, final: boolean): void {
    if (piece.indexOf(0) !== -1) throw new StepAside('NUL bytes');
    const all = this.utf8Carry.length > 0 ? Buffer.concat([this.utf8Carry, piece]) : piece;
    const cut = final ? all.length : completeUtf8(all);
    if (!isUtf8(all.subarray(0, cut))) throw new StepAside('bytes that are not UTF-8');
    this.utf8Carry = Buffer.from(all.subarray(cut));
  }

  private isBlank(): boolean {
    const b = this.batch;
    return this.fields === 0 || (this.fields === 1 && b.end[this.f0] === b.start[this.f0]);
  }

  /** Field f of the record as the general reader gives it. */
  private text(f: number): string {
    return fieldText(this.batch, this.f0 + f);
  }

  /** Delimiter and decimal mark as the general reader chooses them, from the same first chunk. */
  private dialect(b: Buffer, bom: number): number {
    // The general reader sniffs the decoded read chunks (each less an incomplete UTF-8 sequence at its end,
    // carried to the next) that first reach SNIFF_CHARS characters, or the whole file.
    let sample = '';
    for (let chunkEnd = Math.min(CHUNK_OF_READER, b.length); ; chunkEnd = Math.min(chunkEnd + CHUNK_OF_READER, b.length)) {
      const last = chunkEnd === b.length;
      if (last && !this.eof) throw new StepAside('a sample longer than the head');
      const end = last ? chunkEnd : bom + completeUtf8(b.subarray(bom, chunkEnd));
      const head = b.subarray(bom, end);
      if (!isUtf8(head)) throw new StepAside('bytes that are not UTF-8');
      sample = head.toString('utf8');
      if (sample.length >= SNIFF_CHARS || last) break;
    }
    if (sample.includes('\0')) throw new StepAside('NUL bytes');
    if (/^sep=(.)\r?\n/.test(sample)) throw new StepAside('a sep= line');
    const ctx = this.ctx as ReadContext;
    const reading = readingFor(ctx, this.plan.spec.key);
    let delimiter = reading.delimiter;
    if (!delimiter) {
      const sniffed = sniffDelimiter(sample);
      if (sniffed.kind === 'ambiguous') throw new StepAside('ambiguous delimiter');
      delimiter = sniffed.delimiter;
      ctx.onInfo?.(`${this.label}: delimiter ${nameDelimiter(delimiter)}`);
    }
    const code = delimiter.charCodeAt(0);
    if (delimiter.length !== 1 || code >= 0x80 || code === QUOTE || code === LF || code === CR) throw new StepAside('delimiter');
    const guess: DecimalMark = delimiter === ';' ? 'comma' : 'point';
    this.newMark = () => new DecimalColumn(reading.decimal, guess);
    return code;
  }

  // ------------------------------------------------------------------ records

  private resolveHeader(): void {
    const spec = this.plan.spec;
    const ctx = this.ctx as ReadContext;
    const lookup = columnLookup(
      spec.columns,
      ALIASES[spec.key],
      PRESETS[ctx.options.preset ?? '']?.[spec.key],
      ctx.config.columns[spec.key],
    );
    const originals = Array.from({ length: this.fields }, (_, f) => this.text(f));
    const names = new Set(originals.map((o) => lookup.get(normalizeHeader(o))));
    if (!spec.requiredGroups.every((group) => group.some((c) => names.has(c)))) throw new StepAside('header not on the first line');
    const header: Column[] = originals.map((original, index) => {
      const normalized = normalizeHeader(original);
      const mapped = lookup.get(normalized);
      const canonical = mapped !== undefined && spec.columns.includes(mapped) ? mapped : undefined;
      return { index, original, normalized: mapped ?? normalized, canonical };
    });
    const seen = new Set<string>();
    for (const h of header) {
      if (h.normalized === '') throw new StepAside('a column without a name');
      const key = h.canonical ?? h.normalized;
      if (seen.has(key)) throw new StepAside('duplicate column names');
      seen.add(key);
    }
    const present = new Set(header.map((h) => h.canonical).filter(Boolean));
    const unknown = header.filter((h) => !h.canonical && !isSystemColumn(h.original));
    const missing = spec.columns.filter((c) => !present.has(c));
    if (unknown.some((u) => didYouMean(u.normalized, missing))) throw new StepAside('a column name that looks misspelt');
    if (unknown.length > 0) {
      const used = spec.passthrough ? 'passed through' : 'not used';
      ctx.onInfo?.(`${this.label}: column${unknown.length > 1 ? 's' : ''} ${used}: ${unknown.map((u) => u.original).join(', ')}`);
    }
    if (this.passthrough) {
      this.extraFields = unknown.map((u) => u.index);
      this.extraNames = unknown.map((u) => u.original);
    }
    this.useHeader(header);
    ctx.headers?.set(this.label, [...this.canonicalIndex.keys()]);
    ctx.headerNames?.set(
      this.label,
      header.map((h) => ({ original: h.original, canonical: h.canonical })),
    );
  }

  /** The header's columns: where each planned cell is, and the decimal mark of each money cell. */
  private useHeader(header: Column[]): void {
    const spec = this.plan.spec;
    this.header = header;
    this.width = header.length;
    this.canonicalIndex = new Map(header.filter((h) => h.canonical).map((h) => [h.canonical as string, h.index]));
    const at = (name: string) => (this.wanted && !this.wanted.has(name) ? -1 : (this.canonicalIndex.get(name) ?? -1));
    // A range takes no id evidence: the first range did.
    this.idField = spec.accountIdColumn && !this.inRange ? at(spec.accountIdColumn) : -1;
    this.fieldOf = Int32Array.from(this.columns, at);
    this.cellMarks = this.columns.map((c, k) => (this.kinds[k] === 'money' ? this.markOf(c) : undefined));
  }

  /** One record after the header. */
  private record(): void {
    if (this.isBlank()) {
      if (this.records > 0 || this.inRange) this.blankRun.push(this.recordLine);
      return;
    }
    if (this.inRange && this.records === 0) {
      // Blank lines before a range's first record: the merge joins them to the run before the range.
      this.leadingBlank = this.blankRun;
      this.blankRun = [];
    }
    this.reportBlankRun();
    this.records++;
    if (this.fields !== this.width) throw new StepAside('a record with another number of fields');
    this.checkFooter();
    if (this.records <= EVIDENCE_RECORDS && this.idField >= 0) {
      const id = this.text(this.idField).trim();
      this.salesforce.observe(id);
      if (this.records === EVIDENCE_RECORDS) this.checkSalesforce();
      // Open after a non-empty id: every id so far has the Salesforce shape.
      if (this.plan.header && id !== '' && this.salesforce.open) throw new StepAside('ids that may be Salesforce ids');
    }
    if (!this.clean()) this.typed();
  }

  /** Blank lines followed by a record: one warning at the first. */
  private reportBlankRun(): void {
    if (this.blankRun.length === 0) return;
    this.problem({
      severity: 'warning',
      line: this.blankRun[0] as number,
      code: 'W_BLANK_LINE',
      message: `blank line${this.blankRun.length > 1 ? `s (${this.blankRun.length})` : ''} skipped`,
    });
    this.blankRun = [];
  }

  /** Ids that io/table.ts would read as Salesforce ids (15 -> 18 characters): its job. */
  private checkSalesforce(): void {
    this.salesforce.settle();
    if (this.salesforce.active) throw new StepAside('Salesforce ids');
  }

  /** The record's planned cells straight to the plan when each is provably what the schema would make of it. */
  private clean(): boolean {
    const { bytes, start: fs, end: fe, flags: fq } = this.batch;
    const { start, end, value, text } = this.cells;
    const kinds = this.kindOf;
    const o = this.f0;
    for (let k = 0; k < kinds.length; k++) {
      const field = this.fieldOf[k] as number;
      if (field < 0) {
        start[k] = -1;
        end[k] = -1;
        text[k] = undefined;
        continue;
      }
      const f = o + field;
      const s = fs[f] as number;
      const e = fe[f] as number;
      start[k] = s;
      end[k] = e;
      const kind = kinds[k] as number;
      switch (kind) {
        case KEY:
        case OPTIONAL_KEY:
          if (e === s && kind === OPTIONAL_KEY) {
            start[k] = -1;
            end[k] = -1;
          } else if ((fq[f] as number) & ESCAPED || !this.plainKey(s, e, fq[f] as number)) return false;
          break;
        case WHOLE: {
          const v = this.wholeNumber(s, e, this.bounds[k] as number);
          if (v === undefined) return false;
          value[k] = v;
          break;
        }
        case TEXT: {
          const t = this.textOf(k, f);
          if (t === null) return false;
          text[k] = t;
          break;
        }
        case UNREAD:
          // Never decoded: the checks of `prose` on the bytes (only a quoted or non-ASCII field can hold mojibake).
          text[k] = undefined;
          if (e === s) break;
          if ((bytes[s] as number) <= 32 || bytes[s] === 35) return false;
          if ((fq[f] as number) & (QUOTED | NON_ASCII) && mojibakeBytes(bytes, s, e)) return false;
          break;
        case WORD:
        case PROSE: {
          // Decoded per record: as the schema keeps it (an id or categorical text cleaned, free text checked for mojibake).
          if (e === s) {
            text[k] = undefined;
            break;
          }
          const t = fieldText(this.batch, f);
          const first = t.charCodeAt(0);
          if (first <= 32 || first === 35 || (kind === WORD ? parseId(t) !== t : looksLikeMojibake(t))) return false;
          text[k] = t;
          break;
        }
        default: {
          if (e === s && this.optional[k] === 1) {
            value[k] = Number.NaN;
            break;
          }
          // A day, a label's index or money units.
          const v =
            kind === DAY
              ? this.day(s, e)
              : kind === LABEL
                ? (fq[f] as number) & ESCAPED
                  ? undefined
                  : this.labelOf(k, s, e)
                : this.units(k, field, s, e);
          if (v === undefined) return false;
          value[k] = v;
        }
      }
    }
    this.cells.bytes = bytes;
    if (this.plan.accept && !this.plan.accept(this.cells)) return false;
    const u = this.uniqueCell;
    if (u >= 0 && this.duplicate(undefined, start[u] as number, end[u] as number)) return true;
    this.cells.extra = this.extraOf();
    this.plan.clean(this.cells, this.recordLine);
    return true;
  }

  /** The passed-through columns of the record (undefined without passthrough). */
  private extraOf(): Record<string, string> | undefined {
    if (!this.passthrough) return undefined;
    const extra: Record<string, string> = {};
    const names = this.extraNames;
    for (let i = 0; i < names.length; i++) extra[names[i] as string] = this.text(this.extraFields[i] as number);
    return extra;
  }

  /**
   * Whether the record's unique key (`key`, or its bytes[s, e) on a clean
   * record) was seen before: then the error io/table.ts reports, and the
   * record goes nowhere.
   */
  private duplicate(key: string | undefined, s: number, e: number): boolean {
    const line = this.recordLine;
    const before = key === undefined ? this.unique.addBytes(this.batch.bytes, s, e, line) : this.unique.add(key, line);
    if (before === undefined) return false;
    const name = this.plan.spec.uniqueKey as string;
    const raw = this.text(this.canonicalIndex.get(name) as number);
    this.problem({ severity: 'error', line, record: this.records, ...this.located(name), ...duplicateKey(name, before, raw, key ?? raw) });
    return true;
  }

  /** The decimal mark of a number column (made on first use, as io/table.ts makes it). */
  private markOf(column: string): DecimalColumn {
    let mark = this.marks.get(column);
    if (!mark) {
      mark = this.newMark();
      this.marks.set(column, mark);
    }
    return mark;
  }

  /** A totals row (first cell "Total", "Summe", ...) or a note (`Source: ...`, the other cells empty) is left to the general reader. */
  private checkFooter(): void {
    const { bytes: b, start: fs, end: fe } = this.batch;
    const o = this.f0;
    const s = fs[o] as number;
    const e = fe[o] as number;
    if (e === s) return;
    let others = true;
    for (let f = o + 1; f < o + this.fields && others; f++) others = fe[f] === fs[f];
    // A totals row has no digit in its first cell and starts with t, g, s or 合; a note has nothing beside it.
    if (!others) {
      const first = (b[s] as number) | 0x20;
      if (first !== 0x74 && first !== 0x67 && first !== 0x73 && first !== (0xe5 | 0x20)) return;
      for (let k = s; k < e; k++) {
        const c = b[k] as number;
        if (c >= 0x30 && c <= 0x39) return;
      }
    }
    const fields = Array.from({ length: this.fields }, (_, f) => this.text(f));
    if (footerKind(fields)) throw new StepAside('a totals row or a note');
  }

  /**
   * A key cell the schema would take as it is: not empty, printable, no
   * white space at the edges, nothing Unicode trims or folds (NBSP, zero-width
   * or ideographic spaces, BOM), no `#` (spreadsheet errors) or `+` (Excel's
   * 1.23E+15). `flags`: the field's scanner flags, when the cell is a whole
   * field: an unquoted one holds no control character, `+` or non-ASCII
   * byte unless they say so (their bytes are not read again).
   */
  private plainKey(s: number, e: number, flags = QUOTED): boolean {
    if (e <= s) return false;
    const b = this.batch.bytes;
    if (b[s] === 0x20 || b[e - 1] === 0x20 || b[s] === 0x23) return false;
    if ((flags & (QUOTED | NON_ASCII | CONTROL)) === 0) return true;
    if (flags & CONTROL) return false;
    for (let k = s; k < e; k++) {
      const c = b[k] as number;
      if (c < 0x80) {
        if (c < 0x20 || c === 0x7f || c === 0x2b) return false;
      } else if (c === 0xe1 || c === 0xe2 || c === 0xe3 || c === 0xef || (c === 0xc2 && b[k + 1] === 0xa0)) return false;
    }
    return true;
  }

  /** `YYYY-MM-DD` exactly, a real calendar day; undefined for anything else. */
  private day(s: number, e: number): Day | undefined {
    if (e - s !== 10) return undefined;
    const b = this.batch.bytes;
    if (b[s + 4] !== 0x2d || b[s + 7] !== 0x2d) return undefined;
    const y1 = (b[s] as number) - 48;
    const y2 = (b[s + 1] as number) - 48;
    const y3 = (b[s + 2] as number) - 48;
    const y4 = (b[s + 3] as number) - 48;
    const m1 = (b[s + 5] as number) - 48;
    const m2 = (b[s + 6] as number) - 48;
    const d1 = (b[s + 8] as number) - 48;
    const d2 = (b[s + 9] as number) - 48;
    // Unsigned compare: any byte that is not a digit gives a value above 9.
    if (y1 >>> 0 > 9 || y2 >>> 0 > 9 || y3 >>> 0 > 9 || y4 >>> 0 > 9) return undefined;
    if (m1 >>> 0 > 9 || m2 >>> 0 > 9 || d1 >>> 0 > 9 || d2 >>> 0 > 9) return undefined;
    const year = ((y1 * 10 + y2) * 10 + y3) * 10 + y4;
    const month = m1 * 10 + m2;
    const dom = d1 * 10 + d2;
    if (year < 1900 || year >= 2200) return dayFromParts(year, month, dom);
    // Cached as day + 1e9 (0 = unknown, -1 = not a calendar day).
    const key = (year - 1900) * 416 + month * 32 + dom;
    const cached = this.dayCache[key] as number;
    if (cached !== 0) return cached < 0 ? undefined : cached - 1e9;
    const day = dayFromParts(year, month, dom);
    this.dayCache[key] = day === undefined ? -1 : day + 1e9;
    return day;
  }

  /**
   * `-1234.5678`, `1234,56`, `1,234` as money units (schema/money.ts): digits
   * with at most one mark, read as io/table.ts reads them. The mark's
   * evidence goes to the column (decimalEvidence): a decimal if it is the
   * column's mark (at most four decimals), a thousands separator otherwise
   * (`1,234` in a point column). Undefined for anything else: the schema
   * types it (and takes its evidence).
   */
  private units(cell: number, field: number, s: number, e: number): number | undefined {
    const b = this.batch.bytes;
    let k = s;
    const negative = b[k] === 0x2d;
    if (negative) k++;
    let whole = 0;
    const digitsFrom = k;
    while (k < e) {
      const d = (b[k] as number) - 48;
      if (d < 0 || d > 9) break;
      whole = whole * 10 + d;
      k++;
    }
    const intDigits = k - digitsFrom;
    if (intDigits === 0 || intDigits > 12) return undefined;
    let units = whole * MONEY_SCALE;
    if (k < e) {
      const sep = b[k] as number;
      if (sep !== 0x2e && sep !== 0x2c) return undefined;
      k++;
      const fracFrom = k;
      let frac = 0;
      while (k < e) {
        const d = (b[k] as number) - 48;
        if (d < 0 || d > 9) return undefined;
        frac = frac * 10 + d;
        k++;
      }
      const fracDigits = k - fracFrom;
      if (fracDigits === 0 || fracDigits > MONEY_DECIMALS) return undefined;
      // decimalEvidence of a plain number with one mark.
      const evidence: DecimalEvidence =
        fracDigits === 3 && intDigits <= 3 && b[digitsFrom] !== 0x30 ? 'ambiguous' : sep === 0x2e ? 'point' : 'comma';
      const column = this.cellMarks[cell] as DecimalColumn;
      const mark = column.mark ?? column.markFor(evidence, this.recordLine, this.text(field));
      if ((mark === 'point') === (sep === 0x2e)) units += frac * (FRACTION_UNITS[fracDigits] as number);
      else if (fracDigits === 3 && intDigits <= 3) units = (whole * 1000 + frac) * MONEY_SCALE;
      else return undefined;
    }
    if (units > MAX_MONEY_UNITS) return undefined;
    return negative && units !== 0 ? -units : units;
  }

  /** Empty (NaN), or digits only up to `max` (a whole number, not negative, as the schema bounds it); undefined for anything else. */
  private wholeNumber(s: number, e: number, max: number): number | undefined {
    if (e === s) return Number.NaN;
    if (e - s > 15) return undefined;
    let n = 0;
    for (let k = s; k < e; k++) {
      const d = (this.batch.bytes[k] as number) - 48;
      if (d < 0 || d > 9) return undefined;
      n = n * 10 + d;
    }
    return n <= max ? n : undefined;
  }

  /**
   * Index of the label of cell k (bytes[s, e)) from the plan, once per
   * distinct label; undefined when the schema must type it.
   */
  private labelOf(k: number, s: number, e: number): number | undefined {
    const b = this.batch.bytes;
    const keys = this.cellKeys[k] as KeyTable;
    const ids = this.cellValues[k] as (number | null)[];
    const i = keys.intern(b, s, e);
    if (keys.added) ids[i] = this.plainKey(s, e) ? (this.plan.label(this.columns[k] as string, b.toString('utf8', s, e)) ?? null) : null;
    return ids[i] ?? undefined;
  }

  /**
   * The text of cell k (field f) as the schema makes it: undefined when
   * empty, the text when the schema takes it as it is, null when the schema
   * must type it (white space at the edges, a spreadsheet error: its
   * warning). By the field's bytes (quotes doubled inside a quoted field are
   * its own bytes), decided and decoded once per distinct text.
   */
  private textOf(k: number, f: number): string | undefined | null {
    const { bytes, start, end } = this.batch;
    const s = start[f] as number;
    const e = end[f] as number;
    if (e === s) return undefined;
    const keys = this.cellKeys[k] as KeyTable;
    const texts = this.cellValues[k] as (string | null)[];
    const i = keys.intern(bytes, s, e);
    if (keys.added) {
      const text = fieldText(this.batch, f);
      const first = text.charCodeAt(0);
      texts[i] = first > 32 && first !== 35 && cleanKey(text) === text ? text : null;
    }
    return texts[i] as string | null;
  }

  /** The record through the row schema, reporting as io/table.ts does. */
  private typed(): void {
    this.doubtful++;
    const header = this.header as Column[];
    this.currentLine = this.recordLine;
    this.currentRecord = this.records;
    if (!this.schema) {
      const cx: CellContext = {
        decimalMark: (column, raw) => {
          const col = this.markOf(column);
          return col.mark ?? col.markFor(decimalEvidence(raw), this.currentLine, raw);
        },
        normalizeId: (_, id) => id,
        dateFormat: undefined,
        nullValues: new Set(),
        warn: (column, code, message, value) => {
          const key = `${column}\0${code}`;
          if (this.warned.has(key)) return;
          this.warned.add(key);
          this.problem(
            {
              severity: 'warning',
              line: this.currentLine,
              record: this.currentRecord,
              ...this.located(column),
              code,
              message: `${message} (first of this column; others not listed)`,
              value,
            },
            key,
          );
        },
      };
      this.schema = leavingOut(this.plan.spec.schema(cx, this.wanted ? [...this.wanted] : undefined), this.leftOut);
    }
    const fields = Array.from({ length: this.fields }, (_, f) => this.text(f));
    const raw: Record<string, string> = {};
    for (const h of header) if (h.canonical && (!this.wanted || this.wanted.has(h.canonical))) raw[h.canonical] = fields[h.index] ?? '';
    const parsed = this.schema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const name = String(issue.path[0] ?? '');
        const index = this.canonicalIndex.get(name);
        this.problem({
          severity: 'error',
          line: this.recordLine,
          record: this.records,
          ...this.located(name),
          code: ((issue as { params?: { code?: string } }).params?.code ?? 'E_VALUE') as string,
          message: issue.message,
          value: index === undefined ? undefined : fields[index],
        });
      }
      return;
    }
    const row = parsed.data as Row & { line: number; extra?: Record<string, string> };
    row.line = this.recordLine;
    if (this.passthrough) row.extra = this.extraOf();
    const unique = this.plan.spec.uniqueKey;
    if (unique && this.duplicate(String((row as Record<string, unknown>)[unique]), 0, 0)) return;
    this.plan.typed(row);
  }

  /** A problem's column (from 1) and its name as the header writes it (the canonical name when absent). */
  private located(name: string): Pick<Problem, 'column' | 'columnName'> {
    const index = this.canonicalIndex.get(name);
    return index === undefined
      ? { column: undefined, columnName: name }
      : { column: index + 1, columnName: (this.header as Column[])[index]?.original };
  }

  private problem(p: Omit<Problem, 'file'>, warnKey?: string): void {
    this.problems.push({ ...p, file: this.label });
    this.warnKeys.push(warnKey);
    // A range keeps a few more: some of its `first of this column` warnings are dropped by the merge.
    if (this.problems.length > MAX_PROBLEMS + (this.inRange ? RANGE_EXTRA_PROBLEMS : 0)) throw new StepAside('too many problems');
  }

  /** As io/table.ts does at the end of a file: a few counts, then commit the problems and stop on errors. */
  private finish(): void {
    if (this.records < EVIDENCE_RECORDS) this.checkSalesforce();
    // Ambiguous numbers no value decided, or read with the other mark before one did: the general reader reports them.
    if ([...this.marks.values()].some((m) => m.problem())) throw new StepAside('decimal marks the values do not decide');
    if (this.records === 0) this.problem({ severity: 'warning', line: 1, code: 'W_EMPTY', message: 'header only: 0 records' });
    if (SUSPICIOUS_COUNTS.has(this.records)) {
      this.problem({
        severity: 'warning',
        line: 0,
        code: 'W_ROUND_COUNT',
        message: `exactly ${grouped(this.records)} records: an export limit may have cut the file`,
      });
    }
    const ctx = this.ctx as ReadContext;
    for (const p of this.problems) ctx.problems.add(p);
    const errors = ctx.problems.errorCount(this.label);
    if (errors > 0)
      throw new PlanError('data', `${this.label}: ${grouped(errors)} error${errors === 1 ? '' : 's'}`, ctx.problems.errorsOf(this.label));
  }
}

/** Lines per byte of `head`: times a file's or a range's size, about how many records it holds (a table sized for it has room to spare). */
function linesPerByte(head: Buffer): number {
  // A loop over the bytes: indexOf per line (~16,000 calls in a MiB of order lines) took ~5 ms more.
  let lines = 0;
  for (let i = 0; i < head.length; i++) if (head[i] === LF) lines++;
  return Math.max(lines, 1) / head.length;
}

/** Where the bytes of `all` stop being complete UTF-8 characters (an incomplete sequence at the end is cut). */
function completeUtf8(all: Buffer): number {
  const n = all.length;
  for (let back = 1; back <= 3 && n - back >= 0; back++) {
    const c = all[n - back] as number;
    if ((c & 0xc0) === 0x80) continue;
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}
