/**
 * The arrows between folders of src/ (docs/DEVELOPING.md): read from the
 * import statements of every source file, so a wrong import fails here
 * instead of in review.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve('src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** `cli` for src/cli/..., `errors` for src/errors.ts. */
const folderOf = (path: string) =>
  relative(SRC, path)
    .split('/')[0]
    ?.replace(/\.[jt]s$/, '') as string;

interface Import {
  from: string;
  /** The folder imported, or the package (`node:fs`, `chalk`). */
  to: string;
  spec: string;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

const sources = files(SRC).map((path) => ({ path, folder: folderOf(path), text: readFileSync(path, 'utf8') }));
const imports: Import[] = sources.flatMap(({ path, text }) =>
  [...text.matchAll(IMPORT)].map((m) => {
    const spec = (m[1] ?? m[2]) as string;
    const to = spec.startsWith('.') ? folderOf(resolve(dirname(path), spec)) : spec;
    return { from: relative(SRC, path), to, spec };
  }),
);
const local = (i: Import) => i.spec.startsWith('.');

/** Which folders each folder may import (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  cli: ['analyses', 'views', 'report', 'io', 'render', 'core', 'schema', 'errors'],
  report: ['analyses', 'views', 'render', 'core', 'schema', 'errors'],
  analyses: ['core', 'io', 'schema', 'errors'],
  views: ['analyses', 'core', 'render', 'schema', 'errors'],
  io: ['schema', 'errors'],
  render: ['schema', 'errors'],
  core: ['schema', 'errors'],
  schema: ['errors'],
  errors: [],
};

describe('arrows between folders', () => {
  it('finds the imports it checks', () => {
    expect(imports.filter((i) => i.from.startsWith('cli/') && i.to === 'analyses').length).toBeGreaterThan(5);
  });

  it.each(Object.keys(ALLOWED))('%s imports only the folders below it', (folder) => {
    const wrong = imports
      .filter((i) => local(i) && i.from.split('/')[0]?.replace(/\.ts$/, '') === folder && i.to !== folder)
      .filter((i) => !ALLOWED[folder]?.includes(i.to))
      .map((i) => `${i.from} -> ${i.spec}`);
    expect(wrong).toEqual([]);
  });

  it('every folder of src is known to these rules', () => {
    expect([...new Set(sources.map((s) => s.folder))].filter((f) => !(f in ALLOWED))).toEqual([]);
  });

  it('has no cycle between folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const i of imports.filter(local)) {
      const from = i.from.split('/')[0]?.replace(/\.ts$/, '') as string;
      if (from !== i.to) edges.set(from, new Set([...(edges.get(from) ?? []), i.to]));
    }
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      if (path.includes(node)) {
        cycles.push([...path.slice(path.indexOf(node)), node].join(' -> '));
        return;
      }
      for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
    };
    for (const node of edges.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });
});

describe('the pure core', () => {
  const core = sources.filter((s) => s.folder === 'core');

  it('imports no file system, process, clock, colour or any package', () => {
    expect(imports.filter((i) => i.from.startsWith('core/') && !local(i)).map((i) => `${i.from} -> ${i.spec}`)).toEqual([]);
  });

  it.each([
    ['process', /\bprocess\./],
    ['console', /\bconsole\./],
    ['the clock', /\bDate\.now\(|\bnew Date\(|performance\.now\(/],
  ])('uses no %s', (_, pattern) => {
    expect(core.filter((s) => pattern.test(s.text)).map((s) => relative(SRC, s.path))).toEqual([]);
  });
});

describe('colour', () => {
  it('only render/ imports chalk and cli-table3', () => {
    const users = imports.filter((i) => i.spec === 'chalk' || i.spec === 'cli-table3').map((i) => i.from.split('/')[0]);
    expect([...new Set(users)]).toEqual(['render']);
  });
});

describe('a range worker loads little', () => {
  /** The modules a file loads when it is imported: static imports that are not `import type`, transitively. */
  function loaded(file: string, seen = new Set<string>()): Set<string> {
    if (seen.has(file)) return seen;
    seen.add(file);
    if (!file.endsWith('.ts')) return seen;
    const text = readFileSync(join(SRC, file), 'utf8');
    for (const m of text.matchAll(/(?:^|\n)\s*(import|export)(\s+type)?\s[^;]*?\sfrom\s+'([^']+)'/g)) {
      if (m[2]) continue;
      const spec = m[3] as string;
      loaded(spec.startsWith('.') ? relative(SRC, resolve(dirname(join(SRC, file)), spec)).replace(/\.js$/, '.ts') : spec, seen);
    }
    return seen;
  }

  it('the order tally and the orders reader (what a worker folding orders.csv imports) load no zod', () => {
    const modules = loaded('core/cost.ts', loaded('io/fast-orders.ts'));
    expect(modules.has('io/fast-read.ts')).toBe(true);
    expect([...modules].filter((m) => !m.endsWith('.ts') && !m.startsWith('node:'))).not.toContain('zod');
  });
});

describe('the repository stands alone', () => {
  const outside = ['..', 'shared'].join('/');
  const roots = ['src', 'test', 'docs', 'bench'].flatMap((d) =>
    (function walk(dir: string): string[] {
      return readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) return name === 'data' || name === 'fixtures' ? [] : walk(path);
        return /\.(ts|mjs|md|json)$/.test(name) ? [path] : [];
      });
    })(d),
  );

  it(`no source, test, doc or the README reaches ${outside}`, () => {
    expect([...roots, 'README.md'].filter((path) => readFileSync(path, 'utf8').includes(outside))).toEqual([]);
  });
});
