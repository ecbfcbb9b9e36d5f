/** Runs the CLI in-process through run(argv, io), capturing stdout, stderr and the exit code. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { run } from '../../src/cli/run.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  stdin?: string | Buffer;
  env?: Record<string, string | undefined>;
  /** Pretend stdout (and stderr) are a terminal. */
  tty?: boolean;
  /** The terminal's width with `tty` (default 120). */
  columns?: number;
  cwd?: string;
  now?: Date;
}

class Capture extends Writable {
  chunks: Buffer[] = [];
  isTTY?: boolean;
  columns = 120;
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    done();
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

export async function runCli(argv: string[], options: CliOptions = {}): Promise<CliResult> {
  const stdout = new Capture();
  const stderr = new Capture();
  if (options.tty) {
    stdout.isTTY = true;
    stderr.isTTY = true;
    stdout.columns = options.columns ?? 120;
    stderr.columns = options.columns ?? 120;
  }
  const stdin = options.stdin === undefined ? new PassThrough().end() : Readable.from([Buffer.from(options.stdin)]);
  const code = await run(argv, {
    stdin,
    stdout,
    stderr,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    now: () => options.now ?? new Date(Date.UTC(2026, 10, 30, 12)),
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

export function tempDir(prefix = 'plan-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export const DEMO = 'fixtures/demo';
/** The as-of day the committed demo folder was generated for. */
export const DEMO_AS_OF = '2026-11-27';

/** A terminal's output as the lines a person reads: colour codes gone. */
export function screenLines(stdout: string): string[] {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes
  const plain = stdout.replace(/\u001b\[[0-9;]*m/g, '');
  return plain.trimEnd().split('\n');
}
