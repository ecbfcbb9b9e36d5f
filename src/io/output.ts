/** Writing results: atomically to a file (temp + rename), or to stdout. */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PlanError } from '../errors.js';
import { describeFsError } from './source.js';

/**
 * Writes `content` to `path` so that readers see either the old file or the
 * whole new one, never a partial file (SPEC section 3).
 */
export async function writeFileAtomic(path: string, content: Content): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      for (const piece of pieces(content)) await (typeof piece === 'string' ? handle.write(piece) : handle.write(piece));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new PlanError('cantCreate', `cannot write ${path}: ${describeFsError(error)}`);
  }
}

/**
 * A run killed in the instant between the two renames of writeFolderAtomic
 * leaves no `dir` and the previous folder as `.NAME.<pid>.<hex>.old` beside
 * it: put the newest such folder back. Returns its name when it did.
 */
export async function restoreInterruptedFolder(dir: string): Promise<string | undefined> {
  try {
    await stat(dir);
    return undefined;
  } catch {
    // no folder: perhaps an interrupted swap
  }
  const parent = dirname(dir);
  const prefix = `.${basename(dir)}.`;
  let names: string[];
  try {
    names = (await readdir(parent)).filter((n) => n.startsWith(prefix) && n.endsWith('.old'));
  } catch {
    return undefined;
  }
  if (names.length === 0) return undefined;
  const dated = await Promise.all(names.map(async (n) => ({ n, t: (await stat(join(parent, n))).mtimeMs })));
  const newest = dated.sort((a, b) => b.t - a.t || (a.n < b.n ? 1 : -1))[0] as { n: string };
  await rename(join(parent, newest.n), dir);
  return newest.n;
}

/** Writes several files into `dir` as one: all appear together, or the old folder stays as it was. */
export async function writeFolderAtomic(dir: string, files: Record<string, string | Uint8Array>): Promise<void> {
  const parent = dirname(dir);
  const stamp = `${process.pid}.${randomBytes(4).toString('hex')}`;
  const temp = join(parent, `.${basename(dir)}.${stamp}.tmp`);
  const old = join(parent, `.${basename(dir)}.${stamp}.old`);
  try {
    await mkdir(temp, { recursive: true });
    for (const [name, content] of Object.entries(files)) {
      const handle = await open(join(temp, name), 'wx');
      try {
        await handle.writeFile(content);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    let moved = false;
    try {
      await rename(dir, old);
      moved = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await rename(temp, dir);
    if (moved) await rm(old, { recursive: true, force: true });
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw new PlanError('cantCreate', `cannot write ${dir}: ${describeFsError(error)}`);
  }
}

/** Output as given: one text, bytes, or text in chunks. */
export type Content = string | Uint8Array | Iterable<string>;

function pieces(content: Content): Iterable<string | Uint8Array> {
  return typeof content === 'string' || content instanceof Uint8Array ? [content] : content;
}

/** Writes to stdout, chunk by chunk; a reader that went away (`| head`) ends it quietly. */
export async function writeStdout(stdout: NodeJS.WritableStream, content: Content): Promise<void> {
  for (const piece of pieces(content)) {
    if (!(await writeOne(stdout, piece))) return;
  }
}

/** Resolves false when the reader has gone (EPIPE). */
function writeOne(stdout: NodeJS.WritableStream, piece: string | Uint8Array): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => reject(new PlanError('cantCreate', `cannot write to standard output: ${error.message}`));
    const onError = (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' ? resolve(false) : fail(error));
    stdout.once('error', onError);
    stdout.write(piece, (error) => {
      stdout.removeListener('error', onError);
      if (!error) resolve(true);
      else if ((error as NodeJS.ErrnoException).code === 'EPIPE') resolve(false);
      else fail(error);
    });
  });
}
