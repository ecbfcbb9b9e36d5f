/**
 * The fast orders reader against the references: its byte scanner against
 * csv-parse, the general tokenizer and csv-spectrum; the whole fast path
 * against the general reader (io/table.ts) on generated orders files, down to
 * every aggregate, problem and error.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createChannelResolver } from '../../src/core/channels.js';
import { OrderTally } from '../../src/core/cost.js';
import { type OrderSink, readOrdersFast } from '../../src/io/fast-orders.js';
import { fold, type ReadContext, readTable } from '../../src/io/table.js';
import { parseIsoDay } from '../../src/schema/calendar.js';
import { FILES } from '../../src/schema/files.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { AWKWARD_IDS, cell, fileWriter, type ReadOutcome, readContext, readOutcome } from '../helpers/fast-read.js';
import { customerFigures } from '../helpers/tally.js';

const COLUMNS = ['customer_id', 'date', 'channel', 'amount', 'order_id'];

// ---------------------------------------------------------------------------
// The whole fast path against the general reader
// ---------------------------------------------------------------------------

const WINDOW = { from: parseIsoDay('2026-01-01') as number, to: parseIsoDay('2026-12-31') as number };

/** Everything a tally holds, in a comparable form. */
function snapshot(t: OrderTally) {
  return {
    customers: customerFigures(t),
    returns: [...t.returns].sort((a, b) => a[0] - b[0]),
    unknown: t.unknownChannels(),
    records: t.records,
    outside: t.outsideWindow,
  };
}

/**
 * The tally, and beside it each customer's money units per product as the
 * sink is given them (the product fold's input): by decoded customer id and
 * product text, undefined (no product) apart.
 */
function withProductSums(tally: OrderTally) {
  const sums = new Map<string, number>();
  const note = (id: string | undefined, product: string | undefined, units: number) => {
    const key = JSON.stringify([id ?? null, product ?? null]);
    sums.set(key, (sums.get(key) ?? 0) + units);
  };
  const sink: OrderSink = {
    labelIndex: (label) => tally.labelIndex(label),
    addBytes(bytes, keyStart, keyEnd, label, day, units, orderStart, orderEnd, line, product) {
      tally.addBytes(bytes, keyStart, keyEnd, label, day, units, orderStart, orderEnd, line);
      note(Buffer.from(bytes.subarray(keyStart, keyEnd)).toString('utf8'), product, units);
    },
    add(row) {
      tally.add(row);
      note(row.customer_id, row.product, row.amount);
    },
    flush: () => tally.flush(),
  };
  return { sink, sums: () => [...sums].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) };
}

interface Outcome extends ReadOutcome {
  products?: [string, number][];
  tally: ReturnType<typeof snapshot>;
}

async function both(
  path: string,
  options: ReadContext['options'] = {},
  windowBytes?: number,
  /** Also the product column, its sums compared. */
  products = false,
): Promise<{ general: Outcome; fast: Outcome }> {
  const columns = products ? [...COLUMNS, 'product'] : COLUMNS;
  const input = { path, label: 'orders.csv' };
  const resolve = createChannelResolver();
  const revenueWindow = { from: parseIsoDay('2025-07-01') as number, to: parseIsoDay('2026-06-30') as number };
  const run = async (fast: boolean): Promise<Outcome> => {
    const tally = new OrderTally(WINDOW, resolve, revenueWindow);
    const recorded = withProductSums(tally);
    const sink = products ? recorded.sink : tally;
    const outcome = await readOutcome(options, (ctx) =>
      fast
        ? readOrdersFast(input, ctx, sink, { columns }, windowBytes)
        : fold(readTable(FILES.orders, input, ctx, { columns }), (row) => sink.add(row)),
    );
    return { ...outcome, tally: snapshot(tally), ...(products ? { products: recorded.sums() } : {}) };
  };
  return { general: await run(false), fast: await run(true) };
}

const write = fileWriter('orders');

describe('fast path: differential against the general reader', () => {
  const pick = <T>(...values: T[]) => fc.constantFrom(...values);
  const customer = pick('C1', 'C2', 'C2', 'C10', ...AWKWARD_IDS);
  const channel = pick(
    'field',
    'field',
    'phone',
    'email',
    'web',
    'Visit',
    ' phone',
    'E-Mail',
    'EDI',
    'fax',
    'Außendienst',
    '',
    ' web ',
    'web\u00a0',
  );
  const date = pick(
    '2026-01-05',
    '2026-03-31',
    '2026-12-31',
    '2025-12-31',
    '2027-01-01',
    '2025-08-01',
    '2026-02-30',
    '2026-06-01T10:00',
    '05.06.2026',
    '',
    '2026-6-1',
    ' 2026-04-01',
  );
  const amount = pick(
    '100',
    '100.5',
    '19.99',
    '-20.25',
    '1,234.50',
    '12abc',
    '',
    '0',
    '-0',
    '1e3',
    '0.005',
    '007.10',
    '999999999999.99',
    '899999999999.9999',
    '0.1234',
    '12.34567',
    '9999999999999',
    '€12',
    '.5',
    '1.',
    '+5',
    ' 7',
    '-',
  );
  const order = pick('O1', 'O1', 'O2', '', '1.5E+3', ' O3', 'O"4');
  // Products with quotes, separators, line breaks, white space at the edges, non-ASCII letters; empty ones unquoted as well.
  const product = fc.oneof(
    fc.string({ unit: pick('a', ' ', ',', '"', '\n', '\r\n', 'µ', ';', 'ü', '語', '\u00a0'), maxLength: 8 }),
    pick('', '', 'Größe 2', '日本語', 'Pallet "Euro"', 'Pallet ""Euro""', '#N/A', ' Größe 2', 'Größe 2\u200b', 'Ünïcödé'),
  );
  const row = fc.tuple(order, customer, date, channel, amount, fc.integer({ min: 0, max: 30 }), product, fc.boolean());

  it('yields exactly the aggregates, problems and errors of the general reader on generated orders files', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 0, maxLength: 40 }),
        pick('\n', '\r\n'),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 1, max: 200 }),
        fc.boolean(),
        async (rows, eol, bom, finalNewline, quoteAll, windowBytes, products) => {
          const header = 'order_id,Customer ID,date,channel,amount,lines,product';
          const lines = rows.map(([o, c, d, ch, a, l, p, q]) =>
            [...[o, c, d, ch, a, String(l)].map((v) => cell(v, q || quoteAll)), p === '' && !quoteAll ? '' : cell(p, q || quoteAll)].join(
              ',',
            ),
          );
          const body = [header, ...lines].join(eol) + (finalNewline ? eol : '');
          const path = write(Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(body, 'utf8')]));
          const { general, fast } = await both(path, { delimiter: ',' }, windowBytes, products);
          expect(fast.used, fast.reason).toBe(true);
          expect(fast).toEqual(general);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('decides decimal marks from the values as the general reader does, or steps aside', async () => {
    // Amounts that decide (93.2, 1,7, 1.234,5, 0.125), that are ambiguous (92.893, 1,250) or that say nothing (12).
    const amount = pick('93.2', '1,7', '1.234,5', '0.125', '0,5', '92.893', '1,250', '1.250', '12', '-7', '1,234.50', '1.234.567');
    const line = fc.tuple(pick('C1', 'C2', 'C3'), pick('2026-03-01', '2025-08-01'), pick('field', 'web', 'phone'), amount);
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: 1, maxLength: 30 }),
        pick(',', ';'),
        fc.integer({ min: 1, max: 200 }),
        async (rows, d, windowBytes) => {
          const quote = (v: string) => (v.includes(d) ? `"${v}"` : v);
          const body = [['customer_id', 'date', 'channel', 'amount'].join(d), ...rows.map((r) => r.map(quote).join(d))].join('\n');
          const path = write(`${body}\n`);
          const { general, fast } = await both(path, {}, windowBytes);
          if (fast.used) expect(fast).toEqual(general);
          else expect(fast.reason).toBe('decimal marks the values do not decide');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('on the demo orders and the rows it plants (synonyms, returns, quoted products), in any chunking', async () => {
    const path = 'fixtures/demo/orders.csv';
    for (const [windowBytes, products] of [
      [undefined, false],
      [1, true],
      [97, false],
      [4096, true],
    ] as const) {
      const { general, fast } = await both(path, {}, windowBytes, products);
      expect(fast.used).toBe(true);
      expect(fast).toEqual(general);
    }
  });

  it('on a file larger than its buffer (refills carry a cut record over)', async () => {
    const out = ['order_id,customer_id,date,channel,amount,product'];
    const channels = ['field', 'phone', 'email', 'web', 'Visit', 'fax'];
    for (let i = 0; i < 160_000; i++) {
      const product = i % 3 === 0 ? `"Pallet ""Euro"", ${i % 7}\nsecond line"` : `Item ${i % 11}`;
      out.push(
        `O${Math.floor(i / 2)},C${(i * 7919) % 20_011},2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')},${channels[i % 6]},${i % 97 === 0 ? '-' : ''}${(i % 1000) + 0.25},${product}`,
      );
    }
    const path = write(`${out.join('\r\n')}\r\n`);
    const { general, fast } = await both(path, {}, undefined, true);
    expect(fast.used).toBe(true);
    expect(fast.tally.records).toBe(160_000);
    expect(fast).toEqual(general);
  });

  it("tells its sink, before the first line, about how many lines will come: the file's size by its first MiB's lines", async () => {
    // 60,000 lines of 30-31 bytes (1.8 MB): the first MiB holds ~34,000 of them, the estimate is within a few lines.
    const out = ['order_id,customer_id,date,channel,amount'];
    for (let i = 0; i < 60_000; i++) out.push(`O${String(i).padStart(6, '0')},C${i % 4000},2026-03-15,web,${i % 2 ? '9.5' : '10'}`);
    const path = write(`${out.join('\n')}\n`);
    const tally = new OrderTally(WINDOW, createChannelResolver());
    const told: [lines: number, before: number][] = [];
    const sink: OrderSink = {
      labelIndex: (label) => tally.labelIndex(label),
      addBytes: (bytes, keyStart, keyEnd, label, day, units, orderStart, orderEnd, line) =>
        tally.addBytes(bytes, keyStart, keyEnd, label, day, units, orderStart, orderEnd, line),
      add: (row) => tally.add(row),
      flush: () => tally.flush(),
      expect: (lines) => told.push([lines, tally.records]),
    };
    const outcome = await readOutcome({}, (ctx) => readOrdersFast({ path, label: 'orders.csv' }, ctx, sink, { columns: COLUMNS }));
    expect(outcome.used).toBe(true);
    expect(told).toHaveLength(1);
    const [lines, before] = told[0] as [number, number];
    expect(before).toBe(0);
    expect(Math.abs(lines - 60_001)).toBeLessThan(200);
    expect(tally.records).toBe(60_000);
  });

  it('reads a `;` file with a decimal comma the same way', async () => {
    const path = write(
      'order_id;customer_id;date;channel;amount\nO1;C1;2026-03-01;field;1234,5\nO2;C1;2026-03-02;web;1.234,50\nO3;C2;2026-03-02;web;12.5\n',
    );
    const { general, fast } = await both(path);
    expect(fast.used).toBe(true);
    expect(fast).toEqual(general);
    // 1234,5 and 1.234,50 are 1,234.50 each: 12,345,000 money units (ten-thousandths); 12.5 is an error in a comma column.
    expect(fast.tally.customers[0]?.amounts).toEqual([12_345_000, 0, 0, 12_345_000]);
    expect(fast.error).toContain('1 error');
  });

  it.each([
    [
      'a record with too few fields',
      'order_id,customer_id,date,channel,amount\nO1,C1,2026-03-01,field\n',
      'a record with another number of fields',
    ],
    [
      'a stray quote',
      'order_id,customer_id,date,channel,amount,product\nO1,C1,2026-03-01,field,10,24" monitor\n',
      'a quote inside an unquoted field',
    ],
    ['text after a closing quote', 'customer_id,date,channel,amount\nC1,2026-03-01,"field"x,10\n', 'a character after a closing quote'],
    [
      'an unterminated quote',
      'customer_id,date,channel,amount\nC1,2026-03-01,"field,10\nC2,2026-03-01,web,10\n',
      'unterminated quoted field',
    ],
    ['a NUL byte', 'order_id,customer_id,date,channel,amount\nO1,C1,2026-03-01,field,10\0\n', 'NUL bytes'],
    [
      'windows-1252 bytes',
      Buffer.from('order_id,customer_id,date,channel,amount\nO1,C\xe91,2026-03-01,field,10\n', 'latin1'),
      'bytes that are not UTF-8',
    ],
    ['a UTF-16 BOM', Buffer.from('\ufefforder_id,customer_id,date,channel,amount\n', 'utf16le'), 'UTF-16'],
    ['an Excel sep= line', 'sep=,\norder_id,customer_id,date,channel,amount\nO1,C1,2026-03-01,field,10\n', 'a sep= line'],
    [
      'a preamble above the header',
      'Orders export\n\norder_id,customer_id,date,channel,amount\nO1,C1,2026-03-01,field,10\n',
      'header not on the first line',
    ],
    ['a totals row', 'customer_id,date,channel,amount\nC1,2026-03-01,field,10\nTotal,,,10\n', 'a totals row or a note'],
    ['a note under the data', 'customer_id,date,channel,amount\nC1,2026-03-01,field,10\nSource: ERP export,,,\n', 'a totals row or a note'],
    ['duplicate columns', 'customer_id,date,channel,amount,amount\nC1,2026-03-01,field,10,10\n', 'duplicate column names'],
    ['a misspelt column', 'customer_id,date,channel,amount,oder_id\nC1,2026-03-01,field,10,O1\n', 'a column name that looks misspelt'],
  ])('steps aside on %s, leaving it to the general reader', async (_, content, reason) => {
    const { general, fast } = await both(write(content));
    expect(fast.used).toBe(false);
    expect(fast.reason).toBe(reason);
    void general;
  });

  it('warns about blank lines between records as the general reader does', async () => {
    const path = write('\ncustomer_id,date,channel,amount\n\nC1,2026-03-01,field,10\n\n\nC2,2026-03-01,web,10\n\n');
    const { general, fast } = await both(path);
    expect(fast.used).toBe(true);
    expect(fast).toEqual(general);
    expect(JSON.stringify(fast.problems)).toContain('blank lines (2) skipped');
  });

  it('reads lines as the schema bounds them: more than 1,000,000 in one row is the same error', async () => {
    const path = write('customer_id,date,channel,amount,lines\nC1,2026-03-01,field,10,1000000\nC2,2026-03-01,field,10,1000001\n');
    const [general, fast] = await Promise.all(
      [false, true].map((byte) =>
        readOutcome({}, (ctx) => {
          const sink = new OrderTally(WINDOW, createChannelResolver());
          return byte
            ? readOrdersFast({ path, label: 'o' }, ctx, sink)
            : fold(readTable(FILES.orders, { path, label: 'o' }, ctx), (r) => sink.add(r));
        }),
      ),
    );
    expect(fast).toEqual(general);
    expect(fast?.error).toBe('data: o: 1 error');
    expect(JSON.stringify(fast?.problems)).toContain('more than 1,000,000 lines in one order row');
  });

  it('leaves standard input, --encoding and --date-format to the general reader', async () => {
    const path = write('customer_id,date,channel,amount\nC1,2026-03-01,field,10\n');
    const sink = new OrderTally(WINDOW, createChannelResolver());
    expect(await readOrdersFast({ path: '-', label: '<stdin>' }, readContext(), sink)).toEqual({ used: false, reason: 'standard input' });
    expect(await readOrdersFast({ path, label: 'o' }, readContext({ encoding: 'latin1' }), sink)).toEqual({
      used: false,
      reason: '--encoding',
    });
    expect(await readOrdersFast({ path, label: 'o' }, readContext({ dateFormat: 'DD.MM.YYYY' }), sink)).toEqual({
      used: false,
      reason: '--date-format',
    });
  });
});

describe('plan cost and plan products pick the reader, and both agree', () => {
  it('on a demo folder of 20,000 accounts and 100,000 orders, by customer', async () => {
    const data = tempDir('plan-cost-demo-');
    const made = await runCli([
      'demo',
      data,
      '--customers',
      '20000',
      '--orders',
      '100000',
      '--contacts',
      '0',
      '--as-of',
      '2026-11-27',
      '--force',
    ]);
    expect(made.code, made.stderr).toBe(0);
    const args = ['cost', '--data', data, '--as-of', '2026-11-27', '--by', 'customer', '--format', 'csv'];
    const fast = await runCli(args);
    const general = await runCli([...args, '--orders', '-'], { stdin: readFileSync(join(data, 'orders.csv')) });
    expect(fast.code).toBe(0);
    expect(fast.stdout.split('\n').length).toBeGreaterThan(10_000);
    expect(general.stdout).toBe(fast.stdout);
    // plan products sums the product column on the fast path too (--verbose names the reader), to the same listing.
    const productArgs = ['products', '--data', data, '--as-of', '2026-11-27', '--format', 'csv'];
    const fastProducts = await runCli([...productArgs, '--verbose']);
    const generalProducts = await runCli([...productArgs, '--orders', '-'], { stdin: readFileSync(join(data, 'orders.csv')) });
    expect(fastProducts.code, fastProducts.stderr).toBe(0);
    expect(fastProducts.stderr).toMatch(/orders\.csv: fast reader \(100,000 records/);
    expect(fastProducts.stdout.split('\n').length).toBeGreaterThan(3);
    expect(generalProducts.stdout).toBe(fastProducts.stdout);
  }, 60_000);
});
