/**
 * One fixture per reading case of BAD_INPUTS.md (fixtures/invalid/, listed in
 * its README.md), run through `plan validate` in-process. Each case asserts
 * the exit code, the valid row count and every problem printed on stderr:
 * severity, code, line, column and the key part of the message, in order and
 * with nothing else printed.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const DIR = 'fixtures/invalid';

interface Printed {
  severity: 'error' | 'warning';
  file: string;
  line: number | undefined;
  column: number | undefined;
  record?: number;
  columnName?: string;
  message: string;
  value?: string;
  code: string;
}

/** `plan: error: FILE:LINE:COL [record N, column "NAME"]: message (value "...") (CODE)` -> its parts. */
const PROBLEM = /^plan: (error|warning): ([^:\s]+)(?::(\d+))?(?::(\d+))? ?(?:\[([^\]]*)\])?: (.*) \(([EW]_[A-Z0-9_]+)\)$/;

function parseProblems(stderr: string): Printed[] {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('plan: error: ') || l.startsWith('plan: warning: '))
    .filter((l) => !/: \.\.\. and [\d,]+ more /.test(l))
    .map((l) => {
      const m = PROBLEM.exec(l);
      if (!m) throw new Error(`not a problem line: ${l}`);
      const [, severity, file, line, column, context = '', text = '', code = ''] = m;
      const valued = /^(.*) \(value "(.*)"\)$/.exec(text);
      const record = /record (\d+)/.exec(context)?.[1];
      const columnName = /column "(.*)"/.exec(context)?.[1];
      return {
        severity: severity as Printed['severity'],
        file: file as string,
        line: line === undefined ? undefined : Number(line),
        column: column === undefined ? undefined : Number(column),
        ...(record === undefined ? {} : { record: Number(record) }),
        ...(columnName === undefined ? {} : { columnName }),
        message: valued ? (valued[1] as string) : text,
        ...(valued ? { value: valued[2] } : {}),
        code,
      };
    });
}

interface Expected {
  severity: 'error' | 'warning';
  code: string;
  /** `LINE`, `LINE:COL`, or '' for a whole-file problem. */
  at: string;
  message: RegExp;
  record?: number;
  columnName?: string;
  value?: string;
}

const problem =
  (severity: Expected['severity']) =>
  (code: string, at: string, message: RegExp, more: Partial<Pick<Expected, 'record' | 'columnName' | 'value'>> = {}): Expected => ({
    severity,
    code,
    at,
    message,
    ...more,
  });
const error = problem('error');
const warning = problem('warning');

interface Case {
  file: string;
  /** BAD_INPUTS.md case number(s), or §0 for how problems are reported. */
  case: string;
  /** Extra flags after `validate --data fixtures/invalid --customers FILE`. */
  args?: string[];
  /** Which input the file is given as (default customers). */
  input?: 'customers' | 'market';
  exit: number;
  /** Valid rows `plan validate` counted in the file. */
  rows: number;
  problems: Expected[];
}

const NOT_UTF8 = /not valid UTF-8 \(looks like windows-1252; re-run with --encoding customers=windows-1252\)/;

const CASES: Case[] = [
  // ---------------------------------------------------------------- A. bytes and encoding
  { file: 'utf8-bom.csv', case: '1', exit: 0, rows: 2, problems: [] },
  { file: 'utf16le-bom.csv', case: '2', exit: 0, rows: 2, problems: [] },
  { file: 'utf16be-bom.csv', case: '3', exit: 0, rows: 2, problems: [] },
  {
    file: 'utf32le-bom.csv',
    case: '4',
    exit: 65,
    rows: 0,
    problems: [error('E_FILE', '', /^the byte-order mark says UTF-16LE but the content does not decode as such \(UTF-32\?\)/)],
  },
  {
    file: 'latin1.csv',
    case: '5',
    exit: 65,
    rows: 2,
    problems: [
      error('E_ENCODING', '2:2', /^bytes 0xE9, 0xE8 are not valid UTF-8/, { columnName: 'name' }),
      error('E_ENCODING', '3:2', /^byte 0xEB is not valid UTF-8/, { columnName: 'name' }),
      error('E_ENCODING', '3:3', NOT_UTF8, { columnName: 'region' }),
    ],
  },
  { file: 'latin1.csv', case: '5', args: ['--encoding', 'windows-1252'], exit: 0, rows: 2, problems: [] },
  {
    file: 'bad-byte-deep.csv',
    case: '6',
    exit: 65,
    rows: 3000,
    problems: [
      error('E_ENCODING', '2501:2', NOT_UTF8, { columnName: 'name' }),
      error('E_ENCODING', '2901:2', NOT_UTF8, { columnName: 'name' }),
    ],
  },
  {
    file: 'bad-bytes-quoted.csv',
    case: '6',
    exit: 65,
    rows: 2,
    // Located by field, quote-aware: a comma or newline inside quotes does not move the column or hide the line.
    problems: [
      error('E_ENCODING', '2:2', NOT_UTF8, { columnName: 'name' }),
      error('E_ENCODING', '2:3', /^byte 0xF4 is not valid UTF-8/, { columnName: 'region' }),
      error('E_ENCODING', '4:2', /^byte 0xC9 is not valid UTF-8/, { columnName: 'name' }),
    ],
  },
  {
    file: 'shift-jis.csv',
    case: '7',
    exit: 65,
    rows: 1,
    problems: [
      error(
        'E_ENCODING',
        '2:2',
        /^bytes 0x83, 0x83, 0x83 are not valid UTF-8 \(looks like Shift_JIS or GBK; try --encoding customers=shift_jis or --encoding customers=gbk\)$/,
        {
          columnName: 'name',
        },
      ),
    ],
  },
  { file: 'shift-jis.csv', case: '7', args: ['--encoding', 'shift_jis'], exit: 0, rows: 1, problems: [] },
  {
    file: 'mojibake.csv',
    case: '8',
    exit: 0,
    rows: 2,
    problems: [
      warning('W_MOJIBAKE', '2:2', /^text looks damaged by a wrong encoding upstream/, {
        record: 1,
        columnName: 'name',
        value: 'CafÃ© Central',
      }),
    ],
  },
  {
    file: 'nul-bytes.csv',
    case: '9',
    exit: 0,
    rows: 2,
    problems: [warning('W_NUL', '2', /^NUL byte removed/)],
  },
  {
    file: 'nul-padding.csv',
    case: '9',
    exit: 0,
    rows: 2,
    problems: [warning('W_NUL', '4', /^512 NUL bytes removed \(a truncated or padded file\?\)$/)],
  },
  {
    file: 'xlsx-named-csv.csv',
    case: '10',
    exit: 65,
    rows: 0,
    problems: [
      error('E_FILE', '', /^this is an Excel \.xlsx workbook or another ZIP archive \(ZIP signature\), not CSV; export it as "CSV UTF-8"/),
    ],
  },
  {
    file: 'xls-named-csv.csv',
    case: '10',
    exit: 65,
    rows: 0,
    problems: [error('E_FILE', '', /^this is an Excel \.xls workbook \(OLE2 signature\), not CSV/)],
  },
  {
    file: 'gzip-named-csv.csv',
    case: '10',
    exit: 65,
    rows: 0,
    problems: [error('E_FILE', '', /^this is a gzip-compressed file, not CSV/)],
  },
  { file: 'pdf-named-csv.csv', case: '10', exit: 65, rows: 0, problems: [error('E_FILE', '', /^this is a PDF document, not CSV/)] },
  {
    file: 'html-login-page.csv',
    case: '10',
    exit: 65,
    rows: 0,
    problems: [error('E_FILE', '', /^this is an HTML or XML page, not CSV \(a download that returned a login or error page\?\)/)],
  },

  // ---------------------------------------------------------------- B. lines and records
  { file: 'crlf.csv', case: '11', exit: 0, rows: 2, problems: [] },
  { file: 'cr-only.csv', case: '12', exit: 0, rows: 2, problems: [] },
  { file: 'mixed-newlines.csv', case: '13', exit: 0, rows: 3, problems: [] },
  { file: 'quoted-newline.csv', case: '14', exit: 0, rows: 2, problems: [] },
  {
    file: 'quoted-newline-bad-value.csv',
    case: '14, §0',
    exit: 65,
    rows: 1,
    // Record 2 starts on physical line 5: record 1 spans lines 2-4.
    problems: [error('E_NUMBER', '5:3', /^not a number$/, { record: 2, columnName: 'employees', value: 'seven' })],
  },
  { file: 'no-final-newline.csv', case: '15', exit: 0, rows: 2, problems: [] },
  {
    file: 'blank-lines.csv',
    case: '16',
    exit: 0,
    rows: 3,
    // Leading and trailing blank lines pass silently; the one between records is named.
    problems: [warning('W_BLANK_LINE', '5', /^blank line skipped$/)],
  },
  {
    file: 'preamble.csv',
    case: '17',
    exit: 0,
    rows: 2,
    problems: [warning('W_PREAMBLE', '4', /^header found on line 4; 3 lines above it skipped$/)],
  },
  {
    file: 'total-row.csv',
    case: '17',
    exit: 0,
    rows: 2,
    problems: [warning('W_TOTAL_ROW', '4:1', /^a totals row, not data; skipped$/, { record: 3, value: 'Grand Total' })],
  },
  {
    file: 'truncated.csv',
    case: '18',
    exit: 65,
    rows: 2,
    problems: [
      error('E_TRUNCATED', '4', /^last record has 2 of 3 fields and the file has no final newline: the export looks cut off$/, {
        record: 3,
      }),
    ],
  },
  {
    file: 'round-count-1000.csv',
    case: '18',
    exit: 0,
    rows: 1000,
    problems: [warning('W_ROUND_COUNT', '', /^exactly 1,000 records: an export limit may have cut the file$/)],
  },

  // ---------------------------------------------------------------- C. delimiters and quoting
  { file: 'semicolon.csv', case: '19', exit: 0, rows: 2, problems: [] },
  {
    file: 'ambiguous-delimiter.csv',
    case: '19',
    exit: 65,
    rows: 0,
    problems: [error('E_FILE', '', /^cannot tell the delimiter \(comma or semicolon both fit\); give --delimiter$/)],
  },
  { file: 'ambiguous-delimiter.csv', case: '19', args: ['--delimiter', ','], exit: 0, rows: 2, problems: [] },
  { file: 'tab.csv', case: '20', exit: 0, rows: 2, problems: [] },
  { file: 'sep-line.csv', case: '21', exit: 0, rows: 1, problems: [] },
  { file: 'pipe.csv', case: '22', exit: 0, rows: 2, problems: [] },
  {
    file: 'colon.csv',
    case: '22',
    exit: 65,
    rows: 0,
    problems: [
      error(
        'E_MISSING_COLUMN',
        '1',
        /^missing column "id"\..*the header is a single column: if the file uses another delimiter, give --delimiter$/,
      ),
    ],
  },
  { file: 'colon.csv', case: '22', args: ['--delimiter', ':'], exit: 0, rows: 2, problems: [] },
  {
    file: 'backslash-escaped-quote.csv',
    case: '23',
    exit: 65,
    rows: 1,
    problems: [
      error(
        'E_CSV_QUOTE',
        '2:2',
        /^unexpected character after a closing quote; the file seems to escape quotes with a backslash.*; record skipped$/,
        {
          value: 'C1,"\\"Hacksaw\\" ',
        },
      ),
    ],
  },
  {
    file: 'stray-quote.csv',
    case: '24',
    exit: 0,
    rows: 2,
    problems: [
      warning('W_STRAY_QUOTE', '2:2', /^quote character inside an unquoted field, kept as text/, {
        record: 1,
        columnName: 'name',
        value: `37°36'37.8"N 121°2'17.9"W`,
      }),
    ],
  },
  {
    file: 'unescaped-quote.csv',
    case: '25',
    exit: 65,
    rows: 2,
    problems: [
      error(
        'E_CSV_QUOTE',
        '3:2',
        /^unexpected character after a closing quote; a quote inside a quoted field must be doubled \(""\); record skipped$/,
        {
          value: 'C2,"pedro "pdet" hola',
        },
      ),
    ],
  },
  {
    file: 'unterminated-quote.csv',
    case: '26',
    exit: 65,
    rows: 1,
    problems: [error('E_CSV_QUOTE', '3', /^unterminated quoted field opened here; 3 lines swallowed to the end of the file$/)],
  },
  {
    file: 'whole-row-quoted.csv',
    case: '27',
    exit: 65,
    rows: 0,
    problems: [
      error('E_WHOLE_ROW_QUOTED', '1', /^each line is a single quoted field holding the delimiters \(a file re-saved by Excel\?\)/),
    ],
  },
  {
    file: 'single-quote-char.csv',
    case: '28',
    exit: 65,
    rows: 1,
    // No --quote option: the comma inside 'Smith, John' splits the field, which is at least loud.
    problems: [error('E_FIELDS', '2:4', /^expected 3 fields, found 4$/, { record: 1, value: '5' })],
  },

  // ---------------------------------------------------------------- D. header and shape
  {
    file: 'short-row.csv',
    case: '29',
    exit: 0,
    rows: 3,
    problems: [warning('W_FIELDS_SHORT', '3', /^expected 3 fields, found 2; padded with empty values$/, { record: 2 })],
  },
  {
    file: 'short-row.csv',
    case: '29',
    args: ['--strict'],
    exit: 65,
    rows: 3,
    problems: [error('W_FIELDS_SHORT', '3', /^expected 3 fields, found 2; padded with empty values$/, { record: 2 })],
  },
  {
    file: 'long-row.csv',
    case: '30',
    exit: 65,
    rows: 2,
    problems: [error('E_FIELDS', '3:4', /^expected 3 fields, found 4$/, { record: 2, value: 'extra' })],
  },
  {
    file: 'trailing-delimiter-row.csv',
    case: '30, 33',
    exit: 0,
    rows: 2,
    problems: [warning('W_FIELDS_EXTRA', '2', /^expected 3 fields, found 4; the extra ones are empty and were ignored$/, { record: 1 })],
  },
  {
    file: 'first-row-long.csv',
    case: '31',
    exit: 65,
    rows: 1,
    problems: [error('E_FIELDS', '2:4', /^expected 3 fields, found 4$/, { record: 1, value: 'I am too long!' })],
  },
  {
    file: 'every-row-long.csv',
    case: '32',
    exit: 65,
    rows: 0,
    problems: [
      error('E_FIELDS', '2:4', /^expected 3 fields, found 4$/, { record: 1, value: 'x' }),
      error('E_FIELDS', '3:4', /^expected 3 fields, found 4$/, { record: 2, value: 'y' }),
      error('E_HEADER_SHORT', '1', /^the header has 3 names but every row has 4 fields: a column name is missing from the header$/),
    ],
  },
  {
    file: 'trailing-delimiter-header.csv',
    case: '33',
    exit: 0,
    rows: 2,
    problems: [warning('W_UNNAMED_EMPTY', '1:4', /^column without a name and without values; ignored$/)],
  },
  {
    file: 'duplicate-headers.csv',
    case: '34',
    exit: 65,
    rows: 0,
    problems: [
      error('E_DUPLICATE_COLUMN', '1:4', /^duplicate column names: "phone" at columns 3, 4; rename them so that no value is lost$/),
    ],
  },
  {
    file: 'unnamed-column-values.csv',
    case: '35',
    exit: 65,
    rows: 3,
    problems: [
      warning('W_UNNAMED_EMPTY', '1:4', /^column without a name and without values; ignored$/),
      error('E_UNNAMED', '3:5', /^2 non-empty values under a column without a name$/, { value: 'Row Labels' }),
    ],
  },
  { file: 'header-variants.csv', case: '36', exit: 0, rows: 1, problems: [] },
  {
    file: 'no-header.csv',
    case: '37',
    exit: 65,
    rows: 0,
    problems: [error('E_NO_HEADER', '1', /^no header row; the first line looks like data\. Expected columns: id$/)],
  },
  {
    file: 'empty.csv',
    case: '38',
    exit: 65,
    rows: 0,
    problems: [error('E_FILE', '', /^file is empty \(0 bytes\); export it again, with at least its header row$/)],
  },
  { file: 'header-only.csv', case: '38', exit: 0, rows: 0, problems: [warning('W_EMPTY', '1', /^header only: 0 records$/)] },

  // ---------------------------------------------------------------- E. values
  {
    file: 'null-sentinels.csv',
    case: '40',
    exit: 65,
    rows: 1,
    // Only '' is missing by default ("NA" is Namibia); other sentinels need config nullValues.
    problems: [error('E_NUMBER', '3:3', /^not a number$/, { record: 2, columnName: 'employees', value: 'NULL' })],
  },
  { file: 'leading-zeros.csv', case: '41', exit: 0, rows: 2, problems: [] },
  {
    file: 'decimal-comma-in-point-file.csv',
    case: '42',
    exit: 65,
    rows: 2,
    problems: [
      error('E_NUMBER', '4:3', /^decimal comma in a column read with a decimal point; give --decimal-comma if the file uses it$/, {
        record: 3,
        columnName: 'revenue_12m',
        value: '1,7',
      }),
    ],
  },
  {
    file: 'accounting-negative.csv',
    case: '43',
    exit: 65,
    rows: 2,
    problems: [
      error('E_NUMBER', '4:3', /^accounting-style negative number; write it as -1234\.50$/, {
        record: 3,
        columnName: 'revenue_12m',
        value: '(1,234.00)',
      }),
    ],
  },
  {
    file: 'dates-non-iso.csv',
    case: '44',
    exit: 65,
    rows: 1,
    problems: [
      error('E_DATE', '3:3', /^not an ISO date \(YYYY-MM-DD\); looks like M\/D\/YYYY or D\/M\/YYYY; give --date-format/, {
        record: 2,
        columnName: 'contract_start',
        value: '11/8/2016',
      }),
      error('E_DATE', '4:3', /^not an ISO date \(YYYY-MM-DD\); looks like an Excel serial day number/, { record: 3, value: '43864.75' }),
      error('E_DATE', '5:3', /^not an ISO date \(YYYY-MM-DD\)$/, { record: 4, value: '2009\\7\\14 22:14:45+0800' }),
    ],
  },
  {
    file: 'dates-dmy.csv',
    case: '44',
    exit: 65,
    rows: 1,
    problems: [
      error('E_DATE', '2:3', /^not an ISO date \(YYYY-MM-DD\); looks like DD\.MM\.YYYY; give --date-format DD\.MM\.YYYY$/, {
        value: '05.03.2026',
      }),
    ],
  },
  { file: 'dates-dmy.csv', case: '44', args: ['--date-format', 'DD.MM.YYYY'], exit: 0, rows: 2, problems: [] },
  { file: 'iso-datetime.csv', case: '44', exit: 0, rows: 1, problems: [] },
  {
    file: 'invisible-whitespace.csv',
    case: '45',
    exit: 0,
    rows: 2,
    // One warning per key column; the free-text name ("Ann ") is kept verbatim without a word.
    problems: [
      warning('W_WHITESPACE', '2:1', /^invisible or extra white space trimmed/, { record: 1, columnName: 'id', value: 'C1\u00a0' }),
      warning('W_WHITESPACE', '2:3', /^invisible or extra white space trimmed/, { columnName: 'industry', value: '\u3000Retail\u3000' }),
      warning('W_WHITESPACE', '2:4', /^invisible or extra white space trimmed/, { columnName: 'region', value: 'North\u200b' }),
    ],
  },
  {
    file: 'spreadsheet-errors.csv',
    case: '46',
    exit: 0,
    rows: 2,
    problems: [
      warning('W_SPREADSHEET_ERROR', '2:3', /^spreadsheet error value read as missing/, { columnName: 'employees', value: '#N/A' }),
      warning('W_SPREADSHEET_ERROR', '3:4', /^spreadsheet error value read as missing/, { columnName: 'revenue_12m', value: '#DIV/0!' }),
    ],
  },
  {
    file: 'excel-scientific-id.csv',
    case: '46',
    exit: 65,
    rows: 1,
    problems: [
      error('E_ID_PRECISION', '2:3', /^looks like a number Excel turned into scientific notation; its digits are lost$/, {
        columnName: 'phone',
        value: '1.23E+15',
      }),
    ],
  },
  { file: 'formula-text.csv', case: '46', exit: 0, rows: 2, problems: [] },
  {
    file: 'duplicate-ids.csv',
    case: '47',
    exit: 65,
    rows: 2,
    problems: [error('E_DUPLICATE_ID', '4:1', /^duplicate id \(first on line 2\)$/, { record: 3, columnName: 'id', value: 'C1' })],
  },
  { file: 'crm-system-columns.csv', case: '51', args: ['--preset', 'dynamics'], exit: 0, rows: 1, problems: [] },
  {
    file: 'market-suppressed.csv',
    case: '52',
    input: 'market',
    exit: 0,
    rows: 2,
    // A Census suppression code is an unknown figure: not a number, not 0, not an accounting negative.
    problems: [
      warning('W_SUPPRESSED', '2:4', /^suppressed figure \(disclosure avoidance\) read as unknown/, {
        record: 1,
        columnName: 'spend',
        value: '(D)',
      }),
      // plan validate builds the market cells as plan segment does, and says which it leaves out.
      warning('W_SUPPRESSED_CELL', '2', /^1 market row with a suppressed spend left out \(line 2\)/),
    ],
  },

  // ---------------------------------------------------------------- how problems are reported (SPEC section 1)
  {
    file: 'several-bad-values.csv',
    case: '§0',
    exit: 65,
    rows: 0,
    problems: [
      error('E_NUMBER', '2:4', /^not a number$/, { record: 1, columnName: 'employees', value: 'many' }),
      error('E_STATUS', '3:3', /^unknown status \(use customer, prospect or lost\)$/, { record: 2, columnName: 'status', value: 'vip' }),
      error('E_REQUIRED', '4:1', /^missing value$/, { record: 3, columnName: 'id' }),
      error('E_DATE', '5:5', /^not an ISO date/, { record: 4, columnName: 'contract_start', value: '01/02/2026' }),
    ],
  },
  {
    file: 'many-bad-values.csv',
    case: '§0',
    exit: 65,
    rows: 0,
    problems: Array.from({ length: 10 }, (_, i) =>
      error('E_NUMBER', `${i + 2}:3`, /^not a number$/, { record: i + 1, columnName: 'employees', value: 'n/a' }),
    ),
  },
];

function validate(c: Pick<Case, 'file' | 'args' | 'input'>) {
  return runCli(['validate', '--data', DIR, `--${c.input ?? 'customers'}`, join(DIR, c.file), '--format', 'json', ...(c.args ?? [])]);
}

function expected(c: Case) {
  return c.problems.map(({ at, message, ...rest }) => {
    const [line, column] = at === '' ? [] : at.split(':').map(Number);
    return expect.objectContaining({ ...rest, file: join(DIR, c.file), line, column, message: expect.stringMatching(message) });
  });
}

describe('BAD_INPUTS.md reading cases through plan validate', () => {
  it.each(CASES.map((c) => ({ ...c, flags: c.args?.join(' ') ?? '' })))('$file $flags (case $case): exit $exit', async (c) => {
    const r = await validate(c);
    expect(parseProblems(r.stderr)).toEqual(expected(c));
    expect(r.code).toBe(c.exit);
    const files = JSON.parse(r.stdout || '{"files":[]}').files as { file: string; rows: number }[];
    if (r.stdout) expect(files.find((f) => f.file === `${c.input ?? 'customers'}.csv`)?.rows).toBe(c.rows);
    else expect(c.rows).toBe(0);
  });
});

describe('how reading problems are reported', () => {
  it('lists every bad value of a file at once, not just the first', async () => {
    const r = await validate({ file: 'several-bad-values.csv' });
    expect(r.code).toBe(65);
    expect(parseProblems(r.stderr).map((p) => `${p.line}:${p.column} ${p.code}`)).toEqual([
      '2:4 E_NUMBER',
      '3:3 E_STATUS',
      '4:1 E_REQUIRED',
      '5:5 E_DATE',
    ]);
  });

  it('shows the first 10 problems of a kind and counts the rest', async () => {
    const r = await validate({ file: 'many-bad-values.csv' });
    expect(r.code).toBe(65);
    const lines = r.stderr.trim().split('\n');
    expect(lines.filter((l) => l.endsWith('(E_NUMBER)'))).toHaveLength(10);
    expect(lines).toContain('plan: error: fixtures/invalid/many-bad-values.csv: ... and 3 more E_NUMBER (the first 10 are shown)');
  });

  it('--strict turns a warning into an error and exit 65', async () => {
    const plain = await validate({ file: 'short-row.csv' });
    expect(plain.code).toBe(0);
    expect(plain.stderr).toContain('plan: warning: fixtures/invalid/short-row.csv:3 [record 2]: expected 3 fields');
    const strict = await validate({ file: 'short-row.csv', args: ['--strict'] });
    expect(strict.code).toBe(65);
    expect(strict.stderr).toContain('plan: error: fixtures/invalid/short-row.csv:3 [record 2]: expected 3 fields');
    expect(JSON.parse(strict.stdout).errors).toBe(1);
  });

  it('names the physical line, not the record, when a quoted field holds newlines', async () => {
    const r = await validate({ file: 'quoted-newline-bad-value.csv' });
    expect(r.stderr).toContain(
      'plan: error: fixtures/invalid/quoted-newline-bad-value.csv:5:3 [record 2, column "employees"]: not a number (value "seven") (E_NUMBER)',
    );
  });

  it('says which encoding and delimiter it found at --verbose (case 2)', async () => {
    const r = await validate({ file: 'utf16le-bom.csv', args: ['--verbose'] });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('plan: fixtures/invalid/utf16le-bom.csv: UTF-16LE (byte-order mark)');
    expect(r.stderr).toContain('plan: fixtures/invalid/utf16le-bom.csv: delimiter tab');
  });

  it('refuses an unknown --encoding as a usage error (case 5)', async () => {
    const r = await validate({ file: 'latin1.csv', args: ['--encoding', 'klingon'] });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown encoding "klingon"');
  });

  it('stops a runaway quoted field at 1 MiB instead of swallowing the file (case 39)', async () => {
    // Generated, not committed: a 3 MB fixture is not worth its weight in the repository.
    const dir = tempDir();
    const runaway = join(dir, 'runaway.csv');
    writeFileSync(runaway, `id,name,employees\nC1,Ann,5\nC2,"${'x'.repeat(3 << 20)}\n`);
    const r = await runCli(['validate', '--data', dir, '--customers', runaway, '--format', 'json']);
    expect(r.code).toBe(65);
    expect(parseProblems(r.stderr)).toEqual([
      expect.objectContaining({
        code: 'E_CSV_TOO_LONG',
        line: 3,
        message: 'record longer than 1,048,576 characters (an unterminated quote?)',
      }),
    ]);
    // A big but closed field (an HTML blob in a notes column) is data, not an error.
    const big = join(dir, 'big.csv');
    writeFileSync(big, `id,name,employees\nC1,"${'<p>notes</p>\n'.repeat(20_000)}",5\nC2,Bob,7\n`);
    const ok = await runCli(['validate', '--data', dir, '--customers', big, '--format', 'json']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
  });
});

describe('fixtures/invalid', () => {
  const files = readdirSync(DIR).filter((f) => f !== 'README.md');

  it('holds no file under a standard input name, so --data picks up nothing else', () => {
    for (const name of ['customers', 'market', 'orders', 'contacts', 'reps', 'activities', 'absences'])
      expect(files).not.toContain(`${name}.csv`);
    expect(files).not.toContain('plan.config.json');
  });

  it('has every fixture in the test table and in README.md, and no other', () => {
    const readme = readFileSync(join(DIR, 'README.md'), 'utf8');
    const listed = [...readme.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
    expect(new Set(listed)).toEqual(new Set(files));
    expect(new Set(CASES.map((c) => c.file))).toEqual(new Set(files));
  });
});
