/**
 * The bytes of data files on this node's disk, under `<root>/<sha256(id)>/` (a fixed-length name
 * whatever the id, and safe on case-insensitive file systems): `<content sha256>.bin`, immutable
 * once in place, and its sidecar `<content sha256>.json` (LocalFileMeta). An upload streams into
 * `.upload-<32 hex>.tmp` as it arrives (hashed and counted on the way, with back-pressure, never
 * whole in memory), is fsynced, then renamed into place: a reader never sees a partial file, and
 * a download that already opened an older version keeps its bytes while a newer one replaces it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rmdir, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { PayloadTooLargeError } from '../../proxy/body-errors.js';
import { writeAll } from '../../util/write-all.js';
import { decodeLocalMeta, encodeLocalMeta, type LocalFileMeta } from './file-meta.js';

const TEMP_PREFIX = '.upload-';
const TEMP_SUFFIX = '.tmp';
/** Writes are gathered up to this size (fewer system calls; bounded memory). */
const WRITE_BATCH = 256 * 1024;

/** One version of a file found on disk. */
export interface StoredVersion {
  dir: string;
  sha256: string;
  /** The sidecar, or null when it is missing or unreadable. */
  local: LocalFileMeta | null;
}

/** A leftover: an interrupted upload, or a sidecar without its bytes. */
export interface StrayFile {
  path: string;
  mtimeMs: number;
}

export interface DiskScan {
  versions: StoredVersion[];
  strays: StrayFile[];
  /** Directories with nothing in them (removed by the sweeper once old). */
  emptyDirs: StrayFile[];
}

export class FileStore {
  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true });
  }

  dirOf(id: string): string {
    return createHash('sha256').update(id, 'utf8').digest('hex');
  }

  /**
   * Streams `body` to disk (rejecting with PayloadTooLargeError past `maxBytes`), then puts the
   * version in place with the sidecar `describe` gives for its SHA-256 and length.
   */
  async receive(id: string, body: Readable, maxBytes: number, describe: (sha256: string, length: number) => LocalFileMeta): Promise<LocalFileMeta> {
    const dir = join(this.root, this.dirOf(id));
    await mkdir(dir, { recursive: true });
    const temp = join(dir, `${TEMP_PREFIX}${randomBytes(16).toString('hex')}${TEMP_SUFFIX}`);
    const sidecarTemp = `${temp}.json${TEMP_SUFFIX}`;
    // The sweeper may remove an old empty directory between mkdir and open: create it again.
    const handle = await open(temp, 'wx').catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      await mkdir(dir, { recursive: true });
      return open(temp, 'wx');
    });
    try {
      const { sha256, length } = await streamInto(body, handle, maxBytes);
      await handle.sync();
      await handle.close();
      const meta = describe(sha256, length);
      await writeDurably(sidecarTemp, encodeLocalMeta(meta));
      await rename(sidecarTemp, join(dir, `${sha256}.json`));
      await rename(temp, join(dir, `${sha256}.bin`));
      await syncDirectory(dir);
      return meta;
    } catch (error) {
      await handle.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      await unlink(sidecarTemp).catch(() => undefined);
      throw error;
    }
  }

  /** The bytes of version `sha256` of `id` if this node holds them (with the expected length). */
  async open(id: string, sha256: string, length: number): Promise<FileHandle | null> {
    let handle: FileHandle;
    try {
      handle = await open(join(this.root, this.dirOf(id), `${sha256}.bin`), 'r');
    } catch {
      return null;
    }
    const size = await handle.stat().then((s) => s.size, () => -1);
    if (size === length) return handle;
    await handle.close().catch(() => undefined);
    return null;
  }

  /** Removes every version of `id` except `keepSha256` (all of them when null). */
  async removeVersions(id: string, keepSha256: string | null): Promise<void> {
    const dir = this.dirOf(id);
    for (const name of await readdir(join(this.root, dir)).catch(() => [] as string[])) {
      if (name.startsWith(TEMP_PREFIX)) continue;
      const sha = name.replace(/\.(bin|json)$/, '');
      if (sha !== keepSha256) await unlink(join(this.root, dir, name)).catch(() => undefined);
    }
  }

  /** Removes one version (bytes first, then its sidecar). */
  async removeVersion(version: StoredVersion): Promise<void> {
    await unlink(join(this.root, version.dir, `${version.sha256}.bin`)).catch(() => undefined);
    await unlink(join(this.root, version.dir, `${version.sha256}.json`)).catch(() => undefined);
  }

  async readLocal(version: Pick<StoredVersion, 'dir' | 'sha256'>): Promise<LocalFileMeta | null> {
    const raw = await readFile(join(this.root, version.dir, `${version.sha256}.json`)).catch(() => null);
    return raw === null ? null : decodeLocalMeta(raw);
  }

  async removeStray(path: string): Promise<void> {
    await unlink(path).catch(() => undefined);
  }

  /** Removes a directory only if it is (still) empty. */
  async removeEmptyDir(path: string): Promise<void> {
    await rmdir(path).catch(() => undefined);
  }

  /** Everything under the root, for the sweeper. */
  async scan(): Promise<DiskScan> {
    const result: DiskScan = { versions: [], strays: [], emptyDirs: [] };
    for (const dir of await readdir(this.root).catch(() => [] as string[])) {
      const path = join(this.root, dir);
      const names = await readdir(path).catch(() => null);
      if (names === null) continue;
      if (names.length === 0) {
        const info = await stat(path).catch(() => null);
        if (info) result.emptyDirs.push({ path, mtimeMs: info.mtimeMs });
        continue;
      }
      const bins = new Set(names.filter((n) => n.endsWith('.bin')).map((n) => n.slice(0, -4)));
      for (const name of names) {
        const sha = name.endsWith('.bin') ? name.slice(0, -4) : null;
        if (sha !== null && !name.startsWith(TEMP_PREFIX)) {
          result.versions.push({ dir, sha256: sha, local: await this.readLocal({ dir, sha256: sha }) });
        } else if (name.startsWith(TEMP_PREFIX) || (name.endsWith('.json') && !bins.has(name.slice(0, -5)))) {
          const info = await stat(join(path, name)).catch(() => null);
          if (info) result.strays.push({ path: join(path, name), mtimeMs: info.mtimeMs });
        }
      }
    }
    return result;
  }
}

/** Hashes, counts and writes `body` in batches; rejects with PayloadTooLargeError past `maxBytes`. */
async function streamInto(body: Readable, handle: FileHandle, maxBytes: number): Promise<{ sha256: string; length: number }> {
  const hash = createHash('sha256');
  let length = 0;
  let batch: Buffer[] = [];
  let batchBytes = 0;
  // An early exit must not destroy the request: its 413 still has to be answered.
  for await (const chunk of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > maxBytes) throw new PayloadTooLargeError();
    hash.update(chunk);
    batch.push(chunk);
    batchBytes += chunk.length;
    if (batchBytes >= WRITE_BATCH) {
      await writeAll(handle, batch.length === 1 ? batch[0]! : Buffer.concat(batch, batchBytes));
      batch = [];
      batchBytes = 0;
    }
  }
  if (batchBytes > 0) await writeAll(handle, Buffer.concat(batch, batchBytes));
  return { sha256: hash.digest('hex'), length };
}

async function writeDurably(path: string, text: string): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await writeAll(handle, Buffer.from(text, 'utf8'));
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes the renames durable (a no-op where directories cannot be opened). */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => null);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close().catch(() => undefined);
}
