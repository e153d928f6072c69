/**
 * End-to-end, Kubernetes mode: the real `slimfaas serve` CLI on this host (decision 13) against
 * kube-sim, the project's Kubernetes API test server, with traffic flowing to pod processes on
 * their own loopback IPs. Covers the functions.md §16 scenarios that involve Kubernetes: relay,
 * private paths from a trusted pod's IP and hidden from another address (forged X-Forwarded-For
 * included), untrusted callers, invalid annotations, status, event fan-out to ready pods only,
 * 0→N→0 through the scale subresource, a crash-looping pod blocking scale-up, and jobs as
 * Kubernetes Jobs with CronJob-based definitions.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { startKubeSim, type KubeSim } from '../../src/kube-sim/index.js';
import { Collector } from '../helpers/collector.js';
import { call } from '../helpers/http.js';
import { pickPorts, RECORDER, REPO } from '../helpers/local-up.js';
import { waitFor } from '../helpers/wait.js';

const NS = 'default';

function fn(name: string, replicas: number, annotations: Record<string, string>, env: Record<string, string>, command: string[] = [process.execPath, RECORDER]): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, annotations: { 'SlimFaas/Function': 'true', ...annotations } },
        spec: {
          containers: [
            {
              name,
              image: `example/${name}:1`,
              command,
              env: Object.entries({ PORT: '8080', FUNCTION_NAME: name, ...env }).map(([k, v]) => ({ name: k, value: v })),
              ports: [{ containerPort: 8080 }],
              readinessProbe: { httpGet: { path: '/health', port: 8080 }, periodSeconds: 1 },
            },
          ],
        },
      },
    },
  };
}

describe('slimfaas serve in Kubernetes mode against the Kubernetes API test server', () => {
  let sim: KubeSim;
  let collector: Collector;
  let serve: ChildProcess;
  let output = '';
  let url: string;
  let outsider: string;
  const replicasOf = (name: string) => (sim.client.get('Deployment', NS, name)?.spec as { replicas?: number } | undefined)?.replicas;
  const readyPods = (name: string) => sim.pods(NS).filter((p) => p.name.startsWith(`${name}-`) && p.ready && !p.deleting);
  const status = async (name: string) => JSON.parse((await call(`${url}/status-function/${name}`)).body || '{}') as { NumberReady?: number; NumberRequested?: number };

  before(async () => {
    collector = await new Collector().start();
    sim = await startKubeSim({ crashBackoffBaseMs: 10_000, probeIntervalMs: 200, jobBackoffBaseMs: 500, images: { 'example/job:1': [process.execPath, join(REPO, 'test', 'fixtures', 'job-script.mjs')] } });
    outsider = `${sim.podIpPrefix}250`;
    const recordUrl = collector.url;
    sim.client.apply([
      fn('fibonacci', 3, { 'SlimFaas/ReplicasMin': '3', 'SlimFaas/PathsStartWithVisibility': 'Public:/compute,Private:/private', 'SlimFaas/SubscribeEvents': 'Public:reload,Private:reloadprivate' }, { RECORD_URL: recordUrl }),
      fn('caller', 1, { 'SlimFaas/ReplicasMin': '1', 'SlimFaas/DefaultTrust': 'Untrusted' }, { RECORD_URL: recordUrl }),
      fn('trusted', 1, { 'SlimFaas/ReplicasMin': '1' }, { RECORD_URL: recordUrl }),
      fn('sleepy', 0, { 'SlimFaas/ReplicasMin': '0', 'SlimFaas/ReplicasAtStart': '2', 'SlimFaas/TimeoutSecondBeforeSetReplicasMin': '3' }, { RECORD_URL: recordUrl }),
      fn('broken', 1, { 'SlimFaas/NumberParallelRequest': '0' }, { RECORD_URL: recordUrl }),
      fn('crashy', 1, { 'SlimFaas/ReplicasMin': '2' }, {}, [process.execPath, '-e', 'process.exit(3)']),
      fn('steady', 1, { 'SlimFaas/ReplicasMin': '2' }, { RECORD_URL: recordUrl }),
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'cj-job', annotations: { 'SlimFaas/Job': 'true', 'SlimFaas/DefaultVisibility': 'Public' } },
        spec: { suspend: true, schedule: '0 0 * * *', jobTemplate: { spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'cj-job', image: 'example/job:1', env: [{ name: 'RECORD_URL', value: recordUrl }] }] } } } } },
      },
    ]);
    // The crash loop must already be visible when SlimFaas first decides replicas.
    await waitFor(() => sim.pods(NS).some((p) => p.name.startsWith('crashy-') && p.restartCount >= 1), 30_000, 'crashy in CrashLoopBackOff');
    await waitFor(() => readyPods('fibonacci').length === 3 && readyPods('caller').length === 1 && readyPods('trusted').length === 1, 30_000, 'the function pods');
    const port = (await pickPorts()).node;
    url = `http://127.0.0.1:${port}`;
    serve = spawn(process.execPath, [join(REPO, 'bin', 'slimfaas.js'), 'serve', '--port', String(port), '--host', '127.0.0.1'], {
      env: { ...process.env, KUBECONFIG: sim.kubeconfigPath, HOSTNAME: 'slimfaas-on-the-host', SlimFaas__Orchestrator: 'Kubernetes', SlimFaas__Namespace: NS, SlimData__Directory: join(sim.stateDir, 'slimfaas-data'), Data__DefaultVisibility: 'Public', Workers__ReplicasSynchronizationDelayMilliseconds: '1000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    serve.stdout!.on('data', (c) => (output += c));
    serve.stderr!.on('data', (c) => (output += c));
    await waitFor(() => output.includes('SlimFaas listening on') || serve.exitCode !== null, 60_000, 'slimfaas serve');
    assert.equal(serve.exitCode, null, output);
  });

  after(async () => {
    if (serve && serve.exitCode === null) {
      serve.kill('SIGTERM');
      await new Promise((r) => serve.once('exit', r));
    }
    const pids = sim?.pids() ?? [];
    await sim?.stop();
    await collector?.close();
    assert.deepEqual(pids.filter((pid) => { try { process.kill(pid, 0); return true; } catch { return false; } }), [], 'no pod process left');
  });

  it('AS-01: relays to exactly one ready pod; AS-02: unknown function 404', async () => {
    const before = collector.starts('fibonacci').length;
    const res = await call(`${url}/function/fibonacci/compute/a?x=1`, { method: 'POST', body: 'hello', headers: { 'x-trace': '1' }, localAddress: outsider });
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.body).path, '/compute/a');
    assert.equal(collector.starts('fibonacci').length, before + 1);
    assert.equal(collector.starts('fibonacci').at(-1)!.headers['x-trace'], '1');
    assert.equal((await call(`${url}/function/wrong/download`)).status, 404);
  });

  it('AS-03/04, AS-28: a private path answers a trusted pod, hides from another address and from an untrusted function pod, forged X-Forwarded-For included', async () => {
    const trustedIp = readyPods('trusted')[0]!.ip!;
    const untrustedIp = readyPods('caller')[0]!.ip!;
    assert.equal((await call(`${url}/function/fibonacci/private`, { localAddress: trustedIp })).status, 200, 'from a Trusted pod');
    assert.equal((await call(`${url}/function/fibonacci/private`, { localAddress: outsider })).status, 404, 'from another loopback address');
    assert.equal((await call(`${url}/function/fibonacci/private`, { localAddress: outsider, headers: { 'x-forwarded-for': trustedIp } })).status, 404, 'X-Forwarded-For from an untrusted peer');
    assert.equal((await call(`${url}/function/fibonacci/private`, { localAddress: untrustedIp })).status, 404, 'from an Untrusted function pod');
    const caller = JSON.parse(JSON.stringify(sim.client.get('Deployment', NS, 'caller')));
    caller.spec.template.metadata.annotations['SlimFaas/DefaultTrust'] = 'Trusted';
    sim.client.apply(caller);
    await waitFor(async () => (await call(`${url}/function/fibonacci/private`, { localAddress: readyPods('caller')[0]?.ip ?? outsider })).status === 200, 30_000, 'the caller trusted after the annotation change');
  });

  it('AS-25/26/27: status of the functions; an invalid annotation hides the function', async () => {
    const all = JSON.parse((await call(`${url}/status-functions`)).body) as Array<{ Name: string; PodType: string }>;
    assert.ok(all.some((s) => s.Name === 'fibonacci' && s.PodType === 'Deployment'));
    assert.ok(!all.some((s) => s.Name === 'broken'));
    assert.equal((await call(`${url}/function/broken/x`)).status, 404);
    assert.deepEqual(await status('fibonacci'), { NumberReady: 3, NumberRequested: 3, PodType: 'Deployment', Visibility: 'Public', Name: 'fibonacci' });
  });

  it('AS-21/23: an event reaches every ready pod and not the one that is not ready; a private event hides from outside', async () => {
    const [notReady] = readyPods('fibonacci');
    sim.setPodReady(NS, notReady!.name, false);
    await waitFor(async () => (await status('fibonacci')).NumberReady === 2, 30_000, 'one pod not ready');
    const before = collector.starts('fibonacci').filter((r) => r.path === '/hello').length;
    assert.equal((await call(`${url}/publish-event/reload/hello`, { method: 'POST', body: '{"data":"x"}', localAddress: outsider })).status, 204);
    const delivered = collector.starts('fibonacci').filter((r) => r.path === '/hello').slice(before);
    assert.equal(delivered.length, 2);
    assert.equal(new Set(delivered.map((r) => r.pid)).size, 2, 'one delivery to each ready pod');
    assert.equal((await call(`${url}/publish-event/reloadprivate/hello`, { method: 'POST', body: '{}', localAddress: outsider })).status, 404);
    sim.setPodReady(NS, notReady!.name, undefined);
  });

  it('AS-09: a sync call wakes a function from zero through the scale subresource, and it goes back to zero', async () => {
    assert.equal(replicasOf('sleepy'), 0);
    const res = await call(`${url}/function/sleepy/compute`, { localAddress: outsider });
    assert.equal(res.status, 200);
    await waitFor(() => readyPods('sleepy').length === 2, 30_000, 'ReplicasAtStart (2) ready pods');
    assert.equal(replicasOf('sleepy'), 2);
    await waitFor(() => replicasOf('sleepy') === 0 && sim.pods(NS).filter((p) => p.name.startsWith('sleepy-')).length === 0, 60_000, 'back to zero, pods gone');
  });

  it('a crash-looping pod blocks scale-up (ReplicasMin 2) while a healthy function scales to 2', async () => {
    await waitFor(() => replicasOf('steady') === 2, 30_000, 'steady raised to ReplicasMin');
    assert.equal(replicasOf('crashy'), 1, 'crashy stays at 1 while its pod is in CrashLoopBackOff');
  });

  it('jobs: a CronJob-based definition, run as a Kubernetes Job to Succeeded', async () => {
    await waitFor(async () => (JSON.parse((await call(`${url}/jobs/status`)).body) as Array<{ Name: string }>).some((j) => j.Name === 'cj-job'), 30_000, 'cj-job in the catalogue');
    const res = await call(`${url}/job/cj-job`, { method: 'POST', body: JSON.stringify({ Args: ['hello'] }), headers: { 'content-type': 'application/json' } });
    assert.equal(res.status, 202, res.body);
    const { Id } = JSON.parse(res.body);
    await waitFor(async () => (JSON.parse((await call(`${url}/job/cj-job`)).body) as Array<{ Id: string; Status: string }>).some((r) => r.Id === Id && r.Status === 'Succeeded'), 60_000, 'the Job Succeeded');
    const job = sim.client.list('Job', NS).find((j) => (j.metadata as any)?.labels?.['slimfaas-job-element-id'] === Id) as any;
    assert.match(job.metadata.name, /^cj-job-slimfaas-job-[0-9a-z]{8}$/);
    assert.deepEqual(job.spec.template.spec.containers[0].args, ['hello']);
    await waitFor(() => collector.records.some((r) => r.method === 'RUN' && r.path === 'hello'), 30_000, 'the Job pod ran the job with its arguments');
  });
});
