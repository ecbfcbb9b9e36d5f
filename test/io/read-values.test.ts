/**
 * The values the reader hands on from the bad inputs of fixtures/invalid
 * (BAD_INPUTS.md), read directly with readTable/readAll: what survives
 * decoding, tokenizing and typing, beyond the problems plan validate prints.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/errors.js';
import { PlanError } from '../../src/errors.js';
import { ProblemLog } from '../../src/io/problems.js';
import { type ReadContext, type ReadOptions, readAll, readTable } from '../../src/io/table.js';
import { dayFromParts } from '../../src/schema/calendar.js';
import { type Config, defaultConfig } from '../../src/schema/config.js';
import { type CustomerRow, FILES, type FileSpec, type MarketRow } from '../../src/schema/files.js';
import { tempDir } from '../helpers/cli.js';

const DIR = 'fixtures/invalid';

function context(options: ReadOptions = {}, config: Config = defaultConfig(), stdin: NodeJS.ReadableStream = new PassThrough().end()) {
  const info: string[] = [];
  const ctx: ReadContext = { options, config, problems: new ProblemLog(false), stdin, onInfo: (m) => info.push(m) };
  return { ctx, info };
}

const input = (file: string) => ({ path: join(DIR, file), label: file });

/** Every row the reader yields, the problems it logged and the error it ended with (if any). */
async function read<Row = CustomerRow>(
  file: string,
  options: ReadOptions = {},
  config?: Config,
  spec: FileSpec<Row> = FILES.customers as unknown as FileSpec<Row>,
): Promise<{ rows: Row[]; problems: readonly Problem[]; error?: PlanError; info: string[] }> {
  const { ctx, info } = context(options, config);
  const rows: Row[] = [];
  try {
    for await (const batch of readTable(spec, input(file), ctx)) rows.push(...batch);
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    return { rows, problems: ctx.problems.shown(), error, info };
  }
  return { rows, problems: ctx.problems.shown(), info };
}

/** A file that must read cleanly: no error, no warning. */
async function clean(file: string, options: ReadOptions = {}): Promise<CustomerRow[]> {
  const { ctx } = context(options);
  const rows = await readAll(FILES.customers, input(file), ctx);
  expect(ctx.problems.shown()).toEqual([]);
  return rows;
}

const codes = (problems: readonly Problem[]) => problems.map((p) => `${p.line}:${p.column ?? ''} ${p.code}`);
const day = (y: number, m: number, d: number) => dayFromParts(y, m, d);

describe('encodings (BAD_INPUTS.md cases 1-9)', () => {
  it('strips a UTF-8 BOM before matching the header (case 1)', async () => {
    const rows = await clean('utf8-bom.csv');
    expect(rows.map((r) => [r.id, r.name, r.industry])).toEqual([
      ['C1', 'Hélène', 'Retail'],
      ['C2', 'Zoë', 'Health'],
    ]);
  });

  it('decodes UTF-16LE with BOM and finds the tab delimiter (case 2)', async () => {
    const r = await read('utf16le-bom.csv');
    expect(r.error).toBeUndefined();
    expect(r.rows.map((row) => [row.id, row.name, row.employees])).toEqual([
      ['C1', 'Hélène', 12],
      ['C2', '東京商事', 3],
    ]);
    expect(r.info).toEqual(expect.arrayContaining(['utf16le-bom.csv: UTF-16LE (byte-order mark)', 'utf16le-bom.csv: delimiter tab']));
  });

  it('decodes UTF-16BE with BOM, surrogate pairs included (case 3)', async () => {
    const rows = await clean('utf16be-bom.csv');
    expect(rows.map((r) => [r.id, r.name, r.employees])).toEqual([
      ['C1', 'Hélène 😀', 12],
      ['C2', '東京商事', 3],
    ]);
  });

  it('never substitutes U+FFFD silently: bad UTF-8 fails the file (case 5)', async () => {
    const r = await read('latin1.csv');
    expect(r.error?.kind).toBe('data');
    expect(r.error?.message).toBe('latin1.csv: 3 errors');
    expect(codes(r.problems)).toEqual(['2:2 E_ENCODING', '3:2 E_ENCODING', '3:3 E_ENCODING']);
  });

  it('reads Hélène with --encoding windows-1252 (case 5)', async () => {
    const rows = await clean('latin1.csv', { encoding: 'windows-1252' });
    expect(rows.map((r) => [r.name, r.region])).toEqual([
      ['Hélène', 'Nord'],
      ['Zoë', 'Île-de-France'],
    ]);
  });

  it('reads quoted fields with doubled quotes, commas and newlines in windows-1252 (case 6)', async () => {
    const rows = await clean('bad-bytes-quoted.csv', { encoding: 'windows-1252' });
    expect(rows.map((r) => [r.line, r.name, r.region])).toEqual([
      [2, 'Café "Le Pont", Lyon', 'Rhône'],
      [3, "Rue de\nl'Église", 'Nord'],
    ]);
  });

  it('reads Shift_JIS with --encoding shift_jis (case 7)', async () => {
    const rows = await clean('shift-jis.csv', { encoding: 'shift_jis' });
    expect(rows.map((r) => r.name)).toEqual(['ラベル']);
  });

  it('locates a bad byte read from standard input by its byte offset (case 6)', async () => {
    const { ctx } = context({}, defaultConfig(), Readable.from([readFileSync(join(DIR, 'latin1.csv'))]));
    await expect(readAll(FILES.customers, { path: '-', label: '<stdin>' }, ctx)).rejects.toThrow('<stdin>: 4 errors');
    expect(ctx.problems.shown().map((p) => [p.line, p.message.replace(/ \(looks like.*/, '')])).toEqual([
      [0, 'byte 0xE9 at byte offset 19 is not valid UTF-8'],
      [0, 'byte 0xE8 at byte offset 21 is not valid UTF-8'],
      [0, 'byte 0xEB at byte offset 35 is not valid UTF-8'],
      [0, 'byte 0xCE at byte offset 37 is not valid UTF-8'],
    ]);
  });

  it('removes NUL bytes with a warning (case 9)', async () => {
    const r = await read('nul-bytes.csv');
    expect(r.rows.map((row) => row.name)).toEqual(['Ann', 'Bob']);
    expect(codes(r.problems)).toEqual(['2: W_NUL']);
  });
});

describe('lines and records (cases 11-18)', () => {
  it.each(['crlf.csv', 'cr-only.csv', 'mixed-newlines.csv'])('%s leaves no CR in any value (cases 11-13)', async (file) => {
    const rows = await clean(file);
    expect(rows.slice(0, 2).map((r) => [r.id, r.name, r.industry])).toEqual([
      ['C1', 'Ann', 'Retail'],
      ['C2', 'Bob', 'Health'],
    ]);
    expect(rows.map((r) => r.line)).toEqual(file === 'mixed-newlines.csv' ? [2, 3, 4] : [2, 3]);
    expect(JSON.stringify(rows)).not.toContain('\\r');
  });

  it('keeps newlines inside quoted fields and gives each row its physical line (case 14)', async () => {
    const rows = await clean('quoted-newline.csv');
    expect(rows.map((r) => [r.line, r.name, r.employees])).toEqual([
      [2, 'Ann\nAnnex', 5],
      [4, 'Bob\r\nBuilding B', 7],
    ]);
  });

  it('reads the last line without a final newline (case 15)', async () => {
    const rows = await clean('no-final-newline.csv');
    expect(rows.map((r) => [r.id, r.employees])).toEqual([
      ['C1', 5],
      ['C2', 7],
    ]);
  });

  it('skips blank lines without making empty records (case 16)', async () => {
    const r = await read('blank-lines.csv');
    expect(r.rows.map((row) => [row.line, row.id])).toEqual([
      [4, 'C1'],
      [6, 'C2'],
      [7, 'C3'],
    ]);
    expect(codes(r.problems)).toEqual(['5: W_BLANK_LINE']);
  });

  it('finds the header under a preamble and skips a totals row (case 17)', async () => {
    const preamble = await read('preamble.csv');
    expect(preamble.rows.map((row) => [row.line, row.id])).toEqual([
      [5, 'C1'],
      [6, 'C2'],
    ]);
    const total = await read('total-row.csv');
    expect(total.rows.map((row) => row.id)).toEqual(['C1', 'C2']);
    expect(codes(total.problems)).toEqual(['4:1 W_TOTAL_ROW']);
  });

  it('drops a cut-off last record and fails the file (case 18)', async () => {
    const r = await read('truncated.csv');
    expect(r.rows.map((row) => row.id)).toEqual(['C1', 'C2']);
    expect(r.error?.message).toBe('truncated.csv: 1 error');
    expect(codes(r.problems)).toEqual(['4: E_TRUNCATED']);
  });
});

describe('delimiters and quoting (cases 19-28)', () => {
  it('reads 1.234,50 as 1234.50 (12,345,000 money units) in a ; file (case 19)', async () => {
    const rows = await clean('semicolon.csv');
    expect(rows.map((r) => [r.id, r.name, r.revenue_12m, r.employees])).toEqual([
      ['C1', 'Hélène', 12_345_000, 12],
      ['C2', 'Zoë', 5_000, 3],
    ]);
  });

  it("honours Excel's sep=; line and does not read it as a record (case 21)", async () => {
    const rows = await clean('sep-line.csv');
    expect(rows.map((r) => [r.line, r.id, r.revenue_12m])).toEqual([[3, 'C1', 12_345_000]]);
  });

  it.each(['tab.csv', 'pipe.csv'])('sniffs the delimiter of %s (cases 20, 22)', async (file) => {
    const rows = await clean(file);
    expect(rows.map((r) => [r.id, r.name, r.employees])).toEqual([
      ['C1', 'Ann', 5],
      ['C2', 'Bob', 7],
    ]);
  });

  it('reads a : file with --delimiter : (case 22)', async () => {
    const rows = await clean('colon.csv', { delimiter: ':' });
    expect(rows.map((r) => [r.id, r.employees])).toEqual([
      ['C1', 5],
      ['C2', 7],
    ]);
  });

  it('keeps a stray quote in an unquoted field as text (case 24)', async () => {
    const r = await read('stray-quote.csv');
    expect(r.rows[0]?.name).toBe(`37°36'37.8"N 121°2'17.9"W`);
  });

  it('skips only the record with the bad quote (case 25)', async () => {
    const r = await read('unescaped-quote.csv');
    expect(r.rows.map((row) => [row.line, row.id])).toEqual([
      [2, 'C1'],
      [4, 'C3'],
    ]);
  });
});

describe('header and shape (cases 29-38)', () => {
  it('pads a short row with missing values (case 29)', async () => {
    const r = await read('short-row.csv');
    expect(r.rows.map((row) => [row.id, row.name, row.employees])).toEqual([
      ['C1', 'Ann', 5],
      ['C2', 'Bob', undefined],
      ['C3', 'Cy', 9],
    ]);
  });

  it('never shifts columns when the first data row is long (case 31)', async () => {
    const r = await read('first-row-long.csv');
    expect(r.rows.map((row) => [row.id, row.name, row.employees])).toEqual([['C2', 'Bob', 7]]);
  });

  it('ignores an empty trailing column without passing it through (case 33)', async () => {
    const r = await read('trailing-delimiter-header.csv');
    expect(r.rows.map((row) => [row.id, row.employees, row.extra])).toEqual([
      ['C1', 5, {}],
      ['C2', 7, {}],
    ]);
  });

  it('matches header variants: BOM, spaces, case, NBSP, a newline inside (case 36)', async () => {
    const rows = await clean('header-variants.csv');
    expect(rows).toEqual([
      expect.objectContaining({ id: 'C1', name: 'Ann', employees: 5, postcode: '01234', industry: 'Retail', extra: {} }),
    ]);
  });

  it('fails a header-only file with nothing but a warning (case 38)', async () => {
    const r = await read('header-only.csv');
    expect(r.error).toBeUndefined();
    expect(r.rows).toEqual([]);
    expect(codes(r.problems)).toEqual(['1: W_EMPTY']);
  });

  it('rejects an empty file (case 38)', async () => {
    const r = await read('empty.csv');
    expect(r.error?.message).toBe('empty.csv: file is empty (0 bytes); export it again, with at least its header row');
  });

  it('states a header problem as a located, coded problem (cases 27, 34, 37)', async () => {
    for (const [file, code, column] of [
      ['whole-row-quoted.csv', 'E_WHOLE_ROW_QUOTED', undefined],
      ['duplicate-headers.csv', 'E_DUPLICATE_COLUMN', 4],
      ['no-header.csv', 'E_NO_HEADER', undefined],
      ['colon.csv', 'E_MISSING_COLUMN', undefined],
    ] as const) {
      const r = await read(file);
      expect(r.error?.message).toBe(`${file}: header not usable; file not read`);
      expect(r.problems).toEqual([expect.objectContaining({ severity: 'error', file, line: 1, column, code })]);
    }
  });
});

describe('values (cases 40-47, 51, 52)', () => {
  it('reads only "" as missing by default, other sentinels with config nullValues (case 40)', async () => {
    const plain = await read('null-sentinels.csv');
    expect(plain.rows.map((r) => [r.id, r.region, r.employees])).toEqual([['C1', 'NA', 12]]);
    expect(codes(plain.problems)).toEqual(['3:3 E_NUMBER']);
    const config = { ...defaultConfig(), nullValues: ['NULL'] };
    const nulls = await read('null-sentinels.csv', {}, config);
    expect(nulls.error).toBeUndefined();
    expect(nulls.rows.map((r) => [r.id, r.region, r.employees])).toEqual([
      ['C1', 'NA', 12],
      ['C2', 'DE', undefined],
    ]);
  });

  it('keeps leading zeros in ids, postcodes and phone numbers (case 41)', async () => {
    const rows = await clean('leading-zeros.csv');
    expect(rows.map((r) => [r.id, r.postcode, r.phone])).toEqual([
      ['007', '01234', '0049301234'],
      ['0815', '09001', '+44 20 7946 0000'],
    ]);
  });

  it('reads grouped and Indian-grouped numbers, never 1,7 as 17 (case 42)', async () => {
    const r = await read('decimal-comma-in-point-file.csv');
    expect(r.rows.map((row) => [row.id, row.revenue_12m])).toEqual([
      ['C1', 12_345_600], // 1,234.56
      ['C2', 12_194_170_000], // 12,19,417
    ]);
    expect(codes(r.problems)).toEqual(['4:3 E_NUMBER']);
  });

  it('strips currency symbols and refuses accounting negatives (case 43)', async () => {
    const r = await read('accounting-negative.csv');
    expect(r.rows.map((row) => [row.id, row.revenue_12m])).toEqual([
      ['C1', 394_900], // 39.49
      ['C2', 100_000], // 10
    ]);
    expect(codes(r.problems)).toEqual(['4:3 E_NUMBER']);
  });

  it('takes the date part of an ISO date-time, never shifted by its time zone (case 44)', async () => {
    const rows = await clean('iso-datetime.csv');
    expect(rows.map((r) => [r.contract_start, r.contract_end])).toEqual([[day(2026, 3, 5), day(2027, 1, 1)]]);
  });

  it('reads DD.MM.YYYY with --date-format and ISO dates beside them (case 44)', async () => {
    const rows = await clean('dates-dmy.csv', { dateFormat: 'DD.MM.YYYY' });
    expect(rows.map((r) => r.contract_start)).toEqual([day(2026, 3, 5), day(2026, 3, 6)]);
  });

  it('trims NBSP, U+3000 and U+200B around keys and keeps free text verbatim (case 45)', async () => {
    const r = await read('invisible-whitespace.csv');
    expect(r.error).toBeUndefined();
    expect(r.rows.map((row) => [row.id, row.name, row.industry, row.region])).toEqual([
      ['C1', 'Ann ', 'Retail', 'North'],
      ['C2', 'Bob', 'Retail', 'North'],
    ]);
    expect(codes(r.problems)).toEqual(['2:1 W_WHITESPACE', '2:3 W_WHITESPACE', '2:4 W_WHITESPACE']);
  });

  it('reads spreadsheet errors as missing and keeps formulas as text (case 46)', async () => {
    const errors = await read('spreadsheet-errors.csv');
    expect(errors.rows.map((r) => [r.id, r.employees, r.revenue_12m])).toEqual([
      ['C1', undefined, 1_000_000], // 100
      ['C2', 7, undefined],
    ]);
    const formulas = await clean('formula-text.csv');
    expect(formulas.map((r) => r.name)).toEqual(['=HYPERLINK("http://x","y")', '@SUM(1+9)']);
  });

  it('keeps the first of two rows with the same id (case 47)', async () => {
    const r = await read('duplicate-ids.csv');
    expect(r.rows.map((row) => [row.line, row.id, row.name])).toEqual([
      [2, 'C1', 'Ann'],
      [3, 'C2', 'Bob'],
    ]);
    expect(r.problems).toEqual([expect.objectContaining({ line: 4, code: 'E_DUPLICATE_ID', message: 'duplicate id (first on line 2)' })]);
  });

  it("ignores Dynamics' (Do Not Modify) columns and passes the others through (case 51)", async () => {
    const rows = await clean('crm-system-columns.csv', { preset: 'dynamics' });
    expect(rows.map((r) => [r.id, r.name, r.extra])).toEqual([['C1', 'Ann', { Website: 'ann.example' }]]);
  });

  it('reads a Census suppression code as an unknown figure (NaN), never 0 (case 52)', async () => {
    const r = await read<MarketRow>('market-suppressed.csv', {}, undefined, FILES.market);
    expect(r.rows.map((row) => [row.industry, row.firms, row.spend])).toEqual([
      ['Retail', 184, Number.NaN],
      ['Health', 12, 5000],
    ]);
    expect(r.problems).toEqual([expect.objectContaining({ severity: 'warning', line: 2, column: 4, code: 'W_SUPPRESSED', value: '(D)' })]);
  });
});

describe('CRM status words', () => {
  it('reads Salesforce account types and HubSpot lifecycle stages as customer or prospect', async () => {
    const path = join(tempDir(), 'companies.csv');
    writeFileSync(
      path,
      'id,status\nA,Customer - Direct\nB,Customer - Channel\nC,evangelist\nD,subscriber\nE,marketingqualifiedlead\nF,salesqualifiedlead\nG,opportunity\nH,lead\n',
    );
    const { ctx } = context();
    const rows = await readAll(FILES.customers, { path, label: 'companies.csv' }, ctx);
    expect(rows.map((r) => r.status).join(' ')).toBe('customer customer customer prospect prospect prospect prospect prospect');
  });
});
