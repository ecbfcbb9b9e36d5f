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
