/**
 * End-to-end, through the real CLI and an external caller (native local mode: `Public`): the
 * data-file acceptance scenarios of data.md §8 (1–11, 27), with ranges, HEAD and ETag beyond
 * upstream, bytes in the state directory, and expired bytes removed by the node's cleaner.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { EXTERNAL } from '../helpers/http.js';
import type { LocalUp } from '../helpers/local-up.js';
import { waitFor } from '../helpers/wait.js';
import { dataCall, parseListing, sha256, startDataOnly, ticksAt } from './data-client.js';

const RESERVED = 'sf-internal-0123456789abcdef0123456789abcdef-internal';

/** The directory holding the bytes of `id` (`<state>/data/slimfaas-0/files/<sha256(id)>`). */
function bytesDir(up: LocalUp, id: string): string {
  return join(up.stateDir, 'data', 'slimfaas-0', 'files', sha256(id));
}

function binFiles(up: LocalUp, id: string): string[] {
  const dir = bytesDir(up, id);
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.bin')) : [];
}

describe('data files (data.md §8, scenarios 1–11 and 27)', () => {
  let up: LocalUp;
  const report = randomBytes(10 * 1024);
  before(async () => {
    up = await startDataOnly();
  });
  after(async () => {
    assert.equal(await up?.stop(), 0);
    await up?.dispose();
  });

  it('1. upload with id: 200 text/plain body report-1; the bytes live in the state directory', async () => {
    const res = await dataCall(up.url, '/data/files?id=report-1&ttl=600000', {
      method: 'POST',
      headers: { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="report.pdf"' },
      body: report,
    });
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'] ?? '', /^text\/plain/);
    assert.equal(res.text, 'report-1');
    assert.deepEqual(binFiles(up, 'report-1'), [`${sha256(report)}.bin`]);
    assert.equal(statSync(join(bytesDir(up, 'report-1'), `${sha256(report)}.bin`)).size, report.length);
  });

  it('2. download: the stored content type, attachment report.pdf, the exact bytes', async () => {
    const res = await dataCall(up.url, '/data/files/report-1');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.match(res.headers['content-disposition'] ?? '', /^attachment;.*filename=report\.pdf/);
    assert.deepEqual(res.body, report);
    assert.equal(res.headers.etag, `"${sha256(report)}"`);
    assert.equal(res.headers['accept-ranges'], 'bytes');
  });

  it('3. generated id: 32 lowercase hex characters', async () => {
    const res = await dataCall(up.url, '/data/files', { method: 'POST', body: 'anything' });
    assert.equal(res.status, 200);
    assert.match(res.text, /^[0-9a-f]{32}$/);
    assert.equal((await dataCall(up.url, `/data/files/${res.text}`)).text, 'anything');
  });

  it('4. defaults: application/octet-stream, the id as file name', async () => {
    assert.equal((await dataCall(up.url, '/data/files?id=raw1', { method: 'POST', body: 'raw' })).status, 200);
    const res = await dataCall(up.url, '/data/files/raw1');
    assert.equal(res.headers['content-type'], 'application/octet-stream');
    assert.match(res.headers['content-disposition'] ?? '', /^attachment; filename=raw1;/);
  });

  it('5. invalid id: 400 "Invalid id." (query and path, including a 201-character id)', async () => {
    const res = await dataCall(up.url, '/data/files?id=a%20b', { method: 'POST', body: 'x' });
    assert.equal(res.status, 400);
    assert.equal(res.text, '"Invalid id."');
    assert.equal((await dataCall(up.url, `/data/files/${'a'.repeat(201)}`)).status, 400);
    assert.equal((await dataCall(up.url, '/data/files/a%20b')).status, 400);
    assert.equal((await dataCall(up.url, '/data/files/a%20b', { method: 'DELETE' })).status, 400);
  });

  it('6. unknown file: 404', async () => {
    assert.equal((await dataCall(up.url, '/data/files/nope')).status, 404);
    assert.equal((await dataCall(up.url, '/data/files/nope', { method: 'HEAD' })).status, 404);
  });

  it('7. delete: 204, then 404 and not listed, bytes removed; deleting an unknown id is 204', async () => {
    assert.equal((await dataCall(up.url, '/data/files?id=to-delete', { method: 'POST', body: 'bye' })).status, 200);
    assert.equal(binFiles(up, 'to-delete').length, 1);
    assert.equal((await dataCall(up.url, '/data/files/to-delete', { method: 'DELETE' })).status, 204);
    assert.equal((await dataCall(up.url, '/data/files/to-delete')).status, 404);
    assert.ok(!parseListing((await dataCall(up.url, '/data/files')).text).some((e) => e.id === 'to-delete'));
    assert.deepEqual(binFiles(up, 'to-delete'), []);
    assert.equal((await dataCall(up.url, '/data/files/never-existed', { method: 'DELETE' })).status, 204);
  });

  it('8. list: ordered by id, ticks ≈ now + 10 min for a TTL, -1 without', async () => {
    const before = Date.now();
    assert.equal((await dataCall(up.url, '/data/files?id=b-file', { method: 'POST', body: 'b' })).status, 200);
    assert.equal((await dataCall(up.url, '/data/files?id=a-file&ttl=600000', { method: 'POST', body: 'a' })).status, 200);
    const after = Date.now();
    const res = await dataCall(up.url, '/data/files');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'] ?? '', /^application\/json/);
    const listed = parseListing(res.text);
    const ids = listed.map((e) => e.id);
    assert.deepEqual(ids, [...ids].sort(), 'ordered by id (ordinal)');
    const pair = listed.filter((e) => e.id === 'a-file' || e.id === 'b-file');
    assert.deepEqual(pair.map((e) => e.id), ['a-file', 'b-file']);
    assert.equal(pair[1]!.ticks, '-1');
    const ticks = BigInt(pair[0]!.ticks);
    assert.ok(ticks >= ticksAt(before + 600_000) && ticks <= ticksAt(after + 600_000), `${ticks} is upload time + 10 min`);
  });

  it('9. file TTL: gone once expired (GET 404, not listed); its bytes are then removed by the cleaner', async () => {
    assert.equal((await dataCall(up.url, '/data/files?id=short&ttl=1000', { method: 'POST', body: 'short-lived' })).status, 200);
    assert.equal((await dataCall(up.url, '/data/files?id=still-here&ttl=600000', { method: 'POST', body: 'long-lived' })).status, 200);
    await waitFor(async () => (await dataCall(up.url, '/data/files/short')).status === 404, 15_000, 'short to expire');
    const listed = parseListing((await dataCall(up.url, '/data/files')).text).map((e) => e.id);
    assert.ok(!listed.includes('short') && listed.includes('still-here'));
    assert.equal((await dataCall(up.url, '/data/files/still-here')).text, 'long-lived');
    // The housekeeping loop first runs 10–20 s after start, then every 30 s.
    await waitFor(() => binFiles(up, 'short').length === 0, 60_000, 'the expired bytes to be removed');
    assert.equal(binFiles(up, 'still-here').length, 1);
  });

  it('10. ranges (beyond upstream): 206 with Content-Range, suffix and open ranges, 416, If-Range', async () => {
    const first = await dataCall(up.url, '/data/files/report-1', { headers: { range: 'bytes=0-9' } });
    assert.equal(first.status, 206);
    assert.equal(first.headers['content-range'], `bytes 0-9/${report.length}`);
    assert.equal(first.headers['content-length'], '10');
    assert.deepEqual(first.body, report.subarray(0, 10));
    const suffix = await dataCall(up.url, '/data/files/report-1', { headers: { range: 'bytes=-16' } });
    assert.deepEqual([suffix.status, suffix.body], [206, report.subarray(report.length - 16)]);
    const open = await dataCall(up.url, '/data/files/report-1', { headers: { range: 'bytes=10000-' } });
    assert.deepEqual([open.status, open.headers['content-range'], open.body], [206, `bytes 10000-10239/10240`, report.subarray(10000)]);
    const beyond = await dataCall(up.url, '/data/files/report-1', { headers: { range: 'bytes=10240-' } });
    assert.deepEqual([beyond.status, beyond.headers['content-range'], beyond.body.length], [416, 'bytes */10240', 0]);
    const several = await dataCall(up.url, '/data/files/report-1', { headers: { range: 'bytes=0-1,4-5' } });
    assert.deepEqual([several.status, several.body], [200, report], 'several ranges: the whole file');
    const stale = await dataCall(up.url, '/data/files/report-1', { headers: { range: 'bytes=0-9', 'if-range': '"not-the-etag"' } });
    assert.deepEqual([stale.status, stale.body.length], [200, report.length]);
    const current = await dataCall(up.url, '/data/files/report-1', { headers: { range: 'bytes=0-9', 'if-range': `"${sha256(report)}"` } });
    assert.equal(current.status, 206);
  });

  it('HEAD: the headers of a download, no body', async () => {
    const res = await dataCall(up.url, '/data/files/report-1', { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-length'], String(report.length));
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.body.length, 0);
  });

  it('an upload replaces the previous content of its id; its old bytes are removed', async () => {
    assert.equal((await dataCall(up.url, '/data/files?id=doc', { method: 'POST', body: 'version 1' })).status, 200);
    assert.equal((await dataCall(up.url, '/data/files?id=doc', { method: 'POST', body: 'version 2', headers: { 'content-type': 'text/plain' } })).status, 200);
    const res = await dataCall(up.url, '/data/files/doc');
    assert.deepEqual([res.text, res.headers['content-type']], ['version 2', 'text/plain']);
    assert.deepEqual(binFiles(up, 'doc'), [`${sha256('version 2')}.bin`]);
  });

  it('a chunked upload (no Content-Length) works; bad ttl is 400; wrong methods 405; deeper paths 404', async () => {
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${up.url}/data/files?id=chunked`, { method: 'POST', localAddress: EXTERNAL, agent: false }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write('part 1, ');
      req.end('part 2');
    });
    assert.deepEqual(chunked, { status: 200, body: 'chunked' });
    assert.equal((await dataCall(up.url, '/data/files/chunked')).text, 'part 1, part 2');
    const badTtl = await dataCall(up.url, '/data/files?id=x&ttl=soon', { method: 'POST', body: 'x' });
    assert.deepEqual([badTtl.status, badTtl.text], [400, '"Invalid ttl."']);
    assert.equal((await dataCall(up.url, '/data/files/report-1', { method: 'PUT', body: 'x' })).status, 405);
    assert.equal((await dataCall(up.url, '/data/files/report-1', { method: 'POST', body: 'x' })).status, 405);
    assert.equal((await dataCall(up.url, '/data/files', { method: 'DELETE' })).status, 405);
    assert.equal((await dataCall(up.url, '/data/files/report-1/more')).status, 404);
  });

  it('27. reserved ids: POST 400 "Invalid id.", GET and DELETE 404', async () => {
    const res = await dataCall(up.url, `/data/files?id=${RESERVED}`, { method: 'POST', body: 'x' });
    assert.deepEqual([res.status, res.text], [400, '"Invalid id."']);
    assert.equal((await dataCall(up.url, `/data/files/${RESERVED}`)).status, 404);
    assert.equal((await dataCall(up.url, `/data/files/${RESERVED}`, { method: 'DELETE' })).status, 404);
  });

  it('data routes answer on the node port too (not port-filtered)', async () => {
    const res = await dataCall(up.nodeUrl, '/data/files/report-1');
    assert.deepEqual([res.status, res.body], [200, report]);
  });
});

describe('data files: upload too large (scenario 11)', () => {
  it('with Kestrel__Limits__MaxRequestBodySize=1048576, a 2 MiB file is 413 (declared or chunked), 1 MiB is 200', async () => {
    const up = await startDataOnly({ Kestrel__Limits__MaxRequestBodySize: '1048576' });
    try {
      const declared = await dataCall(up.url, '/data/files?id=big', { method: 'POST', body: randomBytes(2 * 1024 * 1024) });
      assert.equal(declared.status, 413);
      const chunked = await new Promise<number>((resolve, reject) => {
        const req = http.request(`${up.url}/data/files?id=big-chunked`, { method: 'POST', localAddress: EXTERNAL, agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
        for (let i = 0; i < 32; i++) req.write(randomBytes(64 * 1024));
        req.end();
      });
      assert.equal(chunked, 413);
      assert.equal((await dataCall(up.url, '/data/files?id=fits', { method: 'POST', body: randomBytes(1024 * 1024) })).status, 200);
      const listed = parseListing((await dataCall(up.url, '/data/files')).text).map((e) => e.id);
      assert.deepEqual(listed, ['fits']);
      assert.equal(binFiles(up, 'big-chunked').length, 0, 'nothing of the refused upload stays on disk');
      assert.equal(await up.stop(), 0);
    } finally {
      await up.dispose();
    }
  });
});
