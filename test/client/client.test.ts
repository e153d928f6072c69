/**
 * Unit tests of @slimfaas/client against an in-test fake `/ws` server: registration (success,
 * fatal refusal), reconnect, pings, the async/event/sync rules of functions.md §13, and bounded
 * memory for streamed bodies in both directions.
 */
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeSlimFaas, type FakeConnection } from './fake-server.js';
import { waitFor } from '../helpers/wait.js';
import {
  SlimFaasClient,
  SlimFaasRegistrationError,
  SlimFaasSyncCancelledError,
  SlimFaasNotConnectedError,
  MessageType,
  encodeEnvelope,
  type SlimFaasClientConfig,
  type SlimFaasClientOptions,
  type SyncRequest,
} from '../../packages/client/src/index.js';

interface Logged {
  level: string;
  message: string;
}

describe('SlimFaasClient against a fake server', () => {
  let server: FakeSlimFaas;
  let clients: SlimFaasClient[];
  let runs: Promise<void>[];
  let logs: Logged[];

  beforeEach(async () => {
    server = await FakeSlimFaas.start();
    clients = [];
    runs = [];
    logs = [];
  });

  afterEach(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.allSettled(runs);
    await server.close();
  });

  function client(config: Partial<SlimFaasClientConfig> = {}, options: SlimFaasClientOptions = {}): SlimFaasClient {
    const logger = Object.fromEntries(['debug', 'info', 'warn', 'error'].map((level) => [level, (message: string) => logs.push({ level, message })]));
    const c = new SlimFaasClient(server.url, { functionName: 'fn', ...config }, { reconnectDelayMs: 50, pingIntervalMs: 0, logger, ...options });
    clients.push(c);
    return c;
  }

  /** Starts runForever and waits for the registration; returns the server side of the connection. */
  async function connect(c: SlimFaasClient): Promise<FakeConnection> {
    const before = server.live.length;
    runs.push(c.runForever());
    await waitFor(() => c.isConnected, 10_000, 'the client to register');
    const live = await server.waitLive(before + 1);
    return live.find((l) => l.connectionId === c.connectionId)!;
  }

  it('registers with the §11.2 payload (defaults filled in) and exposes the connection id', async () => {
    const c = client({ subscribeEvents: [{ name: 'reload' }, { name: 'secret', visibility: 'Private' }], pathsStartWithVisibility: [{ path: '/admin', visibility: 'Private' }, { path: '/open' }] });
    let registered: string | null = null;
    c.on('registered', (id) => (registered = id));
    assert.equal(c.isConnected, false);
    assert.equal(c.connectionId, null);
    const conn = await connect(c);
    assert.match(c.connectionId!, /^[0-9a-f]{32}$/);
    assert.equal(registered, c.connectionId);
    const register = conn.envelopes.find((e) => e.type === MessageType.Register)!;
    assert.ok(register.correlationId.length > 0);
    assert.deepEqual(register.payload, {
      functionName: 'fn',
      configuration: {
        dependsOn: [],
        subscribeEvents: [
          { name: 'reload', visibility: null },
          { name: 'secret', visibility: 'Private' },
        ],
        defaultVisibility: 'Public',
        pathsStartWithVisibility: [
          { path: '/admin', visibility: 'Private' },
          { path: '/open', visibility: 'Public' },
        ],
        configuration: '',
        replicasStartAsSoonAsOneFunctionRetrieveARequest: false,
        numberParallelRequest: 10,
        numberParallelRequestPerPod: 10,
        defaultTrust: 'Trusted',
      },
    });
  });

  it('maps every configuration field onto the wire names', async () => {
    const c = client({
      functionName: 'other',
      dependsOn: ['a', 'b'],
      defaultVisibility: 'Private',
      configuration: '{"x":1}',
      replicasStartAsSoonAsOneFunctionRetrieveARequest: true,
      numberParallelRequest: 3,
      numberParallelRequestPerPod: 2,
      defaultTrust: 'Untrusted',
    });
    const conn = await connect(c);
    const payload = conn.envelopes.find((e) => e.type === MessageType.Register)!.payload as { functionName: string; configuration: Record<string, unknown> };
    assert.equal(payload.functionName, 'other');
    assert.deepEqual(payload.configuration.dependsOn, ['a', 'b']);
    assert.equal(payload.configuration.defaultVisibility, 'Private');
    assert.equal(payload.configuration.configuration, '{"x":1}');
    assert.equal(payload.configuration.replicasStartAsSoonAsOneFunctionRetrieveARequest, true);
    assert.equal(payload.configuration.numberParallelRequest, 3);
    assert.equal(payload.configuration.numberParallelRequestPerPod, 2);
    assert.equal(payload.configuration.defaultTrust, 'Untrusted');
  });

  it('rejects runForever with SlimFaasRegistrationError on a refusal and does not reconnect', async () => {
    server.refuse = "Function 'fn' is already declared as a Kubernetes deployment.";
    const c = client();
    await assert.rejects(c.runForever(), (error: unknown) => {
      assert.ok(error instanceof SlimFaasRegistrationError);
      assert.equal(error.reason, "Function 'fn' is already declared as a Kubernetes deployment.");
      return true;
    });
    assert.equal(c.isConnected, false);
    assert.equal(server.connections.length, 1, 'one attempt only');
    await waitFor(() => server.connections[0].ws.readyState === server.connections[0].ws.CLOSED, 5000, 'the refused socket to close');
  });

  it('reconnects after a drop and after a refused TCP connection, and close() ends runForever', async () => {
    const c = client();
    const disconnects: string[] = [];
    c.on('disconnected', (reason) => disconnects.push(reason));
    await connect(c);
    const first = c.connectionId;
    server.dropAll();
    await waitFor(() => server.live.length === 1 && c.isConnected && c.connectionId !== first, 10_000, 'a new registration');
    assert.equal(disconnects.length, 1);
    assert.equal(server.envelopes(MessageType.Register).length, 2);
    const run = runs[0];
    await c.close();
    await run; // resolves
    assert.equal(c.isConnected, false);
  });

  it('keeps retrying while nothing listens', async () => {
    const port = Number(new URL(server.url).port);
    await server.close();
    const c = new SlimFaasClient(`ws://127.0.0.1:${port}/ws`, { functionName: 'fn' }, { reconnectDelayMs: 20, logger: { warn: (m) => logs.push({ level: 'warn', message: m }) } });
    clients.push(c);
    const run = c.runForever();
    await waitFor(() => logs.filter((l) => l.message.includes('failed')).length >= 3, 10_000, 'three failed attempts');
    await c.close();
    await run;
    server = await FakeSlimFaas.start(); // for afterEach
  });

  it('sends a Ping every pingIntervalMs with a fresh correlation id', async () => {
    const c = client({}, { pingIntervalMs: 30 });
    await connect(c);
    await waitFor(() => server.envelopes(MessageType.Ping).length >= 3, 10_000, 'three pings');
    const pings = server.envelopes(MessageType.Ping);
    assert.equal(new Set(pings.map((p) => p.correlationId)).size, pings.length);
    assert.ok(pings.every((p) => p.payload === null));
  });

  it('sends no Ping when pingIntervalMs is 0', async () => {
    const c = client({}, { pingIntervalMs: 0 });
    c.onAsyncRequest(() => 200);
    const conn = await connect(c);
    for (let i = 0; i < 5; i++) {
      server.sendEnvelope(conn, MessageType.AsyncRequest, { elementId: `e${i}`, method: 'POST', path: '/', query: '', headers: {}, body: null, isLastTry: false, tryNumber: 1 });
      await waitFor(() => server.envelopes(MessageType.AsyncCallback).length === i + 1, 5000, 'the callback');
    }
    assert.equal(server.envelopes(MessageType.Ping).length, 0);
  });

  it('handles a request that arrives in the same packet as the RegisterResponse', async () => {
    server.afterRegister = () => [encodeEnvelope(MessageType.AsyncRequest, { elementId: 'early', method: 'POST', path: '', query: '', headers: {}, body: null, isLastTry: false, tryNumber: 1 }, 'early')];
    const c = client();
    c.onAsyncRequest(() => 200);
    await connect(c);
    await waitFor(() => server.envelopes(MessageType.AsyncCallback).length === 1, 5000, 'the callback of the early request');
    assert.deepEqual(server.envelopes(MessageType.AsyncCallback)[0].payload, { elementId: 'early', statusCode: 200 });
  });

  it('retries when the server answers the upgrade with plain HTTP', async () => {
    const plain = http.createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', () => r()));
    const c = new SlimFaasClient(`ws://127.0.0.1:${(plain.address() as AddressInfo).port}/ws`, { functionName: 'fn' }, { reconnectDelayMs: 20, logger: { warn: (m) => logs.push({ level: 'warn', message: m }) } });
    clients.push(c);
    const run = c.runForever();
    await waitFor(() => logs.filter((l) => l.message.includes('HTTP 404')).length >= 2, 10_000, 'two refused upgrades');
    await c.close();
    await run;
    plain.closeAllConnections();
    await new Promise<void>((r) => plain.close(() => r()));
  });

  it('rejects sendCallback with SlimFaasNotConnectedError while not connected', async () => {
    const c = client();
    await assert.rejects(c.sendCallback('x', 200), SlimFaasNotConnectedError);
  });

  describe('async requests', () => {
    it('decodes the request, defaults tryNumber to 1, and sends the returned status as the callback', async () => {
      const c = client();
      const seen: unknown[] = [];
      c.onAsyncRequest(async (req) => {
        seen.push(req);
        return 201;
      });
      const conn = await connect(c);
      server.sendEnvelope(conn, MessageType.AsyncRequest, { elementId: 'el-1', method: 'PUT', path: '/compute', query: '?a=1', headers: { 'x-a': ['1', '2'] }, body: Buffer.from('héllo').toString('base64'), isLastTry: true }, 'el-1');
      await waitFor(() => server.envelopes(MessageType.AsyncCallback).length === 1, 5000, 'the callback');
      assert.deepEqual(seen, [{ elementId: 'el-1', method: 'PUT', path: '/compute', query: '?a=1', headers: { 'x-a': ['1', '2'] }, body: Buffer.from('héllo'), isLastTry: true, tryNumber: 1 }]);
      const callback = server.envelopes(MessageType.AsyncCallback)[0];
      assert.deepEqual(callback, { type: 3, correlationId: 'el-1', payload: { elementId: 'el-1', statusCode: 201 } });
      server.sendEnvelope(conn, MessageType.AsyncRequest, { elementId: 'el-2', method: 'GET', path: '/', query: '', headers: {}, body: null, isLastTry: false, tryNumber: 3 });
      await waitFor(() => seen.length === 2, 5000, 'the second request');
      assert.equal((seen[1] as { body: unknown }).body, null);
      assert.equal((seen[1] as { tryNumber: number }).tryNumber, 3);
    });

    it('sends nothing for 202 until sendCallback', async () => {
      const c = client();
      const handled: string[] = [];
      c.onAsyncRequest((req) => {
        handled.push(req.elementId);
        return 202;
      });
      const conn = await connect(c);
      server.sendEnvelope(conn, MessageType.AsyncRequest, { elementId: 'long', method: 'POST', path: '/', query: '', headers: {}, body: null, isLastTry: false, tryNumber: 1 });
      server.sendEnvelope(conn, MessageType.AsyncRequest, { elementId: 'short', method: 'POST', path: '/', query: '', headers: {}, body: null, isLastTry: false, tryNumber: 1 });
      await waitFor(() => handled.length === 2, 5000, 'both handled');
      await c.sendCallback('short');
      await waitFor(() => server.envelopes(MessageType.AsyncCallback).length === 1, 5000, 'the manual callback');
      assert.deepEqual(server.envelopes(MessageType.AsyncCallback)[0].payload, { elementId: 'short', statusCode: 200 });
      await c.sendCallback('long', 500);
      await waitFor(() => server.envelopes(MessageType.AsyncCallback).length === 2, 5000, 'the second manual callback');
      assert.deepEqual(server.envelopes(MessageType.AsyncCallback)[1].payload, { elementId: 'long', statusCode: 500 });
    });

    it('answers 500 when the handler throws and when there is no handler', async () => {
      const c = client();
      const conn = await connect(c);
      server.sendEnvelope(conn, MessageType.AsyncRequest, { elementId: 'none', method: 'POST', path: '/', query: '', headers: {}, body: null, isLastTry: false, tryNumber: 1 });
      await waitFor(() => server.envelopes(MessageType.AsyncCallback).length === 1, 5000, 'the callback');
      assert.deepEqual(server.envelopes(MessageType.AsyncCallback)[0].payload, { elementId: 'none', statusCode: 500 });
      c.onAsyncRequest(async () => {
        throw new Error('boom');
      });
      server.sendEnvelope(conn, MessageType.AsyncRequest, { elementId: 'boom', method: 'POST', path: '/', query: '', headers: {}, body: null, isLastTry: false, tryNumber: 1 });
      await waitFor(() => server.envelopes(MessageType.AsyncCallback).length === 2, 5000, 'the callback');
      assert.deepEqual(server.envelopes(MessageType.AsyncCallback)[1].payload, { elementId: 'boom', statusCode: 500 });
      assert.ok(logs.some((l) => l.level === 'error' && l.message.includes('boom')));
    });

    it('handles requests concurrently (a blocked handler does not hold the next one)', async () => {
      const c = client();
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      c.onAsyncRequest(async (req) => {
        if (req.elementId === 'first') await gate;
        return 200;
      });
      const conn = await connect(c);
      server.sendEnvelope(conn, MessageType.AsyncRequest, { elementId: 'first', method: 'POST', path: '/', query: '', headers: {}, body: null, isLastTry: false, tryNumber: 1 });
      server.sendEnvelope(conn, MessageType.AsyncRequest, { elementId: 'second', method: 'POST', path: '/', query: '', headers: {}, body: null, isLastTry: false, tryNumber: 1 });
      await waitFor(() => server.envelopes(MessageType.AsyncCallback).length === 1, 5000, 'the second callback');
      assert.equal((server.envelopes(MessageType.AsyncCallback)[0].payload as { elementId: string }).elementId, 'second');
      release();
      await waitFor(() => server.envelopes(MessageType.AsyncCallback).length === 2, 5000, 'the first callback');
    });

    it('ignores invalid JSON and unknown message types', async () => {
      const c = client();
      c.onAsyncRequest(() => 200);
      const conn = await connect(c);
      conn.ws.send('not json');
      conn.ws.send(JSON.stringify({ type: 99, correlationId: 'x', payload: {} }));
      conn.ws.send(Buffer.from([1, 2, 3])); // a binary message shorter than a frame header
      server.sendEnvelope(conn, MessageType.AsyncRequest, { elementId: 'after', method: 'POST', path: '/', query: '', headers: {}, body: null, isLastTry: false, tryNumber: 1 });
      await waitFor(() => server.envelopes(MessageType.AsyncCallback).length === 1, 5000, 'the callback');
      assert.ok(c.isConnected);
    });
  });

  describe('events', () => {
    it('delivers decoded events, logs handler errors and ignores events without a handler', async () => {
      const c = client();
      const conn = await connect(c);
      server.sendEnvelope(conn, MessageType.PublishEvent, { eventName: 'ignored', method: 'POST', path: '/', query: '', headers: {}, body: null });
      // A round trip after it: the event was processed (without a handler) before one is set.
      server.sendEnvelope(conn, MessageType.AsyncRequest, { elementId: 'sync-point', method: 'POST', path: '/', query: '', headers: {}, body: null, isLastTry: false, tryNumber: 1 });
      await waitFor(() => server.envelopes(MessageType.AsyncCallback).length === 1, 5000, 'the round trip');
      const events: { eventName: string; body: Buffer | null; path: string; method: string }[] = [];
      c.onPublishEvent((e) => {
        events.push(e);
        if (e.eventName === 'bad') throw new Error('event handler broke');
      });
      server.sendEnvelope(conn, MessageType.PublishEvent, { eventName: 'bad', method: 'GET', path: '/x', query: '', headers: {}, body: null });
      server.sendEnvelope(conn, MessageType.PublishEvent, { eventName: 'reload', method: 'POST', path: '/hello', query: '?q', headers: { a: ['b'] }, body: Buffer.from('{"v":1}').toString('base64') });
      await waitFor(() => events.length === 2, 5000, 'two events');
      assert.deepEqual(events.map((e) => e.eventName), ['bad', 'reload']);
      assert.equal(events[1].eventName, 'reload');
      assert.equal(events[1].path, '/hello');
      assert.equal(events[1].body?.toString(), '{"v":1}');
      assert.equal(events[0].method, 'GET');
      await waitFor(() => logs.some((l) => l.level === 'error' && l.message.includes("'bad'")), 5000, 'the logged error');
      assert.ok(c.isConnected);
    });
  });

  describe('sync requests', () => {
    it('streams a request body in and a response body out with status and headers', async () => {
      const c = client();
      const seen: Omit<SyncRequest, 'body' | 'response' | 'signal'>[] = [];
      c.onSyncRequest(async (req) => {
        seen.push({ correlationId: req.correlationId, method: req.method, path: req.path, query: req.query, headers: req.headers });
        await req.response.start(201, { 'content-type': 'text/plain', 'x-many': ['1', '2'] });
        for await (const chunk of req.body) await req.response.write((chunk as Buffer).toString().toUpperCase());
        await req.response.complete();
        await req.response.complete(); // idempotent
      });
      const conn = await connect(c);
      const id = await server.startCall(conn, { method: 'POST', path: '/echo', query: '?x=1', headers: { 'content-type': ['text/plain'] } });
      await server.sendBody(conn, id, Buffer.from('hello '));
      await server.sendBody(conn, id, Buffer.from('world'));
      await server.endBody(conn, id);
      await waitFor(() => server.call(id).ended, 5000, 'the response end');
      const call = server.call(id);
      assert.equal(call.status, 201);
      assert.deepEqual(call.headers, { 'content-type': ['text/plain'], 'x-many': ['1', '2'] });
      assert.equal(Buffer.concat(call.chunks).toString(), 'HELLO WORLD');
      assert.deepEqual(seen, [{ correlationId: id, method: 'POST', path: '/echo', query: '?x=1', headers: { 'content-type': ['text/plain'] } }]);
      const ends = conn.frames.filter((f) => f.type === MessageType.SyncResponseEnd);
      assert.equal(ends.length, 1, 'one SyncResponseEnd');
      assert.equal(ends[0].flags, 0x01);
      assert.equal(ends[0].correlationId, id);
    });

    it('auto-starts with 200 on write and auto-completes when the handler returns', async () => {
      const c = client();
      c.onSyncRequest(async (req) => {
        await req.response.write('body');
      });
      const conn = await connect(c);
      const id = await server.startCall(conn, { method: 'GET', path: '/' });
      await server.endBody(conn, id);
      await waitFor(() => server.call(id).ended, 5000, 'the response end');
      assert.equal(server.call(id).status, 200);
      assert.deepEqual(server.call(id).headers, {});
      assert.equal(Buffer.concat(server.call(id).chunks).toString(), 'body');
    });

    it('answers an empty 500 without a handler, and 500 when the handler throws before starting', async () => {
      const c = client();
      const conn = await connect(c);
      const none = await server.startCall(conn, { method: 'GET', path: '/' });
      await server.endBody(conn, none);
      await waitFor(() => server.call(none).ended, 5000, 'the response end');
      assert.equal(server.call(none).status, 500);
      assert.equal(server.call(none).received, 0);
      c.onSyncRequest(async () => {
        throw new Error('sync broke');
      });
      const broken = await server.startCall(conn, { method: 'GET', path: '/' });
      await server.endBody(conn, broken);
      await waitFor(() => server.call(broken).ended, 5000, 'the response end');
      assert.equal(server.call(broken).status, 500);
    });

    it('refuses a second start, and cancels (SyncCancel) a started response whose handler throws', async () => {
      const c = client();
      const errors: unknown[] = [];
      c.onSyncRequest(async (req) => {
        await req.response.start(200);
        await req.response.start(201).catch((e: unknown) => errors.push(e));
        await req.response.write('partial');
        throw new Error('midway');
      });
      const conn = await connect(c);
      const id = await server.startCall(conn, { method: 'GET', path: '/' });
      await server.endBody(conn, id);
      await waitFor(() => server.call(id).cancelled, 5000, 'the SyncCancel');
      assert.equal(server.call(id).status, 200);
      assert.equal(server.call(id).ended, false);
      assert.equal(errors.length, 1);
      assert.match(String(errors[0]), /already started/);
      assert.equal(conn.frames.filter((f) => f.type === MessageType.SyncResponseStart).length, 1);
    });

    it('aborts the handler on SyncCancel: signal, body error, write rejects', async () => {
      const c = client();
      let request!: SyncRequest;
      let bodyError: unknown = null;
      c.onSyncRequest(async (req) => {
        request = req;
        req.body.on('error', (e) => (bodyError = e));
        await new Promise((r) => req.signal.addEventListener('abort', r));
        await req.response.write('late');
      });
      const conn = await connect(c);
      const id = await server.startCall(conn, { method: 'POST', path: '/' });
      await waitFor(() => request !== undefined, 5000, 'the handler');
      await server.sendFrame(conn, MessageType.SyncCancel, id);
      await waitFor(() => request.signal.aborted && bodyError !== null, 5000, 'the abort');
      assert.ok(request.signal.reason instanceof SlimFaasSyncCancelledError);
      assert.ok(bodyError instanceof SlimFaasSyncCancelledError);
      await assert.rejects(request.response.write('x'), SlimFaasSyncCancelledError);
      await waitFor(() => logs.some((l) => l.message.includes('cancelled')), 5000, 'the handler to end');
      assert.equal(server.call(id).ended, false, 'no end after a cancel');
    });

    it('aborts open calls when the connection drops, then serves calls on the new connection', async () => {
      const c = client();
      const requests: SyncRequest[] = [];
      c.onSyncRequest(async (req) => {
        requests.push(req);
        if (req.path === '/hang') await new Promise((r) => req.signal.addEventListener('abort', r));
        else await req.response.write('ok');
      });
      const conn = await connect(c);
      await server.startCall(conn, { method: 'GET', path: '/hang' });
      await waitFor(() => requests.length === 1, 5000, 'the handler');
      const first = c.connectionId;
      server.dropAll();
      await waitFor(() => requests[0].signal.aborted, 5000, 'the abort');
      await waitFor(() => c.isConnected && c.connectionId !== first, 10_000, 'the reconnect');
      const conn2 = server.live.find((l) => l.connectionId === c.connectionId)!;
      const id = await server.startCall(conn2, { method: 'GET', path: '/again' });
      await server.endBody(conn2, id);
      await waitFor(() => server.call(id).ended, 5000, 'the response');
      assert.equal(Buffer.concat(server.call(id).chunks).toString(), 'ok');
    });

    it('discards an unread body once the handler returns, so the connection keeps serving', async () => {
      const c = client({}, { bodyHighWaterMark: 64 * 1024 });
      c.onSyncRequest(async (req) => {
        await req.response.write(req.path);
      });
      const conn = await connect(c);
      const big = await server.startCall(conn, { method: 'POST', path: '/ignored-body' });
      const chunk = Buffer.alloc(32 * 1024, 1);
      const sends: Promise<void>[] = [];
      for (let i = 0; i < 256; i++) sends.push(server.sendBody(conn, big, chunk)); // 8 MiB nobody reads
      await Promise.all(sends);
      await server.endBody(conn, big);
      const next = await server.startCall(conn, { method: 'GET', path: '/next' });
      await server.endBody(conn, next);
      await waitFor(() => server.call(big).ended && server.call(next).ended, 10_000, 'both responses');
      assert.equal(Buffer.concat(server.call(next).chunks).toString(), '/next');
    });

    it('low-level frames: sendSyncResponseStart/Chunk/End answer a call by correlation id', async () => {
      const c = client();
      const ids: string[] = [];
      c.onSyncRequest(async (req) => {
        ids.push(req.correlationId);
        await new Promise((r) => req.signal.addEventListener('abort', r)); // answered below, then cancelled
      });
      const conn = await connect(c);
      const id = await server.startCall(conn, { method: 'GET', path: '/' });
      await waitFor(() => ids.length === 1, 5000, 'the handler');
      await c.sendSyncResponseStart(id, 204, { a: ['b'] });
      await c.sendSyncResponseChunk(id, Buffer.alloc(200 * 1024, 7));
      await c.sendSyncResponseEnd(id);
      await waitFor(() => server.call(id).ended, 5000, 'the end');
      assert.equal(server.call(id).status, 204);
      assert.deepEqual(server.call(id).headers, { a: ['b'] });
      assert.equal(server.call(id).received, 200 * 1024);
      assert.ok(conn.frames.filter((f) => f.type === MessageType.SyncResponseChunk).every((f) => f.payload.length <= 64 * 1024), 'split at maxChunkSize');
      await server.sendFrame(conn, MessageType.SyncCancel, id);
    });

    it('stops reading the socket while a request body is unread (bounded buffer), then delivers every byte', async () => {
      const HWM = 256 * 1024;
      const c = client({}, { bodyHighWaterMark: HWM });
      let request!: SyncRequest;
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const hash = createHash('sha256');
      let length = 0;
      c.onSyncRequest(async (req) => {
        request = req;
        await gate;
        for await (const chunk of req.body) {
          hash.update(chunk as Buffer);
          length += (chunk as Buffer).length;
        }
        await req.response.write(String(length));
      });
      const conn = await connect(c);
      const id = await server.startCall(conn, { method: 'POST', path: '/upload' });
      const TOTAL = 48 * 1024 * 1024;
      const sent = createHash('sha256');
      const chunk = Buffer.alloc(32 * 1024);
      const sends: Promise<void>[] = [];
      for (let offset = 0, i = 0; offset < TOTAL; offset += chunk.length, i++) {
        chunk.fill(i % 251);
        sent.update(chunk);
        sends.push(server.sendBody(conn, id, chunk)); // encodeFrame copies the chunk
      }
      const allSent = Promise.all(sends).then(() => server.endBody(conn, id));
      // The client stopped reading: the server cannot flush its queue.
      await waitFor(() => request !== undefined && conn.ws.bufferedAmount > 8 * 1024 * 1024, 20_000, 'the server queue to back up');
      assert.ok(request.body.readableLength <= HWM + 1024 * 1024, `buffered ${request.body.readableLength} bytes in the client`);
      release();
      await allSent;
      await waitFor(() => server.call(id).ended, 30_000, 'the response');
      assert.equal(length, TOTAL);
      assert.equal(hash.digest('hex'), sent.digest('hex'));
      assert.equal(Buffer.concat(server.call(id).chunks).toString(), String(TOTAL));
    });

      it('write() waits for the socket: a stalled server leaves at most one write plus sendHighWaterMark queued in the client', async () => {
      const SEND_HWM = 512 * 1024;
      const BLOCK = 1024 * 1024;
      const c = client({}, { sendHighWaterMark: SEND_HWM });
      server.keepChunks = false;
      const served = createHash('sha256');
      server.onChunk = (_call, bytes) => served.update(bytes);
      const TOTAL = 96 * 1024 * 1024; // more than the kernel buffers of a loopback connection (rmem up to 32 MiB)
      const expected = createHash('sha256');
      let written = 0;
      c.onSyncRequest(async (req) => {
        await req.response.start(200);
        const block = Buffer.alloc(BLOCK);
        for (let i = 0; written < TOTAL; i++) {
          block.fill(i % 256);
          expected.update(block);
          await req.response.write(block);
          written += block.length;
        }
      });
      const conn = await connect(c);
      conn.ws.pause(); // the server stops reading
      const id = await server.startCall(conn, { method: 'GET', path: '/download' });
      await server.endBody(conn, id);
      const socket = () => (c as unknown as { session: { ws: { bufferedAmount: number } } | null }).session!.ws;
      // Wait until the client is stalled (its queue unchanged over 10 polls), noting the largest queue seen.
      let max = 0;
      let previous = -1;
      let unchanged = 0;
      await waitFor(() => {
        const now = socket().bufferedAmount;
        max = Math.max(max, now);
        unchanged = now > 0 && now === previous ? unchanged + 1 : 0;
        previous = now;
        return unchanged >= 10;
      }, 20_000, 'the client to stall');
      assert.ok(max <= BLOCK + SEND_HWM + 64 * 1024, `client queued ${max} bytes`);
      assert.ok(written < TOTAL, 'the handler is held back');
      conn.ws.resume();
      await waitFor(() => server.call(id).ended, 30_000, 'the response');
      assert.equal(server.call(id).received, TOTAL);
      assert.equal(served.digest('hex'), expected.digest('hex'));
    });
  });
});
