// FileStore on a temp directory: streamed uploads put in place atomically, versions, leftovers.
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { PayloadTooLargeError } from '../../proxy/body-errors.js';
import { FileStore } from './file-store.js';
import type { LocalFileMeta } from './file-meta.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const describeAs = (id: string) => (sha256: string, length: number): LocalFileMeta => ({ id, sha256, length, contentType: 'text/plain', fileName: `${id}.txt`, expireAtMs: null });

async function readAll(files: FileStore, id: string, sha256: string, length: number): Promise<Buffer | null> {
  const handle = await files.open(id, sha256, length);
  if (!handle) return null;
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

describe('FileStore', () => {
  let root: string;
  let files: FileStore;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'slimfaas-files-'));
    files = new FileStore(join(root, 'files'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('streams a body to disk with its SHA-256 and length, then puts it in place', async () => {
    const chunks = Array.from({ length: 40 }, (_, i) => Buffer.alloc(16 * 1024, i));
    const body = Buffer.concat(chunks);
    const meta = await files.receive('report-1', Readable.from(chunks), 10 * 1024 * 1024, describeAs('report-1'));
    assert.deepEqual(meta, describeAs('report-1')(sha(body), body.length));
    assert.deepEqual(await readAll(files, 'report-1', meta.sha256, body.length), body);
    assert.equal(await files.open('report-1', meta.sha256, body.length + 1), null, 'a length mismatch is not this file');
    assert.equal(await files.open('other', meta.sha256, body.length), null);
    const dir = readdirSync(join(root, 'files', files.dirOf('report-1'))).sort();
    assert.deepEqual(dir, [`${meta.sha256}.bin`, `${meta.sha256}.json`]);
    assert.equal(files.dirOf('report-1').length, 64);
    assert.notEqual(files.dirOf('Report-1'), files.dirOf('report-1'), 'ids differing by case never share a directory');
  });

  it('an empty body is a file too', async () => {
    const meta = await files.receive('empty', Readable.from([]), 10, describeAs('empty'));
    assert.equal(meta.length, 0);
    assert.deepEqual(await readAll(files, 'empty', meta.sha256, 0), Buffer.alloc(0));
  });

  it('past maxBytes: PayloadTooLargeError and nothing left behind', async () => {
    await assert.rejects(files.receive('big', Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), 1000, describeAs('big')), PayloadTooLargeError);
    assert.deepEqual(readdirSync(join(root, 'files', files.dirOf('big'))), []);
  });

  it('a body that fails mid-way leaves nothing behind', async () => {
    const failing = new Readable({ read() { this.push(Buffer.alloc(100)); this.destroy(new Error('client went away')); } });
    await assert.rejects(files.receive('cut', failing, 1000, describeAs('cut')), /client went away/);
    assert.deepEqual(readdirSync(join(root, 'files', files.dirOf('cut'))), []);
  });

  it('versions: an upload adds one, removeVersions keeps only the named one (or none)', async () => {
    const v1 = await files.receive('f', Readable.from([Buffer.from('one')]), 100, describeAs('f'));
    const v2 = await files.receive('f', Readable.from([Buffer.from('two')]), 100, describeAs('f'));
    const opened = await files.open('f', v1.sha256, 3);
    await files.removeVersions('f', v2.sha256);
    assert.equal(await files.open('f', v1.sha256, 3), null);
    assert.deepEqual(await opened!.readFile(), Buffer.from('one'), 'an open download keeps its bytes');
    await opened!.close();
    assert.deepEqual(await readAll(files, 'f', v2.sha256, 3), Buffer.from('two'));
    await files.removeVersions('f', null);
    assert.equal(await files.open('f', v2.sha256, 3), null);
  });

  it('scan lists versions with their sidecars, leftovers and empty directories', async () => {
    const v = await files.receive('f', Readable.from([Buffer.from('x')]), 100, describeAs('f'));
    const dir = join(root, 'files', files.dirOf('f'));
    writeFileSync(join(dir, '.upload-0123.tmp'), 'partial');
    writeFileSync(join(dir, `${'c'.repeat(64)}.json`), '{}');
    writeFileSync(join(dir, `${'d'.repeat(64)}.bin`), 'no sidecar');
    mkdirSync(join(root, 'files', 'empty'));
    utimesSync(join(dir, '.upload-0123.tmp'), new Date(1000), new Date(1000));
    const scan = await files.scan();
    assert.deepEqual(
      scan.versions.map((x) => [x.sha256, x.local?.id ?? null]).sort(),
      [[v.sha256, 'f'], ['d'.repeat(64), null]],
    );
    assert.deepEqual(scan.strays.map((s) => s.path.slice(dir.length + 1)).sort(), ['.upload-0123.tmp', `${'c'.repeat(64)}.json`]);
    assert.equal(scan.strays.find((s) => s.path.endsWith('.tmp'))!.mtimeMs, 1000);
    assert.deepEqual(scan.emptyDirs.map((d) => d.path), [join(root, 'files', 'empty')]);
  });
});
