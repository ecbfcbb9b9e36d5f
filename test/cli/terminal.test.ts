/**
 * Output people read on a terminal: every README example fits 80 columns,
 * long listings stop at 50 rows with a way to see all, piped output is not
 * cut, and text from the input never drives the terminal.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { DEMO, DEMO_AS_OF, runCli, tempDir } from '../helpers/cli.js';

const ESC = '\u001b';
/** The widest line a terminal shows: a carriage return (the progress line redrawn) starts the line over. */
const widest = (text: string) =>
  Math.max(
    0,
    ...stripVTControlCharacters(text)
      .split(/\r?\n|\r/)
      .map((l) => stringWidth(l)),
  );

/** Shell words of an example line: "quoted words" kept together. */
function words(line: string): string[] {
  return (line.match(/"[^"]*"|\S+/g) ?? []).map((w) => w.replace(/^"|"$/g, ''));
}

/**
 * A README example as argv, run where it cannot touch anything: paths it
 * writes go to a temporary folder (plan report's default folder too). Examples whose output goes to a file
 * (`> file`) are run as a shell would, without a terminal. The 1,000,000
 * account demo is run at 2,000 accounts: the same output, at a size a test
 * can wait for.
 */
function example(line: string, dir: string): { argv: string[]; terminal: boolean } {
  const all = words(line).slice(1);
  const redirect = all.indexOf('>');
  const argv = (redirect >= 0 ? all.slice(0, redirect) : all).map((w, i, list) => {
    const previous = list[i - 1] ?? '';
    if (['--out', '-o', '--out-dir'].includes(previous) || w.startsWith('/tmp/') || (['demo', 'init'].includes(list[0] ?? '') && i === 1))
      return join(dir, w.replace(/[/.]/g, '_'));
    if (w === '1000000') return '2000';
    if (w === '5000000') return '10000';
    return w;
  });
  // plan report writes ./plan-report by default: into the temporary folder, never the repository.
  if (argv[0] === 'report' && !argv.includes('--out-dir')) argv.push('--out-dir', join(dir, 'plan-report'));
  return { argv, terminal: redirect < 0 };
}

const README_EXAMPLES = readFileSync('README.md', 'utf8')
  .split('\n')
  .filter((l) => l.startsWith('$ plan '))
  .map((l) => l.slice(2));

describe('every README example on an 80-column terminal', () => {
  it('finds the examples', () => {
    expect(README_EXAMPLES.length).toBeGreaterThan(30);
  });

  it.each(README_EXAMPLES)('%s: no line wider than 80', async (line) => {
    const dir = tempDir();
    mkdirSync(join(dir, 'exports'));
    const { argv, terminal } = example(line, dir);
    const r = await runCli(argv, { tty: terminal, columns: 80 });
    // Examples naming the user's own files (exports/, crm.csv, orders.csv) stop at the missing input.
    expect([0, 66], r.stderr).toContain(r.code);
    if (terminal) expect(widest(r.stdout), r.stdout).toBeLessThanOrEqual(80);
    if (terminal) expect(widest(r.stderr), r.stderr).toBeLessThanOrEqual(80);
  });
});

describe('messages on standard error', () => {
  // plan cost on the demo warns about an unknown channel in a line of about 250 characters.
  const cost = ['cost', '--data', 'fixtures/demo', '--as-of', '2026-11-27', '--format', 'csv'];

  it('wrap at words to an 80-column terminal, continuation lines indented', async () => {
    const r = await runCli(cost, { tty: true, columns: 80 });
    const lines = r.stderr.trimEnd().split('\n');
    expect(widest(r.stderr)).toBeLessThanOrEqual(80);
    const start = lines.findIndex((l) => l.includes('unknown channel'));
    expect(lines[start]).toMatch(/^plan: warning: fixtures\/demo\/orders\.csv:\d+: 4 rows in 1 unknown channel/);
    const continued = lines.slice(start + 1, lines.findIndex((l, i) => i > start && l.includes('(W_UNKNOWN_CHANNEL)')) + 1);
    expect(continued.length).toBeGreaterThanOrEqual(2);
    for (const line of continued) expect(line).toMatch(/^ {2}\S/);
    // Unwrapped, it is the piped message word for word.
    const piped = await runCli(cost);
    const one = piped.stderr.split('\n').find((l) => l.includes('unknown channel')) as string;
    expect(one.length).toBeGreaterThan(160);
    expect([lines[start], ...continued].map((l) => (l ?? '').trim()).join(' ')).toBe(one);
  });
});

describe('tables on a terminal', () => {
  const contact = ['contact', '--data', DEMO, '--as-of', DEMO_AS_OF, '--accounts', '--quiet'];

  it('shows the first 50 rows of a long listing and says how to see all', async () => {
    const r = await runCli(contact, { tty: true, columns: 80 });
    const rows = r.stdout.split('\n').filter((l) => /^\s*[\d,]+ +C\d{6} /.test(stripVTControlCharacters(l)));
    expect(rows).toHaveLength(50);
    expect(stripVTControlCharacters(r.stdout)).toContain('… 2,950 more rows (--all)');
    const all = await runCli([...contact, '--all'], { tty: true, columns: 80 });
    expect(all.stdout.split('\n').filter((l) => /^\s*[\d,]+ +C\d{6} /.test(stripVTControlCharacters(l)))).toHaveLength(3000);
    expect(all.stdout).not.toContain('more rows');
  });

  it('leaves out the least important columns to fit, names them, and --wide shows every one', async () => {
    const args = ['segment', '--data', DEMO, '--as-of', DEMO_AS_OF, '--top', '5', '--quiet', '--no-color'];
    const narrow = await runCli(args, { tty: true, columns: 80 });
    const header = narrow.stdout.split('\n').find((l) => l.startsWith('rank'));
    // rank, segment, tier, headroom and share are kept (priority 1); market spend goes first.
    expect(header).toMatch(/^rank +segment +tier\b.*headroom +share/);
    expect(header).not.toContain('market spend');
    expect(narrow.stdout).toMatch(/Not shown to fit 80 columns: customers, whitespace, market spend/);
    const wide = await runCli([...args, '--wide'], { tty: true, columns: 80 });
    const wideHeader = wide.stdout.split('\n').find((l) => l.startsWith('rank')) as string;
    for (const label of ['market spend', 'industry', 'growth-adj. headroom', 'why']) expect(wideHeader).toContain(label);
    expect(widest(wide.stdout)).toBeGreaterThan(200);
  });

  it('--columns picks columns by their CSV names, in that order, also for md', async () => {
    const args = [
      'segment',
      '--data',
      DEMO,
      '--as-of',
      DEMO_AS_OF,
      '--top',
      '3',
      '--quiet',
      '--no-color',
      '--columns',
      'headroom,segment,growth',
    ];
    const table = await runCli(args, { tty: true, columns: 80 });
    expect(table.stdout).toMatch(/\n +headroom +segment +growth\n/);
    const md = await runCli([...args, '--format', 'md']);
    expect(md.stdout).toContain('| headroom | segment | growth |');
    const typo = await runCli([...args.slice(0, -1), 'headrom'], { tty: true });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('--columns: no column "headrom" here; did you mean "headroom"?');
  });

  it('cuts long text at a word with an ellipsis on a terminal, never when piped', async () => {
    const dir = tempDir();
    const name = 'Vereinigte Antriebstechnik und Präzisionsmaschinenbau Gesellschaft mit beschränkter Haftung';
    writeFileSync(join(dir, 'customers.csv'), `id,name,owner\nK1,${name},R1\n`);
    writeFileSync(join(dir, 'contacts.csv'), 'customer_id,date,type\nK1,2026-11-01,visit\n');
    const args = ['contact', '--data', dir, '--as-of', DEMO_AS_OF, '--accounts', '--quiet', '--no-color'];
    const tty = await runCli(args, { tty: true, columns: 80 });
    const cut = /K1 +(\S.*?…)/.exec(tty.stdout)?.[1] as string;
    expect(cut).toBeDefined();
    expect(name.startsWith(cut.slice(0, -1))).toBe(true);
    // At a word: what is left out starts with a space.
    expect(name.slice(cut.length - 1)).toMatch(/^ /);
    expect(widest(tty.stdout)).toBeLessThanOrEqual(80);
    const piped = await runCli([...args, '--format', 'table']);
    expect(piped.stdout).toContain(name);
  });
});

describe('control characters in the data', () => {
  const hostile = `Evil${ESC}[2J${ESC}]52;c;ZXZpbA==\u0007 Corp\u202e`;

  /** customers.csv with a hostile name, and with `badNumber` a hostile value where a number belongs. */
  function hostileData(badNumber = false): string {
    const dir = tempDir();
    const k2 = badNumber ? `"9${ESC}[31m"` : '9';
    writeFileSync(join(dir, 'customers.csv'), `id,name,owner,employees\nK1,"${hostile}",R1,12\nK2,Plain,R1,${k2}\n`);
    writeFileSync(join(dir, 'contacts.csv'), 'customer_id,date,type\nK1,2026-11-01,visit\n');
    return dir;
  }

  it('are shown escaped in the table and md, never written raw', async () => {
    const dir = hostileData();
    const args = ['contact', '--data', dir, '--as-of', DEMO_AS_OF, '--accounts', '--no-color'];
    const table = await runCli(args, { tty: true, columns: 200 });
    expect(table.stdout).not.toContain(ESC);
    expect(table.stdout).not.toContain('\u0007');
    expect(table.stdout).not.toContain('\u202e');
    expect(table.stdout).toContain('Evil\\x1b[2J\\x1b]52;c;ZXZpbA==\\x07 Corp\\u202e');
    const md = await runCli([...args, '--format', 'md']);
    expect(md.stdout).not.toContain(ESC);
    expect(md.stdout).toContain('Evil\\\\x1b\\[2J');
  });

  it('are escaped in messages on standard error too', async () => {
    const dir = hostileData();
    const bad = await runCli(['segment', '--data', dir, '--accounts', '--market', join(dir, 'customers.csv')], { tty: true });
    expect(bad.stderr.length).toBeGreaterThan(0);
    expect(bad.stderr).not.toContain(ESC);
    const value = await runCli(['validate', '--data', hostileData(true)], { tty: true });
    expect(value.stderr).toContain('\\x1b[31m');
    expect(value.stderr).not.toContain(ESC);
    const option = await runCli(['schedule', '--data', DEMO, '--rep', `${ESC}[2J`], { tty: true });
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('--rep \\x1b[2J: no such rep');
    expect(option.stderr).not.toContain(ESC);
  });

  it('CSV written to a terminal shows them escaped; piped, the bytes stay as they are', async () => {
    const dir = hostileData();
    const args = ['contact', '--data', dir, '--as-of', DEMO_AS_OF, '--accounts', '--format', 'csv', '--quiet'];
    expect((await runCli(args, { tty: true })).stdout).not.toContain(ESC);
    expect((await runCli(args)).stdout).toContain(hostile);
  });
});
