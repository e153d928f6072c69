/**
 * End-to-end: synchronous calls, visibility, events, wake and status routes through the real
 * `slimfaas local up` CLI and real replica processes (functions.md §16, AS-01…AS-10, AS-21…AS-27).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { LocalUp, recorderFunction } from '../helpers/local-up.js';
import { Collector } from '../helpers/collector.js';
import { call, EXTERNAL } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';

describe('sync calls, events, wake and status (native local mode)', () => {
  let up: LocalUp;
  let collector: Collector;

  before(async () => {
    collector = await new Collector().start();
    const recordUrl = collector.url;
    up = await LocalUp.start(
      () =>
        'functions:\n' +
        recorderFunction('fibonacci', {
          recordUrl,
          annotations: {
            'SlimFaas/ReplicasMin': '2',
            'SlimFaas/ReplicasAtStart': '2',
            'SlimFaas/PathsStartWithVisibility': 'Public:/compute,Private:/private',
            'SlimFaas/SubscribeEvents': 'Public:reload,Private:reloadprivate',
          },
        }) +
        recorderFunction('hidden', { recordUrl, annotations: { 'SlimFaas/ReplicasMin': '1', 'SlimFaas/DefaultVisibility': 'Private', 'SlimFaas/PathsStartWithVisibility': '/compute' } }) +
        recorderFunction('sleepy', { recordUrl, annotations: { 'SlimFaas/ReplicasMin': '0', 'SlimFaas/ReplicasAtStart': '1' } }) +
        recorderFunction('never', { recordUrl, env: { HEALTHY: 'false' }, annotations: { 'SlimFaas/ReplicasMin': '1', 'SlimFaas/Configuration': '{"DefaultSync":{"HttpTimeout":2}}' } }) +
        recorderFunction('impatient', { recordUrl, annotations: { 'SlimFaas/ReplicasMin': '1', 'SlimFaas/Configuration': '{"DefaultSync":{"HttpTimeout":1}}' } }) +
        recorderFunction('broken', { recordUrl, annotations: { 'SlimFaas/ReplicasMin': '1', 'SlimFaas/NumberParallelRequest': '0' } }),
      undefined,
      { Kestrel__Limits__MaxRequestBodySize: String(4 * 1024 * 1024) },
    );
    await up.waitReady('fibonacci', 2);
    await up.waitReady('hidden', 1);
    await up.waitReady('impatient', 1);
  });

  after(async () => {
    const code = await up?.stop();
    assert.equal(code, 0);
    assert.deepEqual(up.alivePids(), [], 'no replica left behind');
    await up?.dispose();
    await collector?.close();
  });

  it('AS-01 relays a sync call to exactly one replica, streaming status, headers and body', async () => {
    const before = collector.starts('fibonacci').length;
    const res = await call(`${up.url}/function/fibonacci/compute/a?x=1`, { method: 'POST', body: 'hello', headers: { 'X-Trace': '1', 'content-type': 'text/plain' } });
    assert.equal(res.status, 200);
    const echo = JSON.parse(res.body);
    assert.deepEqual({ method: echo.method, path: echo.path, query: echo.query, body: echo.body }, { method: 'POST', path: '/compute/a', query: '?x=1', body: 'hello' });
    assert.ok(res.headers['x-replica'] !== undefined);
    const received = collector.starts('fibonacci').slice(before);
    assert.equal(received.length, 1);
    assert.equal(received[0].headers['x-trace'], '1');
  });

  it('AS-02 answers 404 with an empty body for an unknown function', async () => {
    const res = await call(`${up.url}/function/wrong/download`);
    assert.equal(res.status, 404);
    assert.equal(res.body, '');
  });

  it('AS-03/AS-04 hides a private path from external callers and serves internal ones', async () => {
    const before = collector.starts('fibonacci').length;
    const external = await call(`${up.nodeUrl}/function/fibonacci/private`, { localAddress: EXTERNAL });
    assert.equal(external.status, 404);
    assert.equal(collector.starts('fibonacci').length, before, 'no replica called');
    const internal = await call(`${up.nodeUrl}/function/fibonacci/private`);
    assert.equal(internal.status, 200);
    assert.equal(JSON.parse(internal.body).path, '/private');
  });

  it('AS-05 applies the default visibility when no path rule matches, and unprefixed rules are Public', async () => {
    assert.equal((await call(`${up.nodeUrl}/function/hidden/download`, { localAddress: EXTERNAL })).status, 404);
    assert.equal((await call(`${up.nodeUrl}/function/hidden/COMPUTE/x`, { localAddress: EXTERNAL })).status, 200);
  });

  it('AS-06 relays upstream errors without retrying', async () => {
    const before = collector.starts('fibonacci').length;
    const res = await call(`${up.url}/function/fibonacci/compute?status=500`);
    assert.equal(res.status, 500);
    assert.equal(collector.starts('fibonacci').length - before, 1);
  });

  it('AS-08 answers 405 to methods outside the route set', async () => {
    assert.equal((await call(`${up.url}/function/fibonacci/compute`, { method: 'TRACE' })).status, 405);
    assert.equal((await call(`${up.url}/async-function/fibonacci/compute`, { method: 'TRACE' })).status, 405);
    assert.equal((await call(`${up.url}/publish-event/reload`, { method: 'TRACE' })).status, 405);
  });

  it('AS-09 wakes a function from zero and forwards the waiting call', async () => {
    assert.equal((await up.status('sleepy')).NumberRequested, 0);
    const res = await call(`${up.url}/function/sleepy/ping`);
    assert.equal(res.status, 200);
    assert.equal(JSON.parse(res.body).path, '/ping');
    assert.equal((await up.status('sleepy')).NumberRequested, 1);
  });

  it('AS-10 answers 503 after the readiness timeout when no replica becomes ready', async () => {
    const started = Date.now();
    const res = await call(`${up.url}/function/never/compute`);
    const elapsed = Date.now() - started;
    assert.equal(res.status, 503);
    assert.ok(elapsed >= 2000 && elapsed < 6000, `elapsed ${elapsed} ms`);
  });

  it('E12 answers 503 when the upstream call exceeds DefaultSync.HttpTimeout, and cancels it', async () => {
    const started = Date.now();
    const res = await call(`${up.url}/function/impatient/slow?delay=4000`);
    const elapsed = Date.now() - started;
    assert.equal(res.status, 503);
    assert.ok(elapsed >= 1000 && elapsed < 3000, `elapsed ${elapsed} ms`);
    await waitFor(() => collector.records.some((r) => r.fn === 'impatient' && r.event === 'aborted'), 5000, 'the upstream call cancelled');
  });

  it('E13 cancels the upstream call when the client goes away', async () => {
    const controller = new AbortController();
    const pending = fetch(`${up.url}/function/fibonacci/client-gone?delay=10000`, { signal: controller.signal }).catch(() => undefined);
    await waitFor(() => collector.starts('fibonacci').some((r) => r.path === '/client-gone'), 10_000, 'the call reached a replica');
    controller.abort();
    await pending;
    await waitFor(() => collector.records.some((r) => r.path === '/client-gone' && r.event === 'aborted'), 5000, 'the upstream call cancelled');
  });

  it('E21/E39 drops bodies of GET calls and the trailing slash of the path', async () => {
    const res = await call(`${up.url}/function/fibonacci/compute/a/`, { method: 'GET', body: 'ignored', headers: { 'content-length': '7' } });
    const echo = JSON.parse(res.body);
    assert.equal(echo.path, '/compute/a');
    assert.equal(echo.body, '');
  });

  it('E20 rejects a body above the configured limit with 413 before reading it', async () => {
    const socket = net.connect(up.ports.node, '127.0.0.1');
    socket.write(`POST /function/fibonacci/compute HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${5 * 1024 * 1024}\r\n\r\n`);
    const head = await new Promise<string>((resolve, reject) => {
      socket.once('data', (chunk) => resolve(chunk.toString('latin1')));
      socket.once('error', reject);
    });
    socket.destroy();
    assert.match(head, /^HTTP\/1\.1 413 /);
  });

  it('E40 answers CORS preflights itself', async () => {
    const before = collector.starts('fibonacci').length;
    const res = await call(`${up.url}/function/fibonacci/compute`, { method: 'OPTIONS', headers: { Origin: 'http://example.test', 'Access-Control-Request-Method': 'POST' } });
    assert.equal(res.status, 204);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.equal(collector.starts('fibonacci').length, before);
  });

  it('AS-21/AS-23 fans an event out to every ready replica and answers 204 after delivery', async () => {
    const before = collector.starts('fibonacci').length;
    const res = await call(`${up.url}/publish-event/reload/hello`, { method: 'POST', body: '{"data":"x"}', headers: { 'content-type': 'application/json' } });
    assert.equal(res.status, 204);
    const deliveries = collector.starts('fibonacci').slice(before);
    assert.equal(deliveries.length, 2);
    assert.deepEqual(new Set(deliveries.map((d) => d.replica)), new Set(['0', '1']));
    for (const d of deliveries) assert.deepEqual([d.method, d.path, d.body], ['POST', '/hello', '{"data":"x"}']);

    assert.equal((await call(`${up.nodeUrl}/publish-event/reloadprivate/hello`, { method: 'POST', localAddress: EXTERNAL })).status, 404);
    const internal = await call(`${up.nodeUrl}/publish-event/reloadprivate/hello`, { method: 'POST', body: 'p' });
    assert.equal(internal.status, 204);
  });

  it('AS-22 answers 404 to an event nobody subscribes to', async () => {
    assert.equal((await call(`${up.url}/publish-event/toto/hello`, { method: 'POST' })).status, 404);
  });

  it('AS-24 wake-function: 204, 404 unknown, 405 for GET', async () => {
    const res = await call(`${up.url}/wake-function/fibonacci`, { method: 'POST' });
    assert.equal(res.status, 204);
    assert.equal(res.body, '');
    assert.equal((await call(`${up.url}/wake-function/wrong`, { method: 'POST' })).status, 404);
    assert.equal((await call(`${up.url}/wake-function/fibonacci`)).status, 405);
    assert.equal((await call(`${up.url}/wake-functions`, { method: 'POST' })).status, 204);
  });

  it('AS-25/AS-26/AS-27 status routes: exact JSON, 404 unknown, invalid functions hidden', async () => {
    const one = await call(`${up.url}/status-function/fibonacci`);
    assert.equal(one.status, 200);
    assert.equal(one.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(one.body, '{"NumberReady":2,"NumberRequested":2,"PodType":"Deployment","Visibility":"Public","Name":"fibonacci"}');
    const missing = await call(`${up.url}/status-function/wrong`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body, '');
    const list = JSON.parse((await call(`${up.url}/status-functions`)).body) as Array<{ Name: string; Visibility: string }>;
    assert.deepEqual(list.map((f) => f.Name).sort(), ['fibonacci', 'hidden', 'impatient', 'never', 'sleepy']);
    assert.equal(list.find((f) => f.Name === 'hidden')!.Visibility, 'Private');
    assert.equal((await call(`${up.url}/function/broken/x`)).status, 404);
    assert.match(up.output, /function 'broken' is ignored: SlimFaas\/NumberParallelRequest/);
  });

  it('serves /health, /ready, /metrics and a plain 404 elsewhere', async () => {
    assert.equal((await call(`${up.url}/health`)).body, 'OK');
    assert.equal((await call(`${up.url}/ready`)).body, 'READY');
    const metrics = (await call(`${up.url}/metrics`)).body;
    assert.match(metrics, /slimfaas_function_queue_ready_items\{function="fibonacci"\} 0/);
    assert.match(metrics, /http_requests_received_total/);
    const other = await call(`${up.url}/nothing/here`);
    assert.deepEqual([other.status, other.body], [404, '404']);
  });
});
