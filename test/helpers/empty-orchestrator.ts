/** An orchestrator with no function, node or job: for tests that start a node only to look at its routes and ports. */
import type { Orchestrator } from '../../src/orchestrator/orchestrator.js';

export const emptyOrchestrator: Orchestrator = {
  listTopology: async () => ({ functions: [], slimfaasNodes: [], processes: {} }),
  setReplicas: async () => {},
  listJobDefinitions: async () => [],
  createJob: async () => {},
  listJobs: async () => [],
  deleteJob: async () => false,
};
