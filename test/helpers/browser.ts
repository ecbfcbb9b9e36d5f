/**
 * Debian's headless chromium for checking HTML output as a browser renders
 * and prints it. .ci/run installs it; without it, browser tests are skipped
 * with a message rather than faked.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CHROMIUM = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
})();

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-pdf-header-footer',
];

function chromium(args: string[]): string {
  const profile = mkdtempSync(join(tmpdir(), 'plan-chromium-'));
  const r = spawnSync(CHROMIUM as string, [...FLAGS, `--user-data-dir=${profile}`, ...args], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`chromium failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** The DOM after the browser parsed and laid out the page. */
export function renderedDom(htmlFile: string): string {
  return chromium(['--dump-dom', pathToFileURL(htmlFile).href]);
}

/** Prints the page to PDF (A4 per the page's own CSS); returns the number of pages. */
export function printedPages(htmlFile: string): number {
  const pdf = join(mkdtempSync(join(tmpdir(), 'plan-pdf-')), 'out.pdf');
  chromium([`--print-to-pdf=${pdf}`, pathToFileURL(htmlFile).href]);
  const bytes = readFileSync(pdf).toString('latin1');
  if (!bytes.startsWith('%PDF-')) throw new Error('not a PDF');
  return (bytes.match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

/**
 * Counted in the browser's layout of every table cell: words (runs without
 * space or hyphen) that wrap across lines, and the smallest font of any text.
 */
const LAYOUT_PROBE = `<script>(function(){var broken=[],min=1e9;var cells=document.querySelectorAll('td,th,p,h1,h2,h3,li,div');for(var c=0;c<cells.length;c++){var w=document.createTreeWalker(cells[c],NodeFilter.SHOW_TEXT);var n;while((n=w.nextNode())){if(n.parentNode.closest('td,th,p,h1,h2,h3,li,div')!==cells[c])continue;var t=n.textContent;if(t.trim()==='')continue;var r=document.createRange();r.selectNodeContents(n);if(r.getClientRects().length===0)continue;min=Math.min(min,parseFloat(getComputedStyle(n.parentNode).fontSize));var re=/[^\\s\\-\\u2013]+/g,m;while((m=re.exec(t))){var g=document.createRange();g.setStart(n,m.index);g.setEnd(n,m.index+m[0].length);var tops={},k=0,rs=g.getClientRects();for(var i=0;i<rs.length;i++){if(rs[i].width>0&&!tops[Math.round(rs[i].top)]){tops[Math.round(rs[i].top)]=1;k++;}}if(k>1)broken.push(m[0]);}}}document.body.setAttribute('data-broken',JSON.stringify(broken.slice(0,20)));document.body.setAttribute('data-broken-count',String(broken.length));document.body.setAttribute('data-min-font',String(min));document.body.setAttribute('data-overflow',String(document.documentElement.scrollWidth>window.innerWidth));})();</script>`;

export interface Layout {
  /** Words wrapped inside, the first 20, and how many. */
  broken: string[];
  brokenCount: number;
  /** Smallest font of any visible text, in CSS px (9 pt = 12 px). */
  minFontPx: number;
  /** The page is wider than the window (a horizontal scroll bar). */
  overflow: boolean;
}

/**
 * Lays `html` out in chromium at `width` CSS px and measures it (a probe
 * script is added to a copy, its policy removed). `print: true` lays it out
 * with the print styles, at A4's width less 10 mm margins (190 mm = 718 px).
 */
export function layoutOf(html: string, options: { width: number; print?: boolean }): Layout {
  let page = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
  if (options.print) page = page.replace(/@media print/g, '@media all').replace(/@media screen/g, '@media not all');
  page = page.replace('</body>', `${LAYOUT_PROBE}</body>`);
  const file = join(mkdtempSync(join(tmpdir(), 'plan-layout-')), 'page.html');
  writeFileSync(file, page);
  const dom = chromium([`--window-size=${options.width},1000`, '--dump-dom', pathToFileURL(file).href]);
  const attr = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(dom)?.[1] ?? '';
  return {
    broken: JSON.parse(attr('data-broken').replace(/&quot;/g, '"') || '[]'),
    brokenCount: Number(attr('data-broken-count')),
    minFontPx: Number(attr('data-min-font')),
    overflow: attr('data-overflow') === 'true',
  };
}

/** A PNG screenshot of the page at `width` x `height` CSS px; returns its path. */
export function screenshot(htmlFile: string, width: number, height: number): string {
  const png = join(mkdtempSync(join(tmpdir(), 'plan-shot-')), 'page.png');
  chromium([`--window-size=${width},${height}`, `--screenshot=${png}`, pathToFileURL(htmlFile).href]);
  return png;
}
