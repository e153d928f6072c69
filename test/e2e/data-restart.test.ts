/**
 * End-to-end: data survives a restart of SlimFaas on the same state directory — after SIGTERM
 * and after `kill -9` of the CLI — files (bytes, content type, name), sets, counters and hash
 * sets, with their TTLs still honoured (same expiry ticks; a short TTL still expires).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { LocalUp } from '../helpers/local-up.js';
import { waitFor } from '../helpers/wait.js';
import { dataCall, parseListing, startDataOnly } from './data-client.js';

const FILE = randomBytes(300 * 1024);

async function write(up: LocalUp): Promise<void> {
  const post = async (path: string, body?: string | Buffer, headers?: Record<string, string>) => {
    const res = await dataCall(up.url, path, { method: 'POST', body, headers });
    assert.equal(res.status, 200, `${path}: ${res.text}`);
  };
  await post('/data/files?id=kept-file', FILE, { 'content-type': 'image/png', 'content-disposition': 'attachment; filename="photo.png"' });
  await post('/data/files?id=timed-file&ttl=3600000', 'timed file');
  await post('/data/sets/plain', 'plain value');
  await post('/data/sets/timed?ttl=3600000', 'timed value');
  await post('/data/sets/hits/incrby?by=41');
  await post('/data/sets/cost/incrbyfloat?by=0.1');
  await post('/data/hashsets?id=h1', 'hash value');
  // Expires a few seconds after the writes, so after at least one restart.
  await post('/data/sets/brief?ttl=6000', 'brief');
  await post('/data/files?id=brief-file&ttl=6000', 'brief file');
}

/** Everything `write` stored, as a user reads it (listings keep their exact ticks). */
async function snapshot(up: LocalUp) {
  const get = (path: string) => dataCall(up.url, path);
  const file = await get('/data/files/kept-file');
  const listed = (path: string, ids: string[]) => get(path).then((r) => parseListing(r.text).filter((e) => ids.includes(e.id)));
  return {
    file: { status: file.status, type: file.headers['content-type'], disposition: file.headers['content-disposition'], same: file.body.equals(FILE) },
    timedFile: (await get('/data/files/timed-file')).text,
    plain: (await get('/data/sets/plain')).text,
    timed: (await get('/data/sets/timed')).text,
    hash: (await get('/data/hashsets/h1')).text,
    files: await listed('/data/files', ['kept-file', 'timed-file']),
    sets: await listed('/data/sets', ['plain', 'timed']),
  };
}

describe('data survives restarts', () => {
  it('after SIGTERM and after kill -9 of the CLI: nothing lost, TTLs honoured', async () => {
    let up = await startDataOnly();
    const reuse = { dir: up.dir, ports: up.ports };
    try {
      await write(up);
      const before = await snapshot(up);
      assert.deepEqual(before.file, { status: 200, type: 'image/png', disposition: "attachment; filename=photo.png; filename*=UTF-8''photo.png", same: true });
      assert.equal(before.files.length, 2);
      assert.notEqual(before.files.find((e) => e.id === 'timed-file')!.ticks, '-1');

      assert.equal(await up.stop(), 0);
      up = await startDataOnly({}, reuse);
      assert.deepEqual(await snapshot(up), before, 'after SIGTERM');
      assert.equal((await dataCall(up.url, '/data/sets/hits/incr', { method: 'POST' })).text, '42');
      assert.equal((await dataCall(up.url, '/data/sets/cost/incrbyfloat?by=0.2', { method: 'POST' })).text, '0.3');

      await up.killCli();
      up = await startDataOnly({}, reuse);
      assert.deepEqual(await snapshot(up), before, 'after kill -9');
      assert.equal((await dataCall(up.url, '/data/sets/hits')).text, '42');
      assert.equal((await dataCall(up.url, '/data/sets/cost')).text, '0.3');

      await waitFor(async () => (await dataCall(up.url, '/data/sets/brief')).status === 404, 20_000, 'brief to expire after the restarts');
      await waitFor(async () => (await dataCall(up.url, '/data/files/brief-file')).status === 404, 20_000, 'brief-file to expire');
      assert.equal(await up.stop(), 0);
    } finally {
      await up.dispose();
    }
  });
});
