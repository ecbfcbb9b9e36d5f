import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO, DEMO_AS_OF, runCli, tempDir } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';

const FIXTURE = 'fixtures/segment';
const BAD = 'fixtures/segment-bad';

describe('plan segment on the hand-checked fixture (fixtures/segment/README.md)', () => {
  it('computes every figure of the README table', async () => {
    const r = await runCli(['segment', '--data', FIXTURE, '--format', 'json']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(
      data.segments.map((s: Record<string, unknown>) => [
        s.rank,
        s.segment,
        s.firms,
        s.whitespace,
        s.marketSpend,
        s.revenue,
        s.headroom,
        s.headroomShare,
        s.tier,
        s.channel,
      ]),
    ).toEqual([
      [1, 'Health / North / *', 24, 23, 120000, 0, 120000, 0.6, 'A', 'inside'],
      [2, 'Retail / * / large', 2, 1, 80000, 30000, 50000, 0.25, 'A', 'field'],
      [3, 'Retail / North / small', 11, 9, 22000, 2000, 20000, 0.1, 'B', 'inside'],
      [4, 'Food / South / small', 20, 20, 10000, 0, 10000, 0.05, 'C', 'digital'],
      [5, '(no market data)', 0, 0, 0, 0, 0, 0, 'C', 'digital'],
    ]);
    expect(data.totals).toEqual({
      accounts: 5,
      segments: 5,
      marketSpend: 232000,
      revenue: 32000,
      revenueCents: '3200000',
      headroom: 200000,
      growthHeadroom: 208000,
      penetration: 0.137931,
    });
    expect(data.coverage).toMatchObject({
      exact: 2,
      wildcard: 2,
      none: 1,
      unmatched: [{ id: 'A5', line: 6 }],
      unusedMarketRows: [{ line: 5, industry: 'Food', region: 'South', size: 'small' }],
    });
    expect(r.stderr).toContain('1 account matches no market row');
  });

  it('ranks accounts with their segment rank, tier and passed-through columns', async () => {
    const r = await runCli(['segment', '--data', FIXTURE, '--accounts', '--format', 'json']);
    const accounts = JSON.parse(r.stdout).accounts;
    expect(
      accounts.map((a: Record<string, unknown>) => [a.id, a.match, a.potential, a.revenue, a.headroom, a.segmentRank, a.tier]),
    ).toEqual([
      ['A3', 'wildcard', 40000, 30000, 10000, 2, 'A'],
      ['A4', 'wildcard', 5000, 0, 5000, 1, 'A'],
      ['A1', 'exact', 2000, 0, 2000, 3, 'B'],
      ['A2', 'exact', 2000, 2000, 0, 3, 'B'],
      ['A5', 'none', 0, 0, 0, 5, 'C'],
    ]);
    expect(accounts[0].extra).toEqual({ website: 'gamma.example' });
  });

  it('limits with --top, per segment with --per-segment', async () => {
    const top = JSON.parse(
      (await runCli(['segment', '--data', FIXTURE, '--accounts', '--top', '1', '--per-segment', '--format', 'json'])).stdout,
    );
    expect(top.accounts.map((a: { id: string }) => a.id)).toEqual(['A3', 'A4', 'A1', 'A5']);
    const segments = JSON.parse((await runCli(['segment', '--data', FIXTURE, '--top', '2', '--format', 'json'])).stdout);
    expect(segments.segments).toHaveLength(2);
  });

  it('segments by fewer dimensions and ranks by penetration', async () => {
    const r = JSON.parse(
      (await runCli(['segment', '--data', FIXTURE, '--by', 'industry', '--rank-by', 'penetration', '--format', 'json'])).stdout,
    );
    expect(r.segments.map((s: { segment: string }) => s.segment)).toEqual(['Food', 'Health', 'Retail', '(no market data)']);
    expect(r.segments.find((s: { segment: string }) => s.segment === 'Retail')).toMatchObject({
      firms: 13,
      revenue: 32000,
      headroom: 70000,
    });
  });

  it.each([
    ['table', ['--format', 'table'], 'segments.txt'],
    ['csv', ['--format', 'csv'], 'segments.csv'],
    ['json', ['--format', 'json'], 'segments.json'],
    ['md', ['--format', 'md'], 'segments.md'],
    ['html', ['--format', 'html'], 'segments.html'],
    ['accounts csv', ['--accounts', '--format', 'csv'], 'accounts.csv'],
  ])('%s output matches its golden file', async (_name, args, file) => {
    const r = await runCli(['segment', '--data', FIXTURE, ...args]);
    expect(r.code).toBe(0);
    expectGolden(`segment/${file}`, r.stdout);
  });

  it('neutralises a formula in an account name in CSV, keeps it as text in JSON', async () => {
    const csv = (await runCli(['segment', '--data', FIXTURE, '--accounts', '--format', 'csv'])).stdout;
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""Epsilon"")"`);
    const json = JSON.parse((await runCli(['segment', '--data', FIXTURE, '--accounts', '--format', 'json'])).stdout);
    expect(json.accounts.find((a: { id: string }) => a.id === 'A5').name).toBe('=HYPERLINK("http://x","Epsilon")');
  });
});

describe('plan segment on bad market data', () => {
  const run = (market: string, customers = `${FIXTURE}/customers.csv`) =>
    runCli(['segment', '--data', BAD, '--market', `${BAD}/${market}`, '--customers', customers]);

  it.each([
    ['market-no-spend.csv', /market-no-spend\.csv:1: missing column "spend" or "spend_per_firm"/],
    [
      'market-negative.csv',
      /market-negative\.csv:2:4 \[record 1, column "spend_per_firm"\]: must not be negative \(value "-5"\) \(E_RANGE\)/,
    ],
    [
      'market-conflict.csv',
      /market-conflict\.csv:4: market cell retail \/ north \/ \* appears twice \(first on line 2\) with different figures \(E_DUPLICATE_KEY\)/,
    ],
    [
      'market-wildcard-dup.csv',
      /market-wildcard-dup\.csv:4: market cell Retail \/ \* \/ \* appears twice \(first on line 3\) with different figures/,
    ],
  ])('%s is refused (exit 65)', async (file, message) => {
    const r = await run(file);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(message);
  });

  it('ignores an identical repeat with a warning', async () => {
    const r = await run('market-repeat.csv');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/market-repeat\.csv:3: .* with the same figures; the repeat is ignored \(W_DUPLICATE_KEY\)/);
  });

  it('reports accounts with no segment values as unmatched', async () => {
    const r = await run('market-repeat.csv', `${BAD}/customers-no-values.csv`);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/1 account matches no market row/);
    expect(r.stdout).toMatch(/\n2,\(no market data\),,,,C,1,0,/);
  });
});

describe('plan segment usage', () => {
  const PER_SEGMENT = '--per-segment lists the top N accounts of each segment: give it with --accounts --top N';
  // An option that would be silently ignored is refused, saying what to add; --horizon even at its default value.
  const HORIZON = '--horizon is the period --backtest measures: add --backtest';
  it.each([
    [['--per-segment'], PER_SEGMENT],
    [['--per-segment', '--top', '3'], PER_SEGMENT],
    [['--per-segment', '--accounts'], PER_SEGMENT],
    [['--horizon', '6m'], HORIZON],
    [['--horizon', '12m'], HORIZON],
    [['--accounts', '--horizon', '1y'], HORIZON],
  ])('%j without what it needs is a usage error (exit 2), not ignored', async (args, message) => {
    const r = await runCli(['segment', '--data', FIXTURE, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });
});

describe('plan segment checks names it does not show (its summary reads them on their bytes only)', () => {
  it.each([[[]], [['--accounts']]])('warns about a damaged name where it is, with %j', async (extra) => {
    const r = await runCli([
      'segment',
      '--customers',
      'fixtures/invalid/mojibake.csv',
      '--market',
      'fixtures/demo/market.csv',
      '--as-of',
      '2026-11-27',
      '--format',
      'csv',
      ...extra,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'fixtures/invalid/mojibake.csv:2:2 [record 1, column "name"]: text looks damaged by a wrong encoding upstream (first of this column; others not listed) (value "CafÃ© Central") (W_MOJIBAKE)',
    );
  });
});

describe('plan segment on market.csv product rows (docs/products.md)', () => {
  it('sums the product rows of a cell: the same ranking as one row per cell', async () => {
    const args = ['segment', '--data', 'fixtures/products', '--as-of', '2026-06-30', '--format', 'json'];
    const cells = await runCli(args);
    const products = await runCli([...args, '--market', 'fixtures/products/market-products.csv']);
    expect(products.code).toBe(0);
    // Retail 10 firms x (500 + 200 + 300), Health 8 x (600 + 800 + 600): market spend 10,000 and 16,000.
    expect(JSON.parse(products.stdout).segments.map((s: { segment: string; marketSpend: number }) => [s.segment, s.marketSpend])).toEqual([
      ['Health', 16000],
      ['Retail', 10000],
    ]);
    expect(products.stdout).toBe(cells.stdout);
  });
});

describe('plan segment on the demo', () => {
  it('puts the planted under-served high-potential segments on top', async () => {
    const r = await runCli(['segment', '--data', DEMO, '--as-of', DEMO_AS_OF, '--format', 'json']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    const top3 = data.segments.slice(0, 3).map((s: { segment: string }) => s.segment);
    expect(top3).toEqual(['Healthcare / South / large', 'Manufacturing / West / large', 'Logistics / East / medium']);
    for (const s of data.segments.slice(0, 3)) expect(s.penetration).toBeLessThan(0.01);
  });

  it('names every segment whole at 80 columns ("Manufacturing…" would be three of them), and says which columns went', async () => {
    const names: string[] = JSON.parse(
      (await runCli(['segment', '--data', DEMO, '--as-of', DEMO_AS_OF, '--format', 'json'])).stdout,
    ).segments.map((s: { segment: string }) => s.segment);
    const r = await runCli(['segment', '--data', DEMO, '--as-of', DEMO_AS_OF, '--format', 'table'], { tty: true, columns: 80 });
    expect(r.code).toBe(0);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes
    const lines = r.stdout.replace(/\u001b\[[0-9;]*m/g, '').split('\n');
    const rows = lines.filter((l) => /^ +\d+ {2}\S/.test(l));
    expect(rows.length).toBeGreaterThan(10);
    for (const [i, row] of rows.entries()) expect(row).toContain(`  ${names[i]}  `);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    expect(r.stdout).toMatch(/Not shown to fit 80 columns: [^\n]*our revenue/);
  });
});

describe('plan segment --accounts --top N --per-segment on a terminal', () => {
  it("shows each row's segment whole at 80 columns: the group it is the top of", async () => {
    const args = ['segment', '--data', DEMO, '--as-of', DEMO_AS_OF, '--accounts', '--top', '2', '--per-segment'];
    const accounts: { id: string; segment: string }[] = JSON.parse((await runCli([...args, '--format', 'json'])).stdout).accounts;
    const r = await runCli([...args, '--format', 'table'], { tty: true, columns: 80 });
    expect(r.code).toBe(0);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes
    const lines = r.stdout.replace(/\u001b\[[0-9;]*m/g, '').split('\n');
    const rows = lines.filter((l) => /^ +\d+ {2}C\d+/.test(l));
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) {
      const id = row.trim().split(/\s+/)[1];
      const account = accounts.find((a) => a.id === id);
      expect(row, id).toContain(`  ${account?.segment}  `);
    }
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
  });
});

describe('plan segment prints our revenue exactly at any size', () => {
  it('100 accounts of 899,999,999,999.9951: 89,999,999,999,999.51 in the figure, the segment row and CSV', async () => {
    // 100 x 8,999,999,999,999,951 ten-thousandths = 899,999,999,999,995,100 (past 2^53) = 89,999,999,999,999.51;
    // a float of that sum is 89,999,999,999,999.515625 and would print .52.
    const dir = tempDir('plan-big-revenue-');
    const accounts = Array.from({ length: 100 }, (_, i) => `A${String(i).padStart(3, '0')},Retail,899999999999.9951`);
    writeFileSync(join(dir, 'customers.csv'), ['id,industry,revenue_12m', ...accounts, ''].join('\n'));
    writeFileSync(join(dir, 'market.csv'), 'industry,spend,firms\nRetail,1000000000000000,1000\n');
    const run = (format: string) => runCli(['segment', '--data', dir, '--as-of', DEMO_AS_OF, '--format', format]);
    for (const format of ['table', 'md', 'html']) {
      const r = await run(format);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.split('€89,999,999,999,999.51').length - 1, format).toBe(2);
    }
    const csv = (await run('csv')).stdout.trim().split('\n');
    expect(csv[1]).toContain(',89999999999999.51,');
    expect(JSON.parse((await run('json')).stdout).totals.revenueCents).toBe('8999999999999951');
  });
});

describe("a segment's coverage why reads its figures as the number formatter writes them, in every format", () => {
  // Default costs: field 250 x 12 contacts = 3,000 a year, inside 2.5 x 24 = 60; the limit is 10% of potential.
  // Mining: 3,000 / 1,234,567.891 = 0.24% of potential (shown to whole units: 1,234,568): field.
  // Retail: field 3,000 and inside 60 are over 10% of 500 (inside 12%): digital.
  const dir = tempDir('plan-why-');
  writeFileSync(join(dir, 'customers.csv'), 'id,industry\nA1,Mining\nA2,Retail\n');
  writeFileSync(join(dir, 'market.csv'), 'industry,spend_per_firm,firms\nMining,1234567.891,10\nRetail,500,10\n');
  const run = (...args: string[]) => runCli(['segment', '--data', dir, '--as-of', DEMO_AS_OF, ...args]);
  const FIELD = 'field costs €3,000/yr = 0.2% of potential €1,234,568 (limit 10%)';
  const DIGITAL = 'inside costs €60/yr = 12.0% of potential €500, over 10%';

  it.each([
    ['table', ['--wide']],
    ['md', ['--wide']],
    ['csv', []],
  ])('%s', async (format, args) => {
    const r = await run('--format', format, ...args);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(FIELD);
    expect(r.stdout).toContain(DIGITAL);
  });

  it('json: the words, and their figures as numbers', async () => {
    const segments = JSON.parse((await run('--format', 'json')).stdout).segments;
    expect(segments.map((s: { channelReason: string }) => s.channelReason)).toEqual([FIELD, DIGITAL]);
    expect(segments[1].coverageCost).toEqual({ channel: 'inside', yearly: 60, share: 0.12, limit: 0.1, within: false });
  });

  it("plan report: the segment section's CSV and report.json", async () => {
    const out = join(tempDir(), 'report');
    const r = await runCli(['report', '--data', dir, '--as-of', DEMO_AS_OF, '--out-dir', out]);
    expect(r.code, r.stderr).toBe(0);
    const csv = readFileSync(join(out, 'segment.csv'), 'utf8');
    expect(csv).toContain(`,"${FIELD}"\n`);
    expect(csv).toContain(`,"${DIGITAL}"\n`);
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const section = json.sections.find((s: { name: string }) => s.name === 'segment');
    expect(section.data.segments.map((s: { channelReason: string }) => s.channelReason)).toEqual([FIELD, DIGITAL]);
  });
});
