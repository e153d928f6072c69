/**
 * End-to-end: a private function with one public path, attacked as a hostile external caller
 * would (source 127.0.0.5) through the real CLI: dot segments, backslashes, mixed-case and double
 * percent-encoding, on sync, async and event routes, on the node port and through the entrypoint,
 * with and without a forged `X-Forwarded-For`. No variant may reach a private path.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalUp, recorderFunction } from '../helpers/local-up.js';
import { Collector } from '../helpers/collector.js';
import { callRaw, EXTERNAL } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';

/** What the public rule covers: a case-insensitive string prefix (functions.md §5.1). */
const PUBLIC = /^\/hello/i;

/** `{**path}` variants that all aim at the private `/admin` behind the public `/hello`. */
const ATTACKS = [
  'admin',
  'ADMIN',
  '/admin',
  'hello/../admin',
  'hello/%2e%2e/admin',
  'hello/%2E%2E/admin',
  'hello/%2e%2E/admin',
  'hello/.%2e/admin',
  'hello/%2e./admin',
  'hello\\..\\admin',
  'hello/..\\admin',
  'hello%5c..%5cadmin',
  'hello/%252e%252e/admin',
  'hello/%25%32%65%25%32%65/admin',
  'hello/..%2fadmin',
  'hello/..%2Fadmin',
  'hello/./../admin',
  'hello//../admin',
  'hello/x/../../admin',
  'hello/..;/admin',
  'HeLLo/../admin',
  '%68ello/../admin',
  'hello/../../priv/admin',
  '%2e%2e/priv/admin',
  'hello/..',
  'hello/x/%2e%2e',
];

describe('private paths stay private (canonical paths, real client address)', () => {
  let up: LocalUp;
  let collector: Collector;

  before(async () => {
    collector = await new Collector().start();
    up = await LocalUp.start(
      () =>
        'functions:\n' +
        recorderFunction('priv', {
          recordUrl: collector.url,
          annotations: {
            'SlimFaas/ReplicasMin': '1',
            'SlimFaas/NumberParallelRequest': '1',
            'SlimFaas/DefaultVisibility': 'Private',
            'SlimFaas/PathsStartWithVisibility': 'Public:/hello',
            'SlimFaas/SubscribeEvents': 'Public:ev',
          },
        }),
    );
    await up.waitReady('priv');
  });

  after(async () => {
    assert.equal(await up?.stop(), 0);
    await up?.dispose();
    await collector?.close();
  });

  /** Paths the function saw, as its own WHATWG parsing (`new URL`) reads them. */
  const receivedPaths = () => collector.starts('priv').map((r) => r.path);

  it('the test can fail: internal callers do reach /admin through a dot segment, externals reach /hello', async () => {
    const internal = await callRaw(up.nodeUrl, '/function/priv/hello/../admin');
    assert.equal(internal.status, 200);
    assert.equal(JSON.parse(internal.body).path, '/admin', 'visibility and forwarding use the resolved path');
    const viaEntrypoint = await callRaw(up.url, '/function/priv/admin');
    assert.equal(viaEntrypoint.status, 200, 'a loopback caller is internal through the entrypoint too');
    const external = await callRaw(up.nodeUrl, '/function/priv/hello/x', { localAddress: EXTERNAL });
    assert.equal(external.status, 200);
    assert.equal(JSON.parse(external.body).path, '/hello/x');
  });

  it('through the entrypoint the node sees the real external address: /admin answers 404', async () => {
    const before = receivedPaths().length;
    const res = await callRaw(up.url, '/function/priv/admin', { localAddress: EXTERNAL });
    assert.equal(res.status, 404);
    assert.equal(receivedPaths().length, before, 'no replica called');
  });

  for (const [label, base] of [['node port', 'node'], ['entrypoint', 'entrypoint']] as const) {
    for (const forged of [false, true]) {
      it(`no attack variant reaches a private path (${label}${forged ? ', forged X-Forwarded-For: 127.0.0.1' : ''})`, async () => {
        const url = base === 'node' ? up.nodeUrl : up.url;
        const headers: Record<string, string> = forged ? { 'x-forwarded-for': '127.0.0.1' } : {};
        const seenBefore = receivedPaths().length;
        const outcomes: string[] = [];
        for (const attack of ATTACKS) {
          for (const [prefix, method] of [['/function/priv/', 'POST'], ['/async-function/priv/', 'POST'], ['/publish-event/ev/', 'POST']] as const) {
            const res = await callRaw(url, prefix + attack, { method, body: 'x', headers, localAddress: EXTERNAL });
            outcomes.push(`${prefix}${attack} → ${res.status}`);
            assert.ok([200, 202, 204, 400, 404].includes(res.status), `${prefix}${attack} answered ${res.status}`);
            if (res.status === 400) assert.ok(JSON.parse(res.body).error, 'a 400 carries a JSON error');
            if (res.status === 200) assert.match(JSON.parse(res.body).path, PUBLIC, `${prefix}${attack}`);
          }
        }
        const markerPath = `/hello/marker-${base}-${forged}`;
        // Async deliveries are sequential (NumberParallelRequest 1): once a marker sent last is
        // delivered, every accepted attack has been delivered too.
        const marker = await callRaw(url, `/async-function/priv${markerPath}`, { method: 'POST', body: 'm', localAddress: EXTERNAL });
        assert.equal(marker.status, 202);
        await waitFor(() => receivedPaths().includes(markerPath), 30_000, `delivery of ${markerPath}`);
        const seen = receivedPaths().slice(seenBefore);
        const escaped = seen.filter((path) => !PUBLIC.test(path));
        assert.deepEqual(escaped, [], `private paths reached:\n${outcomes.join('\n')}`);
        assert.ok(seen.some((p) => p === '/hello'), 'a variant that resolves to /hello itself is delivered');
      });
    }
  }

  it('bad canonical forms are refused with a JSON 400', async () => {
    for (const path of ['/function/priv/hello/../../x', '/function/priv/%2e%2e', '/async-function/priv/../x', '/function/priv/a/%zz', '/function/priv/hello/..;/admin']) {
      const res = await callRaw(up.nodeUrl, path, { method: 'POST', body: 'x' });
      assert.equal(res.status, 400, path);
      assert.equal(typeof JSON.parse(res.body).error, 'string');
    }
  });
});
