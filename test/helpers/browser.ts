/**
 * Debian's headless chromium for checking HTML output as a browser renders
 * and prints it. .ci/run installs it; without it, browser tests are skipped
 * with a message rather than faked.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
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
