/**
 * End-to-end: CPU load shedding (platform.md §4) through the real `slimfaas local up` CLI, with
 * the test-only CPU source (`SLIMFAAS_TEST_CPU_FILE`) so no CPU is burnt: above the high threshold
 * public calls get the exact 429 and reach nothing; probes, metrics and the dashboard stay served;
 * the hysteresis keeps the state between the thresholds; invalid settings stop the start.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalUp, pickPorts, recorderFunction } from '../helpers/local-up.js';
import { Collector } from '../helpers/collector.js';
import { call } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';

const BODY = 'Service temporarily overloaded. Please retry later.';

describe('CPU load shedding (native local mode, fake CPU source)', () => {
  let up: LocalUp;
  let collector: Collector;
  let dir: string;
  let cpuFile: string;

  const reads = (): number => (existsSync(`${cpuFile}.reads`) ? Number(readFileSync(`${cpuFile}.reads`, 'utf8')) || 0 : 0);
  /** Sets the CPU percentage the node samples and waits until a whole interval was sampled at it. */
  const setCpu = async (percent: number): Promise<void> => {
    writeFileSync(`${cpuFile}.tmp`, String(percent));
    renameSync(`${cpuFile}.tmp`, cpuFile);
    const from = reads();
    await waitFor(() => reads() >= from + 2, 30_000, `the node to sample ${percent}%`);
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'slimfaas-cpu-e2e-'));
    cpuFile = join(dir, 'cpu-percent');
    writeFileSync(cpuFile, '0');
    collector = await new Collector().start();
    up = await LocalUp.start(
      () => 'functions:\n' + recorderFunction('shed', { recordUrl: collector.url, annotations: { 'SlimFaas/ReplicasMin': '1' } }),
      undefined,
      {
        SlimFaas__RateLimiting__Enabled: 'true',
        SlimFaas__RateLimiting__CpuHighThreshold: '80',
        SlimFaas__RateLimiting__CpuLowThreshold: '60',
        SlimFaas__RateLimiting__SampleIntervalMs: '100',
        SlimFaas__RateLimiting__RetryAfterSeconds: '7',
        SLIMFAAS_TEST: '1',
        SLIMFAAS_TEST_CPU_FILE: cpuFile,
      },
    );
    await up.waitReady('shed', 1);
  });

  after(async () => {
    try {
      const code = await up?.stop();
      assert.equal(code, 0);
      assert.deepEqual(up.alivePids(), [], 'no replica left behind');
    } finally {
      await up?.dispose();
      await collector?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sheds public calls above the high threshold, keeps probes and the dashboard, and recovers below the low one', async () => {
    await setCpu(10);
    assert.equal((await call(`${up.url}/function/shed/before`)).status, 200);

    await setCpu(95);
    const sync = await call(`${up.url}/function/shed/rejected-sync`, { method: 'POST', body: 'x' });
    assert.equal(sync.status, 429);
    assert.equal(sync.headers['retry-after'], '7');
    assert.equal(sync.body, BODY);
    const async = await call(`${up.url}/async-function/shed/rejected-async`, { method: 'POST', body: 'y' });
    assert.equal(async.status, 429);
    assert.equal(async.body, BODY);
    assert.equal(async.headers['slimfaas-element-id'], undefined, 'nothing enqueued');
    assert.equal((await call(`${up.url}/status-functions`)).status, 429, 'every other public route is limited too');

    const health = await call(`${up.url}/health`);
    assert.deepEqual([health.status, health.body], [200, 'OK']);
    assert.equal((await call(`${up.url}/ready`)).status, 200);
    assert.equal((await call(`${up.url}/metrics`)).status, 200);
    const dashboard = await call(`${up.url}/`);
    assert.equal(dashboard.status, 200);
    assert.match(String(dashboard.headers['content-type']), /text\/html/);

    // Between the thresholds the limiting state is kept…
    await setCpu(70);
    assert.equal((await call(`${up.url}/function/shed/rejected-between`)).status, 429);
    // …until the low threshold is reached, and again kept (not limiting) between them.
    await setCpu(50);
    assert.equal((await call(`${up.url}/function/shed/after`)).status, 200);
    await setCpu(70);
    assert.equal((await call(`${up.url}/function/shed/after-between`)).status, 200);

    // The queue is FIFO: had the rejected async call been queued, it would arrive before this one.
    const marker = await call(`${up.url}/async-function/shed/marker`, { method: 'POST', body: 'z' });
    assert.equal(marker.status, 202);
    await waitFor(() => collector.starts('shed').some((r) => r.path === '/marker'), 30_000, 'the marker async call');
    const paths = collector.starts('shed').map((r) => r.path);
    assert.deepEqual(paths.filter((p) => p.includes('rejected')), [], 'no rejected call reached the function');
    assert.deepEqual(paths, ['/before', '/after', '/after-between', '/marker']);

    assert.match(up.output, /warn: CPU rate limiting activated: usage 95\.0% ≥ 80%/);
    assert.match(up.output, /warn: CPU usage 95\.0% is at or above the rate-limiting high threshold \(80%\)/);
  });
});

describe('CPU load shedding settings', () => {
  it('an invalid value stops the start with an error naming the setting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slimfaas-cpu-e2e-'));
    let failure: Error | null = null;
    let up: LocalUp | null = null;
    try {
      const env = { SlimFaas__RateLimiting__Enabled: 'true', SlimFaas__RateLimiting__CpuLowThreshold: '90' };
      up = await LocalUp.start(() => 'functions: {}\n', { dir, ports: await pickPorts() }, env);
    } catch (err) {
      failure = err as Error;
    } finally {
      await up?.dispose(false);
      rmSync(dir, { recursive: true, force: true });
    }
    assert.ok(failure, 'the start must fail');
    assert.match(failure.message, /SlimFaas:RateLimiting:CpuLowThreshold \(SlimFaas__RateLimiting__CpuLowThreshold\)/);
  });
});
