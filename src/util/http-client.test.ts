import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { Agent, request } from './http-client.js';

describe('http-client (undici without its fetch/WebSocket modules)', () => {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers['x-test'] ?? ''}`);
    res.end('pong');
  });
  const ready = new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as AddressInfo).port)));
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('request sends the path and query as given, with the headers, and returns status and body', async () => {
    const port = await ready;
    const res = await request(`http://127.0.0.1:${port}/a/b?x=1&y=2`, { headers: { 'x-test': 'yes' } });
    assert.equal(res.statusCode, 200);
    assert.equal(await res.body.text(), 'pong');
    assert.equal(seen.at(-1), 'GET /a/b?x=1&y=2 yes');
  });

  it('an Agent has undici’s request and stream API', async () => {
    const port = await ready;
    const agent = new Agent();
    const res = await agent.request({ origin: `http://127.0.0.1:${port}`, path: '/s', method: 'POST', body: 'x' });
    assert.equal(await res.body.text(), 'pong');
    assert.equal(typeof agent.stream, 'function');
    await agent.close();
    assert.equal(seen.at(-1), 'POST /s ');
  });

  it('does not load undici’s index (fetch, WebSocket, caches)', () => {
    const require = createRequire(import.meta.url);
    const index = require.resolve('undici');
    assert.equal(require.cache[index], undefined);
  });
});
