import { createReadStream } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { PlanError } from '../errors.js';

/** Where an input comes from: a path, or `-` for standard input. */
export interface InputRef {
  /** Path as given, or '-' for stdin. */
  path: string;
  /** Name used in messages (`customers.csv`, `data/orders.csv`, `<stdin>`). */
  label: string;
}

export interface ByteSource {
  chunks: AsyncIterable<Buffer>;
  /** Size in bytes when known (for progress), else undefined. */
  size: number | undefined;
}

/** Read size: small enough that a batch of rows dies young (the GC keeps peak memory low). */
export const CHUNK = 1 << 16;

export async function openInput(input: InputRef, stdin: NodeJS.ReadableStream): Promise<ByteSource> {
  if (input.path === '-') return { chunks: stdin as AsyncIterable<Buffer>, size: undefined };
  let size: number;
  try {
    const info = await stat(input.path);
    if (info.isDirectory()) throw new PlanError('noInput', `${input.label}: is a folder, not a file`);
    size = info.size;
  } catch (error) {
    if (error instanceof PlanError) throw error;
    throw new PlanError('noInput', `${input.label}: ${describeFsError(error)}`);
  }
  const stream = createReadStream(input.path, { highWaterMark: CHUNK });
  return { chunks: guardRead(stream, input.label), size };
}

/** A plain input file for random access (the byte-level readers); every input file is opened here or in openInput. */
export function openHandle(input: InputRef): Promise<FileHandle> {
  return open(input.path, 'r');
}

async function* guardRead(stream: AsyncIterable<Buffer>, label: string): AsyncIterable<Buffer> {
  try {
    yield* stream;
  } catch (error) {
    throw new PlanError('noInput', `${label}: ${describeFsError(error)}`);
  }
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder, not a file';
    default:
      return (error as Error)?.message ?? String(error);
  }
}
