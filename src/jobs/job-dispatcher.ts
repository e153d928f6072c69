/**
 * The leader's job dispatch cycle (jobs.md §5.2, decisions 16 and the slot rule): every
 * `Workers:JobsDelayMilliseconds`, per definition, `NumberParallelJob` minus its runs that still
 * occupy a slot (a finished run frees its slot at once, whatever its TTL; `ImagePullBackOff` never
 * holds one) runs are created, oldest first, up to the first run whose dependencies are not ready
 * (head-of-line). Dependencies of queued and live runs are kept awake. Each run is recorded before
 * it is created, so a crash or restart never loses it.
 */
import type { Logger } from '../logging.js';
import type { JobInfo, JobOrchestrator, JobRunSpec } from '../orchestrator/jobs.js';
import type { JobService } from './job-service.js';
import type { QueuedRun } from './job-queue.js';
import type { RunRecords } from './run-records.js';
import { definitionOfRun } from './job-names.js';
import { msToTicks } from '../util/dotnet-ticks.js';

export interface DependencyView {
  /** Decision 16: at least one ready replica (unknown names are ready; `processes:` per local mode). */
  isReady(name: string): boolean;
  /** Refreshes the dependency's activity so the scaler wakes it. */
  wake(name: string): void;
}

export interface JobDispatcherOptions {
  service: JobService;
  orchestrator: JobOrchestrator;
  records: RunRecords;
  dependencies: DependencyView;
  logger: Logger;
  clock?: () => number;
}

const occupiesSlot = (job: JobInfo) => job.status === 'Pending' || job.status === 'Running';
const finished = (job: JobInfo) => job.status === 'Succeeded' || job.status === 'Failed';

export class JobDispatcher {
  private readonly clock: () => number;
  /** When this node began leading: runs recorded before it and unknown to the orchestrator were interrupted. */
  private leaderSince: number | null = null;

  constructor(private readonly o: JobDispatcherOptions) {
    this.clock = o.clock ?? Date.now;
  }

  /** Lists the jobs (every node); creates and reconciles them only when `leading`. */
  async cycle(leading: boolean): Promise<void> {
    const jobs = await this.o.service.refreshJobs();
    if (!leading) {
      this.leaderSince = null;
      return;
    }
    const now = this.clock();
    this.leaderSince ??= now;
    for (const job of jobs) if (!finished(job)) for (const dependency of job.dependsOn) this.o.dependencies.wake(dependency);
    await this.reconcileRecords(jobs, now);
    for (const [definitionName, definition] of this.o.service.catalogue.definitions) {
      const busy = jobs.filter((job) => definitionOfRun(job.name) === definitionName && occupiesSlot(job)).length;
      const free = definition.NumberParallelJob - busy;
      const available = await this.o.service.queue.available(definitionName, now);
      if (available.length === 0) continue;
      const ready = this.readyPrefix(available, definition.DependsOn);
      for (const run of ready.slice(0, Math.max(0, free))) await this.create(run, definition, now);
    }
  }

  /** Available runs from the oldest up to (excluding) the first with an unready dependency; all deps woken. */
  private readyPrefix(runs: QueuedRun[], fallbackDependsOn: string[] | null): QueuedRun[] {
    const ready: QueuedRun[] = [];
    let blocked = false;
    for (const run of runs) {
      const dependsOn = run.run.dependsOn ?? fallbackDependsOn ?? [];
      for (const dependency of dependsOn) this.o.dependencies.wake(dependency);
      if (blocked) continue;
      if (dependsOn.every((d) => this.o.dependencies.isReady(d))) ready.push(run);
      else blocked = true;
    }
    return ready;
  }

  private async create(run: QueuedRun, definition: { BackoffLimit: number; TtlSecondsAfterFinished: number; RestartPolicy: string }, now: number): Promise<void> {
    const spec: JobRunSpec = {
      name: run.runName,
      definition: run.definition,
      elementId: run.id,
      image: run.run.image,
      args: run.run.args,
      environment: run.run.environment,
      resources: run.run.resources,
      dependsOn: run.run.dependsOn,
      backoffLimit: definition.BackoffLimit,
      ttlSecondsAfterFinished: definition.TtlSecondsAfterFinished,
      restartPolicy: definition.RestartPolicy,
      inQueueTicks: run.inQueueTicks,
      startTicks: msToTicks(now).toString(),
    };
    try {
      await this.o.records.put(spec, now);
      await this.o.orchestrator.createJob(spec);
      await this.o.service.queue.remove(run.definition, run.id);
    } catch (err) {
      await this.o.records.remove(spec.name).catch(() => undefined);
      const stays = await this.o.service.queue.recordFailure(run, now);
      this.o.logger.warn(`creating job ${spec.name} failed (${(err as Error).message})${stays ? '; will retry' : '; dropped after 6 attempts'}`);
    }
  }

  /**
   * Finished runs are forgotten; a recorded run the orchestrator does not know was either removed
   * after it finished (recorded during this leadership) or interrupted by a restart (recorded
   * before it): the latter is created again.
   */
  private async reconcileRecords(jobs: readonly JobInfo[], now: number): Promise<void> {
    const byName = new Map(jobs.map((job) => [job.name, job]));
    for (const record of await this.o.records.all()) {
      const job = byName.get(record.spec.name);
      if (job) {
        if (finished(job)) await this.o.records.remove(record.spec.name);
        continue;
      }
      if (record.recordedAtMs >= (this.leaderSince ?? now)) {
        await this.o.records.remove(record.spec.name);
        continue;
      }
      this.o.logger.warn(`job ${record.spec.name} was interrupted by a restart: starting it again`);
      await this.o.records.put(record.spec, now);
      await this.o.orchestrator.createJob(record.spec).catch((err: Error) => this.o.logger.warn(`restarting job ${record.spec.name} failed: ${err.message}`));
    }
  }
}
