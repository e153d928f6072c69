// The in-process test API of kube-sim (what SlimFaas e2e suites use): readiness probes and overrides,
// unschedulable workloads, in-process objects, and stop() ending every pod process (SIGKILL after the grace).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startKubeSim, type KubeSim } from '../../src/kube-sim/index.js';
import { waitFor } from '../helpers/wait.js';
import { HTTP_POD, REPO, alive, askPod, startFixture, type SimFixture } from './kubectl.js';

function deployment(name: string, replicas: number, env: Record<string, string> = {}): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name,
              image: `example/${name}:1`,
              command: ['node', HTTP_POD],
              env: Object.entries(env).map(([k, v]) => ({ name: k, value: v })),
              ports: [{ containerPort: 8080 }],
              readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 1, failureThreshold: 1 },
            },
          ],
        },
      },
    },
  };
}

function condition(sim: KubeSim, name: string, type: string): { status: string; reason?: string } | undefined {
  const pod = sim.client.get('Pod', 'default', name);
  return ((pod?.status?.conditions ?? []) as { type: string; status: string; reason?: string }[]).find((c) => c.type === type);
}

describe('kube-sim test hooks', () => {
  let fx: SimFixture;
  before(async () => {
    fx = await startFixture({
      crashBackoffBaseMs: 200,
      images: { 'example/unpullable:1': null, 'example/echo:1': ['node', '-e', "console.log('args:', process.argv.slice(1).join(','))"] },
    });
  });
  after(() => fx.close());

  it('a pod is Ready only once its readiness probe answers 2xx; setPodReady overrides it both ways', async () => {
    const flag = join(fx.dir, 'ready-flag');
    fx.sim.client.apply(deployment('probe', 1, { READY_FILE: flag }));
    await waitFor(() => fx.sim.pods('default').some((p) => p.name.startsWith('probe-') && p.pid !== undefined), 20_000, 'a running process');
    const pod = fx.sim.pods('default').find((p) => p.name.startsWith('probe-'))!;
    await waitFor(async () => (await askPod(pod.ip!)) !== undefined, 20_000, 'the process listens');
    assert.equal(fx.sim.pods('default').find((p) => p.name === pod.name)!.ready, false);
    writeFileSync(flag, '');
    await waitFor(() => fx.sim.pods('default').find((p) => p.name === pod.name)!.ready, 20_000, 'ready after the probe succeeds');
    fx.sim.setPodReady('default', pod.name, false);
    assert.deepEqual(condition(fx.sim, pod.name, 'Ready'), { ...condition(fx.sim, pod.name, 'Ready'), status: 'False', reason: 'ContainersNotReady' });
    await waitFor(() => fx.sim.client.get('Deployment', 'default', 'probe')?.status?.readyReplicas === undefined, 20_000, 'the Deployment counts no ready replica');
    fx.sim.setPodReady('default', pod.name, undefined);
    await waitFor(() => condition(fx.sim, pod.name, 'Ready')?.status === 'True', 20_000, 'back to the probe');
    fx.sim.setPodReady('default', pod.name, true);
    rmSync(flag);
    assert.equal(condition(fx.sim, pod.name, 'Ready')?.status, 'True');
    fx.sim.setPodReady('default', pod.name, undefined);
    await waitFor(() => condition(fx.sim, pod.name, 'Ready')?.status === 'False', 20_000, 'probe failing again');
    fx.notePids();
    fx.sim.client.delete('Deployment', 'default', 'probe');
    await waitFor(() => fx.sim.pods('default').length === 0, 20_000, 'pods gone');
  });

  it('setUnschedulable keeps new pods of a Deployment Pending (PodScheduled=False, Unschedulable) until turned off', async () => {
    fx.sim.setUnschedulable('default', 'blocked', true);
    fx.sim.client.apply(deployment('blocked', 2));
    await waitFor(() => fx.sim.pods('default').filter((p) => condition(fx.sim, p.name, 'PodScheduled')?.reason === 'Unschedulable').length === 2, 20_000, 'two unschedulable pods');
    const pods = fx.sim.pods('default');
    assert.ok(pods.every((p) => p.phase === 'Pending' && p.pid === undefined && p.ip === undefined && p.nodeName === undefined));
    assert.match((await fx.kubectl.ok(['get', 'pods'])), /blocked-\w+-\w{5}\s+0\/1\s+Pending\s+0/);
    fx.sim.setUnschedulable('default', 'blocked', false);
    await waitFor(() => fx.sim.pods('default').filter((p) => p.ready).length === 2, 20_000, 'scheduled and ready');
    fx.notePids();
    assert.equal(condition(fx.sim, pods[0]!.name, 'PodScheduled')?.status, 'True');
    fx.sim.client.delete('Deployment', 'default', 'blocked');
    await waitFor(() => fx.sim.pods('default').length === 0, 20_000, 'pods gone');
  });

  it('images: an entrypoint for containers without command; null makes the pull fail (ImagePullBackOff)', async () => {
    const pod = (name: string, image: string): object => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { restartPolicy: 'Never', containers: [{ name, image, args: ['a', 'b'] }] },
    });
    fx.sim.client.apply([pod('echo', 'example/echo:1'), pod('unpullable', 'example/unpullable:1')]);
    await waitFor(() => fx.sim.pods('default').find((p) => p.name === 'echo')?.phase === 'Succeeded', 20_000, 'echo done');
    assert.equal((await fx.kubectl.ok(['logs', 'echo'])).trim(), 'args: a,b');
    await waitFor(async () => /unpullable\s+0\/1\s+ImagePullBackOff/.test(await fx.kubectl.ok(['get', 'pod', 'unpullable'])), 20_000, 'ImagePullBackOff');
    assert.equal(fx.sim.pods('default').find((p) => p.name === 'unpullable')?.phase, 'Pending');
    await fx.kubectl.ok(['delete', 'pod', 'echo', 'unpullable']);
  });

  it('in-process client: apply YAML (create, then merge), get, list by label', () => {
    const created = fx.sim.client.apply('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c1, labels: { k: v } }\ndata: { a: "1" }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: c2 }\n');
    assert.deepEqual(created.map((o) => o.metadata.name), ['c1', 'c2']);
    fx.sim.client.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c1' }, data: { b: '2' } });
    assert.deepEqual(fx.sim.client.get('cm', 'default', 'c1')?.data, { a: '1', b: '2' });
    assert.deepEqual(fx.sim.client.list('configmaps', 'default', 'k=v').map((o) => o.metadata.name), ['c1']);
  });
});

describe('kube-sim stop()', () => {
  it('ends every pod process, SIGKILLing those that ignore SIGTERM, with their children', async () => {
    const fx2 = await startFixture({ stopGraceMs: 300 });
    const pidFile = join(fx2.dir, 'child.pid');
    fx2.sim.client.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'stubborn' },
      spec: { containers: [{ name: 's', image: 'x', command: ['node', join(REPO, 'test', 'kube-sim', 'fixtures', 'stubborn-pod.mjs')], env: [{ name: 'PID_FILE', value: pidFile }] }] },
    });
    fx2.sim.client.apply(deployment('plain', 2));
    await waitFor(() => fx2.sim.pids().length === 3 && existsSync(pidFile) && readFileSync(pidFile, 'utf8') !== '', 20_000, 'three processes');
    const pids = [...fx2.sim.pids(), Number(readFileSync(pidFile, 'utf8'))];
    assert.ok(pids.every(alive));
    await fx2.sim.stop();
    assert.deepEqual(pids.filter(alive), []);
    await fx2.close();
  });

  it('two simulators side by side get different pod IP blocks', async () => {
    const a = await startKubeSim({ log: () => undefined });
    const b = await startKubeSim({ log: () => undefined });
    try {
      assert.notEqual(a.podIpPrefix, b.podIpPrefix);
      assert.notEqual(a.port, b.port);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
