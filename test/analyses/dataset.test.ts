/**
 * The dataset reads each input file once per run, whatever the analyses of
 * the run need (counted at the one place input files are opened), and the
 * report's sections on one dataset say exactly what each command says alone.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { type CliResult, DEMO, DEMO_AS_OF, runCli, tempDir } from '../helpers/cli.js';
import { demoWithoutRevenue } from '../helpers/data.js';

const opened = vi.hoisted(() => new Map<string, number>());
vi.mock('../../src/io/source.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/io/source.js')>();
  const count = (path: string) => opened.set(path, (opened.get(path) ?? 0) + 1);
  return {
    ...real,
    openInput: (input: Parameters<typeof real.openInput>[0], stdin: NodeJS.ReadableStream) => {
      count(input.path);
      return real.openInput(input, stdin);
    },
    openHandle: (input: Parameters<typeof real.openHandle>[0]) => {
      count(input.path);
      return real.openHandle(input);
    },
  };
});

const FILES = ['customers', 'market', 'orders', 'contacts', 'reps', 'activities', 'absences', 'products'].map((f) => `${f}.csv`);
const withoutRevenue = demoWithoutRevenue();

function opens(dir: string): Record<string, number> {
  return Object.fromEntries(FILES.map((f) => [f, opened.get(`${dir}/${f}`) ?? 0]));
}
const once = Object.fromEntries(FILES.map((f) => [f, 1]));

async function ok(args: string[]): Promise<CliResult> {
  const r = await runCli([...args, '--as-of', DEMO_AS_OF]);
  expect(r.code, r.stderr).toBe(0);
  return r;
}

describe('plan report opens each input file once', () => {
  beforeEach(() => opened.clear());

  it.each([
    ['the demo', DEMO],
    ['the demo without revenue_12m (revenue from orders.csv)', withoutRevenue],
  ])('%s', async (_, dir) => {
    await ok(['report', '--data', dir, '--out-dir', `${tempDir()}/r`]);
    expect(opens(dir)).toEqual(once);
  });

  it.each([
    ['cost --by tier', ['cost', '--by', 'tier'], ['orders', 'customers', 'market']],
    ['contact', ['contact'], ['customers', 'market', 'contacts', 'orders']],
    ['schedule', ['schedule'], ['customers', 'market', 'contacts', 'orders', 'reps', 'absences', 'products']],
    ['segment', ['segment'], ['customers', 'market', 'orders']],
    ['products', ['products'], ['customers', 'market', 'orders', 'products']],
    ['products --by industry --accounts', ['products', '--by', 'industry', '--accounts'], ['customers', 'market', 'orders', 'products']],
    ['segment --backtest', ['segment', '--backtest', '--horizon', '6m'], ['customers', 'market', 'orders']],
    // Orders summed over two periods in the one order pass; touches counted by the one contacts fold.
    ['focus', ['focus'], ['customers', 'market', 'orders', 'contacts']],
    ['focus --accounts --from 2026-01-01', ['focus', '--accounts', '--from', '2026-01-01'], ['customers', 'market', 'orders', 'contacts']],
  ])('and so does each command: %s', async (_, args, read) => {
    await ok([...args, '--data', withoutRevenue, '--format', 'json']);
    expect(opens(withoutRevenue)).toEqual(Object.fromEntries(FILES.map((f) => [f, read.includes(f.replace('.csv', '')) ? 1 : 0])));
  });
});

describe("the report's sections equal the commands run alone", () => {
  const sections: [string, string[]][] = [
    ['segment', ['segment']],
    ['products', ['products']],
    ['cost', ['cost', '--shift', 'field:phone=30%']],
    ['contact', ['contact', '--top', '500']],
    // The report plans next week (2026-11-27 + 7 days is in 2026-W49).
    ['schedule', ['schedule', '--week', '2026-W49']],
    ['time', ['time', '--reassign', 'order entry,invoicing']],
    ['focus', ['focus']],
  ];
  it.each([
    ['the demo', DEMO],
    ['the demo without revenue_12m', withoutRevenue],
  ])('%s', async (_, dir) => {
    const out = `${tempDir()}/r`;
    await ok(['report', '--data', dir, '--out-dir', out]);
    const { readFileSync } = await import('node:fs');
    const report = JSON.parse(readFileSync(`${out}/report.json`, 'utf8')) as { sections: { name: string; data: unknown }[] };
    for (const [name, args] of sections) {
      const alone = JSON.parse((await ok([...args, '--data', dir, '--format', 'json'])).stdout);
      expect(report.sections.find((s) => s.name === name)?.data, name).toEqual(alone);
    }
  });
});

describe("plan focus's sales touches", () => {
  // Counted from contacts.csv here: sales types (call, email, meeting, visit) of known customers, dated in the window.
  async function salesTouches(from: string, to: string): Promise<number> {
    const { readFileSync } = await import('node:fs');
    const lines = (file: string) => readFileSync(`${DEMO}/${file}`, 'utf8').trim().split('\n').slice(1);
    const known = new Set(lines('customers.csv').map((l) => l.split(',')[0]));
    return lines('contacts.csv')
      .map((l) => l.split(','))
      .filter(
        ([id, date = '', type = '']) => known.has(id) && ['call', 'email', 'meeting', 'visit'].includes(type) && date >= from && date <= to,
      ).length;
  }

  it.each([
    // The default 12 months are the contact fold's own 365 days: its counts are taken.
    ['the 12 months to --as-of', [], '2025-11-28'],
    // Another window is counted as the touches go by.
    ['--from 2026-01-01', ['--from', '2026-01-01'], '2026-01-01'],
    ['--from 2025-11-29', ['--from', '2025-11-29'], '2025-11-29'],
  ])('%s', async (_, args, from) => {
    const json = JSON.parse((await ok(['focus', ...args, '--data', DEMO, '--format', 'json'])).stdout);
    expect(json.period).toEqual({ from, to: DEMO_AS_OF });
    expect(json.team.effort.salesTouches).toBe(await salesTouches(from, DEMO_AS_OF));
  });
});
