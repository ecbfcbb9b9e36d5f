/**
 * The report page as a sales manager reads it: a first screen of at most
 * HEADLINES figures in plain words, each with what to do; sections that open
 * with a summary in words, one measure per chart, top-N tables whose full
 * CSV is beside the page; no internal references; an honest state for an
 * empty data set. Checked in the HTML and, with chromium, as a browser lays
 * it out at 1280 px and prints it on A4: no word broken inside, and at most
 * one A4 page per section plus the first screen (the demo takes 5).
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SectionOutcome } from '../../src/report/build.js';
import { buildReport } from '../../src/report/build.js';
import { HEADLINES, type Headline, SECTIONS, type SectionRun } from '../../src/report/sections.js';
import { CHROMIUM, layoutOf, printedPages, screenshot } from '../helpers/browser.js';
import { DEMO, DEMO_AS_OF, runCli, tempDir } from '../helpers/cli.js';

if (!CHROMIUM) process.stderr.write('report page: chromium not found: skipping the layout and print tests (apt-get install chromium)\n');

async function report(data: string): Promise<{ out: string; html: string; stdout: string }> {
  const out = join(tempDir(), 'report');
  const r = await runCli(['report', '--as-of', DEMO_AS_OF, '--data', data, '--out-dir', out]);
  expect(r.code, r.stderr).toBe(0);
  return { out, html: readFileSync(join(out, 'report.html'), 'utf8'), stdout: r.stdout };
}

/** The first screen: from the page title to the first section. */
const firstScreen = (html: string) => html.slice(html.indexOf('<section id="summary">'), html.indexOf('<section class="part"'));
const text = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
/** Each section's html by name. */
const sectionsOf = (html: string) =>
  Object.fromEntries(
    html
      .split('<section class="part" id="')
      .slice(1)
      .map((s) => [s.slice(0, s.indexOf('"')), s]),
  );

describe('the report page on the demo', () => {
  const demo = report(DEMO);

  it(`opens with at most ${HEADLINES} figures, each in words with what to do, and no option syntax`, async () => {
    const first = firstScreen((await demo).html);
    const tiles = first.split('<div class="headline">').slice(1);
    // Every section has data in the demo and leads with at least one figure with an action: the cap is what stops at 6.
    expect(tiles).toHaveLength(6);
    for (const tile of tiles) {
      expect(tile).toMatch(/<div class="value">[^<]+<\/div><div class="label">[a-z][^<]{10,}<\/div><div class="action">[A-Z][^<]{10,}/);
    }
    // No CLI syntax or jargon: no --flag, no channel:channel=share, no metric names.
    expect(text(first)).not.toMatch(/--\w|\w+:\w+=|renewal-risk|post-sale-silence|headroom|penetration/);
    // The figures, as the commands compute them on the demo (test/cli/report.test.ts checks the metrics).
    expect(text(first)).toContain('1,652 of 2,869 accounts are overdue for a contact');
    expect(text(first)).toContain('180 of 309 contracts ending within 90 days belong to overdue accounts');
    expect(text(first)).toContain('Moving 30% of field orders to phone would save');
    expect(text(first)).toContain("1,491 of 1,825 calls due in 2026-W49 do not fit the reps' planned time");
  });

  it("words the time section's gain as plan time prints it: a whole percent, hours to one decimal", async () => {
    const time = text(sectionsOf((await demo).html).time ?? '');
    // The demo: 444.5 of 3,815.5 h selling; order entry 223.0 h and invoicing 163.75 h reassigned free 386.75 h:
    // (444.5 + 386.75) / 444.5 - 1 = 87.0%, printed by plan time as +87%.
    expect(time).toContain('The reps logged 3,815.5 hours; 11.6% of them direct selling.');
    expect(time).toContain('Handing order entry and invoicing to others frees 386.8 hours for selling, 87% more selling time.');
  });

  it('has no internal references anywhere', async () => {
    const { html, out } = await demo;
    for (const file of [html, readFileSync(join(out, 'report.json'), 'utf8')])
      expect(file).not.toMatch(/DOMAIN\.md|SPEC\.md|BAD_INPUTS|idea \d/);
  });

  it('opens each section with a summary in words before its chart and table', async () => {
    const sections = sectionsOf((await demo).html);
    expect(Object.keys(sections)).toEqual(SECTIONS.map((s) => s.name));
    for (const [name, s] of Object.entries(sections)) {
      const summary = s.indexOf('<p class="summary">');
      expect(summary, name).toBeGreaterThan(0);
      expect(summary, name).toBeLessThan(s.indexOf('<table'));
      expect(s.indexOf('<svg') === -1 || summary < s.indexOf('<svg'), name).toBe(true);
      const words = text(/<p class="summary">([^<]*)<\/p>/.exec(s)?.[1] ?? '');
      expect(words.split(/\s+/).length, name).toBeGreaterThan(15);
    }
  });

  it('draws one measure per chart: headroom share alone, without penetration', async () => {
    const { segment, cost } = sectionsOf((await demo).html);
    expect(segment?.match(/<svg /g)).toHaveLength(1);
    expect(segment).not.toMatch(/penetration<\/text>|<title>penetration/);
    expect(segment).not.toContain('class="legend"');
    // A chart of one measure has no legend: the title names it.
    expect(cost?.match(/<svg [\s\S]*?<\/svg>/)?.[0]).not.toMatch(/<rect x="\d+" y="4" width="10" height="10"/);
  });

  it('shows wide tables as their top rows and links the whole table, a CSV in the folder', async () => {
    const { html, out } = await demo;
    const files = readdirSync(out);
    const links = [...html.matchAll(/href="([^"#][^"]*)"/g)].map((m) => m[1] as string);
    expect(links.length).toBeGreaterThanOrEqual(5);
    for (const link of links) expect(files, link).toContain(link);
    // The segment table: 10 of 82 rows on the page, all 82 in segment.csv.
    const { segment, schedule } = sectionsOf(html);
    expect(segment?.match(/<tr>/g)).toHaveLength(11);
    expect(segment).toContain('The first 10 of 82 rows; all of them, with every column, in <a href="segment.csv">segment.csv</a>.');
    expect(readFileSync(join(out, 'segment.csv'), 'utf8').trim().split('\n')).toHaveLength(83);
    // Every slot of the week (562, as the section's summary counts them) is in schedule.csv, linked though not on the page.
    expect(schedule).toContain('12 reps have 562 call slots in 2026-W49');
    expect(schedule).toContain('Also in this folder: <a href="schedule.csv">schedule.csv</a> (562 rows).');
    expect(readFileSync(join(out, 'schedule.csv'), 'utf8').trim().split('\n')).toHaveLength(563);
  });

  it.skipIf(!CHROMIUM)('at 1280 px: no word broken inside, no sideways scroll; a screenshot is taken', async () => {
    const { html, out } = await demo;
    const screen = layoutOf(html, { width: 1280 });
    expect(screen.broken).toEqual([]);
    expect(screen.overflow).toBe(false);
    const png = screenshot(join(out, 'report.html'), 1280, 900);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    expect(statSync(png).size).toBeGreaterThan(20_000);
  });

  it.skipIf(!CHROMIUM)(`printed on A4: no word broken inside, at most ${SECTIONS.length + 1} pages`, async () => {
    const { html, out } = await demo;
    const print = layoutOf(html, { width: 718, print: true });
    expect(print.broken).toEqual([]);
    const pages = printedPages(join(out, 'report.html'));
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pages).toBeLessThanOrEqual(SECTIONS.length + 1);
  });
});

describe('an empty data set', () => {
  // Every demo file with its header and no records.
  const dir = tempDir();
  for (const file of readdirSync(DEMO).filter((f) => f.endsWith('.csv')))
    writeFileSync(join(dir, file), `${readFileSync(join(DEMO, file), 'utf8').split('\n')[0]}\n`);
  const empty = report(dir);

  it('says there is nothing to judge and what to provide, with no figures and no "0 of 0"', async () => {
    const { html } = await empty;
    const first = text(firstScreen(html));
    expect(first).toContain('There is nothing to judge in this data yet');
    expect(first).toMatch(/customers\.csv has no accounts\. Export the customer list/);
    expect(first).toMatch(/orders\.csv has no orders in the last 12 months/);
    expect(first).toMatch(/activities\.csv logs no hours/);
    expect(html).not.toContain('<div class="headline">');
    expect(text(html)).not.toMatch(/\b0 of 0\b|€0\.00|0\.0%/);
    // The sections would each repeat their line: the page is the list of what to provide.
    expect(html).not.toContain('<section class="part"');
    expect(html).not.toContain('<table');
  });

  it('marks every section empty, with the reason, in report.json and the summary', async () => {
    const { out, stdout } = await empty;
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(json.sections.map((s: { status: string }) => s.status)).toEqual(SECTIONS.map(() => 'empty'));
    expect(json.sections[0].reason).toBe('customers.csv has no accounts. Export the customer list with industry, region and size.');
    expect(stdout).not.toMatch(/,ok,/);
    expect(stdout).toContain('nothing to judge');
  });

  it.skipIf(!CHROMIUM)('prints on one page without a broken word', async () => {
    const { html, out } = await empty;
    expect(layoutOf(html, { width: 718, print: true }).broken).toEqual([]);
    expect(printedPages(join(out, 'report.html'))).toBe(1);
  });
});

describe('the first screen from the sections’ headlines', () => {
  const FORMAT = { currency: 'EUR', locale: 'en-GB', color: false, excel: false, formulaEscape: true };
  const outcome = (name: string, headline: Headline[], empty?: string): SectionOutcome => {
    const run: SectionRun = {
      document: { title: name, figures: [], tables: [], charts: [], notes: [], data: null },
      headline,
      metrics: {},
      charts: [],
      summary: `${name} in words.`,
      empty,
      tables: [],
      topN: 10,
    };
    return { section: { name, title: name }, run };
  };
  const page = (outcomes: SectionOutcome[]) =>
    firstScreen(
      buildReport(outcomes, { asOf: '2026-11-27', dataDir: 'd', version: '0', format: FORMAT, problems: [] }).files()[
        'report.html'
      ] as string,
    );
  const figure = (label: string, priority?: 1 | 2 | 3, action: string | null = 'Do it.'): Headline => ({
    label,
    value: 1,
    type: 'int',
    priority,
    action: action ?? undefined,
  });
  const labels = (html: string) => [...html.matchAll(/<div class="label">([^<]*)</g)].map((m) => m[1]);

  it('keeps the most important six, in page order; figures without an action and empty sections stay off', () => {
    const html = page([
      outcome('a', [figure('a1', 1), figure('a2', 3), figure('a3', 1, null)]),
      outcome('b', [figure('b1', 2), figure('b2')]),
      outcome('c', [figure('c1', 1)], 'nothing here'),
      outcome('d', [figure('d1', 1), figure('d2', 2), figure('d3', 1)]),
    ]);
    // Priority 1: a1, d1, d3; then priority 2 in page order: b1, b2, d2; a2 (priority 3) does not fit.
    expect(labels(html)).toEqual(['a1', 'b1', 'b2', 'd1', 'd2', 'd3']);
  });

  it('without any figure to show, says nothing needs attention yet rather than showing blank tiles', () => {
    const html = page([outcome('a', [], 'give a.csv'), outcome('b', [], 'give b.csv')]);
    expect(html).toContain('There is nothing to judge in this data yet');
    expect(html).toContain('<li>a: give a.csv</li>');
  });
});
