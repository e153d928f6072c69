import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { callbackBackoffMs, callbackHeaders, checkCallbackUrl } from './caller-callback.js';
import { CallbackSender } from './callback-sender.js';
import { UpstreamClient } from '../proxy/upstream-client.js';
import { silentLogger } from '../logging.js';

describe('checkCallbackUrl', () => {
  const allowed = ['hooks.example.com', 'other.example:8443'];
  // [name, values, internal, expected ok, error pattern or url]
  const cases: Array<[string, string[] | undefined, boolean, boolean, RegExp | string | null]> = [
    ['no header', undefined, false, true, null],
    ['internal caller, any host', ['http://10.0.0.3:8080/done'], true, true, 'http://10.0.0.3:8080/done'],
    ['external, allowed host', ['https://Hooks.Example.com/cb?x=1'], false, true, 'https://hooks.example.com/cb?x=1'],
    ['external, allowed host:port', ['https://other.example:8443/cb'], false, true, 'https://other.example:8443/cb'],
    ['external, other port of a host:port entry', ['https://other.example/cb'], false, false, /not allowed/],
    ['external, not allowed names the setting', ['http://127.0.0.1:9/x'], false, false, /'127\.0\.0\.1' is not allowed.*SlimFaas__AsyncCallbackAllowedHosts/],
    ['not http(s)', ['file:///etc/passwd'], true, false, /http or https/],
    ['relative', ['/x'], true, false, /absolute/],
    ['credentials', ['http://u:p@hooks.example.com/'], false, false, /credentials/],
    ['twice', ['http://a/', 'http://b/'], true, false, /once/],
  ];
  for (const [name, values, internal, ok, expected] of cases) {
    it(name, () => {
      const r = checkCallbackUrl(values, internal, allowed);
      assert.equal(r.ok, ok);
      if (r.ok) assert.equal(r.url, expected);
      else assert.match(r.error, expected as RegExp);
    });
  }
});

describe('callback headers and back-off', () => {
  it('names the call, function, status and duration', () => {
    assert.deepEqual(callbackHeaders({ id: 'i', fn: 'f', status: 500, durationMs: 1234, contentType: 'text/plain', tooLarge: true }), {
      'x-call-id': 'i', 'x-function-name': 'f', 'x-function-status': '500', 'x-duration-seconds': '1.234', 'slimfaas-element-id': 'i',
      'content-type': 'text/plain', 'slimfaas-result-body': 'too-large',
    });
  });
  it('doubles', () => assert.deepEqual([1, 2, 3].map((n) => callbackBackoffMs(n)), [1000, 2000, 4000]));
});

describe('CallbackSender', () => {
  it('retries a failing receiver, then stops at the bound', async () => {
    const statuses = [503, 500, 200];
    const seen: Array<{ body: string; headers: http.IncomingHttpHeaders }> = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        seen.push({ body: Buffer.concat(chunks).toString(), headers: req.headers });
        res.writeHead(statuses[Math.min(seen.length - 1, statuses.length - 1)]).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const client = new UpstreamClient({ allowUnsecureSsl: false });
    const delays: number[] = [];
    const sender = new CallbackSender(client, silentLogger, async (ms) => void delays.push(ms));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`;
      const response = { status: 201, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"a":1}'), size: 7 };
      assert.equal(await sender.send({ url, id: 'id1', fn: 'f', status: 201, durationMs: 10, response }), true);
      assert.deepEqual([seen.length, delays, seen[2].body, seen[2].headers['x-function-status'], seen[2].headers['content-type']], [3, [1000, 2000], '{"a":1}', '201', 'application/json']);
      statuses.splice(0, 3, 500);
      seen.length = 0;
      assert.equal(await sender.send({ url, id: 'id2', fn: 'f', status: 500, durationMs: 10 }), false);
      assert.equal(seen.length, 4);
    } finally {
      sender.stop();
      await client.close();
      server.close();
    }
  });
});
