/**
 * The one writer: every file plan writes (--out, plan report, demo, init)
 * goes through here (SPEC section 3, issue 12). Outputs are atomic (a
 * temporary file beside the target, then a rename), never written over what
 * is not plan's own (checked by guard.ts: before the run, and for --out FILE
 * once more just before the rename, from the first bytes of both), keep an existing file's mode
 * and owner, and leave no temporary file behind: removed on failure, on
 * SIGINT/SIGTERM (main.ts calls removeTemporaryFiles of temporary.ts), and, when a run was
 * killed outright, by the next run writing into the same folder.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants, fstatSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { type FileHandle, lstat, mkdir, open, readdir, rename, rm, chmod as setMode, chown as setOwner } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PlanError } from '../errors.js';
import {
  checkOutDir,
  checkOutFile,
  checkOwnOutput,
  describeWriteError,
  type FileTarget,
  type FolderTarget,
  MARKER,
  type Marker,
  type OwnMark,
} from './guard.js';
import { underWay } from './temporary.js';

/** Output as given: one text, bytes, or pieces (large CSV, demo tables), possibly produced asynchronously. */
export type Content = string | Uint8Array | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

// ---------------------------------------------------------------------------
// Temporary files: named `.NAME.plan-PID-HEX.tmp`, tracked until renamed (io/temporary.ts)
// ---------------------------------------------------------------------------

const STALE = /^\..*\.plan-(\d+)-[0-9a-f]{8}\.tmp$/;

/** The name part of a temporary name: kept short so that a long target name still leaves room (NAME_MAX 255). */
function shortName(name: string): string {
  return name.length <= 100 ? name : `${name.slice(0, 80)}~${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
}

function siblingName(path: string, ending: 'tmp' | 'old'): string {
  return join(dirname(path), `.${shortName(basename(path))}.plan-${process.pid}-${randomBytes(4).toString('hex')}.${ending}`);
}

/**
 * Removes plan's own temporary files in `dir` left by runs that were killed
 * outright (SIGKILL, power loss): same name pattern, older than this run, and
 * their process gone.
 */
async function removeStaleTemporaryFiles(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const match = STALE.exec(name);
    if (!match || isAlive(Number(match[1]))) continue;
    const info = await lstat(join(dir, name)).catch(() => undefined);
    if (info && info.mtimeMs < performance.timeOrigin) await rm(join(dir, name), { recursive: true, force: true }).catch(() => {});
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// ---------------------------------------------------------------------------
// One file
// ---------------------------------------------------------------------------

/** A file being written: into its temporary file, or straight into a FIFO or device. */
interface Pending {
  target: FileTarget;
  handle: FileHandle;
  temp?: string;
  bytes: number;
}

async function begin(target: FileTarget): Promise<Pending> {
  if (target.kind === 'direct') {
    // O_APPEND: /dev/stdout redirected to a file with >> keeps what the file held.
    const handle = await open(target.path, constants.O_WRONLY | constants.O_APPEND);
    return { target, handle, bytes: 0 };
  }
  const temp = siblingName(target.path, 'tmp');
  // Known as under way before it exists: a signal handled between the open and the next line finds it.
  underWay.set(temp, () => rmSync(temp, { force: true }));
  try {
    // A file that exists may be private (0600): its replacement is never readable by more people meanwhile.
    const handle = await open(temp, 'wx', target.kind === 'replace' ? 0o600 : 0o666);
    return { target, handle, temp, bytes: 0 };
  } catch (error) {
    underWay.delete(temp);
    throw error;
  }
}

/** Bytes gathered before one write: a demo's million rows are not a million system calls. */
const BATCH = 1 << 16;

async function writeContent(pending: Pending, content: Content): Promise<void> {
  const pieces = typeof content === 'string' || content instanceof Uint8Array ? [content] : content;
  let batch: Uint8Array[] = [];
  let size = 0;
  const flush = async () => {
    const bytes = batch.length === 1 ? (batch[0] as Uint8Array) : Buffer.concat(batch, size);
    // A write may take part of the bytes (a FIFO, a full disk's last blocks): write the rest.
    for (let at = 0; at < bytes.byteLength; ) at += (await pending.handle.write(bytes, at)).bytesWritten;
    pending.bytes += size;
    batch = [];
    size = 0;
  };
  for await (const piece of pieces) {
    const bytes = typeof piece === 'string' ? Buffer.from(piece) : piece;
    batch.push(bytes);
    size += bytes.byteLength;
    if (size >= BATCH) await flush();
  }
  if (size > 0) await flush();
}

/** Makes the temporary file what the target was (mode, owner) and durable; closes it. */
async function finish(pending: Pending): Promise<void> {
  const { handle, target } = pending;
  if (target.kind === 'replace') {
    const { uid, gid, mode } = target.stats;
    const own = await handle.stat();
    if (own.uid !== uid || own.gid !== gid) {
      await handle.chown(uid, gid).catch((error: NodeJS.ErrnoException) => {
        throw new PlanError(
          'cantCreate',
          `cannot write ${target.path}: it belongs to user ${uid}, group ${gid}, and plan cannot give its replacement the same owner (${error.code}); run as that user or give another --out`,
        );
      });
    }
    await handle.chmod(mode & 0o7777);
  }
  if (target.kind !== 'direct') await handle.sync();
  await handle.close();
}

async function commit(pending: Pending): Promise<void> {
  if (!pending.temp) return;
  await rename(pending.temp, pending.target.path);
  underWay.delete(pending.temp);
}

async function abort(pending: Pending): Promise<void> {
  await pending.handle.close().catch(() => {});
  if (!pending.temp) return;
  await rm(pending.temp, { force: true });
  underWay.delete(pending.temp);
}

/** A failed file-system call becomes exit 73 naming the path and the real cause; a PlanError or a bug passes through. */
function writeFailure(path: string, error: unknown): unknown {
  if (error instanceof PlanError || !(error as NodeJS.ErrnoException)?.code) return error;
  return new PlanError('cantCreate', `cannot write ${path}: ${describeWriteError(error)}`);
}

/** One file to write; with `own`, an existing file is replaced only if it is plan's own earlier output (guard.ts checkOwnOutput). */
interface Write {
  target: FileTarget;
  content: Content;
  own?: OwnMark;
}

/** Writes files all together: every one into its temporary file first, then all renamed; a failure replaces none. */
async function writeTogether(targets: Write[], before?: (path: string) => void): Promise<number[]> {
  const done: Pending[] = [];
  let at = targets[0]?.target.path ?? '';
  try {
    for (const { target, content } of targets) {
      at = target.path;
      before?.(target.path);
      const pending = await begin(target);
      done.push(pending);
      await writeContent(pending, content);
      await finish(pending);
    }
    for (const [i, pending] of done.entries()) {
      at = pending.target.path;
      const own = targets[i]?.own;
      // Also for a new file: one that appeared since the run began is not replaced unseen.
      if (own && pending.temp) await checkOwnOutput(pending.target.path, pending.temp, own);
      await commit(pending);
    }
    return done.map((p) => p.bytes);
  } catch (error) {
    await Promise.all(done.map(abort));
    throw writeFailure(at, error);
  }
}

/**
 * Where `--out FILE` can go (exit 73 if nowhere), checked before the run does
 * its work. An existing file is replaced only if it is empty or plan's own
 * earlier output (`own`: how it is known; decided when what plan writes is
 * known), or with `force`.
 */
export async function prepareOutputFile(
  path: string,
  inputs: readonly string[],
  options: { own: OwnMark; force: boolean },
): Promise<{ write(content: Content): Promise<number> }> {
  await checkOutFile(path, inputs);
  return {
    async write(content) {
      const target = await checkOutFile(path, inputs);
      if (target.kind !== 'direct') await removeStaleTemporaryFiles(dirname(target.path));
      const [bytes] = await writeTogether([{ target, content, own: options.force ? undefined : options.own }]);
      return bytes ?? 0;
    },
  };
}

/**
 * Writes several files into `dir` (plan demo, plan init), creating it: each
 * replaces a file of the same name only with `force`. Returns bytes per file.
 */
export async function writeFiles(
  dir: string,
  files: readonly { name: string; content: Content }[],
  options: { force: boolean; onFile?: (name: string) => void },
): Promise<number[]> {
  const targets = [];
  for (const file of files) targets.push({ target: await checkOutFile(join(dir, file.name), []), content: file.content });
  const existing = targets.filter((t) => t.target.kind !== 'new').map((t) => basename(t.target.path));
  if (existing.length > 0 && !options.force)
    throw new PlanError('cantCreate', `${dir} already holds ${existing.join(', ')}; give --force to replace them`);
  await mkdir(dir, { recursive: true }).catch((error) => {
    throw writeFailure(dir, error);
  });
  await removeStaleTemporaryFiles(dir);
  return writeTogether(targets, options.onFile && ((path) => options.onFile?.(basename(path))));
}

// ---------------------------------------------------------------------------
// The report folder
// ---------------------------------------------------------------------------

export interface ReportFolderOptions {
  /** Paths this run reads: the folder may not hold them, nor be above them. */
  inputs: readonly string[];
  force: boolean;
  cwd: string;
  /** `plan 0.1.0`, written into the marker. */
  generator: string;
}

/**
 * Where `plan report` can write its folder (exit 73 if nowhere), checked
 * before the analyses run. First puts back a previous report left aside by a
 * run killed between its two renames (`restored` names it).
 */
export async function prepareReportFolder(
  dir: string,
  options: ReportFolderOptions,
): Promise<{ restored?: string; write(files: Record<string, string>): Promise<void> }> {
  const restored = await restoreInterruptedFolder(dir);
  await checkOutDir(dir, options.inputs, options);
  return {
    restored,
    async write(files) {
      const target = await checkOutDir(dir, options.inputs, options);
      const marker: Marker = { generator: options.generator, files: Object.keys(files) };
      const all = { ...files, [MARKER]: `${JSON.stringify(marker, null, 2)}\n` };
      if (target.kind === 'merge') await mergeInto(target, all);
      else await swapFolder(target, all);
    },
  };
}

/**
 * A run killed in the instant between the two renames of swapFolder leaves no
 * `dir` and the previous folder as `.NAME.plan-PID-HEX.old` beside it: put
 * the newest such folder back. Returns its name when it did.
 */
async function restoreInterruptedFolder(dir: string): Promise<string | undefined> {
  if (await lstat(dir).catch(() => undefined)) return undefined;
  const parent = dirname(dir);
  const prefix = `.${shortName(basename(dir))}.plan-`;
  const names = (await readdir(parent).catch(() => [] as string[])).filter((n) => n.startsWith(prefix) && n.endsWith('.old'));
  if (names.length === 0) return undefined;
  const dated = await Promise.all(names.map(async (n) => ({ n, t: (await lstat(join(parent, n))).mtimeMs })));
  const newest = dated.sort((a, b) => b.t - a.t || (a.n < b.n ? 1 : -1))[0] as { n: string };
  await rename(join(parent, newest.n), dir).catch((error) => {
    throw writeFailure(dir, error);
  });
  return newest.n;
}

/** Writes the files into a temporary folder beside `dir`, then swaps it in: all appear together, or the old folder stays. */
async function swapFolder(target: Exclude<FolderTarget, { kind: 'merge' }>, files: Record<string, string>): Promise<void> {
  const dir = target.path;
  const temp = siblingName(dir, 'tmp');
  const old = siblingName(dir, 'old');
  let moved = false;
  const undo = () => {
    rmSync(temp, { recursive: true, force: true });
    if (moved && !statSync(dir, { throwIfNoEntry: false })) renameSync(old, dir);
  };
  try {
    await mkdir(dirname(dir), { recursive: true });
    await removeStaleTemporaryFiles(dirname(dir));
    underWay.set(temp, undo);
    await mkdir(temp);
    if (target.kind === 'replace') {
      const { uid, gid, mode } = target.stats;
      const own = await lstat(temp);
      if (own.uid !== uid || own.gid !== gid) await setOwner(temp, uid, gid);
      await setMode(temp, mode & 0o7777);
    }
    for (const [name, content] of Object.entries(files)) {
      const handle = await open(join(temp, name), 'wx');
      try {
        await handle.writeFile(content);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    if (target.kind === 'replace') {
      await rename(dir, old);
      moved = true;
    }
    await rename(temp, dir);
    underWay.delete(temp);
    if (moved) await rm(old, { recursive: true, force: true });
  } catch (error) {
    underWay.delete(temp);
    try {
      undo();
    } catch {
      // the previous folder stays as .old; the next run restores it
    }
    throw writeFailure(dir, error);
  }
}

/**
 * --force on a folder plan did not write: the report's files are written into
 * it (each replacing a file of the same name), and files an earlier report
 * wrote there that this one does not are removed; nothing else is touched.
 */
async function mergeInto(target: Extract<FolderTarget, { kind: 'merge' }>, files: Record<string, string>): Promise<void> {
  await removeStaleTemporaryFiles(target.path);
  const targets = [];
  for (const [name, content] of Object.entries(files)) targets.push({ target: await checkOutFile(join(target.path, name), []), content });
  await writeTogether(targets);
  for (const name of target.previous) {
    if (name in files || name.includes('/')) continue;
    const info = await lstat(join(target.path, name)).catch(() => undefined);
    if (info?.isFile()) await rm(join(target.path, name)).catch((error) => Promise.reject(writeFailure(target.path, error)));
  }
}

// ---------------------------------------------------------------------------
// Standard output
// ---------------------------------------------------------------------------

/** Writes to stdout, chunk by chunk; a reader that went away (`| head`) ends it quietly. */
export async function writeStdout(stdout: NodeJS.WritableStream, content: Content): Promise<void> {
  if (stdout === process.stdout && stdoutWasClosed())
    throw new PlanError('cantCreate', 'cannot write to standard output: it is closed (EBADF); redirect it (> FILE) or give --out FILE');
  const pieces = typeof content === 'string' || content instanceof Uint8Array ? [content] : content;
  for await (const piece of pieces) {
    if (!(await writeOne(stdout, piece))) return;
  }
}

/**
 * Node opens /dev/null read-write in place of a standard descriptor that was
 * closed at start (`plan ... >&-`); a shell's `> /dev/null` opens it
 * write-only. Linux only (/proc); elsewhere a closed stdout reads as /dev/null.
 */
function stdoutWasClosed(): boolean {
  try {
    const flags = Number.parseInt(/^flags:\s*([0-7]+)/m.exec(readFileSync('/proc/self/fdinfo/1', 'utf8'))?.[1] ?? '', 8);
    const nul = statSync('/dev/null');
    const out = fstatSync(1);
    return out.isCharacterDevice() && out.rdev === nul.rdev && (flags & 3) === constants.O_RDWR;
  } catch {
    return false;
  }
}

/** Resolves false when the reader has gone (EPIPE). */
function writeOne(stdout: NodeJS.WritableStream, piece: string | Uint8Array): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) =>
      reject(new PlanError('cantCreate', `cannot write to standard output: ${describeWriteError(error)}`));
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
