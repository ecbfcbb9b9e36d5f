import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO, DEMO_AS_OF, runCli, tempDir } from '../helpers/cli.js';
import { demoWithoutRevenue } from '../helpers/data.js';

describe('--compare PREVIOUS.json', () => {
  it('lists rank moves, tier changes, entries and exits against a hand-written earlier ranking', async () => {
    // fixtures/segment ranks (its README): 1 Health / North / * (A, 120,000), 2 Retail / * / large (A, 50,000),
    // 3 Retail / North / small (B), 4 Food / South / small (C), 5 (no market data) (C).
    const previous = join(tempDir(), 'previous.json');
    writeFileSync(
      previous,
      JSON.stringify({
        segments: [
          { rank: 1, segment: 'Retail / * / large', tier: 'A', headroom: 60000 },
          { rank: 2, segment: 'Health / North / *', tier: 'B', headroom: 100000 },
          { rank: 3, segment: 'Gone / * / *', tier: 'C', headroom: 5 },
        ],
      }),
    );
    const r = await runCli(['segment', '--data', 'fixtures/segment', '--compare', previous, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const { comparison } = JSON.parse(r.stdout);
    expect(
      comparison.moves.map((m: Record<string, unknown>) => [
        m.key,
        m.status,
        m.previousRank,
        m.rank,
        m.move,
        m.tierChange,
        m.headroomChange,
      ]),
    ).toEqual([
      ['Health / North / *', 'up', 2, 1, 1, 'up', 20000],
      ['Retail / * / large', 'down', 1, 2, -1, 'same', -10000],
      ['Retail / North / small', 'entered', null, 3, null, null, null],
      ['Food / South / small', 'entered', null, 4, null, null, null],
      ['(no market data)', 'entered', null, 5, null, null, null],
      ['Gone / * / *', 'exited', 3, null, null, null, null],
    ]);
    expect(comparison.summary).toMatchObject({ current: 5, previous: 3, compared: 2, entered: 3, exited: 1, up: 1, down: 1, tierUp: 1 });
  });

  it('--accounts compares accounts with an earlier --accounts run', async () => {
    // fixtures/segment accounts by headroom: 1 A3 (A, 10,000), 2 A4 (A, 5,000), 3 A1 (B, 2,000), 4 A2 (B, 0), 5 A5 (C, 0).
    const previous = join(tempDir(), 'accounts.json');
    writeFileSync(
      previous,
      JSON.stringify({
        segments: [],
        accounts: [
          { rank: 1, id: 'A1', tier: 'A', headroom: 2500 },
          { rank: 2, id: 'A3', tier: 'A', headroom: 10000 },
          { rank: 3, id: 'A9', tier: null, headroom: 1 },
        ],
      }),
    );
    const r = await runCli(['segment', '--data', 'fixtures/segment', '--accounts', '--compare', previous, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const { comparison } = JSON.parse(r.stdout);
    expect(comparison.moves.map((m: Record<string, unknown>) => [m.key, m.status, m.move, m.tierChange, m.headroomChange])).toEqual([
      ['A3', 'up', 1, 'same', 0],
      ['A4', 'entered', null, null, null],
      ['A1', 'down', -2, 'down', -500],
      ['A2', 'entered', null, null, null],
      ['A5', 'entered', null, null, null],
      ['A9', 'exited', null, null, null],
    ]);
    const none = await runCli(['segment', '--data', 'fixtures/segment', '--accounts', '--compare', previous.replace('accounts', 'none')]);
    expect(none.code).toBe(66);
  });

  it('on two demo runs half a year apart (revenue from orders.csv, so it moves): every move is the difference of the two rankings', async () => {
    const dir = tempDir();
    const data = demoWithoutRevenue();
    const earlier = join(dir, 'may.json');
    const before = await runCli(['segment', '--data', data, '--as-of', '2026-05-27', '--format', 'json', '--out', earlier]);
    expect(before.code, before.stderr).toBe(0);
    const now = await runCli(['segment', '--data', data, '--as-of', DEMO_AS_OF, '--compare', earlier, '--format', 'json']);
    expect(now.code, now.stderr).toBe(0);
    const alone = JSON.parse((await runCli(['segment', '--data', data, '--as-of', DEMO_AS_OF, '--format', 'json'])).stdout);
    const { readFileSync } = await import('node:fs');
    const old = JSON.parse(readFileSync(earlier, 'utf8'));
    const was = new Map(old.segments.map((s: { segment: string; rank: number }) => [s.segment, s.rank]));
    const { comparison, segments } = JSON.parse(now.stdout);
    expect(segments).toEqual(alone.segments);
    const expected = alone.segments.map((s: { segment: string; rank: number }) => [s.segment, (was.get(s.segment) as number) - s.rank]);
    expect(comparison.moves.map((m: { key: string; move: number }) => [m.key, m.move])).toEqual(expected);
    expect(expected.some(([, move]: [string, number]) => move !== 0)).toBe(true);
    // On a terminal: the moves table first.
    const table = await runCli(['segment', '--data', data, '--as-of', DEMO_AS_OF, '--compare', earlier, '--format', 'csv']);
    expect(table.stdout.split('\n')[0]).toBe(
      'key,status,previous_rank,rank,move,previous_tier,tier,tier_change,previous_headroom,headroom,headroom_change',
    );
  });

  it('words its figures and headroom as the ranking does: counts grouped (3,000 / 3,000), headroom in whole units', async () => {
    const earlier = join(tempDir(), 'accounts.json');
    const args = ['segment', '--data', DEMO, '--as-of', DEMO_AS_OF, '--accounts'];
    expect((await runCli([...args, '--format', 'json', '--out', earlier])).code).toBe(0);
    const md = (await runCli([...args, '--compare', earlier, '--format', 'md'])).stdout;
    expect(md).toContain('- **accounts now / before**: 3,000 / 3,000\n');
    expect(md).toContain('- **up / down / same**: 0 / 0 / 3,000\n');
    // The first account's headroom: the same cell in the moves table as in the listing after it (money would add .00).
    const lines = md.split('\n');
    const listingAt = lines.findIndex((l) => l.startsWith('| rank | id |'));
    const header = lines[listingAt]?.split(' | ') ?? [];
    const first = lines[listingAt + 2]?.split(' | ') ?? [];
    const [id, headroom] = [first[header.indexOf('id')], first[header.indexOf('headroom |')]?.replace(' |', '')];
    expect(headroom).toMatch(/^€\d{1,3}(,\d{3})*$/);
    const moved = lines.slice(0, listingAt).find((l) => l.startsWith(`| ${id} |`));
    expect(moved?.split(' | ')).toContain(headroom);
  });

  it('names every product whole in the moves table at 80 columns (never "Service contract…")', async () => {
    const earlier = join(tempDir(), 'products.json');
    const args = ['products', '--data', DEMO, '--as-of', DEMO_AS_OF];
    expect((await runCli([...args, '--format', 'json', '--out', earlier])).code).toBe(0);
    const r = await runCli([...args, '--compare', earlier, '--format', 'table'], { tty: true, columns: 80 });
    expect(r.code, r.stderr).toBe(0);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes
    const lines = r.stdout.replace(/\u001b\[[0-9;]*m/g, '').split('\n');
    const moves = lines.slice(lines.findIndex((l) => l.startsWith('product ')) + 2);
    const names: string[] = JSON.parse(readFileSync(earlier, 'utf8')).products.map((p: { product: string }) => p.product);
    expect(names).toContain('Service contract extension');
    for (const name of names.slice(0, 10))
      expect(
        moves.some((l) => l.startsWith(`${name}  `)),
        name,
      ).toBe(true);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('plan products --compare: moves of products between two demo runs', async () => {
    const dir = tempDir();
    const earlier = join(dir, 'products.json');
    expect((await runCli(['products', '--data', DEMO, '--as-of', '2026-05-27', '--format', 'json', '--out', earlier])).code).toBe(0);
    const r = await runCli(['products', '--data', DEMO, '--as-of', DEMO_AS_OF, '--compare', earlier, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const { readFileSync } = await import('node:fs');
    const old = new Map(
      JSON.parse(readFileSync(earlier, 'utf8')).products.map((p: { product: string; rank: number; tier: string }) => [p.product, p]),
    );
    const { comparison, products } = JSON.parse(r.stdout);
    expect(comparison.summary).toMatchObject({ current: products.length, previous: old.size, entered: 0, exited: 0 });
    for (const m of comparison.moves) {
      const p = old.get(m.key) as { rank: number; tier: string };
      expect([m.key, m.previousRank, m.previousTier]).toEqual([m.key, p.rank, p.tier]);
    }
  });

  it("refuses another command's output, other dimensions, and a broken file with its line", async () => {
    const dir = tempDir();
    const products = join(dir, 'p.json');
    writeFileSync(products, JSON.stringify({ products: [{ rank: 1, product: 'P1', tier: 'A', headroom: 1 }] }));
    const wrong = await runCli(['segment', '--data', 'fixtures/segment', '--compare', products]);
    expect([wrong.code, wrong.stderr]).toEqual([2, expect.stringContaining('holds a product ranking: compare it with plan products')]);
    const byIndustry = join(dir, 'i.json');
    writeFileSync(byIndustry, JSON.stringify({ by: ['industry'], segments: [] }));
    const other = await runCli(['segment', '--data', 'fixtures/segment', '--compare', byIndustry]);
    expect(other.stderr).toContain('ranks segments by industry, this run by industry,region,size: give --by industry');
    const broken = join(dir, 'b.json');
    writeFileSync(broken, '{\n  "segments": [\n    { "rank": 1, "segment": "A", "tier": "D", "headroom": 1 }\n  ]\n}\n');
    const bad = await runCli(['segment', '--data', 'fixtures/segment', '--compare', broken]);
    expect(bad.code).toBe(65);
    expect(bad.stderr).toContain(`${broken}:3`);
    expect(bad.stderr).toContain('segments[0].tier');
  });
});
