import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { UpstreamClient, ClientClosedError, TimeoutError } from './upstream-client.js';

const listen = (server: Server) => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
const close = (server: Server) => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });

/** A gateway in front of `upstream`: each request relayed; the relay's outcome is reported to `outcomes`. */
async function gateway(upstreamUrl: string, timeoutMs: number, outcomes: Array<number | Error>) {
  const client = new UpstreamClient({ allowUnsecureSsl: false });
  const server = createServer((req, res) => {
    client.relay({ url: `${upstreamUrl}${req.url}`, method: req.method!, headers: { 'content-type': 'text/plain' }, body: req.method === 'GET' ? null : req, timeoutMs }, res).then(
      (status) => outcomes.push(status),
      (err: Error) => {
        outcomes.push(err);
        if (!res.headersSent && !res.destroyed) res.writeHead(503).end();
      },
    );
  });
  return { url: await listen(server), stop: async () => { await close(server); await client.close(); } };
}

function get(url: string): Promise<{ status: number; headers: IncomingMessage['headers']; raw: string[]; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, raw: res.rawHeaders, body }));
    }).on('error', reject).end();
  });
}

const waitFor = async (check: () => boolean) => { while (!check()) await new Promise((r) => setImmediate(r)); };

describe('UpstreamClient.relay (src/proxy/dispatch-calls.ts)', { timeout: 30_000 }, () => {
  const servers: Array<() => Promise<void>> = [];
  after(async () => { for (const stop of servers) await stop(); });

  it('relays status, body and every header byte for byte, multi-valued ones kept, hop-by-hop ones dropped', async () => {
    const upstream = createServer((_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(207, [['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2'], ['X-Latin', 'caf\u00e9'], ['Keep-Alive', 'timeout=77'], ['Transfer-Encoding', 'chunked'], ['Content-Type', 'text/plain']].flat());
      res.end('relayed body');
    });
    const outcomes: Array<number | Error> = [];
    const gw = await gateway(await listen(upstream), 5000, outcomes);
    servers.push(gw.stop, () => close(upstream));
    const got = await get(`${gw.url}/x`);
    assert.equal(got.status, 207);
    assert.equal(got.body, 'relayed body');
    assert.deepEqual(got.headers['set-cookie'], ['a=1', 'b=2']);
    assert.equal(got.headers['x-latin'], 'caf\u00e9');
    assert.notEqual(got.headers['keep-alive'], 'timeout=77'); // the gateway's own server may set its own
    await waitFor(() => outcomes.length === 1);
    assert.deepEqual(outcomes, [207]);
  });

  it('a timeout before the answer rejects with TimeoutError and the caller answers', async () => {
    const upstream = createServer(() => undefined); // never answers
    const outcomes: Array<number | Error> = [];
    const gw = await gateway(await listen(upstream), 200, outcomes);
    servers.push(gw.stop, () => close(upstream));
    const got = await get(`${gw.url}/slow`);
    assert.equal(got.status, 503);
    assert.ok(outcomes[0] instanceof TimeoutError, String(outcomes[0]));
  });

  it("the client's close aborts the upstream call (the function sees its request end)", async () => {
    let upstreamClosed = false;
    let upstreamStarted = false;
    const upstream = createServer((req, res) => {
      upstreamStarted = true;
      res.on('close', () => (upstreamClosed = true));
      req.resume();
    });
    const outcomes: Array<number | Error> = [];
    const gw = await gateway(await listen(upstream), 60_000, outcomes);
    servers.push(gw.stop, () => close(upstream));
    const { port } = new URL(gw.url);
    const socket = connect(Number(port), '127.0.0.1', () => socket.write('GET /hang HTTP/1.1\r\nHost: x\r\n\r\n'));
    socket.on('error', () => undefined);
    await waitFor(() => upstreamStarted);
    socket.destroy();
    await waitFor(() => upstreamClosed && outcomes.length === 1);
    assert.ok(outcomes[0] instanceof ClientClosedError, String(outcomes[0]));
  });

  it('streams a body larger than the socket buffers with back-pressure, intact', async () => {
    const size = 8 * 1024 * 1024;
    const upstream = createServer((req, res) => {
      res.writeHead(200, { 'content-length': String(size) });
      const chunk = Buffer.alloc(64 * 1024, 'z');
      let sent = 0;
      const pump = () => {
        while (sent < size) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      req.resume();
      pump();
    });
    const outcomes: Array<number | Error> = [];
    const gw = await gateway(await listen(upstream), 30_000, outcomes);
    servers.push(gw.stop, () => close(upstream));
    const got = await get(`${gw.url}/big`);
    assert.equal(got.status, 200);
    assert.equal(got.body.length, size);
    assert.ok(/^z+$/.test(got.body));
  });
});

describe('UpstreamClient.capture and send (src/proxy/dispatch-calls.ts)', { timeout: 30_000 }, () => {
  const servers: Array<() => Promise<void>> = [];
  after(async () => { for (const stop of servers) await stop(); });
  const client = new UpstreamClient({ allowUnsecureSsl: false });
  servers.push(() => client.close());
  const call = (url: string, timeoutMs = 5000, signal?: AbortSignal) => ({ url, method: 'POST', headers: { 'content-type': 'text/plain' }, body: Buffer.from('sent'), timeoutMs, ...(signal ? { signal } : {}) });

  it('keeps status, lower-cased headers and a body up to the cap; a larger body is counted and given as null', async () => {
    const upstream = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.writeHead(201, [['X-Echo', body], ['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2'], ['Connection', 'keep-alive']].flat());
        res.end(req.url === '/big' ? 'y'.repeat(5000) : 'small');
      });
    });
    const url = await listen(upstream);
    servers.push(() => close(upstream));
    const small = await client.capture(call(`${url}/small`), 1000);
    assert.deepEqual([small.status, small.body?.toString(), small.size], [201, 'small', 5]);
    assert.equal(small.headers['x-echo'], 'sent');
    assert.deepEqual(small.headers['set-cookie'], ['a=1', 'b=2']);
    assert.equal(small.headers.connection, undefined);
    const big = await client.capture(call(`${url}/big`), 1000);
    assert.deepEqual([big.status, big.body, big.size], [201, null, 5000]);
    assert.equal(await client.send(call(`${url}/big`)), 201);
  });

  it('a timeout rejects with TimeoutError; an aborted signal rejects with its reason', async () => {
    const upstream = createServer((req) => req.resume()); // never answers
    const url = await listen(upstream);
    servers.push(() => close(upstream));
    await assert.rejects(client.send(call(`${url}/slow`, 150)), TimeoutError);
    const controller = new AbortController();
    const pending = client.send(call(`${url}/slow`, 60_000, controller.signal));
    controller.abort(new Error('shutting down'));
    await assert.rejects(pending, /shutting down/);
  });
});
