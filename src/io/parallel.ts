/**
 * Large files on several threads (io/fast-read.ts, issue 14): once the first
 * records of a file have decided its dialect, header, decimal marks and ids,
 * the rest is cut into ranges at record starts; the reader keeps the first
 * range and worker threads read the others, each into its own partial
 * aggregate, which the reader merges in file order (ParallelPlan.merge).
 *
 * A cut is a guess (after a line break, checked by the field count of the
 * records after it); the range before it proves it: its scanner stops at the
 * first record starting at or after the cut (`stoppedAt`). A range whose cut
 * was not a record start (a quoted field with line breaks) is read again by
 * the main thread from where the range before stopped, so the result never
 * depends on a guess.
 *
 * How many threads: PLAN_THREADS=N (N >= 2 splits a file of any size, 1
 * never), else THREADS_AUTO for plain files of PARALLEL_MIN_BYTES or more
 * (for plans that ask for it: `auto`).
 */
import type { FileHandle } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { parentPort, Worker } from 'node:worker_threads';
import type { ParallelPlan, RangeResult, RangeSetup } from './fast-read.js';
import { ByteScanner, resyncCandidate, STRAY_QUOTE } from './scan.js';

/** Files this large (bytes) are read on several threads. */
export const PARALLEL_MIN_BYTES = 32 << 20;
/** At most this many threads without PLAN_THREADS (each keeps an aggregate of its own until the merge). */
const THREADS_AUTO = 4;
/** Bytes after a cut whose records check the guess. */
const PROBE_BYTES = 64 << 10;
/** Line breaks tried after a cut before the first is taken anyway (the range before checks it). */
const TRIES = 16;
/**
 * The first range's extra share, in ranges: a worker starts with the read
 * (startWorker) but is ready up to ~0.1 s after the cuts are found, so the
 * workers' ranges are a little shorter (2 threads: 52% and 48%; on
 * orders-shuffled.csv the main thread and the worker then finish within
 * 0.1 s of each other at the median of 8 runs, either one first).
 */
const FIRST_EXTRA = 0.1;
/**
 * Bytes a worker reads between two messages of its progress (when a progress
 * line is shown): a message per 8 MB, a few dozen a second at most.
 */
const PROGRESS_BYTES = 8 << 20;

/** How a file is read in ranges: by whom, on how many threads, from which path. */
export interface Split {
  plan: ParallelPlan;
  threads: number;
  path: string;
}

/** A range read on a worker thread: its result (the reader's, and the sink's partial aggregate). */
export interface Range {
  start: number;
  limit: number;
  plan: ParallelPlan;
  result: Promise<{ range: RangeResult; partial: unknown }>;
  /** Bytes of the range read so far, as the worker last said (with `RangeSetup.progress`). */
  bytes: number;
  /** Ends the worker (done, or its result is not needed). */
  stop(): void;
}

/** A worker's message while it reads: bytes of its range read so far. */
interface RangeProgress {
  progress: number;
}

let progressPosted = 0;

/**
 * On a worker thread reading a range with `RangeSetup.progress`: tells the
 * thread that started it how many bytes of the range it has read, once per
 * PROGRESS_BYTES (the progress line shows the sum of all ranges).
 */
export function postRangeProgress(bytes: number): void {
  if (!parentPort || bytes - progressPosted < PROGRESS_BYTES) return;
  progressPosted = bytes;
  parentPort.postMessage({ progress: bytes } satisfies RangeProgress);
}

/**
 * Threads for a file of `size` bytes: PLAN_THREADS when set (a whole number
 * from 1), else (`auto`) by size and cores, else one.
 */
export function threadsFor(size: number, setting: string | undefined, auto = true): number {
  const forced = Number(setting);
  if (setting !== undefined && setting.trim() !== '' && Number.isInteger(forced) && forced >= 1) return Math.min(forced, 64);
  return auto && size >= PARALLEL_MIN_BYTES ? Math.min(THREADS_AUTO, availableParallelism()) : 1;
}

/**
 * Where the ranges after `from` start: `threads` - 1 cuts near equal shares
 * of [from, size) (the first a little longer), each at a probable record start (strictly increasing,
 * after `from`, before `size`; fewer when a share holds no line break).
 */
export async function findCuts(
  handle: FileHandle,
  from: number,
  size: number,
  threads: number,
  delimiter: number,
  width: number,
): Promise<number[]> {
  const cuts: number[] = [];
  const probe = Buffer.allocUnsafe(PROBE_BYTES);
  for (let k = 1; k < threads; k++) {
    const at = Math.max(from + Math.floor(((size - from) * (k + FIRST_EXTRA)) / (threads + FIRST_EXTRA)), cuts.at(-1) ?? from);
    const { bytesRead } = await handle.read(probe, 0, PROBE_BYTES, at);
    const cut = guessCut(probe.subarray(0, bytesRead), delimiter, width, at + bytesRead >= size);
    if (cut < 0 || at + cut >= size || at + cut <= (cuts.at(-1) ?? from)) continue;
    cuts.push(at + cut);
  }
  return cuts;
}

/**
 * A probable record start in `bytes` (read from an arbitrary offset): after a
 * line break and any blank lines, where the records that follow have `width`
 * fields and no stray quote; the first line break when none does; -1 when
 * there is no line break.
 */
export function guessCut(bytes: Buffer, delimiter: number, width: number, final: boolean): number {
  let first = -1;
  let at = 0;
  for (let tries = 0; tries < TRIES; tries++) {
    let cut = resyncCandidate(bytes, at);
    if (cut >= bytes.length) break;
    while (cut < bytes.length && (bytes[cut] === 10 || bytes[cut] === 13)) cut++;
    if (cut >= bytes.length) break;
    if (first < 0) first = cut;
    if (plausibleStart(bytes.subarray(cut), delimiter, width, final)) return cut;
    at = cut;
  }
  return first;
}

/** The records at the start of `bytes` all have `width` fields (blank lines aside), quotes where quotes may be. */
function plausibleStart(bytes: Buffer, delimiter: number, width: number, final: boolean): boolean {
  try {
    const batch = new ByteScanner({ delimiter, offset: 1 }).push(bytes, final);
    if (batch.count === 0 || batch.badQuotes.length > 0) return false;
    for (let r = 0; r < batch.count; r++) {
      const f0 = batch.firstField[r] as number;
      const fields = (batch.firstField[r + 1] as number) - f0;
      if (fields === 0 || (fields === 1 && batch.start[f0] === batch.end[f0])) continue;
      if (fields !== width) return false;
      for (let f = f0; f < f0 + fields; f++) if ((batch.flags[f] as number) & STRAY_QUOTE) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** A worker thread started before its range is known: it loads its modules and makes its sink meanwhile. */
export interface WarmWorker {
  /** Gives it its range; `onProgress` is called when it says how far it has read (`Range.bytes`). */
  read(setup: RangeSetup, onProgress?: () => void): Range;
  /** Ends it (not needed after all, or done). */
  stop(): void;
}

/**
 * Starts a worker thread for a range of the plan's kind, before the range is
 * known: a worker takes about 0.3 s to start and load its modules, which it
 * spends while this thread reads the records that decide where the ranges
 * are (the worker waits for its RangeSetup in a message). A spare started
 * earlier (prestartWorkers) is taken when there is one.
 */
export function startWorker(plan: ParallelPlan): WarmWorker {
  const { value, transfer } = plan.config();
  const start: WorkerStart = { kind: plan.kind, config: value };
  let worker = takeSpare(plan.worker);
  if (worker) {
    worker.ref();
    worker.postMessage(start, transfer);
  } else {
    // Its standard streams are not piped to this process's (a pipe per worker adds a listener to process.stderr): a
    // worker writes nothing, and its errors come back as its 'error' event.
    worker = new Worker(plan.worker, { workerData: start, transferList: transfer, stdout: true, stderr: true });
  }
  let stopped = false;
  let range: Range | undefined;
  let label = '';
  let onProgress: (() => void) | undefined;
  let settle: { resolve(result: { range: RangeResult; partial: unknown }): void; reject(error: Error): void } | undefined;
  /** Why it ended before its result (it could not start, say): its range's result rejects with it. */
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    settle?.reject(failure);
  };
  worker.on('message', (message: { range: RangeResult; partial: unknown } | RangeProgress) => {
    if (!range || !settle) return;
    const result = 'progress' in message ? undefined : message;
    // Its result: the whole range read (to where it stopped). Nothing is shown once it is stopped.
    range.bytes = result ? Math.max(range.bytes, result.range.stoppedAt - range.start) : (message as RangeProgress).progress;
    if (!stopped) onProgress?.();
    if (result) settle.resolve(result);
  });
  worker.once('error', fail);
  worker.once('exit', (code) =>
    fail(new Error(`the worker reading ${range ? `bytes ${range.start}.. of ${label}` : 'a range'} stopped (${code})`)),
  );
  const stop = () => {
    stopped = true;
    void worker.terminate();
  };
  const read = (setup: RangeSetup, progress?: () => void): Range => {
    onProgress = progress;
    label = setup.label;
    const result = new Promise<{ range: RangeResult; partial: unknown }>((resolve, reject) => {
      settle = { resolve, reject };
    });
    range = { start: setup.start, limit: setup.limit, plan, bytes: 0, result, stop };
    // Awaited in file order after the first range; a failure meanwhile is not unhandled.
    result.catch(() => undefined);
    if (failure) settle?.reject(failure);
    else worker.postMessage({ setup } satisfies RangeStart);
    return range;
  };
  return { read, stop };
}

/** The message that gives a warm worker its range (analyses/range-worker.ts waits for it). */
export interface RangeStart {
  setup: RangeSetup;
}

/** What a worker reads for (the plan's kind, its sink's setup): its workerData, or a spare's first message. */
export interface WorkerStart {
  kind: string;
  config: unknown;
}

/** Spare workers (prestartWorkers) not yet taken, with the script they run. */
const spares: { url: string; worker: Worker }[] = [];

/**
 * Starts `count` worker threads for ranges at the very start of a run that
 * names a large input (cli/launch.ts `warmUp`), before the command's modules
 * load: a worker's own start (~0.15-0.3 s on the bench machine) then runs
 * beside this thread's instead of after it, and startWorker takes a spare
 * instead of starting one. A spare loads the range modules and waits for its
 * WorkerStart in a message. Unreferenced until taken: a spare nobody takes
 * (a command that reads no large file in ranges) does not keep the process
 * alive, and one that fails is dropped, never taken.
 */
export function prestartWorkers(url: URL, count: number): void {
  for (let k = 0; k < count; k++) {
    const worker = new Worker(url, { workerData: null, stdout: true, stderr: true });
    const spare = { url: url.href, worker };
    const drop = () => {
      const at = spares.indexOf(spare);
      if (at >= 0) spares.splice(at, 1);
    };
    worker.on('error', drop);
    worker.once('exit', drop);
    worker.unref();
    spares.push(spare);
  }
}

/** Spares started and not yet taken (tests). */
export function spareCount(): number {
  return spares.length;
}

/** A spare worker running `url`, taken out of the spares, or undefined. */
function takeSpare(url: URL): Worker | undefined {
  const at = spares.findIndex((s) => s.url === url.href);
  return at < 0 ? undefined : spares.splice(at, 1)[0]?.worker;
}
