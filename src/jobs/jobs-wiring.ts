/**
 * Assembles the jobs capability once per node (jobs.md): the service (catalogue, queue,
 * schedules), the leader loops on the node's runner (the dispatcher every
 * `Workers:JobsDelayMilliseconds` and at once after a trigger, the minute-aligned scheduler, the
 * one-time schedule restore), the catalogue refresh, the schedule backup, and the routes. Running
 * jobs' addresses become trusted callers.
 */
import type { IncomingMessage } from 'node:http';
import type { Store } from '../store/store.js';
import type { Orchestrator } from '../orchestrator/orchestrator.js';
import type { JobInfo } from '../orchestrator/jobs.js';
import type { FunctionRegistry } from '../functions/function-registry.js';
import type { ActivityTracker } from '../scaling/activity-tracker.js';
import type { Leadership } from '../cluster/leadership.js';
import type { LoopHandle, ReconcileRunner } from '../cluster/reconcile-runner.js';
import type { Logger } from '../logging.js';
import type { Settings } from '../config/settings.js';
import type { ExtraRoute } from '../gateway/http-server.js';
import { readyPods } from '../model/function-status.js';
import { runPeriodically } from '../util/periodic.js';
import { JobService } from './job-service.js';
import { JobDispatcher, type DependencyView } from './job-dispatcher.js';
import { JobScheduler } from './job-scheduler.js';
import { RunRecords } from './run-records.js';
import { ScheduleBackup } from './schedule-backup.js';
import { handleJob, handleJobSchedules, handleJobsStatus, type JobRouteDeps } from './routes/job-routes.js';

const PROCESS_PREFIX = 'processes:';

export interface JobsDeps {
  store: Store;
  orchestrator: Orchestrator;
  registry: FunctionRegistry;
  activity: ActivityTracker;
  leadership: Leadership;
  /** Runs the dispatcher, the scheduler and the schedule restore. */
  runner: ReconcileRunner;
  settings: Settings;
  logger: Logger;
  isInternal: (req: IncomingMessage) => boolean;
}

export interface Jobs {
  readonly routes: ExtraRoute[];
  /** The `/jobs/status` payload (also the status stream's `Jobs`). */
  status(): Promise<unknown[]>;
  /** Runs the orchestrator knows, as of the last refresh (their addresses identify job callers). */
  knownJobs(): readonly JobInfo[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createJobs(deps: JobsDeps): Jobs {
  const { registry, logger, settings } = deps;
  const service = new JobService({ store: deps.store, orchestrator: deps.orchestrator, configuration: settings.jobsConfiguration, logger });
  const dependencies: DependencyView = {
    isReady: (name) => {
      if (name.toLowerCase().startsWith(PROCESS_PREFIX)) return registry.processes[name.slice(PROCESS_PREFIX.length)] ?? true;
      const entry = registry.get(name);
      return !entry || readyPods(entry.workload).length > 0;
    },
    wake: (name) => {
      if (registry.get(name)) deps.activity.touch(name);
    },
  };
  const dispatcher = new JobDispatcher({
    service,
    orchestrator: deps.orchestrator,
    records: new RunRecords(deps.store),
    dependencies,
    logger,
  });
  const dispatchPass = async (leading: boolean) => {
    await dispatcher.cycle(leading);
    registry.setExtraTrusted('jobs', service.knownJobs.flatMap((job) => job.ips));
  };
  const scheduler = new JobScheduler(service, logger);
  const backup = settings.backup.directory ? new ScheduleBackup(settings.backup.directory, service.schedules, () => service.catalogue.definitions.keys()) : null;
  const routeDeps: JobRouteDeps = { service, isInternal: deps.isInternal };
  const stops: Array<() => void> = [];
  let restored = false;
  /** Once per process, by the leader (platform.md §1.6: after a cold start with an empty store). */
  const restoreOnce = async () => {
    if (!backup || restored) return null;
    restored = true;
    const count = await backup.restoreIfEmpty().catch((err: Error) => (logger.warn(`schedule restore failed: ${err.message}`), 0));
    if (count > 0) logger.info(`restored ${count} job schedule(s) from the backup`);
    return null;
  };
  let dispatchLoop: LoopHandle | null = null;

  const POST_GET = new Set(['POST', 'GET', 'DELETE', 'PUT', 'PATCH', 'HEAD', 'OPTIONS']);
  return {
    status: () => service.status(),
    knownJobs: () => service.knownJobs,
    routes: [
      { path: '/job', prefix: true, portFiltered: true, methods: POST_GET, handle: async (req, res, rest) => {
        await handleJob(routeDeps, req, res, rest);
        if (req.method === 'POST') dispatchLoop?.wake();
      } },
      { path: '/job-schedules', prefix: true, portFiltered: true, methods: POST_GET, handle: (req, res, rest) => handleJobSchedules(routeDeps, req, res, rest) },
      { path: '/jobs/status', portFiltered: true, methods: new Set(['GET']), handle: (req, res) => handleJobsStatus(routeDeps, req, res) },
      { path: '/status-jobs', portFiltered: true, methods: new Set(['GET']), handle: (req, res) => handleJobsStatus(routeDeps, req, res) },
    ],
    async start() {
      await service.refreshCatalogue();
      if (deps.leadership.isLeader()) await restoreOnce();
      const { runner } = deps;
      if (backup) runner.add({ name: 'schedule restore', everyMs: 2000, reconcile: restoreOnce });
      runner.add({ name: 'job scheduler', everyMs: () => scheduler.delayToNextMinute(), reconcile: () => scheduler.cycle() });
      dispatchLoop = runner.add({ name: 'job dispatcher', everyMs: settings.workers.jobsDelayMilliseconds, reconcile: () => dispatchPass(true), follow: () => dispatchPass(false) });
      stops.push(runPeriodically(() => service.refreshCatalogue(), settings.workers.jobsConfigurationDelayMilliseconds, settings.workers.jobsConfigurationDelayMilliseconds, (err) => logger.warn(`job catalogue: ${err.message}`)));
      if (backup) stops.push(runPeriodically(async () => void (await backup.backup()), settings.backup.intervalSeconds * 1000, 0, (err) => logger.warn(`schedule backup: ${err.message}`)));
    },
    async stop() {
      for (const stop of stops) stop();
    },
  };
}
