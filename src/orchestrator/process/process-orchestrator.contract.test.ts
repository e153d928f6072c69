/** Runs the shared Orchestrator contract on the native-local ProcessOrchestrator with real child processes. */
import { runOrchestratorContract } from '../orchestrator.case.js';
import { ProcessOrchestrator } from './process-orchestrator.js';
import { MemoryPorts, functionOf, manifestOf, randomRange, tempLogsDir } from './fixtures/test-support.js';

runOrchestratorContract('ProcessOrchestrator', async () => {
  const logs = tempLogsDir();
  const fn = functionOf('contract', { annotations: { 'SlimFaas/Function': 'true', 'SlimFaas/ReplicasMin': '0' }, maxReplicas: 3 });
  const orchestrator = new ProcessOrchestrator({
    manifest: manifestOf(randomRange(10), [fn]),
    logsDir: logs.dir,
    ports: new MemoryPorts(),
    reservedPorts: [],
    output: () => undefined,
  });
  await orchestrator.start();
  return {
    orchestrator,
    functionName: 'contract',
    reachable: true,
    async cleanup() {
      await orchestrator.stop();
      logs.dispose();
    },
  };
});
