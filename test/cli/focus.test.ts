/**
 * plan focus end to end over fixtures/focus (every figure worked out by hand
 * in fixtures/focus/README.md; money there in euros, here in integer cents)
 * and over the demo, whose pattern 5 plants R10, the rep who chases easy orders.
 */
import { appendFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { focusCommand } from '../../src/cli/commands/focus.js';
import { DEMO, DEMO_AS_OF, runCli, screenLines, tempDir } from '../helpers/cli.js';

const FIXTURE = 'fixtures/focus';
const AS_OF = '2026-06-30';
const focus = (args: string[], opts = {}) => runCli(['focus', '--data', FIXTURE, '--as-of', AS_OF, ...args], opts);

/** Euros as written in the README -> integer cents, without floating point: "43,050.90" -> 4305090. */
function cents(euros: string): number {
  const [whole, fraction = ''] = euros.replace(/,/g, '').replace('-', '').split('.');
  const value = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return euros.startsWith('-') ? -value : value;
}

interface Group {
  rep: string;
  accounts: number;
  effort: {
    salesTouches: number;
    headroom: number;
    alignment: number | null;
    byTier: { tier: string; accounts: number; touches: number; touchShare: number; headroom: number; headroomShare: number }[];
    easy: { accounts: number; touches: number; touchShare: number };
  };
  revenue: {
    previous: number;
    current: number;
    incremental: number;
    retained: { accounts: number; previous: number; current: number };
    won: { accounts: number; amount: number };
    growth: { accounts: number; amount: number };
    decline: { accounts: number; amount: number };
    lost: { accounts: number; amount: number };
    easy: { accounts: number; revenue: number; share: number; incremental: number };
    top: { accounts: number; revenue: number; share: number; incremental: number };
  };
  overdueTop: number;
  flags: string[];
}

describe('plan focus --format json on fixtures/focus (as of 2026-06-30)', async () => {
  const r = await focus(['--format', 'json', '--accounts']);
  const json = JSON.parse(r.stdout);
  const group = (rep: string): Group => (rep === 'all' ? json.team : json.reps.find((g: Group) => g.rep === rep));

  it('runs, and says money is in integer cents', () => {
    expect(r.code, r.stderr).toBe(0);
    expect(json.money).toBe('integer cents');
    expect([json.period, json.previous]).toEqual([
      { from: '2025-07-01', to: '2026-06-30' },
      { from: '2024-07-01', to: '2025-06-30' },
    ]);
  });

  it('ranks R1 (flagged) before R2', () => {
    expect(json.reps.map((g: Group) => [g.rep, g.accounts, g.flags])).toEqual([
      ['R1', 6, ['chasing-easy-orders']],
      ['R2', 6, []],
    ]);
    expect(json.flagged).toBe(1);
  });

  // README "Alignment index" and "Effort by tier".
  it.each([
    ['R1', 20, '206,949.10', 0.109208, ['A', 2, 2, 0.1, '189,499.50', 0.915682]],
    ['R2', 15, '203,800.00', 0.939958, ['A', 2, 11, 0.733333, '159,000.00', 0.780177]],
    ['all', 35, '410,749.10', 0.437774, ['A', 4, 13, 0.371429, '348,499.50', 0.848449]],
  ] as const)('%s: %i sales touches, headroom %s, alignment %f', (rep, touches, headroom, alignment, [tier, n, t, ts, h, hs]) => {
    const g = group(rep);
    expect([g.effort.salesTouches, g.effort.headroom, g.effort.alignment]).toEqual([touches, cents(headroom), alignment]);
    expect(g.effort.byTier[0]).toEqual({ tier, accounts: n, touches: t, touchShare: ts, headroom: cents(h), headroomShare: hs });
  });

  // README "Revenue bridge" and "Easy accounts against the A tier".
  it.each([
    ['R1', ['34,500.00', '8,500.00', '2,250.40', '2,199.50', '0.00', '43,050.90'], [3, '26,300.00', 0.610905], [16, 0.8]],
    ['R2', ['40,000.00', '15,000.00', '6,200.00', '1,000.00', '4,000.00', '56,200.00'], [1, '9,200.00', 0.163701], [1, 0.066667]],
    ['all', ['74,500.00', '23,500.00', '8,450.40', '3,199.50', '4,000.00', '99,250.90'], [4, '35,500.00', 0.357679], [17, 0.485714]],
  ] as const)('%s: the bridge balances exactly to the cent, and the easy share', (rep, bridge, easy, touches) => {
    const b = group(rep).revenue;
    const [previous, won, growth, decline, lost, current] = bridge.map(cents);
    expect([b.previous, b.won.amount, b.growth.amount, b.decline.amount, b.lost.amount, b.current]).toEqual([
      previous,
      won,
      growth,
      decline,
      lost,
      current,
    ]);
    expect(b.previous + b.won.amount + b.growth.amount - b.decline.amount - b.lost.amount).toBe(b.current);
    expect(b.incremental).toBe((current as number) - (previous as number));
    expect([b.easy.accounts, b.easy.revenue, b.easy.share]).toEqual([easy[0], cents(easy[1]), easy[2]]);
    expect([group(rep).effort.easy.touches, group(rep).effort.easy.touchShare]).toEqual(touches);
  });

  it("names R1's overdue A-tier account K02 (181 days overdue), and only that one", () => {
    expect(
      json.accounts.map((a: { owner: string; id: string; daysOverdue: number; lastTouch: string }) => [
        a.owner,
        a.id,
        a.daysOverdue,
        a.lastTouch,
      ]),
    ).toEqual([['R1', 'K02', 181, '2025-12-01']]);
  });

  it('counts the order lines it left out: 32 read, 30 counted, 1 before both periods, 1 for K99', () => {
    expect(json.ignored.orders).toMatchObject({ read: 32, counted: 30, outside: 1, noCustomer: null });
    expect(json.ignored.orders.unknownCustomers).toEqual({ rows: 1, distinct: 1, top: [{ key: 'K99', count: 1, firstLine: 33 }] });
    expect(r.stderr).toContain(
      'orders.csv:33: ignored in the periods compared (2024-07-01 to 2026-06-30): 1 row for 1 unknown customer: "K99"',
    );
  });
});

describe('plan focus formats', () => {
  it('csv: the reps table, R1 first, with the alignment and flags', async () => {
    const r = await focus(['--format', 'csv']);
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((x) => [x.rep, x.alignment, x.easy_touch_share, x.current, x.flags])).toEqual([
      ['R1', '0.109208', '0.8', '43050.9', 'chasing-easy-orders'],
      ['R2', '0.939958', '0.066667', '56200', ''],
      ['all', '0.437774', '0.485714', '99250.9', ''],
    ]);
  });

  it('csv --accounts: the named accounts', async () => {
    const r = await focus(['--format', 'csv', '--accounts']);
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((x) => [x.rep, x.id, x.name, x.days_overdue])).toEqual([['R1', 'K02', 'St. Anna Hospital', '181']]);
  });

  it('table fits 80 columns and shows the bridge', async () => {
    const r = await focus(['--format', 'table'], { tty: true, columns: 80 });
    expect(r.code).toBe(0);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes
    const lines = r.stdout.replace(/\u001b\[[0-9;]*m/g, '').split('\n');
    expect(lines.filter((l) => [...l].length > 80)).toEqual([]);
    expect(r.stdout).toContain('€43,050.90');
    expect(r.stdout).toContain('chasing-easy-orders');
  });

  it('md: a table per part', async () => {
    const r = await focus(['--format', 'md']);
    expect(r.stdout).toMatch(/\| R1 \|/);
    expect(r.stdout).toContain('Where revenue came from');
  });

  it('md: shares to one decimal as in the tier table and the figures (R2 easy touches 1 of 15 = 6.7%), each bridge term named', async () => {
    const r = await focus(['--format', 'md']);
    const cells = (rep: string) =>
      r.stdout
        .split('\n')
        .find((l) => l.startsWith(`| ${rep} | 6 |`))
        ?.split(' | ');
    // rep, accounts, sales touches, A touches, A headroom, alignment, easy touches: R2 11 of 15 A touches, 1 easy.
    expect(cells('R2')?.slice(0, 7)).toEqual(['| R2', '6', '15', '73.3%', '78.0%', '0.94', '6.7%']);
    expect(r.stdout).toContain('**revenue bridge**: €74,500.00 previous + €23,500.00 won + €8,450.40 growth');
  });

  it('--rep R2: only R2, the team row still every account', async () => {
    const json = JSON.parse((await focus(['--format', 'json', '--rep', 'R2'])).stdout);
    expect(json.reps.map((g: Group) => g.rep)).toEqual(['R2']);
    expect(json.team.accounts).toBe(12);
  });

  it('--easy-share 90%: K04 (90%) and K11 (92%) stay easy, K05 (88%) and K06 (85%) do not', async () => {
    const json = JSON.parse((await focus(['--format', 'json', '--easy-share', '90%'])).stdout);
    // R1's easy touches: K04 6 of 20; 6 / 20 = 30%, no longer "mostly": R1 is not flagged.
    expect(json.team.effort.easy).toEqual({ accounts: 2, touches: 7, touchShare: 0.2 });
    expect(json.flagged).toBe(0);
  });

  it.each([
    [['--easy-share', '120%'], /--easy-share: "120%" is more than 100%/],
    [['--rep', 'R9'], /--rep R9: no account/],
    [['--to', '2026-07-01'], /--to 2026-07-01 is after --as-of 2026-06-30/],
  ])('%s is a usage error', async (args, message) => {
    const r = await focus(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('every example of the help runs', async () => {
    for (const line of focusCommand.examples) {
      const args = line
        .split(' ')
        .slice(1)
        .filter((a) => a !== '--out' && a !== 'focus.json');
      const r = await runCli([...args, '--as-of', DEMO_AS_OF]);
      expect(r.code, `${line}\n${r.stderr}`).toBe(0);
    }
  });
});

describe('plan focus on amounts in ten-thousandths and order lines without a customer', () => {
  // fixtures/focus plus: K09 (R2, retained: 7,000.00 before, 6,000.00 now) buys 0.0050 twice more in the period
  // (6,000.01 once rounded to the cent, so R2's decline is 999.99); a line without a customer id in the period;
  // K06 (R1, won 8,500.00) gets a credit of 0.0049 (8,499.9951: 8,500.00 to the cent, unchanged).
  async function folder(): Promise<string> {
    const dir = tempDir('plan-focus-');
    cpSync(FIXTURE, dir, { recursive: true });
    appendFileSync(
      join(dir, 'orders.csv'),
      ['K09,2026-03-01,web,0.0050', 'K09,2026-03-02,web,0.0050', ',2026-03-03,web,12.3456', 'K06,2026-03-04,web,-0.0049', ''].join('\n'),
    );
    return dir;
  }

  it('rounds each account once, keeps the bridge exact, and warns about the line without a customer', async () => {
    const dir = await folder();
    const r = await runCli(['focus', '--data', dir, '--as-of', AS_OF, '--format', 'json', '-q']);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    const r2 = json.reps.find((g: Group) => g.rep === 'R2').revenue;
    const r1 = json.reps.find((g: Group) => g.rep === 'R1').revenue;
    expect([r2.decline.amount, r2.current]).toEqual([cents('999.99'), cents('56,200.01')]);
    expect([r1.won.amount, r1.current]).toEqual([cents('8,500.00'), cents('43,050.90')]);
    const b = json.team.revenue;
    expect(b.previous + b.won.amount + b.growth.amount - b.decline.amount - b.lost.amount).toBe(b.current);
    expect(b.current).toBe(cents('99,250.91'));
    // 32 + 4 lines read: 30 + 3 counted (K09 twice, K06), 1 outside, 1 for K99, 1 without a customer id.
    expect(json.ignored.orders).toMatchObject({
      read: 36,
      counted: 33,
      outside: 1,
      noCustomer: { rows: 1, firstLine: 36, revenue: 12.35 },
    });
    const loud = await runCli(['focus', '--data', dir, '--as-of', AS_OF, '--format', 'json']);
    expect(loud.stderr).toMatch(/orders\.csv:36: 1 order line without a customer id \(revenue 12\.35\), counted apart/);
    const strict = await runCli(['focus', '--data', dir, '--as-of', AS_OF, '--strict']);
    expect(strict.code).toBe(65);
  });
});

describe('plan focus on the demo', () => {
  it("--accounts: R10's overdue A-tier accounts in plan contact's risk order, as the note says", async () => {
    const args = ['--data', DEMO, '--as-of', DEMO_AS_OF, '--format', 'json'];
    const named: string[] = JSON.parse((await runCli(['focus', ...args, '--accounts'])).stdout).accounts.map((a: { id: string }) => a.id);
    const risk: string[] = JSON.parse((await runCli(['contact', ...args, '--accounts', '--rep', 'R10'])).stdout).accounts.map(
      (a: { id: string }) => a.id,
    );
    expect(named.length).toBeGreaterThan(10);
    expect(named).toEqual(risk.filter((id) => named.includes(id)));
    const md = (await runCli(['focus', '--data', DEMO, '--as-of', DEMO_AS_OF, '--accounts', '--format', 'md'])).stdout;
    expect(md).toContain("> Accounts by rep, then in plan contact's risk order: renewal risk first, then post-sale silence");
  });

  it("shows each rep's tier shares adding to exactly 100%, rounded by largest remainder (JSON keeps them exact)", async () => {
    const md = (await runCli(['focus', '--data', DEMO, '--as-of', DEMO_AS_OF, '--format', 'md'])).stdout;
    const json = JSON.parse((await runCli(['focus', '--data', DEMO, '--as-of', DEMO_AS_OF, '--format', 'json'])).stdout);
    // Tiers table rows: | rep | tier | accounts | sales touches | touch share | headroom share | headroom |
    const rows = md
      .split('\n')
      .filter((l) => /^\| \S+ \| [ABC] \| /.test(l))
      .map((l) => l.split(' | '));
    const tenths = (cell: string | undefined) => Math.round(Number(cell?.replace('%', '')) * 10);
    const reps = [...new Set(rows.map((r) => r[0]))];
    expect(reps.length).toBe(json.reps.length + 1);
    for (const rep of reps) {
      const mine = rows.filter((r) => r[0] === rep);
      expect(
        mine.reduce((a, r) => a + tenths(r[4]), 0),
        `${rep} touch share`,
      ).toBe(1000);
      expect(
        mine.reduce((a, r) => a + tenths(r[5]), 0),
        `${rep} headroom share`,
      ).toBe(1000);
    }
    // The team's touch shares are 0.219095, 0.359462, 0.421442 (JSON, exact): alone they would read 21.9 + 35.9 + 42.1
    // = 99.9%; the missing tenth goes to the largest remainder (B's .462 per mille): 21.9, 36.0, 42.1.
    expect(json.team.effort.byTier.map((t: { touchShare: number }) => t.touchShare)).toEqual([0.219095, 0.359462, 0.421442]);
    expect(rows.filter((r) => r[0] === '| all').map((r) => r[4])).toEqual(['21.9%', '36.0%', '42.1%']);
  });

  it('keeps every term of the revenue bridge at 80 columns, its money in thousands; to the cent where it fits', async () => {
    const narrow = await runCli(['focus', '--data', DEMO, '--as-of', DEMO_AS_OF], { tty: true, columns: 80 });
    const lines = screenLines(narrow.stdout);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
    const title = lines.findIndex((l) => l.startsWith('Where revenue came from'));
    expect(lines[title + 1]?.split(/ {2,}/)).toEqual([
      'rep',
      'previous',
      '+ won',
      '+ growth',
      '- decline',
      '- lost',
      '= current',
      'incremental',
    ]);
    // The team's bridge in cents (JSON): 1,545,675,487 + 249,963,211 + 3,400,262,268 - 123,015,613 - 140,933,561
    // = 4,931,951,792; in thousands of euros, each rounded once: 15,457 2,500 34,003 1,230 1,409 49,320.
    const all = lines.slice(title).find((l) => l.startsWith('all '));
    expect(all?.trim().split(/ +/).slice(1, 7)).toEqual(['€15,457k', '€2,500k', '€34,003k', '€1,230k', '€1,409k', '€49,320k']);
    expect(narrow.stdout).toContain('Money in whole thousands (k: €1,234k = €1,234,000) to fit 80 columns');
    const wide = await runCli(['focus', '--data', DEMO, '--as-of', DEMO_AS_OF], { tty: true, columns: 160 });
    expect(wide.stdout).toContain('€15,456,754.87');
    expect(wide.stdout).not.toContain('thousands');
  });

  it('shows every alignment index to two decimals (0.20 beside 0.22, never 0.2)', async () => {
    const r = await runCli(['focus', '--data', DEMO, '--as-of', DEMO_AS_OF, '--format', 'md']);
    const reps: { rep: string; effort: { alignment: number } }[] = JSON.parse(
      (await runCli(['focus', '--data', DEMO, '--as-of', DEMO_AS_OF, '--format', 'json'])).stdout,
    ).reps;
    const lines = r.stdout.split('\n');
    // The demo has alignments that end in a zero at two decimals (R07 about 0.20).
    expect(reps.some((g) => g.effort.alignment.toFixed(2).endsWith('0'))).toBe(true);
    for (const g of reps) {
      const row = lines.find((l) => l.startsWith(`| ${g.rep} |`))?.split(' | ');
      expect(row?.[5], g.rep).toBe(g.effort.alignment.toFixed(2));
    }
  });

  it('puts R10, the planted rep who chases easy orders, on top of the flags', async () => {
    const r = await runCli(['focus', '--data', DEMO, '--as-of', DEMO_AS_OF, '--format', 'json', '--accounts']);
    const json = JSON.parse(r.stdout);
    expect(json.reps[0].rep).toBe('R10');
    expect(json.reps[0].flags).toEqual(['chasing-easy-orders']);
    expect(json.flagged).toBe(1);
    expect(new Set(json.accounts.map((a: { owner: string }) => a.owner))).toEqual(new Set(['R10']));
  });
});
