/**
 * End-to-end, OpenTelemetry (platform.md §5): the real `slimfaas serve` CLI against kube-sim with a
 * recorder function pod, exporting to the test OTLP receiver. A sync call and an async delivery
 * each give a server span `POST /function|async-function/<name>/<path>` and a client span of the
 * same trace, whose traceparent the function receives; Kubernetes API calls are client spans;
 * excluded URLs give no span; logs and metrics arrive; gRPC (the default) and http/protobuf work
 * too; with OpenTelemetry off no @opentelemetry module is loaded beyond `@opentelemetry/api`
 * (which prom-client requires itself).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startKubeSim, type KubeSim } from '../../src/kube-sim/index.js';
import { Collector } from '../helpers/collector.js';
import { call } from '../helpers/http.js';
import { pickPorts, RECORDER, REPO } from '../helpers/local-up.js';
import { waitFor } from '../helpers/wait.js';
import { CLIENT, OtlpReceiver, SERVER, type ReceivedSpan } from '../helpers/otlp-receiver.js';

const NS = 'default';
const PROBE = join(REPO, 'test', 'fixtures', 'otel-probe.mjs');
const TEMPLATE = '/function/{functionName}/{**functionPath}';

function recorder(name: string, recordUrl: string): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, annotations: { 'SlimFaas/Function': 'true', 'SlimFaas/ReplicasMin': '1' } },
        spec: {
          containers: [{
            name, image: `example/${name}:1`, command: [process.execPath, RECORDER],
            env: Object.entries({ PORT: '8080', FUNCTION_NAME: name, RECORD_URL: recordUrl }).map(([k, v]) => ({ name: k, value: v })),
            ports: [{ containerPort: 8080 }],
            readinessProbe: { httpGet: { path: '/health', port: 8080 }, periodSeconds: 1 },
          }],
        },
      },
    },
  };
}

interface Serve {
  url: string;
  child: ChildProcess;
  output: () => string;
  probeFile: string;
  stop(): Promise<void>;
}

/** Parses a W3C traceparent `00-<trace>-<parent>-<flags>`. */
function traceparent(value: string | undefined): { traceId: string; parentId: string } {
  const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/.exec(value ?? '');
  assert.ok(match, `a traceparent header (got ${value})`);
  return { traceId: match[1]!, parentId: match[2]! };
}

describe('OpenTelemetry with slimfaas serve against the Kubernetes API test server', () => {
  let sim: KubeSim;
  let collector: Collector;
  let receiver: OtlpReceiver;
  const running: Serve[] = [];

  async function serve(name: string, env: Record<string, string>): Promise<Serve> {
    const port = (await pickPorts()).node;
    const probeFile = join(sim.stateDir, `${name}-otel-modules.txt`);
    let output = '';
    const child = spawn(process.execPath, ['--import', PROBE, join(REPO, 'bin', 'slimfaas.js'), 'serve', '--port', String(port), '--host', '127.0.0.1'], {
      env: {
        ...process.env, KUBECONFIG: sim.kubeconfigPath, HOSTNAME: `slimfaas-${name}`, SlimFaas__Orchestrator: 'Kubernetes', SlimFaas__Namespace: NS,
        SlimData__Directory: join(sim.stateDir, `data-${name}`), OTEL_PROBE_FILE: probeFile,
        OTEL_BSP_SCHEDULE_DELAY: '100', OTEL_BLRP_SCHEDULE_DELAY: '100', OTEL_METRIC_EXPORT_INTERVAL: '500', ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (c) => (output += c));
    child.stderr!.on('data', (c) => (output += c));
    await waitFor(() => output.includes('SlimFaas listening on') || child.exitCode !== null, 60_000, `slimfaas serve (${name})`);
    assert.equal(child.exitCode, null, output);
    const url = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await call(`${url}/status-function/fibonacci`)).body.includes('"NumberReady":1'), 30_000, `fibonacci ready behind ${name}`);
    const handle: Serve = {
      url, child, probeFile, output: () => output,
      async stop() {
        if (child.exitCode === null) {
          child.kill('SIGTERM');
          await new Promise((r) => child.once('exit', r));
        }
      },
    };
    running.push(handle);
    return handle;
  }

  before(async () => {
    collector = await new Collector().start();
    receiver = await new OtlpReceiver().start();
    sim = await startKubeSim({ probeIntervalMs: 200 });
    sim.client.apply([recorder('fibonacci', collector.url)]);
    await waitFor(() => sim.pods(NS).some((p) => p.name.startsWith('fibonacci-') && p.ready && !p.deleting), 30_000, 'the function pod');
  });

  after(async () => {
    await Promise.all(running.map((s) => s.stop()));
    await sim?.stop();
    await collector?.close();
    await receiver?.close();
  });

  /** The request the function received with header `x-test-id: <id>`. */
  async function received(id: string) {
    await waitFor(() => collector.starts('fibonacci').some((r) => r.headers['x-test-id'] === id), 30_000, `the function received request ${id}`);
    return collector.starts('fibonacci').find((r) => r.headers['x-test-id'] === id)!;
  }

  describe('on, over OTLP/HTTP JSON', () => {
    let on: Serve;
    before(async () => {
      on = await serve('json', {
        OpenTelemetry__Enable: 'true', OpenTelemetry__ServiceName: 'slimfaas-e2e', OpenTelemetry__Endpoint: receiver.httpUrl,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', Logging__LogLevel__Default: 'Information',
      });
    });

    it('a sync call: server span named after the actual path, a client span, and the caller\'s trace reaches the function', async () => {
      const callerTrace = '0af7651916cd43dd8448eb211c80319c';
      const res = await call(`${on.url}/function/fibonacci/compute/a?x=1`, { method: 'POST', body: 'hello', headers: { traceparent: `00-${callerTrace}-b7ad6b7169203331-01`, 'x-test-id': 'sync-1' } });
      assert.equal(res.status, 200);
      const server = await receiver.waitForSpan((s) => s.kind === SERVER && s.name === 'POST /function/fibonacci/compute/a', 'the sync server span');
      assert.equal(server.traceId, callerTrace);
      assert.equal(server.parentSpanId, 'b7ad6b7169203331');
      assert.equal(server.serviceName, 'slimfaas-e2e');
      assert.equal(server.attributes['http.route'], '/function/fibonacci/compute/a');
      assert.equal(server.attributes['http.route.template'], TEMPLATE);
      assert.equal(server.attributes['http.response.status_code'], 200);
      const client = await receiver.waitForSpan((s) => s.kind === CLIENT && s.parentSpanId === server.spanId, 'the sync client span');
      assert.equal(client.traceId, callerTrace);
      assert.equal(client.attributes['url.path'], '/compute/a');
      const got = traceparent((await received('sync-1')).headers.traceparent);
      assert.deepEqual(got, { traceId: callerTrace, parentId: client.spanId }, 'the function sees the client span as its parent');
    });

    it('a sync call without traceparent starts a trace the function joins', async () => {
      assert.equal((await call(`${on.url}/function/fibonacci/fresh`, { method: 'POST', body: 'x', headers: { 'x-test-id': 'sync-2' } })).status, 200);
      const server = await receiver.waitForSpan((s) => s.name === 'POST /function/fibonacci/fresh', 'the server span');
      assert.equal(server.parentSpanId, '');
      assert.equal(traceparent((await received('sync-2')).headers.traceparent).traceId, server.traceId);
    });

    it('an async delivery continues the trace of the enqueueing request', async () => {
      const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
      const res = await call(`${on.url}/async-function/fibonacci/work`, { method: 'POST', body: 'later', headers: { traceparent: `00-${callerTrace}-00f067aa0ba902b7-01`, 'x-test-id': 'async-1' } });
      assert.equal(res.status, 202);
      const got = traceparent((await received('async-1')).headers.traceparent);
      assert.equal(got.traceId, callerTrace);
      const server = await receiver.waitForSpan((s) => s.kind === SERVER && s.name === 'POST /async-function/fibonacci/work', 'the async server span');
      assert.equal(server.traceId, callerTrace);
      assert.equal(server.attributes['http.route.template'], '/async-function/{functionName}/{**functionPath}');
      const delivery = await receiver.waitForSpan((s) => s.kind === CLIENT && s.spanId === got.parentId, 'the delivery client span');
      assert.equal(delivery.traceId, callerTrace);
      assert.equal(delivery.parentSpanId, server.spanId, 'the delivery is a child of the enqueueing request');
    });

    it('excluded URLs (/health, /status-functions, /metrics) produce no span; others do', async () => {
      assert.equal((await call(`${on.url}/health`)).status, 200);
      assert.equal((await call(`${on.url}/HEALTH`)).status, 404);
      assert.equal((await call(`${on.url}/status-functions`)).status, 200);
      assert.equal((await call(`${on.url}/metrics`)).status, 200);
      assert.equal((await call(`${on.url}/function/fibonacci/after-health`, { method: 'POST', body: 'x' })).status, 200);
      await receiver.waitForSpan((s) => s.name === 'POST /function/fibonacci/after-health', 'the span of a later request');
      const excluded = receiver.spans.filter((s: ReceivedSpan) => s.kind === SERVER && /^GET \/(health|HEALTH|status-functions|metrics)$/.test(s.name));
      assert.deepEqual(excluded.map((s) => s.name), []);
    });

    it('exports the node\'s logs and the HTTP server/client metrics', async () => {
      await waitFor(() => receiver.logs.some((l) => l.body.includes('SlimFaas node listening') && l.serviceName === 'slimfaas-e2e'), 30_000, 'the start-up log record');
      await waitFor(() => receiver.metricNames.has('http.server.request.duration') && receiver.metricNames.has('http.client.request.duration'), 30_000, `the HTTP metrics (got ${[...receiver.metricNames].join(', ')})`);
    });

    it('calls to the Kubernetes API (node:http) are client spans too', async () => {
      const span = await receiver.waitForSpan((s) => s.kind === CLIENT && String(s.attributes['url.full'] ?? '').includes('/namespaces/default/'), 'a Kubernetes API client span');
      assert.equal(span.serviceName, 'slimfaas-e2e');
    });

    it('loads the OpenTelemetry SDK (the probe sees it)', () => {
      assert.ok(existsSync(on.probeFile) && readFileSync(on.probeFile, 'utf8').includes('@opentelemetry/sdk-node'), 'the probe records @opentelemetry modules when on');
    });
  });

  it('gRPC by default: spans reach the Endpoint setting over OTLP/gRPC', async () => {
    const grpc = await serve('grpc', { OpenTelemetry__Enable: 'true', OpenTelemetry__ServiceName: 'slimfaas-grpc', OpenTelemetry__Endpoint: receiver.grpcUrl });
    assert.equal((await call(`${grpc.url}/function/fibonacci/over-grpc`, { method: 'POST', body: 'x', headers: { 'x-test-id': 'grpc-1' } })).status, 200);
    const server = await receiver.waitForSpan((s) => s.name === 'POST /function/fibonacci/over-grpc', 'the span over gRPC');
    assert.equal(server.via, 'grpc');
    assert.equal(server.serviceName, 'slimfaas-grpc');
    assert.equal(traceparent((await received('grpc-1')).headers.traceparent).traceId, server.traceId);
  });

  it('http/protobuf to OTEL_EXPORTER_OTLP_ENDPOINT, service name from OTEL_SERVICE_NAME', async () => {
    const proto = await serve('proto', { OpenTelemetry__Enable: 'true', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.httpUrl, OTEL_SERVICE_NAME: 'from-env' });
    assert.equal((await call(`${proto.url}/function/fibonacci/over-proto`, { method: 'POST', body: 'x' })).status, 200);
    const server = await receiver.waitForSpan((s) => s.name === 'POST /function/fibonacci/over-proto', 'the span over http/protobuf');
    assert.equal(server.via, 'protobuf');
    assert.equal(server.serviceName, 'from-env');
  });

  it('EnableConsoleExporter also prints the spans on stdout', async () => {
    const printing = await serve('console', { OpenTelemetry__Enable: 'true', OpenTelemetry__EnableConsoleExporter: 'true', OpenTelemetry__Endpoint: receiver.httpUrl, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    assert.equal((await call(`${printing.url}/function/fibonacci/on-console`, { method: 'POST', body: 'x' })).status, 200);
    await waitFor(() => printing.output().includes("name: 'POST /function/fibonacci/on-console'"), 30_000, 'the span printed on stdout');
    await receiver.waitForSpan((s) => s.name === 'POST /function/fibonacci/on-console', 'the same span over OTLP');
  });

  it('off (the default): no @opentelemetry module is loaded, and a traceparent is forwarded as it is', async () => {
    const off = await serve('off', {});
    const header = '00-11111111111111111111111111111111-2222222222222222-01';
    assert.equal((await call(`${off.url}/function/fibonacci/plain`, { method: 'POST', body: 'x', headers: { traceparent: header, 'x-test-id': 'off-1' } })).status, 200);
    assert.equal((await received('off-1')).headers.traceparent, header);
    assert.equal((await call(`${off.url}/async-function/fibonacci/plain`, { method: 'POST', body: 'x', headers: { traceparent: header, 'x-test-id': 'off-2' } })).status, 202);
    assert.equal((await received('off-2')).headers.traceparent, header);
    // prom-client itself requires @opentelemetry/api (a no-op without an SDK); nothing else may load.
    const loaded = (existsSync(off.probeFile) ? readFileSync(off.probeFile, 'utf8') : '').split('\n').filter((line) => line !== '');
    assert.deepEqual(loaded.filter((path) => !path.includes('/node_modules/@opentelemetry/api/')), [], 'no @opentelemetry module beyond the API');
    assert.ok(loaded.every((path) => !path.includes('@opentelemetry/sdk')), 'no SDK');
  });
});
