/** Which input files a run reads: `--data DIR` plus per-file overrides. */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PlanError } from '../errors.js';
import { FILE_KEYS, type FileKey } from '../schema/config.js';
import { FILES } from '../schema/files.js';
import type { InputRef } from './source.js';

export type Inputs = Partial<Record<FileKey, InputRef>>;

export function resolveInputs(dataDir: string, overrides: Partial<Record<FileKey, string>>): Inputs {
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) {
    throw new PlanError('noInput', `data folder ${dataDir} does not exist (give --data DIR)`);
  }
  const stdinUsers = Object.entries(overrides).filter(([, p]) => p === '-');
  if (stdinUsers.length > 1)
    throw new PlanError('usage', `only one file can come from standard input (-), not ${stdinUsers.map(([k]) => `--${k}`).join(' and ')}`);
  const inputs: Inputs = {};
  for (const key of FILE_KEYS) {
    const given = overrides[key];
    if (given === '-') inputs[key] = { path: '-', label: '<stdin>' };
    else if (given) inputs[key] = { path: given, label: given };
    else {
      const path = join(dataDir, FILES[key].file);
      if (existsSync(path)) inputs[key] = { path, label: path };
    }
  }
  return inputs;
}

export function requireInput(inputs: Inputs, key: FileKey, dataDir: string, command: string): InputRef {
  const input = inputs[key];
  if (!input) {
    throw new PlanError('noInput', `plan ${command} needs ${FILES[key].file}: not found in ${dataDir} (give --data DIR or --${key} FILE)`);
  }
  return input;
}
