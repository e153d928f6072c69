/**
 * End-to-end, Docker mode on a host (no traffic to bridge addresses): one SlimFaas node in this
 * process on the DockerOrchestrator. A sync call to a function scaled to zero wakes a container
 * replica and is answered by it through its port published on 127.0.0.1; a triggered job runs as
 * a container and is listed Succeeded.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from '../../src/config/settings.js';
import { silentLogger } from '../../src/logging.js';
import { startNode, type SlimFaasNode } from '../../src/node.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { DockerOrchestrator } from '../../src/orchestrator/docker/docker-orchestrator.js';
import { createJobDefinitionContainer, openDockerSuite, startFunctionContainer, type DockerSuite } from '../../src/orchestrator/docker/fixtures/docker-support.js';
import { freePort } from '../../src/util/free-port.js';
import { waitFor } from '../helpers/wait.js';

const suite = await openDockerSuite('e2e');
const skip = 'skip' in suite ? `Docker is not available: ${suite.skip}` : false;
const s = suite as DockerSuite;

describe('Docker mode through the gateway (SlimFaas on the host)', { skip }, () => {
  const app = `e2e-fn-${randomBytes(3).toString('hex')}`;
  const job = `e2e-job-${randomBytes(3).toString('hex')}`;
  const dataDirectory = mkdtempSync(join(tmpdir(), 'slimfaas-docker-e2e-'));
  let orchestrator: DockerOrchestrator;
  let store: SqliteStore;
  let node: SlimFaasNode;
  let url: string;

  before(async () => {
    await startFunctionContainer(s, { app, labels: { 'SlimFaas/ReplicasMin': '0', 'SlimFaas/TimeoutSecondBeforeSetReplicasMin': '300' } });
    await createJobDefinitionContainer(s, job, { 'SlimFaas/DefaultVisibility': 'Public', 'SlimFaas/BackoffLimit': '0' });
    orchestrator = new DockerOrchestrator({ namespace: s.namespace, socketPath: s.socketPath, hostMode: 'host', stopGraceSeconds: 2 });
    await orchestrator.start();
    await orchestrator.setReplicas(app, 0);
    await waitFor(async () => (await orchestrator.listTopology()).functions.find((f) => f.name === app)?.pods.length === 0, 30_000, 'the function at zero');
    const port = await freePort();
    const settings = loadSettings({ SlimFaas__Orchestrator: 'Docker', SlimFaas__Namespace: s.namespace, Data__DefaultVisibility: 'Public' });
    store = SqliteStore.open({ path: join(dataDirectory, 'store.sqlite') });
    const self = { name: 'slimfaas', ip: '127.0.0.1', ports: [port], started: true, ready: true, failureReason: '', annotations: {} };
    node = await startNode({ settings, store, orchestrator, logger: silentLogger, host: '127.0.0.1', port, dataDirectory, self });
    url = `http://127.0.0.1:${port}`;
  });

  after(async () => {
    await node?.stop();
    await orchestrator?.stop();
    await store?.close();
    await s.cleanup();
    rmSync(dataDirectory, { recursive: true, force: true });
  });

  it('a sync call wakes the function from zero and is answered by its container', async () => {
    const res = await fetch(`${url}/function/${app}/env`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { hostname: string };
    const pods = (await orchestrator.listTopology()).functions.find((f) => f.name === app)!.pods;
    assert.equal(pods.length, 1);
    assert.ok(pods[0]!.ready);
    assert.equal(typeof body.hostname, 'string');
  });

  it('a triggered job runs as a container and is listed Succeeded', async () => {
    const res = await fetch(`${url}/job/${job}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ Args: ['exit', '0'] }) });
    assert.equal(res.status, 202, await res.clone().text());
    const { Id } = (await res.json()) as { Id: string };
    await waitFor(async () => {
      const runs = (await (await fetch(`${url}/job/${job}`)).json()) as Array<{ Id: string; Status: string }>;
      return runs.some((r) => r.Id === Id && r.Status === 'Succeeded');
    }, 60_000, 'the run Succeeded');
  });
});
