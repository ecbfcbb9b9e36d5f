/**
 * io/parallel.ts: how many threads, where a cut is guessed, and a range
 * whose worker fails read again by the main thread (the CLI's split reads
 * against one pass: test/cli/parallel.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { orderTally, type TallyPartial } from '../../src/core/cost.js';
import { readOrdersFast } from '../../src/io/fast-orders.js';
import type { RangeSetup } from '../../src/io/fast-read.js';
import { guessCut, PARALLEL_MIN_BYTES, prestartWorkers, spareCount, startWorker, threadsFor } from '../../src/io/parallel.js';
import { parseIsoDay } from '../../src/schema/calendar.js';
import { MONEY_SCALE } from '../../src/schema/money.js';
import { fileWriter, readContext } from '../helpers/fast-read.js';

describe('threadsFor', () => {
  it('PLAN_THREADS when it is a whole number from 1, else by size', () => {
    expect(threadsFor(100, '1')).toBe(1);
    expect(threadsFor(100, '6')).toBe(6);
    expect(threadsFor(PARALLEL_MIN_BYTES * 4, '1')).toBe(1);
    expect(threadsFor(PARALLEL_MIN_BYTES - 1, undefined)).toBe(1);
    expect(threadsFor(PARALLEL_MIN_BYTES - 1, 'two')).toBe(1);
    expect(threadsFor(PARALLEL_MIN_BYTES, undefined)).toBeGreaterThanOrEqual(1);
    expect(threadsFor(PARALLEL_MIN_BYTES, undefined)).toBeLessThanOrEqual(4);
    // A plan that splits only when asked.
    expect(threadsFor(PARALLEL_MIN_BYTES * 4, undefined, false)).toBe(1);
    expect(threadsFor(100, '3', false)).toBe(3);
  });
});

describe('guessCut', () => {
  const at = (text: string, width = 3) => guessCut(Buffer.from(text), 44, width, true);
  it('after the first line break, blank lines skipped', () => {
    expect(at('x,y\nA,B,C\nD,E,F\n')).toBe(4);
    expect(at('y\n\r\n\nA,B,C\n')).toBe(5);
    expect(at('y\r\nA,B,C\r\n')).toBe(3);
  });
  it('past a line break inside a quoted field, told by the records after it', () => {
    // The file: `1,"note with\nbreak",2` then `A,B,C`; read from inside the note.
    expect(at('note with\nbreak",2\nA,B,C\nD,E,F\n')).toBe(19);
    // Records of another width after the first break: the next break.
    expect(at('a\nb,c\nA,B,C\n')).toBe(6);
  });
  it('the first line break when nothing looks right; -1 without one', () => {
    expect(at('a\nb\nc\n')).toBe(2);
    expect(at('no line break')).toBe(-1);
  });
});

describe('a range whose worker fails', () => {
  it('is read by the main thread: the tally as from one pass', async () => {
    const lines = ['order_id,customer_id,date,channel,amount'];
    for (let k = 0; k < 40_000; k++)
      lines.push(`O${k >> 1},C${(k * 7919) % 5000},2026-0${1 + (k % 9)}-15,${['web', 'phone', 'fax'][k % 3]},${k % 97}.25`);
    const path = fileWriter('orders')(`${lines.join('\n')}\n`);
    const setup = {
      window: { from: parseIsoDay('2026-01-01') as number, to: parseIsoDay('2026-06-30') as number },
      synonyms: {},
      revenueWindow: undefined,
      periods: [],
    };
    const read = async (threads: string) => {
      const tally = orderTally(setup);
      const notes: string[] = [];
      const ctx = { ...readContext(), threads, onInfo: (m: string) => notes.push(m) };
      const parallel = {
        worker: new URL('./no-such-worker.js', import.meta.url),
        kind: 'orders',
        auto: true,
        config: () => ({ value: setup }),
        merge: (p: unknown, base: number) => tally.merge(p as TallyPartial, base),
      };
      const outcome = await readOrdersFast({ path, label: 'orders.csv' }, ctx, tally, {}, Number.POSITIVE_INFINITY, parallel);
      const customers = Array.from({ length: tally.customers }, (_, i) => [
        tally.customerId(i),
        tally.firstLine(i),
        tally.orders(i, 3),
        tally.amount(i, 1),
      ]);
      return { outcome, customers, unknown: tally.unknownChannels(), notes };
    };
    const one = await read('1');
    const split = await read('3');
    expect(split.notes).toContain('orders.csv: 3 ranges read in parallel');
    expect(split.notes.filter((n) => n.endsWith('its range read again'))).toHaveLength(2);
    expect(split.outcome).toEqual(one.outcome);
    expect(split.customers).toEqual(one.customers);
    expect(split.unknown).toEqual(one.unknown);
  });
});

/** A range for a worker that never reads it. */
const SOME_RANGE: RangeSetup = {
  path: 'orders.csv',
  label: 'orders.csv',
  start: 100,
  limit: Number.POSITIVE_INFINITY,
  delimiter: 44,
  header: [],
  wanted: undefined,
  marks: [],
  progress: false,
  expected: 0,
};

/** The built range worker (npm test builds first). */
const RANGE_WORKER = new URL('../../dist/analyses/range-worker.js', import.meta.url);

/**
 * The orders at `path` read into a tally on three threads, the ranges by
 * `worker`; `log`: the reader's notes, and "worker started" when a worker is
 * given its setup; `unwrap`: a worker's partial as the tally merges it.
 */
async function readOnThreeThreads(path: string, worker: URL, unwrap = (partial: unknown) => partial as TallyPartial) {
  const setup = { window: { from: 0, to: 100_000 }, synonyms: {}, revenueWindow: undefined, periods: [] };
  const tally = orderTally(setup);
  const log: string[] = [];
  const ctx = { ...readContext(), threads: '3', onInfo: (m: string) => log.push(m) };
  const parallel = {
    worker,
    kind: 'orders',
    auto: true,
    config: () => {
      log.push('worker started');
      return { value: setup };
    },
    merge: (partial: unknown, base: number) => tally.merge(unwrap(partial), base),
  };
  await readOrdersFast({ path, label: 'orders.csv' }, ctx, tally, {}, Number.POSITIVE_INFINITY, parallel);
  return { tally, log };
}

describe('workers start before their ranges are known', () => {
  it('while the main thread reads the records that decide the cuts', async () => {
    const lines = ['order_id,customer_id,date,channel,amount'];
    for (let k = 0; k < 40_000; k++) lines.push(`O${k},C${k % 5000},2026-0${1 + (k % 9)}-15,web,${k % 97}.25`);
    const { tally, log } = await readOnThreeThreads(fileWriter('orders')(`${lines.join('\n')}\n`), RANGE_WORKER);
    const split = log.indexOf('orders.csv: 3 ranges read in parallel');
    expect(split).toBeGreaterThan(0);
    expect(log.slice(0, split).filter((m) => m === 'worker started')).toHaveLength(2);
    // And they read their ranges.
    expect(log.filter((m) => m.endsWith('read again'))).toEqual([]);
    expect(tally.records).toBe(40_000);
  });

  it('one that ends before it is given its range fails the range (read again by the main thread), never hangs', async () => {
    const worker = startWorker({
      worker: new URL('../fixtures/workers/fails-at-once.mjs', import.meta.url),
      kind: 'orders',
      auto: true,
      config: () => ({ value: {} }),
      merge: () => true,
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await expect(worker.read(SOME_RANGE).result).rejects.toThrow('stopped (3)');
  });
});

describe('a worker is told about how many lines its range holds (RangeSetup.expected)', () => {
  it("its range's bytes times the lines per byte of the file's first MiB: within 1% of the lines it reads", async () => {
    // 60,000 lines of 35 bytes (ids and amounts padded): 2.1 MB, so the first MiB is a sample, not the file.
    const lines = ['order_id,customer_id,date,channel,amount'];
    for (let k = 0; k < 60_000; k++)
      lines.push(
        `O${String(k).padStart(6, '0')},C${String(k % 4000).padStart(4, '0')},2026-03-1${k % 10},web,${String(k % 90).padStart(2, '0')}.25`,
      );
    const told: { expected: number; read: number }[] = [];
    const { tally, log } = await readOnThreeThreads(
      fileWriter('orders')(`${lines.join('\n')}\n`),
      new URL('../fixtures/workers/tells-expected.mjs', import.meta.url),
      (p) => {
        const { partial, expected, read } = p as { partial: TallyPartial; expected: number; read: number };
        told.push({ expected, read });
        return partial;
      },
    );
    expect(log).toContain('orders.csv: 3 ranges read in parallel');
    expect(log.filter((m) => m.endsWith('read again'))).toEqual([]);
    expect(tally.records).toBe(60_000);
    expect(told).toHaveLength(2);
    for (const { expected, read } of told) {
      // Each worker's range holds thousands of lines (the main thread reads the first records, then the first range).
      expect(read).toBeGreaterThan(5_000);
      expect(Math.abs(expected - read)).toBeLessThanOrEqual(read / 100);
    }
  });
});

describe('spare workers started before the command knows what it reads (prestartWorkers)', () => {
  const FAILS = new URL('../fixtures/workers/fails-at-once.mjs', import.meta.url);

  it('are taken by the reader, told their kind and setup, and read their ranges', async () => {
    const lines = ['order_id,customer_id,date,channel,amount'];
    // By hand: 30,000 lines, C0..C2999 each 10 times, amounts k % 50 + 0.5: the sum of 0.5..49.5 is 1250, 600 times.
    for (let k = 0; k < 30_000; k++) lines.push(`O${k},C${k % 3000},2026-03-${10 + (k % 9)},phone,${k % 50}.50`);
    const path = fileWriter('orders')(`${lines.join('\n')}\n`);
    prestartWorkers(RANGE_WORKER, 2);
    expect(spareCount()).toBe(2);
    const { tally, log } = await readOnThreeThreads(path, RANGE_WORKER);
    expect(log).toContain('orders.csv: 3 ranges read in parallel');
    expect(log.filter((m) => m.endsWith('read again'))).toEqual([]);
    expect(spareCount()).toBe(0);
    expect(tally.records).toBe(30_000);
    expect(tally.customers).toBe(3000);
    let units = 0;
    for (let i = 0; i < tally.customers; i++) for (let c = 0; c < 4; c++) units += tally.amount(i, c);
    expect(units).toBe(600 * 1250 * MONEY_SCALE);
  });

  it('one that fails before it is taken is dropped, never taken: the reader starts its own', async () => {
    prestartWorkers(FAILS, 1);
    for (let waited = 0; spareCount() > 0 && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(spareCount()).toBe(0);
    const worker = startWorker({ worker: FAILS, kind: 'orders', auto: true, config: () => ({ value: {} }), merge: () => true });
    await expect(worker.read(SOME_RANGE).result).rejects.toThrow('stopped (3)');
  });
});

describe('a worker says how far it has read (a progress line is shown)', () => {
  const MB = 1 << 20;
  // The stand-in worker goes through the built io/parallel.js (npm test builds first).
  const worker = new URL('../fixtures/workers/progress.mjs', import.meta.url);
  const setup: RangeSetup = {
    path: 'orders.csv',
    label: 'orders.csv',
    start: 5 * MB,
    limit: Number.POSITIVE_INFINITY,
    delimiter: 44,
    header: [],
    wanted: undefined,
    marks: [],
    progress: true,
    expected: 0,
  };
  const plan = (config: object) => ({ worker, kind: 'orders', auto: true, config: () => ({ value: config }), merge: () => true });

  it('once per 8 MB at most; its result counts the whole range, to where it stopped', async () => {
    const seen: number[] = [];
    // Said at 3, 9, 12 and 20 MB: posted at 9 (9 MB since 0) and 20 (11 since 9), not at 3 nor 12 (3 since 9).
    const range = startWorker(plan({ said: [3, 9, 12, 20], stoppedAfter: 21 })).read(setup, () => seen.push(range.bytes));
    const { range: result } = await range.result;
    expect(result.stoppedAt).toBe(26 * MB);
    expect(seen).toEqual([9 * MB, 20 * MB, 21 * MB]);
    range.stop();
  });

  it("the progress line shows the main thread's bytes plus the workers', never back, never past the file", async () => {
    const lines = ['order_id,customer_id,date,channel,amount'];
    for (let k = 0; k < 40_000; k++) lines.push(`O${k},C${k % 5000},2026-0${1 + (k % 9)}-15,${['web', 'phone'][k % 2]},${k % 97}.25`);
    const text = `${lines.join('\n')}\n`;
    const size = Buffer.byteLength(text);
    const path = fileWriter('orders')(text);
    const setup = { window: { from: 0, to: 100_000 }, synonyms: {}, revenueWindow: undefined, periods: [] };
    const tally = orderTally(setup);
    const log: (number | string)[] = [];
    const ctx = {
      ...readContext(),
      threads: '2',
      onInfo: (m: string) => log.push(m),
      onProgress: (_: string, bytes: number) => log.push(bytes),
    };
    const parallel = {
      worker: new URL('../fixtures/workers/claims-then-fails.mjs', import.meta.url),
      kind: 'orders',
      auto: true,
      config: () => ({ value: setup }),
      merge: (p: unknown, base: number) => tally.merge(p as TallyPartial, base),
    };
    const outcome = await readOrdersFast({ path, label: 'orders.csv' }, ctx, tally, {}, Number.POSITIVE_INFINITY, parallel);
    expect(outcome).toMatchObject({ used: true, records: 40_000 });
    expect(log).toContain('orders.csv: 2 ranges read in parallel');
    const shown = log.filter((x): x is number => typeof x === 'number');
    // The worker said it had read its range but 1,000 bytes: once the main thread has read its own range (to where the
    // worker's starts), the line shows the file but 1,000 bytes; then the range read again here, and the whole file.
    expect(shown).toContain(size - 1000);
    expect(shown.at(-1)).toBe(size);
    expect(shown.every((b, k) => b <= size && (k === 0 || b >= (shown[k - 1] as number)))).toBe(true);
  });
});
