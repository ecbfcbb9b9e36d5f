/**
 * cli/launch.ts: when plan runs in a child process with huge pages, and that
 * the child's outcome is the launcher's.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  childEnv,
  hugePageTunables,
  LARGE_INPUT,
  type LaunchFacts,
  largeInput,
  largestInput,
  readsInRanges,
  warmUp,
} from '../../src/cli/launch.js';
import { spareCount } from '../../src/io/parallel.js';

const facts = (over: Partial<LaunchFacts> = {}): LaunchFacts => ({
  platform: 'linux',
  env: {},
  execArgv: [],
  args: ['cost', '--orders', 'orders.csv'],
  largestInput: () => LARGE_INPUT,
  thp: () => 'always [madvise] never\n',
  glibc: () => '2.36',
  ...over,
});

describe('hugePageTunables', () => {
  it('asks glibc for huge pages on Linux with THP in madvise mode, glibc 2.35 or newer and a large input', () => {
    expect(hugePageTunables(facts())).toBe('glibc.malloc.hugetlb=1');
    expect(hugePageTunables(facts({ glibc: () => '2.35' }))).toBe('glibc.malloc.hugetlb=1');
    // The user's own tunables are kept.
    expect(hugePageTunables(facts({ env: { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' } }))).toBe(
      'glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1',
    );
  });

  it('leaves plan in this process otherwise', () => {
    for (const over of [
      { platform: 'darwin' },
      { platform: 'win32' },
      { execArgv: ['--inspect'] },
      { args: ['contact', '--accounts'] },
      { env: { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' } },
      { largestInput: () => LARGE_INPUT - 1 },
      { thp: () => '[always] madvise never\n' },
      { thp: () => 'always madvise [never]\n' },
      { thp: () => undefined },
      { glibc: () => '2.34' },
      { glibc: () => '1.99' },
      { glibc: () => undefined },
    ] satisfies Partial<LaunchFacts>[])
      expect(hugePageTunables(facts(over)), JSON.stringify(over)).toBeUndefined();
  });
});

describe('childEnv', () => {
  it("is this process's environment with the tunables, without the certificates node would read as it starts", () => {
    const env = { PATH: '/usr/bin', LANG: 'de_DE.UTF-8', NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt' };
    expect(childEnv(env, 'glibc.malloc.hugetlb=1')).toEqual({
      PATH: '/usr/bin',
      LANG: 'de_DE.UTF-8',
      GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1',
    });
    expect(env.NODE_EXTRA_CA_CERTS).toBe('/etc/ssl/certs/ca-certificates.crt');
  });
});

describe('largeInput', () => {
  it('the size of the largest input when it is large (worker threads are started for it first)', () => {
    expect(largeInput(facts())).toBe(LARGE_INPUT);
    expect(largeInput(facts({ largestInput: () => 3 * LARGE_INPUT }))).toBe(3 * LARGE_INPUT);
  });
  it('0 for a small input, or for help and the version', () => {
    expect(largeInput(facts({ largestInput: () => LARGE_INPUT - 1 }))).toBe(0);
    for (const flag of ['--help', '-h', '--version', '-V']) expect(largeInput(facts({ args: ['cost', flag] }))).toBe(0);
  });
});

describe('warmUp', () => {
  it('starts worker threads first only for a command that reads in ranges, and a large input', async () => {
    expect(readsInRanges(['cost', '--orders', 'orders.csv'])).toBe(true);
    expect(readsInRanges(['schedule'])).toBe(true);
    expect(readsInRanges(['segment', '--data', 'big'])).toBe(false);
    expect(readsInRanges(['products'])).toBe(false);
    expect(readsInRanges(['help', 'cost'])).toBe(false);
    expect(readsInRanges([])).toBe(false);
    const threads = { PLAN_THREADS: '3' };
    const before = spareCount();
    await warmUp(facts({ args: ['segment', '--data', 'big'], env: threads }));
    await warmUp(facts({ args: ['cost', '--orders', 'orders.csv'], env: threads, largestInput: () => LARGE_INPUT - 1 }));
    expect(spareCount()).toBe(before);
    await warmUp(facts({ args: ['cost', '--orders', 'orders.csv'], env: threads }));
    // Two spares for three threads, counted before they start (here they fail at once: src/ holds no range-worker.js,
    // and a spare that fails is dropped).
    expect(spareCount()).toBe(before + 2);
  });
});

describe('largestInput', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plan-launch-'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data', 'customers.csv'), 'id\nC1\n');
  // Sparse: 40 MB long, nothing on disk.
  writeFileSync(join(dir, 'data', 'orders.CSV'), '');
  truncateSync(join(dir, 'data', 'orders.CSV'), 40 << 20);
  writeFileSync(join(dir, 'data', 'notes.txt'), '');
  truncateSync(join(dir, 'data', 'notes.txt'), 50 << 20);
  const empty = mkdtempSync(join(tmpdir(), 'plan-launch-'));

  it('the largest file named, or .csv file in a folder named or in the working folder', () => {
    expect(largestInput(['segment', '--data', 'data'], dir)).toBe(40 << 20);
    expect(largestInput(['cost', '--orders', join(dir, 'data', 'customers.csv')], empty)).toBe(6);
    expect(largestInput(['cost', '--orders', join(dir, 'data', 'notes.txt')], empty)).toBe(50 << 20);
    expect(largestInput(['segment'], join(dir, 'data'))).toBe(40 << 20);
    expect(largestInput(['segment', '--data', 'nowhere'], empty)).toBe(0);
  });
});

describe('the binary with a large input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plan-launch-'));
  const orders = join(dir, 'orders.csv');
  // Large and no CSV at all (NUL bytes): plan reads it and says why it cannot.
  writeFileSync(orders, '');
  truncateSync(orders, LARGE_INPUT);
  const run = (tunables?: string) => {
    const env = { ...process.env };
    if (tunables === undefined) delete env.GLIBC_TUNABLES;
    else env.GLIBC_TUNABLES = tunables;
    return spawnSync('node', ['bin/plan.js', 'cost', '--orders', orders, '--as-of', '2026-06-01'], { encoding: 'utf8', env });
  };

  it('has the same outcome in a child with huge pages as in its own process', () => {
    const here = run('glibc.malloc.hugetlb=0');
    const child = run(undefined);
    expect(here.status).not.toBe(0);
    expect(here.stderr).toContain('orders.csv');
    expect({ status: child.status, stdout: child.stdout, stderr: child.stderr }).toEqual({
      status: here.status,
      stdout: here.stdout,
      stderr: here.stderr,
    });
  });
});

describe('relaunched', () => {
  // The built launcher (npm test builds first) in a process of its own: it sets that process's exit.
  const launch = pathToFileURL(join(import.meta.dirname, '..', '..', 'dist', 'cli', 'launch.js')).href;
  const dir = mkdtempSync(join(tmpdir(), 'plan-launch-'));
  const child = join(dir, 'child.mjs');
  // The child says what its allocator was told, then ends as asked: an exit code, or killed by a signal.
  writeFileSync(
    child,
    `process.stdout.write('child ' + process.env.GLIBC_TUNABLES + '\\n');
const how = process.argv[2];
if (how.startsWith('SIG')) process.kill(process.pid, how);
else process.exitCode = Number(how);`,
  );
  const launcher = (how: string, platform = 'linux') =>
    spawnSync(
      'node',
      [
        '--input-type=module',
        '-e',
        `import { relaunched } from '${launch}';
const facts = { platform: '${platform}', env: { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }, execArgv: [], args: [],
  largestInput: () => ${LARGE_INPUT}, thp: () => 'always [madvise] never', glibc: () => '2.36' };
const ran = await relaunched(facts, [${JSON.stringify(child)}, '${how}']);
process.stdout.write('launcher ' + ran + '\\n');`,
      ],
      { encoding: 'utf8' },
    );

  it("runs the child with huge pages asked for, the user's own tunables kept, and ends with its exit code", () => {
    const r = launcher('7');
    expect(r.stdout).toBe('child glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1\nlauncher true\n');
    expect(r.status).toBe(7);
  });

  it('ends by the signal that ended the child', () => {
    const r = launcher('SIGTERM');
    expect(r.stdout).toBe('child glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1\n');
    expect(r.signal).toBe('SIGTERM');
  });

  it('starts no child where huge pages do not apply: plan runs in the launcher', () => {
    const r = launcher('7', 'darwin');
    expect(r.stdout).toBe('launcher false\n');
    expect(r.status).toBe(0);
  });
});
