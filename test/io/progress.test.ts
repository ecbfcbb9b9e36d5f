import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProgress } from '../../src/io/progress.js';

function fakeStderr(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WritableStream & { isTTY?: boolean } };
}

describe('progress on stderr', () => {
  afterEach(() => vi.useRealTimers());

  it('stays silent when stderr is not a terminal', () => {
    expect(createProgress(fakeStderr(false).stream)).toBeUndefined();
  });

  it('appears only after 1.5 s of work, shows the share read, and is cleared at the end', () => {
    vi.useFakeTimers({ now: 0 });
    const { written, stream } = fakeStderr(true);
    const progress = createProgress(stream) as NonNullable<ReturnType<typeof createProgress>>;
    progress.update('orders.csv', 10e6, 100e6);
    expect(written).toEqual([]);
    vi.setSystemTime(2000);
    progress.update('orders.csv', 40e6, 100e6);
    expect(written).toEqual(['\r\x1b[2Kreading orders.csv 40% 40 MB / 100 MB']);
    progress.done();
    expect(written.at(-1)).toBe('\r\x1b[2K');
  });

  it('clears its line before any other line, so a message never runs into it', () => {
    vi.useFakeTimers({ now: 0 });
    const { written, stream } = fakeStderr(true);
    const progress = createProgress(stream) as NonNullable<ReturnType<typeof createProgress>>;
    progress.print('plan: before any progress');
    vi.setSystemTime(2000);
    progress.update('contacts.csv', 5e6, 10e6);
    progress.print('plan report: contact done (2.0 s)');
    vi.setSystemTime(2200);
    progress.update('contacts.csv', 6e6, 10e6);
    expect(written).toEqual([
      'plan: before any progress\n',
      '\r\x1b[2Kreading contacts.csv 50% 5 MB / 10 MB',
      '\r\x1b[2K',
      'plan report: contact done (2.0 s)\n',
      '\r\x1b[2Kreading contacts.csv 60% 6 MB / 10 MB',
    ]);
  });
});
