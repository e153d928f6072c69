/**
 * End-to-end, through the real CLI and an external caller (native local mode: `Public`): the
 * data-set, counter and hash-set acceptance scenarios of data.md §8 (15–26). Expiry is waited on
 * as a condition (a witness entry with the same TTL), never with a fixed sleep.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { LocalUp } from '../helpers/local-up.js';
import { waitFor } from '../helpers/wait.js';
import { dataCall, parseListing, startDataOnly, ticksAt } from './data-client.js';

const MiB = 1024 * 1024;

describe('data sets, counters and hash sets (data.md §8, scenarios 15–26)', () => {
  let up: LocalUp;
  const post = (path: string, body?: string | Buffer) => dataCall(up.url, path, { method: 'POST', body });
  const get = (path: string) => dataCall(up.url, path);
  const gone = (path: string) => waitFor(async () => (await get(path)).status === 404, 15_000, `${path} to expire`);

  before(async () => {
    up = await startDataOnly();
  });
  after(async () => {
    assert.equal(await up?.stop(), 0);
    await up?.dispose();
  });

  it('15. set and get: 200 "my.key"; GET is application/octet-stream hello', async () => {
    const res = await post('/data/sets/my.key', 'hello');
    assert.deepEqual([res.status, res.text], [200, '"my.key"']);
    assert.match(res.headers['content-type'] ?? '', /^application\/json/);
    const read = await get('/data/sets/my.key');
    assert.deepEqual([read.status, read.headers['content-type'], read.text], [200, 'application/octet-stream', 'hello']);
  });

  it('16. generated set id (32 hex, JSON string); the legacy ?id= form', async () => {
    const res = await post('/data/sets', 'x');
    assert.equal(res.status, 200);
    const id = JSON.parse(res.text) as string;
    assert.match(id, /^[0-9a-f]{32}$/);
    assert.equal((await get(`/data/sets/${id}`)).text, 'x');
    assert.equal((await post('/data/sets?id=legacy1', 'old style')).text, '"legacy1"');
    assert.equal((await get('/data/sets/legacy1')).text, 'old style');
  });

  it('17. set too large: 1,048,577 bytes is a 413 problem; exactly 1 MiB is 200', async () => {
    const res = await post('/data/sets/big', Buffer.alloc(MiB + 1, 1));
    assert.equal(res.status, 413);
    assert.equal(res.headers['content-type'], 'application/problem+json');
    const problem = JSON.parse(res.text) as Record<string, unknown>;
    assert.deepEqual(Object.keys(problem), ['type', 'title', 'status', 'detail']);
    assert.deepEqual([problem.title, problem.status, problem.detail], ['Payload too large', 413, 'Max allowed size is 1048576 bytes (1 MiB).']);
    assert.equal((await get('/data/sets/big')).status, 404);
    assert.equal((await post('/data/sets/big', Buffer.alloc(MiB, 2))).status, 200);
    assert.equal((await get('/data/sets/big')).body.length, MiB);
  });

  it('18. missing set 404; delete of a missing set 204; delete removes', async () => {
    assert.equal((await get('/data/sets/missing')).status, 404);
    assert.equal((await dataCall(up.url, '/data/sets/missing', { method: 'DELETE' })).status, 204);
    await post('/data/sets/doomed', 'x');
    assert.equal((await dataCall(up.url, '/data/sets/doomed', { method: 'DELETE' })).status, 204);
    assert.equal((await get('/data/sets/doomed')).status, 404);
  });

  it('19. set TTL: gone once expired (GET 404, not listed)', async () => {
    assert.equal((await post('/data/sets/brief1?ttl=1000', 'v')).status, 200);
    await gone('/data/sets/brief1');
    assert.ok(!parseListing((await get('/data/sets')).text).some((e) => e.id === 'brief1'));
  });

  it('20. a write without ttl clears a previous TTL', async () => {
    await post('/data/sets/k2?ttl=1000', 'first');
    await post('/data/sets/k2', 'second');
    await post('/data/sets/witness20?ttl=1000', 'w');
    await gone('/data/sets/witness20');
    const res = await get('/data/sets/k2');
    assert.deepEqual([res.status, res.text], [200, 'second']);
  });

  it('21. listing: no expiry (-1) first, then by expiry; ticks ≈ now + ttl', async () => {
    const before = Date.now();
    await post('/data/sets/timed?ttl=60000', 't');
    await post('/data/sets/plain', 'p');
    const after = Date.now();
    const res = await get('/data/sets');
    assert.match(res.headers['content-type'] ?? '', /^application\/json/);
    const listed = parseListing(res.text);
    const index = (id: string) => listed.findIndex((e) => e.id === id);
    assert.ok(index('plain') >= 0 && index('plain') < index('timed'), res.text);
    assert.equal(listed[index('plain')]!.ticks, '-1');
    const ticks = BigInt(listed[index('timed')]!.ticks);
    assert.ok(ticks >= ticksAt(before + 60_000) && ticks <= ticksAt(after + 60_000));
    const order = listed.map((e) => [e.ticks === '-1' ? -1n : BigInt(e.ticks), e.id] as const);
    const sorted = [...order].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    assert.deepEqual(order, sorted, 'by expiry ascending, then by id');
  });

  it('22. counters: incr 1, incrby 11, decr 10, GET 10; incrbyfloat 1.25', async () => {
    const steps: Array<[string, string]> = [
      ['/data/sets/hits/incr', '1'],
      ['/data/sets/hits/incrby?by=10', '11'],
      ['/data/sets/hits/decr', '10'],
      ['/data/sets/hits/decrby?by=4', '6'],
      ['/data/sets/hits/incrby?by=4', '10'],
      ['/data/sets/cost/incrbyfloat?by=1.25', '1.25'],
      ['/data/sets/cost/incrbyfloat?by=1.25', '2.5'],
      ['/data/sets/neg/decr', '-1'],
    ];
    for (const [path, value] of steps) {
      const res = await post(path);
      assert.deepEqual([res.status, res.text], [200, value], path);
      assert.match(res.headers['content-type'] ?? '', /^text\/plain/);
    }
    assert.deepEqual((await get('/data/sets/hits')).text, '10');
    assert.deepEqual((await get('/data/sets/cost')).text, '2.5');
  });

  it('23. counter argument errors: 400 and the value unchanged', async () => {
    const cases: Array<[string, string]> = [
      ['/data/sets/hits/incrby', '"Missing by."'],
      ['/data/sets/hits/incr?ttl=0', '"Invalid ttl."'],
      ['/data/sets/hits/incrby?by=ten', '"Invalid by."'],
      ['/data/sets/bad%20id/incr', '"Invalid id."'],
    ];
    for (const [path, body] of cases) {
      const res = await post(path);
      assert.deepEqual([res.status, res.text], [400, body], path);
    }
    assert.equal((await get('/data/sets/hits')).text, '10');
    assert.equal((await post('/data/sets/hits/mult')).status, 404);
    assert.equal((await get('/data/sets/hits/incr')).status, 405);
  });

  it('24. counter on text: 409 problem, value unchanged; overflow is 409 too', async () => {
    await post('/data/sets/word', 'abc');
    const res = await post('/data/sets/word/incr');
    assert.equal(res.status, 409);
    assert.equal(res.headers['content-type'], 'application/problem+json');
    assert.equal((JSON.parse(res.text) as { title: string }).title, 'Key/value command failed');
    assert.equal((await get('/data/sets/word')).text, 'abc');
    await post('/data/sets/max', '9223372036854775807');
    assert.equal((await post('/data/sets/max/incr')).status, 409);
    assert.equal((await post('/data/sets/min/decrby?by=-9223372036854775808')).status, 409);
    assert.equal((await get('/data/sets/max')).text, '9223372036854775807');
  });

  it('25. counters keep an existing TTL; a ttl on the first increment applies', async () => {
    await post('/data/sets/c1?ttl=600000', '5');
    assert.equal((await post('/data/sets/c1/incr')).text, '6');
    const c1 = parseListing((await get('/data/sets')).text).find((e) => e.id === 'c1');
    assert.ok(c1 && c1.ticks !== '-1', 'c1 still expires');
    assert.equal((await post('/data/sets/c2/incr?ttl=1000')).text, '1');
    await gone('/data/sets/c2');
    assert.equal((await get('/data/sets/c1')).text, '6');
  });

  it('26. hash set lifecycle: POST "h1", GET payload, listed with null, DELETE 204, then 404', async () => {
    const res = await post('/data/hashsets?id=h1', 'payload');
    assert.deepEqual([res.status, res.text], [200, '"h1"']);
    const read = await get('/data/hashsets/h1');
    assert.deepEqual([read.status, read.headers['content-type'], read.text], [200, 'application/octet-stream', 'payload']);
    const listing = (await get('/data/hashsets')).text;
    assert.ok(listing.includes('{"id":"h1","expireAtUtcTicks":null}'), listing);
    assert.equal((await dataCall(up.url, '/data/hashsets/h1', { method: 'DELETE' })).status, 204);
    assert.equal((await get('/data/hashsets/h1')).status, 404);
  });

  it('hash sets: generated id, TTL, 1 MiB cap, no POST /data/hashsets/{id}, invalid id', async () => {
    const generated = await post('/data/hashsets', 'g');
    assert.match(generated.text, /^"[0-9a-f]{32}"$/);
    await post('/data/hashsets?id=hbrief&ttl=1000', 'brief');
    await post('/data/hashsets?id=hkept&ttl=1000', 'first');
    await post('/data/hashsets?id=hkept', 'second');
    await waitFor(async () => (await get('/data/hashsets/hbrief')).status === 404, 15_000, 'hbrief to expire');
    assert.ok(!parseListing((await get('/data/hashsets')).text).some((e) => e.id === 'hbrief'));
    assert.equal((await get('/data/hashsets/hkept')).text, 'second', 'a POST without ttl clears the expiry');
    const tooLarge = await post('/data/hashsets?id=hbig', Buffer.alloc(MiB + 1));
    assert.deepEqual([tooLarge.status, (JSON.parse(tooLarge.text) as { title: string }).title], [413, 'Payload too large']);
    assert.equal((await post('/data/hashsets?id=hbig', Buffer.alloc(MiB))).status, 200);
    assert.equal((await post('/data/hashsets/h1', 'x')).status, 405);
    assert.deepEqual([(await get('/data/hashsets/a%20b')).status, (await get('/data/hashsets/a%20b')).text], [400, '"Invalid id."']);
    const listed = parseListing((await get('/data/hashsets')).text).map((e) => e.id);
    assert.deepEqual(listed, [...listed].sort(), 'ordered by id');
  });

  it('invalid ids and ttls on set writes are 400 before the body is read', async () => {
    const badId = await post(`/data/sets/${'x'.repeat(201)}`, 'v');
    assert.deepEqual([badId.status, badId.text], [400, '"Invalid id."']);
    assert.equal((await post('/data/sets?id=a%20b', 'v')).status, 400);
    const badTtl = await post('/data/sets/k?ttl=1.5', 'v');
    assert.deepEqual([badTtl.status, badTtl.text], [400, '"Invalid ttl."']);
    const expired = await post('/data/sets/never?ttl=0', 'v');
    assert.deepEqual([expired.status, expired.text], [200, '"never"'], 'ttl ≤ 0: 200, already expired');
    assert.equal((await get('/data/sets/never')).status, 404);
  });
});
