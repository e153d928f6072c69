import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { NodeMetrics } from './node-metrics.js';

const line = (text: string, name: string) => text.split('\n').find((l) => l.startsWith(name))?.split(' ').at(-1);

describe('NodeMetrics inbound HTTP counts (kept per request, handed over at scrape time)', () => {
  it('in-progress and received counts are exact across scrapes, never counted twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'node-metrics-'));
    const store = SqliteStore.open({ path: join(dir, 'db.sqlite') });
    try {
      const metrics = new NodeMetrics(store, () => []);
      metrics.requestStarted('GET');
      metrics.requestStarted('GET');
      metrics.requestStarted('POST');
      metrics.observeRequest('GET', 200, 0.002);
      let text = await metrics.registry.metrics();
      assert.equal(line(text, 'http_requests_in_progress{method="GET"}'), '1');
      assert.equal(line(text, 'http_requests_in_progress{method="POST"}'), '1');
      assert.equal(line(text, 'http_requests_received_total{code="2xx",method="GET"}'), '1');
      metrics.observeRequest('GET', 404, 0.001);
      metrics.observeRequest('POST', 503, 0.001);
      text = await metrics.registry.metrics();
      assert.equal(line(text, 'http_requests_in_progress{method="GET"}'), '0');
      assert.equal(line(text, 'http_requests_received_total{code="2xx",method="GET"}'), '1');
      assert.equal(line(text, 'http_requests_received_total{code="4xx",method="GET"}'), '1');
      assert.equal(line(text, 'http_requests_received_total{code="5xx",method="POST"}'), '1');
      assert.equal(line(text, 'http_request_duration_seconds_count{code="2xx",method="GET"}'), '1');
      text = await metrics.registry.metrics();
      assert.equal(line(text, 'http_requests_received_total{code="2xx",method="GET"}'), '1');
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
