/**
 * The printable call lists: escaped, self-contained, legible at any number
 * of calls. Checked as a browser lays them out and prints them (Debian's
 * chromium, headless): on screen at 1280 px and printed on A4, no word is
 * broken inside and no text is smaller than 9 pt; a long week continues on
 * more sheets (page count bounded), never shrinks. Without chromium the
 * browser tests are skipped with a message; .ci/run installs it.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/render/html.js';
import { MIN_PT, renderPrintHtml } from '../../src/render/html-schedule.js';
import { CHROMIUM, layoutOf, printedPages, screenshot } from '../helpers/browser.js';
import { runCli, tempDir } from '../helpers/cli.js';

if (!CHROMIUM)
  process.stderr.write(
    'schedule-html: chromium not found: skipping the browser and print-to-PDF tests (apt-get install chromium; .ci/run installs it)\n',
  );

async function html(args: string[]): Promise<string> {
  const r = await runCli(['schedule', '--format', 'html', '--quiet', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

const fixture = (...args: string[]) => html(['--data', 'fixtures/schedule', '--as-of', '2027-03-06', ...args]);
const demoWeek = () => html(['--data', 'fixtures/demo', '--as-of', '2026-11-27', '--week', '2026-W49']);

function saved(page: string): string {
  const file = join(tempDir('plan-html-'), 'calls.html');
  writeFileSync(file, page);
  return file;
}

/** A rep with `calls` planned calls in a week (one inside rep, 100% planned). */
function busyRep(calls: number): string {
  const dir = tempDir();
  const rows = Array.from(
    { length: calls + 50 },
    (_, i) =>
      `K${String(i).padStart(3, '0')},"Müller Antriebstechnik ${i} GmbH & Co. KG",R1,+49 30 ${1000 + i},East,${10_000 + i * 7},Lindenallee ${i + 1},Berlin,Petra Kowalski-Schmidt`,
  );
  writeFileSync(join(dir, 'customers.csv'), `id,name,owner,phone,region,postcode,street,city,contact_name\n${rows.join('\n')}\n`);
  writeFileSync(join(dir, 'reps.csv'), `id,name,role,calls_per_day,planned_share\nR1,Busy Inside,inside,${calls / 5},1\n`);
  return dir;
}

describe('printable call lists', () => {
  it('escapes every value from input', async () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const page = await fixture();
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Söhne');
    expect(page).not.toContain('<script');
  });

  it('needs no network and runs no script: the policy forbids both', async () => {
    const page = await fixture();
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
    expect(page).toContain("script-src 'none'");
    expect(page).not.toMatch(/\b(?:src|href)=/i);
    expect(page).not.toMatch(/https?:\/\//);
    expect(page).not.toMatch(/@import|url\(/);
  });

  it('has a sheet per rep and week, then the manager summary; what did not fit is only there', async () => {
    const page = await fixture('--planned-share', '25%');
    const sheets = page.split('<section class="sheet').slice(1);
    expect(sheets).toHaveLength(4);
    expect(page).toContain('@page { size: A4 portrait;');
    expect(page).toContain('.sheet + .sheet { break-before: page;');
    expect(sheets[0]).toContain('<h1>F1 · Fiona Field</h1>');
    expect(sheets[0]).toContain('16 slots: 4 planned, 12 free · 4 working days x 4 calls · planned share 25%');
    expect(sheets[2]).toContain('No accounts owned: every slot is free.');
    // fixtures/schedule/README.md: at 25% F1's due calls A11, A04, A06 and A07 do not fit; 50% or 8 calls a day would fit them.
    for (const rep of sheets.slice(0, 3)) expect(rep).not.toMatch(/did not fit|would cover/);
    expect(sheets[3]).toMatch(/^ summary">\n<h1>For the sales manager: 2027-W10<\/h1>/);
    expect(sheets[3]).toContain('<td>a planned share of 50% or 8 calls a day at 25% planned</td>');
    expect((await fixture('--weeks', '2')).split('<section class="sheet').slice(1)).toHaveLength(7);
  });

  it('shows the address and the person to ask for when customers.csv has them', async () => {
    const page = await html(['--data', busyRep(5), '--as-of', '2027-03-06']);
    expect(page).toContain('<th class="nw">address</th>');
    expect(page).toContain('<th class="nw">contact, phone</th>');
    expect(page).toContain('<td>Lindenallee 1, 10000 Berlin</td>');
    expect(page).toContain('<td>Petra Kowalski-Schmidt<br><span class="nw">+49 30 1000</span></td>');
    // Without such columns the sheet has none.
    expect(await fixture()).not.toContain('>address</th>');
  });

  it('starts calls on the 15-minute grid: 5 visits a day at 09:00, 10:30, 12:00, ...', async () => {
    const page = await html(['--data', 'fixtures/demo', '--as-of', '2026-11-27', '--week', '2026-W49', '--rep', 'R01']);
    const starts = [...page.matchAll(/<tr><td class="nw">(\d\d:\d\d)<br><small>(?:visit|call)<\/small><\/td>/g)].map((m) => m[1] as string);
    expect(starts.length).toBeGreaterThan(0);
    for (const start of starts) expect(Number(start.slice(3)) % 15).toBe(0);
    expect(new Set(starts)).toEqual(new Set(['09:00', '10:30', '12:00']));
  });

  it('writes its counts and shares through the number formatter, in the config locale', async () => {
    const config = join(tempDir(), 'plan.config.json');
    writeFileSync(config, JSON.stringify({ locale: 'de-DE' }));
    const de = await fixture('--planned-share', '25%', '--config', config);
    // fixtures/schedule/README.md: F1 has 16 slots at 25% planned; de-DE writes a share as "25 %" (a no-break space).
    expect(de).toContain('<html lang="de-DE">');
    expect(de).toContain('16 slots: 4 planned, 12 free · 4 working days x 4 calls · planned share 25\u00a0%');
    expect(de).toContain('a planned share of 50\u00a0% or 8 calls a day at 25\u00a0% planned');
    expect(await fixture('--planned-share', '25%')).toContain('planned share 25%');
  });

  it('renders an empty schedule as one sheet saying so', () => {
    const page = renderPrintHtml({ title: 'Call lists 2027-W10', lang: 'en', footer: '', pages: [] });
    expect(page.match(/<section class="sheet">/g)).toHaveLength(1);
    expect(page).toContain('No rep to plan.');
  });
});

describe.skipIf(!CHROMIUM)('laid out and printed by headless chromium', () => {
  it('the demo week at 1280 px: no word broken, nothing under 9 pt, no sideways scroll; a screenshot is taken', async () => {
    const page = await demoWeek();
    const screen = layoutOf(page, { width: 1280 });
    expect(screen.broken).toEqual([]);
    expect(screen.minFontPx).toBeGreaterThanOrEqual((MIN_PT * 4) / 3 - 0.01);
    expect(screen.overflow).toBe(false);
    const png = screenshot(saved(page), 1280, 1600);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    expect(statSync(png).size).toBeGreaterThan(20_000);
  });

  // The demo has products.csv: many calls carry a third reason, "next best product: NAME", on a line of its own (25 pages:
  // the inside reps' 50 to 70 calls run over several).
  it('the demo week on A4: no word broken, nothing under 9 pt; 12 reps and the summary on 13 to 27 pages', async () => {
    const page = await demoWeek();
    const print = layoutOf(page, { width: 718, print: true });
    expect(print.broken).toEqual([]);
    expect(print.minFontPx).toBeGreaterThanOrEqual((MIN_PT * 4) / 3 - 0.01);
    const pages = printedPages(saved(page));
    expect(pages).toBeGreaterThanOrEqual(13);
    expect(pages).toBeLessThanOrEqual(27);
  });

  it("prints a field rep's week, 15 calls of up to three reasons, on one A4 page (the summary on a second)", async () => {
    // R01: 5 calls a day x 5 days, 60% planned = 15 calls, most with a tier, headroom and next best product line.
    const page = await html(['--data', 'fixtures/demo', '--as-of', '2026-11-27', '--week', '2026-W49', '--rep', 'R01']);
    expect(page.match(/<span class="box">/g)).toHaveLength(15);
    expect(printedPages(saved(page))).toBe(2);
    const print = layoutOf(page, { width: 718, print: true });
    expect(print.broken).toEqual([]);
  });

  it("prints a field rep's week of 18 calls, with address, contact and up to four reasons, on one A4 page", async () => {
    // R01 at 72% planned: floor(25 x 0.72) = 18 calls; the day's closing free slots are said in its heading.
    const page = await html([
      '--data',
      'fixtures/demo',
      '--as-of',
      '2026-11-27',
      '--week',
      '2026-W49',
      '--rep',
      'R01',
      '--planned-share',
      '72%',
    ]);
    expect(page.match(/<span class="box">/g)).toHaveLength(18);
    // The rep's sheet on one page, the manager's summary on the second.
    expect(printedPages(saved(page))).toBe(2);
    expect(page).toContain(
      '<tr class="day"><th colspan="7">Mon 30 Nov<span class="rest"><span class="nw">15:00–16:30</span> · 1 free slot</span></th></tr>',
    );
    const print = layoutOf(page, { width: 718, print: true });
    expect(print.broken).toEqual([]);
    expect(print.minFontPx).toBeGreaterThanOrEqual((MIN_PT * 4) / 3 - 0.01);
    expect(print.overflow).toBe(false);
  });

  it('breaks a week that runs over between days, never inside one', async () => {
    // 40 calls, 8 a day, each call three lines (name, street, contact): a day is some 380 px of the 1,050 an A4
    // page holds. Whole days: two on each page, Friday on a third, the summary on a fourth. Broken anywhere,
    // the 40 calls would take two pages.
    const page = await html(['--data', busyRep(40), '--as-of', '2027-03-06']);
    expect(page.match(/<tbody><tr class="day">/g)).toHaveLength(5);
    expect(printedPages(saved(page))).toBe(4);
  });

  it('prints the fixture on one page per rep and the summary (4), two weeks on 7', async () => {
    expect(printedPages(saved(await fixture()))).toBe(4);
    expect(printedPages(saved(await fixture('--weeks', '2')))).toBe(7);
  });

  // A call takes two or three lines (name and account, street and city, contact and phone): 15 to 40 of them a page.
  it.each([
    [20, 2, 3],
    [100, 4, 8],
    [200, 6, 15],
  ])('continues a rep with %i calls on more sheets (%i to %i with the summary) at full size', async (calls, least, most) => {
    const page = await html(['--data', busyRep(calls), '--as-of', '2027-03-06']);
    expect(page.match(/<tr><td class="nw">/g)).toHaveLength(calls);
    const pages = printedPages(saved(page));
    expect(pages).toBeGreaterThanOrEqual(least);
    expect(pages).toBeLessThanOrEqual(most);
    const print = layoutOf(page, { width: 718, print: true });
    expect(print.broken).toEqual([]);
    expect(print.minFontPx).toBeGreaterThanOrEqual((MIN_PT * 4) / 3 - 0.01);
  });
});
