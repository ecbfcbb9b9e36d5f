/**
 * cli/runtime.ts: a worker thread started after tuneRuntime optimizes on its
 * own thread (no concurrent recompilation: a worker could hang the process at
 * its exit, see the file). Asked of V8 itself in a fresh node with natives
 * syntax, through the built module (npm test builds first).
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

function workerRecompilesConcurrently(tune: boolean): string {
  const runtime = pathToFileURL(resolve('dist/cli/runtime.js')).href;
  const script = `
    const { Worker } = await import('node:worker_threads');
    if (${tune}) (await import('${runtime}')).tuneRuntime();
    new Worker('console.log(%IsConcurrentRecompilationSupported())', { eval: true });`;
  const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim();
}

describe('tuneRuntime', () => {
  it('leaves the worker threads started after it no concurrent recompilation (node alone gives them one)', () => {
    expect(workerRecompilesConcurrently(false)).toBe('true');
    expect(workerRecompilesConcurrently(true)).toBe('false');
  });
});

describe('warmUp', () => {
  it('tunes the runtime before it starts spare workers for a large read in ranges', () => {
    const launch = pathToFileURL(resolve('dist/cli/launch.js')).href;
    // A cost run naming a large input, two threads: one spare is started; a worker made after it has no concurrent
    // recompilation only if warmUp set the flag first (the spare's isolate was made after the same point).
    const facts = `{ platform: 'linux', env: { PLAN_THREADS: '2' }, execArgv: [], args: ['cost', '--orders', 'o.csv'],
      largestInput: () => 64 << 20, thp: () => undefined, glibc: () => undefined }`;
    const script = `
      const { Worker } = await import('node:worker_threads');
      const { spareCount } = await import('${pathToFileURL(resolve('dist/io/parallel.js')).href}');
      await (await import('${launch}')).warmUp(${facts});
      console.log(spareCount());
      new Worker('console.log(%IsConcurrentRecompilationSupported())', { eval: true });`;
    const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['1', 'false']);
  });
});
