/**
 * Runs the shared job contract on the DockerOrchestrator (host mode): the definition is a
 * labelled created container, runs are containers of the job test image, and they report to a
 * sink listening on the bridge gateway through `host.docker.internal`.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { runJobContract, startJobReportSink } from '../jobs.case.js';
import { DockerOrchestrator } from './docker-orchestrator.js';
import { bridgeGateway, createJobDefinitionContainer, openDockerSuite } from './fixtures/docker-support.js';

const suite = await openDockerSuite('jobs');

if ('skip' in suite) {
  test('DockerOrchestrator job contract', (t) => t.skip(`Docker is not available: ${suite.skip}`));
} else {
  runJobContract('DockerOrchestrator', async () => {
    const definition = `contract-job-${randomBytes(4).toString('hex')}`;
    await createJobDefinitionContainer(suite, definition);
    const sink = await startJobReportSink(await bridgeGateway(suite.docker));
    const orchestrator = new DockerOrchestrator({ namespace: suite.namespace, socketPath: suite.socketPath, hostMode: 'host', stopGraceSeconds: 2 });
    await orchestrator.start();
    return {
      orchestrator,
      definition,
      callbackUrl: `http://host.docker.internal:${sink.port}/report`,
      reports: (run) => sink.reports(run),
      async cleanup() {
        await orchestrator.stop();
        await sink.close();
        await suite.cleanup();
      },
    };
  });

  after(async () => {
    const left = await suite.docker.listContainers({ all: true, filters: { label: [`SlimFaas/Namespace=${suite.namespace}`] } });
    assert.deepEqual(left.map((c) => c.Names), [], 'no container of the suite is left');
  });
}
