/** The one place that exits. */
import { removeTemporaryFiles } from '../io/temporary.js';
import { run } from './run.js';
import { tuneRuntime } from './runtime.js';

tuneRuntime();

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
});

// Interrupted (Ctrl-C, kill, a closed terminal): no temporary file stays behind; exit 128 + the signal's number.
for (const [signal, number] of [
  ['SIGINT', 2],
  ['SIGTERM', 15],
  ['SIGHUP', 1],
] as const) {
  process.once(signal, () => {
    const removed = removeTemporaryFiles();
    process.stderr.write(`plan: interrupted by ${signal}${removed > 0 ? `; removed ${removed} unfinished output(s)` : ''}\n`);
    process.exit(128 + number);
  });
}

const code = await run(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  now: () => new Date(),
});
process.exitCode = code;
