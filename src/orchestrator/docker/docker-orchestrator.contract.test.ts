/** Runs the shared Orchestrator contract on the DockerOrchestrator (host mode) with real containers of the local engine. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { waitFor } from '../../../test/helpers/wait.js';
import { runOrchestratorContract } from '../orchestrator.case.js';
import { DockerOrchestrator } from './docker-orchestrator.js';
import { openDockerSuite, startFunctionContainer } from './fixtures/docker-support.js';

const suite = await openDockerSuite('contract');

if ('skip' in suite) {
  test('DockerOrchestrator contract', (t) => t.skip(`Docker is not available: ${suite.skip}`));
} else {
  runOrchestratorContract('DockerOrchestrator', async () => {
    const app = `contract-${randomBytes(4).toString('hex')}`;
    await startFunctionContainer(suite, { app });
    const orchestrator = new DockerOrchestrator({ namespace: suite.namespace, socketPath: suite.socketPath, hostMode: 'host', stopGraceSeconds: 2 });
    await orchestrator.start();
    // As deployed by compose, then scaled to zero by SlimFaas: only the template is left.
    await orchestrator.setReplicas(app, 0);
    await waitFor(async () => {
      const fn = (await orchestrator.listTopology()).functions.find((f) => f.name === app);
      return fn?.replicas === 0 && fn.pods.length === 0;
    }, 30_000, 'the compose replica replaced by a template');
    return {
      orchestrator,
      functionName: app,
      reachable: true,
      async cleanup() {
        await orchestrator.stop();
        await suite.cleanup();
      },
    };
  });

  after(async () => {
    const left = await suite.docker.listContainers({ all: true, filters: { label: [`SlimFaas/Namespace=${suite.namespace}`] } });
    assert.deepEqual(left.map((c) => c.Names), [], 'no container of the suite is left');
  });
}
