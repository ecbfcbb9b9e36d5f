import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { contactCommand } from '../../src/cli/commands/contact.js';
import { DEMO, DEMO_AS_OF, runCli, screenLines, tempDir } from '../helpers/cli.js';

const FIXTURE = 'fixtures/contact';
const AS_OF = '2028-04-28';

/** Splits an example command line like a shell would (double quotes only). */
function argv(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}

function csv(text: string): Record<string, string>[] {
  return parse(text, { columns: true });
}

const pick = (rows: Record<string, string>[], keys: string[]) => rows.map((r) => keys.map((k) => r[k]));

interface Account {
  id: string;
  owner: string;
  status: string;
  flags: string[];
  daysOverdue: number | null;
  daysSinceTouch: number | null;
  contract: { start: string | null; end: string | null; daysToRenewal: number | null; renewalDue: boolean };
  postSale: string;
}

describe('plan contact on fixtures/contact (as of 2028-04-28; hand-derived, see customers.csv notes)', () => {
  // No market.csv: customers are tier B (30 days), the prospect C (90 days), the lost account is not judged.
  it('lists accounts most urgent first, with every rule at its boundary', async () => {
    const r = await runCli(['contact', '--data', FIXTURE, '--as-of', AS_OF, '--accounts', '--format', 'csv']);
    expect(r.code).toBe(0);
    const rows = csv(r.stdout);
    expect(
      pick(rows, [
        'rank',
        'id',
        'cadence',
        'days_since_touch',
        'days_since_sales_touch',
        'sales_90',
        'other_90',
        'sales_365',
        'other_365',
        'days_overdue',
        'contract_month',
        'days_to_renewal',
        'post_sale',
        'flags',
      ]),
    ).toEqual([
      // Last touch 2028-03-28 = 31 days: one over the cadence; ends 2028-05-01, 3 days ahead. The first sales touch since
      // 2027-05-02 is the e-mail of 2028-01-10 (type "E-Mail"), after the 60-day window: late, not silent.
      ['1', 'K03', '30', '31', '31', '1', '0', '2', '0', '1', '12 of 12', '3', 'late', 'renewal-risk overdue'],
      // Signed 2027-12-01; the visit of 2027-11-15 was before it, 165 days ago; the complaint 3 days ago keeps it in cadence.
      ['2', 'K07', '30', '3', '165', '0', '1', '1', '1', '0', '5 of 24', '581', 'silent', 'post-sale-silence'],
      ['3', 'K05', '90', '', '', '0', '0', '0', '0', '', '', '', '', 'overdue'],
      // The call of 2027-04-28 is 366 days back (2028 is a leap year): outside the 365 days -> service only.
      ['4', 'K04', '30', '27', '366', '0', '2', '0', '2', '0', '', '', '', 'service-only'],
      // Billing 2028-03-29 = exactly 30 days: within cadence, so its renewal in 2 days is not at risk.
      ['5', 'K02', '30', '30', '354', '0', '1', '1', '1', '0', '12 of 12', '2', 'done', ''],
      // Signed on 2028-02-29: month 2 of 12 from 2028-03-29; day 60 of the post-sale window is the as-of day.
      ['6', 'K01', '30', '8', '104', '0', '1', '1', '1', '0', '2 of 12', '305', 'due', ''],
      ['7', 'K06', '', '179', '179', '0', '0', '1', '0', '', 'ended', '-119', '', ''],
    ]);
    expect(rows[0]).toMatchObject({ owner: 'R2', tier: 'B', tier_source: 'status', never_touched: 'false', contract_start: '2027-05-02' });
    expect(rows[2]?.never_touched).toBe('true');
    expect(rows[1]?.note).toBe('no sales touch since signing');
  });

  it('warns about the touches it ignores, with counts', async () => {
    const r = await runCli(['contact', '--data', FIXTURE, '--as-of', AS_OF]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('contacts.csv:16: ignored: 2 rows for 1 unknown customer: "K99" ×2 (first on line 16) (W_UNKNOWN_KEY)');
    expect(r.stderr).toContain(
      'contacts.csv:4: ignored: 1 touch of types that are neither sales nor other: "webinar" ×1 (first on line 4)',
    );
    expect(r.stderr).toContain('contacts.csv:7: ignored: 1 touch dated after --as-of 2028-04-28 (W_AFTER_AS_OF)');
    const strict = await runCli(['contact', '--data', FIXTURE, '--as-of', AS_OF, '--strict']);
    expect(strict.code).toBe(65);
    expect(strict.stdout).toBe('');
  });

  it('classifies touch types through config touchTypes', async () => {
    const dir = tempDir();
    for (const f of ['customers.csv', 'contacts.csv']) writeFileSync(join(dir, f), readFileSync(join(FIXTURE, f)));
    writeFileSync(join(dir, 'plan.config.json'), JSON.stringify({ touchTypes: { Webinar: 'sales' } }));
    const r = await runCli(['contact', '--data', dir, '--as-of', AS_OF, '--accounts', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('W_UNKNOWN_TOUCH_TYPE');
    const k01 = JSON.parse(r.stdout).accounts.find((a: Account) => a.id === 'K01');
    // The webinar of 2028-04-21 is now the first sales touch within the post-sale window.
    expect(k01).toMatchObject({ postSale: 'done', daysSinceTouch: 7 });
  });

  it('sums within cadence by tier and by rep, and touches by contract phase', async () => {
    const r = await runCli(['contact', '--data', FIXTURE, '--as-of', AS_OF, '--format', 'json']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.totals).toMatchObject({
      accounts: 7,
      judged: 6,
      withinCadence: 4,
      withinShare: 0.666667,
      neverTouched: 1,
      renewalsDue: 2,
      postSaleDue: 1,
      flags: { 'renewal-risk': 1, 'post-sale-silence': 1, overdue: 2, 'service-only': 1 },
      touchesRead: 16,
      touchesCounted: 12,
    });
    expect(data.byTier.map((g: { key: string; judged: number; withinShare: number | null }) => [g.key, g.judged, g.withinShare])).toEqual([
      ['B', 5, 0.8],
      ['C', 1, 0],
      ['(none)', 0, null],
    ]);
    expect(data.byRep.map((g: { key: string; accounts: number; withinCadence: number }) => [g.key, g.accounts, g.withinCadence])).toEqual([
      ['R1', 3, 2],
      ['R2', 3, 2],
      ['(none)', 1, 0],
    ]);
    // Touches of 2027-04-30 .. 2028-04-28 by the phase of their account's contract (K04 has no dates):
    // before start K01 2028-01-15, K07 2027-11-15; month 1 K02 2027-05-10; months 2-3 K01 2028-04-20 (2028-03-29 ..);
    // months 4-6 K07 2028-04-25; months 7-9 K03 2028-01-10; last 90 days K02 2028-03-29, K03 2028-03-28, K06 2027-11-01.
    const phases = Object.fromEntries(
      data.phases.map((p: { phase: string; sales: number; other: number }) => [p.phase, [p.sales, p.other]]),
    );
    expect(phases).toMatchObject({
      '90 days before start': [2, 0],
      'month 1': [1, 0],
      'months 2-3': [0, 1],
      'months 4-6': [0, 1],
      'months 7-9': [1, 0],
      'last 90 days': [2, 1],
    });
    expect(data.ignored).toMatchObject({
      unknownTypes: [{ type: 'webinar', count: 1, firstLine: 4 }],
      afterAsOf: { rows: 1, firstLine: 7 },
    });
  });

  it('filters by flag (any of them) and by rep', async () => {
    const flagged = await runCli([
      'contact',
      '--data',
      FIXTURE,
      '--as-of',
      AS_OF,
      '--flag',
      'overdue',
      '--flag',
      'service-only',
      '--format',
      'csv',
    ]);
    expect(flagged.code).toBe(0);
    expect(csv(flagged.stdout).map((r) => r.id)).toEqual(['K03', 'K05', 'K04']);
    const r2 = await runCli(['contact', '--data', FIXTURE, '--as-of', AS_OF, '--rep', 'R2', '--format', 'json']);
    const data = JSON.parse(r2.stdout);
    expect(data.filter).toEqual({ rep: 'R2', flags: [] });
    expect(data.totals).toMatchObject({ accounts: 3, judged: 3, withinCadence: 2 });
    expect(data.byRep.map((g: { key: string }) => g.key)).toEqual(['R2']);
    const top = await runCli([
      'contact',
      '--data',
      FIXTURE,
      '--as-of',
      AS_OF,
      '--accounts',
      '--rep',
      'R1',
      '--top',
      '2',
      '--format',
      'csv',
    ]);
    expect(csv(top.stdout).map((r) => r.id)).toEqual(['K05', 'K02']);
  });
});

describe('plan contact on the demo (as of 2026-11-27)', () => {
  const demo = (...args: string[]) => runCli(['contact', '--data', DEMO, '--as-of', DEMO_AS_OF, ...args]);

  it('shows the planted post-sale silence and renewal risks, and carries every figure in JSON', async () => {
    const r = await demo('--format', 'json');
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(Object.keys(data)).toEqual(['asOf', 'rules', 'filter', 'revenueSource', 'totals', 'ignored', 'byTier', 'byRep', 'phases']);
    expect(data.rules.tierSource).toBe('segment');
    const { totals } = data;
    // demo.ts pattern 3: 37% of the contracts started 30-180 days ago fall silent (~10% of customers); those past
    // their first 60 days are flagged, the others are still "post-sale due".
    const customers = 1870;
    expect(totals.flags['post-sale-silence'] / customers).toBeGreaterThan(0.08);
    expect(totals.flags['post-sale-silence'] / customers).toBeLessThan(0.15);
    expect(totals.postSaleDue).toBeGreaterThan(10);
    // Half of the ~310 renewals due within 90 days are planted at risk.
    expect(totals.renewalsDue).toBeGreaterThan(280);
    expect(totals.renewalsDue).toBeLessThan(340);
    expect(totals.flags['renewal-risk']).toBeGreaterThan(120);
    expect(totals.flags['renewal-risk']).toBeLessThan(200);
    expect(totals.flags['service-only']).toBeGreaterThan(50);
    // ~0.3% of touches have an unknown type.
    expect(data.ignored.unknownTypes.map((t: { type: string }) => t.type).sort()).toEqual(['newsletter', 'trade fair', 'webinar']);
    expect(totals.touchesRead - totals.touchesCounted).toBe(
      data.ignored.unknownTypes.reduce((n: number, t: { count: number }) => n + t.count, 0),
    );
    // The groups add up.
    for (const groups of [data.byTier, data.byRep]) {
      const sum = (f: (g: { accounts: number; withinCadence: number; flags: Record<string, number> }) => number) =>
        groups.reduce((n: number, g: Parameters<typeof f>[0]) => n + f(g), 0);
      expect(sum((g) => g.accounts)).toBe(totals.accounts);
      expect(sum((g) => g.withinCadence)).toBe(totals.withinCadence);
      expect(sum((g) => g.flags['renewal-risk'] ?? 0)).toBe(totals.flags['renewal-risk']);
    }
    // Mid-contract silence: fewer touches per account-month in months 4-6 than in month 1.
    const rate = (name: string) => data.phases.find((p: { phase: string }) => p.phase === name).touchRate;
    expect(rate('months 4-6')).toBeLessThan(rate('month 1') / 2);
  });

  it('lists the renewal risks: every one renews within 90 days and is overdue', async () => {
    const summary = JSON.parse((await demo('--format', 'json')).stdout);
    const r = await demo('--flag', 'renewal-risk', '--format', 'json');
    expect(r.code).toBe(0);
    const accounts: Account[] = JSON.parse(r.stdout).accounts;
    expect(accounts).toHaveLength(summary.totals.flags['renewal-risk']);
    for (const a of accounts) {
      expect(a.flags).toContain('overdue');
      expect(a.contract.daysToRenewal).toBeGreaterThanOrEqual(0);
      expect(a.contract.daysToRenewal).toBeLessThanOrEqual(90);
    }
    // Ranked: more flags first (post-sale-silence or service-only besides renewal-risk and overdue), then days overdue.
    const keys = accounts.map((a) => [a.flags.length, a.daysOverdue ?? Number.POSITIVE_INFINITY] as const);
    expect(keys).toEqual([...keys].sort((x, y) => y[0] - x[0] || y[1] - x[1]));
    expect(keys.some(([n]) => n > 2)).toBe(true);
  });

  it('shows a rep only their accounts', async () => {
    const r = await demo('--rep', 'R04', '--accounts', '--format', 'json');
    const accounts: Account[] = JSON.parse(r.stdout).accounts;
    expect(accounts.length).toBeGreaterThan(100);
    expect(new Set(accounts.map((a) => a.owner))).toEqual(new Set(['R04']));
  });

  it('shows touches per 30 days to two decimals in every row (0.60, never 0.6 beside 0.52), as JSON rounds them', async () => {
    const phases: { phase: string; touchRate: number; salesRate: number }[] = JSON.parse((await demo('--format', 'json')).stdout).phases;
    const md = (await demo('--format', 'md')).stdout.split('\n');
    expect(phases.length).toBeGreaterThan(3);
    for (const p of phases) {
      const cells = md.find((l) => l.startsWith(`| ${p.phase} |`))?.split(' | ');
      expect(cells?.at(-2)).toBe(p.touchRate.toFixed(2));
      expect(cells?.at(-1)).toBe(`${p.salesRate.toFixed(2)} |`);
    }
  });

  it('draws the touches-by-phase chart on a terminal', async () => {
    const r = await demo('--format', 'table');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Touches per account and 30 days by contract phase, last 365 days (100% = month 1:');
    expect(r.stdout).toMatch(/renewal risk\s+\d+ of \d+ renewals within 90 days/);
    expect(r.stdout).toContain('Within cadence, by tier and by rep');
  });
});

describe('plan contact: usage, exit codes and documentation', () => {
  it.each([
    [['--flag', 'stale'], 2, '--flag takes renewal-risk, post-sale-silence, overdue, service-only'],
    [['--rep', 'R99'], 2, '--rep R99: no account in'],
    [['--top', '0'], 2, '--top'],
    [['--as-of', '27.11.2026'], 2, '--as-of takes a date'],
  ])('%j exits %i', async (args, code, message) => {
    const r = await runCli(['contact', '--data', FIXTURE, '--as-of', AS_OF, ...args]);
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(message);
  });

  it('needs customers.csv and contacts.csv (66), and stops on bad touches (65)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'customers.csv'), readFileSync(join(FIXTURE, 'customers.csv')));
    const missing = await runCli(['contact', '--data', dir, '--as-of', AS_OF]);
    expect(missing.code).toBe(66);
    expect(missing.stderr).toContain('contacts.csv');
    writeFileSync(join(dir, 'contacts.csv'), 'customer_id,date,type\nK01,2028-02-30,call\nK01,,visit\n');
    const bad = await runCli(['contact', '--data', dir, '--as-of', AS_OF]);
    expect(bad.code).toBe(65);
    expect(bad.stderr).toContain('contacts.csv:2');
    expect(bad.stderr).toContain('contacts.csv:3');
    expect(bad.stdout).toBe('');
  });

  it('keeps a good earlier --out file when a run fails', async () => {
    const dir = tempDir();
    const out = join(dir, 'contact.csv');
    expect((await runCli(['contact', '--data', FIXTURE, '--as-of', AS_OF, '--out', out])).code).toBe(0);
    const good = readFileSync(out, 'utf8');
    expect(good.startsWith('group,key,accounts,judged,within_cadence,within_share')).toBe(true);
    expect((await runCli(['contact', '--data', FIXTURE, '--as-of', AS_OF, '--strict', '--out', out])).code).toBe(65);
    expect(readFileSync(out, 'utf8')).toBe(good);
  });

  it('states every flag rule in --help', async () => {
    const r = await runCli(['contact', '--help']);
    expect(r.code).toBe(0);
    for (const rule of [
      'overdue            days since the last touch of any kind > cadence',
      'post-sale-silence  a customer whose first postSaleDays (default 60) days',
      'renewal-risk       contract_end 0-90 days after as-of, and overdue',
      'service-only       touches in the last 365 days, none of them sales',
    ])
      expect(r.stdout).toContain(rule);
  });

  it('runs every --help example, and docs/contact.md shows the same examples', async () => {
    const docs = readFileSync('docs/contact.md', 'utf8');
    const block = /### Examples\n\n```\n([\s\S]*?)```/.exec(docs)?.[1] ?? '';
    expect(block.trim().split('\n')).toEqual(contactCommand.examples.map((e) => `$ ${e}`));
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    for (const example of contactCommand.examples) {
      const args = argv(example)
        .slice(1)
        .map((a) => (a.endsWith('.json') ? join(dir, a) : a));
      const r = await runCli([...args, '--as-of', DEMO_AS_OF]);
      expect(r.code, example).toBe(0);
    }
  });
});

describe('plan contact --accounts on an 80-column terminal', () => {
  it('shows every flag of an account: a cell of three takes more lines rather than being cut', async () => {
    const r = await runCli(['contact', '--data', DEMO, '--as-of', DEMO_AS_OF, '--accounts', '--top', '3'], { tty: true, columns: 80 });
    expect(r.code, r.stderr).toBe(0);
    const lines = screenLines(r.stdout);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
    // The demo's most urgent account, C000037, carries three flags (CSV: "renewal-risk post-sale-silence overdue").
    const first = lines.findIndex((l) => l.includes('C000037'));
    const flagsAt = lines.find((l) => l.startsWith('rank'))?.indexOf('flags') ?? -1;
    const cell = lines
      .slice(first, first + 3)
      .map((l) => l.slice(flagsAt).trim())
      .join(' ');
    expect(cell).toBe('renewal-risk post-sale-silence overdue');
    expect(r.stdout).not.toContain('renewal-risk…');
  });
});
