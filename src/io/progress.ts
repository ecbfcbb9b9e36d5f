/** A progress line on stderr for inputs that take a while; only on a terminal. */
const DELAY_MS = 1500;

export function createProgress(stderr: NodeJS.WritableStream & { isTTY?: boolean }) {
  if (!stderr.isTTY) return undefined;
  const started = Date.now();
  let shown = false;
  let last = 0;
  return {
    update(label: string, bytes: number, total: number | undefined): void {
      const now = Date.now();
      if (now - started < DELAY_MS || now - last < 100) return;
      last = now;
      shown = true;
      const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
      const pct = total ? `${Math.min(100, Math.floor((bytes / total) * 100))}% ` : '';
      stderr.write(`\r\x1b[2Kreading ${label} ${pct}${mb(bytes)}${total ? ` / ${mb(total)}` : ''}`);
    },
    done(): void {
      if (shown) stderr.write('\r\x1b[2K');
      shown = false;
    },
  };
}
