import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Topology } from '../orchestrator.js';
import { ProcessOrchestrator } from '../process/process-orchestrator.js';
import { MemoryPorts, functionOf, manifestOf, randomRange, tempLogsDir } from '../process/fixtures/test-support.js';
import { ControlApi } from './control-api.js';
import { TOPOLOGY_VERSION_HEADER } from './control-protocol.js';
import { formatEvent } from './sse.js';
import { SupervisorOrchestrator } from './supervisor-orchestrator.js';

const topologyNamed = (name: string): Topology => ({ functions: [{ name, kind: 'Deployment', replicas: 0, annotations: {}, pods: [], resources: null }], slimfaasNodes: [], processes: {} });

async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('of two snapshots the higher version wins, whatever order they arrive in', async () => {
  // GET answers version 100; the stream then sends an older snapshot (50) and a newer one (101).
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/v1/topology')) {
      res.writeHead(200, { [TOPOLOGY_VERSION_HEADER]: '100', 'content-type': 'application/json' }).end(JSON.stringify(topologyNamed('get-100')));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(formatEvent({ id: '50', event: 'topology', data: JSON.stringify(topologyNamed('stream-50')) }));
    res.write(formatEvent({ id: '101', event: 'topology', data: JSON.stringify(topologyNamed('stream-101')) }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const client = new SupervisorOrchestrator({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: 't', namespace: 'demo', refreshIntervalMs: 60_000 });
  const seen: string[] = [];
  client.onChange(() => void client.listTopology().then((t) => seen.push(t.functions[0]!.name)));
  try {
    await client.start();
    await waitUntil('the newer stream snapshot', async () => (await client.listTopology()).functions[0]!.name === 'stream-101');
    await waitUntil('listeners told', () => seen.includes('stream-101'));
    assert.ok(!seen.includes('stream-50'), `never the older one: ${seen.join(', ')}`);
  } finally {
    await client.stop();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

test('the change stream reconnects to a restarted supervisor and the cache follows it', async () => {
  const logs = tempLogsDir();
  const processes = new ProcessOrchestrator({
    manifest: manifestOf(randomRange(10), [functionOf('reconnect', { annotations: { 'SlimFaas/Function': 'true', 'SlimFaas/ReplicasMin': '0' } })]),
    logsDir: logs.dir,
    ports: new MemoryPorts(),
    reservedPorts: [],
    output: () => undefined,
  });
  await processes.start();
  const token = 'b'.repeat(64);
  let api = new ControlApi({ orchestrator: processes, namespace: 'process-test', token });
  await api.listen();
  const port = Number(new URL(api.url).port);
  const client = new SupervisorOrchestrator({ url: api.url, token, namespace: 'process-test', refreshIntervalMs: 600_000 });
  try {
    await client.start();
    await api.close();
    // Scaled while no API runs: only a reconnected stream can tell the client.
    await processes.setReplicas('reconnect', 1);
    api = new ControlApi({ orchestrator: processes, namespace: 'process-test', token });
    await api.listen(port);
    await waitUntil('the cache to show the replica ready', async () => {
      const fn = (await client.listTopology()).functions.find((f) => f.name === 'reconnect');
      return fn?.replicas === 1 && fn.pods[0]?.ready === true;
    });
  } finally {
    await client.stop();
    await api.close();
    await processes.stop();
    logs.dispose();
  }
});
