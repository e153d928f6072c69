import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ProcessOrchestrator, pidsOfChildren } from './process-orchestrator.js';
import { MemoryPorts, functionOf, listenOn, manifestOf, randomRange, tempLogsDir, waitFor } from './fixtures/test-support.js';

after(() => {
  assert.deepEqual(pidsOfChildren(), []);
});

test('a debugUrl function is one virtual replica, never started, probed forever', async () => {
  const range = randomRange(10);
  const debugPort = range.from; // loopback debug ports are reserved: the pool must not hand it out
  const debugUrl = `http://127.0.0.1:${debugPort}/base`;
  const logs = tempLogsDir();
  const orch = new ProcessOrchestrator({
    manifest: manifestOf(range, [
      functionOf('ide', {
        command: [],
        debugUrl,
        maxReplicas: 1,
        annotations: { 'SlimFaas/Function': 'true', 'prometheus.io/port': '{port}' },
      }),
      functionOf('regular', { annotations: { 'SlimFaas/Function': 'true', 'SlimFaas/ReplicasMin': '1' } }),
    ]),
    logsDir: logs.dir,
    ports: new MemoryPorts(),
    reservedPorts: [],
    output: () => undefined,
  });
  const readiness = async (): Promise<boolean | undefined> =>
    (await orch.listTopology()).functions.find((f) => f.name === 'ide')?.pods[0]?.ready;
  let target: { close: () => Promise<void> } | null = null;
  try {
    await orch.start();
    const topology = await orch.listTopology();
    const ide = topology.functions.find((f) => f.name === 'ide');
    assert.ok(ide);
    assert.equal(ide.replicas, 1);
    assert.equal(ide.maxReplicas, 1);
    assert.deepEqual(ide.pods, [
      {
        name: 'ide-debug',
        ip: '127.0.0.1',
        ports: [debugPort],
        started: true,
        ready: false,
        failureReason: '',
        endpointUrl: debugUrl,
        // Forced to exactly one replica (min = start = 1) whatever the manifest says.
        annotations: { 'SlimFaas/Function': 'true', 'prometheus.io/port': String(debugPort), 'SlimFaas/ReplicasMin': '1', 'SlimFaas/ReplicasAtStart': '1' },
      },
    ]);
    await orch.setReplicas('ide', 0);
    assert.equal((await orch.listTopology()).functions.find((f) => f.name === 'ide')?.replicas, 1);

    const regular = await waitFor('regular replica to start', async () => {
      const pod = (await orch.listTopology()).functions.find((f) => f.name === 'regular')?.pods[0];
      return pod?.started ? pod : undefined;
    });
    assert.notEqual(regular.ports[0], debugPort);

    let changes = 0;
    orch.onChange(() => changes++);
    target = await listenOn(debugPort, (req, res) => res.writeHead(req.url === '/base/health' ? 200 : 404).end());
    await waitFor('debug replica ready', async () => (await readiness()) === true, 10_000);
    await target.close();
    target = null;
    await waitFor('debug replica not ready again', async () => (await readiness()) === false, 10_000);
    assert.ok(changes >= 2);
    assert.equal(orch.snapshot().functions.find((f) => f.name === 'ide')?.replicas.length, 0);
  } finally {
    if (target) await target.close();
    await orch.stop();
    logs.dispose();
  }
  assert.deepEqual(pidsOfChildren(), []);
});
