/**
 * Golden files: compared byte for byte; rewritten only on purpose with
 * `npm run golden` (UPDATE_GOLDEN=1), then reviewed in the diff.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';

export function expectGolden(name: string, actual: string): void {
  const path = join('test', 'golden', name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`no golden file ${path}: run npm run golden and review the diff`);
  expect(actual, `output differs from ${path} (npm run golden to accept, then review)`).toBe(readFileSync(path, 'utf8'));
}
