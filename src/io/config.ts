import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { PlanError } from '../errors.js';
import { type Config, configSchema, defaultConfig, PARSED_ONCE } from '../schema/config.js';
import { didYouMean } from './headers.js';
import { jsonSyntaxProblem, locateKey } from './json-locate.js';
import { describeFsError } from './source.js';

export const CONFIG_FILE = 'plan.config.json';

/** `--config FILE`, else `plan.config.json` in the data folder, else defaults. Errors name the key path. */
export async function loadConfig(explicit: string | undefined, dataDir: string): Promise<{ config: Config; path?: string }> {
  const path = explicit ?? join(dataDir, CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (!explicit && (error as NodeJS.ErrnoException).code === 'ENOENT') return { config: defaultConfig() };
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
    const at = jsonSyntaxProblem(text);
    throw new PlanError(
      'data',
      at ? `${label}:${at.line}:${at.column}: not valid JSON: ${at.message}` : `${label}: not valid JSON: ${(error as Error).message}`,
    );
  }
  const parsed = configSchema.safeParse(withoutComments(json), PARSED_ONCE);
  if (!parsed.success) {
    const lines = parsed.error.issues.flatMap((issue) => describeIssue(issue, text, label));
    throw new PlanError('data', `${label}: invalid config\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** `  plan.config.json:3:5: tiers.aa: unknown key (did you mean "a"?)`, one line per key. */
function describeIssue(issue: z.core.$ZodIssue, text: string, label: string): string[] {
  const where = (path: readonly PropertyKey[]) => {
    const at = locateKey(text, path.map(String));
    const name = path.length > 0 ? path.map(String).join('.') : '(top level)';
    return `  ${at ? `${label}:${at.line}:${at.column}: ` : ''}${name}`;
  };
  if (issue.code === 'unrecognized_keys') {
    const known = keysAt(configSchema, issue.path);
    return issue.keys.map((key) => {
      const hint = didYouMean(key, known);
      return `${where([...issue.path, key])}: unknown key${hint ? ` (did you mean "${hint}"?)` : known.length > 0 ? ` (known: ${known.join(', ')})` : ''}`;
    });
  }
  return [`${where(issue.path)}: ${issue.message}`];
}

/** The keys an object of the schema takes at `path` (for "did you mean"). */
function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: z.ZodType | undefined = schema;
  for (let depth = 0; depth <= path.length && node; depth++) {
    node = unwrap(node);
    const key = path[depth];
    if (node instanceof z.ZodObject) {
      if (key === undefined) return Object.keys(node.shape);
      node = node.shape[String(key)] as z.ZodType | undefined;
    } else if (node instanceof z.ZodRecord) {
      const keyType = unwrap(node.keyType as z.ZodType);
      if (key === undefined) return keyType instanceof z.ZodEnum ? keyType.options.map(String) : [];
      node = node.valueType as z.ZodType;
    } else return [];
  }
  return [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let node = schema;
  for (;;) {
    const def = node._zod.def as { innerType?: z.ZodType; in?: z.ZodType };
    if (def.innerType) node = def.innerType;
    else if (node instanceof z.ZodPipe && def.in) node = def.in;
    else return node;
  }
}
