/**
 * Memory does not grow with order lines, touches or time entries (issue 14):
 * whatever a command reads, the files of many rows (orders.csv, contacts.csv,
 * activities.csv, customers.csv) are folded as they are read, never collected
 * whole. Only the small files (market, reps, absences, products) are read
 * into arrays. Seen at the one place a file is read whole (io/table.ts
 * readAll).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEMO, DEMO_AS_OF, runCli, tempDir } from '../helpers/cli.js';

const whole = vi.hoisted(() => new Set<string>());
vi.mock('../../src/io/table.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/io/table.js')>();
  return {
    ...real,
    readAll: (...args: Parameters<typeof real.readAll>) => {
      whole.add(args[0].key);
      return real.readAll(...args);
    },
  };
});

const SMALL = new Set(['market', 'reps', 'absences', 'products']);

describe('files of many rows are never read whole', () => {
  beforeEach(() => {
    whole.clear();
  });

  it.each([
    ['time', ['time']],
    ['time --from --to', ['time', '--from', '2026-01-01', '--to', '2026-06-30']],
    ['report', ['report', '--out', `${tempDir()}/r`]],
    ['schedule', ['schedule']],
    ['focus', ['focus']],
  ])('%s', async (_, args) => {
    // The demo's files are small: every read is on this thread, where the mock sees it.
    const r = await runCli([...args, '--data', DEMO, '--as-of', DEMO_AS_OF]);
    expect(r.code, r.stderr).toBe(0);
    expect([...whole].filter((key) => !SMALL.has(key))).toEqual([]);
  });
});
