/**
 * The printable call lists: escaped, self-contained, and one A4 page per rep
 * and week when a real browser prints them (Debian's chromium, headless, to
 * PDF). Without chromium the browser tests are skipped with a message; .ci/run
 * installs it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/render/html.js';
import { fontFor, renderPrintHtml } from '../../src/render/html-schedule.js';
import { CHROMIUM, printedPages, renderedDom } from '../helpers/browser.js';
import { runCli, tempDir } from '../helpers/cli.js';

if (!CHROMIUM)
  process.stderr.write(
    'schedule-html: chromium not found: skipping the print-to-PDF tests (apt-get install chromium; .ci/run installs it)\n',
  );

async function html(args: string[]): Promise<string> {
  const r = await runCli(['schedule', '--format', 'html', '--quiet', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

const fixture = (...args: string[]) => html(['--data', 'fixtures/schedule', '--as-of', '2027-03-05', ...args]);

/**
 * Prints `page` to PDF with headless chromium and counts its pages; also
 * returns what the page's fit script found once laid out: every page's
 * content within its sheet ("ok"), and the zoom it took.
 */
function printed(page: string): { pages: number; fit: string[]; zoom: number[] } {
  const file = join(tempDir('plan-html-'), 'calls.html');
  writeFileSync(file, page);
  const dom = renderedDom(file);
  return {
    pages: printedPages(file),
    fit: [...dom.matchAll(/data-fit="([a-z]+)"/g)].map((m) => m[1] as string),
    zoom: [...dom.matchAll(/data-zoom="([0-9.]+)"/g)].map((m) => Number(m[1])),
  };
}

describe('printable call lists', () => {
  it('escapes every value from input', async () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const page = await fixture();
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Söhne');
    expect(page).not.toContain('<script>alert');
    // The one script is ours, allowed by its hash in the Content-Security-Policy.
    expect(page.match(/<script>/g)).toHaveLength(1);
    const hash = /script-src 'sha256-([A-Za-z0-9+/=]+)'/.exec(page)?.[1];
    const script = /<script>([\s\S]*?)<\/script>/.exec(page)?.[1] as string;
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(script).digest('base64')).toBe(hash);
  });

  it('needs no network: nothing is loaded from elsewhere, and the policy forbids it', async () => {
    const page = await fixture();
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
    expect(page).not.toMatch(/\b(?:src|href)=/i);
    expect(page).not.toMatch(/https?:\/\//);
    expect(page).not.toMatch(/@import|url\(/);
  });

  it('has one A4 page per rep and week, each breaking onto its own sheet', async () => {
    const page = await fixture();
    expect(page.match(/<section class="page">/g)).toHaveLength(3);
    expect(page).toContain('@page { size: A4 portrait; margin: 0; }');
    expect(page).toContain('break-after: page');
    expect(page).toContain('<h1>F1 · Fiona Field</h1>');
    expect(page).toContain('16 slots: 9 planned, 7 free · 4 working days x 4 calls · planned share 60%');
    expect(page).toContain('No accounts owned: every slot is free.');
    expect((await fixture('--weeks', '2')).match(/<section class="page">/g)).toHaveLength(6);
  });

  it.each([
    [10, 9.5],
    [40, 9.5],
    [69, 6],
    [200, 5.5],
  ])('chooses a font for %i rows: %f pt', (rows, pt) => {
    expect(fontFor(rows)).toBe(pt);
  });

  it('renders an empty schedule as one page saying so', () => {
    const page = renderPrintHtml({ title: 'Call lists 2027-W10', lang: 'en', footer: '', pages: [] });
    expect(page.match(/<section class="page">/g)).toHaveLength(1);
    expect(page).toContain('No rep to plan.');
  });
});

describe.skipIf(!CHROMIUM)('printed by headless chromium to PDF', () => {
  it('prints the fixture on one page per rep (3), and two weeks on 6, nothing cut off', async () => {
    const one = printed(await fixture());
    expect(one.pages).toBe(3);
    expect(one.fit).toEqual(['ok', 'ok', 'ok']);
    expect(one.zoom).toEqual([1, 1, 1]);
    const two = printed(await fixture('--weeks', '2'));
    expect(two.pages).toBe(6);
    expect(two.fit).toEqual(Array(6).fill('ok'));
  });

  it('prints the demo week on one page per rep (12), inside reps with 50-70 calls included', async () => {
    const demo = printed(await html(['--data', 'fixtures/demo', '--as-of', '2026-11-27', '--week', '2026-W49']));
    expect(demo.pages).toBe(12);
    expect(demo.fit).toEqual(Array(12).fill('ok'));
  });

  it('keeps a rep with 200 planned calls on one page', async () => {
    const dir = tempDir();
    const rows = Array.from(
      { length: 250 },
      (_, i) =>
        `K${String(i).padStart(3, '0')},"Company number ${i} with a rather long name GmbH & Co. KG",R1,+49 30 ${1000 + i},East,${10_000 + i * 7}`,
    );
    writeFileSync(join(dir, 'customers.csv'), `id,name,owner,phone,region,postcode\n${rows.join('\n')}\n`);
    writeFileSync(join(dir, 'reps.csv'), 'id,name,role,calls_per_day,planned_share\nR1,Busy Inside,inside,40,1\n');
    const page = await html(['--data', dir, '--as-of', '2027-03-05']);
    expect(page.match(/<tr><td class="nw">/g)).toHaveLength(200);
    const busy = printed(page);
    expect(busy.pages).toBe(1);
    expect(busy.fit).toEqual(['ok']);
    expect(busy.zoom[0]).toBeLessThan(1);
  });
});
