/**
 * Yields a text file's lines from the last to the first, reading fixed-size chunks backwards from
 * its end: only what the caller consumes is read (stop by breaking out of the loop), never more
 * than the last `maxBytes` (and the byte before them). Lines split on `\n` bytes (never inside a
 * UTF-8 sequence), a trailing `\r` is dropped, the final newline ends the last line (it does not
 * start an empty one), a line cut by the `maxBytes` bound is left out, a missing file has none.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { NEWLINE, decodeLine } from './file-lines.js';

export interface TailOptions {
  /** Bytes read per step (default 64 KiB). */
  chunkBytes?: number;
  /** Bytes read at most, from the end (default 16 MiB). */
  maxBytes?: number;
  /** Read as if the file ended at this offset (when it is shorter, at its end): a follower goes on from there. */
  endOffset?: number;
}

/** Reads exactly `buffer.length` bytes at `position`; false if the file got shorter meanwhile. */
async function readAt(handle: FileHandle, buffer: Buffer, position: number): Promise<boolean> {
  let offset = 0;
  while (offset < buffer.length) {
    const { bytesRead } = await handle.read(buffer, offset, buffer.length - offset, position + offset);
    if (bytesRead === 0) return false;
    offset += bytesRead;
  }
  return true;
}

export async function* linesFromEnd(path: string, options: TailOptions = {}): AsyncGenerator<string> {
  const chunkBytes = Math.max(1, options.chunkBytes ?? 64 * 1024);
  const maxBytes = Math.max(0, options.maxBytes ?? 16 * 1024 * 1024);
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  try {
    const size = Math.min((await handle.stat()).size, options.endOffset ?? Number.POSITIVE_INFINITY);
    // One byte more than `maxBytes`: a newline there means the first line in range is whole.
    const floor = Math.max(0, size - maxBytes - 1);
    let position = size;
    /** The bytes after the first newline seen so far, in file order: the end of a line not yet complete. */
    let pending: Buffer[] = [];
    let atEnd = true;
    while (position > floor) {
      const length = Math.min(chunkBytes, position - floor);
      position -= length;
      const chunk = Buffer.allocUnsafe(length);
      if (!(await readAt(handle, chunk, position))) return;
      let end = length;
      for (let nl = chunk.lastIndexOf(NEWLINE, end - 1); nl >= 0; nl = end > 0 ? chunk.lastIndexOf(NEWLINE, end - 1) : -1) {
        const line = pending.length > 0 ? Buffer.concat([chunk.subarray(nl + 1, end), ...pending]) : chunk.subarray(nl + 1, end);
        pending = [];
        if (!(atEnd && line.length === 0)) yield decodeLine(line);
        atEnd = false;
        end = nl;
      }
      if (end > 0) pending.unshift(chunk.subarray(0, end));
    }
    // The file's first line has no newline before it; one cut by `maxBytes` is incomplete.
    if (floor === 0 && size > 0 && !(atEnd && pending.length === 0)) yield decodeLine(Buffer.concat(pending));
  } finally {
    await handle.close();
  }
}
