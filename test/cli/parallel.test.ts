/**
 * orders.csv read in ranges on worker threads (issue 14, io/parallel.ts)
 * gives byte for byte what one pass gives: the built CLI (workers load
 * dist/), PLAN_THREADS=1 against many threads (tiny ranges), on the demo
 * data and on generated files with quoted line breaks and delimiters,
 * quoted fields that look like records across the cuts, orders straddling
 * cuts, blank lines, CRLF, a BOM and bad cells (their lines global).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { Rng } from '../../src/core/random.js';
import { DEMO, tempDir } from '../helpers/cli.js';

const PLAN = resolve('bin/plan.js');

function plan(args: string[], threads: number) {
  const r = spawnSync(process.execPath, [PLAN, ...args, '--verbose'], {
    encoding: 'utf8',
    env: { ...process.env, PLAN_THREADS: String(threads) },
  });
  const info = r.stderr.split('\n');
  // Only the notes about ranges differ between a split read and one pass.
  const ranged = (l: string) => / ranges read in parallel$| is not a record start; read again from /.test(l);
  return { code: r.status, stdout: r.stdout, stderr: info.filter((l) => !ranged(l)).join('\n'), notes: info.filter(ranged) };
}

/** The same command on one thread and on `threads`: identical output; the notes of the split read of `file`. */
function same(args: string[], threads: number, file = 'orders.csv'): string[] {
  const one = plan(args, 1);
  const many = plan(args, threads);
  expect(one.notes).toEqual([]);
  expect(many.code).toBe(one.code);
  expect(many.stderr).toBe(one.stderr);
  expect(many.stdout).toBe(one.stdout);
  const notes = many.notes.filter((n) => n.includes(`${file}:`));
  expect(notes[0]).toMatch(/: \d+ ranges read in parallel$/);
  return notes;
}

const MEMO_LINE = 'O9999999,C000001,2026-03-01,web,1.00,1,Fake,\n';

/**
 * An orders.csv of about 2.5 MB (the first 10,000 records and 1 MB decide
 * the file, the rest is cut into ranges): lines of one order together,
 * returns, unknown channels, dates outside the window, products with quotes,
 * commas and line breaks, blank lines, and memos of 80 KB that hold nothing
 * but lines shaped like records (a cut guessed inside one is wrong, and the
 * range is read again). `bad`: amounts that are not numbers in the second
 * half; their lines are returned.
 */
function ordersFile(seed: number, bad: boolean): { text: string; badLines: number[] } {
  const rng = new Rng(seed);
  const parts: string[] = ['order_id,customer_id,date,channel,amount,lines,product,memo\n'];
  let line = 2;
  const badLines: number[] = [];
  const channels = ['field', 'phone', 'email', 'web', 'web', 'Visit', 'fax'];
  const products = ['Shelf', '"Pallet ""Euro"""', '"Box, large"', '"two\nlines"', ''];
  let order = 0;
  for (let k = 0; k < 42_000; k++) {
    const again = k > 0 && rng.chance(0.4);
    if (!again) order++;
    const customer = `C${String(again ? order % 3000 : rng.int(1, 3000)).padStart(6, '0')}`;
    const day = `2026-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
    const channel = channels[again ? order % channels.length : rng.int(0, channels.length - 1)];
    let amount = rng.chance(0.05) ? `-${rng.int(1, 500)}.50` : `${rng.int(0, 9000)}.${String(rng.int(0, 99)).padStart(2, '0')}`;
    if (bad && k > 30_000 && rng.chance(0.0005)) {
      amount = 'n/a';
      badLines.push(line);
    }
    const product = products[rng.int(0, products.length - 1)] as string;
    const memo = k > 16_000 && rng.chance(0.0003) ? `"${MEMO_LINE.repeat(Math.ceil(80_000 / MEMO_LINE.length))}"` : '';
    const record = `O${String(order).padStart(7, '0')},${customer},${day},${channel},${amount},1,${product},${memo}\n`;
    parts.push(record);
    line += record.split('\n').length - 1;
    if (rng.chance(0.002)) {
      const blanks = rng.int(1, 3);
      parts.push('\n'.repeat(blanks));
      line += blanks;
    }
  }
  return { text: parts.join(''), badLines };
}

/**
 * A contacts.csv of about 2 MB over the demo's customers: unknown customers
 * and touch types, touches after --as-of, rows without a customer id, notes
 * with quotes, commas and line breaks, blank lines.
 */
function contactsFile(seed: number): string {
  const rng = new Rng(seed);
  const parts = ['customer_id,date,type,by,note\n'];
  const types = ['visit', 'call', 'meeting', 'email', 'service', 'newsletter', 'Call'];
  const notes = ['', 'ok', '"said ""later"" ok"', '"call back, maybe"', '"two\nlines"'];
  for (let k = 0; k < 48_000; k++) {
    const customer = rng.chance(0.01) ? 'X999' : rng.chance(0.005) ? '' : `C${String(rng.int(1, 3000)).padStart(6, '0')}`;
    const date = `${rng.chance(0.5) ? 2026 : 2025}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
    parts.push(`${customer},${date},${types[rng.int(0, types.length - 1)]},R0${rng.int(1, 9)},${notes[rng.int(0, notes.length - 1)]}\n`);
    if (rng.chance(0.001)) parts.push('\n');
  }
  return parts.join('');
}

/** A data folder with the demo's other files and this one. */
function folder(content: string | Buffer, file = 'orders.csv'): string {
  const dir = tempDir('plan-parallel-');
  for (const f of readdirSync(DEMO)) if (f !== file) copyFileSync(join(DEMO, f), join(dir, f));
  writeFileSync(join(dir, file), content);
  return dir;
}

const COST = ['cost', '--as-of', '2026-11-27', '--by', 'customer', '--format', 'json'];

describe('orders.csv in ranges on worker threads', () => {
  it('the demo data: plan cost and plan focus as on one thread', () => {
    same(['cost', '--data', DEMO, '--as-of', '2026-11-27', '--by', 'customer', '--format', 'csv'], 3);
    same(['focus', '--data', DEMO, '--as-of', '2026-11-27', '--format', 'json'], 2);
  }, 60_000);

  it('quoted line breaks, quotes that look like records across cuts, blank lines: tiny ranges as one pass', () => {
    const { text } = ordersFile(1, false);
    const notes = same([...COST, '--data', folder(text)], 16);
    expect(notes[0]).toMatch(/: 16 ranges read in parallel/);
    // Some cut fell in a memo (its lines look like records): that range was read again from where the one before ended.
    expect(notes.some((n) => n.includes('is not a record start'))).toBe(true);
  }, 60_000);

  it('CRLF, a BOM and bad cells: the same located errors, on the lines of the whole file', () => {
    const { text, badLines } = ordersFile(2, true);
    expect(badLines.length).toBeGreaterThan(1);
    const crlf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replaceAll('\n', '\r\n'))]);
    const dir = folder(crlf);
    same([...COST, '--data', dir], 5);
    const r = plan([...COST, '--data', dir], 5);
    expect(r.code).toBe(65);
    for (const l of badLines) expect(r.stderr).toContain(`orders.csv:${l}:5`);
  }, 60_000);

  it('contacts.csv: plan contact, plan focus (its own window of sales touches) and plan schedule as on one thread', () => {
    const text = contactsFile(3);
    const dir = folder(text, 'contacts.csv');
    same(['contact', '--data', dir, '--as-of', '2026-11-27', '--format', 'json'], 7, 'contacts.csv');
    same(
      ['focus', '--data', dir, '--as-of', '2026-11-27', '--from', '2026-02-01', '--to', '2026-09-30', '--format', 'json'],
      3,
      'contacts.csv',
    );
    same(['schedule', '--data', dir, '--as-of', '2026-11-27', '--format', 'csv'], 2, 'contacts.csv');
    const crlf = folder(text.replaceAll('\n', '\r\n'), 'contacts.csv');
    same(['contact', '--data', crlf, '--as-of', '2026-11-27', '--format', 'json'], 4, 'contacts.csv');
  }, 120_000);
});

describe('CommandEntry.readsInRanges (the launcher starts worker threads first for these commands only)', () => {
  it('says which commands read a file in ranges: every command with inputs, run on files that split', async () => {
    // The demo data with an orders.csv and a contacts.csv that split on two threads.
    const dir = folder(contactsFile(3), 'contacts.csv');
    writeFileSync(join(dir, 'orders.csv'), ordersFile(5, false).text);
    const out = tempDir('plan-ranges-out-');
    const split: Record<string, boolean> = {};
    const said: Record<string, boolean> = {};
    for (const entry of COMMANDS) {
      const spec = await entry.load();
      if (spec.inputs.length === 0) {
        // demo, init, completion: they read no data file.
        expect(entry.readsInRanges, entry.name).toBeUndefined();
        continue;
      }
      const args = [entry.name, '--data', dir, '--as-of', '2026-11-27', ...(spec.outIsFolder ? ['--out', out, '--force'] : [])];
      const run = plan(args, 2);
      expect(run.code, `${entry.name}: ${run.stderr}`).toBe(0);
      split[entry.name] = run.notes.some((n) => n.endsWith(' ranges read in parallel'));
      said[entry.name] = entry.readsInRanges === true;
    }
    expect(split).toEqual(said);
    // Both ways: some commands split and some do not (the data split at all).
    expect(Object.values(split)).toContain(true);
    expect(Object.values(split)).toContain(false);
  }, 180_000);
});
