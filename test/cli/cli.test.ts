import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { run } from '../../src/cli/run.js';
import { DEMO, DEMO_AS_OF, runCli, tempDir } from '../helpers/cli.js';

const VERSION = JSON.parse(readFileSync('package.json', 'utf8')).version as string;
const ESC = '\x1b[';
/** Every command with its help's examples (a command's module is loaded when it is named). */
const LOADED = await Promise.all(COMMANDS.map(async (c) => ({ name: c.name, examples: (await c.load()).examples })));

function brokenFolder(): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'customers.csv'), 'id,name,employees\nC1,Alpha,12\nC2,Beta,many\n');
  writeFileSync(join(dir, 'market.csv'), 'industry,spend_per_firm\n*,1000\n');
  return dir;
}

describe('exit codes (SPEC section 5)', () => {
  it('0: success', async () => {
    expect((await runCli(['validate', '--data', DEMO])).code).toBe(0);
  });

  it('1: an internal error prints a short message, the stack only with --debug', async () => {
    // A stdout whose write throws a plain TypeError: a bug, not a PlanError.
    const exploding = {
      write() {
        throw new TypeError('boom');
      },
      once() {},
      removeListener() {},
    } as unknown as NodeJS.WritableStream;
    const stderr: string[] = [];
    const io = () => ({
      stdin: process.stdin,
      stdout: exploding,
      stderr: new Writable({
        write(chunk, _enc, done) {
          stderr.push(String(chunk));
          done();
        },
      }),
      env: {},
      cwd: process.cwd(),
      now: () => new Date(),
    });
    const code = await run(['segment', '--data', DEMO, '--as-of', DEMO_AS_OF, '--format', 'csv'], io());
    expect(code).toBe(1);
    expect(stderr.join('')).toContain('plan: internal error: boom');
    expect(stderr.join('')).not.toContain('at ');
    stderr.length = 0;
    expect(await run(['segment', '--data', DEMO, '--as-of', DEMO_AS_OF, '--format', 'csv', '--debug'], io())).toBe(1);
    expect(stderr.join('')).toMatch(/TypeError: boom\n\s+at /);
  });

  it.each([
    [['segmnt'], /unknown command 'segmnt'[\s\S]*Did you mean segment\?/],
    [['help', 'segmnt'], /unknown command 'segmnt'[\s\S]*Did you mean segment\?/],
    [['frob'], /^plan: error: unknown command 'frob'\nRun "plan --help" for the list of commands\.\n$/],
    [['init'], /^plan: error: missing required argument 'dir'\nRun "plan --help" or "plan <command> --help" for usage\.\n$/],
    [['segment', '--frmat', 'json'], /unknown option '--frmat'[\s\S]*Did you mean --format\?/],
    [['segment', '--format', 'xml'], /argument 'xml' is invalid/],
    [['segment', '--as-of', '2026-13-01'], /--as-of takes a date as YYYY-MM-DD/],
    [['segment', '--top', 'ten'], /--top/],
    [['segment', '--delimiter', 'abc'], /--delimiter takes one character/],
    [[], /Usage: plan/],
  ])('2: usage error for %j', async (argv, message) => {
    const r = await runCli(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('65: bad input data, every problem located', async () => {
    const r = await runCli(['segment', '--data', brokenFolder(), '--format', 'csv']);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/customers\.csv:3:3 \[record 2, column "employees"\]: not a number \(value "many"\) \(E_NUMBER\)/);
    expect(r.stdout).toBe('');
  });

  it('66: a missing input file or folder', async () => {
    const empty = tempDir();
    const noMarket = await runCli(['segment', '--data', empty]);
    expect(noMarket.code).toBe(66);
    expect(noMarket.stderr).toMatch(/plan segment needs market\.csv: not found in .* \(give --data DIR or --market FILE\)/);
    expect((await runCli(['segment', '--data', join(empty, 'nope')])).code).toBe(66);
    expect((await runCli(['segment', '--data', DEMO, '--customers', join(empty, 'missing.csv')])).stderr).toMatch(
      /missing\.csv: no such file/,
    );
  });

  it('73: an output that cannot be written', async () => {
    const r = await runCli(['segment', '--data', DEMO, '--as-of', DEMO_AS_OF, '--out', join(tempDir(), 'no', 'such', 'dir', 'x.csv')]);
    expect(r.code).toBe(73);
    expect(r.stderr).toMatch(/cannot write .*x\.csv/);
  });
});

describe('--null', () => {
  it('reads the given cell texts as missing, and only those (NA is Namibia by default)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'customers.csv'), 'id,region,employees\nC1,NA,n/a\nC2,North,-\n');
    const plain = await runCli(['validate', '--data', dir]);
    expect(plain.code).toBe(65);
    expect(plain.stderr).toMatch(/customers\.csv:2:3 \[record 1, column "employees"\]: not a number \(value "n\/a"\)/);
    const declared = await runCli(['validate', '--data', dir, '--null', 'n/a', '--null', '-']);
    expect(declared.code).toBe(0);
  });
});

describe('--skip-rows and --skip-footer', () => {
  it('skip lines above the header and records under the data that are not data', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'customers.csv'),
      'Accounts export\nexported by: id,name admin\n\nid,name,employees\nC1,A,5\nC2,B,7\n"Figures from CRM, unaudited",,\n',
    );
    const plain = JSON.parse((await runCli(['validate', '--data', dir, '--format', 'json'])).stdout);
    // Without the flags, a note that footer detection does not know becomes an account: why the option exists.
    expect(plain.files.find((f: { file: string }) => f.file === 'customers.csv').rows).toBe(3);
    const r = await runCli(['validate', '--data', dir, '--format', 'json', '--skip-rows', '3', '--skip-footer', '1', '--verbose']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).files.find((f: { file: string }) => f.file === 'customers.csv')).toMatchObject({ rows: 2, warnings: 0 });
    expect(r.stderr).toContain('customers.csv: 1 last record skipped (--skip-footer), from line 7');
  });
});

describe('--quote', () => {
  it('reads fields quoted with another character (BAD_INPUTS case 28)', async () => {
    const args = [
      'segment',
      '--data',
      'fixtures/segment',
      '--customers',
      'fixtures/invalid/single-quote-char.csv',
      '--accounts',
      '--format',
      'json',
    ];
    expect((await runCli(args)).code).toBe(65);
    const r = await runCli([...args, '--quote', "'"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).accounts.map((a: { id: string; name: string }) => [a.id, a.name])).toEqual([
      ['C1', 'Smith, John'],
      ['C2', 'Bob'],
    ]);
    expect((await runCli([...args, '--quote', "''"])).code).toBe(2);
  });
});

describe('--rename-duplicates', () => {
  it('keeps both columns of a repeated name, the second as NAME__2, with a warning (BAD_INPUTS case 34)', async () => {
    const args = [
      'segment',
      '--data',
      'fixtures/segment',
      '--customers',
      'fixtures/invalid/duplicate-headers.csv',
      '--accounts',
      '--format',
      'csv',
    ];
    const refused = await runCli(args);
    expect(refused.code).toBe(65);
    expect(refused.stderr).toContain('duplicate column names: "phone" at columns 3, 4');
    const r = await runCli([...args, '--rename-duplicates']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/,Phone__2$/);
    expect(r.stdout.split('\n')[1]).toMatch(/,0307654$/);
    expect(r.stderr).toContain('duplicate column names renamed: "Phone" at column 4 -> "Phone__2" (W_DUPLICATE_COLUMN)');
  });
});

describe('reading messages', () => {
  it('a missing required column without a likely typo lists the columns the file has', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'customers.csv'), 'Kunden-ID,Name,Branche\nK1,Müller GmbH,Retail\n');
    const r = await runCli(['validate', '--data', dir]);
    expect(r.code).toBe(65);
    expect(r.stderr).toContain(
      'customers.csv:1: missing column "id"; the file has "Kunden-ID", "Name", "Branche". Rename the column, or map it in plan.config.json "columns" (E_MISSING_COLUMN)',
    );
  });

  it('every repeat of an id names the line of its first one, the third as well as the second', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'customers.csv'), 'id,name\nC1,a\nC2,b\nC1,c\nC2,d\nC1,e\n');
    const r = await runCli(['validate', '--data', dir]);
    expect(r.code).toBe(65);
    const lines = r.stderr.split('\n').filter((l) => l.includes('E_DUPLICATE_ID'));
    expect(lines.map((l) => l.replace(/^.*customers\.csv:/, ''))).toEqual([
      '4:1 [record 3, column "id"]: duplicate id (first on line 2) (value "C1") (E_DUPLICATE_ID)',
      '5:1 [record 4, column "id"]: duplicate id (first on line 3) (value "C2") (E_DUPLICATE_ID)',
      '6:1 [record 5, column "id"]: duplicate id (first on line 2) (value "C1") (E_DUPLICATE_ID)',
    ]);
  });

  it('a bad --skip-rows says what it takes', async () => {
    const r = await runCli(['segment', '--data', DEMO, '--skip-rows', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('plan: error: --skip-rows takes a whole number');
  });
});

describe('help and version', () => {
  it('plan --help lists the commands and how to start', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toContain(`  ${c.name} `);
    expect(r.stdout).toContain('First time? plan demo /tmp/demo && plan segment --data /tmp/demo');
  });

  it('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
  });

  it.each(LOADED.map((c) => [c.name, c.examples] as const))(
    'plan %s --help shows its options and an Examples block',
    async (name, examples) => {
      const r = await runCli([name, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: plan ${name}`);
      expect(r.stdout).toContain(`Examples:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n`);
      expect(examples.length).toBeGreaterThan(0);
    },
  );

  it("the README shows each command's examples exactly as its --help does", () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const command of LOADED) {
      expect(readme, `README examples of plan ${command.name}`).toContain(command.examples.map((e) => `$ ${e}`).join('\n'));
    }
  });
});

describe('output', () => {
  const args = ['segment', '--data', DEMO, '--as-of', DEMO_AS_OF, '--top', '3'];

  it('is a table on a terminal and CSV when piped', async () => {
    const tty = await runCli(args, { tty: true, env: { NO_COLOR: '1' } });
    expect(tty.stdout).toContain('Segments by buying potential');
    expect(tty.stdout).toMatch(/\nrank +segment +tier .*\n──── +─+ +────/);
    const piped = await runCli(args);
    expect(piped.stdout.split('\n')[0]).toMatch(/^rank,segment,industry,region,size,tier,/);
  });

  it('colours only on a terminal, and never with NO_COLOR or --no-color', async () => {
    expect((await runCli(args, { tty: true })).stdout).toContain(ESC);
    expect((await runCli(args, { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain(ESC);
    expect((await runCli([...args, '--no-color'], { tty: true })).stdout).not.toContain(ESC);
    expect((await runCli([...args, '--format', 'table'])).stdout).not.toContain(ESC);
  });

  it('takes the format from the --out extension', async () => {
    const dir = tempDir();
    await runCli([...args, '--out', join(dir, 'segments.json')]);
    expect(JSON.parse(readFileSync(join(dir, 'segments.json'), 'utf8')).segments).toHaveLength(3);
  });

  it('--out is atomic: a failing run leaves the earlier file untouched and no temporary files', async () => {
    const dir = tempDir();
    const out = join(dir, 'report.csv');
    expect((await runCli([...args, '--out', out])).code).toBe(0);
    const before = readFileSync(out, 'utf8');
    const failed = await runCli(['segment', '--data', brokenFolder(), '--out', out]);
    expect(failed.code).toBe(65);
    expect(readFileSync(out, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['report.csv']);
  });

  it('is byte-identical for the same inputs and --as-of', async () => {
    const a = await runCli([...args, '--format', 'json']);
    const b = await runCli([...args, '--format', 'json']);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout.length).toBeGreaterThan(100);
  });

  it('reads a file from standard input with -', async () => {
    const customers = readFileSync(join(DEMO, 'customers.csv'));
    const r = await runCli(['segment', '--data', DEMO, '--customers', '-', '--as-of', DEMO_AS_OF, '--format', 'json'], {
      stdin: customers,
    });
    const fromFile = await runCli(['segment', '--data', DEMO, '--as-of', DEMO_AS_OF, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).totals).toEqual(JSON.parse(fromFile.stdout).totals);
  });
});

describe('the real binary', () => {
  const plan = (args: string[], input?: string) => spawnSync('node', ['bin/plan.js', ...args], { encoding: 'utf8', input });

  it('runs the README command', () => {
    const r = plan(['segment', '--data', DEMO, '--as-of', DEMO_AS_OF]);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[1]).toMatch(/^1,Healthcare \/ South \/ large,/);
  });

  it('treats a closed pipe as the end, not an error', () => {
    const out = execFileSync(
      'bash',
      ['-c', `node bin/plan.js segment --data ${DEMO} --as-of ${DEMO_AS_OF} --accounts | head -2; echo "exit=\${PIPESTATUS[0]}"`],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(out).toMatch(/^rank,id,/);
    expect(out).toContain('exit=0');
  });

  it('exits 65 with a located message on bad data', () => {
    const r = plan(['validate', '--data', brokenFolder()]);
    expect(r.status).toBe(65);
    expect(r.stderr).toContain('(E_NUMBER)');
  });

  it('writes demo data that validates', () => {
    const dir = join(tempDir(), 'demo');
    mkdirSync(dir);
    expect(plan(['demo', dir, '--customers', '200', '--as-of', DEMO_AS_OF, '--force']).status).toBe(0);
    expect(plan(['validate', '--data', dir]).status).toBe(0);
  });
});
