import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalFunction } from '../../config/manifest/types.js';
import type { Topology } from '../orchestrator.js';
import { ProcessOrchestrator, pidsOfChildren } from './process-orchestrator.js';
import {
  MemoryPorts,
  functionOf,
  getJson,
  isAlive,
  listenOn,
  manifestOf,
  randomRange,
  tempLogsDir,
  waitFor,
} from './fixtures/test-support.js';

interface EnvEcho {
  pid: number;
  grandchildPid: number | null;
  argv: string[];
  PORT: string | null;
  SLIMFAAS_PORT: string | null;
  SLIMFAAS_REPLICA_INDEX: string | null;
  ASPNETCORE_URLS: string | null;
  FIXTURE_CUSTOM: string | null;
}

/** Builds an orchestrator over one fresh log directory; `run` gets it started, it is always stopped. */
async function withOrchestrator(
  options: {
    functions: LocalFunction[];
    range?: { from: number; to: number };
    ports?: MemoryPorts;
    reservedPorts?: number[];
    killGraceMs?: number;
  },
  run: (ctx: {
    orch: ProcessOrchestrator;
    ports: MemoryPorts;
    range: { from: number; to: number };
    logsDir: string;
    lines: string[];
    pids: Set<number>;
  }) => Promise<void>,
): Promise<void> {
  const range = options.range ?? randomRange(10);
  const ports = options.ports ?? new MemoryPorts();
  const logs = tempLogsDir();
  const lines: string[] = [];
  const pids = new Set<number>();
  const orch = new ProcessOrchestrator({
    manifest: manifestOf(range, options.functions),
    logsDir: logs.dir,
    ports,
    reservedPorts: options.reservedPorts ?? [],
    output: (line) => lines.push(line),
    killGraceMs: options.killGraceMs ?? 1000,
  });
  const recordPids = (): void => {
    for (const fn of orch.snapshot().functions) for (const r of fn.replicas) if (r.pid !== null) pids.add(r.pid);
  };
  const unsubscribe = orch.onChange(recordPids);
  try {
    await orch.start();
    recordPids();
    await run({ orch, ports, range, logsDir: logs.dir, lines, pids });
  } finally {
    await orch.stop();
    unsubscribe();
    logs.dispose();
  }
  for (const pid of pids) assert.equal(isAlive(pid), false, `pid ${pid} is still alive after stop()`);
  assert.deepEqual(pidsOfChildren(), []);
}

function workload(topology: Topology, name: string) {
  const fn = topology.functions.find((f) => f.name === name);
  assert.ok(fn, `function ${name} missing from topology`);
  return fn;
}

async function readyPods(orch: ProcessOrchestrator, name: string, count: number) {
  return waitFor(`${count} ready pod(s) of ${name}`, async () => {
    const fn = workload(await orch.listTopology(), name);
    return fn.pods.length === count && fn.pods.every((p) => p.ready) ? fn : undefined;
  });
}

after(() => {
  assert.deepEqual(pidsOfChildren(), []);
});

test('scales 0 → 2 → 0 with real processes, ports from the pool, logs and tagged output', async () => {
  await withOrchestrator({ functions: [functionOf('alpha')] }, async ({ orch, ports, range, logsDir, lines }) => {
    let fn = workload(await orch.listTopology(), 'alpha');
    assert.equal(fn.replicas, 0);
    assert.deepEqual(fn.pods, []);
    assert.equal(fn.kind, 'Deployment');
    assert.equal(fn.maxReplicas, 2);
    assert.equal(fn.resources, null);

    await orch.setReplicas('alpha', 2);
    fn = await readyPods(orch, 'alpha', 2);
    assert.deepEqual(
      fn.pods.map((p) => [p.name, p.ip, p.started, p.failureReason]),
      [
        ['alpha-0', '127.0.0.1', true, ''],
        ['alpha-1', '127.0.0.1', true, ''],
      ],
    );
    const podPorts = fn.pods.map((p) => p.ports[0] as number);
    assert.notEqual(podPorts[0], podPorts[1]);
    for (const port of podPorts) assert.ok(port >= range.from && port <= range.to);
    assert.deepEqual(ports.all(), { 'function:alpha:0': podPorts[0], 'function:alpha:1': podPorts[1] });

    const pids: number[] = [];
    for (const [index, port] of podPorts.entries()) {
      const env = await getJson<EnvEcho>(`http://127.0.0.1:${port}/env`);
      assert.equal(env.SLIMFAAS_REPLICA_INDEX, String(index));
      pids.push(env.pid);
    }

    await orch.setReplicas('alpha', 0);
    fn = workload(await orch.listTopology(), 'alpha');
    assert.equal(fn.replicas, 0);
    assert.deepEqual(fn.pods, []);
    await waitFor('replica processes to exit', () => pids.every((pid) => !isAlive(pid)));
    await waitFor('port allocations released', () => Object.keys(ports.all()).length === 0);

    const log = await waitFor('exit line in the log', () => {
      const text = readFileSync(join(logsDir, 'alpha-0.log'), 'utf8');
      return text.includes('exited code=') && text;
    });
    assert.match(log, new RegExp(`^\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z started pid=${pids[0]}$`, 'm'));
    assert.match(log, /Z listening on \d+$/m);
    assert.ok(lines.includes(`[function/alpha/1] listening on ${podPorts[1]}`));
  });
});

test('substitutes {port}/{replica} in args, environment, annotations and health path; runs the shutdown hook', async () => {
  const fn = functionOf('subst', {
    command: [process.execPath, 'server.mjs', '--port={port}', '--replica={replica}'],
    annotations: { 'SlimFaas/Function': 'true', 'SlimFaas/ReplicasMin': '1', 'prometheus.io/port': '{port}' },
    environment: {
      FIXTURE_CUSTOM: 'p{port}-r{replica}',
      FIXTURE_HEALTH_PATH: '/health/{replica}',
      ASPNETCORE_URLS: 'http://localhost:{port}',
    },
    health: { path: '/health/{replica}', periodSeconds: 1, timeoutSeconds: 1, startupTimeoutSeconds: 30 },
    shutdown: { path: '/shutdown', timeoutSeconds: 5 },
  });
  let output: string[] = [];
  await withOrchestrator({ functions: [fn] }, async ({ orch, lines }) => {
    output = lines;
    const wl = await readyPods(orch, 'subst', 1);
    assert.equal(wl.replicas, 1);
    const port = wl.pods[0]?.ports[0] as number;
    assert.equal(wl.annotations['prometheus.io/port'], String(port));
    assert.equal(wl.pods[0]?.annotations?.['prometheus.io/port'], String(port));
    const env = await getJson<EnvEcho>(`http://127.0.0.1:${port}/env`);
    assert.deepEqual(env.argv, [`--port=${port}`, '--replica=0']);
    assert.equal(env.FIXTURE_CUSTOM, `p${port}-r0`);
    assert.equal(env.PORT, String(port));
    assert.equal(env.SLIMFAAS_PORT, String(port));
    assert.equal(env.SLIMFAAS_REPLICA_INDEX, '0');
    assert.equal(env.ASPNETCORE_URLS, `http://localhost:${port}`);
  });
  // stop() went through the shutdown hook: the child exited by itself with code 0.
  assert.ok(output.includes('[function/subst/0] shutdown requested'));
  assert.ok(output.includes('[function/subst/0] exited code=0'));
});

test('restarts a replica killed from outside, on the same port, and reports ProcessExited meanwhile', async () => {
  const fn = functionOf('crashy', { annotations: { 'SlimFaas/Function': 'true', 'SlimFaas/ReplicasMin': '1' } });
  await withOrchestrator({ functions: [fn] }, async ({ orch, logsDir }) => {
    const reasons = new Set<string>();
    orch.onChange(() => {
      for (const r of orch.snapshot().functions[0]?.replicas ?? []) reasons.add(r.failureReason);
    });
    const first = await readyPods(orch, 'crashy', 1);
    const port = first.pods[0]?.ports[0];
    const { pid } = await getJson<EnvEcho>(`http://127.0.0.1:${port}/env`);
    process.kill(pid, 'SIGKILL');
    await waitFor('ProcessExited to be reported', () => reasons.has('ProcessExited'));
    const second = await waitFor('a new ready process', async () => {
      const replica = orch.snapshot().functions[0]?.replicas[0];
      return replica && replica.ready && replica.pid !== null && replica.pid !== pid ? replica : undefined;
    });
    assert.equal(second.port, port);
    assert.equal(second.failureReason, '');
    assert.equal(second.failures, 0);
    const log = readFileSync(join(logsDir, 'crashy-0.log'), 'utf8');
    assert.match(log, /exited code=137/);
    assert.match(log, /Process exited with code 137\./);
  });
});

test('kills and restarts a replica that never becomes healthy (ReadinessTimeout)', async () => {
  const fn = functionOf('sick', {
    annotations: { 'SlimFaas/Function': 'true', 'SlimFaas/ReplicasMin': '1' },
    environment: { FIXTURE_NEVER_HEALTHY: '1' },
    health: { path: '/health', periodSeconds: 1, timeoutSeconds: 1, startupTimeoutSeconds: 1 },
  });
  await withOrchestrator({ functions: [fn] }, async ({ orch, pids }) => {
    const firstPid = await waitFor('first pid', () => orch.snapshot().functions[0]?.replicas[0]?.pid);
    await waitFor('ReadinessTimeout', async () => {
      const pod = workload(await orch.listTopology(), 'sick').pods[0];
      return pod?.failureReason === 'ReadinessTimeout';
    });
    const replica = orch.snapshot().functions[0]?.replicas[0];
    assert.equal(replica?.failureMessage, 'Health endpoint did not become ready within 1 seconds.');
    await waitFor('restart with a new pid', () => {
      const pid = orch.snapshot().functions[0]?.replicas[0]?.pid;
      return pid && pid !== firstPid;
    });
    assert.equal(isAlive(firstPid), false);
    await waitFor('both pids recorded', () => pids.size >= 2);
  });
});

test('reuses persisted allocations, skips busy ports and prunes unknown ids', async () => {
  const range = randomRange(10);
  const ports = new MemoryPorts({
    'function:beta:0': range.from + 7,
    'function:beta:1': range.from + 3,
    'function:removed:0': range.from + 1,
  });
  const busy = await listenOn(range.from + 3);
  try {
    const fn = functionOf('beta', { annotations: { 'SlimFaas/Function': 'true', 'SlimFaas/ReplicasMin': '2' } });
    await withOrchestrator({ functions: [fn], range, ports, reservedPorts: [range.from] }, async ({ orch }) => {
      const wl = await waitFor('two started pods', async () => {
        const w = workload(await orch.listTopology(), 'beta');
        return w.pods.every((p) => p.started) && w;
      });
      assert.deepEqual(wl.pods.map((p) => p.ports[0]), [range.from + 7, range.from + 1]);
      assert.deepEqual(ports.all(), { 'function:beta:0': range.from + 7, 'function:beta:1': range.from + 1 });
    });
    assert.deepEqual(ports.all(), {});
  } finally {
    await busy.close();
  }
});

test('reports PortRangeExhausted, retries every second, and starts once a port frees up', async () => {
  const range = randomRange(1);
  const busy = await listenOn(range.from);
  let closed = false;
  try {
    const fn = functionOf('tight', { annotations: { 'SlimFaas/Function': 'true', 'SlimFaas/ReplicasMin': '1' } });
    await withOrchestrator({ functions: [fn], range }, async ({ orch }) => {
      const pod = await waitFor('PortRangeExhausted', async () => {
        const p = workload(await orch.listTopology(), 'tight').pods[0];
        return p?.failureReason === 'PortRangeExhausted' && p;
      });
      assert.equal(pod.started, false);
      assert.deepEqual(pod.ports, []);
      assert.equal(
        orch.snapshot().functions[0]?.replicas[0]?.failureMessage,
        `No free port in ${range.from}-${range.to}.`,
      );
      await busy.close();
      closed = true;
      const ready = await readyPods(orch, 'tight', 1);
      assert.deepEqual(ready.pods[0]?.ports, [range.from]);
      assert.equal(ready.pods[0]?.failureReason, '');
      // A second replica cannot get a port from a one-port range.
      await orch.setReplicas('tight', 2);
      await waitFor('second replica exhausted', async () => {
        const p = workload(await orch.listTopology(), 'tight').pods[1];
        return p?.failureReason === 'PortRangeExhausted';
      });
    });
  } finally {
    if (!closed) await busy.close();
  }
});

test('reports ProcessStartFailed for a command that cannot be launched', async () => {
  const fn = functionOf('broken', {
    command: ['/definitely/not/a/binary'],
    annotations: { 'SlimFaas/Function': 'true', 'SlimFaas/ReplicasMin': '1' },
  });
  await withOrchestrator({ functions: [fn] }, async ({ orch }) => {
    await waitFor('ProcessStartFailed', async () => {
      const pod = workload(await orch.listTopology(), 'broken').pods[0];
      return pod?.failureReason === 'ProcessStartFailed' && !pod.started;
    });
  });
});

test('setReplicas clamps to [0, maxReplicas], rejects unknown functions with NOT_FOUND, and onChange fires on readiness', async () => {
  await withOrchestrator({ functions: [functionOf('gamma', { maxReplicas: 1 })] }, async ({ orch }) => {
    await assert.rejects(orch.setReplicas('nope', 1), (err: NodeJS.ErrnoException) => err.code === 'NOT_FOUND');
    await orch.setReplicas('gamma', -3);
    assert.equal(workload(await orch.listTopology(), 'gamma').replicas, 0);

    let calls = 0;
    const becameReady = new Promise<void>((resolve) => {
      const unsubscribe = orch.onChange(() => {
        calls++;
        void orch.listTopology().then((t) => {
          if (workload(t, 'gamma').pods[0]?.ready) {
            unsubscribe();
            resolve();
          }
        });
      });
    });
    await orch.setReplicas('gamma', 99);
    assert.equal(workload(await orch.listTopology(), 'gamma').replicas, 1);
    await waitFor('onChange to report readiness', () => becameReady.then(() => true));
    assert.ok(calls >= 2, `expected several change signals, got ${calls}`);
  });
});

test('stop() kills the whole process tree, even when the child ignores SIGTERM', async () => {
  const fn = functionOf('tree', {
    annotations: { 'SlimFaas/Function': 'true', 'SlimFaas/ReplicasMin': '1' },
    environment: { FIXTURE_SPAWN_GRANDCHILD: '1', FIXTURE_IGNORE_SIGTERM: '1' },
  });
  let echo: EnvEcho | undefined;
  await withOrchestrator({ functions: [fn], killGraceMs: 300 }, async ({ orch }) => {
    const wl = await readyPods(orch, 'tree', 1);
    echo = await getJson<EnvEcho>(`http://127.0.0.1:${wl.pods[0]?.ports[0]}/env`);
    assert.ok(echo.grandchildPid);
    assert.equal(isAlive(echo.grandchildPid), true);
  });
  assert.ok(echo?.grandchildPid);
  assert.equal(isAlive(echo.pid), false);
  // SIGKILL went to the whole group; give the kernel a moment to deliver it (zombies count as dead).
  await waitFor('grandchild to be gone', () => !isAlive(echo!.grandchildPid!), 2000);
});
