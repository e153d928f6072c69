/**
 * `slimfaas serve` with `SlimFaas:Orchestrator=Process` (a node process of `slimfaas local up`
 * with several nodes): the SupervisorOrchestrator of `SlimFaas:Process:SupervisorUrl` and
 * `SlimFaas:Process:Token`, both required in that mode (platform.md §3.10).
 */
import type { Settings } from '../../config/settings.js';
import type { Logger } from '../../logging.js';
import { SupervisorOrchestrator } from './supervisor-orchestrator.js';

export function supervisorOrchestratorFrom(settings: Settings, logger: Logger): SupervisorOrchestrator {
  const { supervisorUrl, token } = settings.process;
  if (supervisorUrl === '') {
    throw new Error('Invalid configuration SlimFaas:Process:SupervisorUrl (SlimFaas__Process__SupervisorUrl): expected an absolute http(s) URL in Process mode (got "")');
  }
  if (token === '') {
    throw new Error('Invalid configuration SlimFaas:Process:Token (SlimFaas__Process__Token): expected a non-empty token in Process mode (got "")');
  }
  return new SupervisorOrchestrator({
    url: supervisorUrl,
    token,
    namespace: settings.namespace,
    refreshIntervalMs: Math.max(1000, settings.workers.replicasSynchronizationDelayMilliseconds),
    logger,
  });
}
