import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PlanError } from '../errors.js';
import { type Config, configSchema } from '../schema/config.js';
import { describeFsError } from './source.js';

export const CONFIG_FILE = 'plan.config.json';

/** `--config FILE`, else `plan.config.json` in the data folder, else defaults. Errors name the key path. */
export async function loadConfig(explicit: string | undefined, dataDir: string): Promise<{ config: Config; path?: string }> {
  const path = explicit ?? join(dataDir, CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (!explicit && (error as NodeJS.ErrnoException).code === 'ENOENT') return { config: configSchema.parse({}) };
    throw new PlanError('noInput', `${path}: ${describeFsError(error)}`);
  }
  return { config: parseConfig(text, path), path };
}

/** Keys starting with `//` are comments (JSON has none), at any depth. */
export function withoutComments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutComments);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !k.startsWith('//'))
      .map(([k, v]) => [k, withoutComments(v)]),
  );
}

export function parseConfig(text: string, label: string): Config {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (error) {
    throw new PlanError('data', `${label}: not valid JSON: ${(error as Error).message}`);
  }
  const parsed = configSchema.safeParse(withoutComments(json));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`);
    throw new PlanError('data', `${label}: invalid config\n${lines.join('\n')}`);
  }
  return parsed.data;
}
