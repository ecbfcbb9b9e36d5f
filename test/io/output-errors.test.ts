/**
 * Errors no test machine can produce on demand (root writes into a chmod 0555
 * folder; a read-only mount needs privileges CI lacks): the file system calls
 * of the writer fail as the kernel would, for paths whose name holds a marker.
 * The real cases (ENOTDIR, ENAMETOOLONG, ENOSPC on /dev/full, EACCES on /sys,
 * a closed stdout) are in test/cli/output.test.ts.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DEMO_AS_OF, runCli, tempDir } from '../helpers/cli.js';
import { tree } from '../helpers/tree.js';

/** A path containing `EROFS` fails with EROFS, `EACCES` with EACCES, ... when the writer creates something there. */
const failing = vi.hoisted(() => (path: unknown): NodeJS.ErrnoException | undefined => {
  const code = /(EROFS|EACCES|EDQUOT)/.exec(String(path))?.[1];
  if (!code) return undefined;
  return Object.assign(new Error(`${code}: simulated, open '${String(path)}'`), { code });
});

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const open = (async (path: string, flags?: unknown, mode?: unknown) => {
    const error = typeof flags === 'string' && flags.includes('w') ? failing(path) : undefined;
    if (error) throw error;
    return real.open(path, flags as string, mode as number);
  }) as typeof real.open;
  const mkdir = (async (path: string, options?: unknown) => {
    const error = failing(path);
    if (error) throw error;
    return real.mkdir(path, options as { recursive: true });
  }) as typeof real.mkdir;
  return { ...real, open, mkdir, default: { ...real, open, mkdir } };
});

function sandbox(folder: string) {
  const root = tempDir('plan-err-');
  const data = join(root, 'data');
  mkdirSync(data);
  writeFileSync(join(data, 'customers.csv'), 'id,industry,region,size,revenue_12m\nC1,Retail,North,small,1000\n');
  writeFileSync(join(data, 'market.csv'), 'industry,spend_per_firm,firms\nRetail,5000,10\n');
  mkdirSync(join(root, folder));
  return { root, data, dir: join(root, folder) };
}

describe('write errors name their real cause (exit 73, never 0 or "internal error")', () => {
  it.each([
    ['EROFS', 'read-only file system (EROFS)'],
    ['EACCES', 'permission denied (EACCES)'],
    ['EDQUOT', 'disk quota exceeded (EDQUOT)'],
  ])('--out FILE in a %s folder', async (code, cause) => {
    const { root, data, dir } = sandbox(code);
    const before = tree(root);
    const r = await runCli(['segment', '--data', data, '--as-of', DEMO_AS_OF, '--out', join(dir, 'x.csv')]);
    expect(r.code).toBe(73);
    expect(r.stderr).toContain(`plan: error: cannot write ${join(dir, 'x.csv')}: ${cause}`);
    expect(tree(root)).toEqual(before);
  });

  it('plan report into a read-only folder', async () => {
    const { root, data, dir } = sandbox('EROFS');
    const before = tree(root);
    const r = await runCli(['report', '--data', data, '--as-of', DEMO_AS_OF, '--out-dir', join(dir, 'report')]);
    expect(r.code).toBe(73);
    expect(r.stderr).toContain('read-only file system (EROFS)');
    expect(tree(root)).toEqual(before);
  });

  it('plan demo and plan init into a read-only folder', async () => {
    const { root, dir } = sandbox('EROFS');
    const before = tree(root);
    for (const argv of [
      ['demo', join(dir, 'demo'), '--customers', '20'],
      ['init', join(dir, 'init')],
      ['init', dir],
    ]) {
      const r = await runCli(argv);
      expect(r.code, argv.join(' ')).toBe(73);
      expect(r.stderr, argv.join(' ')).toContain('read-only file system (EROFS)');
    }
    expect(tree(root)).toEqual(before);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('one writer', () => {
  it('no module but src/io/output.ts imports a node:fs function that writes', async () => {
    const { readdirSync: list, readFileSync: read } = await import('node:fs');
    const WRITES =
      /\b(writeFile|writeFileSync|createWriteStream|appendFile|rename|renameSync|mkdir|mkdirSync|rm|rmSync|unlink|copyFile|cp|chmod|chown|symlink|link|truncate)\b/;
    const offenders: string[] = [];
    for (const file of list('src', { recursive: true }) as string[]) {
      if (!file.endsWith('.ts') || file === join('io', 'output.ts')) continue;
      for (const m of read(join('src', file), 'utf8').matchAll(/import\s*\{([^}]*)\}\s*from\s*'node:fs(\/promises)?'/g))
        if (WRITES.test(m[1] ?? '')) offenders.push(`${file}: ${m[1]?.trim()}`);
    }
    expect(offenders).toEqual([]);
  });
});
