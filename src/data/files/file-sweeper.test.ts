// The data-file cleaner over a real FileStore and SqliteStore with a fake clock.
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import { silentLogger } from '../../logging.js';
import { fileMetaKey } from '../data-keys.js';
import { FileStore } from './file-store.js';
import { FileSweeper } from './file-sweeper.js';
import { TransferLimiter } from './transfer-limiter.js';
import { encodeMeta, type LocalFileMeta } from './file-meta.js';

describe('FileSweeper', () => {
  let root: string;
  let now: number;
  let store: SqliteStore;
  let files: FileStore;
  let sweeper: FileSweeper;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'slimfaas-sweep-'));
    now = Date.now();
    store = SqliteStore.open({ path: join(root, 'store.sqlite'), now: () => now });
    files = new FileStore(join(root, 'files'));
    const limiter = new TransferLimiter({ maxInFlightBytes: 1000, maxPending: 10, waitTimeoutMs: 1000 });
    sweeper = new FileSweeper(files, store, limiter, silentLogger);
  });
  afterEach(async () => {
    await store.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** Uploads as the route does: bytes in place, then the shared metadata. */
  async function upload(id: string, text: string, ttlMs?: number): Promise<LocalFileMeta> {
    const meta = await files.receive(id, Readable.from([Buffer.from(text)]), 1000, (sha256, length) => ({
      id, sha256, length, contentType: '', fileName: id, expireAtMs: ttlMs === undefined ? null : now + ttlMs,
    }));
    await store.set(fileMetaKey(id), encodeMeta(meta), ttlMs);
    return meta;
  }
  const present = async (id: string, meta: LocalFileMeta) => {
    const handle = await files.open(id, meta.sha256, meta.length);
    await handle?.close();
    return handle !== null;
  };

  it('keeps current files; removes an expired one at the first cycle', async () => {
    const kept = await upload('kept', 'a');
    const brief = await upload('brief', 'b', 1000);
    assert.deepEqual(await sweeper.sweep(now), { expired: 0, orphans: 0, strays: 0 });
    now += 1000;
    assert.deepEqual(await sweeper.sweep(now), { expired: 1, orphans: 0, strays: 0 });
    assert.equal(await present('brief', brief), false);
    assert.equal(await present('kept', kept), true);
  });

  it('removes bytes without metadata on the third consecutive cycle only', async () => {
    const meta = await upload('gone', 'x');
    await store.delete(fileMetaKey('gone'));
    for (const expected of [0, 0, 1]) {
      assert.equal((await sweeper.sweep(now)).orphans, expected);
      now += 30_000;
    }
    assert.equal(await present('gone', meta), false);
  });

  it('a candidate whose metadata comes back starts over', async () => {
    const meta = await upload('back', 'x');
    await store.delete(fileMetaKey('back'));
    await sweeper.sweep(now);
    await sweeper.sweep(now);
    await store.set(fileMetaKey('back'), encodeMeta(meta));
    await sweeper.sweep(now);
    await store.delete(fileMetaKey('back'));
    await sweeper.sweep(now);
    await sweeper.sweep(now);
    assert.equal(await present('back', meta), true);
    assert.equal((await sweeper.sweep(now)).orphans, 1);
  });

  it('an older version the metadata no longer names is an orphan', async () => {
    const old = await upload('f', 'old');
    const current = await upload('f', 'new');
    writeFileSync(join(root, 'files', files.dirOf('f'), `${old.sha256}.bin`), 'old');
    writeFileSync(join(root, 'files', files.dirOf('f'), `${old.sha256}.json`), JSON.stringify(old));
    for (let i = 0; i < 3; i++) await sweeper.sweep(now);
    assert.equal(await present('f', old), false);
    assert.equal(await present('f', current), true);
  });

  it('corrupted metadata never deletes bytes', async () => {
    const meta = await upload('c', 'x');
    await store.set(fileMetaKey('c'), '{not json');
    for (let i = 0; i < 4; i++) await sweeper.sweep(now);
    assert.equal(await present('c', meta), true);
  });

  it('removes leftover uploads unmodified for 10 minutes, not fresh ones', async () => {
    await upload('f', 'x');
    const dir = join(root, 'files', files.dirOf('f'));
    writeFileSync(join(dir, '.upload-old.tmp'), 'partial');
    writeFileSync(join(dir, '.upload-new.tmp'), 'partial');
    utimesSync(join(dir, '.upload-old.tmp'), new Date(now - 600_001), new Date(now - 600_001));
    assert.equal((await sweeper.sweep(now)).strays, 1);
    assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.tmp')), ['.upload-new.tmp']);
  });
});
