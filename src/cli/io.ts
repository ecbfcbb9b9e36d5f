/** Everything a run touches of the outside world, so tests can run it in-process. */
export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** stderr unescaped, for the progress line that draws with control characters on purpose (run() escapes `stderr`). */
  rawStderr?: NodeJS.WritableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
  /** The clock, used only to default --as-of to today. */
  now: () => Date;
}
