#!/usr/bin/env node
// Runs one plan command in this fresh process and prints a JSON line with
// wall time (ms), CPU time (user + system, ms: steadier than wall on a shared
// machine) and peak resident memory (MB), so benchmarks measure the
// real CLI without adding anything to the product.
// Usage: node bench/measure.mjs <plan args...>   (output of the command goes to /dev/null)
import { createWriteStream } from 'node:fs';
import { run } from '../dist/cli/run.js';
import { tuneRuntime } from '../dist/cli/runtime.js';

tuneRuntime();

const args = process.argv.slice(2);
const sink = createWriteStream('/dev/null');
const started = performance.now();
const code = await run(args, {
  stdin: process.stdin,
  stdout: sink,
  stderr: process.stderr,
  env: { ...process.env, NO_COLOR: '1' },
  cwd: process.cwd(),
  now: () => new Date(),
});
const wallMs = performance.now() - started;
const usage = process.resourceUsage();
const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
const peakMb = usage.maxRSS / 1024;
process.stdout.write(
  `${JSON.stringify({ args: args.join(' '), code, wallMs: Math.round(wallMs), cpuMs: Math.round(cpuMs), peakMb: Math.round(peakMb) })}\n`,
);
process.exitCode = code;
