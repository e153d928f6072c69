/** The shared Orchestrator contract on SupervisorOrchestrator, through a real control API over a real ProcessOrchestrator (real child processes). */
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { runOrchestratorContract } from '../orchestrator.case.js';
import { ProcessOrchestrator, pidsOfChildren } from '../process/process-orchestrator.js';
import { MemoryPorts, functionOf, manifestOf, randomRange, tempLogsDir } from '../process/fixtures/test-support.js';
import { superviseOver } from './fixtures/supervised.js';

runOrchestratorContract('SupervisorOrchestrator', async () => {
  const logs = tempLogsDir();
  const fn = functionOf('contract', { annotations: { 'SlimFaas/Function': 'true', 'SlimFaas/ReplicasMin': '0' }, maxReplicas: 3 });
  const processes = new ProcessOrchestrator({
    manifest: manifestOf(randomRange(10), [fn]),
    logsDir: logs.dir,
    ports: new MemoryPorts(),
    reservedPorts: [],
    output: () => undefined,
  });
  await processes.start();
  const supervised = await superviseOver(processes);
  return {
    orchestrator: supervised.client,
    functionName: 'contract',
    reachable: true,
    async cleanup() {
      await supervised.close();
      await processes.stop();
      logs.dispose();
    },
  };
});

after(() => {
  assert.deepEqual(pidsOfChildren(), [], 'no replica outlives the orchestrator');
});
