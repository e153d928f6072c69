/**
 * Follows a growing text file (`tail -f`): yields each whole line appended after `fromOffset`, and
 * reads only when the caller asks for more (a slow consumer stops the reading, nothing piles up).
 * Waits for growth on `fs.watch` of the file's directory with a periodic `stat` as fallback; a file
 * that does not exist yet is waited for (then read from its start), one that got shorter (truncated
 * or replaced) is read again from its start. At most `chunkBytes` are held per read, and a line
 * longer than `maxLineBytes` is yielded cut at that length. Ends when `signal` aborts.
 */
import { watch, type FSWatcher } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { NEWLINE, decodeLine, sizeOrNull } from './file-lines.js';

export interface FollowOptions {
  /** Bytes read per step (default 64 KiB). */
  chunkBytes?: number;
  /** A line is cut at this length (default 1 MiB). */
  maxLineBytes?: number;
  /** The stat fallback period (default 500 ms). */
  pollMs?: number;
}

interface Wake {
  /** Change events seen so far: one that came while nobody waited is not lost. */
  changes: number;
  waiters: Set<() => void>;
}

/** Resolves at once if a change event came since `wake.changes` was `seen`, else on the next one, after `pollMs`, or on abort. */
function nextChange(wake: Wake, seen: number, pollMs: number, signal: AbortSignal): Promise<void> {
  if (wake.changes !== seen) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      wake.waiters.delete(done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, pollMs);
    wake.waiters.add(done);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** `fromOffset` null: from the start of the file (it did not exist when the follow began). */
export async function* followLines(path: string, fromOffset: number | null, signal: AbortSignal, options: FollowOptions = {}): AsyncGenerator<string> {
  const chunkBytes = Math.max(1, options.chunkBytes ?? 64 * 1024);
  const maxLineBytes = Math.max(1, options.maxLineBytes ?? 1024 * 1024);
  const pollMs = Math.max(1, options.pollMs ?? 500);
  const wake: Wake = { changes: 0, waiters: new Set() };
  let watcher: FSWatcher | null = null;
  try {
    const name = basename(path);
    watcher = watch(dirname(path), { persistent: false }, (_event, file) => {
      if (file !== null && String(file) !== name) return;
      wake.changes++;
      for (const w of [...wake.waiters]) w();
    });
    watcher.on('error', () => undefined);
  } catch {
    watcher = null; // no directory yet, or no inotify: the stat poll alone
  }
  let offset = fromOffset ?? 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const buffer = Buffer.allocUnsafe(chunkBytes);
  try {
    while (!signal.aborted) {
      const seen = wake.changes;
      const size = await sizeOrNull(path);
      if (size !== null && size < offset) {
        offset = 0;
        pending = [];
        pendingBytes = 0;
      }
      if (size === null || size === offset) {
        await nextChange(wake, seen, pollMs, signal);
        continue;
      }
      const handle = await open(path, 'r');
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buffer, 0, Math.min(chunkBytes, size - offset), offset));
      } finally {
        await handle.close();
      }
      if (bytesRead === 0) continue;
      offset += bytesRead;
      // Copy out of the shared buffer: the lines are decoded before the next read, the rest is kept.
      const chunk = Buffer.from(buffer.subarray(0, bytesRead));
      const lines: string[] = [];
      let start = 0;
      for (let nl = chunk.indexOf(NEWLINE); nl >= 0; nl = chunk.indexOf(NEWLINE, start)) {
        const part = chunk.subarray(start, nl);
        lines.push(decodeLine(pendingBytes > 0 ? Buffer.concat([...pending, part]) : part));
        pending = [];
        pendingBytes = 0;
        start = nl + 1;
      }
      if (start < chunk.length) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
        if (pendingBytes >= maxLineBytes) {
          lines.push(decodeLine(Buffer.concat(pending).subarray(0, maxLineBytes)));
          pending = [];
          pendingBytes = 0;
        }
      }
      for (const line of lines) {
        if (signal.aborted) return;
        yield line;
      }
    }
  } finally {
    watcher?.close();
    for (const w of [...wake.waiters]) w();
  }
}
