// handleLogs against fake registry and orchestrators: the answers the e2e suite cannot provoke.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayContext } from '../gateway/context.js';
import type { Orchestrator } from '../orchestrator/orchestrator.js';
import type { RecentLogsQuery } from '../orchestrator/logs.js';
import { silentLogger } from '../logging.js';
import { handleLogs } from './logs-route.js';

const ctx = {
  registry: { get: (name: string) => (name === 'fn' ? {} : undefined), trustedIps: new Set(['127.0.0.1']) },
  options: { trustedProxies: [] },
  logger: silentLogger,
} as unknown as GatewayContext;

let orchestrator: Pick<Orchestrator, 'recentLogs' | 'followLogs'> = {};
let server: http.Server;
let base = '';
/** The server side of the last request. */
let lastRes: http.ServerResponse | undefined;

before(async () => {
  server = http.createServer((req, res) => {
    lastRes = res;
    const [path, query = ''] = (req.url ?? '').split('?');
    void handleLogs(ctx, orchestrator, req, res, path!.slice('/logs/'.length), query ? `?${query}` : '');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

describe('handleLogs', () => {
  it('an orchestrator without recentLogs: 200 with no lines', async () => {
    orchestrator = {};
    const res = await fetch(`${base}/logs/fn`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/x-ndjson');
    assert.equal(await res.text(), '');
  });

  it('passes the parsed query and the decoded name; answers the lines as NDJSON', async () => {
    let seen: [string, RecentLogsQuery] | undefined;
    orchestrator = {
      recentLogs: async (name, query) => {
        seen = [name, query];
        return [{ replica: 'fn-1', timeMs: Date.UTC(2026, 0, 1), stream: 'stderr', line: 'x' }];
      },
    };
    const res = await fetch(`${base}/logs/f%6E?tail=5&replica=fn-1&since=2026-01-01T00:00:00Z`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '{"replica":"fn-1","time":"2026-01-01T00:00:00.000Z","stream":"stderr","line":"x"}\n');
    assert.deepEqual(seen, ['fn', { tail: 5, replica: 'fn-1', sinceMs: Date.UTC(2026, 0, 1) }]);
  });

  it('a failing orchestrator: 503 JSON', async () => {
    orchestrator = { recentLogs: async () => Promise.reject(new Error('engine down')) };
    const res = await fetch(`${base}/logs/fn`);
    assert.equal(res.status, 503);
    assert.equal(typeof ((await res.json()) as { error: string }).error, 'string');
  });

  it('404 for an unknown function, a nested path or a malformed name; 400 for a bad query', async () => {
    orchestrator = {};
    for (const path of ['/logs/other', '/logs/fn/more', '/logs/%zz', '/logs/']) {
      const res = await fetch(`${base}${path}`);
      assert.equal(res.status, 404, path);
      assert.equal(typeof ((await res.json()) as { error: string }).error, 'string');
    }
    assert.equal((await fetch(`${base}/logs/fn?tail=x`)).status, 400);
  });

  it('follow=true without followLogs: the tail, then the answer ends', async () => {
    orchestrator = { recentLogs: async () => [{ replica: 'fn-0', timeMs: 0, stream: 'stdout', line: 'x' }] };
    const res = await fetch(`${base}/logs/fn?follow=true`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '{"replica":"fn-0","time":"1970-01-01T00:00:00.000Z","stream":"stdout","line":"x"}\n');
  });

  it('follow=true: lines stream as they come; a paused reader stops the pulling; a closed client aborts the source', async () => {
    let pulls = 0;
    let aborted = false;
    let ended = false;
    let seenQuery: RecentLogsQuery | undefined;
    const big = 'y'.repeat(1024);
    orchestrator = {
      followLogs: async function* (_name, query, signal) {
        seenQuery = query;
        signal.addEventListener('abort', () => (aborted = true));
        try {
          for (;;) {
            pulls++;
            yield { replica: 'fn-0', timeMs: pulls, stream: 'stdout', line: `${pulls} ${big}` };
          }
        } finally {
          ended = true;
        }
      },
    };
    const req = http.get(`${base}/logs/fn?follow=true&tail=3`);
    const res = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/x-ndjson');
    assert.deepEqual(seenQuery, { tail: 3 });
    res.pause();
    // Wait until the pulls stall (the socket is full and the route waits for 'drain'): an unpaced
    // route would pull forever and never stall.
    for (let last = -1; pulls !== last; ) {
      last = pulls;
      await new Promise((r) => setTimeout(r, 200));
    }
    const stalledAt = pulls;
    assert.ok(stalledAt < 64 * 1024, `pulled ${stalledAt} lines of 1 KiB for a paused reader`);
    let received = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (received += chunk));
    res.resume();
    await waitUntil(() => pulls > stalledAt + 100);
    assert.match(received, /^\{"replica":"fn-0","time":"1970-01-01T00:00:00.001Z","stream":"stdout","line":"1 y+"\}\n/);
    req.destroy();
    await waitUntil(() => aborted && ended);
    // The server keeps serving.
    orchestrator = {};
    assert.equal((await fetch(`${base}/logs/fn`)).status, 200);
  });
});

describe('handleLogs follow=true: the headers once the follow has started', () => {
  it('no headers before the starting point is fixed; then the lines', async () => {
    let start: (() => void) | undefined;
    let headersSentAtStart: boolean | undefined;
    orchestrator = {
      followLogs: (_name, _query, signal) =>
        new Promise((resolve) => {
          start = () => {
            headersSentAtStart = lastRes?.headersSent;
            resolve((async function* () {
              yield { replica: 'fn-0', timeMs: 0, stream: 'stdout' as const, line: 'after the start' };
              await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
            })());
          };
        }),
    };
    const req = http.get(`${base}/logs/fn?follow=true&tail=0`);
    const response = new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
    await waitUntil(() => start !== undefined);
    start!();
    const res = await response;
    assert.equal(headersSentAtStart, false, 'the headers were sent before the follow had its starting point');
    assert.equal(res.statusCode, 200);
    let received = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (received += chunk));
    await waitUntil(() => received.includes('\n'));
    assert.equal(received, '{"replica":"fn-0","time":"1970-01-01T00:00:00.000Z","stream":"stdout","line":"after the start"}\n');
    req.destroy();
  });

  it('a follow that fails to start: 503 JSON', async () => {
    orchestrator = { followLogs: () => Promise.reject(new Error('no logs dir')) };
    const res = await fetch(`${base}/logs/fn?follow=true`);
    assert.equal(res.status, 503);
    assert.equal(typeof ((await res.json()) as { error: string }).error, 'string');
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 10));
}
