import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlanError } from '../../src/errors.js';
import { ByteScanner, CONTROL, fieldText, NON_ASCII, resyncCandidate, type ScanOptions, STRAY_QUOTE } from '../../src/io/scan.js';
import { tokenizeText } from '../helpers/tokenize-reference.js';

const SPECTRUM = join(import.meta.dirname, '..', 'fixtures', 'csv-spectrum');

interface Scanned {
  fields: string[];
  line: number;
  stray?: number[];
  /** Line and column of a bad closing quote (the reader skips such a record). */
  bad?: { line: number; column: number };
}

/**
 * Scans bytes pushed in pieces cut at `cuts` (sorted offsets), decoding every field. With `room`: each
 * piece in a buffer of its own after `room` bytes of garbage, the headroom the scanner may write.
 */
function scan(bytes: Uint8Array, cuts: readonly number[] = [], options: ScanOptions = {}, room = 0) {
  const scanner = new ByteScanner(options);
  const out: Scanned[] = [];
  const points = [...cuts.filter((c) => c > 0 && c < bytes.length), bytes.length];
  let from = 0;
  for (const [k, to] of points.entries()) {
    const spaced = Buffer.alloc(room + to - from, 0xaa);
    spaced.set(bytes.subarray(from, to), room);
    const batch = scanner.push(spaced.subarray(room), k === points.length - 1, room);
    from = to;
    for (let r = 0; r < batch.count; r++) {
      const fields: string[] = [];
      const stray: number[] = [];
      for (let c = 0; c < batch.fieldsOf(r); c++) {
        const f = batch.field(r, c);
        fields.push(fieldText(batch, f, String.fromCharCode(options.quote ?? 34)));
        if ((batch.flags[f] as number) & STRAY_QUOTE) stray.push(c);
      }
      const record: Scanned = { fields, line: batch.line[r] as number };
      if (stray.length > 0) record.stray = stray;
      const bad = batch.badQuotes.find((b) => b.record === r);
      if (bad) record.bad = { line: bad.line, column: fields.length };
      out.push(record);
    }
  }
  return { records: out, scanner };
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const fieldsOf = (records: Scanned[]) => records.map((r) => r.fields);
const nonBlank = (rows: string[][]) => rows.filter((f) => !(f.length === 0 || (f.length === 1 && f[0] === '')));

describe('csv-spectrum conformance', () => {
  const names = readdirSync(join(SPECTRUM, 'csvs')).map((f) => f.replace(/\.csv$/, ''));
  it.each(names.filter((n) => n !== 'location_coordinates'))('%s scans to its expected records', (name) => {
    const rows = nonBlank(fieldsOf(scan(readFileSync(join(SPECTRUM, 'csvs', `${name}.csv`))).records));
    const expected = JSON.parse(readFileSync(join(SPECTRUM, 'json', `${name}.json`), 'utf8')) as Record<string, string>[];
    const [header, ...data] = rows;
    expect(data.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i]])))).toEqual(expected);
  });

  it('location_coordinates scans without loss (its JSON is known to be wrong)', () => {
    const bytes = readFileSync(join(SPECTRUM, 'csvs', 'location_coordinates.csv'));
    const rows = nonBlank(fieldsOf(scan(bytes).records));
    const lines = bytes.toString('utf8').split(/\r?\n/).filter(Boolean);
    expect(rows.map((r) => r.join(','))).toEqual(lines);
  });
});

describe('the byte scanner', () => {
  it('gives physical lines when quoted fields hold line breaks of any kind', () => {
    const { records } = scan(utf8('a,b\n"x\ny",1\r\n"p\r\nq\rr",2\nlast,3'));
    expect(records.map((r) => r.line)).toEqual([1, 2, 4, 7]);
    expect(records[2]?.fields).toEqual(['p\r\nq\rr', '2']);
  });

  it('ends records at LF, CRLF and bare CR, and an empty line is a record with no field', () => {
    const { records } = scan(utf8('a,b\r1,2\r\n\n3,4\n5,6\r'));
    expect(records.map((r) => [r.line, r.fields])).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2']],
      [3, []],
      [4, ['3', '4']],
      [5, ['5', '6']],
    ]);
  });

  it('waits for the next chunk when a CR ends one (it may be half of a CRLF)', () => {
    const bytes = utf8('a,b\r\n1,2\r\n');
    expect(scan(bytes, [4]).records).toEqual(scan(bytes).records);
    expect(scan(bytes, [4]).records.map((r) => r.line)).toEqual([1, 2]);
  });

  it('skips a UTF-8 byte order mark, even one cut by a chunk boundary', () => {
    const bytes = utf8('\uFEFFid,name\n1,x\n');
    expect(scan(bytes).records[0]?.fields).toEqual(['id', 'name']);
    expect(scan(bytes, [1, 2]).records[0]?.fields).toEqual(['id', 'name']);
  });

  it('undoubles quotes only where the field had them, and flags a quote in an unquoted field', () => {
    const { records } = scan(utf8('a,"say ""hi""",b"c\n'));
    expect(records[0]).toEqual({ fields: ['a', 'say "hi"', 'b"c'], line: 1, stray: [2] });
  });

  it('marks unquoted fields that are not ASCII (they decode as UTF-8; the others as a slice of the batch)', () => {
    const scanner = new ByteScanner();
    const batch = scanner.push(utf8('id,Grüße,x"é,"日"\n'), true);
    expect(Array.from(batch.flags.subarray(0, 4), (f) => f & (NON_ASCII | STRAY_QUOTE))).toEqual([
      0,
      NON_ASCII,
      NON_ASCII | STRAY_QUOTE,
      0,
    ]);
  });

  it('marks unquoted fields with a control character or a plus sign (a key cell must not take them as they are)', () => {
    const scanner = new ByteScanner();
    const batch = scanner.push(utf8('C1,C\t2,C\u007f3,1.2E+15,"C+5",C 6,x\u00016\n'), true);
    expect(Array.from(batch.flags.subarray(0, 7), (f) => f & CONTROL)).toEqual([0, CONTROL, CONTROL, CONTROL, 0, 0, CONTROL]);
    // A tab delimiter ends fields: it marks nothing.
    const tabs = new ByteScanner({ delimiter: 9 }).push(utf8('a\tb+\n'), true);
    expect(Array.from(tabs.flags.subarray(0, 2), (f) => f & CONTROL)).toEqual([0, CONTROL]);
  });

  it('takes any delimiter and quote byte', () => {
    const { records } = scan(utf8("x;'a;b';'it''s'\n"), [], { delimiter: 59, quote: 39 });
    expect(records[0]?.fields).toEqual(['x', 'a;b', "it's"]);
  });

  it('marks a record with a character after its closing quote, ending it with its line', () => {
    const { records } = scan(utf8('a;b\n1;"pedro "pdet" holanda"\n2;ok\n'), [], { delimiter: 59 });
    expect(records.map((r) => [r.line, r.bad])).toEqual([
      [1, undefined],
      [2, { line: 2, column: 2 }],
      [3, undefined],
    ]);
  });

  it('fails on an unterminated quote, naming the line it opened on and the lines it swallowed', () => {
    expect(() => scan(utf8('a,b\n1,2\n"blaaa\nbla,4\n5,6\n'), [5, 13])).toThrow(
      expect.objectContaining({
        problems: [expect.objectContaining({ line: 3, code: 'E_CSV_QUOTE', message: expect.stringContaining('3 lines swallowed') })],
      }),
    );
  });

  it('locates an unterminated quote on its own line when the record began lines before (as the tokenizer now does)', () => {
    const text = 'a,b,c\n1,"x\ny","never closed\n2,3\n';
    const at = expect.objectContaining({ problems: [expect.objectContaining({ line: 3, code: 'E_CSV_QUOTE' })] });
    expect(() => scan(utf8(text))).toThrow(at);
    expect(() => tokenizeText(text, { delimiter: ',' }, { problem: () => {} })).toThrow(at);
  });

  it('refuses a record longer than its limit instead of buffering the file', () => {
    const bytes = utf8(`a,"${'x'.repeat(100)}`);
    expect(() => scan(bytes, [10, 20, 30, 40, 50, 60, 70, 80, 90], { maxRecordChars: 64 })).toThrow(PlanError);
  });

  it('says whether the text ended without a line break', () => {
    expect(scan(utf8('a\n1')).scanner.endedWithoutNewline).toBe(true);
    expect(scan(utf8('a\n1\n')).scanner.endedWithoutNewline).toBe(false);
  });

  it('stops at the first record starting at or after its limit, and says where', () => {
    const bytes = utf8('id,v\n1,"a\nb"\n2,c\n3,d\n');
    const { records, scanner } = scan(bytes, [], { limit: 8 });
    expect(fieldsOf(records)).toEqual([
      ['id', 'v'],
      ['1', 'a\nb'],
    ]);
    expect(scanner.stoppedAt).toBe(bytes.indexOf(50)); // the "2" of record 3
  });
});

// ------------------------------------------------------------------ differential tests

const cell = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('', ' ', 'a,b', 'say "hi"', 'two\nlines', 'cr\rlf', 'crlf\r\n', 'Grüße', '日本', '"', ','),
);
const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 });
const EOL = fc.constantFrom('\n', '\r\n', '\r');

/** RFC 4180 text of rows: a field is quoted when it must be, or at random. */
function csvOf(rows: string[][], eol: string, quoteAll: boolean, finalEol: boolean): string {
  const quote = (v: string) => (quoteAll || /[",\r\n]/.test(v) || v === '' ? `"${v.replaceAll('"', '""')}"` : v);
  return rows.map((r) => r.map(quote).join(',')).join(eol) + (finalEol ? eol : '');
}

describe('differential: the byte scanner against csv-parse', () => {
  it('scans generated CSV to the records csv-parse reads, whatever the chunk boundaries', () => {
    fc.assert(
      fc.property(
        table,
        EOL,
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 0, max: 1 << 30 }),
        (rows, eol, all, final, bom, seed) => {
          const text = (bom ? '\uFEFF' : '') + csvOf(rows, eol, all, final);
          const bytes = utf8(text);
          const cuts = Array.from({ length: seed % 7 }, (_, k) => ((seed >> (k * 3)) % bytes.length) + 1).sort((a, b) => a - b);
          const expected = parse(text, { bom: true, relax_column_count: true, record_delimiter: eol }) as string[][];
          expect(fieldsOf(scan(bytes, cuts).records)).toEqual(expected);
          // A record cut by a piece's end finished in the piece's headroom when it fits, else in a buffer of its own.
          expect(fieldsOf(scan(bytes, cuts, {}, seed % 13).records)).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('finishes a cut record in the headroom before the next chunk, in the buffer of that chunk', () => {
    const scanner = new ByteScanner();
    scanner.push(utf8('id,name\n1,Al'), false);
    const next = Buffer.alloc(16 + 6, 0xaa);
    next.write('ice\n2,', 16);
    const batch = scanner.push(next.subarray(16), false, 16);
    expect(batch.bytes.buffer).toBe(next.buffer);
    expect(fieldText(batch, batch.field(0, 1))).toBe('Alice');
    // Not enough room: the record and the chunk are put together elsewhere, the chunk's buffer left as it was.
    const small = Buffer.alloc(1 + 5, 0xaa);
    small.write('Bob\n', 1);
    const copied = scanner.push(small.subarray(1), true, 1);
    expect(copied.bytes.buffer).not.toBe(small.buffer);
    expect(small[0]).toBe(0xaa);
    expect(fieldText(copied, copied.field(0, 1))).toBe('Bob');
  });

  it('agrees with csv-parse for every chunk boundary of one tricky file', () => {
    const text = '\uFEFFid,"na""me",x\r\n"a\r\nb",Grüße,""\r\n日本,"x,y",\r\n';
    const expected = parse(text, { bom: true, relax_column_count: true }) as string[][];
    const bytes = utf8(text);
    for (let cut = 1; cut < bytes.length; cut++) expect(fieldsOf(scan(bytes, [cut]).records)).toEqual(expected);
  });
});

describe('differential: the byte scanner against the string tokenizer it replaced (test/helpers/tokenize-reference.ts)', () => {
  // Any text over characters that matter, malformed included: same records, lines, stray quotes, bad quotes, errors.
  const messy = fc
    .array(fc.constantFrom('a', 'b', ',', '"', '""', '\n', '\r', '\r\n', ' ', 'é', '日'), { maxLength: 60 })
    .map((p) => p.join(''));

  it('splits, locates and rejects exactly as the tokenizer does', () => {
    fc.assert(
      fc.property(messy, fc.array(fc.integer({ min: 1, max: 200 }), { maxLength: 6 }), (text, cuts) => {
        const problems: { line: number; column?: number }[] = [];
        let expected: Scanned[] | PlanError;
        try {
          expected = tokenizeText(text, { delimiter: ',' }, { problem: (p) => problems.push(p) }).map((r) => ({
            fields: r.fields,
            line: r.line,
            ...(r.strayQuotes ? { stray: r.strayQuotes } : {}),
          }));
        } catch (e) {
          expected = e as PlanError;
        }
        const bytes = utf8(text);
        let actual: Scanned[] | PlanError;
        try {
          actual = scan(
            bytes,
            [...new Set(cuts)].sort((a, b) => a - b),
          ).records;
        } catch (e) {
          actual = e as PlanError;
        }
        if (expected instanceof PlanError) {
          expect(actual).toBeInstanceOf(PlanError);
          expect((actual as PlanError).problems).toEqual(expected.problems);
          return;
        }
        expect(actual).not.toBeInstanceOf(PlanError);
        const records = actual as Scanned[];
        expect(records.filter((r) => !r.bad)).toEqual(expected);
        expect(records.filter((r) => r.bad).map((r) => r.bad)).toEqual(problems.map((p) => ({ line: p.line, column: p.column })));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('splitting a file into ranges for worker threads', () => {
  it('ranges scanned apart give the records of the whole file, or the check says the guess was wrong', () => {
    fc.assert(
      fc.property(table, EOL, fc.boolean(), fc.double({ min: 0, max: 1, noNaN: true }), (rows, eol, all, at) => {
        const bytes = utf8(csvOf(rows, eol, all, true));
        const whole = scan(bytes).records;
        const candidate = resyncCandidate(bytes, Math.floor(at * bytes.length));
        // The first range's scanner reads on past its end only to finish a record cut by it: give it the rest.
        const first = scan(bytes, [], { limit: candidate });
        if (first.scanner.stoppedAt !== candidate) {
          // Only a line break inside a quoted field can mislead the guess; the first range's scanner tells.
          expect(rows.some((r) => r.some((v) => /[\r\n]/.test(v)))).toBe(true);
          return;
        }
        const second = scan(bytes.subarray(candidate), [], { offset: candidate });
        const lines = first.scanner.line - 1;
        expect([...first.records, ...second.records.map((r) => ({ ...r, line: r.line + lines }))]).toEqual(whole);
      }),
      { numRuns: 500 },
    );
  });

  it('guesses right on files without line breaks in quoted fields', () => {
    const bytes = utf8('id,name\n1,"a, b"\n2,c\n3,"d ""e"""\n');
    for (let at = 0; at < bytes.length; at++) {
      const candidate = resyncCandidate(bytes, at);
      expect(scan(bytes, [], { limit: candidate }).scanner.stoppedAt).toBe(candidate);
    }
  });
});
