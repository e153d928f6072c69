/**
 * End-to-end: slow clients are cut off (Kestrel limits with upstream's setting names). Headers
 * that trickle in are closed with 408 after RequestHeadersTimeout; a body slower than
 * MinRequestBodyDataRate is cut after its grace period; a slow but sufficient upload is served;
 * MaxConcurrentConnections closes the connections beyond it. Other clients keep being served.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { LocalUp, recorderFunction } from '../helpers/local-up.js';
import { Collector } from '../helpers/collector.js';
import { call } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';

/** A raw connection that records what the server sends and when it closes. */
class RawClient {
  received = '';
  closed = false;
  private timer: NodeJS.Timeout | null = null;
  readonly socket: net.Socket;

  constructor(port: number) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('data', (d) => (this.received += d));
    this.socket.on('error', () => undefined);
    this.socket.on('close', () => {
      this.closed = true;
      if (this.timer) clearInterval(this.timer);
    });
  }

  /** Writes `first`, then `next()` every `everyMs` until the server closes the connection. */
  trickle(first: string, next: () => string, everyMs: number): this {
    this.socket.write(first);
    this.timer = setInterval(() => {
      if (!this.socket.destroyed) this.socket.write(next());
    }, everyMs);
    return this;
  }

  destroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.socket.destroy();
  }
}

describe('slow clients are cut off', () => {
  let up: LocalUp;
  let collector: Collector;

  before(async () => {
    collector = await new Collector().start();
    up = await LocalUp.start(
      () => 'functions:\n' + recorderFunction('fast', { recordUrl: collector.url, annotations: { 'SlimFaas/ReplicasMin': '1' } }),
      undefined,
      {
        Kestrel__Limits__RequestHeadersTimeout: '00:00:02',
        Kestrel__Limits__MinRequestBodyDataRate__GracePeriod: '00:00:02',
      },
    );
    await up.waitReady('fast');
  });

  after(async () => {
    assert.equal(await up?.stop(), 0);
    await up?.dispose();
    await collector?.close();
  });

  for (const [label, port] of [['node port', () => up.ports.node], ['entrypoint', () => up.ports.entrypoint]] as const) {
    it(`headers trickling in are closed with 408 after the headers timeout (${label}); others are served`, async () => {
      let n = 0;
      const slow = new RawClient(port()).trickle('GET /function/fast/x HTTP/1.1\r\nHost: 127.0.0.1\r\n', () => `X-Slow-${n++}: 1\r\n`, 300);
      try {
        assert.equal((await call(`${up.url}/function/fast/meanwhile`)).status, 200, 'another client is served meanwhile');
        await waitFor(() => slow.closed, 20_000, 'the slow connection to be closed');
        assert.match(slow.received, /^HTTP\/1\.1 408 /);
        assert.ok(n >= 3, 'the client did keep sending headers');
      } finally {
        slow.destroy();
      }
    });
  }

  for (const route of ['/function/fast/upload', '/async-function/fast/upload']) {
    it(`a body at 10 B/s is cut after the grace period with 408 (${route})`, async () => {
      const before = collector.starts('fast').filter((r) => r.path === '/upload').length;
      const slow = new RawClient(up.ports.node).trickle(
        `POST ${route} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n`,
        () => '0123456789',
        1000,
      );
      try {
        await waitFor(() => slow.closed, 20_000, 'the slow upload to be cut');
        assert.match(slow.received, /^HTTP\/1\.1 408 /);
        assert.match(slow.received, /too slowly/);
        assert.equal((await call(`${up.url}/function/fast/after`)).status, 200, 'the node keeps serving');
        assert.equal(collector.starts('fast').filter((r) => r.path === '/upload' && r.event === 'start').length, before, 'no partial body delivered');
      } finally {
        slow.destroy();
      }
    });
  }

  it('an upload slow but above the minimum rate (1,000 B/s for 4 s) is served', async () => {
    const total = 4000;
    let sent = 0;
    const client = new RawClient(up.ports.node).trickle(
      `POST /function/fast/steady HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${total}\r\nConnection: close\r\n\r\n`,
      () => {
        const size = Math.min(250, total - sent);
        sent += size;
        return 'x'.repeat(size);
      },
      250,
    );
    try {
      await waitFor(() => client.closed, 20_000, 'the answer');
      assert.match(client.received, /^HTTP\/1\.1 200 /);
      const record = collector.starts('fast').find((r) => r.path === '/steady');
      assert.equal(record?.bodyLength, total);
    } finally {
      client.destroy();
    }
  });
});

describe('MaxConcurrentConnections', () => {
  it('closes connections beyond the limit at once and accepts new ones when one ends', async () => {
    const up = await LocalUp.start(() => 'functions: {}\n', undefined, { Kestrel__Limits__MaxConcurrentConnections: '3' });
    const clients: RawClient[] = [];
    try {
      for (let i = 0; i < 3; i++) clients.push(new RawClient(up.ports.node).trickle('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', () => '', 60_000));
      await waitFor(() => clients.every((c) => c.received.startsWith('HTTP/1.1 200')), 10_000, 'three open keep-alive connections, served');
      const extra = new RawClient(up.ports.entrypoint);
      clients.push(extra);
      await waitFor(() => extra.closed, 10_000, 'the connection beyond the limit to be closed');
      assert.equal(extra.received, '', 'closed without an answer, as Kestrel does');
      assert.ok(clients.slice(0, 3).every((c) => !c.closed), 'the first three stay open');
      clients[0]!.destroy();
      await waitFor(async () => (await call(`${up.nodeUrl}/health`).catch(() => ({ status: 0 }))).status === 200, 10_000, 'a new connection once one ended');
    } finally {
      for (const c of clients) c.destroy();
      assert.equal(await up.stop(), 0);
      await up.dispose();
    }
  });
});
