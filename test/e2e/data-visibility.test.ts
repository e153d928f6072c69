/**
 * End-to-end: `Data__DefaultVisibility=Private` given to `slimfaas local up` is honoured (native
 * local mode defaults to Public only when nothing is set). External callers (127.0.0.5) get an
 * empty 404 on files, sets and — decision 10 — hash sets, on every port, even with a forged
 * `X-Forwarded-For`; internal callers (127.0.0.1, SlimFaas's own address) are served
 * (scenarios 13 and 14 of data.md §8, the latter as decision 10 changes it).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { LocalUp } from '../helpers/local-up.js';
import { dataCall, startDataOnly, type DataCall } from './data-client.js';

const INTERNAL = '127.0.0.1';

/** One request of each kind, in an order where each can succeed for an internal caller. */
const REQUESTS: Array<[string, string, DataCall]> = [
  ['POST', '/data/sets/k1', { body: '41' }],
  ['GET', '/data/sets/k1', {}],
  ['GET', '/data/sets', {}],
  ['POST', '/data/sets/k1/incr', {}],
  ['POST', '/data/files?id=f1', { body: 'file bytes' }],
  ['GET', '/data/files/f1', {}],
  ['HEAD', '/data/files/f1', {}],
  ['GET', '/data/files', {}],
  ['POST', '/data/hashsets?id=h0', { body: 'hv' }],
  ['GET', '/data/hashsets/h0', {}],
  ['GET', '/data/hashsets', {}],
  ['DELETE', '/data/hashsets/h0', {}],
  ['DELETE', '/data/files/f1', {}],
  ['DELETE', '/data/sets/k1', {}],
];

describe('private data (Data__DefaultVisibility=Private)', () => {
  let up: LocalUp;
  before(async () => {
    up = await startDataOnly({ Data__DefaultVisibility: 'Private' });
  });
  after(async () => {
    assert.equal(await up?.stop(), 0);
    await up?.dispose();
  });

  it('13/14. an external caller gets 404 with an empty body everywhere, and changes nothing', async () => {
    for (const base of [up.url, up.nodeUrl]) {
      for (const [method, path, options] of REQUESTS) {
        for (const headers of [undefined, { 'x-forwarded-for': INTERNAL }]) {
          const res = await dataCall(base, path, { ...options, method, headers });
          assert.deepEqual([res.status, res.text], [404, ''], `${method} ${path} via ${base}${headers ? ' with X-Forwarded-For' : ''}`);
        }
      }
    }
    for (const [method, path] of [['PUT', '/data/sets/k1'], ['PATCH', '/data/files'], ['POST', '/data/hashsets/h0']]) {
      const res = await dataCall(up.url, path!, { method, body: 'x' });
      assert.deepEqual([res.status, res.text], [404, ''], `${method} ${path}: hidden, not 405`);
    }
    for (const path of ['/data/sets/k1', '/data/files/f1', '/data/hashsets/h0']) {
      assert.equal((await dataCall(up.url, path, { from: INTERNAL })).status, 404, `${path} was not written`);
    }
  });

  it('an internal caller is served', async () => {
    const expected = [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 204, 204, 204];
    const statuses = [];
    for (const [method, path, options] of REQUESTS) statuses.push((await dataCall(up.url, path, { ...options, method, from: INTERNAL })).status);
    assert.deepEqual(statuses, expected);
  });

  it('writes by an internal caller stay hidden from external ones', async () => {
    assert.equal((await dataCall(up.url, '/data/sets/secret', { method: 'POST', body: 's', from: INTERNAL })).status, 200);
    assert.equal((await dataCall(up.url, '/data/sets/secret', { from: INTERNAL })).text, 's');
    assert.deepEqual([(await dataCall(up.url, '/data/sets/secret')).status, (await dataCall(up.url, '/data/sets')).text], [404, '']);
  });
});
