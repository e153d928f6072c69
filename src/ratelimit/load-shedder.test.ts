import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isExempt, LoadShedder, OVERLOADED_BODY } from './load-shedder.js';
import { DEFAULT_RATE_LIMIT, type RateLimitSettings } from './rate-limit-settings.js';
import { createLoadShedding } from './load-shedding.js';
import { silentLogger } from '../logging.js';

const ENABLED: RateLimitSettings = { ...DEFAULT_RATE_LIMIT, enabled: true };
const EXCLUDED = new Set(DEFAULT_RATE_LIMIT.excludedPaths);

describe('isExempt', () => {
  const cases: Array<[string, boolean, boolean]> = [
    // [path, on a public port, exempt]
    ['/function/fn/x', true, false],
    ['/function/fn/x', false, true], // the data/cluster port is never limited
    ['/async-function/fn', true, false],
    ['/health', true, true],
    ['/HEALTH', true, true], // case-insensitive
    ['/Ready', true, true],
    ['/metrics', true, true],
    ['/health/', true, false], // exact, no prefix matching
    ['/healthz', true, false],
    ['/health/x', true, false],
    ['/internal/files/abc', true, true], // node-to-node routes
    ['/internal/activity-events', true, true],
    ['/internals', true, false],
    ['/status-functions', true, false],
    ['/', true, false], // the dashboard is exempted by the pipeline (served before), not here
  ];
  for (const [path, publicPort, exempt] of cases) {
    it(`${path} (${publicPort ? 'public' : 'data'} port) → ${exempt ? 'exempt' : 'limited'}`, () => assert.equal(isExempt(path, publicPort, EXCLUDED), exempt));
  }
  it('removing a path from ExcludedPaths makes it subject to the limiter', () => assert.equal(isExempt('/health', true, new Set(['/metrics'])), false));
});

/** A server answering 200 `passed` unless the shedder rejects; `publicPort` is taken from a header. */
async function serve(shedder: LoadShedder): Promise<{ server: Server; url: string; passed: () => number }> {
  let passed = 0;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (shedder.rejects(req, res, path, req.headers['x-data-port'] === undefined)) return;
    passed++;
    req.resume();
    res.end('passed');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, passed: () => passed };
}

describe('LoadShedder', () => {
  it('follows the latest sample with hysteresis and answers the exact 429; transitions are logged', async () => {
    let usage = 0;
    const logs: string[] = [];
    const shedder = new LoadShedder(ENABLED, () => usage, { warn: (m) => logs.push(`warn ${m}`), info: (m) => logs.push(`info ${m}`) });
    const { server, url, passed } = await serve(shedder);
    try {
      const call = (path = '/function/fn/x', headers: Record<string, string> = {}) => fetch(url + path, { method: 'POST', body: 'payload', headers });
      const steps: Array<[number, number]> = [[50, 200], [79, 200], [80, 429], [70, 429], [61, 429], [60, 200], [70, 200], [95, 429]];
      for (const [u, status] of steps) {
        usage = u;
        const res = await call();
        await res.text();
        assert.equal(res.status, status, `usage ${u}%`);
      }
      const rejected = await call();
      assert.equal(rejected.status, 429);
      assert.equal(rejected.headers.get('retry-after'), '5');
      assert.equal(rejected.headers.get('content-type'), 'text/plain');
      assert.equal(await rejected.text(), OVERLOADED_BODY);
      assert.equal(OVERLOADED_BODY, 'Service temporarily overloaded. Please retry later.');
      for (const path of ['/health', '/ready', '/metrics', '/internal/files/x']) assert.equal((await (await call(path)).text()), 'passed', path);
      assert.equal(await (await call('/function/fn/x', { 'x-data-port': '1' })).text(), 'passed');
      assert.equal(passed(), 4 + 4 + 1);
      assert.deepEqual(logs.map((l) => l.split(':')[0]), ['warn CPU rate limiting activated', 'info CPU rate limiting deactivated', 'warn CPU rate limiting activated']);
      assert.match(logs[0]!, /80\.0% ≥ 80%/);
      assert.match(logs[1]!, /60\.0% ≤ 60%/);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('exempt requests do not move the state; no Retry-After without RetryAfterSeconds', async () => {
    let usage = 90;
    const shedder = new LoadShedder({ ...ENABLED, retryAfterSeconds: null }, () => usage, { warn() {}, info() {} });
    const { server, url } = await serve(shedder);
    try {
      assert.equal((await fetch(`${url}/health`)).status, 200);
      assert.equal(shedder.isLimiting, false);
      const res = await fetch(`${url}/function/fn`);
      assert.equal(res.status, 429);
      assert.equal(res.headers.get('retry-after'), null);
      assert.equal(await res.text(), OVERLOADED_BODY);
      usage = 10;
      assert.equal((await fetch(`${url}/ready`)).status, 200);
      assert.equal(shedder.isLimiting, true);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('stop() runs the sampler stop', () => {
    let stopped = 0;
    new LoadShedder(ENABLED, () => 0, { warn() {}, info() {} }, () => stopped++).stop();
    assert.equal(stopped, 1);
  });
});

describe('createLoadShedding', () => {
  it('registers nothing when disabled', () => assert.equal(createLoadShedding(DEFAULT_RATE_LIMIT, silentLogger, {}), null));
  it('when enabled, starts a sampler that stop() ends (0% until two intervals passed)', () => {
    const shedder = createLoadShedding(ENABLED, silentLogger, {});
    assert.ok(shedder);
    assert.equal(shedder.isLimiting, false);
    shedder.stop();
  });
});
