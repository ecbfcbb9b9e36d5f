/** A folder tree as names, types, modes and content hashes: compared before and after a run, nothing may change unseen. */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Every entry under `root` (relative name -> what it is), leaving out the
 * entries under `except` (paths relative to root, the output path of a run).
 */
export function tree(root: string, except: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const rel = relative(root, path);
      if (except.includes(rel)) continue;
      const info = lstatSync(path);
      const mode = (info.mode & 0o7777).toString(8);
      const owner = `${info.uid}:${info.gid}`;
      if (info.isDirectory()) {
        out[rel] = `dir ${mode} ${owner}`;
        walk(path);
      } else if (info.isSymbolicLink()) out[rel] = `link -> ${readlinkSync(path)}`;
      else if (info.isFile()) out[rel] = `file ${mode} ${owner} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
      else out[rel] = `${info.isFIFO() ? 'fifo' : 'special'} ${mode} ${owner} ${info.ino}`;
    }
  };
  walk(root);
  return out;
}
