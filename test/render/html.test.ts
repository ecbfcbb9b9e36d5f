/**
 * The generic HTML page (--format html) as chromium lays it out: table cells
 * wrap between words only; codes like C0/008/04 and short words never break
 * (they broke letter by letter when a wide table was squeezed).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, layoutOf } from '../helpers/browser.js';
import { DEMO, DEMO_AS_OF, runCli, tempDir } from '../helpers/cli.js';

async function page(args: string[]): Promise<string> {
  const r = await runCli([...args, '--format', 'html', '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

function awkwardData(): string {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'customers.csv'),
    'id,name,owner,industry\nC0/008/04,Müller Präzisionsmaschinenbau GmbH & Co. KG,rep,Manufacturing\nC0/008/05,Donaudampfschifffahrtsgesellschaft mbH,rep,Logistics\n',
  );
  writeFileSync(join(dir, 'contacts.csv'), 'customer_id,date,type\nC0/008/04,2026-10-01,visit\n');
  return dir;
}

describe('html tables', () => {
  it('mark codes and single short words as unbreakable, numbers too', async () => {
    const html = await page(['contact', '--data', awkwardData(), '--as-of', DEMO_AS_OF, '--accounts']);
    expect(html).toContain('<td class="nw">C0/008/04</td>');
    expect(html).toContain('<td class="nw">rep</td>');
    expect(html).toContain('<td>Müller Präzisionsmaschinenbau GmbH &amp; Co. KG</td>');
    expect(html).not.toContain('overflow-wrap: anywhere');
  });
});

describe.skipIf(!CHROMIUM)('html tables in chromium', () => {
  it.each([
    ['a wide account list with codes', ['contact', '--data', 'AWKWARD', '--as-of', DEMO_AS_OF, '--accounts']],
    ['the demo accounts by headroom', ['segment', '--data', DEMO, '--as-of', DEMO_AS_OF, '--accounts', '--top', '40']],
    ['the demo contact summary', ['contact', '--data', DEMO, '--as-of', DEMO_AS_OF]],
  ])('%s: no word broken inside, on screen at 1280 px or printed on A4', async (_what, args) => {
    const html = await page(args.map((a) => (a === 'AWKWARD' ? awkwardData() : a)));
    for (const layout of [layoutOf(html, { width: 1280 }), layoutOf(html, { width: 718, print: true })]) {
      expect(layout.broken).toEqual([]);
    }
  });
});
