/**
 * Where async request bodies wait for delivery: a body up to `inlineLimit` stays in memory (and
 * then inline in the queue element); a larger one is streamed to its own file as it arrives, with
 * back-pressure, and fsynced before `receive` resolves, so no body is ever held whole in memory.
 * Queued bodies are named `queued/<function>/<element id>` and removed once their element has
 * ended; transient ones (event fan-out) live under `transient/`, emptied at start.
 */
import { mkdirSync, rmSync, type ReadStream } from 'node:fs';
import { open, readdir, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { PayloadTooLargeError } from '../proxy/body-errors.js';
import { writeAll } from '../util/write-all.js';

/** Upstream offloads async bodies above 1 MiB to its file store (platform.md §3.5). */
export const INLINE_BODY_LIMIT = 1024 * 1024;

const QUEUED = 'queued';
const TRANSIENT = 'transient';

export type ReceivedBody = { inline: Buffer } | { file: string; size: number };

export class BodyMissingError extends Error {}

export class BodySpool {
  constructor(
    readonly directory: string,
    private readonly inlineLimit = INLINE_BODY_LIMIT,
  ) {
    rmSync(join(directory, TRANSIENT), { recursive: true, force: true });
    mkdirSync(join(directory, QUEUED), { recursive: true });
    mkdirSync(join(directory, TRANSIENT), { recursive: true });
  }

  /** Reads `body` to its end: inline when small, else into `queued/<fn>/<id>`; rejects past `maxBytes`. */
  receive(body: Readable, maxBytes: number, functionName: string, id: string): Promise<ReceivedBody> {
    return this.read(body, maxBytes, `${QUEUED}/${encodeURIComponent(functionName).replace(/\./g, '%2E')}`, id);
  }

  /** Same as `receive` for a body used only while this process runs (remove it when done). */
  receiveTransient(body: Readable, maxBytes: number, id: string): Promise<ReceivedBody> {
    return this.read(body, maxBytes, TRANSIENT, id);
  }

  private async read(body: Readable, maxBytes: number, dir: string, id: string): Promise<ReceivedBody> {
    const chunks: Buffer[] = [];
    let size = 0;
    let file: { name: string; handle: FileHandle } | null = null;
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBytes) throw new PayloadTooLargeError();
        if (!file && size <= this.inlineLimit) {
          chunks.push(chunk);
          continue;
        }
        if (!file) {
          file = await this.create(dir, id);
          await writeAll(file.handle, Buffer.concat(chunks));
          chunks.length = 0;
        }
        await writeAll(file.handle, chunk);
      }
      if (!file) return { inline: Buffer.concat(chunks, size) };
      await file.handle.sync();
      await file.handle.close();
      return { file: file.name, size };
    } catch (error) {
      if (file) {
        await file.handle.close().catch(() => undefined);
        await unlink(this.path(file.name)).catch(() => undefined);
      }
      throw error;
    }
  }

  /** A stream of a spooled body; rejects with BodyMissingError when its file is gone. */
  async open(file: string): Promise<ReadStream> {
    let handle: FileHandle;
    try {
      handle = await open(this.path(file), 'r');
    } catch {
      throw new BodyMissingError(`async body ${file} is missing`);
    }
    return handle.createReadStream({ autoClose: true, highWaterMark: 64 * 1024 });
  }

  async remove(file: string): Promise<void> {
    await unlink(this.path(file)).catch(() => undefined);
  }

  /**
   * Removes the files whose element no longer exists (ended while this node was down, or removed
   * by a timeout). Files younger than `minAgeMs` are left alone: their element may be committing.
   */
  async sweep(live: (functionName: string, ids: string[]) => Promise<Set<string>>, nowMs: number, minAgeMs = 60_000): Promise<number> {
    let removed = 0;
    const queued = join(this.directory, QUEUED);
    for (const dir of await readdir(queued).catch(() => [] as string[])) {
      const names = await readdir(join(queued, dir)).catch(() => [] as string[]);
      const old: string[] = [];
      for (const name of names) {
        const info = await stat(join(queued, dir, name)).catch(() => null);
        if (info && nowMs - info.mtimeMs >= minAgeMs) old.push(name);
      }
      if (old.length === 0) continue;
      const alive = await live(decodeURIComponent(dir), old);
      for (const id of old) {
        if (alive.has(id)) continue;
        await unlink(join(queued, dir, id)).catch(() => undefined);
        removed++;
      }
    }
    return removed;
  }

  private path(file: string): string {
    return join(this.directory, file);
  }

  private async create(dir: string, id: string): Promise<{ name: string; handle: FileHandle }> {
    mkdirSync(join(this.directory, dir), { recursive: true });
    const name = `${dir}/${id}`;
    return { name, handle: await open(this.path(name), 'wx') };
  }
}
