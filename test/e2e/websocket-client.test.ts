/**
 * End-to-end: @slimfaas/client (the built package) against the real `slimfaas local up` node,
 * connected through the entrypoint's `/ws`: async delivery with automatic and manual (202)
 * callbacks, a 50 MiB body streamed each way through `/function/<fn>/…` with the node's RSS flat,
 * events fanned out to every connection, and 503 when the client leaves during a sync call.
 */
import { describe, it, before, after, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import WebSocket from 'ws';
import { SlimFaasClient, SlimFaasRegistrationError, type SlimFaasClientConfig, type AsyncRequest, type PublishEvent } from '@slimfaas/client';
import { LocalUp } from '../helpers/local-up.js';
import { statusKiB } from '../helpers/proc-status.js';
import { call } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';

const MiB = 1024 * 1024;
const BIG = 50 * MiB;
const CHUNK = 64 * 1024;

/** Deterministic bytes of chunk `i` (never the whole body in memory). */
function fill(buffer: Buffer, i: number): Buffer {
  buffer.fill((i * 7 + 3) % 256);
  buffer.writeUInt32BE(i, 0);
  return buffer;
}

function expectedDigest(total: number): string {
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(CHUNK);
  for (let i = 0; i * CHUNK < total; i++) hash.update(fill(buffer, i).subarray(0, Math.min(CHUNK, total - i * CHUNK)));
  return hash.digest('hex');
}

function generated(total: number): Readable {
  let i = 0;
  return new Readable({
    read() {
      if (i * CHUNK >= total) {
        this.push(null);
        return;
      }
      const chunk = fill(Buffer.alloc(CHUNK), i);
      this.push(chunk.subarray(0, Math.min(CHUNK, total - i * CHUNK)));
      i++;
    },
  });
}

/** Whether `url` completes a WebSocket upgrade. */
function upgrades(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.once('open', () => {
      ws.terminate();
      resolve(true);
    });
    ws.once('error', () => resolve(false));
  });
}

describe('@slimfaas/client against a real SlimFaas (native local mode)', () => {
  let up: LocalUp;
  let wsUrl: string;
  let ready = false;
  const clients: SlimFaasClient[] = [];
  const runs: Promise<void>[] = [];

  before(async () => {
    up = await LocalUp.start(() => 'functions: {}\n');
    wsUrl = `ws://127.0.0.1:${up.ports.entrypoint}/ws`;
    ready = await upgrades(wsUrl);
  });

  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.allSettled(runs);
    const code = await up?.stop();
    await up?.dispose();
    assert.equal(code, 0);
  });

  function skipUnlessReady(t: TestContext): boolean {
    if (!ready) t.skip('server side not ready: /ws does not upgrade');
    return !ready;
  }

  /** A started client; resolves once registered. */
  async function start(config: SlimFaasClientConfig, setup: (c: SlimFaasClient) => void): Promise<SlimFaasClient> {
    const client = new SlimFaasClient(wsUrl, config, { reconnectDelayMs: 200, logger: { error: (m, ...d) => console.error(m, ...d) } });
    setup(client);
    clients.push(client);
    const registered = new Promise<void>((resolve) => client.once('registered', () => resolve()));
    runs.push(client.runForever());
    await registered;
    return client;
  }

  it('registers a virtual function with one ready pod per connection', async (t) => {
    if (skipUnlessReady(t)) return;
    await start({ functionName: 'wsstatus' }, () => {});
    await waitFor(async () => (await up.status('wsstatus')).NumberReady === 1, 10_000, 'the virtual function');
    const status = (await up.status('wsstatus')) as { PodType?: string };
    assert.equal(status.PodType, 'WebSocket');
  });

  it('delivers POST /async-function/<fn>/x (202) to the handler and records its status', async (t) => {
    if (skipUnlessReady(t)) return;
    const seen: AsyncRequest[] = [];
    await start({ functionName: 'wsasync' }, (c) =>
      c.onAsyncRequest((req) => {
        seen.push(req);
        return 200;
      }),
    );
    const res = await call(`${up.url}/async-function/wsasync/x?y=1`, { method: 'POST', body: '{"n":1}', headers: { 'content-type': 'application/json' } });
    assert.equal(res.status, 202);
    await waitFor(() => seen.length === 1, 20_000, 'the async request');
    assert.equal(seen[0].method, 'POST');
    assert.equal(seen[0].path, 'x'); // the {**path} part, no leading / (functions.md §7.1)
    assert.equal(seen[0].query, '?y=1');
    assert.equal(seen[0].body?.toString(), '{"n":1}');
    assert.equal(seen[0].tryNumber, 1);
  });

  it('retries an attempt whose handler throws (callback 500) with the next tryNumber', async (t) => {
    if (skipUnlessReady(t)) return;
    const seen: AsyncRequest[] = [];
    await start({ functionName: 'wsretry' }, (c) =>
      c.onAsyncRequest((req) => {
        seen.push(req);
        if (req.tryNumber === 1) throw new Error('first attempt fails');
        return 200;
      }),
    );
    assert.equal((await call(`${up.url}/async-function/wsretry/job`, { method: 'POST', body: 'x' })).status, 202);
    await waitFor(() => seen.length === 2, 30_000, 'the retry (TimeoutRetries[0] = 2 s)');
    assert.deepEqual(seen.map((r) => [r.tryNumber, r.isLastTry]), [[1, false], [2, false]]);
    assert.equal(seen[0].elementId, seen[1].elementId);
  });

  it('refuses a second client with a different configuration (SlimFaasRegistrationError, fatal)', async (t) => {
    if (skipUnlessReady(t)) return;
    await start({ functionName: 'wsconfig', numberParallelRequest: 5 }, () => {});
    const other = new SlimFaasClient(wsUrl, { functionName: 'wsconfig', numberParallelRequest: 6 }, { reconnectDelayMs: 200, logger: {} });
    clients.push(other);
    await assert.rejects(other.runForever(), (error: unknown) => {
      assert.ok(error instanceof SlimFaasRegistrationError);
      assert.equal(
        error.reason,
        "Function 'wsconfig' already has registered clients with a different configuration. All WebSocket clients with the same function name must share the same configuration.",
      );
      return true;
    });
    assert.equal((await up.status('wsconfig')).NumberReady, 1);
  });

  it('holds the next async request until sendCallback after a 202 (one request at a time)', async (t) => {
    if (skipUnlessReady(t)) return;
    const seen: AsyncRequest[] = [];
    const client = await start({ functionName: 'wslong', numberParallelRequest: 1, numberParallelRequestPerPod: 1 }, (c) =>
      c.onAsyncRequest((req) => {
        seen.push(req);
        return 202;
      }),
    );
    assert.equal((await call(`${up.url}/async-function/wslong/first`, { method: 'POST', body: '1' })).status, 202);
    await waitFor(() => seen.length === 1, 20_000, 'the first request');
    assert.equal((await call(`${up.url}/async-function/wslong/second`, { method: 'POST', body: '2' })).status, 202);
    // The slot is taken until the manual callback: the second one only arrives after it.
    const before = seen.length;
    await client.sendCallback(seen[0].elementId, 200);
    await waitFor(() => seen.length === 2, 20_000, 'the second request after the callback');
    assert.equal(before, 1);
    assert.equal(seen[1].path, 'second');
    await client.sendCallback(seen[1].elementId, 200);
  });

  it('streams a 50 MiB request body in and a 50 MiB response body out through /function/<fn>/…, the node RSS staying flat', async (t) => {
    if (skipUnlessReady(t)) return;
    await start({ functionName: 'wsbig' }, (c) =>
      c.onSyncRequest(async (req) => {
        const hash = createHash('sha256');
        let length = 0;
        for await (const chunk of req.body) {
          hash.update(chunk as Buffer);
          length += (chunk as Buffer).length;
        }
        const total = Number(req.query.slice('?size='.length));
        await req.response.start(200, { 'content-type': 'application/octet-stream', 'x-received-length': String(length), 'x-received-sha256': hash.digest('hex') });
        const out = Buffer.alloc(CHUNK);
        for (let i = 0; i * CHUNK < total; i++) await req.response.write(Buffer.from(fill(out, i).subarray(0, Math.min(CHUNK, total - i * CHUNK))));
      }),
    );
    const pid = up.child.pid!;
    // Warm up the path (16 MiB: the allocator reaches its working size), then measure.
    const warm = await transfer(`${up.url}/function/wsbig/upload?size=${16 * MiB}`, 16 * MiB);
    assert.equal(warm.status, 200);
    const rssBefore = statusKiB(pid, 'VmRSS');
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, statusKiB(pid, 'VmRSS'))), 50);
    const result = await transfer(`${up.url}/function/wsbig/upload?size=${BIG}`, BIG).finally(() => clearInterval(sampler));
    const rssAfter = statusKiB(pid, 'VmRSS');
    const digest = expectedDigest(BIG);
    assert.equal(result.status, 200);
    assert.equal(result.headers['x-received-length'], String(BIG));
    assert.equal(result.headers['x-received-sha256'], digest);
    assert.equal(result.length, BIG);
    assert.equal(result.sha256, digest);
    const growthMiB = (rssAfter - rssBefore) / 1024;
    t.diagnostic(`node RSS before ${(rssBefore / 1024).toFixed(1)} MiB, peak ${(peak / 1024).toFixed(1)} MiB, after ${(rssAfter / 1024).toFixed(1)} MiB`);
    assert.ok(growthMiB < 40, `node RSS grew by ${growthMiB.toFixed(1)} MiB`);
  });

  it('echoes a 20 MiB body while it is still arriving (response streamed before the request ends)', async (t) => {
    if (skipUnlessReady(t)) return;
    const seen: { method: string; path: string; query: string }[] = [];
    await start({ functionName: 'wsecho' }, (c) =>
      c.onSyncRequest(async (req) => {
        seen.push({ method: req.method, path: req.path, query: req.query });
        await req.response.start(200, { 'content-type': 'application/octet-stream' });
        for await (const chunk of req.body) await req.response.write(chunk as Buffer);
      }),
    );
    const size = 20 * MiB;
    const result = await transfer(`${up.url}/function/wsecho/echo/me?x=1`, size);
    assert.equal(result.status, 200);
    assert.equal(result.length, size);
    assert.equal(result.sha256, expectedDigest(size));
    assert.equal(seen.length, 1);
    assert.equal(seen[0].method, 'POST');
    assert.equal(seen[0].query, '?x=1');
    assert.equal(seen[0].path, 'echo/me'); // the {**path} part, as upstream sends it
  });

  it('fans /publish-event out to every connection of the subscribed function', async (t) => {
    if (skipUnlessReady(t)) return;
    const received: Array<{ client: number; event: PublishEvent }> = [];
    const config: SlimFaasClientConfig = { functionName: 'wsevents', subscribeEvents: [{ name: 'reload' }] };
    for (const index of [0, 1]) await start(config, (c) => c.onPublishEvent((event) => void received.push({ client: index, event })));
    await waitFor(async () => (await up.status('wsevents')).NumberReady === 2, 10_000, 'two connections');
    const res = await call(`${up.url}/publish-event/reload/hello?a=1`, { method: 'POST', body: 'payload' });
    assert.equal(res.status, 204);
    await waitFor(() => received.length === 2, 10_000, 'both connections to receive the event');
    assert.deepEqual(received.map((r) => r.client).sort(), [0, 1]);
    for (const { event } of received) {
      assert.equal(event.eventName, 'reload');
      assert.equal(event.path, 'hello');
      assert.equal(event.body?.toString(), 'payload');
    }
  });

  it('answers 503 when the client disconnects during a sync call', async (t) => {
    if (skipUnlessReady(t)) return;
    let entered = false;
    const client = await start({ functionName: 'wsdoomed' }, (c) =>
      c.onSyncRequest(async (req) => {
        entered = true;
        await new Promise((resolve) => req.signal.addEventListener('abort', resolve));
      }),
    );
    const pending = call(`${up.url}/function/wsdoomed/wait`);
    await waitFor(() => entered, 10_000, 'the sync handler');
    await client.close();
    const res = await pending;
    assert.equal(res.status, 503);
  });
});

/** Streams `size` generated bytes to `url` and hashes the streamed answer. */
function transfer(url: string, size: number): Promise<{ status: number; headers: http.IncomingHttpHeaders; length: number; sha256: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) } }, (res) => {
      const hash = createHash('sha256');
      let length = 0;
      res.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        length += chunk.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, length, sha256: hash.digest('hex') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    generated(size).pipe(req);
  });
}
