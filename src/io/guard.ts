/**
 * Before anything is written: may plan write at this path? (issue 12)
 *
 * Read-only checks; `output.ts` does the writing. Paths are compared by what
 * they are (device and inode, symlinks followed), never by their spelling.
 */
import type { Stats } from 'node:fs';
import { lstat, open, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { PlanError } from '../errors.js';

/** Where a file goes and how: created, replaced atomically, or written straight into a FIFO or device. */
export type FileTarget = { kind: 'new'; path: string } | { kind: 'replace'; path: string; stats: Stats } | { kind: 'direct'; path: string };

/** How a report folder is written: made or replaced whole, or (with --force) its files written into an existing folder. */
export type FolderTarget =
  | { kind: 'new'; path: string }
  | { kind: 'replace'; path: string; stats: Stats }
  | { kind: 'merge'; path: string; previous: readonly string[] };

/** The file plan report writes into its folder: which plan wrote it, and every file it wrote. */
export const MARKER = '.plan-report.json';
const markerSchema = z.object({ generator: z.string().startsWith('plan '), files: z.array(z.string()) });
export type Marker = z.output<typeof markerSchema>;

/** Paths that name an open descriptor: written to directly (appending), never renamed over. */
const DESCRIPTOR_PATH = /^\/(dev\/(stdout|stderr|fd\/\d+)|proc\/(self|\d+)\/fd\/\d+)$/;

/**
 * `--out FILE`: absent, or a regular file that is not an input of this run
 * (replaced atomically, keeping its mode and owner), or a FIFO or character
 * device (written directly). A symlink is followed: its target obeys the same
 * rules and the link stays; a link to nothing is refused.
 */
export async function checkOutFile(path: string, inputs: readonly string[]): Promise<FileTarget> {
  const link = await lstatIfAny(path);
  if (!link) return { kind: 'new', path };
  let info = link;
  if (link.isSymbolicLink()) {
    const target = await stat(path).catch(() => undefined);
    if (!target) throw refuse(path, 'is a symbolic link to nothing', 'give the real path, or remove the link');
    info = target;
  }
  const input = await inputMatching(info, inputs);
  if (input !== undefined)
    throw refuse(
      path,
      `is ${input === path ? 'an input' : `${input}, an input`} of this run`,
      'plan never writes over its inputs: give another --out',
    );
  if (DESCRIPTOR_PATH.test(resolve(path)) || info.isFIFO() || info.isCharacterDevice()) return { kind: 'direct', path };
  if (info.isDirectory()) throw refuse(path, 'is a folder', 'give a file name for --out');
  if (!info.isFile()) throw refuse(path, `is a ${info.isSocket() ? 'socket' : 'block device'}, not a file`, 'give another --out');
  return { kind: 'replace', path: link.isSymbolicLink() ? await realpath(path) : path, stats: info };
}

/** How much of a file's start tells whether plan wrote it: never the whole file. */
const HEAD_BYTES = 4096;

/** How plan's own earlier output is known: its first `lines` lines are those plan writes now, or `mark` is near its start. */
export type OwnMark = { lines: number } | { mark: string };

/**
 * Just before `--out FILE` replaces an existing regular file: the file is
 * empty, or plan's own earlier output (`own`, by format: render/index.ts
 * ownOutputMark), decided from the first bytes of both (`written`: the
 * temporary file holding what plan writes now). A UTF-8 BOM and CR before LF
 * are ignored (--excel). Otherwise exit 73 (`--force` skips this check).
 */
export async function checkOwnOutput(path: string, written: string, own: OwnMark): Promise<void> {
  const head = await readHead(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return Buffer.alloc(0); // gone meanwhile: nothing to destroy
    throw error;
  });
  if (head.byteLength === 0) return;
  const same =
    'mark' in own
      ? head.toString('latin1').includes(own.mark)
      : leadingLines(head, own.lines) === leadingLines(await readHead(written), own.lines);
  if (same) return;
  const why =
    'mark' in own
      ? `it has no ${own.mark} near its start`
      : `its ${own.lines === 1 ? 'first line is' : `first ${own.lines === 2 ? 'two' : own.lines} lines are`} not what plan writes here`;
  throw refuse(path, `exists and is not an output of plan (${why})`, 'give --force to replace it, or another --out');
}

/** The first HEAD_BYTES bytes of a file (fewer if it is shorter). */
async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    let size = 0;
    for (let got = -1; got !== 0 && size < HEAD_BYTES; size += got) got = (await handle.read(buffer, size, HEAD_BYTES - size)).bytesRead;
    return buffer.subarray(0, size);
  } finally {
    await handle.close();
  }
}

/**
 * The first `count` lines of a file's head, without BOM and CRs before LF (a
 * line longer than the head: as far as it goes), every digit read as 0: a
 * date or week in them (JSON's `"asOf": "2026-11-27"`, `# Call lists
 * 2026-W48`) changes from run to run, the words do not.
 */
function leadingLines(head: Buffer, count: number): string {
  const text = head.toString('latin1').replace(/^\xef\xbb\xbf/, '');
  return text
    .split('\n')
    .slice(0, count)
    .map((line) => line.replace(/\r$/, '').replace(/[0-9]/g, '0'))
    .join('\n');
}

/**
 * `--out-dir DIR`: absent, an empty folder, or a folder plan report wrote
 * (its marker lists every entry) is replaced whole. Never a file, a folder
 * that holds an input of this run or is above one, nor the current folder or
 * any folder above it. Another folder only with `force`, and then only the
 * report's files are written into it.
 */
export async function checkOutDir(dir: string, inputs: readonly string[], options: { force: boolean; cwd: string }): Promise<FolderTarget> {
  const link = await lstatIfAny(dir);
  if (!link) return { kind: 'new', path: dir };
  let info = link;
  if (link.isSymbolicLink()) {
    const target = await stat(dir).catch(() => undefined);
    if (!target) throw refuse(dir, 'is a symbolic link to nothing', 'give the real path, or remove the link');
    info = target;
  }
  if (!info.isDirectory()) throw refuse(dir, 'is a file, not a folder', 'give another --out-dir');
  const cwd = await foldersHolding(options.cwd, true);
  if (cwd.has(idOf(info))) throw refuse(dir, 'is the current folder or a folder above it', 'give another --out-dir (e.g. plan-report)');
  for (const input of inputs) {
    if ((await foldersHolding(input)).has(idOf(info)))
      throw refuse(
        dir,
        `holds ${input}, an input of this run`,
        'plan report never replaces the folder of its inputs: give another --out-dir',
      );
  }
  const path = await realpath(dir);
  const entries = await readdir(path, { withFileTypes: true });
  if (entries.length === 0) return { kind: 'replace', path, stats: info };
  const marker = await readMarker(path);
  const foreign = entries.filter((e) => e.name !== MARKER && !(e.isFile() && marker?.files.includes(e.name))).map((e) => e.name);
  if (marker && foreign.length === 0) return { kind: 'replace', path, stats: info };
  if (options.force) return { kind: 'merge', path, previous: marker?.files ?? [] };
  const shown = foreign.sort().slice(0, 5).join(', ') + (foreign.length > 5 ? `, ... (${foreign.length} in all)` : '');
  throw refuse(
    dir,
    `is a folder plan did not write (it holds ${shown})`,
    'plan report replaces only a folder it wrote itself. Give another --out-dir, or --force to write the report files into it (files of the same names are replaced, nothing else is touched)',
  );
}

/** The marker of a folder plan report wrote, or undefined. */
export async function readMarker(dir: string): Promise<Marker | undefined> {
  try {
    const parsed = markerSchema.safeParse(JSON.parse(await readFile(resolve(dir, MARKER), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** lstat, or undefined when nothing is there; any other failure (name too long, not a folder, ...) is exit 73. */
async function lstatIfAny(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new PlanError('cantCreate', `cannot write ${path}: ${describeWriteError(error)}`);
  }
}

/** The input (as the run names it) that is the same file as `info`, if any. */
async function inputMatching(info: Stats, inputs: readonly string[]): Promise<string | undefined> {
  for (const input of inputs) {
    const other = await stat(input).catch(() => undefined);
    if (other && idOf(other) === idOf(info)) return input;
  }
  return undefined;
}

/** Device and inode of every folder holding `path` (its real path), up to the root; `self` adds the path itself. */
async function foldersHolding(path: string, self = false): Promise<Set<string>> {
  const ids = new Set<string>();
  let at = await realpath(path).catch(() => resolve(path));
  if (!self) at = dirname(at);
  for (;;) {
    const info = await stat(at).catch(() => undefined);
    if (info) ids.add(idOf(info));
    const up = dirname(at);
    if (up === at) return ids;
    at = up;
  }
}

function idOf(info: Stats): string {
  return `${info.dev}:${info.ino}`;
}

function refuse(path: string, why: string, how: string): PlanError {
  return new PlanError('cantCreate', `will not write ${path}: it ${why}; ${how}`);
}

const CAUSES: Record<string, string> = {
  ENOENT: 'the folder does not exist',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENAMETOOLONG: 'file name too long',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EBADF: 'bad file descriptor (closed)',
  EIO: 'input/output error',
  EBUSY: 'resource busy',
  EXDEV: 'not on the same file system',
  ELOOP: 'too many symbolic links',
};

/** The real cause of a failed write, with its code: "read-only file system (EROFS)". */
export function describeWriteError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code && CAUSES[code]) return `${CAUSES[code]} (${code})`;
  return (error as Error)?.message ?? String(error);
}
