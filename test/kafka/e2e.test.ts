/**
 * SlimFaas Kafka end to end: the librdkafka mock cluster on loopback, real kafkajs producers and
 * consumer-group commits, a function at zero in native local mode woken by the connector through
 * POST /wake-function/<name>; cooldown; activity keep-alive; bad input (unreachable broker, unknown topic).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalUp, REPO, recorderFunction } from '../helpers/local-up.js';
import { Collector } from '../helpers/collector.js';
import { waitFor } from '../helpers/wait.js';
import { freePort } from '../../src/util/free-port.js';
import { KafkaConnector, loadConfig } from '../../packages/kafka/src/index.js';
import { mockAvailable, startMockBroker, produce, consumeAndCommit, type MockBroker } from './mock-broker.js';

const skip = mockAvailable() ? false : 'mock cluster not built: run node scripts/ensure-kafka-mock.mjs';
const quiet = (): void => undefined;

const bindingEnv = (i: number, topic: string, group: string, fn: string, extra: Record<string, string> = {}): Record<string, string> => {
  const p = `SlimFaasKafka__Bindings__${i}__`;
  const env: Record<string, string> = { [p + 'Topic']: topic, [p + 'ConsumerGroupId']: group, [p + 'FunctionName']: fn };
  for (const [k, v] of Object.entries(extra)) env[p + k] = v;
  return env;
};

/** Stops SlimFaas (no process left behind), the collector and the broker, whichever started. */
async function stopAll(up: LocalUp | undefined, collector: Collector | undefined, broker: MockBroker | undefined): Promise<void> {
  await up?.stopCleanly();
  await collector?.close();
  await broker?.stop();
}

async function metricsText(port: number): Promise<string> {
  return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
}

describe('slimfaas-kafka against the librdkafka mock cluster', { skip }, () => {
  let broker: MockBroker;
  let up: LocalUp;
  let collector: Collector;
  let connector: KafkaConnector;
  let port: number;

  before(async () => {
    broker = await startMockBroker(['orders:1']);
    collector = new Collector();
    await collector.start();
    up = await LocalUp.start(() =>
      'functions:\n' +
      recorderFunction('worker', {
        recordUrl: collector.url,
        annotations: { 'SlimFaas/ReplicasMin': '0', 'SlimFaas/ReplicasAtStart': '1', 'SlimFaas/TimeoutSecondBeforeSetReplicasMin': '600' },
      }),
    );
    port = await freePort();
    const config = loadConfig({
      Kafka__BootstrapServers: broker.bootstrap,
      Kafka__CheckIntervalSeconds: '1',
      SlimFaas__BaseUrl: up.url,
      ...bindingEnv(0, 'orders', 'orders-group', 'worker', { CooldownSeconds: '4', ActivityKeepAliveSeconds: '60' }),
      ...bindingEnv(1, 'missing-topic', 'g', 'worker'),
    });
    connector = new KafkaConnector({ config, port, host: '127.0.0.1', log: quiet });
  });

  after(async () => {
    await connector?.stop();
    await stopAll(up, collector, broker);
  });

  it('is at zero, then produced messages wake it through POST /wake-function/<name>', async () => {
    assert.equal((await up.status('worker')).NumberReady ?? 0, 0);
    await connector.start();
    assert.deepEqual(await (await fetch(`http://127.0.0.1:${port}/health`)).json().then((j: { status: string }) => j.status), 'ok');
    // Nothing produced yet: no wake-up.
    await waitFor(() => connector.status[0]!.lastEvaluated !== undefined, 30_000, 'a first round');
    assert.equal(connector.status[0]!.wakeups, 0);
    await produce(broker.bootstrap, 'orders', 3);
    await waitFor(() => connector.status[0]!.wakeups === 1, 30_000, 'a wake-up');
    assert.equal(connector.status[0]!.lastWakeReason, 'pending');
    await up.waitReady('worker', 1, 60_000);
    const text = await metricsText(port);
    assert.match(text, /slimfaaskafka_pending_messages\{topic="orders",group="orders-group",function="worker"\} 3/);
    assert.match(text, /slimfaaskafka_wakeups_total\{topic="orders",group="orders-group",function="worker",reason="pending"\} 1/);
  });

  it('the cooldown holds the next wake-up, then releases it', async () => {
    const before = connector.status[0]!.wakeups;
    await waitFor(() => connector.status[0]!.heldByCooldown >= 1, 30_000, 'a held wake-up');
    assert.equal(connector.status[0]!.wakeups, before);
    await waitFor(() => connector.status[0]!.wakeups === before + 1, 30_000, 'the wake-up after the cooldown');
  });

  it('committed progress (backlog drained) keeps waking it within ActivityKeepAliveSeconds', async () => {
    await consumeAndCommit(broker.bootstrap, 'orders-group', 'orders', 3);
    await waitFor(() => connector.status[0]!.pending === 0, 30_000, 'pending 0');
    const from = connector.status[0]!.wakeups;
    await waitFor(() => connector.status[0]!.wakeups > from && connector.status[0]!.lastWakeReason === 'activity', 30_000, 'an activity wake-up');
    const text = await metricsText(port);
    assert.match(text, /slimfaaskafka_last_activity_timestamp_seconds\{topic="orders",group="orders-group",function="worker"\} \d/);
    assert.match(text, /reason="activity"\} [1-9]/);
    assert.equal((await up.status('worker')).NumberReady, 1);
  });
});

describe('slimfaas-kafka bad input', { skip }, () => {
  it('unreachable broker and unknown topic: clear errors in /health and metrics, no crash', async () => {
    const broker = await startMockBroker(['present:1']);
    const dead = await freePort();
    const port1 = await freePort();
    const port2 = await freePort();
    const wakeSink = await freePort();
    const a = new KafkaConnector({
      config: loadConfig({ Kafka__BootstrapServers: `127.0.0.1:${dead}`, Kafka__KafkaTimeoutSeconds: '1', SlimFaas__BaseUrl: `http://127.0.0.1:${wakeSink}`, ...bindingEnv(0, 'orders', 'g', 'f') }),
      port: port1, host: '127.0.0.1', log: quiet,
    });
    const b = new KafkaConnector({
      config: loadConfig({
        Kafka__BootstrapServers: broker.bootstrap, Kafka__AllowAutoCreateTopics: 'false', SlimFaas__BaseUrl: `http://127.0.0.1:${wakeSink}`,
        ...bindingEnv(0, 'nope', 'g', 'f'), ...bindingEnv(1, 'present', 'g', 'f2'),
      }),
      port: port2, host: '127.0.0.1', log: quiet,
    });
    try {
      await a.start();
      await b.start();
      await waitFor(() => a.status[0]!.lastError !== undefined, 30_000, 'the broker error');
      const h = (await (await fetch(`http://127.0.0.1:${port1}/health`)).json()) as { status: string; errors: { error: string }[] };
      assert.equal(h.status, 'ok');
      assert.match(h.errors[0]!.error, new RegExp(`127.0.0.1:${dead}|ECONNREFUSED|Connection`, 'i'));
      assert.match(await metricsText(port1), /slimfaaskafka_binding_errors_total\{topic="orders",group="g",function="f"\} [1-9]/);

      await waitFor(() => b.status[0]!.lastError !== undefined && b.status[1]!.lastEvaluated !== undefined, 30_000, 'the topic error');
      assert.match(b.status[0]!.lastError!, /unknown topic "nope"/);
      // One binding's error does not stop the other.
      assert.equal(b.status[1]!.lastError, undefined);
      assert.equal(b.status[1]!.pending, 0);
      const bindings = (await (await fetch(`http://127.0.0.1:${port2}/bindings`)).json()) as unknown[];
      assert.equal(bindings.length, 2);
      const wake = await fetch(`http://127.0.0.1:${port2}/wake/f`, { method: 'POST' });
      assert.equal(wake.status, 202);
    } finally {
      await a.stop();
      await b.stop();
      await broker.stop();
    }
  });
});

describe('slimfaas-kafka run as a scraped SlimFaas function in the manifest (its metrics shared with every trigger)', { skip }, () => {
  let broker: MockBroker;
  let up: LocalUp;
  let collector: Collector;

  before(async () => {
    broker = await startMockBroker(['jobs:1']);
    collector = new Collector();
    await collector.start();
    const scale = {
      ReplicaMax: 4,
      ScrapeIntervalMilliseconds: 1000,
      Triggers: [{ MetricType: 'AverageValue', MetricName: 'lag', Query: 'max(slimfaaskafka_pending_messages{function="consumer"})', Threshold: 2 }],
    };
    up = await LocalUp.start(({ ports }) => {
      const env = {
        Kafka__BootstrapServers: broker.bootstrap,
        Kafka__CheckIntervalSeconds: '1',
        SlimFaas__BaseUrl: `http://127.0.0.1:${ports.entrypoint}`,
        ...bindingEnv(0, 'jobs', 'jobs-group', 'consumer', { CooldownSeconds: '600' }),
      };
      return [
        'functions:',
        recorderFunction('consumer', {
          recordUrl: collector.url,
          annotations: {
            'SlimFaas/ReplicasMin': '0', 'SlimFaas/ReplicasAtStart': '1', 'SlimFaas/TimeoutSecondBeforeSetReplicasMin': '600',
            'SlimFaas/Scale': JSON.stringify(scale),
          },
        }).trimEnd(),
        '  kafka-connector:',
        `    command: ["${process.execPath}", "--import", "tsx", "packages/kafka/src/cli.ts", "--port", "{port}"]`,
        `    workingDirectory: ${JSON.stringify(REPO)}`,
        '    annotations:',
        '      SlimFaas/Function: "true"',
        '      SlimFaas/ReplicasMin: "1"',
        '      SlimFaas/ReplicasAtStart: "1"',
        '      prometheus.io/scrape: "true"',
        '      prometheus.io/port: "{port}"',
        '      prometheus.io/path: "/metrics"',
        '      SlimFaas/SharedMetrics: "true"',
        '    environment:',
        ...Object.entries(env).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`),
        '    health: { path: /health, periodSeconds: 1 }',
        '',
      ].join('\n');
    });
  });

  after(() => stopAll(up, collector, broker));

  it('the connector running as a SlimFaas function wakes the consumer from 8 pending messages', async () => {
    await up.waitReady('kafka-connector', 1, 60_000);
    assert.equal((await up.status('consumer')).NumberReady ?? 0, 0);
    await produce(broker.bootstrap, 'jobs', 8);
    await up.waitReady('consumer', 1, 60_000);
  });

  it('its slimfaaskafka_pending_messages series (SlimFaas/SharedMetrics) scale the consumer N→M: ceil(8 / 2) = 4', async () => {
    await up.waitReady('consumer', 4, 90_000);
    assert.equal((await up.status('consumer')).NumberReady, 4);
  });
});
