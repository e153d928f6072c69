/** Runs the shared job contract on the native-local ProcessOrchestrator with real child processes. */
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { runJobContract } from '../jobs.case.js';
import { pidsOfChildren } from './process-orchestrator.js';
import { jobOf, startJobHarness } from './fixtures/job-support.js';

runJobContract('ProcessOrchestrator', async () => {
  const harness = await startJobHarness([jobOf('contract-job')]);
  return {
    orchestrator: harness.orch,
    definition: 'contract-job',
    // The entrypoint URL as a job sees it: rewritten to the run's gateway, which forwards to the sink.
    callbackUrl: `http://127.0.0.1:${harness.sink.port}/report`,
    reports: (run) => harness.sink.reports(run),
    cleanup: () => harness.dispose(),
  };
});

after(() => {
  assert.deepEqual(pidsOfChildren(), [], 'no job process outlives the orchestrator');
});
