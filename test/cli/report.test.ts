import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportJsonSchema } from '../../src/report/schema.js';
import { CHROMIUM, renderedDom } from '../helpers/browser.js';
import { DEMO, DEMO_AS_OF, runCli, screenLines, tempDir } from '../helpers/cli.js';
import { demoCopy, rewriteCsv } from '../helpers/data.js';

const report = (args: string[], opts = {}) => runCli(['report', '--as-of', DEMO_AS_OF, ...args], opts);

describe('plan report on the demo', () => {
  const out = join(tempDir(), 'report');
  const run = report(['--data', DEMO, '--out-dir', out]);

  it('writes report.html, report.json and one CSV per analysis', async () => {
    const r = await run;
    expect(r.code).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toEqual([
      '.plan-report.json',
      'contact.csv',
      'cost.csv',
      'focus.csv',
      'products.csv',
      'report.html',
      'report.json',
      'schedule-reps.csv',
      'schedule.csv',
      'segment.csv',
      'time-classes.csv',
      'time.csv',
    ]);
    expect(readFileSync(join(out, 'segment.csv'), 'utf8').split('\n')[0]).toMatch(/^rank,segment,/);
  });

  it("report.json validates against its schema and carries every section's figures", async () => {
    await run;
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const parsed = reportJsonSchema.parse(json);
    const segment = parsed.sections.find((s) => s.name === 'segment');
    expect(segment?.status).toBe('ok');
    expect((segment as { data: { segments: { segment: string }[] } }).data.segments[0]?.segment).toBe('Healthcare / South / large');
    expect(parsed.metrics['selling-share']?.share).toBeCloseTo(0.1165, 3);
    expect(parsed.sections.map((s) => [s.name, s.status])).toEqual([
      ['segment', 'ok'],
      ['products', 'ok'],
      ['cost', 'ok'],
      ['contact', 'ok'],
      ['focus', 'ok'],
      ['schedule', 'ok'],
      ['time', 'ok'],
    ]);
    // The key figures of each analysis, as the commands compute them on the demo. Demo pattern 5 (the rep who
    // chases easy orders, R10) moved 726 of R10's sales touches to its easy customers: of R10's accounts, 40 more
    // and 16 fewer are overdue (1628 -> 1652), 1 more and 3 fewer at renewal risk (182 -> 180), hence 16 more due
    // calls that do not fit (1475 of 1809 -> 1491 of 1825); no other rep's account changed.
    // Shares to 6 decimals, as the sections write them: 1652 / 2869 = 0.5758103..., 1 / 13 = 0.0769230...
    expect(parsed.metrics.overdue).toEqual({ count: 1652, of: 2869, share: 0.57581 });
    expect(parsed.metrics['chasing-easy-orders']).toEqual({ count: 1, of: 13, share: 0.076923 });
    expect(parsed.metrics['renewal-risk']?.count).toBe(180);
    expect(parsed.metrics['unplanned-due']).toMatchObject({ count: 1491, of: 1825 });
  });

  it('is byte-identical for the same inputs', async () => {
    await run;
    const again = join(tempDir(), 'again');
    expect((await report(['--data', DEMO, '--out-dir', again])).code).toBe(0);
    for (const file of readdirSync(out)) expect(readFileSync(join(again, file), 'utf8'), file).toBe(readFileSync(join(out, file), 'utf8'));
  });

  it.skipIf(!CHROMIUM)('renders in a real browser with its charts', async () => {
    await run;
    const dom = renderedDom(join(out, 'report.html'));
    expect(dom).toContain('What needs attention');
    expect((dom.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(2);
    expect(dom).toMatch(/Share of the potential not yet won, top 10 segments/);
    expect(dom).not.toMatch(/<(script|link|img)\b/);
  });
});

describe('plan report safety', () => {
  it('shows a hostile account name as text in HTML and neutralises it in CSV', async () => {
    const out = join(tempDir(), 'r');
    const r = await report(['--data', 'fixtures/report-hostile', '--out-dir', out]);
    expect(r.code).toBe(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toContain("<script>alert('x')</script>");
    expect(html).toContain('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;');
    expect(html).toContain('=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;)');
    const csv = readFileSync(join(out, 'contact.csv'), 'utf8');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv).toContain("<script>alert('x')</script>");
    if (CHROMIUM) {
      const dom = renderedDom(join(out, 'report.html'));
      expect(dom).not.toMatch(/<script/);
      expect(dom).toContain("&lt;script&gt;alert('x')&lt;/script&gt;");
    }
  });

  it('missing customers.csv: exit 66 before anything is written', async () => {
    const out = join(tempDir(), 'r');
    const empty = tempDir();
    const r = await report(['--data', empty, '--out-dir', out]);
    expect(r.code).toBe(66);
    expect(r.stderr).toContain('plan report needs customers.csv');
    expect(existsSync(out)).toBe(false);
  });

  it('skips a section whose optional input is missing, with a note in the page and on stderr', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'customers.csv'), readFileSync('fixtures/segment/customers.csv'));
    const out = join(tempDir(), 'r');
    const r = await report(['--data', dir, '--out-dir', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/segment skipped: needs market\.csv, not in the data folder/);
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(json.sections.find((s: { name: string }) => s.name === 'segment')).toMatchObject({
      status: 'skipped',
      reason: 'needs market.csv, not in the data folder',
    });
    // No section has its inputs here: the page says what each needs.
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain(
      '<li>Where the potential is: segments by the market not yet won: needs market.csv, not in the data folder</li>',
    );
  });

  it('a failing run leaves the previous report folder whole', async () => {
    const out = join(tempDir(), 'r');
    expect((await report(['--data', DEMO, '--out-dir', out])).code).toBe(0);
    const before = Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]));
    const bad = tempDir();
    writeFileSync(join(bad, 'customers.csv'), 'id,name,employees\nC1,A,many\n');
    writeFileSync(join(bad, 'market.csv'), 'industry,spend_per_firm\n*,1\n');
    expect((await report(['--data', bad, '--out-dir', out])).code).toBe(65);
    expect(Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]))).toEqual(before);
    expect(readdirSync(join(out, '..')).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('puts back a previous report left aside by a run killed between its two renames', async () => {
    const parent = tempDir();
    const out = join(parent, 'r');
    mkdirSync(join(parent, '.r.plan-4242-abcd1234.old'));
    writeFileSync(join(parent, '.r.plan-4242-abcd1234.old', 'report.json'), '{"yesterday":true}\n');
    writeFileSync(join(parent, '.r.plan-4242-abcd1234.old', '.plan-report.json'), '{"generator":"plan 0.1.0","files":["report.json"]}\n');
    const bad = tempDir();
    writeFileSync(join(bad, 'customers.csv'), 'id,name,employees\nC1,A,many\n');
    writeFileSync(join(bad, 'market.csv'), 'industry,spend_per_firm\n*,1\n');
    const r = await report(['--data', bad, '--out-dir', out]);
    expect(r.code).toBe(65);
    expect(r.stderr).toContain('restored the previous report from .r.plan-4242-abcd1234.old (W_REPORT_RESTORED)');
    expect(readFileSync(join(out, 'report.json'), 'utf8')).toBe('{"yesterday":true}\n');
    expect(readdirSync(parent)).toEqual(['r']);
  });

  it('a run killed midway leaves the previous report folder whole', async () => {
    const out = join(tempDir(), 'r');
    expect((await report(['--data', DEMO, '--out-dir', out])).code).toBe(0);
    const before = readFileSync(join(out, 'report.json'), 'utf8');
    const child = spawn('node', ['bin/plan.js', 'report', '--data', DEMO, '--out-dir', out, '--as-of', '2026-11-20'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, 400));
    child.kill('SIGKILL');
    await exited;
    const left = readdirSync(join(out, '..'));
    expect(existsSync(join(out, 'report.json')), `report folder after the kill: ${left.join(', ')}`).toBe(true);
    expect(readFileSync(join(out, 'report.json'), 'utf8')).toBe(before);
  });
});

describe('problems', () => {
  // 26 customers one field short, 30 touches one empty field long: more of each kind than are shown (10).
  const dir = demoCopy();
  rewriteCsv(dir, 'customers.csv', (records) => records.map((r, i) => (i > 0 && i % 7 === 0 && i <= 7 * 26 ? r.slice(0, -1) : r)));
  rewriteCsv(dir, 'contacts.csv', (records) => records.map((r, i) => (i >= 100 && i < 130 ? [...r, ''] : r)));
  const out = join(tempDir(), 'r');
  const run = report(['--data', dir, '--out-dir', out]);

  it('are counted in report.json as plan validate counts them, not as many as were shown', async () => {
    expect((await run).code).toBe(0);
    const counts = (problems: { file: string; code: string; count: number }[]) =>
      Object.fromEntries(problems.filter((p) => p.code.startsWith('W_FIELDS')).map((p) => [`${p.file} ${p.code}`, p.count]));
    const inReport = counts(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).problems);
    expect(inReport).toEqual({ [`${dir}/customers.csv W_FIELDS_SHORT`]: 26, [`${dir}/contacts.csv W_FIELDS_EXTRA`]: 30 });
    const validate = await runCli(['validate', '--data', dir, '--format', 'json', '--as-of', DEMO_AS_OF]);
    expect(counts(JSON.parse(validate.stdout).problemCounts)).toEqual(inReport);
  });

  it('are printed once each, with the count of those not shown', async () => {
    const lines = (await run).stderr.trim().split('\n');
    expect(lines.filter((l, i) => lines.indexOf(l) !== i)).toEqual([]);
    expect(lines.filter((l) => l.includes('(W_FIELDS_SHORT)'))).toHaveLength(10);
    expect(lines).toContain(`plan: warning: ${dir}/customers.csv: ... and 16 more W_FIELDS_SHORT (the first 10 are shown)`);
    expect(lines).toContain(`plan: warning: ${dir}/contacts.csv: ... and 20 more W_FIELDS_EXTRA (the first 10 are shown)`);
  });
});

describe('the summary on a terminal', () => {
  it('keeps why a section was skipped whole at 80 columns: the cell wraps, every line fits', async () => {
    const data = tempDir();
    for (const f of ['customers.csv', 'orders.csv', 'reps.csv', 'activities.csv', 'plan.config.json'])
      writeFileSync(join(data, f), readFileSync(join(DEMO, f)));
    const r = await report(['--data', data, '--out-dir', join(tempDir(), 'r'), '--quiet'], { tty: true, columns: 80 });
    expect(r.code, r.stderr).toBe(0);
    const lines = screenLines(r.stdout);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
    // The status column's lines of one row read as the whole reason once joined.
    const text = lines.join(' ').replace(/\s+/g, ' ');
    expect(text).toContain('focus skipped: needs market.csv and contacts.csv, not in the data folder');
    expect(text).not.toContain('…');
  });

  it('is a table with --out DIR as with --out-dir (--out names the folder, not a CSV file)', async () => {
    const data = tempDir();
    for (const f of ['customers.csv', 'plan.config.json']) writeFileSync(join(data, f), readFileSync(join(DEMO, f)));
    const r = await report(['--data', data, '--out', join(tempDir(), 'r'), '--quiet'], { tty: true, columns: 80 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Report written to ');
    expect(r.stdout).not.toContain('section,status,file');
  });
});

describe('progress', () => {
  it('goes to stderr on a terminal, and not when piped or with --quiet', async () => {
    const tty = await report(['--data', DEMO, '--out-dir', join(tempDir(), 'r')], { tty: true });
    expect(tty.stderr).toMatch(/plan report: segment done \(\d+\.\d s\)\n[\s\S]*plan report: time done/);
    expect(tty.stdout).not.toContain('plan report:');
    // Where the report went: said once, by the summary on a terminal; on standard error when piped.
    expect(tty.stdout).toContain('Report written to ');
    expect(tty.stderr).not.toContain('report written to');
    const piped = await report(['--data', DEMO, '--out-dir', join(tempDir(), 'r')]);
    expect(piped.stderr).not.toContain('done (');
    expect(piped.stderr).toContain('plan: report written to ');
    const quiet = await report(['--data', DEMO, '--out-dir', join(tempDir(), 'r'), '--quiet'], { tty: true });
    expect(quiet.stderr).toBe('');
  });
});

describe('--fail-on', () => {
  it('exits 3 after writing everything and names each breached threshold', async () => {
    const out = join(tempDir(), 'r');
    const r = await report([
      '--data',
      DEMO,
      '--out-dir',
      out,
      '--fail-on',
      'selling-share<20%',
      '--fail-on',
      'unmatched>0',
      '--fail-on',
      'selling-share>50%',
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('plan: threshold breached: selling-share<20% (selling-share is 11.65% (444.5 of 3,815.5))');
    expect(r.stderr).not.toContain('unmatched>0');
    expect(r.stderr).not.toContain('selling-share>50%');
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(json.thresholds).toEqual([
      { expression: 'selling-share<20%', breached: true, value: 11.65 },
      { expression: 'unmatched>0', breached: false, value: 0 },
      { expression: 'selling-share>50%', breached: false, value: 11.65 },
    ]);
  });

  it('focus metrics on fixtures/focus (hand-worked in its README): alignment, flagged reps, easy revenue, revenue lost', async () => {
    const focusReport = (out: string, thresholds: string[]) =>
      runCli([
        'report',
        '--data',
        'fixtures/focus',
        '--as-of',
        '2026-06-30',
        '--out-dir',
        out,
        ...thresholds.flatMap((t) => ['--fail-on', t]),
      ]);
    const out = join(tempDir(), 'r');
    const r = await focusReport(out, ['alignment<0.8', 'chasing-easy-orders>=50%', 'easy-revenue>40%', 'revenue-lost>5%']);
    expect(r.code).toBe(3);
    // Team alignment 0.437774; R1 of R1, R2 flagged; easy revenue 35,500 / 99,250.90 = 35.77%; lost 4,000 / 74,500 = 5.37%.
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(json.thresholds).toEqual([
      { expression: 'alignment<0.8', breached: true, value: 0.437774 },
      { expression: 'chasing-easy-orders>=50%', breached: true, value: 50 },
      { expression: 'easy-revenue>40%', breached: false, value: 35.77 },
      { expression: 'revenue-lost>5%', breached: true, value: 5.37 },
    ]);
    expect(r.stderr).toContain('plan: threshold breached: revenue-lost>5% (revenue-lost is 5.37% (4,000 of 74,500))');
    expect(existsSync(join(out, 'focus.csv'))).toBe(true);
    expect((await focusReport(join(tempDir(), 'r'), ['alignment<0.4'])).code).toBe(0);
    // A count is compared as it is, not rounded to 0.44 first: 0.437774 is below 0.44.
    const below = await focusReport(join(tempDir(), 'r'), ['alignment<0.44']);
    expect(below.code).toBe(3);
    expect(below.stderr).toContain('plan: threshold breached: alignment<0.44 (alignment is 0.437774)');
  });

  it.each([
    ['overdue>>10%', /--fail-on takes METRIC>VALUE/],
    ['overdeu>10%', /unknown metric "overdeu" \(did you mean "overdue"\?\)/],
  ])('%s is a usage error before anything runs', async (expression, message) => {
    const out = join(tempDir(), 'r');
    const r = await report(['--data', DEMO, '--out-dir', out, '--fail-on', expression]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });
});

describe('schema document', () => {
  it('docs/report.schema.json is generated from the zod schema and up to date', async () => {
    const { z } = await import('zod');
    const expected = `${JSON.stringify(z.toJSONSchema(reportJsonSchema), null, 2)}\n`;
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync('docs', { recursive: true });
      writeFileSync('docs/report.schema.json', expected);
    }
    expect(readFileSync('docs/report.schema.json', 'utf8')).toBe(expected);
  });
});
