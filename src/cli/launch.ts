/**
 * The launcher (bin/plan.js), before anything else is loaded: on Linux, plan
 * runs in a child process whose memory allocator is asked for transparent
 * huge pages (glibc's `glibc.malloc.hugetlb=1` tunable, glibc 2.35 or newer,
 * with the kernel's THP in `madvise` mode, the default of most
 * distributions). The key tables and per-account arrays of a large read are
 * tens of MB each, read at random: on 4 KB pages nearly every access misses
 * the TLB, and every page is a page fault when it is first touched. `plan
 * cost` on 5M lines: page faults ~180k to ~50k, wall and CPU time ~8-15% less
 * (docs/benchmarks.md).
 * The tunable only changes where the allocator's memory comes from, never a
 * result. The child is a plain second start of node (~40 ms).
 *
 * Only for large inputs (a file of LARGE_INPUT bytes or more named on the
 * command line, or in a folder named there or the working folder, which is
 * `--data`'s default): a small run does not pay for the second start. Not
 * for a listing of every account (`--accounts`): its memory is held under
 * 500 MB for a million accounts (issue 14), 2 MB pages round it up (contact
 * --accounts peaked at 403-482 MB with them, 390-430 MB without) and it
 * gains no time from them (its time is in ranking and writing rows).
 * Not done when: not Linux; THP `always` (every large allocation has huge
 * pages already) or `never`; glibc older than 2.35 or another C library;
 * GLIBC_TUNABLES already sets glibc.malloc.hugetlb (=0 turns this off); node
 * was started with options of its own (--inspect, --cpu-prof: they stay with
 * the process they were given to).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { COMMANDS } from './commands/index.js';

const TUNABLE = 'glibc.malloc.hugetlb';
const THP = '/sys/kernel/mm/transparent_hugepage/enabled';
/** Inputs this large (bytes) are read in ranges on several threads too (io/parallel.ts PARALLEL_MIN_BYTES). */
export const LARGE_INPUT = 32 << 20;

/** What decides whether plan runs in a child with huge pages. */
export interface LaunchFacts {
  platform: string;
  env: NodeJS.ProcessEnv;
  execArgv: readonly string[];
  /** The command line after `plan`. */
  args: readonly string[];
  /** Bytes of the largest input the command line may name (see above). */
  largestInput(): number;
  /** The kernel's THP setting as its file says it (`always [madvise] never`), undefined when unreadable. */
  thp(): string | undefined;
  /** glibc's version (`2.36`), undefined for another C library. */
  glibc(): string | undefined;
}

/** GLIBC_TUNABLES for the child (the user's own kept), or undefined: plan runs in this process. */
export function hugePageTunables(facts: LaunchFacts): string | undefined {
  if (facts.platform !== 'linux' || facts.execArgv.length > 0) return undefined;
  const own = facts.env.GLIBC_TUNABLES ?? '';
  if (own.includes(TUNABLE) || facts.args.includes('--accounts') || facts.largestInput() < LARGE_INPUT) return undefined;
  if (!facts.thp()?.includes('[madvise]')) return undefined;
  const [major = 0, minor = 0] = (facts.glibc() ?? '').split('.').map(Number);
  if (major < 2 || (major === 2 && minor < 35)) return undefined;
  return own === '' ? `${TUNABLE}=1` : `${own}:${TUNABLE}=1`;
}

/** Bytes of the largest file among `args` that name files, and the .csv files in those that name folders and in `cwd`. */
export function largestInput(args: readonly string[], cwd: string): number {
  let largest = 0;
  const size = (path: string) => {
    try {
      const info = statSync(path);
      if (info.isFile()) largest = Math.max(largest, info.size);
      return info;
    } catch {
      return undefined;
    }
  };
  for (const path of [...args.map((arg) => resolve(cwd, arg)), cwd]) {
    if (!size(path)?.isDirectory()) continue;
    try {
      for (const name of readdirSync(path)) if (name.toLowerCase().endsWith('.csv')) size(join(path, name));
    } catch {}
  }
  return largest;
}

function facts(): LaunchFacts {
  let largest: number | undefined;
  return {
    platform: process.platform,
    env: process.env,
    execArgv: process.execArgv,
    args: process.argv.slice(2),
    largestInput: () => (largest ??= largestInput(process.argv.slice(2), process.cwd())),
    thp: () => {
      try {
        return readFileSync(THP, 'utf8');
      } catch {
        return undefined;
      }
    },
    glibc: () => {
      // The report's header says it (~9 ms; without the network part, which costs more).
      (process.report as { excludeNetwork?: boolean }).excludeNetwork = true;
      return (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime;
    },
  };
}

/**
 * Runs plan in a child process with huge pages when that applies (see
 * above) and resolves true once it has ended, its exit code this process's
 * (or this process ends by the signal that ended it); false when plan is to
 * run here (it does not apply, or the child could not be started). Signals
 * sent to this process go to the child (a terminal's Ctrl-C reaches both).
 * `given` and `script` (node's arguments for the child): this process's, but
 * in tests.
 */
export function relaunched(given: LaunchFacts = facts(), script: readonly string[] = process.argv.slice(1)): Promise<boolean> {
  const tunables = hugePageTunables(given);
  if (tunables === undefined) return Promise.resolve(false);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, script, { stdio: 'inherit', env: childEnv(process.env, tunables) });
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    for (const signal of signals) process.on(signal, forward);
    const done = () => {
      for (const signal of signals) process.off(signal, forward);
    };
    child.once('error', () => {
      done();
      resolve(false);
    });
    child.once('exit', (code, signal) => {
      done();
      if (signal) process.kill(process.pid, signal);
      else process.exitCode = code ?? 1;
      resolve(true);
    });
  });
}

/**
 * The child's environment: this one with the tunables, without
 * NODE_EXTRA_CA_CERTS. Node reads and parses that file of certificates as it
 * starts (~60-80 ms for a system bundle of ~150, measured here), for TLS
 * connections, and plan makes none.
 */
export function childEnv(env: NodeJS.ProcessEnv, tunables: string): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _certs, ...kept } = env;
  return { ...kept, GLIBC_TUNABLES: tunables };
}

/** Bytes of the large input this run names (LARGE_INPUT or more), or 0: none, or it asks for help or the version. */
export function largeInput(given: LaunchFacts): number {
  if (given.args.some((arg) => arg === '--help' || arg === '-h' || arg === '--version' || arg === '-V')) return 0;
  const size = given.largestInput();
  return size < LARGE_INPUT ? 0 : size;
}

/** The command named (the first argument) reads orders.csv or contacts.csv in ranges when large (`CommandEntry.readsInRanges`). */
export function readsInRanges(args: readonly string[]): boolean {
  return COMMANDS.some((entry) => entry.name === args[0] && entry.readsInRanges === true);
}

/**
 * For a run of a command that reads in ranges and names a large input (as
 * for huge pages, above), in the process plan runs in: the worker threads
 * its reader will want are started now (io/parallel.ts prestartWorkers), so
 * that their start overlaps this thread's loading of the command instead of
 * following it. Not for the other commands (segment, products, time,
 * validate, ...): a spare no reader takes would cost its start on another
 * core (~0.1-0.15 s of CPU) and ~10 MB of memory for nothing (plan segment on 1M
 * accounts: peak 168-172 MB without, 178-182 MB with). A spare never
 * keeps the process alive. Nothing is loaded for another run
 * (test/arch/startup.test.ts).
 */
export async function warmUp(given: LaunchFacts = facts()): Promise<void> {
  const size = largeInput(given);
  if (size === 0 || !readsInRanges(given.args)) return;
  const [{ prestartWorkers, threadsFor }, { tuneRuntime }] = await Promise.all([import('../io/parallel.js'), import('./runtime.js')]);
  // Before the workers' isolates are made (cli/runtime.ts: no concurrent recompilation in a worker).
  tuneRuntime();
  const spares = threadsFor(size, given.env.PLAN_THREADS) - 1;
  if (spares > 0) prestartWorkers(new URL('../analyses/range-worker.js', import.meta.url), spares);
}
