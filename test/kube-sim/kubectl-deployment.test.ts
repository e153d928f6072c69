// The real kubectl against kube-sim: a Deployment of real processes, applied, listed, scaled, annotated,
// re-applied, watched and deleted, with every pod process checked by PID and over HTTP on its own IP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '../helpers/wait.js';
import { alive, askPod, httpDeployment, startFixture, type SimFixture } from './kubectl.js';

describe('kubectl with a Deployment', () => {
  let fx: SimFixture;
  const readyPods = (): ReturnType<SimFixture['sim']['pods']> => fx.sim.pods('default').filter((p) => p.ready && !p.deleting && p.owner);

  before(async () => {
    fx = await startFixture();
  });
  after(() => fx.close());

  it('kubectl apply -f creates it; get deploy,pods -o wide shows READY and the pod IP', async () => {
    const file = fx.manifest('web.yaml', httpDeployment('web', 1, 'hello'));
    assert.equal((await fx.kubectl.ok(['apply', '-f', file])).trim(), 'deployment.apps/web created');
    await waitFor(() => readyPods().length === 1, 20_000, 'one ready pod');
    await waitFor(async () => (await fx.kubectl.ok(['get', 'deploy', 'web', '-o', 'jsonpath={.status.readyReplicas}'])) === '1', 20_000, 'deployment ready');
    const pod = readyPods()[0]!;
    assert.ok(pod.ip?.startsWith(fx.sim.podIpPrefix), pod.ip);
    const out = await fx.kubectl.ok(['get', 'deploy,pods', '-o', 'wide']);
    assert.match(out, /NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR/);
    assert.match(out, /deployment\.apps\/web\s+1\/1\s+1\s+1\s+\S+\s+web\s+example\/web:1\s+app=web/);
    assert.match(out, /NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES/);
    assert.match(out, new RegExp(`pod/${pod.name}\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+${pod.ip!.replace(/\./g, '\\.')}\\s+kube-sim`));
    assert.equal(await askPod(pod.ip!), `${pod.name} ${pod.ip} hello`);
    fx.notePids();
  });

  it('kubectl scale --replicas=3 runs three processes, each answering on its own IP', async () => {
    assert.equal((await fx.kubectl.ok(['scale', 'deploy/web', '--replicas=3'])).trim(), 'deployment.apps/web scaled');
    await waitFor(() => readyPods().length === 3, 20_000, 'three ready pods');
    const pods = readyPods();
    assert.equal(new Set(pods.map((p) => p.ip)).size, 3);
    assert.equal(new Set(pods.map((p) => p.pid)).size, 3);
    for (const pod of pods) {
      assert.ok(pod.pid !== undefined && alive(pod.pid), `${pod.name} has a live process`);
      assert.equal(await askPod(pod.ip!), `${pod.name} ${pod.ip} hello`);
    }
    const out = await fx.kubectl.ok(['get', 'deploy', 'web']);
    assert.match(out, /web\s+3\/3\s+3\s+3/);
    fx.notePids();
  });

  it('kubectl annotate', async () => {
    assert.equal((await fx.kubectl.ok(['annotate', 'deploy', 'web', 'SlimFaas/ReplicasMin=0'])).trim(), 'deployment.apps/web annotated');
    assert.equal(await fx.kubectl.ok(['get', 'deploy', 'web', '-o', 'jsonpath={.metadata.annotations.SlimFaas/ReplicasMin}']), '0');
    assert.equal((await fx.kubectl.ok(['annotate', 'deploy', 'web', 'SlimFaas/ReplicasMin-'])).trim(), 'deployment.apps/web annotated');
  });

  it('kubectl apply again: configured, unchanged, then configured with a new template (rolled out)', async () => {
    // The live object has 3 replicas, the last applied configuration 1: applying 3 only records it.
    const same = fx.manifest('web3.yaml', httpDeployment('web', 3, 'hello'));
    assert.equal((await fx.kubectl.ok(['apply', '-f', same])).trim(), 'deployment.apps/web configured');
    assert.equal((await fx.kubectl.ok(['apply', '-f', same])).trim(), 'deployment.apps/web unchanged');
    assert.equal(await fx.kubectl.ok(['get', 'deploy', 'web', '-o', 'jsonpath={.metadata.generation}']), '2');
    const changed = fx.manifest('web2.yaml', httpDeployment('web', 3, 'bonjour'));
    assert.equal((await fx.kubectl.ok(['apply', '-f', changed])).trim(), 'deployment.apps/web configured');
    await waitFor(
      async () => {
        fx.notePids();
        const pods = fx.sim.pods('default');
        if (pods.length !== 3 || !pods.every((p) => p.ready && !p.deleting)) return false;
        const answers = await Promise.all(pods.map((p) => askPod(p.ip!)));
        return answers.every((a) => a?.endsWith('bonjour'));
      },
      30_000,
      'three ready pods of the new template',
    );
    assert.equal(await fx.kubectl.ok(['get', 'deploy', 'web', '-o', 'jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}']), '2');
    const rs = await fx.kubectl.ok(['get', 'rs', '-o', 'jsonpath={range .items[*]}{.spec.replicas} {end}']);
    assert.deepEqual(rs.trim().split(' ').sort(), ['0', '3']);
  });

  it('kubectl get pods -w prints updates as pods change', async () => {
    const watcher = fx.kubectl.watch(['get', 'pods', '-w']);
    try {
      await waitFor(() => watcher.output().split('\n').filter((l) => /\bRunning\b/.test(l)).length >= 3, 20_000, 'initial list');
      await fx.kubectl.ok(['scale', 'deploy/web', '--replicas=1']);
      await waitFor(() => (watcher.output().match(/\bTerminating\b/g) ?? []).length >= 2, 20_000, 'two pods shown Terminating');
      await waitFor(() => readyPods().length === 1 && fx.sim.pods('default').length === 1, 20_000, 'one pod left');
      assert.match(watcher.output(), /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    } finally {
      await watcher.stop();
    }
  });

  it('kubectl delete removes the Deployment, its ReplicaSets, pods and processes', async () => {
    fx.notePids();
    const pids = [...fx.seenPids];
    assert.ok(pids.length >= 6, `pids seen: ${pids}`);
    assert.equal((await fx.kubectl.ok(['delete', 'deploy', 'web'])).trim(), 'deployment.apps "web" deleted');
    await waitFor(() => fx.sim.pods().length === 0, 20_000, 'no pod left');
    await waitFor(() => pids.every((pid) => !alive(pid)), 10_000, 'every pod process gone');
    assert.equal(fx.sim.pids().length, 0);
    const left = await fx.kubectl.run(['get', 'deploy,rs,pods']);
    assert.equal(left.stdout, '');
    assert.match(left.stderr, /No resources found in default namespace/);
  });
});
