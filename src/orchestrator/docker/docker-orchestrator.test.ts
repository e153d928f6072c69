/**
 * DockerOrchestrator beyond the shared contracts, on the real engine (host mode; no traffic to
 * bridge addresses): own-container detection (host vs network mode), state kept across
 * restarts (decision 8), templates cloned from compose containers, published ports and rewritten
 * annotations, readiness without healthcheck, network addressing read from the engine,
 * namespaces, out-of-band removals, image-labelled definitions, unpullable images.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { waitFor } from '../../../test/helpers/wait.js';
import { runOf } from '../jobs.case.js';
import type { JobInfo } from '../jobs.js';
import type { WorkloadInfo } from '../orchestrator.js';
import { DockerOrchestrator, type DockerOrchestratorOptions } from './docker-orchestrator.js';
import { imageDefinition } from './job-definitions.js';
import { createJobDefinitionContainer, openDockerSuite, removeNamespace, startFunctionContainer, type DockerSuite } from './fixtures/docker-support.js';

const suite = await openDockerSuite('docker');
const skip = 'skip' in suite ? `Docker is not available: ${suite.skip}` : false;
const s = suite as DockerSuite;
const unique = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

const started: DockerOrchestrator[] = [];
async function orchestrator(options: Partial<DockerOrchestratorOptions> = {}): Promise<DockerOrchestrator> {
  const o = new DockerOrchestrator({ namespace: s.namespace, socketPath: s.socketPath, hostMode: 'host', stopGraceSeconds: 2, ...options });
  await o.start();
  started.push(o);
  return o;
}

const fn = async (o: DockerOrchestrator, name: string): Promise<WorkloadInfo | undefined> => (await o.listTopology()).functions.find((f) => f.name === name);
const job = async (o: DockerOrchestrator, name: string): Promise<JobInfo | undefined> => (await o.listJobs()).find((j) => j.name === name);

async function readyPods(o: DockerOrchestrator, name: string, count: number): Promise<WorkloadInfo> {
  await waitFor(async () => {
    const w = await fn(o, name);
    return w !== undefined && w.replicas === count && w.pods.length === count && w.pods.every((p) => p.ready);
  }, 30_000, `${count} ready pods of ${name}`);
  return (await fn(o, name))!;
}

const namespaceContainers = async (namespace = s.namespace) =>
  (await s.docker.listContainers({ all: true, filters: { label: [`SlimFaas/Namespace=${namespace}`] } })).map((c) => ({ id: c.Id, name: c.Names[0]!.slice(1), labels: c.Labels }));

/** Waits until the containers of `app` are exactly `names` (a stopped replica is removed just after it stops). */
async function appContainersAre(app: string, names: string[]): Promise<void> {
  const current = async () => (await namespaceContainers()).filter((c) => c.labels.app === app).map((c) => c.name).sort();
  await waitFor(async () => JSON.stringify(await current()) === JSON.stringify([...names].sort()), 30_000, `containers of ${app}: ${names.join(', ')}`);
}

describe('DockerOrchestrator on the local engine', { skip }, () => {
  const other = `${s.namespace}-other`;

  after(async () => {
    for (const o of started) await o.stop();
    await s.cleanup();
    await removeNamespace(s.docker, other);
    assert.deepEqual(await namespaceContainers(), [], 'no container of the suite is left');
  });

  it('auto mode on the host is host mode', async () => {
    const o = await orchestrator({ hostMode: 'auto', hostname: unique('no-such-container') });
    assert.equal(o.mode, 'host');
    assert.deepEqual((await o.listTopology()).slimfaasNodes, []);
  });

  it('auto mode in a container of the engine is network mode, its container reported as the SlimFaas node', async () => {
    const host = unique('sf-self');
    const network = await s.docker.createNetwork({ Name: unique('sf-net'), Labels: { 'SlimFaas/Namespace': s.namespace } });
    let selfId: string | undefined;
    try {
      const self = await s.docker.createContainer({
        name: `${host}-1`,
        Hostname: host,
        Image: s.serverImage,
        Labels: { 'SlimFaas/Namespace': s.namespace, 'com.docker.compose.project': 'selfproject' },
        HostConfig: { NetworkMode: (await network.inspect()).Name, Init: true },
      });
      selfId = self.id;
      await self.start();
      const o = await orchestrator({ hostMode: 'auto', hostname: host });
      assert.equal(o.mode, 'network');
      const nodes = (await o.listTopology()).slimfaasNodes;
      const ip = (await self.inspect()).NetworkSettings.Networks[(await network.inspect()).Name]!.IPAddress;
      assert.deepEqual(nodes.map((n) => [n.name, n.ip, n.ports]), [[`${host}-1`, ip, [8080]]]);
    } finally {
      if (selfId) await s.docker.getContainer(selfId).remove({ force: true });
      await network.remove();
    }
  });

  it('scaling to zero keeps a template cloned from the compose container; replicas publish on 127.0.0.1 with the annotations rewritten', async () => {
    const app = unique('clone');
    await startFunctionContainer(s, { app, env: ['FIXTURE_MARKER=from-compose'], labels: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080', 'SlimFaas/NumberParallelRequest': '3' } });
    const o = await orchestrator();
    await o.setReplicas(app, 0);
    await waitFor(async () => (await fn(o, app))?.pods.length === 0 && (await fn(o, app))?.replicas === 0, 30_000, 'scaled to zero');
    await appContainersAre(app, [`${app}-template`]);
    const left = (await namespaceContainers()).filter((c) => c.labels.app === app);
    const template = left[0]!.labels;
    assert.equal(template['SlimFaas/template'], 'true');
    assert.deepEqual(Object.keys(JSON.parse(template['SlimFaas/PublishedPorts']!)), ['8080/tcp']);
    assert.equal(template['com.docker.compose.service'], `sf-template-${app}`);

    await o.setReplicas(app, 1);
    const workload = await readyPods(o, app, 1);
    assert.equal(workload.annotations['SlimFaas/NumberParallelRequest'], '3');
    assert.equal(workload.annotations['SlimFaas/template'], undefined, 'bookkeeping labels are not annotations');
    const pod = workload.pods[0]!;
    assert.equal(pod.ip, '127.0.0.1');
    assert.equal(pod.ports.length, 1);
    assert.equal(pod.annotations?.['prometheus.io/port'], String(pod.ports[0]), 'the scrape port is the published one');
    const env = (await (await fetch(`http://127.0.0.1:${pod.ports[0]}/env`)).json()) as { marker: string };
    assert.equal(env.marker, 'from-compose', 'the clone keeps the environment');

    // The engine's own view, for SlimFaas in the compose network: the replica's network address and container port (read, never called).
    const inNetwork = await orchestrator({ hostMode: 'network', network: 'bridge' });
    const seen = (await fn(inNetwork, app))!.pods[0]!;
    assert.equal(seen.name, pod.name);
    assert.notEqual(seen.ip, '127.0.0.1');
    assert.deepEqual(seen.ports, [8080]);
    assert.equal(seen.annotations?.['prometheus.io/port'], '8080');
  });

  it('a replica without healthcheck is ready once running; other namespaces are invisible', async () => {
    const app = unique('plain');
    await startFunctionContainer(s, { app, healthcheck: false });
    const hidden = unique('hidden');
    await startFunctionContainer(s, { app: hidden, namespace: other });
    const o = await orchestrator();
    await readyPods(o, app, 1);
    assert.equal(await fn(o, hidden), undefined);
    await assert.rejects(o.setReplicas(hidden, 1));
  });

  it('a replica removed behind its back leaves the topology and signals a change', async () => {
    const app = unique('gone');
    const id = await startFunctionContainer(s, { app });
    const o = await orchestrator({ listIntervalMs: 60_000 });
    await readyPods(o, app, 1);
    let changes = 0;
    const unsubscribe = o.onChange(() => changes++);
    await s.docker.getContainer(id).remove({ force: true });
    await waitFor(async () => (await fn(o, app)) === undefined, 30_000, 'the function gone with its only container (events, not the 60 s listing)');
    unsubscribe();
    assert.ok(changes > 0);
  });

  it('a new instance over the same containers sees the same functions, replicas and runs (decision 8)', async () => {
    const app = unique('keep');
    const definition = unique('keep-job');
    await startFunctionContainer(s, { app });
    await createJobDefinitionContainer(s, definition);
    const first = await orchestrator();
    await first.setReplicas(app, 0);
    await appContainersAre(app, [`${app}-template`]);
    await first.setReplicas(app, 1);
    const before = await readyPods(first, app, 1);
    const def = (await first.listJobDefinitions())!.find((d) => d.name === definition)!;
    const sleeping = runOf(def, ['sleep'], { ttlSecondsAfterFinished: 600, dependsOn: [app] });
    const done = runOf(def, ['exit', '0'], { ttlSecondsAfterFinished: 600 });
    await first.createJob(sleeping);
    await first.createJob(done);
    await waitFor(async () => (await job(first, sleeping.name))?.status === 'Running' && (await job(first, done.name))?.status === 'Succeeded', 30_000, 'one run running, one finished');
    const runsBefore = (await first.listJobs()).filter((j) => [sleeping.name, done.name].includes(j.name));
    const containersBefore = (await namespaceContainers()).map((c) => c.id).sort();
    await first.stop();

    const second = await orchestrator();
    const after = await readyPods(second, app, 1);
    assert.deepEqual(after.pods, before.pods);
    assert.deepEqual(
      (await second.listJobs()).filter((j) => [sleeping.name, done.name].includes(j.name)).sort((a, b) => a.name.localeCompare(b.name)),
      runsBefore.sort((a, b) => a.name.localeCompare(b.name)),
    );
    assert.ok((await second.listJobDefinitions())!.some((d) => d.name === definition));
    assert.deepEqual((await namespaceContainers()).map((c) => c.id).sort(), containersBefore, 'nothing was removed or added');
    // The existing template is reused: scaling to zero and back adds no second one.
    await second.setReplicas(app, 0);
    await waitFor(async () => (await fn(second, app))?.pods.length === 0, 30_000, 'scaled to zero again');
    await appContainersAre(app, [`${app}-template`]);
    assert.equal(await second.deleteJob(sleeping.name), true);
  });

  it('declares definitions from labelled images and containers; a container advertises only its own variables', async () => {
    const fromImage = unique('img-def');
    const fromContainer = unique('ctr-def');
    const base = await s.docker.createContainer({ Image: s.jobImage, Labels: { 'SlimFaas/Namespace': other } });
    const tag = `${s.namespace}-${fromImage}`;
    try {
      await base.commit({
        repo: 'slimfaas-docker-test-definition',
        tag,
        changes: ['LABEL "SlimFaas/Job"="true"', `LABEL "app"="${fromImage}"`, `LABEL "SlimFaas/Namespace"="${s.namespace}"`, 'LABEL "SlimFaas/NumberParallelJob"="3"'],
      });
    } finally {
      await base.remove({ force: true });
    }
    s.ownImages.push(`slimfaas-docker-test-definition:${tag}`);
    await s.docker.createContainer({
      name: `${fromContainer}-definition`,
      Image: s.serverImage,
      Env: ['OWN=1'],
      Labels: { 'SlimFaas/Job': 'true', app: fromContainer, 'SlimFaas/Namespace': s.namespace, 'SlimFaas/DependsOn': 'a, b', 'SlimFaas/BackoffLimit': '4' },
      HostConfig: { Memory: 256 * 1024 * 1024, NanoCpus: 500_000_000 },
    });
    const o = await orchestrator({ listIntervalMs: 200 });
    await waitFor(async () => ((await o.listJobDefinitions()) ?? []).length >= 2, 30_000, 'both definitions');
    const defs = (await o.listJobDefinitions())!;
    const image = defs.find((d) => d.name === fromImage)!;
    assert.equal(image.Image, `slimfaas-docker-test-definition:${tag}`);
    assert.deepEqual(image.ImagesWhitelist, [image.Image]);
    assert.equal(image.NumberParallelJob, 3);
    const container = defs.find((d) => d.name === fromContainer)!;
    assert.deepEqual(container.Environments, [{ Name: 'OWN', Value: '1' }], 'PORT comes from the image and is not repeated');
    assert.deepEqual(container.DependsOn, ['a', 'b']);
    assert.equal(container.BackoffLimit, 4);
    assert.deepEqual(container.Resources, { Requests: { cpu: '100m', memory: '100Mi' }, Limits: { cpu: '500m', memory: '256Mi' } });
  });

  it('a run whose image cannot be pulled is ImagePullBackOff until deleted', async () => {
    const o = await orchestrator();
    const def = { ...imageDefinition({ Id: 'x', RepoTags: [`localhost:1/${unique('missing')}:latest`], Labels: { 'SlimFaas/Job': 'true', app: 'missing-job' } })! };
    const run = runOf(def, ['exit', '0']);
    await o.createJob(run);
    assert.equal((await job(o, run.name))?.status, 'ImagePullBackOff');
    await o.createJob(run);
    assert.equal((await o.listJobs()).filter((j) => j.name === run.name).length, 1);
    assert.equal(await o.deleteJob(run.name), true);
    assert.equal(await job(o, run.name), undefined);
    assert.equal(await o.deleteJob(run.name), false);
  });
});
