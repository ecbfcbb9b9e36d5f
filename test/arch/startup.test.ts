/**
 * What a run loads before it does anything (docs/benchmarks.md, startup):
 * `plan --version`, `--help` and a usage error load the CLI shell only, and
 * a command loads its own modules, not the other commands' or the renderers
 * of formats it does not write. Read from the real binary with a module
 * loader hook that names every module it loads (`npm test` builds dist first).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';

const dir = tempDir('plan-startup-');
// Written at once by the hook (on its own thread): nothing is lost when plan exits.
writeFileSync(
  join(dir, 'hooks.mjs'),
  `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (!url.startsWith('node:')) appendFileSync(process.env.PLAN_TEST_LOADED, url + '\\n');
  return next(url, context);
}
`,
);
writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`);
writeFileSync(join(dir, 'orders.csv'), 'order_id,customer_id,date,channel,amount\nO1,C1,2026-05-01,field,100\n');
let runs = 0;

/** Runs plan; the modules it loaded, as paths under dist/ or package names. */
function loads(args: string[]) {
  const log = join(dir, `loaded-${++runs}.txt`);
  writeFileSync(log, '');
  const r = spawnSync('node', ['--import', join(dir, 'register.mjs'), resolve('bin/plan.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, PLAN_TEST_LOADED: log },
  });
  const modules = readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((url) => /\/dist\/(.*)$/.exec(url)?.[1] ?? /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? url);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, modules: new Set(modules) };
}

/** Loaded only by the work of a command: never by the shell. */
const WORK = [/^analyses\//, /^views\//, /^report\//, /^core\//, /^render\/(?!escape|problems)/, /^io\/(?!temporary|problems)/];
const PACKAGES = ['zod', 'string-width', 'chalk', 'csv-stringify', 'iconv-lite', 'fastest-levenshtein', 'date-holidays', 'ical-generator'];

describe('the CLI shell alone', () => {
  it.each([
    ['--version', ['--version'], 0],
    ['--help', ['--help'], 0],
    ['no arguments', [], 2],
    ['an unknown command', ['segmnt'], 2],
  ])('%s loads commander and the command list, no command, analysis, renderer, zod', (_, args, code) => {
    const run = loads(args);
    expect(run.code, run.stderr).toBe(code);
    // The hook saw the run: a test that sees nothing proves nothing.
    expect(run.modules).toContain('cli/main.js');
    expect(run.modules).toContain('commander');
    expect(run.modules).toContain('cli/commands/index.js');
    const work = [...run.modules].filter((m) => WORK.some((w) => w.test(m)) || PACKAGES.includes(m));
    const commands = [...run.modules].filter((m) => m.startsWith('cli/commands/') && m !== 'cli/commands/index.js');
    expect([...work, ...commands]).toEqual([]);
  });
});

describe('a command', () => {
  it("loads its own modules and the renderer of its format, none of the other commands'", () => {
    const run = loads(['cost', '--orders', join(dir, 'orders.csv'), '--as-of', '2026-06-01', '--format', 'csv']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n')[1]).toMatch(/^field,/);
    for (const own of ['cli/commands/cost.js', 'analyses/cost.js', 'views/cost.js', 'render/csv.js']) expect(run.modules).toContain(own);
    const others = [...run.modules].filter(
      (m) =>
        /^cli\/commands\/(?!cost|index)/.test(m) ||
        /^(analyses|views)\/(segment|products|contact|focus|schedule|time|backtest|validate)\.js$/.test(m) ||
        /^report\//.test(m) ||
        /^render\/(table|md|html|json|ics|html-schedule)\.js$/.test(m) ||
        ['string-width', 'chalk', 'csv-stringify', 'iconv-lite', 'date-holidays', 'ical-generator'].includes(m),
    );
    expect(others).toEqual([]);
  });
});
