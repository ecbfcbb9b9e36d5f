/**
 * Outputs never destroy anything (issue 12): --out FILE, --out-dir DIR, the
 * temporary files. Every test hashes the sandbox before and after: nothing
 * outside the output path may change.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  createReadStream,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_AS_OF, runCli, tempDir } from '../helpers/cli.js';
import { tree } from '../helpers/tree.js';

const PLAN = resolve('bin/plan.js');
const IS_ROOT = process.getuid?.() === 0;
/** Whether this machine lets the tests make device nodes (root with CAP_MKNOD). */
const CAN_MKNOD = (() => {
  const probe = join(tempDir(), 'null');
  return spawnSync('mknod', [probe, 'c', '1', '3']).status === 0 && lstatSync(probe).isCharacterDevice();
})();

const segment = (args: string[]) => runCli(['segment', '--as-of', DEMO_AS_OF, ...args]);
const report = (args: string[], opts = {}) => runCli(['report', '--as-of', DEMO_AS_OF, ...args], opts);

/** A folder holding a small data folder (with a file of the user's own) and room for outputs. */
function sandbox(): { root: string; data: string } {
  const root = tempDir('plan-out-');
  const data = join(root, 'data');
  cpSync('fixtures/segment', data, { recursive: true });
  writeFileSync(join(data, 'notes.txt'), 'my own notes\n');
  return { root, data };
}

/** Runs `act`; nothing under `root` but the `outputs` (relative names) may differ afterwards. */
async function onlyChanging<T>(root: string, outputs: string[], act: () => T | Promise<T>): Promise<T> {
  const before = tree(root, outputs);
  const result = await act();
  expect(tree(root, outputs), 'files outside the output path').toEqual(before);
  return result;
}

/** What `plan segment` writes for the sandbox's data, independently of --out. */
async function expectedCsv(data: string): Promise<string> {
  const r = await segment(['--data', data, '--format', 'csv']);
  expect(r.code).toBe(0);
  return r.stdout;
}

describe('--out FILE', () => {
  it('refuses an input of this run: by its path, through a hard link, through a symlink, and the config (exit 73)', async () => {
    const { root, data } = sandbox();
    writeFileSync(join(data, 'plan.config.json'), '{}\n');
    linkSync(join(data, 'customers.csv'), join(root, 'alias.csv'));
    symlinkSync(join(data, 'market.csv'), join(root, 'market-link.csv'));
    for (const out of [
      join(data, 'customers.csv'),
      join(root, 'alias.csv'),
      join(root, 'market-link.csv'),
      join(data, 'plan.config.json'),
    ]) {
      const r = await onlyChanging(root, [], () => segment(['--data', data, '--out', out]));
      expect(r.code, out).toBe(73);
      expect(r.stderr, out).toMatch(
        /will not write .*: it is .*an input of this run; plan never writes over its inputs: give another --out/,
      );
    }
  });

  it('refuses a folder, the data folder first of all', async () => {
    const { root, data } = sandbox();
    const r = await onlyChanging(root, [], () => segment(['--data', data, '--out', data]));
    expect(r.code).toBe(73);
    expect(r.stderr).toContain(`will not write ${data}: it is an input of this run`);
    mkdirSync(join(root, 'out.csv'));
    const folder = await onlyChanging(root, [], () => segment(['--data', data, '--out', join(root, 'out.csv')]));
    expect(folder.code).toBe(73);
    expect(folder.stderr).toContain('out.csv: it is a folder; give a file name for --out');
  });

  it('writes through a symlink: a file plan did not write is refused, with --force replaced (keeping its mode), the link stays', async () => {
    const { root, data } = sandbox();
    mkdirSync(join(root, 'reports'));
    writeFileSync(join(root, 'reports', 'monday.csv'), 'old\n');
    chmodSync(join(root, 'reports', 'monday.csv'), 0o640);
    symlinkSync('reports/monday.csv', join(root, 'latest.csv'));
    const refused = await onlyChanging(root, [], () => segment(['--data', data, '--out', join(root, 'latest.csv')]));
    expect(refused.code).toBe(73);
    expect(refused.stderr).toContain(`will not write ${join(root, 'reports', 'monday.csv')}: it exists and is not an output of plan`);
    const r = await onlyChanging(root, ['reports/monday.csv'], () =>
      segment(['--data', data, '--out', join(root, 'latest.csv'), '--force']),
    );
    expect(r.code).toBe(0);
    expect(readlinkSync(join(root, 'latest.csv'))).toBe('reports/monday.csv');
    expect(readFileSync(join(root, 'reports', 'monday.csv'), 'utf8')).toBe(await expectedCsv(data));
    expect(statSync(join(root, 'reports', 'monday.csv')).mode & 0o777).toBe(0o640);
  });

  it('refuses a symlink to nothing', async () => {
    const { root, data } = sandbox();
    symlinkSync('nowhere.csv', join(root, 'dangling.csv'));
    const r = await onlyChanging(root, [], () => segment(['--data', data, '--out', join(root, 'dangling.csv')]));
    expect(r.code).toBe(73);
    expect(r.stderr).toContain('is a symbolic link to nothing');
  });

  it('writes into a FIFO directly: the reader gets everything, the FIFO stays a FIFO', async () => {
    const { root, data } = sandbox();
    const fifo = join(root, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    const received = new Promise<string>((done, fail) => {
      const chunks: Buffer[] = [];
      createReadStream(fifo)
        .on('data', (c) => chunks.push(c as Buffer))
        .on('end', () => done(Buffer.concat(chunks).toString('utf8')))
        .on('error', fail);
    });
    // The FIFO keeps its inode: tree() records it, so a replaced FIFO would show.
    const r = await onlyChanging(root, [], () => segment(['--data', data, '--out', fifo]));
    expect(r.code).toBe(0);
    expect(await received).toBe(await expectedCsv(data));
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  // Device nodes of the sandbox's own (mknod, as root): a writer that regressed would replace these, never the
  // machine's /dev/null.
  it.skipIf(!CAN_MKNOD)('writes into a character device directly, and says when the device is full', async () => {
    const { root, data } = sandbox();
    execFileSync('mknod', ['-m', '666', join(root, 'null'), 'c', '1', '3']);
    execFileSync('mknod', ['-m', '666', join(root, 'full'), 'c', '1', '7']);
    const nul = await onlyChanging(root, [], () => segment(['--data', data, '--out', join(root, 'null')]));
    expect(nul.code).toBe(0);
    expect(lstatSync(join(root, 'null')).isCharacterDevice()).toBe(true);
    const full = await onlyChanging(root, [], () => segment(['--data', data, '--out', join(root, 'full')]));
    expect(full.code).toBe(73);
    expect(full.stderr).toContain(`cannot write ${join(root, 'full')}: no space left on the device (ENOSPC)`);
  });

  it('keeps the mode of a 0600 file; a new file gets the mode the umask gives', async () => {
    const { root, data } = sandbox();
    const private_ = join(root, 'private.csv');
    writeFileSync(private_, 'yesterday\n');
    chmodSync(private_, 0o600);
    const r = await onlyChanging(root, ['private.csv'], () => segment(['--data', data, '--out', private_, '--force']));
    expect(r.code).toBe(0);
    expect(readFileSync(private_, 'utf8')).toBe(await expectedCsv(data));
    expect(statSync(private_).mode & 0o777).toBe(0o600);
    // The umask's mode, found independently: a file this process creates plainly.
    writeFileSync(join(root, 'probe'), '');
    const umaskMode = statSync(join(root, 'probe')).mode & 0o777;
    rmSync(join(root, 'probe'));
    const fresh = await onlyChanging(root, ['fresh.csv'], () => segment(['--data', data, '--out', join(root, 'fresh.csv')]));
    expect(fresh.code).toBe(0);
    expect(statSync(join(root, 'fresh.csv')).mode & 0o777).toBe(umaskMode);
  });

  it.skipIf(!IS_ROOT)("keeps an existing file's owner", async () => {
    const { root, data } = sandbox();
    const theirs = join(root, 'theirs.csv');
    writeFileSync(theirs, 'yesterday\n');
    chownSync(theirs, 4321, 4322);
    const r = await onlyChanging(root, ['theirs.csv'], () => segment(['--data', data, '--out', theirs, '--force']));
    expect(r.code).toBe(0);
    expect(statSync(theirs)).toMatchObject({ uid: 4321, gid: 4322 });
    expect(readFileSync(theirs, 'utf8')).toBe(await expectedCsv(data));
  });

  it('a name too long is exit 73 with ENAMETOOLONG; a long name that fits is written, its temporary file too', async () => {
    const { root, data } = sandbox();
    const tooLong = await onlyChanging(root, [], () => segment(['--data', data, '--out', join(root, `${'a'.repeat(300)}.csv`)]));
    expect(tooLong.code).toBe(73);
    expect(tooLong.stderr).toMatch(/cannot write .*a{300}\.csv: file name too long \(ENAMETOOLONG\)/);
    const name = `${'b'.repeat(250)}.csv`;
    const fits = await onlyChanging(root, [name], () => segment(['--data', data, '--out', join(root, name)]));
    expect(fits.code).toBe(0);
    expect(readFileSync(join(root, name), 'utf8')).toBe(await expectedCsv(data));
  });

  it('a path through a file (ENOTDIR) and a folder that does not exist are exit 73 with the cause', async () => {
    const { root, data } = sandbox();
    const through = await onlyChanging(root, [], () => segment(['--data', data, '--out', join(data, 'notes.txt', 'x.csv')]));
    expect(through.code).toBe(73);
    expect(through.stderr).toContain('a part of the path is a file, not a folder (ENOTDIR)');
    const missing = await onlyChanging(root, [], () => segment(['--data', data, '--out', join(root, 'no', 'x.csv')]));
    expect(missing.code).toBe(73);
    expect(missing.stderr).toContain('the folder does not exist (ENOENT)');
  });

  // Root writes into a chmod 0555 folder, so as root the test takes a folder the kernel refuses to anyone: /sys.
  it.skipIf(IS_ROOT)('a read-only folder is exit 73 with EACCES (as a user)', async () => {
    const { root, data } = sandbox();
    mkdirSync(join(root, 'locked'));
    chmodSync(join(root, 'locked'), 0o555);
    const r = await onlyChanging(root, [], () => segment(['--data', data, '--out', join(root, 'locked', 'x.csv')]));
    expect(r.code).toBe(73);
    expect(r.stderr).toContain('permission denied (EACCES)');
  });

  const sysRefuses = (() => {
    try {
      writeFileSync('/sys/.plan-probe', '', { flag: 'wx' });
      rmSync('/sys/.plan-probe');
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EACCES';
    }
  })();
  it.skipIf(!sysRefuses)('a folder even root cannot write (/sys) is exit 73 with EACCES', async () => {
    const { root, data } = sandbox();
    const r = await onlyChanging(root, [], () => segment(['--data', data, '--out', '/sys/plan-test.csv']));
    expect(r.code).toBe(73);
    expect(r.stderr).toContain('cannot write /sys/plan-test.csv: permission denied (EACCES)');
    expect(readdirSync('/sys').filter((n) => n.includes('plan'))).toEqual([]);
  });

  it.each([
    [
      ['--out', 'x.xlsx'],
      /--out .*x\.xlsx: plan does not write \.xlsx files; name it \.csv, \.json, \.md, \.html, \.txt \(a table\), or give --format/,
    ],
    [['--out', 'x.json', '--format', 'csv'], /--out .*x\.json is a \.json name but --format is csv: name it \.csv, or drop --format/],
    [['--out', 'x.dat', '--format', 'csv'], /plan does not write \.dat files; name it .*\.csv/],
    [['--out', 'x.ics'], /--format ics is not available here/],
  ])('%j is a usage error (exit 2), before anything is written', async (args, message) => {
    const { root, data } = sandbox();
    const withPath = args.map((a) => (a.startsWith('x.') ? join(root, a) : a));
    const r = await onlyChanging(root, [], () => segment(['--data', data, ...withPath]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('takes the format from the extension (.txt: a table); a name without one is CSV', async () => {
    const { root, data } = sandbox();
    const r = await onlyChanging(root, ['x.txt', 'segments.2026-11-27'], async () => [
      await segment(['--data', data, '--out', join(root, 'x.txt')]),
      await segment(['--data', data, '--out', join(root, 'segments.2026-11-27')]),
    ]);
    expect(r.map((x) => x.code)).toEqual([0, 0]);
    expect(readFileSync(join(root, 'x.txt'), 'utf8')).toMatch(/\nrank +segment +tier .*\n──── +─+ +────/);
    expect(readFileSync(join(root, 'segments.2026-11-27'), 'utf8')).toBe(await expectedCsv(data));
  });
});

describe('--out FILE replaces only what plan wrote', () => {
  const REFUSED = /will not write .*: it exists and is not an output of plan \(.*\); give --force to replace it, or another --out/;
  /** What `plan segment` writes to standard output for `data` in `format` (the file's expected bytes). */
  const printed = async (data: string, ...args: string[]) => {
    const r = await segment(['--data', data, ...args]);
    expect(r.code).toBe(0);
    return r.stdout;
  };

  it('refuses a file it did not write (exit 73): byte-identical, no temporary file left, directly and through a symlink', async () => {
    const { root, data } = sandbox();
    writeFileSync(join(root, 'notes.csv'), 'precious\nnotes\n');
    writeFileSync(join(root, 'page.html'), '<!DOCTYPE html>\n<html><head><title>mine</title></head></html>\n');
    writeFileSync(join(root, 'data.json'), '{\n  "mine": true\n}\n');
    writeFileSync(join(root, 'notes.md'), '# My notes\n');
    symlinkSync('notes.csv', join(root, 'link.csv'));
    for (const out of ['notes.csv', 'page.html', 'data.json', 'notes.md', 'link.csv']) {
      const r = await onlyChanging(root, [], () => segment(['--data', data, '--out', join(root, out)]));
      expect(r.code, out).toBe(73);
      expect(r.stderr, out).toMatch(REFUSED);
    }
    expect(readFileSync(join(root, 'notes.csv'), 'utf8')).toBe('precious\nnotes\n');
  });

  it('says why: the first line (CSV, MD), the first two (JSON), the generator tag (HTML)', async () => {
    const { root, data } = sandbox();
    for (const [name, why] of [
      ['a.csv', 'its first line is not what plan writes here'],
      ['a.json', 'its first two lines are not what plan writes here'],
      ['a.html', 'it has no <meta name="generator" content="plan"> near its start'],
    ]) {
      writeFileSync(join(root, name as string), 'x\n');
      const r = await segment(['--data', data, '--out', join(root, name as string)]);
      expect(r.stderr).toContain(
        `plan: error: will not write ${join(root, name as string)}: it exists and is not an output of plan (${why})`,
      );
    }
  });

  it('replaces an empty file', async () => {
    const { root, data } = sandbox();
    writeFileSync(join(root, 'empty.csv'), '');
    const r = await onlyChanging(root, ['empty.csv'], () => segment(['--data', data, '--out', join(root, 'empty.csv')]));
    expect(r.code).toBe(0);
    expect(readFileSync(join(root, 'empty.csv'), 'utf8')).toBe(await printed(data, '--format', 'csv'));
  });

  for (const format of ['csv', 'json', 'html', 'md']) {
    it(`replaces its own earlier ${format} output, written from other data`, async () => {
      const { root, data } = sandbox();
      const out = join(root, `segments.${format}`);
      const first = await segment(['--data', 'fixtures/demo', '--out', out]);
      expect(first.code).toBe(0);
      const earlier = readFileSync(out, 'utf8');
      const expected = await printed(data, '--format', format);
      expect(earlier).not.toBe(expected);
      const r = await onlyChanging(root, [`segments.${format}`], () => segment(['--data', data, '--out', out]));
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe(expected);
    });
  }

  it('replaces its own output of another day: a date or week in the first lines (JSON asOf, a title) is not what tells', async () => {
    const root = tempDir('plan-out-');
    const run = (cmd: string, asOf: string, out: string) =>
      runCli([cmd, '--data', 'fixtures/demo', '--as-of', asOf, '--quiet', '--out', join(root, out)]);
    for (const [cmd, out] of [
      ['contact', 'contact.json'],
      ['schedule', 'calls.md'],
      ['schedule', 'calls.txt'],
    ] as const) {
      expect((await run(cmd, '2026-06-01', out)).code).toBe(0);
      const earlier = readFileSync(join(root, out), 'utf8').split('\n').slice(0, 2).join('\n');
      const r = await onlyChanging(root, [out], () => run(cmd, DEMO_AS_OF, out));
      expect(r.code, `${cmd} ${out}: ${r.stderr}`).toBe(0);
      expect(readFileSync(join(root, out), 'utf8').split('\n').slice(0, 2).join('\n'), out).not.toBe(earlier);
    }
  });

  it('refuses the CSV and JSON of another command (another header), and replaces them with --force', async () => {
    const { root, data } = sandbox();
    for (const format of ['csv', 'json']) {
      const out = join(root, `costs.${format}`);
      const cost = await runCli(['cost', '--as-of', DEMO_AS_OF, '--data', 'fixtures/demo', '--out', out, '--quiet']);
      expect(cost.code).toBe(0);
      const r = await onlyChanging(root, [], () => segment(['--data', data, '--out', out]));
      expect(r.code, format).toBe(73);
      expect(r.stderr).toMatch(REFUSED);
      const forced = await onlyChanging(root, [`costs.${format}`], () => segment(['--data', data, '--out', out, '--force']));
      expect(forced.code).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe(await printed(data, '--format', format));
    }
  });

  it('--excel (BOM, CRLF) replaces the plain CSV of the same command, and the other way round', async () => {
    const { root, data } = sandbox();
    const out = join(root, 'segments.csv');
    expect((await segment(['--data', data, '--out', out])).code).toBe(0);
    const excel = await onlyChanging(root, ['segments.csv'], () => segment(['--data', data, '--out', out, '--excel']));
    expect(excel.code).toBe(0);
    const bytes = readFileSync(out);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(bytes.toString('utf8')).toContain('\r\n');
    const plain = await onlyChanging(root, ['segments.csv'], () => segment(['--data', data, '--out', out]));
    expect(plain.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(await printed(data, '--format', 'csv'));
  });

  it('plan schedule: replaces its own HTML and ICS (the generator tag, PRODID), refuses others', async () => {
    const root = tempDir('plan-out-');
    const schedule = (out: string) => runCli(['schedule', '--data', 'fixtures/schedule', '--as-of', '2027-03-06', '--quiet', '--out', out]);
    for (const name of ['week.html', 'week.ics']) {
      const out = join(root, name);
      const first = await schedule(out);
      expect(first.code, first.stderr).toBe(0);
      const again = await onlyChanging(root, [name], () => schedule(out));
      expect(again.code, again.stderr).toBe(0);
      writeFileSync(out, name.endsWith('.ics') ? 'BEGIN:VCALENDAR\r\nPRODID:-//other//EN\r\n' : '<html><head></head></html>\n');
      const refused = await onlyChanging(root, [], () => schedule(out));
      expect(refused.code, name).toBe(73);
      expect(refused.stderr).toMatch(REFUSED);
    }
  });

  it('--force replaces a file it did not write, keeping its mode', async () => {
    const { root, data } = sandbox();
    const notes = join(root, 'notes.csv');
    writeFileSync(notes, 'precious\n');
    chmodSync(notes, 0o604);
    const r = await onlyChanging(root, ['notes.csv'], () => segment(['--data', data, '--out', notes, '--force']));
    expect(r.code).toBe(0);
    expect(readFileSync(notes, 'utf8')).toBe(await printed(data, '--format', 'csv'));
    expect(statSync(notes).mode & 0o777).toBe(0o604);
  });
});

describe('--out-dir (plan report)', () => {
  it.each([
    ['the data folder', (s: { root: string; data: string }) => s.data, /it holds .*customers\.csv, an input of this run/],
    ['a folder above it', (s: { root: string; data: string }) => s.root, /it holds .*, an input of this run/],
    [
      'a plain file',
      (s: { root: string; data: string }) => join(s.data, 'notes.txt'),
      /it is a file, not a folder; give another --out-dir/,
    ],
    [
      'a folder plan did not write',
      (s: { root: string; data: string }) => {
        mkdirSync(join(s.root, 'mine'));
        writeFileSync(join(s.root, 'mine', 'thesis.md'), 'years of work\n');
        return join(s.root, 'mine');
      },
      /it is a folder plan did not write \(it holds thesis\.md\); .*Give another --out-dir, or --force to write the report files into it/,
    ],
  ])('refuses %s (exit 73) and changes nothing', async (_name, pick, message) => {
    const s = sandbox();
    const out = pick(s);
    const r = await onlyChanging(s.root, [], () => report(['--data', s.data, '--out-dir', out]));
    expect(r.code).toBe(73);
    expect(r.stderr).toMatch(message);
  });

  it.each([
    ['.', 'sub'],
    ['..', 'sub'],
  ])('refuses %s, the current folder or one above it', (out, cwd) => {
    const { root } = sandbox();
    const data = join(root, 'elsewhere');
    cpSync('fixtures/segment', data, { recursive: true });
    mkdirSync(join(root, cwd));
    const before = tree(root);
    const r = spawnSync('node', [PLAN, 'report', '--data', data, '--out-dir', out], { cwd: join(root, cwd), encoding: 'utf8' });
    expect(r.status).toBe(73);
    expect(r.stderr).toMatch(/it (is the current folder or a folder above it|holds .*, an input of this run)/);
    expect(tree(root)).toEqual(before);
  });

  it('replaces an earlier report whole; refuses it once it holds a file of the user; --force then keeps that file', async () => {
    const { root, data } = sandbox();
    const out = join(root, 'report');
    expect((await report(['--data', data, '--out-dir', out])).code).toBe(0);
    const first = tree(out);
    expect(Object.keys(first).sort()).toEqual(['.plan-report.json', 'report.html', 'report.json', 'segment.csv']);
    // An earlier report is replaced: a later as-of changes report.json.
    const again = await onlyChanging(root, ['report'], () => runCli(['report', '--data', data, '--out-dir', out, '--as-of', '2026-12-01']));
    expect(again.code).toBe(0);
    expect(tree(out)['report.json']).not.toBe(first['report.json']);
    writeFileSync(join(out, 'my-comments.txt'), 'keep me\n');
    const refused = await onlyChanging(root, [], () => report(['--data', data, '--out-dir', out]));
    expect(refused.code).toBe(73);
    expect(refused.stderr).toContain('it is a folder plan did not write (it holds my-comments.txt)');
    const forced = await onlyChanging(
      root,
      ['report/.plan-report.json', 'report/report.html', 'report/report.json', 'report/segment.csv'],
      () => report(['--data', data, '--out-dir', out, '--force']),
    );
    expect(forced.code).toBe(0);
    expect(readFileSync(join(out, 'my-comments.txt'), 'utf8')).toBe('keep me\n');
  });

  it('--force writes only the report files into a folder it did not write, and removes none of the others', async () => {
    const { root, data } = sandbox();
    const out = join(root, 'shared');
    mkdirSync(out);
    writeFileSync(join(out, 'segment.txt'), 'not ours\n');
    const r = await onlyChanging(root, ['shared/.plan-report.json', 'shared/report.html', 'shared/report.json', 'shared/segment.csv'], () =>
      report(['--data', data, '--out-dir', out, '--force']),
    );
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['.plan-report.json', 'report.html', 'report.json', 'segment.csv', 'segment.txt']);
  });

  it('accepts an empty folder and keeps its mode', async () => {
    const { root, data } = sandbox();
    const out = join(root, 'empty');
    mkdirSync(out);
    chmodSync(out, 0o750);
    const r = await onlyChanging(root, ['empty'], () => report(['--data', data, '--out-dir', out]));
    expect(r.code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o750);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
  });

  it('writes through a symlink to an earlier report: the link stays', async () => {
    const { root, data } = sandbox();
    expect((await report(['--data', data, '--out-dir', join(root, 'monday')])).code).toBe(0);
    symlinkSync('monday', join(root, 'latest'));
    const r = await onlyChanging(root, ['monday'], () =>
      report(['--data', data, '--out-dir', join(root, 'latest'), '--as-of', '2026-12-01']),
    );
    expect(r.code).toBe(0);
    expect(readlinkSync(join(root, 'latest'))).toBe('monday');
    expect(JSON.parse(readFileSync(join(root, 'monday', 'report.json'), 'utf8')).asOf).toBe('2026-12-01');
  });

  it('without --out-dir writes ./plan-report and says so; --out DIR means the same', () => {
    const { root } = sandbox();
    const before = tree(root);
    const r = spawnSync('node', [PLAN, 'report', '--data', 'data', '--as-of', DEMO_AS_OF], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('plan: report written to plan-report; open plan-report/report.html');
    expect(tree(root, ['plan-report'])).toEqual(before);
    expect(existsSync(join(root, 'plan-report', 'report.html'))).toBe(true);
    const out = spawnSync('node', [PLAN, 'report', '--data', 'data', '--as-of', DEMO_AS_OF, '--out', 'r2'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(out.status).toBe(0);
    expect(readdirSync(join(root, 'r2'))).toContain('report.html');
    expect(tree(join(root, 'r2'), ['.plan-report.json'])['report.json']).toBe(tree(join(root, 'plan-report'))['report.json']);
  });

  it('--out and --out-dir naming two folders is a usage error', async () => {
    const { root, data } = sandbox();
    const r = await onlyChanging(root, [], () => report(['--data', data, '--out', join(root, 'a'), '--out-dir', join(root, 'b')]));
    expect(r.code).toBe(2);
  });
});

/** Starts the real binary (plan demo into `dir`) and waits until it writes customers.csv's temporary file. */
async function startWriting(
  args: string[],
  dir: string,
): Promise<{ child: ChildProcess; exited: Promise<[number | null, string | null]> }> {
  const child = spawn('node', [PLAN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<[number | null, string | null]>((done) => child.on('exit', (code, signal) => done([code, signal])));
  for (let i = 0; i < 1000; i++) {
    if (existsSync(dir) && readdirSync(dir).some((n) => /^\.customers\.csv\.plan-\d+-[0-9a-f]{8}\.tmp$/.test(n))) return { child, exited };
    await new Promise((r) => setTimeout(r, 10));
  }
  child.kill('SIGKILL');
  throw new Error('no temporary file appeared');
}

describe('temporary files', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s during a large write removes the temporary file and exits %i', async (signal, code) => {
    const root = tempDir();
    const out = join(root, 'big');
    const before = tree(root);
    const { child, exited } = await startWriting(['demo', out, '--customers', '100000', '--as-of', DEMO_AS_OF], out);
    let stderr = '';
    child.stderr?.on('data', (c) => {
      stderr += c;
    });
    child.kill(signal);
    expect(await exited).toEqual([code, null]);
    expect(stderr).toContain(`plan: interrupted by ${signal}; removed 1 unfinished output(s)`);
    expect(readdirSync(out)).toEqual([]);
    expect(tree(root, ['big'])).toEqual(before);
  });

  it('a run killed outright leaves its temporary file; the next run removes it, and nothing that is not its own', async () => {
    const root = tempDir();
    const out = join(root, 'big');
    mkdirSync(out);
    writeFileSync(join(out, 'draft.tmp'), "the user's\n");
    // Plan's own pattern, but of a process that is alive (this one): another run under way.
    writeFileSync(join(out, `.x.csv.plan-${process.pid}-0123abcd.tmp`), 'another run\n');
    const { child, exited } = await startWriting(['demo', out, '--customers', '100000', '--as-of', DEMO_AS_OF], out);
    child.kill('SIGKILL');
    expect(await exited).toEqual([null, 'SIGKILL']);
    const stale = readdirSync(out).filter((n) => /^\.customers\.csv\.plan-\d+-[0-9a-f]{8}\.tmp$/.test(n));
    expect(stale).toHaveLength(1);
    const before = tree(root, ['big']);
    const clean = spawnSync('node', [PLAN, 'demo', out, '--customers', '30', '--as-of', DEMO_AS_OF], { encoding: 'utf8' });
    expect(clean.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      `.x.csv.plan-${process.pid}-0123abcd.tmp`,
      'absences.csv',
      'activities.csv',
      'contacts.csv',
      'customers.csv',
      'draft.tmp',
      'market.csv',
      'orders.csv',
      'plan.config.json',
      'products.csv',
      'reps.csv',
    ]);
    expect(tree(root, ['big'])).toEqual(before);
  });
});

describe('standard output', () => {
  const sh = (redirect: string) =>
    spawnSync('bash', ['-c', `node ${PLAN} segment --data fixtures/segment --as-of ${DEMO_AS_OF} ${redirect}`], { encoding: 'utf8' });

  it('closed (>&-) is exit 73 with EBADF, never a silent exit 0', () => {
    const r = sh('>&-');
    expect(r.status).toBe(73);
    expect(r.stderr).toContain('cannot write to standard output: it is closed (EBADF)');
  });

  it('opened read-only (1<FILE) is exit 73 with EBADF', () => {
    const r = sh('1</dev/null');
    expect(r.status).toBe(73);
    expect(r.stderr).toContain('(EBADF)');
  });

  it('> /dev/null is a normal run', () => {
    expect(sh('>/dev/null').status).toBe(0);
  });
});
