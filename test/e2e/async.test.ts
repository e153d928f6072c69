/**
 * End-to-end: asynchronous calls through the real CLI and replicas (functions.md §16 AS-11…AS-20,
 * E14, E17): ids, headers, retries, parallelism limits, FIFO, 202 mode and callbacks.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalUp, recorderFunction } from '../helpers/local-up.js';
import { Collector, type ReplicaRecord } from '../helpers/collector.js';
import { call } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Maximum number of overlapping requests among start/end records. */
function maxOverlap(records: ReplicaRecord[], key: (r: ReplicaRecord) => string = () => ''): number {
  const events = records
    .map((r) => ({ at: r.at, delta: r.event === 'start' ? 1 : -1, key: key(r) }))
    .sort((a, b) => a.at - b.at || a.delta - b.delta);
  const current = new Map<string, number>();
  let max = 0;
  for (const e of events) {
    const n = (current.get(e.key) ?? 0) + e.delta;
    current.set(e.key, n);
    max = Math.max(max, n);
  }
  return max;
}

describe('async calls (native local mode)', () => {
  let up: LocalUp;
  let collector: Collector;

  before(async () => {
    collector = await new Collector().start();
    const recordUrl = collector.url;
    up = await LocalUp.start(
      () =>
        'functions:\n' +
        recorderFunction('fibonacci', { recordUrl, annotations: { 'SlimFaas/ReplicasMin': '2', 'SlimFaas/ReplicasAtStart': '2' } }) +
        recorderFunction('flaky', {
          recordUrl,
          env: { STATUS_SEQUENCE: '503,503,200' },
          annotations: { 'SlimFaas/ReplicasMin': '1', 'SlimFaas/Configuration': '{"DefaultAsync":{"HttpTimeout":30,"TimeoutRetries":[1,1],"HttpStatusRetries":[503]}}' },
        }) +
        recorderFunction('serial', { recordUrl, env: { DELAY_MS: '300' }, annotations: { 'SlimFaas/ReplicasMin': '1', 'SlimFaas/NumberParallelRequest': '1' } }) +
        recorderFunction('perpod', {
          recordUrl,
          env: { DELAY_MS: '1000' },
          annotations: { 'SlimFaas/ReplicasMin': '2', 'SlimFaas/ReplicasAtStart': '2', 'SlimFaas/NumberParallelRequest': '10', 'SlimFaas/NumberParallelRequestPerPod': '1' },
        }) +
        recorderFunction('timeouts', {
          recordUrl,
          annotations: { 'SlimFaas/ReplicasMin': '1', 'SlimFaas/Configuration': '{"DefaultAsync":{"HttpTimeout":1,"TimeoutRetries":[1],"HttpStatusRetries":[504]}}' },
        }) +
        recorderFunction('sleepy', { recordUrl, annotations: { 'SlimFaas/ReplicasMin': '0', 'SlimFaas/ReplicasAtStart': '1' } }),
    );
    for (const [name, n] of [['fibonacci', 2], ['flaky', 1], ['serial', 1], ['perpod', 2], ['timeouts', 1]] as const) {
      await up.waitReady(name, n);
    }
  });

  after(async () => {
    assert.equal(await up?.stop(), 0);
    assert.deepEqual(up.alivePids(), []);
    await up?.dispose();
    await collector?.close();
  });

  it('AS-11 accepts with 202 and an element id, then delivers with the SlimFaas headers', async () => {
    const res = await call(`${up.url}/async-function/fibonacci/compute`, { method: 'POST', body: '{"n":5}', headers: { 'content-type': 'application/json' } });
    assert.equal(res.status, 202);
    assert.equal(res.body, '');
    const id = String(res.headers['slimfaas-element-id']);
    assert.match(id, UUID);
    await waitFor(() => collector.starts('fibonacci').some((r) => r.headers['slimfaas-element-id'] === id), 10_000, 'delivery');
    const got = collector.starts('fibonacci').find((r) => r.headers['slimfaas-element-id'] === id)!;
    assert.deepEqual([got.method, got.path, got.body], ['POST', '/compute', '{"n":5}']);
    assert.equal(got.headers['slimfaas-try-number'], '1');
    assert.equal(got.headers['slimfaas-last-try'], 'false');
  });

  it('AS-12/AS-20 unknown functions answer 404', async () => {
    assert.equal((await call(`${up.url}/async-function/wrong/download`)).status, 404);
    assert.equal((await call(`${up.url}/async-function-callback/wrong/abc/success`, { method: 'POST' })).status, 404);
  });

  it('AS-13/E14 accepts a call for a function at zero, wakes it and delivers', async () => {
    const res = await call(`${up.url}/async-function/sleepy/download`, { method: 'POST', body: 'x' });
    assert.equal(res.status, 202);
    const id = String(res.headers['slimfaas-element-id']);
    await waitFor(() => collector.starts('sleepy').some((r) => r.headers['slimfaas-element-id'] === id), 30_000, 'delivery after wake-up');
    const got = collector.starts('sleepy').find((r) => r.headers['slimfaas-element-id'] === id)!;
    assert.equal(got.path, '/download');
    assert.equal(got.headers['slimfaas-try-number'], '1');
  });

  it('AS-14 retries a retryable status with the configured delays, then stops', async () => {
    const res = await call(`${up.url}/async-function/flaky/job`, { method: 'POST' });
    const id = String(res.headers['slimfaas-element-id']);
    const attempts = await collector.waitForStarts(3, 'flaky', 20_000);
    const mine = attempts.filter((r) => r.headers['slimfaas-element-id'] === id);
    assert.deepEqual(mine.map((r) => r.headers['slimfaas-try-number']), ['1', '2', '3']);
    assert.deepEqual(mine.map((r) => r.headers['slimfaas-last-try']), ['false', 'false', 'true']);
    assert.ok(mine[1].at - mine[0].at >= 1000 && mine[2].at - mine[1].at >= 1000, 'at least 1 s apart');
    await waitFor(async () => /slimfaas_function_queue_ready_items\{function="flaky"\} 0/.test((await call(`${up.url}/metrics`)).body), 5000, 'queue empty');
    assert.equal(collector.starts('flaky').length, 3, 'no 4th attempt');
  });

  it('AS-15 a non-retryable status ends the item after one attempt', async () => {
    const res = await call(`${up.url}/async-function/fibonacci/compute?status=400`, { method: 'POST' });
    const id = String(res.headers['slimfaas-element-id']);
    await waitFor(() => collector.records.some((r) => r.event === 'end' && r.headers['slimfaas-element-id'] === id), 10_000, 'attempt');
    await waitFor(async () => {
      const m = (await call(`${up.url}/metrics`)).body;
      return /ready_items\{function="fibonacci"\} 0/.test(m) && /in_flight_items\{function="fibonacci"\} 0/.test(m) && /retry_pending_items\{function="fibonacci"\} 0/.test(m);
    }, 5000, 'queue length 0');
    assert.equal(collector.starts('fibonacci').filter((r) => r.headers['slimfaas-element-id'] === id).length, 1);
  });

  it('AS-16 NumberParallelRequest=1 delivers one at a time in FIFO order', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await call(`${up.url}/async-function/serial/job?i=${i}`, { method: 'POST' })).status, 202);
    await waitFor(() => collector.records.filter((r) => r.fn === 'serial' && r.event === 'end').length >= 5, 20_000, 'five deliveries');
    const serial = collector.records.filter((r) => r.fn === 'serial');
    assert.deepEqual(serial.filter((r) => r.event === 'start').map((r) => r.query), ['?i=0', '?i=1', '?i=2', '?i=3', '?i=4']);
    assert.equal(maxOverlap(serial), 1);
  });

  it('AS-17 NumberParallelRequestPerPod=1 keeps one request per replica', async () => {
    await Promise.all(Array.from({ length: 4 }, (_, i) => call(`${up.url}/async-function/perpod/job?i=${i}`, { method: 'POST' })));
    await waitFor(() => collector.records.filter((r) => r.fn === 'perpod' && r.event === 'end').length >= 4, 20_000, 'four deliveries');
    const records = collector.records.filter((r) => r.fn === 'perpod');
    assert.equal(maxOverlap(records, (r) => r.replica), 1, 'per replica');
    assert.equal(maxOverlap(records), 2, 'in total');
  });

  it('AS-18 202 mode: a success callback finishes the item', async () => {
    const res = await call(`${up.url}/async-function/fibonacci/long?status=202`, { method: 'POST' });
    const id = String(res.headers['slimfaas-element-id']);
    await waitFor(() => collector.records.some((r) => r.event === 'end' && r.headers['slimfaas-element-id'] === id), 10_000, 'first attempt');
    const cb = await call(`${up.url}/async-function-callback/fibonacci/${id}/success`, { method: 'POST' });
    assert.equal(cb.status, 200);
    await waitFor(async () => /in_flight_items\{function="fibonacci"\} 0/.test((await call(`${up.url}/metrics`)).body), 5000, 'item removed');
    assert.equal(collector.starts('fibonacci').filter((r) => r.headers['slimfaas-element-id'] === id).length, 1);
  });

  it('AS-19 202 mode: an error callback is retried after about 2 s', async () => {
    const res = await call(`${up.url}/async-function/fibonacci/long?status=202`, { method: 'POST' });
    const id = String(res.headers['slimfaas-element-id']);
    await waitFor(() => collector.records.some((r) => r.event === 'end' && r.headers['slimfaas-element-id'] === id), 10_000, 'first attempt');
    const at = Date.now();
    assert.equal((await call(`${up.url}/async-function-callback/fibonacci/${id}/error`, { method: 'POST' })).status, 200);
    await waitFor(() => collector.starts('fibonacci').some((r) => r.headers['slimfaas-element-id'] === id && r.headers['slimfaas-try-number'] === '2'), 10_000, 'second attempt');
    const second = collector.starts('fibonacci').find((r) => r.headers['slimfaas-element-id'] === id && r.headers['slimfaas-try-number'] === '2')!;
    assert.ok(second.at - at >= 1900, `retried after ${second.at - at} ms`);
    // Finish it so that it does not linger.
    await call(`${up.url}/async-function-callback/fibonacci/${id}/success`, { method: 'POST' });
  });

  it('records an attempt that exceeds DefaultAsync.HttpTimeout as 504 (retried here because 504 is retryable)', async () => {
    const res = await call(`${up.url}/async-function/timeouts/slow?delay=2500`, { method: 'POST' });
    const id = String(res.headers['slimfaas-element-id']);
    await waitFor(() => collector.starts('timeouts').filter((r) => r.headers['slimfaas-element-id'] === id).length === 2, 15_000, 'a second attempt');
    const [first, second] = collector.starts('timeouts').filter((r) => r.headers['slimfaas-element-id'] === id);
    assert.deepEqual([first.headers['slimfaas-try-number'], second.headers['slimfaas-try-number'], second.headers['slimfaas-last-try']], ['1', '2', 'true']);
    assert.ok(second.at - first.at >= 2000, 'timeout (1 s) plus retry delay (1 s)');
    await waitFor(() => collector.records.filter((r) => r.fn === 'timeouts' && r.event === 'aborted').length === 2, 10_000, 'both attempts cancelled at their timeout');
    await waitFor(async () => /in_flight_items\{function="timeouts"\} 0/.test((await call(`${up.url}/metrics`)).body), 5000, 'item finished');
  });

  it('E16 a callback for an unknown element id is ignored with 200', async () => {
    assert.equal((await call(`${up.url}/async-function-callback/fibonacci/not-an-id/success`, { method: 'POST' })).status, 200);
  });

  it('E17 delivers a body above 1 MiB byte-identical', async () => {
    const body = Buffer.alloc(1024 * 1024 + 17, 'a');
    const res = await call(`${up.url}/async-function/fibonacci/big`, { method: 'POST', body });
    assert.equal(res.status, 202);
    const id = String(res.headers['slimfaas-element-id']);
    await waitFor(() => collector.starts('fibonacci').some((r) => r.headers['slimfaas-element-id'] === id), 10_000, 'delivery');
    const got = collector.starts('fibonacci').find((r) => r.headers['slimfaas-element-id'] === id)!;
    assert.equal(got.bodyLength, body.length);
    assert.equal(got.body, body.toString('utf8'));
  });
});
