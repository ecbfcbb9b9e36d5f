/**
 * A progress line on stderr for inputs that take a while; only on a
 * terminal. Other lines for stderr go through `print`, which clears the
 * progress line first, so a message never runs into it.
 */
const DELAY_MS = 1500;
const CLEAR = '\r\x1b[2K';

export interface Progress {
  update(label: string, bytes: number, total: number | undefined): void;
  /**
   * Writes a whole line to `to` (default: the progress line's stream, e.g. an
   * escaping writer over the same terminal), clearing the progress line first;
   * the next update draws it again.
   */
  print(line: string, to?: NodeJS.WritableStream): void;
  /** Clears the progress line, if one is drawn. */
  done(): void;
}

export function createProgress(stderr: NodeJS.WritableStream & { isTTY?: boolean }): Progress | undefined {
  if (!stderr.isTTY) return undefined;
  const started = Date.now();
  let shown = false;
  let last = 0;
  const done = () => {
    if (shown) stderr.write(CLEAR);
    shown = false;
  };
  return {
    update(label, bytes, total) {
      const now = Date.now();
      if (now - started < DELAY_MS || now - last < 100) return;
      last = now;
      shown = true;
      const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
      const pct = total ? `${Math.min(100, Math.floor((bytes / total) * 100))}% ` : '';
      stderr.write(`${CLEAR}reading ${label} ${pct}${mb(bytes)}${total ? ` / ${mb(total)}` : ''}`);
    },
    print(line, to = stderr) {
      done();
      to.write(`${line}\n`);
    },
    done,
  };
}
