/**
 * End-to-end autoscaling through the real CLI (autoscaling.md): a function at zero with a PromQL
 * trigger on a gauge its replicas expose wakes on the first request, grows to exactly the replica
 * count the metric demands and shrinks after the stabilisation window; a trigger on SlimFaas's own
 * queue gauge scales a queue-bound function out; schedule wake-ups; the debug endpoints.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalUp, REPO, recorderFunction } from '../helpers/local-up.js';
import { Collector } from '../helpers/collector.js';
import { call } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';

const GAUGE = join(REPO, 'test', 'fixtures', 'gauge-function.mjs');

/** Value of one series of SlimFaas's own `/metrics` (labels given exactly as exposed), or undefined. */
async function gauge(up: LocalUp, name: string, labels: string): Promise<number | undefined> {
  const text = (await call(`${up.nodeUrl}/metrics`)).body;
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

function gaugeFunction(name: string, gaugeFile: string, scale: object): string {
  return [
    `  ${name}:`,
    `    command: ["${process.execPath}", "${GAUGE}"]`,
    '    annotations:',
    '      SlimFaas/Function: "true"',
    '      SlimFaas/ReplicasMin: "0"',
    '      SlimFaas/ReplicasAtStart: "1"',
    '      SlimFaas/TimeoutSecondBeforeSetReplicasMin: "600"',
    '      prometheus.io/scrape: "true"',
    '      prometheus.io/port: "{port}"',
    `      SlimFaas/Scale: ${JSON.stringify(JSON.stringify(scale))}`,
    '    environment:',
    `      GAUGE_FILE: ${JSON.stringify(gaugeFile)}`,
    '    health: { path: /health, periodSeconds: 1 }',
    '',
  ].join('\n');
}

describe('N→M autoscaling from a PromQL trigger on a replica gauge', () => {
  let up: LocalUp;
  let gaugeFile: string;

  before(async () => {
    up = await LocalUp.start(({ dir }) => {
      gaugeFile = join(dir, 'demand.txt');
      writeFileSync(gaugeFile, '0');
      return (
        'functions:\n' +
        gaugeFunction('load', gaugeFile, {
          ReplicaMax: 6,
          ScrapeIntervalMilliseconds: 1000,
          Triggers: [{ MetricType: 'AverageValue', MetricName: 'demand', Query: 'max(slimfaas_test_demand)', Threshold: 10 }],
          Behavior: { ScaleDown: { StabilizationWindowSeconds: 2, Policies: [{ Type: 'Percent', Value: 100, PeriodSeconds: 1 }] } },
        })
      );
    });
  });

  after(async () => {
    assert.equal(await up?.stop(), 0);
    assert.deepEqual(up.alivePids(), []);
    await up?.dispose();
  });

  it('wakes on the first request, grows to exactly ceil(40 / 10) = 4 replicas, then shrinks to 1 after the window', async () => {
    assert.equal((await up.status('load')).NumberRequested, 0, 'starts at zero');
    writeFileSync(gaugeFile, '40');
    const t0 = Date.now();
    const first = call(`${up.url}/function/load/work`);
    await waitFor(async () => ((await up.status('load')).NumberRequested ?? 0) >= 1, 30_000, 'the wake-up decision');
    const firstDecisionMs = Date.now() - t0;
    assert.equal((await first).status, 200);
    await waitFor(async () => (await up.status('load')).NumberReady === 4, 60_000, '4 ready replicas');
    const fourReadyMs = Date.now() - t0;
    console.log(`# first request → first scale decision observed: ${firstDecisionMs} ms; zero → 4 ready replicas: ${fourReadyMs} ms`);
    assert.equal(await gauge(up, 'slimfaas_autoscaler_trigger_value', 'function="load",metric="demand"'), 40);
    assert.equal(await gauge(up, 'slimfaas_autoscaler_desired_replicas', 'function="load"'), 4, 'exactly what the metric demands');
    assert.equal((await up.status('load')).NumberRequested, 4, 'not more: ReplicaMax is 6');
    assert.equal(await gauge(up, 'slimfaas_autoscaler_trigger_valid', 'function="load",metric="demand"'), 1);
    assert.ok(((await gauge(up, 'slimfaas_metrics_scrape_last_success_unixtime', 'function="load"')) ?? 0) > 0);

    writeFileSync(gaugeFile, '5');
    await waitFor(async () => (await up.status('load')).NumberRequested === 1, 60_000, 'shrinking to ceil(5 / 10) = 1 replica');
    assert.equal(await gauge(up, 'slimfaas_autoscaler_desired_replicas', 'function="load"'), 1);
    assert.equal(await gauge(up, 'slimfaas_autoscaler_last_decision', 'function="load",direction="down",reason="metric"'), 1);
  });

  it('debug endpoints answer as specified', async () => {
    const evalQuery = (body: string, contentType = 'application/json') =>
      call(`${up.nodeUrl}/debug/promql/eval`, { method: 'POST', body, headers: { 'content-type': contentType } });
    const ok = await evalQuery(JSON.stringify({ query: 'max(slimfaas_test_demand) * 2', deployment: 'load' }));
    assert.equal(ok.status, 200);
    assert.deepEqual(JSON.parse(ok.body), { value: 10 });
    const literal = await evalQuery(JSON.stringify({ Query: '1 + 0.5' }));
    assert.deepEqual([literal.status, JSON.parse(literal.body)], [200, { value: 1.5 }], 'property names are case-insensitive');
    const blank = await evalQuery(JSON.stringify({ query: '  ' }));
    assert.deepEqual([blank.status, JSON.parse(blank.body)], [400, { error: 'query is required' }]);
    const nullQuery = await evalQuery(JSON.stringify({ query: null }));
    assert.deepEqual([nullQuery.status, JSON.parse(nullQuery.body)], [400, { error: 'query is required' }]);
    const parse = await evalQuery(JSON.stringify({ query: 'sum(' }));
    assert.equal(parse.status, 400);
    assert.equal(typeof JSON.parse(parse.body).error, 'string');
    const nan = { error: 'PromQL result is NaN or Infinity (probably no data or division by zero).' };
    const divide = await evalQuery(JSON.stringify({ query: '1 / 0' }));
    assert.deepEqual([divide.status, JSON.parse(divide.body)], [400, nan]);
    const empty = await evalQuery(JSON.stringify({ query: 'no_such_metric' }));
    assert.deepEqual([empty.status, JSON.parse(empty.body)], [400, nan], 'an empty result is "no data" (decision 15)');
    const missing = await evalQuery(JSON.stringify({ nowUnixSeconds: 1 }));
    assert.equal(missing.status, 400, 'the query property must be present');
    const invalidJson = await evalQuery('{not json');
    assert.equal(invalidJson.status, 400);
    const wrongType = await evalQuery('query=1', 'application/x-www-form-urlencoded');
    assert.equal(wrongType.status, 415);
    assert.equal((await call(`${up.nodeUrl}/debug/promql/eval`)).status, 405);

    const store = await call(`${up.nodeUrl}/debug/store`);
    assert.equal(store.status, 200);
    const body = JSON.parse(store.body);
    assert.deepEqual(Object.keys(body), ['requestedMetricNames', 'timestampBuckets', 'seriesCount', 'totalPoints']);
    assert.ok(body.requestedMetricNames.includes('slimfaas_test_demand'));
    assert.ok(body.requestedMetricNames.includes('no_such_metric'), 'debug queries register their names');
    assert.ok(body.timestampBuckets > 0);
    assert.equal(body.seriesCount, body.totalPoints);
  });
});

describe('a trigger on SlimFaas\'s own queue gauge scales a queue-bound function (decision 4)', () => {
  it('scales `worker` out while its queue is long', async () => {
    const collector = await new Collector().start();
    const scale = {
      ReplicaMax: 3,
      ScrapeIntervalMilliseconds: 1000,
      Triggers: [{ MetricType: 'AverageValue', MetricName: 'backlog', Query: 'max(slimfaas_function_queue_ready_items{function="worker"})', Threshold: 5 }],
    };
    const up = await LocalUp.start(() =>
      'functions:\n' +
      recorderFunction('worker', {
        recordUrl: collector.url,
        env: { DELAY_MS: '1000' },
        annotations: {
          'SlimFaas/ReplicasMin': '1',
          'SlimFaas/NumberParallelRequestPerPod': '1',
          'SlimFaas/NumberParallelRequest': '10',
          'SlimFaas/Scale': JSON.stringify(scale),
        },
      }),
    );
    try {
      await up.waitReady('worker', 1);
      for (let i = 0; i < 40; i++) assert.equal((await call(`${up.url}/async-function/worker/job-${i}`, { method: 'POST', body: String(i) })).status, 202);
      await waitFor(async () => (await up.status('worker')).NumberReady === 3, 60_000, '3 ready replicas while the queue is long');
      assert.ok(((await gauge(up, 'slimfaas_autoscaler_trigger_value', 'function="worker",metric="backlog"')) ?? 0) > 10, 'the backlog was seen');
      await collector.waitForStarts(40, 'worker', 120_000);
      assert.ok(new Set(collector.starts('worker').map((r) => r.pid)).size >= 2, 'several replicas worked the queue');
      assert.equal(await up.stop(), 0);
    } finally {
      await up.dispose();
      await collector.close();
    }
  });
});

describe('schedules (autoscaling.md §2.4)', () => {
  it('a WakeUp that has just passed wakes a function without any call; one long past with a short timeout leaves it at zero', async () => {
    const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    const now = Date.now();
    const schedule = (wakeUp: string) => JSON.stringify({ TimeZoneID: 'UTC', Default: { WakeUp: [wakeUp], ScaleDownTimeout: [] } });
    const up = await LocalUp.start(() =>
      'functions:\n' +
      recorderFunction('early', {
        recordUrl: 'http://127.0.0.1:9/unused',
        annotations: { 'SlimFaas/ReplicasMin': '0', 'SlimFaas/TimeoutSecondBeforeSetReplicasMin': '600', 'SlimFaas/Schedule': schedule(hhmm(now)) },
      }) +
      recorderFunction('late', {
        recordUrl: 'http://127.0.0.1:9/unused',
        annotations: { 'SlimFaas/ReplicasMin': '0', 'SlimFaas/TimeoutSecondBeforeSetReplicasMin': '60', 'SlimFaas/Schedule': schedule(hhmm(now - 2 * 3600_000)) },
      }),
    );
    try {
      await up.waitReady('early', 1);
      assert.equal((await up.status('late')).NumberRequested, 0, 'woken 2 h ago with a 60 s timeout: still at zero');
      assert.deepEqual(up.alivePids().length, 1, 'only the early function runs');
      assert.equal(await up.stop(), 0);
    } finally {
      await up.dispose();
    }
  });
});
