/** The shared job contract on SupervisorOrchestrator, through a real control API over a real ProcessOrchestrator running real job processes. */
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { runJobContract } from '../jobs.case.js';
import { pidsOfChildren } from '../process/process-orchestrator.js';
import { jobOf, startJobHarness } from '../process/fixtures/job-support.js';
import { superviseOver } from './fixtures/supervised.js';

runJobContract('SupervisorOrchestrator', async () => {
  const harness = await startJobHarness([jobOf('contract-job')]);
  const supervised = await superviseOver(harness.orch);
  return {
    orchestrator: supervised.client,
    definition: 'contract-job',
    callbackUrl: `http://127.0.0.1:${harness.sink.port}/report`,
    reports: (run) => harness.sink.reports(run),
    async cleanup() {
      await supervised.close();
      await harness.dispose();
    },
  };
});

after(() => {
  assert.deepEqual(pidsOfChildren(), [], 'no job process outlives the orchestrator');
});
